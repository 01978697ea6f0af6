// The read side's plumbing: every read goes through Reader.send, which bounds concurrency and
// counts calls per operation (plans report how many reads they took; test/aws-target/batching
// checks that Glue reads stay O(N/100) and `npm run bench -- plan` reports them). Retries on
// throttling are the SDK's (adaptive retry mode).
import pLimit, { type LimitFunction } from 'p-limit'; // bounded concurrency for parallel reads
import type { Environment } from '../../model/environment.js';
import { TAG_ENV, TAG_PIPELINE, TAG_PROJECT } from '../../model/environment.js';
import type { AccountContext } from '../../planner/names.js';
import type { ActualResource } from '../../planner/types.js';
import type { AwsClients } from './clients.js';

/** Concurrent reads per service (S3 HEADs are cheap; control-plane APIs have low rate limits). */
export const DEFAULT_READ_CONCURRENCY = 16;
const SERVICE_CONCURRENCY: Record<string, number> = { s3: 32 };

export class Reader {
  calls = 0;
  readonly byOperation: Record<string, number> = {};
  private readonly limits = new Map<string, LimitFunction>();

  constructor(
    readonly clients: AwsClients,
    readonly env: Environment,
    readonly ctx: AccountContext,
    private readonly concurrency = DEFAULT_READ_CONCURRENCY,
  ) {}

  private limitFor(service: string): LimitFunction {
    let l = this.limits.get(service);
    if (!l) this.limits.set(service, (l = pLimit(SERVICE_CONCURRENCY[service] ?? this.concurrency)));
    return l;
  }

  /** One AWS read call named `operation` ("service:Operation", e.g. "glue:BatchGetJobs"). */
  send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return this.limitFor(operation.split(':')[0]!)(() => {
      this.count(operation);
      return call();
    });
  }

  /** Counts a page fetched by one of the SDK's paginators. */
  count(operation: string): void {
    this.calls++;
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }

  /** The tags that mark this project's and environment's resources. */
  get ownershipFilter(): Record<string, string> {
    return { [TAG_PROJECT]: this.env.project, [TAG_ENV]: this.env.name };
  }

  isOwned(tags: Record<string, string> | undefined): boolean {
    return !!tags && tags[TAG_PROJECT] === this.env.project && tags[TAG_ENV] === this.env.name;
  }

  /** Names an unfiltered list may hold that could be ours (the environment's name prefix narrows them). */
  mayBeOurs(name: string): boolean {
    return name.startsWith(this.env.namePrefix);
  }
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** AWS tag lists ([{Key, Value}] / [{key, value}]) as a record. */
export function tagRecord(
  list: { Key?: string; Value?: string; key?: string; value?: string }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) {
    const k = t.Key ?? t.key;
    if (k !== undefined) out[k] = t.Value ?? t.value ?? '';
  }
  return out;
}

/** An actual resource found by name, with ownership from its tags when they were read. */
export function found(
  r: Reader,
  kind: ActualResource['kind'],
  name: string,
  spec: Record<string, unknown>,
  tags?: Record<string, string>,
  extra?: Record<string, unknown>,
): ActualResource {
  return {
    kind,
    name,
    spec,
    ...(tags ? { tags, owned: r.isOwned(tags), pipeline: tags[TAG_PIPELINE] || undefined } : {}),
    ...(extra ? { extra } : {}),
  };
}
