// Mermaid flowcharts of a pipeline: the Step Functions states (from the ASL definition) or the Glue
// workflow's triggers, jobs and crawlers, with the events that start it. Given a RunResult, each
// node is coloured by its step status, so a PR comment shows at a glance where a run stopped.
// GitHub renders ```mermaid blocks in comments, issues and job summaries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../model/diagnostics.js';
import type { Pipeline, Project } from '../model/project.js';
import type { RunResult, StepStatus } from './model.js';

/** Node classes are the step statuses; states a run never reached are drawn as "skipped". */
export type NodeClass = StepStatus;

const CLASS_DEFS: Record<NodeClass, string> = {
  succeeded: 'fill:#dafbe1,stroke:#1a7f37,color:#0d4321',
  failed: 'fill:#ffebe9,stroke:#cf222e,color:#82071e,stroke-width:2px',
  caught: 'fill:#fff8c5,stroke:#9a6700,color:#4d2d00',
  running: 'fill:#ddf4ff,stroke:#0969da,color:#0a3069',
  skipped: 'fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray:4 3',
  cancelled: 'fill:#f6f8fa,stroke:#57606a,color:#24292f',
  timed_out: 'fill:#ffebe9,stroke:#cf222e,color:#82071e',
};

/** A transition to a state that does not exist (a broken `Next`): drawn, marked, never dropped. */
const BROKEN_CLASS = 'broken';
const BROKEN_DEF = 'fill:#fff1e5,stroke:#bc4c00,color:#762c00,stroke-width:2px,stroke-dasharray:6 3';

export interface GraphOptions {
  /** Colour nodes by this run's step statuses; nodes the run did not reach are drawn as skipped. */
  run?: RunResult;
  /** Top-down (default) or left-right. */
  direction?: 'TD' | 'LR';
}

/** Status per step name; a step that ran more than once (a poll loop) keeps its last status. */
export function statusByStep(run: RunResult | undefined): Map<string, StepStatus> {
  const m = new Map<string, StepStatus>();
  for (const s of run?.steps ?? []) m.set(s.name, s.status);
  return m;
}

/**
 * Mermaid quoted label: quotes and angle brackets become entity codes Mermaid understands, and a
 * newline becomes a line break.
 */
export function label(text: string): string {
  const escaped = text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\r?\n/g, '<br/>');
  return `"${escaped}"`;
}

/** Builds node ids that are valid Mermaid identifiers and unique within one chart. */
class Ids {
  private readonly byKey = new Map<string, string>();
  private n = 0;
  id(key: string): string {
    let id = this.byKey.get(key);
    if (!id) {
      id = `n${this.n++}`;
      this.byKey.set(key, id);
    }
    return id;
  }
}

class Chart {
  readonly lines: string[] = [];
  readonly classes = new Map<NodeClass, string[]>();
  readonly broken: string[] = [];
  readonly ids = new Ids();

  constructor(
    readonly statuses: Map<string, StepStatus>,
    readonly hasRun: boolean,
  ) {}

  /** Declares a node that stands for a step (state or workflow node) and records its class. */
  step(key: string, name: string, shape: (l: string) => string, indent = '  '): string {
    const id = this.ids.id(key);
    this.lines.push(`${indent}${id}${shape(label(name))}`);
    registerClass(this, id, name);
    return id;
  }

  node(key: string, text: string, shape: (l: string) => string, indent = '  '): string {
    const id = this.ids.id(key);
    this.lines.push(`${indent}${id}${shape(label(text))}`);
    return id;
  }

  edge(from: string, to: string, text?: string, dotted = false, indent = '  '): void {
    const arrow = dotted ? '-.->' : '-->';
    this.lines.push(`${indent}${from} ${arrow}${text ? `|${label(text)}|` : ''} ${to}`);
  }

