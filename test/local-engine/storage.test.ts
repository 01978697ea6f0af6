// S3 as a folder tree: objects by bucket and key, listings by prefix, URI <-> path mapping.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { LocalStorage } from '../../src/targets/local/storage.js';

let root: string;
let s: LocalStorage;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lakeops-s3-'));
  s = new LocalStorage(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('put, get, list by prefix (sorted by key), delete', async () => {
  const o = await s.put('my-bucket', 'raw/2024/b.json', '{"a":1}\n');
  expect(o).toMatchObject({ bucket: 'my-bucket', key: 'raw/2024/b.json', size: 8 });
  expect(o.etag).toBe(createHash('md5').update('{"a":1}\n').digest('hex'));
  await s.put('my-bucket', 'raw/2024/a.json', 'x');
  await s.put('my-bucket', 'raw-other/c.json', 'y');
  await s.put('my-bucket', 'rawfile', 'z');
  expect((await s.get('my-bucket', 'raw/2024/b.json'))!.toString()).toBe('{"a":1}\n');
  expect(await s.get('my-bucket', 'raw/missing')).toBeUndefined();
  expect((await s.list('my-bucket', 'raw/')).map((x) => x.key)).toEqual(['raw/2024/a.json', 'raw/2024/b.json']);
  expect((await s.list('my-bucket', 'raw')).map((x) => x.key)).toEqual([
    'raw-other/c.json',
    'raw/2024/a.json',
    'raw/2024/b.json',
    'rawfile',
  ]);
  await s.delete('my-bucket', 'raw/2024/a.json');
  expect((await s.list('my-bucket', 'raw/')).map((x) => x.key)).toEqual(['raw/2024/b.json']);
  // No temp files are left beside the objects.
  expect(readdirSync(join(root, 'my-bucket', 'raw', '2024'))).toEqual(['b.json']);
});

test('s3:// URIs map to paths and back; keys cannot leave their bucket', async () => {
  const path = s.pathOfUri('s3://my-bucket/a/b.parquet');
  expect(path).toBe(join(root, 'my-bucket', 'a', 'b.parquet'));
  expect(s.uriOf(path)).toBe('s3://my-bucket/a/b.parquet');
  expect(() => s.pathOf('my-bucket', '../other/x')).toThrow(/leaves the bucket/);
  expect(() => s.pathOf('Bad_Bucket', 'x')).toThrow(/invalid bucket name/);
  await expect(s.put('my-bucket', 'folder/', 'x')).rejects.toThrow(/must name a file/);
});
