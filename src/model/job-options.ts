// Glue job options that change what a job computes, read the same way by the planner (AWS
// DefaultArguments), the local engine and validate: job bookmarks and Spark `--conf` settings.
// Each can be written in two places: the model's field (glue.bookmarks, glue.sparkConf) or the raw
// Glue argument (--job-bookmark-option, --conf) under arguments:/glue.extraArguments. Both mean the
// same; when they disagree validate reports it and the model field wins nowhere (the job is invalid).
import type { JobConfig } from './schema.js';
import type { JsonPath } from './source-file.js';

/** Glue's --job-bookmark-option values (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html). */
export const BOOKMARK_OPTIONS = ['job-bookmark-enable', 'job-bookmark-disable', 'job-bookmark-pause'] as const;
export type BookmarkOption = (typeof BOOKMARK_OPTIONS)[number];
export const BOOKMARK_ARGUMENT = '--job-bookmark-option';
export const CONF_ARGUMENT = '--conf';

export interface OptionSource<T> {
  value: T;
  /** Where in pipeline.yaml (relative to the job) it is written. */
  path: JsonPath;
}

export interface OptionProblem {
  path: JsonPath;
  message: string;
}

/** Every place the job sets its bookmark option, model field first. */
export function bookmarkSources(c: JobConfig): OptionSource<string>[] {
  const out: OptionSource<string>[] = [];
  if (c.glue?.bookmarks) out.push({ value: `job-bookmark-${c.glue.bookmarks}`, path: ['glue', 'bookmarks'] });
  const a = c.arguments?.[BOOKMARK_ARGUMENT];
  if (a !== undefined) out.push({ value: a, path: ['arguments', BOOKMARK_ARGUMENT] });
  const e = c.glue?.extraArguments?.[BOOKMARK_ARGUMENT];
  if (e !== undefined) out.push({ value: e, path: ['glue', 'extraArguments', BOOKMARK_ARGUMENT] });
  return out;
}

/** The job's bookmark option, or undefined when it sets none (Glue's default is disable). */
export function bookmarkOption(c: JobConfig): BookmarkOption | undefined {
  const v = bookmarkSources(c)[0]?.value;
  return BOOKMARK_OPTIONS.includes(v as BookmarkOption) ? (v as BookmarkOption) : undefined;
}

export function bookmarkProblems(c: JobConfig): OptionProblem[] {
  const sources = bookmarkSources(c);
  const problems: OptionProblem[] = [];
  for (const s of sources)
    if (!BOOKMARK_OPTIONS.includes(s.value as BookmarkOption))
      problems.push({
        path: s.path,
        message: `${BOOKMARK_ARGUMENT} "${s.value}" is not one of ${BOOKMARK_OPTIONS.join(', ')}`,
      });
  const first = sources[0];
  for (const s of sources.slice(1))
    if (first && s.value !== first.value)
      problems.push({
        path: s.path,
        message: `sets ${BOOKMARK_ARGUMENT} ${s.value} but ${first.path.join('.')} says ${first.value}; keep one`,
      });
  return problems;
}

/**
 * The settings of a --conf value as Glue passes it: "k=v --conf k2=v2" (one argument, the later
 * settings chained with " --conf ", as Glue's docs show for the Iceberg/Delta catalog settings).
 */
