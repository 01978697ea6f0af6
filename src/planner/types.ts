// The planner's vocabulary: what the model wants to exist (DesiredResource), what a target read
// back (ActualResource), and the plan entry that joins them. Specs use the AWS API's own field
// names (CreateJob, CreateCrawler, CreateTrigger, ...), so desired and actual compare directly
// and apply turns a spec into a request without another mapping.
import type { FieldDiff, ResourceChange } from '../report/model.js';

export type ManagedKind = Exclude<ResourceChange['kind'], 'tag'>;

/** Order in which kinds are created/updated (deletes run in reverse). */
export const APPLY_ORDER: readonly ManagedKind[][] = [
  ['artifact'],
  ['database'],
  ['table'],
  ['job', 'crawler'],
  ['workflow'],
  ['trigger'],
  ['stateMachine'],
  ['eventBus'],
  ['rule'],
  ['scheduleGroup'],
  ['schedule'],
  ['view'],
];

/** Where a resource is defined, for messages and annotations. */
export interface Origin {
  pipeline?: string;
  logical?: string;
  /** File relative to the project root and the 1-based line of its declaration. */
  file?: string;
  line?: number;
}

export type Spec = Record<string, unknown>;

export interface DesiredResource extends Origin {
  kind: ManagedKind;
  /** Physical name; S3 key for artifacts; "<group>/<name>" for schedules; "<database>.<view>" for views. */
  name: string;
  spec: Spec;
  /** Ownership tags (lakeops:project/env/pipeline) plus user tags. */
  tags: Record<string, string>;
  /** Artifacts: the bytes to upload. */
  body?: Uint8Array;
  contentType?: string;
}

export interface ActualResource {
  kind: ManagedKind;
  name: string;
  /** The read-back definition in the same AWS field names as DesiredResource.spec. */
  spec: Spec;
  /**
   * true: carries this project's and environment's ownership marks; false: exists without them (a
   * conflict unless adopted); undefined: ownership is not tracked for the kind (artifacts).
   */
  owned?: boolean;
  /** Tags when they were read (only where needed); the pipeline tag names the owner for prune messages. */
  tags?: Record<string, string>;
  pipeline?: string;
  /** Raw fields apply may need (e.g. a crawler's State, a database's other Parameters, ARNs). */
  extra?: Record<string, unknown>;
}

export interface PlannedChange {
  change: ResourceChange;
  desired?: DesiredResource;
  actual?: ActualResource;
  /** An immutable field differs: apply deletes and re-creates the resource. */
  replace?: boolean;
  /** Only the tags differ or must be (re)applied (adoption, tag drift). */
  retag?: boolean;
  /** A delete that prune must not carry out (change.reason says why), e.g. a database holding others' tables. */
  keep?: boolean;
}

export interface Plan {
  env: string;
  changes: PlannedChange[];
  readCalls: number;
  /** Read calls per AWS operation, for benchmarks and debugging. */
  readCallsByOperation: Record<string, number>;
}

export const keyOf = (r: { kind: string; name: string }): string => `${r.kind}:${r.name}`;

export type { FieldDiff };
