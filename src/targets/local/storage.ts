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

export class LocalStorage {
  /** Absolute path of the folder holding one folder per bucket. */
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Local folder or file path of s3://bucket/key (key may be a prefix ending in /). */
  pathOf(bucket: string, key = ''): string {
    if (!BUCKET_RE.test(bucket))
      throw new Error(`invalid bucket name "${bucket}": 3-63 lower-case letters, digits, "." or "-"`);
    const base = join(this.root, bucket);
    const p = resolve(base, key);
    // Keys like "../x" must not escape the bucket folder.
    if (p !== base && !p.startsWith(base + sep)) throw new Error(`invalid S3 key "${key}": it leaves the bucket`);
    return p;
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
    return `s3://${bucket}/${rest.join('/')}`;
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

  /** Every object whose key starts with `prefix`, sorted by key (as ListObjectsV2 returns them). */
  async list(bucket: string, prefix = ''): Promise<ListedObject[]> {
    // Walk from the deepest folder the prefix names, then filter by the full prefix.
    const cut = prefix.lastIndexOf('/');
    const folderKey = cut >= 0 ? prefix.slice(0, cut + 1) : '';
    const start = this.pathOf(bucket, folderKey);
    const out: ListedObject[] = [];
    for (const file of await walkFiles(start)) {
      const key = folderKey + relative(start, file).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const st = await stat(file);
      out.push({ key, size: st.size, lastModified: st.mtime.toISOString() });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(bucket: string, key: string): Promise<void> {
    await rm(this.pathOf(bucket, key), { force: true });
  }

  /** Removes every object under a prefix folder. */
  async deletePrefix(bucket: string, prefix: string): Promise<void> {
    await rm(this.pathOf(bucket, prefix), { recursive: true, force: true });
  }
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
