// Whether a run must land its sample is decided on every local run, over a prefix that may hold
// thousands of objects of history: deciding it must not read the size of every object (a stat
// per file cost about a second per run at 10,000 files), and must keep its answers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { landingsDir, landingState } from '../../src/targets/local/landing.js';
import { LocalStorage } from '../../src/targets/local/storage.js';

const BUCKET = 'data-bucket';
let root: string;
let storage: LocalStorage;
let sizesRead: number;
/** LocalStorage, counting the calls that read each object's size. */
const counted = () => ({
  list: (b: string, p?: string) => {
    sizesRead++;
    return storage.list(b, p);
  },
  keys: (b: string, p?: string) => storage.keys(b, p),
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lakeops-landing-'));
  storage = new LocalStorage(join(root, 's3'));
  sizesRead = 0;
  mkdirSync(join(root, 'state'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(key: string, body = 'x') {
  const file = join(root, 's3', BUCKET, ...key.split('/'));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, body);
}

test('keys lists what list lists, without sizes', async () => {
  for (const k of ['raw/b/2.json', 'raw/a/1.json', 'raw/a/10.json', 'rawx/1.json', 'other/1.json']) put(k);
  expect((await storage.keys(BUCKET, 'raw/')).sort()).toEqual(
    (await storage.list(BUCKET, 'raw/')).map((o) => o.key).sort(),
  );
  expect((await storage.keys(BUCKET, 'raw')).sort()).toEqual([
    'raw/a/1.json',
    'raw/a/10.json',
    'raw/b/2.json',
    'rawx/1.json',
  ]);
});

test('data someone put under the prefix is foreign without reading any size', async () => {
  for (let m = 0; m < 50; m++) put(`raw/hour=0/minute=${m}/hits.json`);
  expect(await landingState(join(root, 'state'), counted(), 'id', BUCKET, 'raw/')).toBe('foreign-data');
  expect(await landingState(undefined, counted(), 'id', BUCKET, 'raw/')).toBe('foreign-data');
  expect(await landingState(join(root, 'state'), counted(), 'id', BUCKET, 'empty/')).toBe('absent');
  expect(sizesRead).toBe(0);
});

test('keyStream yields the keys keys() lists; deciding "foreign data" reads only up to the first foreign key', async () => {
  for (let m = 0; m < 50; m++) put(`raw/hour=0/minute=${String(m).padStart(2, '0')}/hits.json`);
  put('rawx/1.json');
  const streamed: string[] = [];
  for await (const k of storage.keyStream(BUCKET, 'raw')) streamed.push(k);
  expect(streamed.sort()).toEqual((await storage.keys(BUCKET, 'raw')).sort());
  let yielded = 0;
  const streaming = {
    ...counted(),
    keys: () => Promise.reject(new Error('the whole listing is not needed')),
    keyStream: async function* (b: string, p?: string) {
      for await (const k of storage.keyStream(b, p)) {
        yielded++;
        yield k;
      }
    },
  };
  expect(await landingState(join(root, 'state'), streaming, 'id', BUCKET, 'raw/')).toBe('foreign-data');
  expect(await landingState(undefined, streaming, 'id', BUCKET, 'raw/')).toBe('foreign-data');
  expect(yielded).toBe(2);
  expect(await landingState(join(root, 'state'), streaming, 'id', BUCKET, 'empty/')).toBe('absent');
});

test('a landed sample is compared by size with its manifest: complete, or interrupted when a file changed', async () => {
  put('raw/1.json', 'abc');
  mkdirSync(landingsDir(join(root, 'state')), { recursive: true });
  const manifest = { id: 'id', bucket: BUCKET, prefix: 'raw/', files: [{ key: 'raw/1.json', size: 3 }] };
  writeFileSync(join(landingsDir(join(root, 'state')), 'id.json'), JSON.stringify(manifest));
  expect(await landingState(join(root, 'state'), counted(), 'id', BUCKET, 'raw/')).toBe('complete');
  put('raw/1.json', 'abcd');
  expect(await landingState(join(root, 'state'), counted(), 'id', BUCKET, 'raw/')).toBe('interrupted');
  expect(sizesRead).toBe(2);
});