  render(direction: 'TD' | 'LR'): string {
    const out = [`flowchart ${direction}`, ...this.lines];
    for (const [cls, ids] of this.classes) {
      out.push(`  classDef ${cls} ${CLASS_DEFS[cls]}`);
      out.push(`  class ${ids.join(',')} ${cls}`);
    }
    if (this.broken.length) {
      out.push(`  classDef ${BROKEN_CLASS} ${BROKEN_DEF}`);
      out.push(`  class ${this.broken.join(',')} ${BROKEN_CLASS}`);
    }
    return out.join('\n');
  }
}

const shapes = {
  box: (l: string) => `[${l}]`,
  round: (l: string) => `(${l})`,
  stadium: (l: string) => `([${l}])`,
  diamond: (l: string) => `{${l}}`,
  hexagon: (l: string) => `{{${l}}}`,
  cylinder: (l: string) => `[(${l})]`,
  circle: (l: string) => `((${l}))`,
  flag: (l: string) => `>${l}]`,
  subroutine: (l: string) => `[[${l}]]`,
};

interface AslState {
  Type?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Resource?: string;
  Choices?: { Next?: string; Variable?: string; Condition?: string }[];
  Catch?: { ErrorEquals?: string[]; Next?: string }[];
  Branches?: AslMachine[];
  Iterator?: AslMachine;
  ItemProcessor?: AslMachine;
}
interface AslMachine {
  StartAt?: string;
  States?: Record<string, AslState>;
}

/** The service action of a Task resource, e.g. "glue:startJobRun.sync" or a Lambda ARN's name. */
function taskAction(resource: string | undefined): string | undefined {
  if (!resource) return undefined;
  const m = /^arn:[^:]+:states:::(?:aws-sdk:)?(.+)$/.exec(resource);
  if (m) return m[1];
  return resource.split(':').slice(-1)[0];
}

