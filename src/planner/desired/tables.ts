// Tables declared under `tables:` in pipeline.yaml, as Glue CreateTable/UpdateTable TableInput.
//
// Hive tables (parquet, json, csv, orc, avro): a StorageDescriptor with the SerDe and input/output
// formats Athena documents for the format (https://docs.aws.amazon.com/athena/latest/ug/supported-serdes.html),
// partition keys, and partition projection as `projection.*` table parameters
// (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html).
//
// Iceberg tables: Glue's own CreateTable with OpenTableFormatInput.IcebergInput (MetadataOperation
// CREATE, Version "2", the Iceberg schema and partition spec), chosen over Athena's CREATE TABLE DDL
// because it is the same Glue API, IAM and ownership marks as every other table, needs no Athena
// workgroup or result bucket during a deploy, and builds no SQL text from names
// (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateTable.html). Glue's GetTable does not
// return an Iceberg table's partition spec, so the plan compares its columns, location,
// description and parameters; schema changes of an existing Iceberg table are Athena's ALTER TABLE.
//
// Glue tables take no tags: the ownership marks are table Parameters, as for databases, and
// `lakeops:parameters` lists the parameters lakeops set, so an update keeps everyone else's.
import type { DeclaredTable, Pipeline } from '../../model/project.js';
import type { TableColumn } from '../../model/schema.js';
import type { JsonPath } from '../../model/source-file.js';
import {
  formatHiveType,
  icebergTypeOf,
  parseHiveType,
  parseIcebergTransform,
  substituteTemplate,
  TypeSyntaxError,
} from '../../model/table-types.js';
import { ownershipParameters, type Builder } from './builder.js';

/** The parameter listing the Parameters keys lakeops set (besides its lakeops:* marks). */
export const MANAGED_PARAMETERS = 'lakeops:parameters';

