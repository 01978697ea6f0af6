// S3 on the local target: a folder tree `.lakeops/<env>/s3/<bucket>/<key>`. Writes go to a temp
// file in the same folder and are renamed into place, so a reader never sees half an object.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseS3Uri } from '../../model/environment.js';
import { faultPoint } from './fault.js';

export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
  /** MD5 of the content in hex, as S3 reports it for a single-part upload (quotes omitted). */
  etag: string;
  lastModified: string;
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: string;
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Temp files written by put(); readers and listings skip them. */
const TEMP_MARK = '.lakeops-tmp-';

/** S3's limit on a key: 1,024 bytes of UTF-8 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
export const MAX_KEY_BYTES = 1024;
/** File names hold 255 bytes; put()'s temp suffix needs the rest. */
const MAX_SEGMENT_BYTES = 230;

/**
 * One key segment as a file name, reversibly. S3 keys are opaque strings: "a//b", "a/./b" and
 * "a/../b" are three keys distinct from "a/b", and none may leave its bucket. The segments a file
 * system cannot hold as they are ("", ".", "..") get a "%" in front, and so does any segment that
 * already has that shape ("%", "%.", "%%..", ...), so decoding strips exactly one "%". Every other
 * segment — including Hive's escaped partition folders such as "k=a%2Fb" — is its own file name.
 */
export function encodeSegment(segment: string): string {
  return segment === '' || segment === '.' || segment === '..' || /^%+\.{0,2}$/.test(segment) ? `%${segment}` : segment;
}

export function decodeSegment(name: string): string {
  return /^%+\.{0,2}$/.test(name) ? name.slice(1) : name;
}

