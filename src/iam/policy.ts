// IAM policy documents: their types, the ARNs of one environment's resources, and a builder that
// groups grants into few, deterministic statements without ever widening one (actions are only
// merged into a statement whose resources and conditions are the same).
import {
  eventBusArn,
  glueArn,
  partitionOf,
  roleArn,
  ruleArn,
  scheduleGroupArn,
  stateMachineArn,
  type AccountContext,
} from '../planner/names.js';

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  /** Alphanumeric only (IAM's rule); says why the statement exists. */
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Record<string, string | string[]>;
  Action: string[];
  Resource?: string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** IAM's size limits (characters without white space); see "IAM and AWS STS quotas". */
export const MANAGED_POLICY_LIMIT = 6144;
export const INLINE_ROLE_POLICIES_LIMIT = 10240;

export function policySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).replace(/\s+/g, '').length;
}

/**
 * ARN builders for one account and region, in the formats of the Service Authorization Reference.
 * ARNs of resources lakeops deploys come from planner/names, so a policy names exactly what
 * deploy creates.
 */
export class Arns {
  readonly partition: string;
  private readonly ctx: AccountContext;
  constructor(
    readonly region: string,
    readonly account: string,
  ) {
    this.partition = partitionOf(region);
    this.ctx = { account, partition: this.partition, region };
  }
  private svc(service: string, rest: string, region = this.region, account = this.account): string {
    return `arn:${this.partition}:${service}:${region}:${account}:${rest}`;
  }
  glue(kind: 'job' | 'crawler' | 'workflow' | 'trigger' | 'connection', name: string): string {
    return glueArn(this.ctx, kind, name);
  }
  glueCatalog(): string {
    return this.svc('glue', 'catalog');
  }
  glueDatabase(name: string): string {
    return glueArn(this.ctx, 'database', name);
  }
  glueTable(database: string, table: string): string {
    return this.svc('glue', `table/${database}/${table}`);
  }
  stateMachine(name: string): string {
    return stateMachineArn(this.ctx, name);
  }
  /** Executions of the state machines whose names match `name` (may end in *). */
  execution(name: string, id = '*'): string {
    return this.svc('states', `execution:${name}:${id}`);
  }
  eventBus(name: string): string {
    return eventBusArn(this.ctx, name);
  }
  rule(name: string, bus = 'default'): string {
    return ruleArn(this.ctx, bus, name);
  }
  schedule(group: string, name: string): string {
    return this.svc('scheduler', `schedule/${group}/${name}`);
  }
  scheduleGroup(group: string): string {
    return scheduleGroupArn(this.ctx, group);
  }
  workgroup(name: string): string {
    return this.svc('athena', `workgroup/${name}`);
  }
  dataCatalog(name: string): string {
    return this.svc('athena', `datacatalog/${name}`);
  }
  logGroup(name: string): string {
    return this.svc('logs', `log-group:${name}`);
  }
  logStream(group: string, stream: string): string {
    return this.svc('logs', `log-group:${group}:log-stream:${stream}`);
  }
  bucket(name: string): string {
    return `arn:${this.partition}:s3:::${name}`;
  }
  object(bucket: string, key: string): string {
    return `arn:${this.partition}:s3:::${bucket}/${key}`;
  }
  role(nameOrArn: string): string {
    return roleArn(this.ctx, nameOrArn);
  }
  topic(nameOrArn: string): string {
    return nameOrArn.startsWith('arn:') ? nameOrArn : this.svc('sns', nameOrArn);
  }
  lambda(nameOrArn: string): string {
    return nameOrArn.startsWith('arn:') ? nameOrArn : this.svc('lambda', `function:${nameOrArn}`);
  }
}

