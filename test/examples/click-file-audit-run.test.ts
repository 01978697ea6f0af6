// click-file-audit, a Distributed Map over the landed files, run for real on the local target:
// the listing batches every file three at a time through the mocked Lambda, and ResultWriter's
// manifest and result file in local S3 account for every batch.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { getPipeline, loadProjectOrThrow, type Project } from '../../src/model/project.js';
import type { ProgressSink } from '../../src/report/model.js';
import { createLocalTarget, type LocalTarget } from '../../src/targets/local/index.js';

const silent = { stepStarted() {}, stepEnded() {}, info() {}, stop() {} } as unknown as ProgressSink;

let dir: string;
let project: Project;
let target: LocalTarget;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lakeops-click-file-audit-'));
  for (const entry of ['lakeops.yaml', 'pipelines', 'sql', 'glue-scripts'])
    cpSync(entry, join(dir, entry), { recursive: true });
  project = loadProjectOrThrow(dir);
  target = await createLocalTarget(project, resolveEnvironment(project, 'local'));
  await target.landSample(getPipeline(project, 'click-file-audit'), { events: false });
});

afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('every landed file is checked in batches of three and the map run results land in local S3', async () => {
  const storage = target.engine.storage!;
  const bucket = 'lakeops-demo-data';
  const files = (await storage.list(bucket, 'click-file-audit/landing/')) as { key: string }[];
  expect(files.length).toBeGreaterThan(3);

  const run = await target.run(project, 'click-file-audit', {}, silent);
  expect(run.status).toBe('SUCCEEDED');
  const audit = (run.output as { audit: { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } } })
    .audit;
  expect(audit.MapRunArn).toMatch(/:mapRun:click-file-audit-workflow\/AuditFiles:/);
  expect(audit.ResultWriterDetails.Bucket).toBe(bucket);
  const manifest = JSON.parse((await storage.get!(bucket, audit.ResultWriterDetails.Key))!.toString()) as {
    ResultFiles: { SUCCEEDED: { Key: string }[]; FAILED: unknown[] };
  };
  expect(manifest.ResultFiles.FAILED).toEqual([]);
  const results = JSON.parse((await storage.get!(bucket, manifest.ResultFiles.SUCCEEDED[0]!.Key))!.toString()) as {
    Input: string;
    Status: string;
  }[];
  expect(results).toHaveLength(Math.ceil(files.length / 3));
  const batched = results.flatMap((r) => (JSON.parse(r.Input) as { Items: { key: string }[] }).Items.map((i) => i.key));
  expect(batched.sort()).toEqual(files.map((f) => f.key).sort());
  expect(results.every((r) => JSON.parse(r.Input).BatchInput.bucket === bucket)).toBe(true);
});
