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
  // "../other/x" is a key like any other (S3 keys are opaque): it stays inside its bucket's folder.
  expect(s.pathOf('my-bucket', '../other/x').startsWith(join(root, 'my-bucket') + '/')).toBe(true);
  expect(() => s.pathOf('Bad_Bucket', 'x')).toThrow(/invalid bucket name/);
  await expect(s.put('my-bucket', 'folder/', 'x')).rejects.toThrow(/must name a file/);
});

test('keys are stored and listed exactly as given: a//b, a/./b and a/../b are distinct from a/b and stay in the bucket', async () => {
  const keys = [
    'a/b',
    'a//b',
    'a/./b',
    'a/../b',
    '../../escape',
    '%',
    '%.',
    'a/%%../x',
    'k=a%2Fb/f',
    '/lead',
    'é/x',
    'z/\u{1F600}',
    'z/\uFFFD',
  ];
  for (const [i, k] of keys.entries()) await s.put('my-bucket', k, String(i));
  for (const [i, k] of keys.entries()) expect((await s.get('my-bucket', k))!.toString()).toBe(String(i));
  const listed = (await s.list('my-bucket')).map((o) => o.key);
  // S3 lists in UTF-8 byte order (U+1F600 is F0 9F 98 80, after U+FFFD's EF BF BD; UTF-16 order says otherwise).
  expect(listed).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  expect(listed.indexOf('z/\uFFFD')).toBeLessThan(listed.indexOf('z/\u{1F600}'));
  // Nothing was written outside the bucket's folder.
  expect(readdirSync(root)).toEqual(['my-bucket']);
  for (const k of keys) expect(s.uriOf(s.pathOf('my-bucket', k))).toBe(`s3://my-bucket/${k}`);
});

test('keys over 1,024 bytes of UTF-8 and buckets nobody declared are refused', async () => {
  const longest = Array.from({ length: 5 }, () => 'k'.repeat(200)).join('/') + '/' + 'k'.repeat(19); // 1024 bytes
  expect(Buffer.byteLength(longest)).toBe(1024);
  await s.put('my-bucket', longest, 'ok');
  expect((await s.list('my-bucket')).map((o) => o.key)).toEqual([longest]);
  await expect(s.put('my-bucket', 'k'.repeat(300), 'x')).rejects.toThrow(/holds at most 230 bytes per segment/);
  await expect(s.put('my-bucket', 'k'.repeat(1025), 'x')).rejects.toThrow(
    /1025 bytes of UTF-8, S3 allows at most 1024/,
  );
  await expect(s.put('my-bucket', 'é'.repeat(513), 'x')).rejects.toThrow(/1026 bytes/);
  const declared = new LocalStorage(root, new Set(['my-bucket']));
  await declared.put('my-bucket', 'x', 'ok');
  await expect(declared.put('other-bucket', 'x', 'no')).rejects.toThrow(
    /bucket "other-bucket" is not declared for this environment in lakeops.yaml \(declared: my-bucket\)/,
  );
  expect(readdirSync(root)).toEqual(['my-bucket']);
});