/** Makes an IAM-valid Sid (alphanumeric) from words: "glue jobs" -> "GlueJobs". */
export function sid(...words: string[]): string {
  return words
    .join(' ')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * Collects Allow grants and renders them as statements. Grants with the same resources and
 * conditions share a statement (their actions are unioned); grants with different resources never
 * do, since unioning both sides would grant every action on every resource.
 */
export class PolicyBuilder {
  private readonly statements = new Map<
    string,
    { sid: string; actions: Set<string>; resources: string[]; condition?: ConditionBlock }
  >();

  allow(sidText: string, actions: Iterable<string>, resources: Iterable<string>, condition?: ConditionBlock): this {
    const res = sortedUnique(resources);
    const acts = [...actions];
    if (!acts.length || !res.length) return this;
    const cond = condition && Object.keys(condition).length ? normaliseCondition(condition) : undefined;
    const key = JSON.stringify([res, cond ?? null]);
    const existing = this.statements.get(key);
    if (existing) for (const a of acts) existing.actions.add(a);
    else this.statements.set(key, { sid: sidText, actions: new Set(acts), resources: res, condition: cond });
    return this;
  }

  get empty(): boolean {
    return this.statements.size === 0;
  }

  build(): PolicyDocument {
    // Statements with the same actions and conditions can also share one resource list (the
    // union of identical action sets over their resources widens nothing).
    const merged = new Map<
      string,
      { sid: string; actions: Set<string>; resources: string[]; condition?: ConditionBlock }
    >();
    for (const s of this.statements.values()) {
      const key = JSON.stringify([sortedUnique(s.actions), s.condition ?? null]);
      const e = merged.get(key);
      if (e) e.resources = sortedUnique([...e.resources, ...s.resources]);
      else merged.set(key, { ...s, actions: new Set(s.actions) });
    }
    const used = new Map<string, number>();
    const Statement: PolicyStatement[] = [];
    for (const s of merged.values()) {
      const n = (used.get(s.sid) ?? 0) + 1;
      used.set(s.sid, n);
      Statement.push({
        Sid: n === 1 ? s.sid : `${s.sid}${n}`,
        Effect: 'Allow',
        Action: sortedUnique(s.actions),
        Resource: s.resources,
        ...(s.condition ? { Condition: s.condition } : {}),
      });
    }
    return { Version: '2012-10-17', Statement };
  }
}

function normaliseCondition(c: ConditionBlock): ConditionBlock {
  const out: ConditionBlock = {};
  for (const op of Object.keys(c).sort()) {
    out[op] = {};
    for (const k of Object.keys(c[op]!).sort()) {
      const v = c[op]![k]!;
      out[op]![k] = Array.isArray(v) ? (v.length === 1 ? v[0]! : sortedUnique(v)) : v;
    }
  }
  return out;
}

/** A trust policy letting one AWS service assume the role for this account only (confused deputy guard). */
export function serviceTrust(service: string, account: string, sourceArns?: string[]): PolicyDocument {
  const Condition: ConditionBlock = { StringEquals: { 'aws:SourceAccount': account } };
  if (sourceArns?.length)
    Condition.ArnLike = { 'aws:SourceArn': sourceArns.length === 1 ? sourceArns[0]! : sortedUnique(sourceArns) };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid('Trust', service.split('.')[0]!),
        Effect: 'Allow',
        Principal: { Service: service },
        Action: ['sts:AssumeRole'],
        Condition,
      },
    ],
  };
}

/**
 * Flattens a policy into "Effect action resource condition" atoms, so two policies can be compared
 * grant by grant regardless of how statements are grouped.
 */
export function policyAtoms(doc: PolicyDocument): Set<string> {
  const atoms = new Set<string>();
  for (const s of doc.Statement) {
    // One condition key with several values matches any of them, so each value is its own grant.
    const ops = Object.entries(s.Condition ?? {});
    const single = ops.length === 1 && Object.keys(ops[0]![1]).length === 1;
    const conds = !s.Condition
      ? ['']
      : single
        ? [Object.entries(ops[0]![1])[0]!].flatMap(([k, v]) => [v].flat().map((x) => ` ${ops[0]![0]} ${k}=${x}`))
        : [' ' + JSON.stringify(s.Condition)];
    for (const a of s.Action)
      for (const r of s.Resource ?? ['']) for (const c of conds) atoms.add(`${s.Effect} ${a} ${r}${c}`);
  }
  return atoms;
}

/** Merges several policies into one (for a role that several logical roles share). */
export function mergePolicies(docs: { prefix: string; doc: PolicyDocument }[]): PolicyDocument {
  const b = new PolicyBuilder();
  for (const { prefix, doc } of docs)
    for (const s of doc.Statement) b.allow(sid(prefix, s.Sid), s.Action, s.Resource ?? [], s.Condition);
  return b.build();
}

/**
 * Splits a policy into documents of at most `limit` characters (IAM's managed-policy size), for a
 * role whose policy is too big to attach as one. Statements are packed in order; a statement that
 * alone is too big is split by its resources. No grant is added or lost: the union of the parts
 * allows exactly what the whole does.
 */
export function splitPolicy(doc: PolicyDocument, limit: number = MANAGED_POLICY_LIMIT): PolicyDocument[] {
  const wrap = (Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
  const pieces = (s: PolicyStatement): PolicyStatement[] => {
    const res = s.Resource ?? [];
    if (policySize(wrap([s])) <= limit || res.length < 2) return [s];
    const half = Math.ceil(res.length / 2);
    return [
      ...pieces({ ...s, Sid: `${s.Sid}A`, Resource: res.slice(0, half) }),
      ...pieces({ ...s, Sid: `${s.Sid}B`, Resource: res.slice(half) }),
    ];
  };
  const parts: PolicyStatement[][] = [[]];
  for (const s of doc.Statement)
    for (const piece of pieces(s)) {
      const cur = parts[parts.length - 1]!;
      if (cur.length && policySize(wrap([...cur, piece])) > limit) parts.push([piece]);
      else cur.push(piece);
    }
  return parts.map(wrap);
}
