// What each part of the model touches, in physical terms: the S3 locations a job or crawler reads
// and writes, the catalog tables it uses, and where a catalog table's data lives. The policies in
// src/iam/policies.ts are built from these, so a pipeline's roles follow its definitions.
import type { Diagnostic } from '../model/diagnostics.js';
import { jsonStringEscape, substitute, substitutionsFor, type Environment } from '../model/environment.js';
import type { Job, Pipeline, Project } from '../model/project.js';
import type { JsonPath } from '../model/source-file.js';
import type { CrawlerConfig } from '../model/schema.js';
import { Arns } from './policy.js';

/** An S3 location: every object under `prefix` (ends with "/" or is ""), or one object `key`. */
export type S3Location = { bucket: string; prefix: string } | { bucket: string; key: string };

export interface TableRef {
  /** Physical database name. */
  database: string;
  /** Table name, or a name prefix ending in "*". */
  table: string;
}

export interface DataAccess {
  read: S3Location[];
  write: S3Location[];
  tablesRead: TableRef[];
  /** Tables (or table name patterns) created or updated, e.g. by a crawler. */
  tablesWrite: TableRef[];
}

export interface IamContext {
  project: Project;
  env: Environment;
  arns: Arns;
  diagnostics: Diagnostic[];
  /** ${Name} values per pipeline in this environment. */
  substitutions: Map<Pipeline, Map<string, { value: string }>>;
}

export function createContext(project: Project, env: Environment, account: string): IamContext {
  return { project, env, arns: new Arns(env.region, account), diagnostics: [], substitutions: new Map() };
}

/** Resolves ${Name} substitutions in a pipeline value; unresolved names become error diagnostics. */
export function resolveText(
  ctx: IamContext,
  p: Pipeline,
  path: JsonPath,
  text: string,
  escape?: (v: string) => string,
): string {
  let subs = ctx.substitutions.get(p);
  if (!subs) {
    subs = substitutionsFor(ctx.project, ctx.env, p, ctx.arns.account);
    ctx.substitutions.set(p, subs);
  }
  const r = substitute(text, subs, escape);
  for (const u of r.unresolved)
    ctx.diagnostics.push(
      p.source.diagnostic(
        path,
        `\${${u.name}} has no value in environment "${ctx.env.name}"; declare it (a job, crawler, database, bucket alias or variable) so the policy can name the resource`,
        'iam-substitution',
      ),
    );
  return r.text;
}

