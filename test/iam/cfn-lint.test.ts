// AWS's own template linter on infra/bootstrap.yaml: no error and no warning. cfn-lint is a Python
// tool (pip install cfn-lint); the test fails, with how to install it, when it is missing.
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

test('cfn-lint infra/bootstrap.yaml reports nothing', () => {
  const version = cfnLint(['--version']);
  if (version.error || version.status !== 0)
    throw new Error(
      `cfn-lint is not installed (tried "cfn-lint" and python3's cfnlint): pip install cfn-lint\n${version.stderr ?? ''}`,
    );
  const r = cfnLint(['--format', 'parseable', 'infra/bootstrap.yaml']);
  expect({ status: r.status, findings: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, findings: '' });
});
