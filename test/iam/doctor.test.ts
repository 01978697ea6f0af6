// `lakeops doctor`: the GitHub side of the deploy roles' trust, read through the REST API (recorded
// responses in the shapes of GitHub's REST reference: "Get an environment", "List deployment branch
// policies", "Get the customization template for an OIDC subject claim for a repository"), and the
// AWS side (lakeops.yaml against the bootstrap's names, then the preflight).
import { PassThrough } from 'node:stream';
import { runDoctor, type DoctorDeps } from '../../src/cli/commands/doctor.js';
import type { GitHubGet } from '../../src/github/protection.js';
import { ConfigError } from '../../src/model/diagnostics.js';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { REPO_ROOT } from './support/fixture.js';

const project = loadProjectOrThrow(REPO_ROOT);
const local = resolveEnvironment(project, 'local');
const dev = resolveEnvironment(project, 'dev');
const BASE = '/repos/acme/data-lake';

const reviewers = {
  id: 3755,
  node_id: 'MDQ6R2F0ZTM3NTU=',
  prevent_self_review: true,
  type: 'required_reviewers',
  reviewers: [{ type: 'Team', reviewer: { id: 1, slug: 'data-leads', name: 'data-leads' } }],
};
const environment = (name: string, rules: object[], policy: object | null) => ({
  id: 161088068,
  node_id: 'MDExOkVudmlyb25tZW50MTYxMDg4MDY4',
  name,
  url: `https://api.github.com${BASE}/environments/${name}`,
  html_url: `https://github.com/acme/data-lake/deployments/activity_log?environments_filter=${name}`,
  created_at: '2020-11-23T22:00:40Z',
  updated_at: '2020-11-23T22:00:40Z',
  protection_rules: [...rules, ...(policy ? [{ id: 3756, node_id: 'MDQ6R2F0ZTM3NTY=', type: 'branch_policy' }] : [])],
  deployment_branch_policy: policy,
});
const mainOnly = {
  total_count: 1,
  branch_policies: [{ id: 361471, node_id: 'MDE2OkdhdGVCcmFuY2hQb2xpY3kzNjE0NzE=', name: 'main', type: 'branch' }],
};

/** A GitHub answering from recorded responses; unknown paths are 404 like the API. */
function github(responses: Record<string, unknown>): { get: GitHubGet; asked: string[] } {
  const asked: string[] = [];
  const get: GitHubGet = async (path) => {
    asked.push(path);
    return path in responses
      ? { status: 200, body: responses[path] }
      : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
  };
  return { get, asked };
}
const WELL_SET_UP = {
  [`${BASE}/actions/oidc/customization/sub`]: { use_default: false, include_claim_keys: ['repo', 'context', 'ref'] },
  [`${BASE}/environments/dev`]: environment('dev', [reviewers], {
    protected_branches: false,
    custom_branch_policies: true,
  }),
  [`${BASE}/environments/dev/deployment-branch-policies`]: mainOnly,
  [`${BASE}/environments/prod`]: environment('prod', [reviewers], {
    protected_branches: false,
    custom_branch_policies: true,
  }),
  [`${BASE}/environments/prod/deployment-branch-policies`]: mainOnly,
};

async function doctor(env = local, responses: Record<string, unknown> = WELL_SET_UP, deps: Partial<DoctorDeps> = {}) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d.toString()));
  const gh = github(responses);
  const code = await runDoctor(
    project,
    env,
    { github: true, repo: 'acme/data-lake' },
    { preflight: async () => [], github: () => gh.get, out, ...deps },
  );
  return { code, text, asked: gh.asked };
}