/** Parses s3://bucket/key into a location; the part from the first run-time placeholder on is a wildcard. */
export function parseLocation(uri: string): S3Location | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) return undefined;
  const bucket = m[1]!;
  let key = m[2]!;
  const cut = key.search(/\$\{|\*|<|\{/);
  if (cut >= 0) return { bucket, prefix: key.slice(0, cut) };
  if (key === '' || key.endsWith('/')) return { bucket, prefix: key };
  // A last segment with an extension names one file; anything else is a folder.
  const last = key.slice(key.lastIndexOf('/') + 1);
  if (/\.[A-Za-z0-9]{1,8}$/.test(last)) return { bucket, key };
  key += '/';
  return { bucket, prefix: key };
}

export function locationUri(l: S3Location): string {
  return 'key' in l ? `s3://${l.bucket}/${l.key}` : `s3://${l.bucket}/${l.prefix}`;
}

function pipelineLocation(ctx: IamContext, p: Pipeline, path: JsonPath, uri: string): S3Location | undefined {
  const text = resolveText(ctx, p, path, uri);
  if (/\$\{(?!input\.)/.test(text)) return undefined; // reported by resolveText
  const loc = parseLocation(text);
  if (!loc)
    ctx.diagnostics.push(
      p.source.diagnostic(path, `not an S3 URI: ${text} (expected s3://bucket/prefix/)`, 'iam-s3-uri'),
    );
  return loc;
}

/** "database.table" (logical database) -> physical reference. */
export function tableRef(ctx: IamContext, ref: string): TableRef | undefined {
  const dot = ref.indexOf('.');
  if (dot <= 0) return undefined;
  // An external table may have another physical name (external.tables.<db.table>.name).
  const ext = ctx.env.externalOf('table', ref);
  return { database: ctx.env.physicalName('database', ref.slice(0, dot)), table: ext?.name ?? ref.slice(dot + 1) };
}

/** The table names a crawler writes: its prefix plus any name (crawlers name tables after folders). */
export function crawlerTables(ctx: IamContext, c: CrawlerConfig): TableRef {
  return { database: ctx.env.physicalName('database', c.database), table: `${c.tablePrefix ?? ''}*` };
}

/** Where the data of a catalog table lives, when the model says: a job output feeding it, or a crawler target. */
export function tableLocations(ctx: IamContext, ref: TableRef): S3Location[] {
  const out: S3Location[] = [];
  // An external table's data is where lakeops.yaml says (external.tables.<t>.location).
  for (const e of ctx.env.external.values()) {
    if (e.kind !== 'table' || !e.location) continue;
    const t = tableRef(ctx, e.logical);
    const loc = t && t.database === ref.database && t.table === ref.table ? parseLocation(e.location) : undefined;
    if (loc) out.push(loc);
  }
  for (const p of ctx.project.pipelines) {
    for (const job of p.jobs)
      for (const [i, o] of job.outputs.entries()) {
        const t = o.table ? tableRef(ctx, o.table) : undefined;
        if (t && t.database === ref.database && t.table === ref.table) {
          const loc = pipelineLocation(
            ctx,
            p,
            [...job.path, job.config.outputs ? 'outputs' : 'output', ...(job.config.outputs ? [i] : []), 'path'],
            o.path,
          );
          if (loc) out.push(loc);
        }
      }
    // A table declared under tables: keeps its data at its location.
    for (const t of p.tables)
      if (ctx.env.physicalName('database', t.database) === ref.database && t.name === ref.table) {
        const loc = pipelineLocation(ctx, p, [...t.path, 'location'], t.config.location);
        if (loc) out.push(loc);
      }
    for (const [name, c] of Object.entries(p.config.crawlers ?? {})) {
      if (ctx.env.physicalName('database', c.database) !== ref.database) continue;
      for (const [i, t] of c.targets.entries()) {
        const loc = pipelineLocation(ctx, p, ['crawlers', name, 'targets', i, 'path'], t.path);
        if (!loc) continue;
        // A crawler names each target folder's table after the folder (plus its table prefix).
        const folder = ('prefix' in loc ? loc.prefix : loc.key).replace(/\/$/, '').split('/').pop() ?? '';
        const tableName = `${c.tablePrefix ?? ''}${folder}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
        if (tableName === ref.table.toLowerCase()) out.push(loc);
      }
    }
  }
  return out;
}

/** The S3 locations named in a job's arguments, split by whether the argument writes. */
function argumentLocations(ctx: IamContext, p: Pipeline, job: Job): { read: S3Location[]; write: S3Location[] } {
  const read: S3Location[] = [];
  const write: S3Location[] = [];
  const args: [string, string, JsonPath][] = [
    ...Object.entries(job.config.arguments ?? {}).map(([k, v]): [string, string, JsonPath] => [
      k,
      v,
      [...job.path, 'arguments', k],
    ]),
    ...Object.entries(job.config.glue?.extraArguments ?? {}).map(([k, v]): [string, string, JsonPath] => [
      k,
      v,
      [...job.path, 'glue', 'extraArguments', k],
    ]),
  ];
  for (const [name, value, path] of args) {
    if (!/^s3:\/\//.test(value.trim())) continue;
    const loc = pipelineLocation(ctx, p, path, value.trim());
    if (!loc) continue;
    // Glue's own temp and Spark UI folders, and arguments named like outputs, are written to;
    // any other S3 argument is only read (declare outputs so the role may write them).
    if (
      /^--(TempDir|spark-event-logs-path)$/.test(name) ||
      /(^|[-_])(out|output|target|dest|destination|temp|tmp)([-_]|$)/i.test(name.replace(/^--/, ''))
    )
      write.push(loc);
    else read.push(loc);
  }
  return { read, write };
}

/** Everything one job's Glue role needs on S3 and the catalog. */
export function jobAccess(ctx: IamContext, p: Pipeline, job: Job): DataAccess {
  const acc: DataAccess = { read: [], write: [], tablesRead: [], tablesWrite: [] };
  for (const [i, input] of (job.config.inputs ?? []).entries()) {
    const path: JsonPath = [...job.path, 'inputs', i];
    if (input.path) {
      const loc = pipelineLocation(ctx, p, [...path, 'path'], input.path);
      if (loc) acc.read.push(loc);
    }
    if (input.table) {
      const t = tableRef(ctx, input.table);
      if (!t) {
        ctx.diagnostics.push(
          p.source.diagnostic([...path, 'table'], `table "${input.table}" must be database.table`, 'iam-table'),
        );
        continue;
      }
      acc.tablesRead.push(t);
      const locs = tableLocations(ctx, t);
      if (locs.length) acc.read.push(...locs);
      else
        ctx.diagnostics.push(
          p.source.diagnostic(
            [...path, 'table'],
            `the model does not say where table ${input.table} keeps its data (no job output or crawler target feeds it), so job "${job.name}" gets catalog access to it but no S3 read; declare the job or crawler that writes it`,
            'iam-table-location',
            { severity: 'warning' },
          ),
        );
    }
  }
  const outputs = job.config.outputs ?? (job.config.output ? [job.config.output] : []);
  for (const [i, o] of outputs.entries()) {
    const path: JsonPath = job.config.outputs ? [...job.path, 'outputs', i, 'path'] : [...job.path, 'output', 'path'];
    const loc = pipelineLocation(ctx, p, path, o.path);
    if (loc) acc.write.push(loc);
  }
  // A script job's local stand-in output is the path the script writes on AWS too.
  if (job.kind === 'script' && job.config.localOutput) {
    const loc = pipelineLocation(ctx, p, [...job.path, 'localOutput', 'path'], job.config.localOutput.path);
    if (loc) acc.write.push(loc);
  }
  const args = argumentLocations(ctx, p, job);
  acc.read.push(...args.read);
  acc.write.push(...args.write);
  return acc;
}

/** What one crawler reads (its targets) and writes (tables in its database). */
export function crawlerAccess(ctx: IamContext, p: Pipeline, name: string, c: CrawlerConfig): DataAccess {
  const read: S3Location[] = [];
  for (const [i, t] of c.targets.entries()) {
    const loc = pipelineLocation(ctx, p, ['crawlers', name, 'targets', i, 'path'], t.path);
    if (loc) read.push(loc);
  }
  return { read, write: [], tablesRead: [], tablesWrite: [crawlerTables(ctx, c)] };
}

/** Every S3 location a pipeline's jobs and crawlers declare (the data its catalog tables hold). */
export function pipelineDataLocations(ctx: IamContext, p: Pipeline): S3Location[] {
  const out: S3Location[] = [];
  for (const job of p.jobs) {
    const a = jobAccess(ctx, p, job);
    out.push(...a.read, ...a.write);
  }
  for (const [name, c] of Object.entries(p.config.crawlers ?? {})) out.push(...crawlerAccess(ctx, p, name, c).read);
  return dedupeLocations(out);
}

/**
 * Where the catalog tables of these databases (all of the project's when omitted) keep their
 * data: the outputs of jobs that feed a table, and crawler targets. This is what Athena reads.
 */
export function tableDataLocations(ctx: IamContext, databases?: string[]): S3Location[] {
  const wanted = (db: string) => !databases || databases.includes(db);
  const out: S3Location[] = [];
  for (const p of ctx.project.pipelines) {
    for (const job of p.jobs) {
      const outputs = job.config.outputs ?? (job.config.output ? [job.config.output] : []);
      for (const [i, o] of outputs.entries()) {
        const t = o.table ? tableRef(ctx, o.table) : undefined;
        if (!t || !wanted(t.database)) continue;
        const loc = pipelineLocation(
          ctx,
          p,
          job.config.outputs ? [...job.path, 'outputs', i, 'path'] : [...job.path, 'output', 'path'],
          o.path,
        );
        if (loc) out.push(loc);
      }
    }
    for (const [name, c] of Object.entries(p.config.crawlers ?? {})) {
      if (!wanted(ctx.env.physicalName('database', c.database))) continue;
      for (const [i, t] of c.targets.entries()) {
        const loc = pipelineLocation(ctx, p, ['crawlers', name, 'targets', i, 'path'], t.path);
        if (loc) out.push(loc);
      }
    }
  }
  return dedupeLocations(out);
}

/** Every physical database a pipeline declares or uses. */
export function pipelineDatabases(ctx: IamContext, p: Pipeline): string[] {
  const names = new Set<string>();
  const add = (logical: string | undefined) => logical && names.add(ctx.env.physicalName('database', logical));
  for (const d of Object.keys(p.config.databases ?? {})) add(d);
  for (const c of Object.values(p.config.crawlers ?? {})) add(c.database);
  for (const v of Object.values(p.config.views ?? {})) add(v.database);
  for (const v of Object.values(p.config.validations ?? {})) add(v.database);
  for (const job of p.jobs) {
    for (const i of job.config.inputs ?? []) if (i.table) names.add(tableRef(ctx, i.table)?.database ?? '');
    for (const o of job.outputs) if (o.table) names.add(tableRef(ctx, o.table)?.database ?? '');
  }
  names.delete('');
  return [...names].sort();
}

export function dedupeLocations(locs: S3Location[]): S3Location[] {
  const seen = new Map<string, S3Location>();
  for (const l of locs) seen.set(locationUri(l), l);
  // Drop locations inside another prefix of the same list.
  const all = [...seen.values()];
  return all
    .filter(
      (l) =>
        !all.some(
          (o) =>
            o !== l &&
            'prefix' in o &&
            o.bucket === l.bucket &&
            locationUri(l).startsWith(locationUri(o)) &&
            locationUri(l) !== locationUri(o),
        ),
    )
    .sort((a, b) => locationUri(a).localeCompare(locationUri(b)));
}

/**
 * The S3 key prefixes the pipelines' EventBridge rules listen to, as ARN prefixes for CloudTrail
 * data-event selectors: CloudTrail-style patterns (detail.requestParameters.bucketName/key) and
 * S3 EventBridge notification patterns (detail.bucket.name / detail.object.key).
 */
export function watchedS3Prefixes(ctx: IamContext): string[] {
  const out = new Set<string>();
  for (const p of ctx.project.pipelines)
    for (const [name, r] of Object.entries(p.config.rules ?? {})) {
      if (!r.pattern) continue;
      let pattern: unknown;
      try {
        pattern = JSON.parse(
          resolveText(ctx, p, ['rules', name, 'pattern'], JSON.stringify(r.pattern), jsonStringEscape),
        );
      } catch {
        continue;
      }
      const detail = (pattern as { detail?: Record<string, unknown> }).detail ?? {};
      const req = (detail.requestParameters ?? {}) as Record<string, unknown>;
      const buckets = strings(req.bucketName ?? (detail.bucket as Record<string, unknown> | undefined)?.name);
      const keys = prefixes(req.key ?? (detail.object as Record<string, unknown> | undefined)?.key);
      for (const b of buckets) for (const k of keys.length ? keys : ['']) out.add(ctx.arns.object(b, k));
    }
  return [...out].sort();
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const prefixes = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((x) =>
        typeof x === 'string'
          ? [x]
          : x && typeof x === 'object' && typeof (x as { prefix?: unknown }).prefix === 'string'
            ? [(x as { prefix: string }).prefix]
            : [],
      )
    : [];
