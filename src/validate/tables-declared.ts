// Tables declared under `tables:` in pipeline.yaml: column types by Athena's DDL grammar, partition
// projection by Athena's rules, Iceberg by Athena's Iceberg rules, names that only one thing may
// produce, and what the local target cannot do with them (said here, at validate time).
import type { Diagnostic } from '../model/diagnostics.js';
import type { DeclaredTable, Pipeline } from '../model/project.js';
import type { JsonPath } from '../model/source-file.js';
import type { ProjectionConfig } from '../model/schema.js';
import {
  nonIcebergTypes,
  parseHiveType,
  parseIcebergTransform,
  partitionFolders,
  TypeSyntaxError,
  type HiveType,
} from '../model/table-types.js';
import type { ValidationContext } from './context.js';
import { knownTables } from './tables.js';

const PROJECTION_DOC = 'https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html';
const TABLE_NAME_DOC = 'https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html';
const DATE_UNITS = ['YEARS', 'MONTHS', 'WEEKS', 'DAYS', 'HOURS', 'MINUTES', 'SECONDS'];
// NOW, optionally shifted: NOW-3YEARS, NOW+1DAY (Athena's relative date range bounds).
const NOW_RE = /^NOW(\s*[+-]\s*\d+\s*(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND)S?)?$/i;

/** Every declared table of the project. */
export function declaredTablesOf(ctx: ValidationContext): { table: DeclaredTable; pipeline: Pipeline }[] {
  return ctx.project.pipelines.flatMap((p) => p.tables.map((table) => ({ table, pipeline: p })));
}

