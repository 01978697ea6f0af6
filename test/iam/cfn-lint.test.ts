// AWS's own template linter on infra/bootstrap.yaml: no error and no warning. cfn-lint is a Python
// tool (pip install cfn-lint), on CI's machine image: in CI the test fails, with how to install it,
// when it is missing; on a laptop without it the check is reported as skipped.
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './support/fixture.js';

function cfnLint(args: string[]) {
  const direct = spawnSync('cfn-lint', args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (!direct.error) return direct;
  return spawnSync('python3', ['-c', 'import sys; from cfnlint.runner import main; sys.exit(main())', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
}

const installed = (() => {
  const v = cfnLint(['--version']);
  return !v.error && v.status === 0;
})();
const withCfnLint = installed || process.env.CI ? test : test.skip;

withCfnLint('cfn-lint infra/bootstrap.yaml reports nothing (pip install cfn-lint)', () => {
  const version = cfnLint(['--version']);
  if (version.error || version.status !== 0)
    throw new Error(
      `cfn-lint is not installed (tried "cfn-lint" and python3's cfnlint): pip install cfn-lint\n${version.stderr ?? ''}`,
    );
  const r = cfnLint(['--format', 'parseable', 'infra/bootstrap.yaml']);
  expect({ status: r.status, findings: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, findings: '' });
});
