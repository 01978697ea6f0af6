// Distributed Map on the local target. aws-local-stepfunctions runs inline Maps only, so a Map with
// ItemReader, ItemBatcher, ResultWriter or a tolerated-failure threshold is replaced, before the run,
// by a Task answered here: items read from local S3, ItemSelector and ItemBatcher applied, each
// item (or batch) run as a child execution of the ItemProcessor with at most MaxConcurrency at
// once, failures counted against ToleratedFailureCount/Percentage, and results written to local
// S3 the way ResultWriter does. https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parse as parseCsvText } from 'csv-parse/sync';
import { JSONPath } from 'jsonpath-plus';
import pLimit from 'p-limit';
import { TaskError } from './errors.js';
import { isDistributedMap, type AslDefinition, type AslState } from './definition.js';

/** Local S3 as the Distributed Map reads and writes it (the engine's storage). */
export interface MapStorage {
  list(bucket: string, prefix?: string): Promise<{ key: string; size: number; lastModified: string }[]>;
  get(bucket: string, key: string): Promise<Buffer | undefined>;
  put(bucket: string, key: string, body: string): Promise<unknown>;
}

/** The Task resource a rewritten Distributed Map state carries (never sent anywhere). */
export const DISTRIBUTED_MAP_RESOURCE = 'arn:aws:states:::lakeops:distributedMap';

/** Concurrency when MaxConcurrency is 0 (AWS: up to 10,000 child executions; locally bounded). */
export const LOCAL_MAX_CONCURRENCY = 16;

export { isDistributedMap };

/**
 * Replaces each Distributed Map state (at any depth) with a Task the local handler answers; the
 * Task keeps the fields a Task and a Map share (paths, ResultSelector, Retry, Catch, transitions).
 * Returns the original Map states by name.
 */
export function rewriteDistributedMaps(definition: AslDefinition): Map<string, AslState> {
  const maps = new Map<string, AslState>();
  const walk = (states: Record<string, AslState>) => {
    for (const [name, state] of Object.entries(states)) {
      for (const branch of (state.Branches as AslDefinition[] | undefined) ?? []) walk(branch.States);
      const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
      if (processor?.States) walk(processor.States);
      if (!isDistributedMap(state)) continue;
      maps.set(name, state);
      const task: AslState = { Type: 'Task', Resource: DISTRIBUTED_MAP_RESOURCE };
      for (const k of [
        'Comment',
        'InputPath',
        'OutputPath',
        'ResultPath',
        'ResultSelector',
        'Assign',
        'Retry',
        'Catch',
        'Next',
        'End',
      ])
        if (state[k] !== undefined) task[k] = state[k];
      states[name] = task;
    }
  };
  walk(definition.States);
  return maps;
}