export function checkDeclaredTables(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = declaredTablesOf(ctx);
  const produced = knownTables(ctx.project).filter((t) => !t.origin.startsWith('table '));
  const seen = new Map<string, { table: DeclaredTable; pipeline: Pipeline }>();
  for (const entry of declared) {
    const { table: t, pipeline: p } = entry;
    const at = (...rest: JsonPath) => [...t.path, ...rest];
    // At the key's line: a table's or a projection's value starts on the line below it.
    const err = (path: JsonPath, message: string, rule = 'table') =>
      out.push(p.source.diagnostic(path, message, rule, { key: true }));
    const warn = (path: JsonPath, message: string, rule: string) =>
      out.push(p.source.diagnostic(path, message, rule, { severity: 'warning', key: true }));
    const c = t.config;
    const key = `${t.database}.${t.name}`;

    // Athena reads lower-case table names only (Glue stores them lower-cased).
    if (!/^[a-z0-9_]+$/.test(t.name))
      out.push(
        p.source.diagnostic(
          t.path,
          `table name "${t.name}" must use only lower-case letters, digits and "_" (Athena: ${TABLE_NAME_DOC}); rename it to "${t.name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}"`,
          'table',
          { key: true },
        ),
      );
    if (!ctx.databases.has(t.database) && !ctx.env.externalOf('database', t.database))
      err(
        at('database'),
        `table ${t.name} names database "${t.database}", which no pipeline declares under databases: and lakeops.yaml does not list under external.databases`,
        'ref-database',
      );

    // One producer per name: two declarations, a crawler or job output, or an external table.
    const prior = seen.get(key);
    if (prior)
      err(
        t.path,
        `table ${key} is also declared by pipeline ${prior.pipeline.name} (${prior.pipeline.source.path}:${prior.pipeline.source.locate(prior.table.path, { key: true }).line}); declare it once`,
        'duplicate-name',
      );
    else seen.set(key, entry);
    for (const other of produced.filter((x) => x.database === t.database && x.table === t.name)) {
      if (other.origin.startsWith('crawler ') && c.crawled) continue;
      err(
        t.path,
        `table ${key} is declared here and also produced by ${other.origin}; ` +
          (other.origin.startsWith('crawler ')
            ? 'a crawler would rewrite the declared schema: exclude its folder from the crawler, or set crawled: true if the crawler is meant to update this table'
            : 'remove one of them (a job output can write into a declared table: give the output its path, without table:)'),
        'duplicate-name',
      );
    }
    const ext = ctx.env.externalOf('table', key);
    if (ext)
      err(
        t.path,
        `table ${key} is declared here and listed as external (owned elsewhere) at lakeops.yaml:${ctx.project.source.locate(ext.path, { key: true }).line}; lakeops never creates an external table: remove one of them`,
        'external-conflict',
      );

    // Column types, and names unique across columns and partition keys (Hive names are case-insensitive).
    const types = new Map<string, HiveType>();
    const names = new Map<string, JsonPath>();
    const columnGroups: ['columns' | 'partitionKeys', typeof c.columns][] = [
      ['columns', c.columns],
      ['partitionKeys', c.partitionKeys ?? []],
    ];
    for (const [group, cols] of columnGroups)
      cols.forEach((col, i) => {
        const lower = col.name.toLowerCase();
        if (names.has(lower)) err(at(group, i, 'name'), `column "${col.name}" is declared twice in table ${t.name}`);
        names.set(lower, at(group, i));
        try {
          types.set(lower, parseHiveType(col.type));
        } catch (e) {
          if (!(e instanceof TypeSyntaxError)) throw e;
          err(at(group, i, 'type'), `column ${col.name}: ${e.message} (in "${col.type}")`, 'table-type');
        }
      });

    if (c.format === 'iceberg') checkIceberg(ctx, entry, types, err, warn);
    else {
      if (c.partitionBy)
        err(at('partitionBy'), 'partitionBy holds Iceberg transforms; a Hive table uses partitionKeys');
      checkProjection(entry, err);
      if (ctx.env.target === 'local' && (c.format === 'orc' || c.format === 'avro'))
        warn(
          t.path,
          `table ${key} is ${c.format}: the local target (DuckDB) reads parquet, json and csv only, so locally this table is not created and a job or view reading it fails; on AWS it works`,
          'local-runnability',
        );
      if (
        ctx.env.target === 'local' &&
        c.locationTemplate &&
        !partitionFolders(
          (c.partitionKeys ?? []).map((k) => k.name),
          c.location.endsWith('/') ? c.location : `${c.location}/`,
          c.locationTemplate,
        )
      )
        warn(
          at('locationTemplate'),
          `locally the partition folders are read only when locationTemplate is the location followed by one \${key} or key=\${key} folder per partition key, in order; table ${key} is not created locally`,
          'local-runnability',
        );
      if (ctx.env.target === 'local' && c.projection)
        warn(
          at('projection'),
          `locally, table ${key}'s partitions are the folders under its location${c.locationTemplate ? ' laid out by locationTemplate' : ''}; Athena projects them from the projection ranges instead (a folder outside a range is read locally, not on Athena)`,
          'local-difference',
        );
    }
  }
  out.push(...checkExternalTableReads(ctx));
  return out;
}

