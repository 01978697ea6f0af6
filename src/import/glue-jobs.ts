// Glue jobs back to `jobs:` entries: the reverse of planner/desired/jobs.ts. A job running the
// generic SQL runner with --lakeops_* declarations becomes a `sql:` job (its SQL files read from
// S3); any other job becomes a `script:` job with its script read from S3. Settings equal to the
// planner's defaults are left out, so the file reads like a hand-written one.
import { posix } from 'node:path';
import type { JobConfig, JobInput, JobOutput } from '../model/schema.js';
import { GLUE_DEFAULTS } from '../planner/desired/jobs.js';
import { SQL_JOB_GLUE_VERSION, SQL_RUNNER_SCRIPT, type SqlJobInput, type SqlJobOutput } from '../planner/sql-job.js';
import type { ImportContext } from './context.js';
import type { Found } from './read.js';

type Args = Record<string, string>;
export type Converted<T> = { config: T } | { skip: string };

const SQL_ARGS = new Set([
  '--lakeops_inputs',
  '--lakeops_outputs',
  '--lakeops_parameters',
  '--enable-glue-datacatalog',
]);

function parseJson<T>(text: string | undefined): T | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

/** A catalog table "physical_db.table" as the model writes it ("logical_db.table"). */
function tableRef(c: ImportContext, ref: string): string | undefined {
  const dot = ref.indexOf('.');
  if (dot < 0) return ref;
  const db = c.logical('database', ref.slice(0, dot));
  return db === undefined ? undefined : `${db}.${ref.slice(dot + 1)}`;
}

export function isSqlRunnerJob(spec: Record<string, unknown>): boolean {
  const cmd = (spec.Command as { ScriptLocation?: string } | undefined) ?? {};
  const args = (spec.DefaultArguments as Args | undefined) ?? {};
  return posix.basename(cmd.ScriptLocation ?? '') === posix.basename(SQL_RUNNER_SCRIPT) && '--lakeops_outputs' in args;
}

/** The physical names of the databases a SQL job's table inputs read. */
export function sqlJobDatabases(spec: Record<string, unknown>): string[] {
  if (!isSqlRunnerJob(spec)) return [];
  const inputs = parseJson<SqlJobInput[]>((spec.DefaultArguments as Args)['--lakeops_inputs']) ?? [];
  return inputs.filter((i) => i.table?.includes('.')).map((i) => i.table!.slice(0, i.table!.indexOf('.')));
}

/** A file path in the pipeline's folder for an S3 object's base name, unique within the pipeline. */
function localPath(c: ImportContext, pipeline: string, sub: string, uri: string, owner: string): string {
  const base = posix.basename(uri) || `${owner}.txt`;
  const taken = new Set((c.files.get(pipeline) ?? []).map((f) => f.path));
  const first = `pipelines/${pipeline}/${sub}/${base}`;
  // The base name is kept: lakeops' artifact key ends in it, so the same bytes land at the same key.
  return taken.has(first) ? `pipelines/${pipeline}/${sub}/${owner}/${base}` : first;
}

function glueSettings(spec: Record<string, unknown>, type: string, sql: boolean): JobConfig['glue'] {
  const g: NonNullable<JobConfig['glue']> = {};
  const version = spec.GlueVersion as string | undefined;
  if (type === 'pythonshell') {
    if (version && version !== GLUE_DEFAULTS.pythonShellGlueVersion) g.glueVersion = version;
    const cap = spec.MaxCapacity as number | undefined;
    if (cap !== undefined && cap !== GLUE_DEFAULTS.pythonShellCapacity) g.maxCapacity = cap;
  } else {
    if (version && version !== (sql ? SQL_JOB_GLUE_VERSION : GLUE_DEFAULTS.glueVersion)) g.glueVersion = version;
    if (spec.WorkerType) {
      // validate wants workerType and numberOfWorkers together: both, unless both are the defaults.
      const n = (spec.NumberOfWorkers as number | undefined) ?? GLUE_DEFAULTS.numberOfWorkers;
      if (spec.WorkerType !== GLUE_DEFAULTS.workerType || n !== GLUE_DEFAULTS.numberOfWorkers) {
        g.workerType = String(spec.WorkerType);
        g.numberOfWorkers = n;
      }
    } else if (spec.MaxCapacity !== undefined) g.maxCapacity = spec.MaxCapacity as number;
  }
  const timeout = spec.Timeout as number | undefined;
  if (timeout !== undefined && (type === 'gluestreaming' || timeout !== GLUE_DEFAULTS.timeoutMinutes))
    g.timeoutMinutes = timeout;
  const retries = spec.MaxRetries as number | undefined;
  if (retries) g.maxRetries = retries;
  const runs = (spec.ExecutionProperty as { MaxConcurrentRuns?: number } | undefined)?.MaxConcurrentRuns;
  if (runs !== undefined && runs !== GLUE_DEFAULTS.maxConcurrentRuns) g.maxConcurrentRuns = runs;
  return g;
}