export function parseConfArgument(value: string): { settings: Record<string, string>; bad: string[] } {
  const settings: Record<string, string> = {};
  const bad: string[] = [];
  for (const part of value.split(/\s+--conf\s+/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) bad.push(item);
    else settings[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return { settings, bad };
}

/** The single --conf argument value Glue expects for these settings (sorted by key, so plans are stable). */
export function confArgument(settings: Record<string, string>): string {
  return Object.keys(settings)
    .sort()
    .map((k) => `${k}=${settings[k]}`)
    .join(` ${CONF_ARGUMENT} `);
}

/** Every Spark setting of the job, with where each is written. */
export function sparkConfSources(c: JobConfig): Record<string, OptionSource<string>[]> {
  const out: Record<string, OptionSource<string>[]> = {};
  const add = (k: string, s: OptionSource<string>) => (out[k] ??= []).push(s);
  for (const [k, v] of Object.entries(c.glue?.sparkConf ?? {})) add(k, { value: v, path: ['glue', 'sparkConf', k] });
  const raw: [string | undefined, JsonPath][] = [
    [c.arguments?.[CONF_ARGUMENT], ['arguments', CONF_ARGUMENT]],
    [c.glue?.extraArguments?.[CONF_ARGUMENT], ['glue', 'extraArguments', CONF_ARGUMENT]],
  ];
  for (const [value, path] of raw)
    if (value !== undefined)
      for (const [k, v] of Object.entries(parseConfArgument(value).settings)) add(k, { value: v, path });
  return out;
}

/** The job's Spark settings (first source of each key). */
export function sparkConf(c: JobConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(sparkConfSources(c)).map(([k, s]) => [k, s[0]!.value]));
}

export function sparkConfProblems(c: JobConfig): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const raw: [string | undefined, JsonPath][] = [
    [c.arguments?.[CONF_ARGUMENT], ['arguments', CONF_ARGUMENT]],
    [c.glue?.extraArguments?.[CONF_ARGUMENT], ['glue', 'extraArguments', CONF_ARGUMENT]],
  ];
  for (const [value, path] of raw)
    for (const b of value !== undefined ? parseConfArgument(value).bad : [])
      problems.push({ path, message: `--conf item "${b}" is not key=value (chain settings with " --conf ")` });
  for (const [k, sources] of Object.entries(sparkConfSources(c)))
    for (const s of sources.slice(1))
      if (s.value !== sources[0]!.value)
        problems.push({
          path: s.path,
          message: `sets ${k}=${s.value} but ${sources[0]!.path.join('.')} sets ${k}=${sources[0]!.value}; keep one`,
        });
  return problems;
}

/** How the local target treats a Spark setting. */
export type LocalConf = { honoured: true; how: string } | { honoured: false; why: string } | { tuning: true };

/**
 * Spark settings the local target (DuckDB, computing in UTC with identifiers case-insensitive and
 * its configuration locked by the sandbox) honours, and tuning settings that never change results.
 */
export function localConf(key: string, value: string): LocalConf {
  const v = value.trim().toLowerCase();
  if (key === 'spark.sql.session.timeZone')
    return ['utc', 'etc/utc', 'gmt', 'z', '+00:00', 'utc+00:00'].includes(v)
      ? { honoured: true, how: 'the local engine computes in UTC' }
      : {
          honoured: false,
          why: `the local engine computes in UTC (DuckDB's TimeZone is fixed by the sandbox), so timestamps are not rendered or truncated in ${value}`,
        };
  if (key === 'spark.sql.caseSensitive')
    return v === 'false'
      ? { honoured: true, how: "DuckDB resolves identifiers case-insensitively, as Spark's default does" }
      : {
          honoured: false,
          why: 'DuckDB resolves identifiers case-insensitively; case-sensitive resolution has no local equivalent',
        };
  if (TUNING.some((t) => (t.endsWith('.') ? key.startsWith(t) : key === t))) return { tuning: true };
  return { honoured: false, why: 'the local engine (DuckDB) has no equivalent of this Spark setting' };
}

/** Settings that size or schedule the work and never change a result (kept short on purpose). */
const TUNING = [
  'spark.sql.shuffle.partitions',
  'spark.default.parallelism',
  'spark.sql.adaptive.',
  'spark.executor.',
  'spark.driver.',
  'spark.memory.',
  'spark.sql.files.maxPartitionBytes',
  'spark.sql.autoBroadcastJoinThreshold',
  'spark.serializer',
  'spark.kryoserializer.',
  'spark.network.timeout',
  'spark.task.maxFailures',
];