/** Evaluates a Parameters-style template: "key.$" fields are JSONPath against $ (input) or $$ (context). */
export function evaluateTemplate(template: unknown, input: unknown, context: unknown, where: string): unknown {
  if (Array.isArray(template)) return template.map((t) => evaluateTemplate(t, input, context, where));
  if (!template || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template)) {
    if (!k.endsWith('.$')) {
      out[k] = evaluateTemplate(v, input, context, where);
      continue;
    }
    if (typeof v !== 'string' || !v.startsWith('$'))
      throw new TaskError(
        'States.Runtime',
        `${where}: "${k}": only JSONPath ($ or $$) is evaluated in Distributed Map fields locally, not "${String(v)}"`,
      );
    const [json, path] = v.startsWith('$$') ? [context, v.slice(1)] : [input, v];
    const found = JSONPath({ path, json: json as object, wrap: true }) as unknown[];
    if (!found.length) throw new TaskError('States.Runtime', `${where}: the JSONPath ${v} of "${k}" matched nothing`);
    out[k.slice(0, -2)] = found.length === 1 && !/[*]|\.\.|\[\?/.test(path) ? found[0] : found;
  }
  return out;
}

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines), every value a string. */
function parseCsv(text: string): string[][] {
  return parseCsvText(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
}

interface ReaderInput {
  Bucket?: string;
  Key?: string;
  Prefix?: string;
}

/** The items an ItemReader yields, in AWS's shapes. */
export async function readItems(
  reader: Record<string, unknown>,
  mapInput: unknown,
  s3: MapStorage,
  where: string,
): Promise<unknown[]> {
  const resource = String(reader.Resource ?? '');
  const params = evaluateTemplate(reader.Parameters ?? reader.Arguments ?? {}, mapInput, {}, where) as ReaderInput;
  const config = (reader.ReaderConfig ?? {}) as {
    InputType?: string;
    CSVHeaderLocation?: string;
    CSVHeaders?: string[];
    MaxItems?: number;
  };
  const fail = (msg: string) => new TaskError('States.ItemReaderFailed', `${where}: ${msg}`);
  if (!params.Bucket) throw fail('ItemReader Parameters need "Bucket"');
  let items: unknown[];
  if (/:s3:listObjectsV2$/.test(resource)) {
    const listed = await s3.list(params.Bucket, params.Prefix ?? '');
    if (!listed.length)
      throw fail(
        `no objects under s3://${params.Bucket}/${params.Prefix ?? ''} in local S3 (land data there first, e.g. lakeops put or the pipeline's sample:)`,
      );
    items = listed.map((o) => ({
      Key: o.key,
      Size: o.size,
      LastModified: Math.floor(Date.parse(o.lastModified) / 1000),
      StorageClass: 'STANDARD',
    }));
  } else if (/:s3:getObject$/.test(resource)) {
    if (!params.Key) throw fail('ItemReader Parameters need "Key"');
    const body = await s3.get(params.Bucket, params.Key);
    if (!body) throw fail(`S3.NoSuchKey: s3://${params.Bucket}/${params.Key} does not exist in local S3`);
    const text = body.toString('utf8');
    const type = config.InputType ?? 'JSON';
    if (type === 'JSON') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw fail(`s3://${params.Bucket}/${params.Key} is not JSON: ${(e as Error).message}`);
      }
      if (!Array.isArray(parsed)) throw fail(`s3://${params.Bucket}/${params.Key} must hold a JSON array`);
      items = parsed;
    } else if (type === 'JSONL') {
      items = text
        .split('\n')
        .filter((l) => l.trim())
        .map((l, i) => {
          try {
            return JSON.parse(l) as unknown;
          } catch {
            throw fail(`s3://${params.Bucket}/${params.Key} line ${i + 1} is not JSON`);
          }
        });
    } else if (type === 'CSV') {
      const rows = parseCsv(text);
      const given = config.CSVHeaderLocation === 'GIVEN';
      const headers = given ? (config.CSVHeaders ?? []) : (rows.shift() ?? []);
      if (!headers.length) throw fail('CSVHeaderLocation GIVEN needs CSVHeaders');
      // Every CSV value is a string, as on AWS.
      items = rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ''])));
    } else if (type === 'MANIFEST') {
      // An S3 Inventory manifest: its CSV files (gzipped) list the objects, columns per fileSchema.
      const manifest = JSON.parse(text) as { fileSchema?: string; files?: { key: string }[] };
      const columns = (manifest.fileSchema ?? 'Bucket, Key').split(',').map((c) => c.trim());
      items = [];
      for (const f of manifest.files ?? []) {
        const part = await s3.get(params.Bucket, f.key);
        if (!part) throw fail(`inventory file s3://${params.Bucket}/${f.key} does not exist in local S3`);
        const csv = f.key.endsWith('.gz') ? gunzipSync(part).toString('utf8') : part.toString('utf8');
        for (const r of parseCsv(csv)) items.push(Object.fromEntries(columns.map((c, i) => [c, r[i] ?? ''])));
      }
    } else throw fail(`ReaderConfig.InputType "${type}" is not one of CSV, JSON, JSONL, MANIFEST`);
  } else throw fail(`ItemReader Resource ${resource} is not s3:listObjectsV2 or s3:getObject`);
  return config.MaxItems ? items.slice(0, config.MaxItems) : items;
}

export interface ChildOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface DistributedMapRun {
  stateName: string;
  state: AslState;
  input: unknown;
  /** Where the map state is, for messages (file:line). */
  where: string;
  s3?: MapStorage;
  stateMachineArn: string;
  executionName: string;
  /** Runs the ItemProcessor on one input as a child execution. */
  runChild(processor: AslDefinition, input: unknown, name: string): Promise<ChildOutcome>;
}

