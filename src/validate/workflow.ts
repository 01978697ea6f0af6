// Glue workflows: triggers must form a DAG of jobs and crawlers with one starting trigger
// (ON_DEMAND, SCHEDULED or EVENT), CONDITIONAL triggers watch real nodes of the workflow with
// ANY/ALL logic and states that exist for that node kind, EVENT triggers batch, SCHEDULED ones
// have a valid cron expression.
import type { Diagnostic } from '../model/diagnostics.js';
import type { Pipeline } from '../model/project.js';
import type { JsonPath } from '../model/source-file.js';
import type { ValidationContext } from './context.js';
import { checkExpression } from './schedules.js';

// Job run states a trigger can watch vs crawler states (Glue Condition.State / CrawlState).
const JOB_STATES = ['SUCCEEDED', 'STOPPED', 'FAILED', 'TIMEOUT'];
const CRAWLER_STATES = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const START_TYPES = ['ON_DEMAND', 'SCHEDULED', 'EVENT'];

type NodeRef = { job?: string; crawler?: string };
const nodeId = (r: NodeRef) => (r.job !== undefined ? `job ${r.job}` : `crawler ${r.crawler}`);

function checkPipelineWorkflow(ctx: ValidationContext, p: Pipeline): Diagnostic[] {
  const wf = p.config.workflow;
  if (!wf) return [];
  const out: Diagnostic[] = [];
  const d = (
    path: JsonPath,
    message: string,
    rule: string,
    opts: { key?: boolean; severity?: Diagnostic['severity'] } = {},
  ) => out.push(p.source.diagnostic(['workflow', 'triggers', ...path], message, rule, opts));
  const triggers = Object.entries(wf.triggers);

  const refExists = (r: NodeRef, path: JsonPath, what: string): boolean => {
    if (r.job !== undefined && r.crawler !== undefined) {
      d(path, `${what} names both a job and a crawler; name one`, 'trigger-condition');
      return false;
    }
    if (r.job === undefined && r.crawler === undefined) {
      d(path, `${what} names no job or crawler`, 'trigger-condition');
      return false;
    }
    const [index, kind, rule] =
      r.job !== undefined ? [ctx.jobs, 'job', 'ref-job'] : [ctx.crawlers, 'crawler', 'ref-crawler'];
    const name = (r.job ?? r.crawler)!;
    if (index.has(name)) return true;
    d(
      [...path, kind],
      `${what} names ${kind} "${name}", which no pipeline declares (known: ${[...index.keys()].sort().join(', ') || '(none)'})`,
      rule,
    );
    return false;
  };

  // Nodes the workflow starts (the targets of its triggers' actions).
  const started = new Set<string>();
  for (const [name, t] of triggers)
    t.actions.forEach((a, i) => {
      if (refExists(a, [name, 'actions', i], `trigger ${name} action`)) started.add(nodeId(a));
      // Glue's Action.Timeout is the job run's timeout: a crawl has none.
      if (a.timeoutMinutes !== undefined && a.crawler !== undefined)
        d(
          [name, 'actions', i, 'timeoutMinutes'],
          `trigger ${name} action starts crawler ${a.crawler}: timeoutMinutes applies to job actions only (Glue Action.Timeout is the job run's timeout)`,
          'trigger-action',
        );
    });

  const starts = triggers.filter(([, t]) => START_TYPES.includes(t.type));
  if (starts.length === 0)
    out.push(
      p.source.diagnostic(
        ['workflow', 'triggers'],
        `workflow has no starting trigger; add one ON_DEMAND, SCHEDULED or EVENT trigger`,
        'trigger-start',
        { key: true },
      ),
    );
  if (starts.length > 1)
    for (const [name] of starts.slice(1))
      d(
        [name, 'type'],
        `workflow has ${starts.length} starting triggers (${starts.map(([n]) => n).join(', ')}); a Glue workflow has exactly one, make the others CONDITIONAL`,
        'trigger-start',
      );

  const edges = new Map<string, { to: string; trigger: string }[]>();
  for (const [name, t] of triggers) {
    const conditions = t.conditions ?? [];
    if (t.type === 'CONDITIONAL') {
      if (conditions.length === 0)
        d(
          [name],
          `CONDITIONAL trigger ${name} needs conditions: naming the jobs/crawlers it waits for`,
          'trigger-condition',
          { key: true },
        );
      if (conditions.length > 1 && !t.logical)
        d(
          [name],
          `trigger ${name} watches ${conditions.length} nodes: say logical: ANY or logical: ALL`,
          'trigger-condition',
          { key: true },
        );
      conditions.forEach((c, i) => {
        const path = [name, 'conditions', i];
        if (!refExists(c, path, `trigger ${name} condition`)) return;
        const id = nodeId(c);
        const states = c.job !== undefined ? JOB_STATES : CRAWLER_STATES;
        if (!states.includes(c.state))
          d(
            [...path, 'state'],
            `trigger ${name}: a ${c.job !== undefined ? 'job' : 'crawler'} cannot end in state ${c.state}; use one of ${states.join(', ')}`,
            'trigger-condition',
          );
        if (!started.has(id))
          d(
            path,
            `trigger ${name} waits for ${id}, which no trigger of this workflow starts, so it would never fire`,
            'trigger-condition',
          );
        for (const a of t.actions) {
          if (a.job === undefined && a.crawler === undefined) continue;
          const list = edges.get(id) ?? [];
          list.push({ to: nodeId(a), trigger: name });
          edges.set(id, list);
        }
      });
    } else {
      if (t.conditions)
        d(
          [name, 'conditions'],
          `only CONDITIONAL triggers have conditions; ${t.type} trigger ${name} cannot`,
          'trigger-condition',
        );
      if (t.logical)
        d([name, 'logical'], `logical: applies to CONDITIONAL triggers only`, 'trigger-condition', {
          severity: 'warning',
        });
    }
    if (t.type === 'SCHEDULED') {
      if (!t.schedule) d([name], `SCHEDULED trigger ${name} needs schedule: cron(...)`, 'cron', { key: true });
      else
        out.push(
          ...checkExpression(p, ['workflow', 'triggers', name, 'schedule'], t.schedule, ['cron'], `trigger ${name}`),
        );
    } else if (t.schedule)
      d([name, 'schedule'], `only SCHEDULED triggers have a schedule; trigger ${name} is ${t.type}`, 'cron');
    if (t.type === 'EVENT' && !t.batch)
      d(
        [name],
        `EVENT trigger ${name} needs batch: { size: N, windowSeconds: S } (how many events start one run)`,
        'trigger-batch',
        { key: true },
      );
    if (t.type !== 'EVENT' && t.batch)
      d([name, 'batch'], `only EVENT triggers batch events; trigger ${name} is ${t.type}`, 'trigger-batch');
  }

  // Cycles: node -> trigger -> node ... back to itself. Glue workflows must be acyclic.
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: { node: string; trigger?: string }[] = [];
  const reported = new Set<string>();
  const visit = (node: string) => {
    state.set(node, 'visiting');
    for (const e of edges.get(node) ?? []) {
      if (state.get(e.to) === 'visiting') {
        // stack[i].trigger is the trigger that led into stack[i].node; the cycle runs from e.to
        // (on the stack) to the current node and back through e.trigger.
        const nodes = stack.slice(stack.findIndex((s) => s.node === e.to));
        const key = nodes
          .map((c) => c.node)
          .sort()
          .join('|');
        if (reported.has(key)) continue;
        reported.add(key);
        const text =
          nodes.map((c, i) => `${c.node} → (trigger ${nodes[i + 1]?.trigger ?? e.trigger})`).join(' → ') + ` → ${e.to}`;
        d([e.trigger], `trigger cycle: ${text}; Glue workflow triggers must form a DAG`, 'trigger-cycle', {
          key: true,
        });
      } else if (!state.has(e.to)) {
        stack.push({ node: e.to, trigger: e.trigger });
        visit(e.to);
        stack.pop();
      }
    }
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort())
    if (!state.has(node)) {
      stack.push({ node });
      visit(node);
      stack.pop();
    }
  return out;
}

export function checkWorkflows(ctx: ValidationContext): Diagnostic[] {
  return ctx.project.pipelines.flatMap((p) => checkPipelineWorkflow(ctx, p));
}
