// Script jobs on the local engine: a Python shell script runs with python3 when its imports
// resolve; otherwise the declared local SQL stand-in runs; without one the run fails with a
// message naming the job and what is missing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { duckCount, makeProject, type TestProject } from './project.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;

const OK_SCRIPT = `import json
import os
import sys

# Glue passes job arguments as --name value pairs.
args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
target = os.path.join(os.environ["LAKEOPS_S3_ROOT"], "test-data", args["--out_key"])
os.makedirs(os.path.dirname(target), exist_ok=True)
with open(target, "w") as f:
    json.dump(args, f)
print("wrote", args["--out_key"])
`;
const FAILING_SCRIPT = `import sys
print("starting")
print("boom: the source table is empty", file=sys.stderr)
sys.exit(3)
`;
const GLUE_SCRIPT = `import sys
from awsglue.context import GlueContext
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
`;

const pipeline = {
  name: 'scripts',
  jobs: {
    'shell-ok': {
      script: 'glue-scripts/ok.py',
      type: 'pythonshell',
      arguments: { '--out_key': 'reports/${Env}/args.json' },
    },
    'shell-fails': { script: 'glue-scripts/fails.py', type: 'pythonshell' },
    'shell-missing-module': {
      script: 'glue-scripts/needs_module.py',
      type: 'pythonshell',
      localSql: 'sql/standin.sql',
      localOutput: { path: 's3://${data}/standin/shell/', format: 'parquet', mode: 'overwrite' },
    },
    'spark-standin': {
      script: 'glue-scripts/glue_job.py',
      type: 'glueetl',
      localSql: 'sql/standin.sql',
      localOutput: { path: 's3://${data}/standin/spark/', format: 'parquet', mode: 'overwrite' },
    },
    'spark-no-standin': { script: 'glue-scripts/glue_job.py', type: 'glueetl' },
  },
};

let p: TestProject;
beforeEach(async () => {
  p = await makeProject(pipeline, {
    'glue-scripts/ok.py': OK_SCRIPT,
    'glue-scripts/fails.py': FAILING_SCRIPT,
    'glue-scripts/needs_module.py': 'import definitely_not_an_installed_module_xyz\n',
    'glue-scripts/glue_job.py': GLUE_SCRIPT,
    'sql/standin.sql': 'SELECT id, id * 2 AS doubled FROM range(5) AS t(id)',
  });
});
afterEach(async () => {
  await p.close();
});

(hasPython ? test : test.skip)(
  'a Python shell script whose imports resolve runs with python3 and gets the job arguments',
  async () => {
    const run = await p.engine.startJobRun('shell-ok', { '--extra': 'x y' });
    expect(run.JobRunState).toBe('SUCCEEDED');
    const written = JSON.parse(readFileSync(p.s3Path('reports/local/args.json'), 'utf8'));
    expect(written).toEqual({ '--JOB_NAME': 'shell-ok', '--out_key': 'reports/local/args.json', '--extra': 'x y' });
    const log = p.engine.jobRunLog(run.Id);
    expect(log[0]).toMatch(/with python3/);
    expect(log).toContain('wrote reports/local/args.json');
  },
);

(hasPython ? test : test.skip)('a script that exits non-zero fails the run with its last output line', async () => {
  const run = await p.engine.startJobRun('shell-fails');
  expect(run.JobRunState).toBe('FAILED');
  expect(run.ErrorMessage).toContain('job "shell-fails" (pipelines/scripts/pipeline.yaml)');
  expect(run.ErrorMessage).toContain('exited with code 3: boom: the source table is empty');
  expect(p.engine.jobRunLog(run.Id)).toEqual(expect.arrayContaining(['starting', 'boom: the source table is empty']));
});

test('a Glue Spark script without its runtime runs the declared local SQL stand-in', async () => {
  const run = await p.engine.startJobRun('spark-standin');
  expect(run.JobRunState).toBe('SUCCEEDED');
  expect(run.RowsWritten).toEqual({ 's3://test-data/standin/spark/': 5 });
  expect(await duckCount(`SELECT sum(doubled) FROM read_parquet('${p.s3Path('standin/spark')}/*.parquet')`)).toBe(20);
  expect(p.engine.jobRunLog(run.Id)[0]).toMatch(
    /running the local SQL stand-in instead of glue-scripts\/glue_job\.py: .*awsglue/,
  );
});

test('a Python shell script with an import python3 cannot find falls back to its stand-in', async () => {
  const run = await p.engine.startJobRun('shell-missing-module');
  expect(run.JobRunState).toBe('SUCCEEDED');
  expect(p.engine.jobRunLog(run.Id)[0]).toContain(
    hasPython ? 'definitely_not_an_installed_module_xyz' : 'python3 is not on PATH',
  );
});

test('without a runtime or a stand-in the run fails with a message naming the job and what is missing', async () => {
  const run = await p.engine.startJobRun('spark-no-standin');
  expect(run.JobRunState).toBe('FAILED');
  expect(run.ErrorMessage).toContain(
    'job "spark-no-standin" (pipelines/scripts/pipeline.yaml): script glue-scripts/glue_job.py cannot run locally',
  );
  if (hasPython) expect(run.ErrorMessage).toMatch(/cannot import awsglue/);
  expect(run.ErrorMessage).toContain('Declare localSql');
});