const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/** SerDe and input/output formats per format, as Athena's CREATE TABLE sets them. */
export const HIVE_FORMATS: Record<string, { serde: string; input: string; output: string }> = {
  parquet: {
    serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  },
  json: { serde: 'org.openx.data.jsonserde.JsonSerDe', input: TEXT_INPUT, output: TEXT_OUTPUT },
  csv: { serde: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', input: TEXT_INPUT, output: TEXT_OUTPUT },
  orc: {
    serde: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
    input: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
  },
  avro: {
    serde: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
    input: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
  },
};

const glueColumn = (c: TableColumn) => ({
  Name: c.name.toLowerCase(),
  Type: canonicalType(c.type),
  ...(c.comment ? { Comment: c.comment } : {}),
});

function canonicalType(text: string): string {
  try {
    return formatHiveType(parseHiveType(text));
  } catch (e) {
    if (e instanceof TypeSyntaxError) return text; // validate reports it
    throw e;
  }
}

function projectionParameters(t: DeclaredTable): Record<string, string> {
  const c = t.config;
  if (!c.projection) return {};
  const out: Record<string, string> = { 'projection.enabled': 'true' };
  for (const [col, p] of Object.entries(c.projection)) {
    out[`projection.${col}.type`] = p.type;
    if (p.values) out[`projection.${col}.values`] = p.values.join(',');
    if (p.range) out[`projection.${col}.range`] = p.range;
    if (p.format) out[`projection.${col}.format`] = p.format;
    if (p.interval !== undefined) out[`projection.${col}.interval`] = String(p.interval);
    if (p.unit) out[`projection.${col}.interval.unit`] = p.unit.toUpperCase();
    if (p.digits !== undefined) out[`projection.${col}.digits`] = String(p.digits);
  }
  return out;
}

/** Iceberg schema and partition spec for Glue's CreateIcebergTableInput. */
export function icebergInput(t: DeclaredTable, location: string): Record<string, unknown> {
  const cols = t.config.columns;
  let id = cols.length;
  const nextId = () => ++id;
  const fields = cols.map((c, i) => ({
    Id: i + 1,
    Name: c.name.toLowerCase(),
    Type: icebergTypeOf(parseHiveType(c.type), nextId),
    Required: false,
    ...(c.comment ? { Doc: c.comment } : {}),
  }));
  const ids = new Map(fields.map((f) => [f.Name, f.Id]));
  let fieldId = 1000; // Iceberg numbers partition fields from 1000
  const partition = (t.config.partitionBy ?? []).map((text) => {
    const tr = parseIcebergTransform(text);
    return { SourceId: ids.get(tr.column.toLowerCase()), Transform: tr.transform, Name: tr.name, FieldId: fieldId++ };
  });
  return {
    MetadataOperation: 'CREATE',
    Version: '2',
    CreateIcebergTableInput: {
      Location: location,
      Schema: { SchemaId: 0, Type: 'struct', Fields: fields },
      ...(partition.length ? { PartitionSpec: { SpecId: 0, Fields: partition } } : {}),
    },
  };
}

export function tables(b: Builder, p: Pipeline): void {
  for (const t of p.tables) {
    const path: JsonPath = t.path;
    const c = t.config;
    const db = b.phys('database', t.database);
    const location = b.text(p, [...path, 'location'], c.location);
    const own = ownershipParameters(b.tags(p));
    const userParams = Object.fromEntries(
      Object.entries(c.properties ?? {}).map(([k, v]) => [k, b.text(p, [...path, 'properties', k], v)]),
    );
    const iceberg = c.format === 'iceberg';
    const ours: Record<string, string> = iceberg
      ? { table_type: 'ICEBERG', ...userParams }
      : {
          EXTERNAL: 'TRUE',
          classification: c.format,
          ...(c.csv?.header ? { 'skip.header.line.count': '1' } : {}),
          ...projectionParameters(t),
          // Athena fills ${column} per partition: only the other ${Name}s are substituted.
          ...(c.locationTemplate ? { 'storage.location.template': templateText(b, p, t) } : {}),
          ...userParams,
        };
    const hive = HIVE_FORMATS[c.format];
    const spec: Record<string, unknown> = {
      DatabaseName: db,
      Name: t.name,
      Description: c.description,
      TableType: 'EXTERNAL_TABLE',
      Parameters: { ...ours, ...own, [MANAGED_PARAMETERS]: Object.keys(ours).sort().join(',') },
      StorageDescriptor: iceberg
        ? { Columns: c.columns.map(glueColumn), Location: location }
        : {
            Columns: c.columns.map(glueColumn),
            Location: location,
            InputFormat: hive!.input,
            OutputFormat: hive!.output,
            SerdeInfo: {
              SerializationLibrary: hive!.serde,
              Parameters:
                c.format === 'csv'
                  ? { 'field.delim': c.csv?.delimiter ?? ',', 'serialization.format': c.csv?.delimiter ?? ',' }
                  : c.format === 'avro' && userParams['avro.schema.literal']
                    ? { 'avro.schema.literal': userParams['avro.schema.literal'] }
                    : {},
            },
          },
      PartitionKeys: iceberg ? [] : (c.partitionKeys ?? []).map(glueColumn),
    };
    if (iceberg) spec.OpenTableFormatInput = { IcebergInput: icebergInput(t, location) };
    b.add(
      {
        kind: 'table',
        name: `${db}.${t.name}`,
        logical: t.name,
        pipeline: p.name,
        ...b.where(p, path),
        spec,
        // Glue tables take no tags: the marks are in Parameters (compared as part of the spec).
        tags: {},
      },
      p,
      path,
    );
  }
}

/** storage.location.template with ${Name} substituted except the partition-key placeholders. */
function templateText(b: Builder, p: Pipeline, t: DeclaredTable): string {
  const keys = (t.config.partitionKeys ?? []).map((k) => k.name);
  return substituteTemplate(t.config.locationTemplate!, keys, (text) =>
    b.text(p, [...t.path, 'locationTemplate'], text),
  );
}
