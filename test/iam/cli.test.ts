// `lakeops iam` end to end: the files it writes, its JSON, and its errors.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFixture, REPO_ROOT } from './support/fixture.js';

const lakeops = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin/lakeops.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('lakeops iam', () => {
  let root: string;
  let out: string;
  beforeAll(() => {
    root = copyFixture();
    out = mkdtempSync(join(tmpdir(), 'lakeops-iam-out-'));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  test('--out writes each role policy and trust policy as JSON, and --json prints the report', () => {
    const r = lakeops(root, 'iam', '--env', 'test', '--out', out);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('state-machine/orders');
    const files = readdirSync(join(out, 'roles')).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'deploy.policy.json',
        'plan.policy.json',
        'glue-job.orders.policy.json',
        'glue-job.orders.trust.json',
        'events.policy.json',
      ]),
    );
    // The plan role's trust (pull requests, through GitHub OIDC) is in infra/bootstrap.yaml.
    expect(files).not.toContain('plan.trust.json');
    const planPolicy = JSON.parse(readFileSync(join(out, 'roles/plan.policy.json'), 'utf8'));
    expect(planPolicy.Statement.flatMap((s: { Action: string[] }) => s.Action)).not.toContain(
      'athena:StartQueryExecution',
    );
    expect(r.stdout).toMatch(/plan -> the read-only PlanRoleArn \(repository variable AWS_PLAN_ROLE_ARN\)/);
    const policy = JSON.parse(readFileSync(join(out, 'roles/state-machine.orders.policy.json'), 'utf8'));
    expect(policy.Version).toBe('2012-10-17');
    expect(readdirSync(join(out, 'declared'))).toContain('iamfix-test-glue-crawler.policy.json');

    const j = lakeops(root, '--json', 'iam', '--env', 'test');
    expect(j.status).toBe(0);
    const report = JSON.parse(j.stdout);
    expect(report).toMatchObject({ project: 'iamfix', env: 'test', account: '111122223333' });
    expect(report.roles.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(['deploy', 'crawler/clicks', 'scheduler']),
    );
  });

  test('a local environment, or no account, is a usage error (exit 2) saying how to fix it', () => {
    const local = lakeops(root, 'iam', '--env', 'local');
    expect(local.status).toBe(2);
    expect(local.stderr).toMatch(/local environment; lakeops iam needs an aws one/);
    const bad = lakeops(root, 'iam', '--env', 'test', '--account', '12');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a 12-digit AWS account id/);
  });

  test('a definition it cannot derive permissions for fails with file:line and writes nothing', () => {
    const asl = join(root, 'pipelines/orders/state-machine.asl.json');
    const text = readFileSync(asl, 'utf8');
    writeFileSync(
      asl,
      text.replace('arn:aws:states:::aws-sdk:glue:startCrawler', 'arn:aws:states:::aws-sdk:glue:createBlueprint'),
    );
    const target = join(out, 'fresh');
    const r = lakeops(root, 'iam', '--env', 'test', '--out', target);
    writeFileSync(asl, text);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /pipelines\/orders\/state-machine\.asl\.json:\d+:\d+: error: Task "Crawl": lakeops iam does not know the permissions of aws-sdk:glue:createBlueprint/,
    );
    expect(existsSync(target)).toBe(false);
  });
});
