// The workflows' security and consistency rules, checked on their parsed YAML: third-party
// actions pinned to a commit SHA, no pull_request_target, no untrusted expressions in run: scripts,
// least permissions on every job, OIDC only where a role is assumed, forks kept away from AWS,
// deploys never cancelled, and the dispatch choices in step with the project's pipelines.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, parse } from 'yaml';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { pullRequestSqlAllowed } from '../../actions/plan/src/main.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORKFLOWS = join(ROOT, '.github/workflows');
const files = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string> | string;
  steps?: Step[];
  environment?: unknown;
}
interface Workflow {
  on: Record<string, any>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, Job>;
}

const workflows = Object.fromEntries(
  files.map((f) => {
    const text = readFileSync(join(WORKFLOWS, f), 'utf8');
    return [f, { text, wf: parse(text) as Workflow }];
  }),
);

/** `uses:` lines with their trailing comment (the version), from the raw text. */
function usesLines(text: string): { ref: string; comment?: string }[] {
  return [...text.matchAll(/^\s*(?:-\s*)?uses:\s*([^\s#]+)\s*(?:#\s*(.*))?$/gm)].map((m) => ({
    ref: m[1]!,
    comment: m[2],
  }));
}

describe.each(files)('%s', (file) => {
  const { text, wf } = workflows[file]!;

  test('every third-party action is pinned to a full commit SHA with a version comment', () => {
    const bad = usesLines(text)
      .filter((u) => !u.ref.startsWith('./'))
      .filter((u) => !/@[0-9a-f]{40}$/.test(u.ref) || !/^v\d+(\.\d+)*/.test(u.comment ?? ''));
    expect(bad).toEqual([]);
  });

  test('no pull_request_target trigger', () => {
    expect(Object.keys(wf.on)).not.toContain('pull_request_target');
    expect(text).not.toMatch(/pull_request_target/);
  });

  test('no untrusted expression inside a run: script (they go through env:)', () => {
    const doc = parseDocument(text);
    const runs: string[] = [];
    const walk = (node: unknown) => {
      const js = node as any;
      if (js && typeof js === 'object') {
        if (typeof js.run === 'string') runs.push(js.run);
        for (const v of Object.values(js)) walk(v);
      }
    };
    walk(doc.toJS());
    const bad = runs.filter((r) => /\$\{\{\s*(github\.event|inputs\.|github\.head_ref|steps\.[^}]*outputs)/.test(r));
    expect(bad).toEqual([]);
  });

  test('top-level permissions are empty or read-only, and every job declares its own', () => {
    const top = wf.permissions;
    expect(
      top === undefined || (typeof top === 'object' && Object.values(top).every((v) => v === 'read' || v === 'none')),
    ).toBe(true);
    expect(text).not.toMatch(/write-all|read-all/);
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect({ job: name, permissions: typeof job.permissions }).toEqual({ job: name, permissions: 'object' });
    }
  });

  test('id-token: write only on jobs that assume an AWS role through OIDC, and vice versa', () => {
    for (const [name, job] of Object.entries(wf.jobs)) {
      const perms = job.permissions as Record<string, string>;
      const assumes = (job.steps ?? []).some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect({ job: name, idToken: perms['id-token'] === 'write' }).toEqual({ job: name, idToken: assumes });
      for (const s of job.steps ?? []) {
        if (!s.uses?.startsWith('aws-actions/configure-aws-credentials@')) continue;
        // OIDC only: a role to assume, never stored keys.
        expect(s.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
        expect(Object.keys(s.with ?? {})).not.toEqual(expect.arrayContaining(['aws-access-key-id']));
        // And only when the repository variables say AWS is reachable.
        expect(job.if ?? '').toMatch(/vars\.AWS_[A-Z_]*(ROLE_ARN|REGION) != ''/);
        const role = /vars\.([A-Z_]+)/.exec(String(s.with?.['role-to-assume']))![1];
        if (role === 'AWS_PLAN_ROLE_ARN') {
          // The plan role: pull requests only, and no GitHub environment (its trust names none).
          expect({ job: name, environment: job.environment }).toEqual({ job: name, environment: undefined });
        } else {
          // A deploy role trusts one GitHub environment on main (infra/bootstrap.yaml): the job runs in
          // the environment named like the lakeops environment it targets, and only on main.
          // Environment-level variables are not visible in a job's `if`, so it cannot gate on AWS_ROLE_ARN.
          expect({ job: name, role }).toEqual({ job: name, role: 'AWS_ROLE_ARN' });
          const target = (job.steps ?? []).find((x) => x.uses?.startsWith('./actions/'))?.with?.environment;
          expect({ job: name, environment: job.environment }).toEqual({ job: name, environment: target });
          expect(job.if ?? '').toContain("github.ref == 'refs/heads/main'");
          expect(job.if ?? '').not.toContain('AWS_ROLE_ARN');
        }
      }
    }
  });
});

describe('workflow behaviour', () => {
  test('pr.yml: the AWS job never runs for a fork, the report job always runs', () => {
    const wf = workflows['pr.yml']!.wf;
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    for (const job of Object.values(wf.jobs)) {
      const aws = (job.steps ?? []).some((s) => s.uses?.startsWith('aws-actions/'));
      if (aws) expect(job.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    }
    const report = Object.values(wf.jobs).find((j) => (j.steps ?? []).some((s) => s.uses === './actions/pr-report'))!;
    expect(report.if).toContain('!cancelled()');
    expect(report.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', checks: 'write' });
  });

  test("pr.yml: a pull request's SQL never reaches prod (the default plan environment does not allow PR queries)", () => {
    const wf = workflows['pr.yml']!.wf;
    const plan = Object.values(wf.jobs)
      .flatMap((j) => j.steps ?? [])
      .find((s) => s.uses === './actions/plan')!;
    const envs = /\|\|\s*'([a-z,-]+)'/.exec(String(plan.with?.environment))![1]!.split(',');
    expect(envs).toContain('prod');
    const project = loadProjectOrThrow(ROOT);
    for (const env of envs)
      expect({ env, allowed: pullRequestSqlAllowed(project.config.environments[env]) }).toEqual({
        env,
        allowed: false,
      });
    // The plan action's rule: local always, AWS only when lakeops.yaml opens it.
    expect(pullRequestSqlAllowed({ target: 'local' })).toBe(true);
    expect(pullRequestSqlAllowed({ target: 'aws' })).toBe(false);
    expect(pullRequestSqlAllowed({ target: 'aws', pullRequestQueries: false })).toBe(false);
    expect(pullRequestSqlAllowed({ target: 'aws', pullRequestQueries: true })).toBe(true);
  });

  test('deploy.yml: one deploy at a time, a running deploy is never cancelled, a deployment record is written', () => {
    const wf = workflows['deploy.yml']!.wf;
    expect(wf.concurrency?.['cancel-in-progress']).toBe(false);
    expect(wf.on.push.branches).toEqual(['main']);
    const job = Object.values(wf.jobs)[0]!;
    expect((job.permissions as Record<string, string>).deployments).toBe('write');
    expect((job.steps ?? []).some((s) => s.uses === './actions/deploy')).toBe(true);
  });

  test('run-pipeline.yml: the pipeline choice lists exactly the project pipelines, environments exist', () => {
    const wf = workflows['run-pipeline.yml']!.wf;
    const project = loadProjectOrThrow(ROOT);
    const names = project.pipelines.map((p) => p.name).sort();
    const inputs = wf.on.workflow_dispatch.inputs;
    expect(inputs.pipeline.type).toBe('choice');
    expect([...inputs.pipeline.options].sort()).toEqual(names);
    expect(inputs.environment.options.every((e: string) => e in project.config.environments)).toBe(true);
    expect(wf.on.schedule).toBeDefined();
    const nightly = Object.values(wf.jobs).find((j) => (j as any).strategy)!;
    expect([...(nightly as any).strategy.matrix.pipeline].sort()).toEqual(names);
  });

  test('validate.yml: scheduled, and may write issues', () => {
    const wf = workflows['validate.yml']!.wf;
    expect(wf.on.schedule).toBeDefined();
    const job = Object.values(wf.jobs)[0]!;
    expect((job.permissions as Record<string, string>).issues).toBe('write');
    expect((job.steps ?? []).some((s) => s.uses === './actions/validate')).toBe(true);
  });

  test('ci.yml: typecheck, lint, test and the bundle check', () => {
    const runs = Object.values(workflows['ci.yml']!.wf.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? ''));
    for (const cmd of ['npm run typecheck', 'npm run lint', 'npm test', 'npm run bundle -- --check'])
      expect(runs.some((r) => r.includes(cmd))).toBe(true);
  });
});