/** S3's listing order: keys compared as UTF-8 bytes. */
export const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export class LocalStorage {
  /** Absolute path of the folder holding one folder per bucket. */
  readonly root: string;

  /**
   * @param buckets the bucket names lakeops.yaml declares for the environment; when given, any
   *   other bucket is refused (the local S3 has no buckets nobody declared).
   */
  constructor(
    root: string,
    readonly buckets?: ReadonlySet<string>,
  ) {
    this.root = resolve(root);
  }

  /** Local folder or file path of s3://bucket/key (key may be a prefix ending in /). */
  pathOf(bucket: string, key = ''): string {
    if (!BUCKET_RE.test(bucket))
      throw new Error(`invalid bucket name "${bucket}": 3-63 lower-case letters, digits, "." or "-"`);
    if (this.buckets && !this.buckets.has(bucket))
      throw new Error(
        `bucket "${bucket}" is not declared for this environment in lakeops.yaml (declared: ${[...this.buckets].sort().join(', ') || 'none'}); add it under buckets:`,
      );
    if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
      throw new Error(
        `invalid S3 key: ${Buffer.byteLength(key, 'utf8')} bytes of UTF-8, S3 allows at most ${MAX_KEY_BYTES}`,
      );
    if (key.includes('\0'))
      throw new Error('invalid S3 key: it contains a NUL character, which no local file name can hold');
    const base = join(this.root, bucket);
    if (key === '') return base;
    // A prefix's trailing "/" names the folder; every other segment maps to one file name.
    const folder = key.endsWith('/');
    const segments = (folder ? key.slice(0, -1) : key).split('/').map(encodeSegment);
    const long = segments.find((g) => Buffer.byteLength(g, 'utf8') > MAX_SEGMENT_BYTES);
    if (long !== undefined)
      throw new Error(
        `S3 key segment "${long.slice(0, 40)}..." is ${Buffer.byteLength(long, 'utf8')} bytes: S3 accepts it, but the local target stores each "/"-separated segment as a file name and holds at most ${MAX_SEGMENT_BYTES} bytes per segment`,
      );
    const check = resolve(join(base, ...segments));
    // Encoding removes ".." and "." segments; this keeps the guarantee if that ever changes.
    if (check !== base && !check.startsWith(base + sep))
      throw new Error(`invalid S3 key "${key}": it leaves the bucket`);
    return check;
  }

  /** Local path of an s3:// URI. */
  pathOfUri(uri: string): string {
    const { bucket, key } = parseS3Uri(uri);
    return this.pathOf(bucket, key);
  }

  /** The s3:// URI of a local path under the storage root. */
  uriOf(path: string): string {
    const rel = relative(this.root, resolve(path));
    if (rel.startsWith('..') || rel === '') throw new Error(`${path} is not inside the local S3 folder ${this.root}`);
    const [bucket, ...rest] = rel.split(sep);
    return `s3://${bucket}/${rest.map(decodeSegment).join('/')}`;
  }

  async put(bucket: string, key: string, body: string | Uint8Array): Promise<StoredObject> {
    if (!key || key.endsWith('/')) throw new Error(`invalid S3 key "${key}": an object key must name a file`);
    const target = this.pathOf(bucket, key);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}${TEMP_MARK}${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(tmp, body);
      await faultPoint('put.temp-written');
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const etag = createHash('md5').update(body).digest('hex');
    const st = await stat(target);
    return { bucket, key, size: st.size, etag, lastModified: st.mtime.toISOString() };
  }

  /** Copies a local file in as an object (temp file + rename, like put). */
  async putFile(bucket: string, key: string, file: string): Promise<StoredObject> {
    if (!key || key.endsWith('/')) throw new Error(`invalid S3 key "${key}": an object key must name a file`);
    const target = this.pathOf(bucket, key);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}${TEMP_MARK}${randomBytes(6).toString('hex')}`;
    try {
      await copyFile(file, tmp);
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const etag = await md5OfFile(target);
    const st = await stat(target);
    return { bucket, key, size: st.size, etag, lastModified: st.mtime.toISOString() };
  }

  /** The object's bytes, or undefined when there is no such object. */
  async get(bucket: string, key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(bucket, key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR')
        return undefined;
      throw e;
    }
  }

  /** Every object whose key starts with `prefix`, in S3's order (UTF-8 bytes of the key), as ListObjectsV2 returns them. */
  async list(bucket: string, prefix = ''): Promise<ListedObject[]> {
    const out: ListedObject[] = [];
    for (const { key, file } of await this.walk(bucket, prefix)) {
      const st = await stat(file);
      out.push({ key, size: st.size, lastModified: st.mtime.toISOString() });
    }
    return out.sort((a, b) => compareKeys(a.key, b.key));
  }

  /**
   * The keys `list` returns, without reading each object's size and time, in folder-walk order
   * (not S3's: sorting by UTF-8 bytes costs more than the walk for thousands of keys).
   */
  async keys(bucket: string, prefix = ''): Promise<string[]> {
    return (await this.walk(bucket, prefix)).map((o) => o.key);
  }

  /**
   * The keys under `prefix` one at a time, folder by folder, so a caller that needs only the first
   * few (is there any object here that is not ours?) stops after a handful of reads instead of
   * walking thousands of folders. Order is the folder walk's, as `keys`.
   */
  async *keyStream(bucket: string, prefix = ''): AsyncGenerator<string> {
    const cut = prefix.lastIndexOf('/');
    const folderKey = cut >= 0 ? prefix.slice(0, cut + 1) : '';
    const start = this.pathOf(bucket, folderKey);
    const walk = async function* (dir: string): AsyncGenerator<string> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return;
        throw e;
      }
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const path = join(dir, e.name);
        if (e.isDirectory()) yield* walk(path);
        else if (e.isFile() && !e.name.includes(TEMP_MARK)) yield path;
      }
    };
    for await (const file of walk(start)) {
      const key = folderKey + relative(start, file).split(sep).map(decodeSegment).join('/');
      if (key.startsWith(prefix)) yield key;
    }
  }

  /** Walks from the deepest folder the prefix names, then filters by the full prefix. */
  private async walk(bucket: string, prefix: string): Promise<{ key: string; file: string }[]> {
    const cut = prefix.lastIndexOf('/');
    const folderKey = cut >= 0 ? prefix.slice(0, cut + 1) : '';
    const start = this.pathOf(bucket, folderKey);
    return (await walkFiles(start))
      .map((file) => ({ key: folderKey + relative(start, file).split(sep).map(decodeSegment).join('/'), file }))
      .filter((o) => o.key.startsWith(prefix));
  }

  async delete(bucket: string, key: string): Promise<void> {
    await rm(this.pathOf(bucket, key), { force: true });
  }

  /** Removes every object under a prefix folder. */
  async deletePrefix(bucket: string, prefix: string): Promise<void> {
    await rm(this.pathOf(bucket, prefix), { recursive: true, force: true });
  }
}

/**
 * Symbolic links anywhere under the local S3 folder. lakeops never makes one; a link planted there
 * (by a script job, by hand) would let DuckDB's globs read through it outside the lake, because
 * DuckDB's allowed_directories checks path strings, not where links lead.
 */
export async function symlinksUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return entries.filter((e) => e.isSymbolicLink()).map((e) => join(e.parentPath, e.name));
}

/** Every regular file under `dir` (recursively), skipping put()'s temp files; [] when dir is missing. */
export async function walkFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw e;
  }
  return entries
    .filter((e) => e.isFile() && !e.name.includes(TEMP_MARK))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function md5OfFile(file: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('md5');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', rej)
      .on('end', () => res(h.digest('hex')));
  });
}