describe('lakeops doctor --github', () => {
  test('a repository set up as docs/github.md says: nothing missing, exit 0', async () => {
    const r = await doctor();
    expect(r.text).toBe('nothing missing\n');
    expect(r.code).toBe(0);
    expect(r.asked).toEqual(Object.keys(WELL_SET_UP));
  });

  test("GitHub's default subject, an environment that is missing and one any branch may use: each named, exit 2", async () => {
    const r = await doctor(local, {
      [`${BASE}/actions/oidc/customization/sub`]: { use_default: true },
      [`${BASE}/environments/prod`]: environment('prod', [], null),
    });
    expect(r.code).toBe(2);
    expect(r.text).toContain(`missing [github] OIDC subject claims are GitHub's default, not ["repo","context","ref"]`);
    expect(r.text).toContain('PUT /repos/acme/data-lake/actions/oidc/customization/sub');
    expect(r.text).toContain('missing [github] GitHub environment "dev" does not exist');
    expect(r.text).toContain('missing [github] GitHub environment "prod" lets any branch deploy to it');
    expect(r.text).toContain('advice  [github] GitHub environment "prod" has no required reviewers');
    expect(r.text).toContain('3 prerequisite(s) missing');
  });

  test('protected branches, or a branch rule besides main, are not main only', async () => {
    const r = await doctor(local, {
      ...WELL_SET_UP,
      [`${BASE}/environments/dev`]: environment('dev', [reviewers], {
        protected_branches: true,
        custom_branch_policies: false,
      }),
      [`${BASE}/environments/prod/deployment-branch-policies`]: {
        total_count: 2,
        branch_policies: [...mainOnly.branch_policies, { id: 2, node_id: 'x', name: 'release/*', type: 'branch' }],
      },
    });
    expect(r.code).toBe(2);
    expect(r.text).toContain('GitHub environment "dev" lets every protected branch deploy, not only main');
    expect(r.text).toContain(
      'GitHub environment "prod" may be deployed from branch:main, branch:release/*, not main only',
    );
  });

  test('other claim keys are named', async () => {
    const r = await doctor(local, {
      ...WELL_SET_UP,
      [`${BASE}/actions/oidc/customization/sub`]: { use_default: false, include_claim_keys: ['repo', 'context'] },
    });
    expect(r.code).toBe(2);
    expect(r.text).toContain('OIDC subject claims are ["repo","context"], not ["repo","context","ref"]');
  });

  test('with --env, only that environment is checked', async () => {
    const r = await doctor(dev);
    expect(r.code).toBe(0);
    expect(r.asked).not.toContain(`${BASE}/environments/prod`);
  });
});

describe('lakeops doctor --env', () => {
  test('preflight findings and names that differ from the bootstrap: each with its fix, exit 2', async () => {
    const changed = structuredClone(project.config);
    changed.environments.dev!.roles!.glueJob = 'AWSGlueServiceRole-etl-ttt-demo';
    const p = { ...project, config: changed };
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d.toString()));
    const code = await runDoctor(
      p,
      resolveEnvironment(p, 'dev'),
      {},
      {
        preflight: async () => [
          { piece: 'athena workgroup lakeops-demo-dev', problem: 'does not exist', fix: 'output AthenaWorkGroupdev' },
        ],
        github: () => {
          throw new Error('not asked');
        },
        out,
      },
    );
    expect(code).toBe(2);
    expect(text).toContain(
      'missing [bootstrap] lakeops.yaml environments.dev.roles.glueJob is AWSGlueServiceRole-etl-ttt-demo, but the bootstrap creates lakeops-demo-dev-glue-job (output GlueJobRoledev)',
    );
    expect(text).toContain('missing [preflight] athena workgroup lakeops-demo-dev: does not exist');
  });

  test('a local environment without --github is a usage error', async () => {
    await expect(
      runDoctor(
        project,
        local,
        {},
        { preflight: async () => [], github: () => github({}).get, out: new PassThrough() },
      ),
    ).rejects.toThrow(ConfigError);
  });
});

describe('lakeops doctor --bootstrap-parameters', () => {
  const print = async (p = project) => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d.toString()));
    const code = await runDoctor(
      p,
      local,
      { bootstrapParameters: true, repo: 'acme/data-lake' },
      {
        preflight: async () => [],
        github: () => github({}).get,
        out,
      },
    );
    return { code, text };
  };

  test('prints the parameters from lakeops.yaml (the template then creates its names: bootstrap-names.test.ts)', async () => {
    expect(await print()).toEqual({
      code: 0,
      text: 'ProjectName=lakeops-demo GitHubOrg=acme GitHubRepo=data-lake Environments=dev,prod\n',
    });
  });

  test('refuses when lakeops.yaml names something the stack would not create', async () => {
    const changed = structuredClone(project.config);
    changed.environments.prod!.buckets!.data = 'my-old-bucket';
    await expect(print({ ...project, config: changed })).rejects.toThrow(
      /prod: buckets.data is my-old-bucket, but the bootstrap creates lakeops-demo-prod-data \(output DataBucketprod\)/,
    );
  });
});