/** Runs one Distributed Map state to its end and returns its result (what ResultPath receives). */
export async function runDistributedMap(run: DistributedMapRun): Promise<unknown> {
  const { state, input, where } = run;
  const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition;
  let items: unknown[];
  if (state.ItemReader) {
    if (!run.s3) throw new TaskError('States.ItemReaderFailed', `${where}: no local S3 to read items from`);
    items = await readItems(state.ItemReader as Record<string, unknown>, input, run.s3, where);
  } else {
    const path = typeof state.ItemsPath === 'string' ? state.ItemsPath : '$';
    const found = JSONPath({ path, json: input as object, wrap: false }) as unknown;
    if (!Array.isArray(found)) throw new TaskError('States.Runtime', `${where}: ItemsPath ${path} is not an array`);
    items = found;
  }
  const selector = state.ItemSelector ?? state.Parameters;
  const selected = items.map((value, index) =>
    selector === undefined
      ? value
      : evaluateTemplate(selector, input, { Map: { Item: { Index: index, Value: value } } }, where),
  );
  // ItemBatcher: children get {"Items": [...], "BatchInput": ...}.
  const batcher = state.ItemBatcher as
    { MaxItemsPerBatch?: number; MaxInputBytesPerBatch?: number; BatchInput?: unknown } | undefined;
  let inputs: unknown[] = selected;
  if (batcher) {
    const maxItems = batcher.MaxItemsPerBatch ?? Infinity;
    const maxBytes = batcher.MaxInputBytesPerBatch ?? 256 * 1024;
    const batchInput =
      batcher.BatchInput === undefined ? undefined : evaluateTemplate(batcher.BatchInput, input, {}, where);
    inputs = [];
    let current: unknown[] = [];
    const flush = () => {
      if (current.length)
        inputs.push({ ...(batchInput !== undefined ? { BatchInput: batchInput } : {}), Items: current });
      current = [];
    };
    for (const item of selected) {
      const bytes = Buffer.byteLength(JSON.stringify([...current, item]));
      if (current.length && (current.length >= maxItems || bytes > maxBytes)) flush();
      current.push(item);
    }
    flush();
  }

  const mapRunId = randomUUID();
  const label = typeof state.Label === 'string' ? state.Label : run.stateName;
  const mapRunArn = `${run.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${label}:${mapRunId}`;
  const concurrency =
    typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : LOCAL_MAX_CONCURRENCY;
  const limit = pLimit(concurrency);
  const records = await Promise.all(
    inputs.map((childInput, i) =>
      limit(async () => {
        const name = `${mapRunId.slice(0, 8)}-${i}`;
        const startDate = new Date().toISOString();
        const outcome = await run.runChild(processor, childInput, name);
        return { i, name, startDate, stopDate: new Date().toISOString(), input: childInput, outcome };
      }),
    ),
  );
  const failed = records.filter((r) => r.outcome.status === 'FAILED');
  const toleratedCount = typeof state.ToleratedFailureCount === 'number' ? state.ToleratedFailureCount : undefined;
  const toleratedPct =
    typeof state.ToleratedFailurePercentage === 'number' ? state.ToleratedFailurePercentage : undefined;
  const overCount = toleratedCount !== undefined ? failed.length > toleratedCount : undefined;
  const overPct =
    toleratedPct !== undefined ? (failed.length / Math.max(1, records.length)) * 100 > toleratedPct : undefined;
  // No threshold: any failure fails the Map; with thresholds, exceeding either one does.
  const exceeded = overCount === undefined && overPct === undefined ? failed.length > 0 : !!overCount || !!overPct;

  let resultWriterDetails: { Bucket: string; Key: string } | undefined;
  const writer = state.ResultWriter as
    { Resource?: string; Parameters?: { Bucket?: string; Prefix?: string } } | undefined;
  if (writer?.Parameters?.Bucket) {
    if (!run.s3) throw new TaskError('States.ResultWriterFailed', `${where}: no local S3 to write results to`);
    const bucket = writer.Parameters.Bucket;
    const prefix = writer.Parameters.Prefix ? `${writer.Parameters.Prefix.replace(/\/$/, '')}/` : '';
    const base = `${prefix}${mapRunId}/`;
    const describe = (r: (typeof records)[number]) => ({
      ExecutionArn: `${run.stateMachineArn.replace(':stateMachine:', ':express:')}/${label}:${r.name}`,
      Input: JSON.stringify(r.input),
      InputDetails: { Included: true },
      Name: r.name,
      ...(r.outcome.status === 'SUCCEEDED'
        ? { Output: JSON.stringify(r.outcome.output ?? null), OutputDetails: { Included: true } }
        : { Error: r.outcome.error, Cause: r.outcome.cause }),
      StartDate: r.startDate,
      StateMachineArn: run.stateMachineArn,
      Status: r.outcome.status,
      StopDate: r.stopDate,
    });
    const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
      FAILED: [],
      PENDING: [],
      SUCCEEDED: [],
    };
    for (const status of ['SUCCEEDED', 'FAILED'] as const) {
      const group = records.filter((r) => r.outcome.status === status);
      if (!group.length) continue;
      const key = `${base}${status}_0.json`;
      const body = JSON.stringify(group.map(describe));
      await run.s3.put(bucket, key, body);
      files[status].push({ Key: key, Size: Buffer.byteLength(body) });
    }
    const manifestKey = `${base}manifest.json`;
    await run.s3.put(
      bucket,
      manifestKey,
      JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files }),
    );
    resultWriterDetails = { Bucket: bucket, Key: manifestKey };
  }

  if (exceeded)
    throw new TaskError(
      'States.ExceedToleratedFailureThreshold',
      `${where}: ${failed.length} of ${records.length} child executions failed (tolerated: ${toleratedCount ?? 0}${toleratedPct !== undefined ? `, ${toleratedPct}%` : ''}); first failure: ${failed[0]?.outcome.error ?? ''} ${failed[0]?.outcome.cause ?? ''}`.trim(),
    );
  if (resultWriterDetails) return { MapRunArn: mapRunArn, ResultWriterDetails: resultWriterDetails };
  return records.map((r) =>
    r.outcome.status === 'SUCCEEDED' ? r.outcome.output : { Error: r.outcome.error, Cause: r.outcome.cause },
  );
}
