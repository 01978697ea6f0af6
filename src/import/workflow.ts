// A Glue workflow and its triggers back to `workflow:`: the reverse of the workflow part of
// planner/desired/glue.ts. Triggers name their jobs and crawlers by logical name; a trigger whose
// job or crawler is not imported cannot be expressed.
import type { WorkflowConfig, WorkflowTriggerConfig } from '../model/schema.js';
import { looksSecret, type ImportContext } from './context.js';
import type { Converted } from './glue-jobs.js';
import type { Found } from './read.js';

interface Action {
  JobName?: string;
  CrawlerName?: string;
  Arguments?: Record<string, string>;
  Timeout?: number;
}
interface Condition {
  JobName?: string;
  CrawlerName?: string;
  State?: string;
  CrawlState?: string;
}

const TYPES = new Set(['ON_DEMAND', 'SCHEDULED', 'CONDITIONAL', 'EVENT']);

/** The jobs and crawlers (physical names) a trigger starts or watches. */
export function triggerMembers(t: Found): { jobs: string[]; crawlers: string[] } {
  const s = t.actual.spec;
  const actions = (s.Actions as Action[] | undefined) ?? [];
  const conditions = ((s.Predicate as { Conditions?: Condition[] } | undefined)?.Conditions ?? []) as Condition[];
  const all = [...actions, ...conditions];
  return {
    jobs: all.map((a) => a.JobName).filter((x): x is string => !!x),
    crawlers: all.map((a) => a.CrawlerName).filter((x): x is string => !!x),
  };
}

export function convertTrigger(c: ImportContext, pipeline: string, f: Found): Converted<WorkflowTriggerConfig> {
  const s = f.actual.spec;
  const type = String(s.Type);
  if (!TYPES.has(type)) return { skip: `its type ${type} is not one lakeops deploys` };
  const ref = (a: { JobName?: string; CrawlerName?: string }): { job: string } | { crawler: string } | string => {
    if (a.JobName) {
      const job = c.logical('job', a.JobName);
      return job === undefined ? `job ${a.JobName} is not imported` : { job };
    }
    if (a.CrawlerName) {
      const crawler = c.logical('crawler', a.CrawlerName);
      return crawler === undefined ? `crawler ${a.CrawlerName} is not imported` : { crawler };
    }
    return 'it names neither a job nor a crawler';
  };
  const actions: WorkflowTriggerConfig['actions'] = [];
  for (const a of (s.Actions as Action[] | undefined) ?? []) {
    const r = ref(a);
    if (typeof r === 'string') return { skip: `an action: ${r}` };
    const args = Object.entries(a.Arguments ?? {});
    actions.push({
      ...r,
      ...(a.JobName && a.Timeout ? { timeoutMinutes: a.Timeout } : {}),
      ...(args.length
        ? {
            arguments: Object.fromEntries(
              args.map(([k, v]) => [
                k,
                c.argument(pipeline, f.logical, k, v, { kind: 'trigger', physical: f.physical }),
              ]),
            ),
          }
        : {}),
    });
  }
  if (!actions.length) return { skip: 'it has no actions' };
  const config: WorkflowTriggerConfig = {
    type: type as WorkflowTriggerConfig['type'],
    ...(s.Description ? { description: String(s.Description) } : {}),
    actions,
  };
  if (s.Schedule) config.schedule = String(s.Schedule);
  const batch = s.EventBatchingCondition as { BatchSize?: number; BatchWindow?: number } | undefined;
  if (batch?.BatchSize)
    config.batch = {
      size: batch.BatchSize,
      ...(batch.BatchWindow !== undefined && batch.BatchWindow !== 900 ? { windowSeconds: batch.BatchWindow } : {}),
    };
  const predicate = s.Predicate as { Logical?: string; Conditions?: Condition[] } | undefined;
  if (type === 'CONDITIONAL' && predicate) {
    // AND is Glue's default; validate asks for the choice to be spelled out when there are several.
    if (predicate.Logical === 'ANY') config.logical = 'ANY';
    else if ((predicate.Conditions ?? []).length > 1) config.logical = 'ALL';
    const conditions: NonNullable<WorkflowTriggerConfig['conditions']> = [];
    for (const cond of predicate.Conditions ?? []) {
      const r = ref(cond);
      if (typeof r === 'string') return { skip: `a condition: ${r}` };
      const state = (cond.JobName ? cond.State : cond.CrawlState) ?? 'SUCCEEDED';
      conditions.push({ ...r, state: state as NonNullable<WorkflowTriggerConfig['conditions']>[number]['state'] });
    }
    config.conditions = conditions;
  }
  return { config };
}

/** The workflow's own fields (triggers are added by the caller), or why it cannot be expressed. */
export function convertWorkflow(f: Found): Converted<Omit<WorkflowConfig, 'triggers'>> {
  const s = f.actual.spec;
  const out: Omit<WorkflowConfig, 'triggers'> = {};
  if (s.Description) out.description = String(s.Description);
  if (typeof s.MaxConcurrentRuns === 'number') out.maxConcurrentRuns = s.MaxConcurrentRuns;
  // lakeops' ownership marks ride in the run properties; they are not the user's.
  const props = Object.entries((s.DefaultRunProperties as Record<string, string> | undefined) ?? {}).filter(
    ([k]) => !k.startsWith('lakeops:'),
  );
  // Run properties are deployed as written (no ${Name} substitution), so a secret has no safe form.
  const secret = props.find(([k, v]) => looksSecret(k, v));
  if (secret)
    return {
      skip: `its run property ${secret[0]} looks secret, and run properties are written to pipeline.yaml as they are (move it to Secrets Manager first)`,
    };
  if (props.length) out.runProperties = Object.fromEntries(props);
  return { config: out };
}