function choiceLabel(c: { Variable?: string; Condition?: string }, i: number): string {
  const text = c.Variable ?? c.Condition ?? `rule ${i + 1}`;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Draws one state machine (or a Parallel branch / Map iterator) and returns its entry node id. */
function drawMachine(
  chart: Chart,
  machine: AslMachine,
  scope: string,
  endId: string | undefined,
  failId: string,
  indent: string,
): string {
  const states = machine.States ?? {};
  const key = (name: string) => `${scope}/${name}`;
  // Declare every node first so edges can point forward.
  const ids = new Map<string, string>();
  for (const [name, st] of Object.entries(states)) {
    if (st.Type === 'Parallel' || st.Type === 'Map') continue;
    const action = st.Type === 'Task' ? taskAction(st.Resource) : undefined;
    const text = action ? `${name}\n${action}` : name;
    const shape =
      st.Type === 'Choice'
        ? shapes.diamond
        : st.Type === 'Succeed' || st.Type === 'Fail'
          ? shapes.stadium
          : st.Type === 'Wait'
            ? shapes.round
            : shapes.box;
    const id = chart.ids.id(key(name));
    chart.lines.push(`${indent}${id}${shape(label(text))}`);
    registerClass(chart, id, name);
    ids.set(name, id);
  }
  for (const [name, st] of Object.entries(states)) {
    if (st.Type !== 'Parallel' && st.Type !== 'Map') continue;
    const id = chart.ids.id(key(name));
    ids.set(name, id);
    chart.lines.push(`${indent}subgraph ${id}[${label(`${name} (${st.Type})`)}]`);
    registerClass(chart, id, name);
    const inner = st.Type === 'Parallel' ? (st.Branches ?? []) : [st.ItemProcessor ?? st.Iterator ?? {}];
    // Branch states are drawn inside the subgraph; the subgraph itself is the edge end point.
    inner.forEach((branch, i) => drawMachine(chart, branch, `${key(name)}#${i}`, undefined, failId, indent + '  '));
    chart.lines.push(`${indent}end`);
  }
  // A transition names a state that does not exist: draw it as a marked node so the chart shows
  // the mistake (validate reports it too) instead of silently leaving the edge out.
  const missing = (name: string) => {
    const k = `missing:${key(name)}`;
    const known = chart.ids.id(k);
    if (!chart.broken.includes(known)) {
      chart.node(k, `⚠ missing state\n${name}`, shapes.hexagon, indent);
      chart.broken.push(known);
    }
    return known;
  };
  const target = (name: string | undefined) => (name ? (ids.get(name) ?? missing(name)) : undefined);
  for (const [name, st] of Object.entries(states)) {
    const from = ids.get(name)!;
    if (st.Type === 'Choice') {
      (st.Choices ?? []).forEach((c, i) => {
        const to = target(c.Next);
        if (to) chart.edge(from, to, choiceLabel(c, i), false, indent);
      });
      const d = target(st.Default);
      if (d) chart.edge(from, d, 'default', false, indent);
    } else if (st.Type === 'Succeed') {
      if (endId) chart.edge(from, endId, undefined, false, indent);
    } else if (st.Type === 'Fail') {
      chart.edge(from, failId, undefined, false, indent);
    } else {
      const to = st.End ? endId : target(st.Next);
      if (to) chart.edge(from, to, undefined, false, indent);
    }
    for (const c of st.Catch ?? []) {
      const to = target(c.Next);
      if (to) chart.edge(from, to, `catch ${(c.ErrorEquals ?? []).join(', ')}`, true, indent);
    }
  }
  const start = target(machine.StartAt);
  if (!start) throw new ConfigError(`state machine ${scope}: StartAt "${machine.StartAt ?? ''}" names no state`);
  return start;
}

function registerClass(chart: Chart, id: string, name: string): void {
  const status = chart.statuses.get(name);
  const cls: NodeClass | undefined = status ?? (chart.hasRun ? 'skipped' : undefined);
  if (!cls) return;
  const list = chart.classes.get(cls) ?? [];
  list.push(id);
  chart.classes.set(cls, list);
}

/** Event sources (rules and schedules) that start `target`, drawn as flag nodes pointing at `entry`. */
function drawStarters(chart: Chart, pipeline: Pipeline, target: 'stateMachine' | 'workflow', entry: string): void {
  for (const [name, r] of Object.entries(pipeline.config.rules ?? {})) {
    if (r.target !== target) continue;
    const what = r.schedule ? `rule ${name}\n${r.schedule}` : `rule ${name}\nevent pattern`;
    chart.edge(chart.node(`rule/${name}`, what, shapes.flag), entry);
  }
  for (const [name, s] of Object.entries(pipeline.config.schedules ?? {})) {
    if (s.target !== target) continue;
    chart.edge(chart.node(`schedule/${name}`, `schedule ${name}\n${s.expression}`, shapes.flag), entry);
  }
}

/** Mermaid text for an ASL definition. */
export function aslMermaid(definition: unknown, pipeline: Pipeline | undefined, opts: GraphOptions = {}): string {
  const chart = new Chart(statusByStep(opts.run), Boolean(opts.run));
  const machine = definition as AslMachine;
  if (!machine || typeof machine !== 'object' || typeof machine.States !== 'object')
    throw new ConfigError('not an ASL definition: it has no "States" object');
  const startId = chart.node('#start', 'start', shapes.circle);
  const endId = chart.node('#end', 'end', shapes.circle);
  const failId = chart.node('#fail', 'failed', shapes.circle);
  const entry = drawMachine(chart, machine, '', endId, failId, '  ');
  chart.edge(startId, entry);
  if (pipeline) drawStarters(chart, pipeline, 'stateMachine', startId);
  // Drop the failed terminal when nothing leads to it, to keep small charts small.
  if (!chart.lines.some((l) => l.endsWith(` ${failId}`))) {
    const i = chart.lines.findIndex((l) => l.trimStart().startsWith(`${failId}(`));
    if (i >= 0) chart.lines.splice(i, 1);
  }
  return chart.render(opts.direction ?? 'TD');
}

/** Mermaid text for a pipeline's Glue workflow: triggers, the jobs and crawlers they start and watch. */
export function workflowMermaid(pipeline: Pipeline, opts: GraphOptions = {}): string {
  const wf = pipeline.config.workflow;
  if (!wf) throw new ConfigError(`pipeline "${pipeline.name}" has no workflow`);
  const chart = new Chart(statusByStep(opts.run), Boolean(opts.run));
  const nodeId = (ref: { job?: string; crawler?: string }): string =>
    ref.job ? chart.ids.id(`job/${ref.job}`) : chart.ids.id(`crawler/${ref.crawler ?? ''}`);
  const declared = new Set<string>();
  const declare = (ref: { job?: string; crawler?: string }) => {
    const key = ref.job ? `job/${ref.job}` : `crawler/${ref.crawler}`;
    if (declared.has(key)) return;
    declared.add(key);
    if (ref.job) chart.step(key, ref.job, shapes.box);
    else chart.step(key, ref.crawler ?? '', shapes.cylinder);
  };
  for (const t of Object.values(wf.triggers)) {
    for (const a of t.actions) declare(a);
    for (const c of t.conditions ?? []) declare(c);
  }
  for (const [name, t] of Object.entries(wf.triggers)) {
    const detail =
      t.type === 'SCHEDULED'
        ? (t.schedule ?? 'scheduled')
        : t.type === 'EVENT'
          ? `event${t.batch ? `, batch ${t.batch.size}${t.batch.windowSeconds ? ` / ${t.batch.windowSeconds}s` : ''}` : ''}`
          : t.type === 'CONDITIONAL'
            ? `${t.logical ?? 'ALL'} of ${(t.conditions ?? []).length}`
            : 'on demand';
    const tid = chart.step(`trigger/${name}`, `${name}\n${detail}`, shapes.hexagon);
    // A trigger's status is reported under its bare name; map it onto the labelled node.
    const st = chart.statuses.get(name);
    if (st) reclass(chart, tid, st);
    for (const c of t.conditions ?? []) chart.edge(nodeId(c), tid, c.state.toLowerCase());
    for (const a of t.actions) chart.edge(tid, nodeId(a));
    if (t.type === 'EVENT') drawStarters(chart, pipeline, 'workflow', tid);
    if (t.type === 'ON_DEMAND' || t.type === 'SCHEDULED') chart.edge(chart.node('#start', 'start', shapes.circle), tid);
  }
  return chart.render(opts.direction ?? 'TD');
}

function reclass(chart: Chart, id: string, status: StepStatus): void {
  for (const [cls, ids] of chart.classes) {
    const i = ids.indexOf(id);
    if (i >= 0) ids.splice(i, 1);
    if (!ids.length) chart.classes.delete(cls);
  }
  const list = chart.classes.get(status) ?? [];
  list.push(id);
  chart.classes.set(status, list);
}

/** Reads and parses a pipeline's ASL file. */
export function readDefinition(project: Project, pipeline: Pipeline): unknown {
  const file = pipeline.definitionFile!;
  let text: string;
  try {
    text = readFileSync(join(project.root, file), 'utf8');
  } catch (e) {
    throw new ConfigError(
      `${file}: cannot read the state machine definition of "${pipeline.name}": ${(e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message}); run "lakeops validate" for the position`);
  }
}

/**
 * The pipeline's chart: its state machine when it has one (or when the run was of the state
 * machine), otherwise its Glue workflow.
 */
export function pipelineMermaid(project: Project, pipeline: Pipeline, opts: GraphOptions = {}): string {
  const useWorkflow = opts.run ? opts.run.orchestration === 'workflow' : !pipeline.definitionFile;
  if (!useWorkflow && pipeline.definitionFile) return aslMermaid(readDefinition(project, pipeline), pipeline, opts);
  if (pipeline.config.workflow) return workflowMermaid(pipeline, opts);
  throw new ConfigError(`pipeline "${pipeline.name}" has neither a stateMachine nor a workflow to draw`);
}

/** A fenced block GitHub renders as a diagram. */
export function mermaidBlock(chart: string): string {
  return '```mermaid\n' + chart + '\n```';
}
