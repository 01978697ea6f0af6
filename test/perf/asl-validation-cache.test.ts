// The local run checks a state machine's structure once per definition: a definition that passed
// is remembered by content hash, so later runs skip asl-validator (about a second of CPU each);
// a broken definition is never remembered and fails every run with the file named.
import { join } from 'node:path';
import { ConfigError } from '../../src/model/diagnostics.js';
import { getPipeline } from '../../src/model/project.js';
import {
  resetTranslationMemory,
  setTranslationCacheDir,
  translationCacheStats,
} from '../../src/targets/local/translation-cache.js';
import { makeProject, recordingProgress, writeFiles, type TestProject } from '../local-orchestration/project.js';

let t: TestProject;
beforeEach(() => {
  t = makeProject(
    { main: { stateMachine: { definition: 'pipelines/main/sm.asl.json' } } },
    { 'pipelines/main/sm.asl.json': { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
  );
  // The engine here is a recording fake; the real one points the cache at .lakeops/<env>/.
  setTranslationCacheDir(join(t.root, 'checked'));
});
afterEach(() => setTranslationCacheDir(undefined));

const run = (definition: object) => {
  writeFiles(t.root, { 'pipelines/main/sm.asl.json': definition });
  return t.target.executeStateMachine(getPipeline(t.project, 'main'), { input: {}, progress: recordingProgress() });
};

test('a valid definition is checked once; the same text later is not checked again', async () => {
  resetTranslationMemory();
  const definition = { StartAt: 'Only', States: { Only: { Type: 'Pass', Result: { n: 41 }, End: true } } };
  expect((await run(definition)).status).toBe('SUCCEEDED');
  expect(translationCacheStats().computed).toBe(1);
  resetTranslationMemory(); // a new process
  expect((await run(definition)).status).toBe('SUCCEEDED');
  expect(translationCacheStats()).toMatchObject({ computed: 0 });
});

test('a structurally broken definition fails each run, never remembered as checked', async () => {
  const broken = { StartAt: 'Missing', States: { Only: { Type: 'Pass', End: true } } };
  for (let i = 0; i < 2; i++) {
    resetTranslationMemory();
    const r = run(broken);
    await expect(r).rejects.toThrow(ConfigError);
    await expect(r).rejects.toThrow(/sm\.asl\.json/);
  }
});
