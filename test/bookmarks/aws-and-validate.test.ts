// Bookmarks and --conf on AWS (the job's DefaultArguments, as Glue reads them) and in validate:
// the same option written as the model field or as the raw Glue argument deploys the same spec;
// two places that disagree are an error at the line of the second; a Spark setting the local
// target cannot honour is a warning naming it on local environments.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { buildDesiredState } from '../../src/planner/desired.js';
import { accountContext } from '../../src/planner/names.js';
import { validateProject } from '../../src/validate/index.js';
import { copyProject, edit } from '../fixtures/aws/harness.js';

const FILE = 'pipelines/bookmarked-ingest/pipeline.yaml';
let copy: ReturnType<typeof copyProject>;
beforeEach(() => (copy = copyProject()));
afterEach(() => copy.cleanup());

function jobSpec(env = 'dev') {
  const project = loadProjectOrThrow(copy.root);
  const e = resolveEnvironment(project, env);
  const state = buildDesiredState(project, e, { ctx: accountContext(e, '123456789012') });
  return state.resources.find((r) => r.kind === 'job' && r.name === 'dev-ingest-orders')!.spec;
}
const lineOf = (text: string) =>
  readFileSync(join(copy.root, FILE), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

test('glue.bookmarks and glue.sparkConf deploy as --job-bookmark-option and one chained --conf', () => {
  edit(
    copy.root,
    FILE,
    '        spark.sql.session.timeZone: UTC',
    '        spark.sql.session.timeZone: UTC\n        spark.sql.shuffle.partitions: "8"',
  );
  const spec = jobSpec();
  expect(spec.DefaultArguments).toMatchObject({
    '--job-bookmark-option': 'job-bookmark-enable',
    '--conf': 'spark.sql.session.timeZone=UTC --conf spark.sql.shuffle.partitions=8',
  });
});

test('the raw Glue arguments mean the same: the deployed spec is identical', () => {
  const before = jobSpec();
  edit(copy.root, FILE, '      bookmarks: enable\n      sparkConf:\n        spark.sql.session.timeZone: UTC\n', '');
  edit(
    copy.root,
    FILE,
    '    output:\n      path: s3://${data}/bookmarked-ingest/curated/',
    "    arguments:\n      '--job-bookmark-option': job-bookmark-enable\n      '--conf': spark.sql.session.timeZone=UTC\n    output:\n      path: s3://${data}/bookmarked-ingest/curated/",
  );
  const after = jobSpec();
  expect(after.DefaultArguments).toEqual(before.DefaultArguments);
});

test('bookmarks or --conf written twice with different values are errors at the second place', async () => {
  edit(
    copy.root,
    FILE,
    '      bookmarks: enable\n',
    "      bookmarks: enable\n      extraArguments:\n        '--job-bookmark-option': job-bookmark-disable\n        '--conf': spark.sql.session.timeZone=Europe/Berlin\n",
  );
  const r = await validateProject(copy.root, { env: 'dev' });
  const errors = r.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.file}:${d.line} ${d.rule} ${d.message}`);
  expect(errors).toEqual([
    `${FILE}:${lineOf("'--job-bookmark-option'")} job-bookmarks job ingest-orders: sets --job-bookmark-option job-bookmark-disable but glue.bookmarks says job-bookmark-enable; keep one`,
    `${FILE}:${lineOf("'--conf'")} job-spark-conf job ingest-orders: sets spark.sql.session.timeZone=Europe/Berlin but glue.sparkConf.spark.sql.session.timeZone sets spark.sql.session.timeZone=UTC; keep one`,
  ]);
  expect(r.ok).toBe(false);
});

test('a bookmarked partitioned path input is an error (Glue bookmarked S3 reads add no partition columns)', async () => {
  edit(copy.root, FILE, '        format: csv\n    sql:', '        format: csv\n        partitioned: true\n    sql:');
  const r = await validateProject(copy.root, { env: 'local' });
  expect(r.diagnostics.filter((d) => d.rule === 'job-bookmarks').map((d) => d.line)).toEqual([
    lineOf('partitioned: true'),
  ]);
});

test('on local environments a --conf the local target cannot honour is a warning naming it; tuning settings are not', async () => {
  edit(
    copy.root,
    FILE,
    '        spark.sql.session.timeZone: UTC',
    '        spark.sql.session.timeZone: America/New_York\n        spark.sql.shuffle.partitions: "8"\n        spark.sql.legacy.timeParserPolicy: LEGACY',
  );
  const local = await validateProject(copy.root, { env: 'local' });
  expect(
    local.diagnostics.filter((d) => d.rule === 'local-spark-conf').map((d) => [d.line, d.severity, d.message]),
  ).toEqual([
    [
      lineOf('America/New_York'),
      'warning',
      expect.stringContaining(
        'spark.sql.session.timeZone=America/New_York is not honoured by the local target: the local engine computes in UTC',
      ),
    ],
    [
      lineOf('timeParserPolicy'),
      'warning',
      expect.stringContaining('spark.sql.legacy.timeParserPolicy=LEGACY is not honoured'),
    ],
  ]);
  expect(local.ok).toBe(true);
  const dev = await validateProject(copy.root, { env: 'dev' });
  expect(dev.diagnostics.filter((d) => d.rule === 'local-spark-conf')).toEqual([]);
});

test('the local run logs each --conf it does not honour', async () => {
  const { LocalEngine } = await import('../../src/targets/local/engine.js');
  edit(copy.root, FILE, '        spark.sql.session.timeZone: UTC', '        spark.sql.session.timeZone: Asia/Tokyo');
  const project = loadProjectOrThrow(copy.root);
  const engine = await LocalEngine.open(project, resolveEnvironment(project, 'local'));
  try {
    const run = await engine.startJobRun('ingest-orders', {});
    expect(engine.jobRunLog(run.Id)).toContainEqual(
      expect.stringMatching(/^--conf spark\.sql\.session\.timeZone=Asia\/Tokyo is not honoured locally/),
    );
  } finally {
    await engine.close();
  }
});

test('lakeops bookmarks reset on AWS calls ResetJobBookmark for the physical job name; none there is not an error', async () => {
  const { mockClient } = await import('aws-sdk-client-mock');
  const { GlueClient, ResetJobBookmarkCommand } = await import('@aws-sdk/client-glue');
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const { resetBookmarks } = await import('../../src/cli/commands/bookmarks.js');
  const { awsError } = await import('../fixtures/aws/fake-aws.js');
  const glue = mockClient(GlueClient);
  const sts = mockClient(STSClient);
  try {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    glue
      .on(ResetJobBookmarkCommand)
      .resolvesOnce({})
      .rejects(awsError('EntityNotFoundException', 'Continuation not found'));
    const project = loadProjectOrThrow(copy.root);
    const env = resolveEnvironment(project, 'dev');
    expect(await resetBookmarks(project, env, 'ingest-orders')).toMatchObject({
      physicalName: 'dev-ingest-orders',
      reset: true,
    });
    expect(glue.commandCalls(ResetJobBookmarkCommand)[0]!.args[0].input).toEqual({ JobName: 'dev-ingest-orders' });
    expect(await resetBookmarks(project, env, 'ingest-orders')).toMatchObject({ reset: false });
  } finally {
    glue.restore();
    sts.restore();
  }
});
