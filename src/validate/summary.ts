// The per-pipeline overview `lakeops validate` prints when all is well (and puts in --json).
import type { Pipeline } from '../model/project.js';

export type Orchestration = 'step-functions' | 'glue-workflow' | 'step-functions+glue-workflow' | 'none';

export interface PipelineSummary {
  name: string;
  orchestration: Orchestration;
  jobs: number;
  crawlers: number;
  /** Workflow triggers, EventBridge rules and Scheduler schedules. */
  triggers: number;
  views: number;
  validations: number;
}

export function summarise(p: Pipeline): PipelineSummary {
  const c = p.config;
  const count = (o: object | undefined) => Object.keys(o ?? {}).length;
  const orchestration: Orchestration =
    c.stateMachine && c.workflow
      ? 'step-functions+glue-workflow'
      : c.stateMachine
        ? 'step-functions'
        : c.workflow
          ? 'glue-workflow'
          : 'none';
  return {
    name: p.name,
    orchestration,
    jobs: count(c.jobs),
    crawlers: count(c.crawlers),
    triggers: count(c.workflow?.triggers) + count(c.rules) + count(c.schedules),
    views: count(c.views),
    validations: count(c.validations),
  };
}

/** A plain aligned text table. */
export function formatSummaryTable(rows: PipelineSummary[]): string {
  const header = ['pipeline', 'orchestration', 'jobs', 'crawlers', 'triggers', 'views', 'validations'];
  const body = rows.map((r) =>
    [r.name, r.orchestration, r.jobs, r.crawlers, r.triggers, r.views, r.validations].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