async function sqlJob(
  c: ImportContext,
  pipeline: string,
  f: Found,
  spec: Record<string, unknown>,
): Promise<Converted<JobConfig>> {
  const args = (spec.DefaultArguments as Args) ?? {};
  const inputs = parseJson<SqlJobInput[]>(args['--lakeops_inputs']);
  const outputs = parseJson<SqlJobOutput[]>(args['--lakeops_outputs']);
  const parameters = parseJson<Record<string, { type?: string; default?: string }>>(args['--lakeops_parameters']);
  if (!inputs || !outputs?.length)
    return { skip: "its --lakeops_inputs / --lakeops_outputs arguments are not the SQL runner's JSON" };
  const where = { kind: 'job' as const, physical: f.physical };
  const modelInputs: JobInput[] = [];
  for (const i of inputs) {
    const input: JobInput = { name: i.name };
    if (i.table) {
      const t = tableRef(c, i.table);
      if (t === undefined) return { skip: `input "${i.name}" reads ${i.table}, whose database is not imported` };
      input.table = t;
    }
    if (i.path) input.path = c.unsub.text(i.path);
    if (i.format) input.format = i.format as JobInput['format'];
    if (i.partitioned !== undefined) input.partitioned = i.partitioned;
    modelInputs.push(input);
  }
  const modelOutputs: (JobOutput & { sql: string })[] = [];
  for (const o of outputs) {
    const read = await c.s3Object(o.sql);
    const path = localPath(c, pipeline, 'sql', o.sql, f.logical);
    if ('error' in read) {
      // Without its SQL the job cannot be expressed: the SQL is the job.
      return { skip: `its SQL ${o.sql} could not be read (${read.error})` };
    }
    c.addFile(pipeline, { path, content: c.unsub.text(Buffer.from(read.bytes).toString('utf8')) });
    const out: JobOutput & { sql: string } = {
      sql: path,
      path: c.unsub.text(o.path),
      format: o.format as JobOutput['format'],
    };
    if (o.partitionBy?.length) out.partitionBy = o.partitionBy;
    if (o.mode && o.mode !== 'overwrite-partitions') out.mode = o.mode as JobOutput['mode'];
    modelOutputs.push(out);
  }
  const config: JobConfig = {};
  if (spec.Description) config.description = String(spec.Description);
  if (modelInputs.length) config.inputs = modelInputs;
  if (modelOutputs.length === 1) {
    const { sql, ...output } = modelOutputs[0]!;
    config.sql = sql;
    config.output = output;
  } else config.outputs = modelOutputs;
  if (parameters && Object.keys(parameters).length)
    config.parameters = Object.fromEntries(
      Object.entries(parameters).map(([n, p]) => [
        n,
        {
          ...(p.type && p.type !== 'string' ? { type: p.type as 'integer' | 'timestamp' } : {}),
          ...(p.default !== undefined ? { default: p.default } : {}),
        },
      ]),
    );
  const glue = glueSettings(spec, 'glueetl', true) ?? {};
  const extra = Object.entries(args).filter(([k]) => !SQL_ARGS.has(k));
  if (extra.length)
    glue.extraArguments = Object.fromEntries(extra.map(([k, v]) => [k, c.argument(pipeline, f.logical, k, v, where)]));
  if (Object.keys(glue).length) config.glue = glue;
  return { config };
}

async function scriptJob(
  c: ImportContext,
  pipeline: string,
  f: Found,
  spec: Record<string, unknown>,
): Promise<Converted<JobConfig>> {
  const cmd = (spec.Command as { Name?: string; ScriptLocation?: string }) ?? {};
  const type = cmd.Name ?? 'glueetl';
  if (!['glueetl', 'pythonshell', 'gluestreaming'].includes(type))
    return { skip: `its command "${type}" is not one lakeops deploys (glueetl, pythonshell, gluestreaming)` };
  if (!cmd.ScriptLocation?.startsWith('s3://')) return { skip: 'it has no S3 script location' };
  const path = localPath(c, pipeline, 'scripts', cmd.ScriptLocation, f.logical);
  const read = await c.s3Object(cmd.ScriptLocation);
  if ('error' in read) {
    c.placeholders.push({ path, content: '' });
    c.note({
      pipeline,
      kind: 'job',
      physical: f.physical,
      level: 'warning',
      message: `its script ${cmd.ScriptLocation} could not be read (${read.error}); copy it to ${path} before validate or deploy`,
    });
  } else c.addFile(pipeline, { path, content: read.bytes });
  const config: JobConfig = {};
  if (spec.Description) config.description = String(spec.Description);
  config.script = path;
  if (type !== 'glueetl') config.type = type as JobConfig['type'];
  const args = Object.entries((spec.DefaultArguments as Args | undefined) ?? {});
  if (args.length)
    config.arguments = Object.fromEntries(
      args.map(([k, v]) => [k, c.argument(pipeline, f.logical, k, v, { kind: 'job', physical: f.physical })]),
    );
  const glue = glueSettings(spec, type, false);
  if (glue && Object.keys(glue).length) config.glue = glue;
  return { config };
}

export function convertJob(c: ImportContext, pipeline: string, f: Found): Promise<Converted<JobConfig>> {
  const spec = f.actual.spec;
  return isSqlRunnerJob(spec) ? sqlJob(c, pipeline, f, spec) : scriptJob(c, pipeline, f, spec);
}
