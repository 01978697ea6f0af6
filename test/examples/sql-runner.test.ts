// glue-scripts/lakeops_sql_runner.py cannot run here (no Spark, no Glue), so its logic is tested in
// Python against recording fakes of awsglue, pyspark and boto3: test/examples/sql_runner_test.py.
import { spawnSync } from 'node:child_process';

const python = spawnSync('python3', ['--version']).status === 0;
if (!python) console.warn('python3 not found: the SQL runner unit tests are skipped');

(python ? test : test.skip)(
  'lakeops_sql_runner.py: argument contract, parameter binding, inputs, write modes, errors',
  () => {
    // -B and PYTHONDONTWRITEBYTECODE: leave no __pycache__ in glue-scripts/ or test/.
    const r = spawnSync('python3', ['-B', 'test/examples/sql_runner_test.py', '-v'], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const summary = /Ran (\d+) tests?/.exec(r.stderr);
    expect({ status: r.status, failures: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, failures: '' });
    expect(Number(summary?.[1])).toBeGreaterThanOrEqual(9);
    expect(r.stderr.trimEnd().endsWith('OK')).toBe(true);
  },
);
