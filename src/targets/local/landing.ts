// Sample landing that is complete or absent. Before the first object of a sample lands, an intent
// record names the landing; after the last, a manifest (every key, size and ETag) replaces it. A
// landing whose intent is still there, or whose manifest names an object that is gone or changed
// in size, was interrupted and is landed again before any run reads the prefix. Data under a
// prefix that no manifest accounts for (e.g. from `lakeops put`) is the user's and left alone.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { faultPoint } from './fault.js';

export interface LandingFile {
  key: string;
  size: number;
}

export interface LandingRecord {
  /** s3://bucket/prefix the sample lands under. */
  to: string;
  bucket: string;
  files: LandingFile[];
}

export interface LandingPlan {
  id: string;
  to: string;
  bucket: string;
  prefix: string;
  /** The generated objects (keys relative to the bucket). */
  files: { key: string; body: Uint8Array | string }[];
}

export const landingsDir = (stateDir: string) => join(stateDir, 'landings');

/** A stable id per pipeline, sample entry and destination. */
export const landingId = (pipeline: string, index: number, to: string) =>
  createHash('sha256').update(`${pipeline}\n${index}\n${to}`).digest('hex').slice(0, 24);

async function readRecord(file: string): Promise<LandingRecord | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LandingRecord;
  } catch {
    return undefined;
  }
}

/** Writes a file whole or not at all (temp file, fsync, rename); job bookmarks reuse it. */
export async function writeDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.writing`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

export type LandingState = 'complete' | 'interrupted' | 'foreign-data' | 'absent';

/** What is under a sample's prefix now. */
export async function landingState(
  stateDir: string | undefined,
  storage: {
    list(bucket: string, prefix?: string): Promise<{ key: string; size?: number }[]>;
    /** Keys only (no sizes): what the checks below need unless a manifest must be compared. */
    keys?(bucket: string, prefix?: string): Promise<string[]>;
    /** Keys one at a time: "is any key not ours" stops at the first such key. */
    keyStream?(bucket: string, prefix?: string): AsyncIterable<string>;
  },
  id: string,
  bucket: string,
  prefix: string,
): Promise<LandingState> {
  // Every local run asks this of its sample's prefix, and a history of data under it can be many
  // thousand objects: list keys alone (one folder walk) and take sizes only to check a manifest.
  const keys = async () =>
    storage.keys ? storage.keys(bucket, prefix) : (await storage.list(bucket, prefix)).map((o) => o.key);
  // Whether any key passes `keep`; streamed, it stops at the first (a backfill asks this once per
  // slot of a prefix holding weeks of files).
  const anyKey = async (keep: (k: string) => boolean): Promise<boolean> => {
    if (!storage.keyStream) return (await keys()).some(keep);
    for await (const k of storage.keyStream(bucket, prefix)) if (keep(k)) return true;
    return false;
  };
  if (stateDir === undefined) return (await anyKey(() => true)) ? 'foreign-data' : 'absent';
  const dir = landingsDir(stateDir);
  const intent = await readRecord(join(dir, `${id}.intent.json`));
  if (intent) return 'interrupted';
  const manifest = await readRecord(join(dir, `${id}.json`));
  if (manifest) {
    const sizes = new Map((await storage.list(bucket, prefix)).map((o) => [o.key, o.size]));
    return manifest.files.every((f) => sizes.get(f.key) === f.size) ? 'complete' : 'interrupted';
  }
  // Objects other landings put here are theirs; anything else is data someone put on purpose.
  const ours = new Set<string>();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const r = await readRecord(join(dir, name));
    if (r?.bucket === bucket) for (const f of r.files) ours.add(f.key);
  }
  return (await anyKey((k) => !ours.has(k))) ? 'foreign-data' : 'absent';
}

/** Lands every object of the plan: intent first, manifest last. */
export async function land(
  stateDir: string | undefined,
  plan: LandingPlan,
  io: {
    put: (bucket: string, key: string, body: Uint8Array | string) => Promise<{ size: number }>;
    remove: (bucket: string, key: string) => Promise<void>;
  },
): Promise<LandingFile[]> {
  if (stateDir === undefined) {
    const files: LandingFile[] = [];
    for (const f of plan.files) files.push({ key: f.key, size: (await io.put(plan.bucket, f.key, f.body)).size });
    return files;
  }
  const dir = landingsDir(stateDir);
  await mkdir(dir, { recursive: true });
  const intentFile = join(dir, `${plan.id}.intent.json`);
  // Objects an interrupted landing put that this one does not generate are removed (they were ours).
  const earlier = (await readRecord(intentFile)) ?? (await readRecord(join(dir, `${plan.id}.json`)));
  const intent: LandingRecord = {
    to: plan.to,
    bucket: plan.bucket,
    files: [...new Set([...(earlier?.files ?? []).map((f) => f.key), ...plan.files.map((f) => f.key)])].map((key) => ({
      key,
      size: -1,
    })),
  };
  await writeDurably(intentFile, JSON.stringify(intent));
  await faultPoint('landing.intent-written');
  const keep = new Set(plan.files.map((f) => f.key));
  const files: LandingFile[] = [];
  for (const [i, f] of plan.files.entries()) {
    const o = await io.put(plan.bucket, f.key, f.body);
    files.push({ key: f.key, size: o.size });
    if (i === 0) await faultPoint('landing.first-file');
  }
  for (const f of earlier?.files ?? []) if (!keep.has(f.key)) await io.remove(plan.bucket, f.key);
  await faultPoint('landing.files-written');
  await writeDurably(join(dir, `${plan.id}.json`), JSON.stringify({ to: plan.to, bucket: plan.bucket, files }));
  await rm(intentFile, { force: true });
  return files;
}