function checkProjection(entry: { table: DeclaredTable; pipeline: Pipeline }, err: (p: JsonPath, m: string) => void) {
  const { table: t } = entry;
  const c = t.config;
  const keys = (c.partitionKeys ?? []).map((k) => k.name);
  if (!c.projection) {
    if (c.locationTemplate)
      err([...t.path, 'locationTemplate'], 'locationTemplate (storage.location.template) needs projection: to be used');
    return;
  }
  for (const [col, pr] of Object.entries(c.projection)) {
    const path: JsonPath = [...t.path, 'projection', col];
    if (!keys.includes(col)) {
      err(
        path,
        `projection names "${col}", which is not a partition key of ${t.name} (partition keys: ${keys.join(', ') || 'none'})`,
      );
      continue;
    }
    for (const m of projectionProblems(pr)) err(path, `projection of ${col}: ${m} (${PROJECTION_DOC})`);
  }
  // With projection enabled Athena reads partitions only from projection: every key needs one.
  for (const k of keys)
    if (!c.projection[k])
      err(
        [...t.path, 'projection'],
        `partition key ${k} has no projection; with partition projection enabled every partition column needs projection.${k}.type (${PROJECTION_DOC})`,
      );
  if (c.locationTemplate !== undefined) {
    const tpl = c.locationTemplate;
    if (!tpl.startsWith('s3://'))
      err([...t.path, 'locationTemplate'], `locationTemplate must be an s3:// URI, got "${tpl}"`);
    // Athena rejects a template without a placeholder for every partition column (INVALID_TABLE_PROPERTY,
    // https://repost.aws/knowledge-center/athena-error-invalid-table-property).
    const missing = keys.filter((k) => !tpl.includes(`\${${k}}`));
    if (missing.length)
      err(
        [...t.path, 'locationTemplate'],
        `locationTemplate has no placeholder for partition column${missing.length > 1 ? 's' : ''} ${missing.map((k) => `\${${k}}`).join(', ')}; Athena requires one per partition column`,
      );
  }
}

