// Links from a deploy's changes to the AWS console page of each resource, and the Markdown list the
// deploy job writes: what was applied, each with its console link, and a link to the plan that was
// reviewed. The console's page addresses are its own (not an API): they are built from the
// resource kind, region and physical name, and fall back to the service's list page when a
// resource needs more than its name (a state machine's ARN needs the account id).
import { codeSpan, escapeInline } from '../report/markdown.js';
import type { DeployResult, ResourceChange } from '../report/model.js';

export interface ConsoleOptions {
  region: string;
  /** Needed for state machine pages (they are addressed by ARN). */
  account?: string;
  /** AWS partition: aws (default), aws-cn, aws-us-gov. */
  partition?: string;
}

function consoleHost(region: string, partition = 'aws'): string {
  if (partition === 'aws-cn') return `https://${region}.console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

const enc = encodeURIComponent;

/** The console page of one resource, or undefined for kinds without one (tags, artifacts in no bucket). */
export function consoleUrl(change: Pick<ResourceChange, 'kind' | 'name'>, o: ConsoleOptions): string | undefined {
  const host = consoleHost(o.region, o.partition);
  const q = `?region=${enc(o.region)}`;
  const n = change.name;
  switch (change.kind) {
    case 'job':
      return `${host}/gluestudio/home${q}#/editor/job/${enc(n)}/details`;
    case 'crawler':
      return `${host}/glue/home${q}#/v2/data-catalog/crawlers/view/${enc(n)}`;
    case 'workflow':
      return `${host}/glue/home${q}#/v2/etl-configuration/workflows/view/${enc(n)}`;
    case 'trigger':
      return `${host}/glue/home${q}#/v2/etl-configuration/triggers/view/${enc(n)}`;
    case 'database':
      return `${host}/glue/home${q}#/v2/data-catalog/databases/view/${enc(n)}`;
    case 'table':
    case 'view': {
      const [db, table] = n.includes('.') ? [n.slice(0, n.indexOf('.')), n.slice(n.indexOf('.') + 1)] : ['', n];
      return `${host}/glue/home${q}#/v2/data-catalog/tables/view/${enc(table)}?database=${enc(db)}`;
    }
    case 'stateMachine':
      return o.account
        ? `${host}/states/home${q}#/statemachines/view/${enc(`arn:${o.partition ?? 'aws'}:states:${o.region}:${o.account}:stateMachine:${n}`)}`
        : `${host}/states/home${q}#/statemachines`;
    case 'rule':
      return `${host}/events/home${q}#/rules/${enc(n)}`;
    case 'eventBus':
      return `${host}/events/home${q}#/eventbus/${enc(n)}`;
    case 'schedule':
      return `${host}/scheduler/home${q}#schedules`;
    case 'scheduleGroup':
      return `${host}/scheduler/home${q}#schedule-groups`;
    case 'artifact': {
      const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(n);
      return m ? `https://s3.console.aws.amazon.com/s3/object/${enc(m[1]!)}${q}&prefix=${enc(m[2]!)}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The deploy summary's list of applied changes with console links, and the reviewed plan's link. */
export function appliedMarkdown(d: DeployResult, o: ConsoleOptions & { planUrl?: string }): string {
  const lines = ['## Applied', ''];
  if (o.planUrl) lines.push(`The plan that was reviewed: [plan](${o.planUrl})`, '');
  if (!d.applied.length) return [...lines, 'Nothing to apply.'].join('\n') + '\n';
  for (const c of d.applied) {
    const url = d.target === 'aws' ? consoleUrl(c, o) : undefined;
    const name = url ? `[${codeSpan(c.name)}](${url})` : codeSpan(c.name);
    lines.push(`- ${c.action} ${c.kind} ${name}${c.pipeline ? ` (${escapeInline(c.pipeline)})` : ''}`);
  }
  return lines.join('\n') + '\n';
}
