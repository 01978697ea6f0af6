// Starting and following a Step Functions execution: a deterministic execution name per caller
// key (a retried CI job attaches to the execution it already started), and incremental reading
// of the execution history so each poll fetches only events it has not seen.
import { createHash } from 'node:crypto';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { AwsClients } from '../targets/aws/clients.js';

/** Step Functions execution names: 1-80 characters; [A-Za-z0-9_-] keeps CloudWatch logging working. */
const NAME_MAX = 80;

/**
 * The execution name for a run: `<pipeline>-<key>`, with characters Step Functions rejects (or
 * that break its CloudWatch log names) replaced by "-"; names over 80 characters are cut and end
 * in a hash of the full name so two long keys never collide.
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#StepFunctions-StartExecution-request-name)
 */
export function executionName(pipeline: string, key: string): string {
  const full = `${pipeline}-${key}`;
  const clean = full
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  if (clean.length <= NAME_MAX && clean === full) return clean;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  if (clean.length + 9 <= NAME_MAX) return `${clean}-${hash}`;
  return `${clean.slice(0, NAME_MAX - 9).replace(/-$/, '')}-${hash}`;
}

/** A name for runs without a caller key: the time plus randomness, still valid and sortable. */
export function adHocExecutionName(pipeline: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return executionName(pipeline, `${stamp}-${Math.random().toString(36).slice(2, 8)}`);
}

export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export interface StartedExecution {
  executionArn: string;
  startedAt: Date;
  /** True when an execution of that name already existed and is being followed instead. */
  attached: boolean;
  /** Its status when attached (RUNNING, SUCCEEDED, ...). */
  status?: string;
  inputDiffers?: boolean;
}

/**
 * Starts the execution, or attaches to the one that already has its name. StartExecution with the
 * name of a running execution and the same input returns that execution; with a closed one or
 * another input it fails with ExecutionAlreadyExists, and we follow the existing one then.
 */
export async function startOrAttach(
  clients: Pick<AwsClients, 'sfn'>,
  stateMachineArn: string,
  name: string,
  input: unknown,
): Promise<StartedExecution> {
  const inputText = JSON.stringify(input ?? {});
  const executionArn = executionArnFor(stateMachineArn, name);
  // A retried job usually finds its execution here, without a failing StartExecution call.
  const existing = await describe(clients, executionArn);
  if (!existing) {
    try {
      const r = await clients.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: inputText }));
      return { executionArn: r.executionArn ?? executionArn, startedAt: r.startDate ?? new Date(), attached: false };
    } catch (e) {
      if (!(e instanceof ExecutionAlreadyExists) && (e as Error).name !== 'ExecutionAlreadyExists') throw e;
    }
  }
  const d = existing ?? (await describe(clients, executionArn));
  if (!d) throw new Error(`execution ${executionArn} is reported to exist but cannot be described`);
  return {
    executionArn,
    startedAt: d.startDate ?? new Date(),
    attached: true,
    status: d.status,
    inputDiffers: d.input !== undefined && normaliseJson(d.input) !== normaliseJson(inputText),
  };
}

function normaliseJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

async function describe(clients: Pick<AwsClients, 'sfn'>, executionArn: string) {
  try {
    return await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (e) {
    if ((e as Error).name === 'ExecutionDoesNotExist') return undefined;
    throw e;
  }
}

/**
 * Reads an execution's history a poll at a time. The first read pages forward through the whole
 * history (nextToken, up to 1,000 events a page). Later reads page backwards from the newest event
 * (reverseOrder) and stop at the first page that reaches an event already seen, so a long
 * execution is never re-read from the start. Step Functions wants the other arguments unchanged
 * while a nextToken is in use, so each read keeps one page size throughout.
 */
export class ExecutionHistoryReader {
  lastEventId = 0;
  /** GetExecutionHistory calls made (for tests and the debug log). */
  calls = 0;

  constructor(
    private readonly clients: Pick<AwsClients, 'sfn'>,
    readonly executionArn: string,
    private readonly tailPageSize = 100,
  ) {}

  async read(): Promise<HistoryEvent[]> {
    return this.lastEventId === 0 ? this.readAll() : this.readTail();
  }

  private async readAll(): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.page({ maxResults: 1000, reverseOrder: false, nextToken });
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return this.fresh(events);
  }

  private async readTail(): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.page({ maxResults: this.tailPageSize, reverseOrder: true, nextToken });
      const got = page.events ?? [];
      events.push(...got);
      if (got.some((e) => (e.id ?? 0) <= this.lastEventId)) break;
      nextToken = page.nextToken;
    } while (nextToken);
    return this.fresh(events);
  }

  private fresh(events: HistoryEvent[]): HistoryEvent[] {
    const out = events.filter((e) => (e.id ?? 0) > this.lastEventId).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    if (out.length) this.lastEventId = out[out.length - 1]!.id ?? this.lastEventId;
    return out;
  }

  private page(args: { maxResults: number; reverseOrder: boolean; nextToken?: string }) {
    this.calls++;
    return this.clients.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: this.executionArn, includeExecutionData: true, ...args }),
    );
  }
}