/** What is wrong with one column's projection, by Athena's rules per projection type. */
export function projectionProblems(pr: ProjectionConfig): string[] {
  const out: string[] = [];
  const allowed: Record<ProjectionConfig['type'], (keyof ProjectionConfig)[]> = {
    enum: ['values'],
    integer: ['range', 'interval', 'digits'],
    date: ['range', 'format', 'interval', 'unit'],
    injected: [],
  };
  for (const k of Object.keys(pr) as (keyof ProjectionConfig)[])
    if (k !== 'type' && !allowed[pr.type].includes(k)) out.push(`${k} does not apply to type ${pr.type}`);
  const range = pr.range?.split(',').map((s) => s.trim());
  switch (pr.type) {
    case 'enum':
      if (!pr.values?.length) out.push('type enum requires values');
      else if (pr.values.some((v) => v.includes(',')))
        out.push('an enum value cannot contain "," (Athena splits values at commas)');
      break;
    case 'integer':
      if (!range) out.push('type integer requires range: "min,max"');
      else if (range.length !== 2 || !range.every((r) => /^-?\d+$/.test(r)))
        out.push(`range "${pr.range}" must be two integers separated by a comma, e.g. "0,100"`);
      else if (BigInt(range[0]!) > BigInt(range[1]!)) out.push(`range "${pr.range}" starts after it ends`);
      break;
    case 'date': {
      if (!pr.format) out.push('type date requires format (a Java DateTimeFormatter pattern, e.g. yyyy-MM-dd)');
      if (!range) out.push('type date requires range: "start,end" (dates in format, or NOW, NOW-3YEARS)');
      else if (range.length !== 2 || range.some((r) => !r))
        out.push(`range "${pr.range}" must be two dates separated by a comma`);
      else
        for (const r of range)
          if (/^now/i.test(r) && !NOW_RE.test(r))
            out.push(`range bound "${r}" must be NOW or NOW+-N followed by a unit, e.g. NOW-3YEARS`);
      if (pr.unit && !DATE_UNITS.includes(pr.unit.toUpperCase()))
        out.push(`unit "${pr.unit}" must be one of ${DATE_UNITS.join(', ')}`);
      // A format finer than a day has no default step: the interval unit must be given.
      if (pr.format && /[HhkKmsS]/.test(pr.format.replace(/'[^']*'/g, '')) && !pr.unit)
        out.push(`format ${pr.format} is finer than a day: give unit (e.g. HOURS) and interval`);
      break;
    }
    case 'injected':
      break;
  }
  return out;
}

function checkIceberg(
  ctx: ValidationContext,
  entry: { table: DeclaredTable; pipeline: Pipeline },
  types: Map<string, HiveType>,
  err: (p: JsonPath, m: string, rule?: string) => void,
  warn: (p: JsonPath, m: string, rule: string) => void,
) {
  const { table: t } = entry;
  const c = t.config;
  const at = (...rest: JsonPath) => [...t.path, ...rest];
  const doc = 'https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html';
  if (c.partitionKeys?.length)
    err(
      at('partitionKeys'),
      `an Iceberg table has no Hive partition keys: partition it with partitionBy transforms, e.g. ["day(ts)"] (${doc})`,
    );
  if (c.projection) err(at('projection'), 'partition projection applies to Hive tables, not Iceberg');
  if (c.locationTemplate)
    err(at('locationTemplate'), 'locationTemplate applies to Hive tables with projection, not Iceberg');
  if (c.csv) err(at('csv'), 'csv options apply to csv tables');
  const version = c.properties?.['format-version'];
  if (version !== undefined && version !== '2')
    err(at('properties', 'format-version'), `Athena creates Iceberg tables in format version 2 only, got "${version}"`);
  c.columns.forEach((col, i) => {
    const ty = types.get(col.name.toLowerCase());
    const bad = ty ? nonIcebergTypes(ty) : [];
    if (bad.length)
      err(
        at('columns', i, 'type'),
        `column ${col.name}: Iceberg has no ${bad.join(', ')} type (use int, string; https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-supported-data-types.html)`,
        'table-type',
      );
  });
  (c.partitionBy ?? []).forEach((text, i) => {
    try {
      const tr = parseIcebergTransform(text);
      const ty = types.get(tr.column.toLowerCase());
      if (!ty) {
        err(
          at('partitionBy', i),
          `partition transform ${text} names "${tr.column}", which is not a column of ${t.name}`,
        );
        return;
      }
      const prim = ty.kind === 'primitive' ? ty.name : ty.kind;
      if (/^(year|month|day|hour)$/.test(tr.transform) && !['date', 'timestamp'].includes(prim))
        err(
          at('partitionBy', i),
          `${tr.transform}(${tr.column}) needs a date or timestamp column; ${tr.column} is ${prim}`,
        );
      if (tr.transform === 'hour' && prim === 'date')
        err(at('partitionBy', i), `hour(${tr.column}) needs a timestamp column`);
      if (tr.transform.startsWith('truncate') && !['int', 'bigint', 'decimal', 'string'].includes(prim))
        err(at('partitionBy', i), `truncate needs an int, bigint, decimal or string column; ${tr.column} is ${prim}`);
      if (ty.kind !== 'primitive') err(at('partitionBy', i), `cannot partition by ${tr.column}: it is a ${ty.kind}`);
    } catch (e) {
      if (!(e instanceof TypeSyntaxError)) throw e;
      err(at('partitionBy', i), e.message);
    }
  });
  if (ctx.env.target === 'local')
    warn(
      t.path,
      `Iceberg table ${t.database}.${t.name} is read locally as the Parquet data files under its location (DuckDB's iceberg extension is not installed offline): no snapshots, time travel, or row-level deletes of format version 2; on AWS Athena reads it as Iceberg`,
      'local-difference',
    );
}

/** Locally an external table has no data: a job reading one cannot run there. */
function checkExternalTableReads(ctx: ValidationContext): Diagnostic[] {
  if (ctx.env.target !== 'local') return [];
  const out: Diagnostic[] = [];
  for (const p of ctx.project.pipelines)
    for (const job of p.jobs)
      (job.config.inputs ?? []).forEach((input, i) => {
        if (!input.table || !ctx.env.externalOf('table', input.table)) return;
        out.push(
          p.source.diagnostic(
            ['jobs', job.name, 'inputs', i, 'table'],
            `job ${job.name} reads external table ${input.table}, which has no data on the local target; locally give the input a path: (files you land with lakeops put) or run it on AWS`,
            'local-runnability',
            { severity: 'warning' },
          ),
        );
      });
  return out;
}
