// infra/bootstrap.yaml is a valid CloudFormation template (checked against the CloudFormation
// resource specification) and sets up what lakeops relies on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTemplate, resolveValues, validateTemplate } from './support/cloudformation.js';
import { REPO_ROOT } from './support/fixture.js';
import { ACCOUNT, assumeWithWebIdentity } from './support/simulate.js';
import { OIDC_SUBJECT_CLAIM_KEYS } from '../../src/iam/bootstrap.js';

type Obj = Record<string, any>;
const TEXT = readFileSync(join(REPO_ROOT, 'infra/bootstrap.yaml'), 'utf8');
const PARAMS = {
  GitHubOrg: 'acme',
  GitHubRepo: 'data-lake',
  Environments: 'dev,prod',
  WatchedS3Prefixes: 'arn:aws:s3:::lakeops-demo-prod-data/etl-ttt-demo/',
};

describe('infra/bootstrap.yaml', () => {
  const { problems, expanded } = validateTemplate(parseTemplate(TEXT), PARAMS);
  const res = expanded.Resources as Obj;
  const props = (id: string): Obj => res[id]!.Properties;

  test('validates against the CloudFormation resource specification', () => {
    expect(problems).toEqual([]);
  });

  test('validates with its defaults too (one stack per account, no watched prefixes)', () => {
    expect(validateTemplate(parseTemplate(TEXT), { GitHubOrg: 'acme', GitHubRepo: 'data-lake' }).problems).toEqual([]);
  });

  test('creates the GitHub OIDC provider for sts.amazonaws.com', () => {
    expect(props('GitHubOidcProvider')).toMatchObject({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  test.each(['dev', 'prod'])('the %s deploy role names one exact subject: its GitHub environment on main', (env) => {
    const statements = props(`DeployRole${env}`).AssumeRolePolicyDocument.Statement as Obj[];
    expect(statements).toHaveLength(1);
    const s = statements[0]!;
    expect(s.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(s.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': {
          'Fn::Sub': `repo:\${GitHubOrg}/\${GitHubRepo}:environment:${env}:ref:refs/heads/main`,
        },
      },
    });
    expect(JSON.stringify(s)).not.toMatch(/StringLike|:\*/);
  });

  test.each(['ArtifactsBucketdev', 'DataBucketprod', 'TrailLogBucket'])(
    '%s is encrypted, blocks public access and keeps object ownership',
    (id) => {
      const p = props(id);
      expect(
        p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
      ).toMatch(/^(AES256|aws:kms)$/);
      expect(p.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(p.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerEnforced');
    },
  );

  test('artifacts are versioned and the data bucket sends events to EventBridge', () => {
    expect(props('ArtifactsBucketprod').VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props('DataBucketprod').NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
  });

  test('the trail records S3 writes only under the watched prefixes, into a bucket CloudTrail may write', () => {
    const trail = props('S3DataEventsTrail');
    const fields = Object.fromEntries(
      (trail.AdvancedEventSelectors[0].FieldSelectors as Obj[]).map((f) => [f.Field, f]),
    );
    expect(fields.eventCategory.Equals).toEqual(['Data']);
    expect(fields['resources.type'].Equals).toEqual(['AWS::S3::Object']);
    expect(fields.eventName.Equals).toContain('PutObject');
    expect(fields['resources.ARN'].StartsWith).toEqual({ Ref: 'WatchedS3Prefixes' });
    expect(res.S3DataEventsTrail.DependsOn).toBe('TrailLogBucketPolicy');
    const policy = props('TrailLogBucketPolicy').PolicyDocument.Statement as Obj[];
    expect(policy.find((s) => s.Action === 's3:GetBucketAcl')).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
    });
    const write = policy.find((s) => s.Action === 's3:PutObject')!;
    expect(write.Resource).toEqual({ 'Fn::Sub': '${TrailLogBucket.Arn}/AWSLogs/${AWS::AccountId}/*' });
    expect(write.Condition.StringEquals['s3:x-amz-acl']).toBe('bucket-owner-full-control');
  });

  test('the Athena workgroup enforces its result location and a scan limit', () => {
    const wg = props('AthenaWorkGroupdev').WorkGroupConfiguration;
    expect(wg.EnforceWorkGroupConfiguration).toBe(true);
    expect(wg.BytesScannedCutoffPerQuery).toEqual({ Ref: 'AthenaBytesScannedCutoff' });
    expect(wg.ResultConfiguration.OutputLocation).toEqual({ 'Fn::Sub': 's3://${ArtifactsBucketdev}/athena-results/' });
  });

  test('outputs the role ARNs, buckets and workgroup of every environment', () => {
    const outputs = Object.keys(expanded.Outputs as Obj);
    for (const env of ['dev', 'prod'])
      for (const o of [
        'DeployRoleArn',
        'GlueJobRole',
        'GlueCrawlerRole',
        'StatesRole',
        'EventsRole',
        'SchedulerRole',
        'ArtifactsBucket',
        'DataBucket',
        'AthenaWorkGroup',
      ])
        expect(outputs).toContain(`${o}${env}`);
  });
});

describe('who may assume the GitHub Actions roles (trust policies evaluated as deployed)', () => {
  const template = parseTemplate(TEXT);
  const { expanded } = validateTemplate(template, PARAMS);
  const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const trust = (id: string) =>
    resolveValues(expanded, (expanded.Resources as Obj)[id].Properties.AssumeRolePolicyDocument, {
      parameters: PARAMS,
      accountId: ACCOUNT,
      region: 'eu-west-1',
      attributes: { 'GitHubOidcProvider.Arn': provider },
    });
  const decide = (id: string, sub: string, extra: { aud?: string; provider?: string } = {}) =>
    assumeWithWebIdentity(trust(id), {
      provider: extra.provider ?? provider,
      role: `arn:aws:iam::${ACCOUNT}:role/${id}`,
      claims: { sub, aud: extra.aud ?? 'sts.amazonaws.com' },
    });

  // A job's token, as GitHub builds it with the subject customisation include_claim_keys
  // OIDC_SUBJECT_CLAIM_KEYS (GitHub docs, "OpenID Connect reference", "Customizing the subject
  // claims"): repo, then context (environment:NAME for an environment job, pull_request for a
  // pull_request job, else ref:REF), then ref.
  interface Job {
    repo?: string;
    event: 'push' | 'pull_request' | 'workflow_dispatch';
    ref: string;
    environment?: string;
    customised?: boolean;
  }
  const subjectOf = (job: Job): string => {
    const repoPart = `repo:${job.repo ?? 'acme/data-lake'}`;
    const context = job.environment
      ? `environment:${job.environment}`
      : job.event === 'pull_request'
        ? 'pull_request'
        : `ref:${job.ref}`;
    if (job.customised === false) return `${repoPart}:${context}`; // GitHub's default subject
    expect(OIDC_SUBJECT_CLAIM_KEYS).toEqual(['repo', 'context', 'ref']);
    return `${repoPart}:${context}:ref:${job.ref}`;
  };
  const main = 'refs/heads/main';
  // [what, job, roles it may assume]
  const table: [string, Job, string[]][] = [
    ['push to main in environment prod', { event: 'push', ref: main, environment: 'prod' }, ['DeployRoleprod']],
    [
      'dispatch on main in environment dev',
      { event: 'workflow_dispatch', ref: main, environment: 'dev' },
      ['DeployRoledev'],
    ],
    ['push to main without an environment', { event: 'push', ref: main }, []],
    ['another branch naming environment prod', { event: 'push', ref: 'refs/heads/feature', environment: 'prod' }, []],
    [
      'another branch naming environment dev',
      { event: 'workflow_dispatch', ref: 'refs/heads/x', environment: 'dev' },
      [],
    ],
    ['a tag in environment prod', { event: 'push', ref: 'refs/tags/v1.0.0', environment: 'prod' }, []],
    ['a pull request', { event: 'pull_request', ref: 'refs/pull/7/merge' }, ['PlanRole']],
    [
      'a pull request job naming environment prod',
      { event: 'pull_request', ref: 'refs/pull/7/merge', environment: 'prod' },
      [],
    ],
    [
      'a pull request of another repository',
      { repo: 'acme/other', event: 'pull_request', ref: 'refs/pull/7/merge' },
      [],
    ],
    ['main of another owner', { repo: 'evil/data-lake', event: 'push', ref: main, environment: 'prod' }, []],
    [
      'main+prod before the subject customisation is set',
      { event: 'push', ref: main, environment: 'prod', customised: false },
      [],
    ],
    [
      'a pull request before the subject customisation is set',
      { event: 'pull_request', ref: 'refs/pull/7/merge', customised: false },
      [],
    ],
  ];
  const roles = ['PlanRole', 'DeployRoledev', 'DeployRoleprod'];

  test.each(table)('%s: may assume exactly the expected roles', (_what, job, allowed) => {
    const sub = subjectOf(job);
    const got = roles.filter((r) => decide(r, sub) === 'Allowed');
    expect([sub, got]).toEqual([sub, allowed]);
  });

  test('fork pull requests get no token: pr.yml asks for id-token only on pull_request, which GitHub downgrades for forks', () => {
    // GitHub: "pull requests from forked repositories ... the id-token permission is read" (no
    // token can be requested), so no fork job reaches any trust policy. pull_request_target, whose
    // jobs get tokens, is not used by any workflow.
    for (const f of ['pr.yml', 'deploy.yml', 'run-pipeline.yml', 'validate.yml', 'ci.yml'])
      expect([
        f,
        readFileSync(join(REPO_ROOT, '.github/workflows', f), 'utf8').includes('pull_request_target'),
      ]).toEqual([f, false]);
  });

  test('a wrong audience or another identity provider is refused', () => {
    const sub = subjectOf({ event: 'pull_request', ref: 'refs/pull/7/merge' });
    expect(decide('PlanRole', sub, { aud: 'https://github.com/acme' })).toBe('ImplicitlyDenied');
    expect(decide('PlanRole', sub, { provider: `arn:aws:iam::${ACCOUNT}:oidc-provider/other.example.com` })).toBe(
      'ImplicitlyDenied',
    );
    const prod = subjectOf({ event: 'push', ref: main, environment: 'prod' });
    expect(decide('DeployRoleprod', prod, { aud: 'https://github.com/acme' })).toBe('ImplicitlyDenied');
  });

  test('the plan role is created without permissions (the lakeops iam plan policy is attached to it), and exported', () => {
    const plan = (expanded.Resources as Obj).PlanRole;
    expect(plan.Type).toBe('AWS::IAM::Role');
    expect(Object.keys(plan.Properties).sort()).toEqual([
      'AssumeRolePolicyDocument',
      'Description',
      'MaxSessionDuration',
      'RoleName',
    ]);
    expect((expanded.Outputs as Obj).PlanRoleArn).toMatchObject({ Value: { 'Fn::GetAtt': ['PlanRole', 'Arn'] } });
  });

  test('the plan role can be left out (no AWS for pull requests), and the template still validates', () => {
    expect((expanded.Resources as Obj).PlanRole.Condition).toBe('CreatePlan');
    expect((expanded.Outputs as Obj).PlanRoleArn.Condition).toBe('CreatePlan');
    const off = { ...PARAMS, CreatePlanRole: 'false' };
    expect(validateTemplate(template, off).problems).toEqual([]);
    expect(
      resolveValues(
        expanded,
        { Condition: 'CreatePlan' },
        { parameters: off, accountId: ACCOUNT, region: 'eu-west-1' },
      ),
    ).toBe(false);
  });

  test('the output, pr.yml and the docs name the same repository variable', () => {
    const pr = parse(readFileSync(join(REPO_ROOT, '.github/workflows/pr.yml'), 'utf8')) as Obj;
    const steps = Object.values(pr.jobs as Obj).flatMap((j: Obj) => (j.steps ?? []) as Obj[]);
    const assume = steps.find((st) => String(st.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));
    const variable = /^\$\{\{\s*vars\.([A-Z0-9_]+)\s*\}\}$/.exec(String(assume?.with?.['role-to-assume']))?.[1];
    expect(variable).toBeDefined();
    expect((expanded.Outputs as Obj).PlanRoleArn.Description).toContain(variable);
    for (const doc of ['infra/README.md', 'docs/github.md']) {
      const text = readFileSync(join(REPO_ROOT, doc), 'utf8');
      expect([doc, text.includes(`\`${variable}\``) && text.includes('PlanRoleArn')]).toEqual([doc, true]);
    }
  });
});

describe('the template checker catches mistakes', () => {
  const base = `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Name: { Type: String, Default: x }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Name
  Group:
    Type: AWS::Athena::WorkGroup
    Properties:
      Name: !Sub '\${Name}-wg'
      State: ENABLED
Outputs:
  Arn: { Value: !GetAtt Bucket.Arn }
`;
  const problems = (text: string) =>
    validateTemplate(parseTemplate(text)).problems.map((p) => `${p.path}: ${p.message}`);

  test('a correct template passes', () => {
    expect(problems(base)).toEqual([]);
  });

  test.each([
    [
      'an unknown resource type',
      base.replace('AWS::S3::Bucket', 'AWS::S3::Buckets'),
      /AWS::S3::Buckets is not a CloudFormation resource type/,
    ],
    ['an unknown property', base.replace('BucketName:', 'BucketNam:'), /unknown property BucketNam/],
    [
      'a missing required property',
      base.replace("      Name: !Sub '${Name}-wg'\n", ''),
      /required property Name is missing/,
    ],
    [
      'a value outside the allowed ones',
      base.replace('State: ENABLED', 'State: ON'),
      /"ON" is not one of ENABLED, DISABLED/,
    ],
    ['a Ref to nothing', base.replace('!Ref Name', '!Ref Nope'), /Ref Nope: no such parameter or resource/],
    [
      'a Sub variable that is not declared',
      base.replace("'${Name}-wg'", "'${Nam}-wg'"),
      /\$\{Nam\}: no such parameter/,
    ],
    [
      'a GetAtt of an attribute the type lacks',
      base.replace('Bucket.Arn', 'Bucket.Nope'),
      /AWS::S3::Bucket has no attribute Nope/,
    ],
    ['a wrongly typed value', base.replace('State: ENABLED', 'State: [ENABLED]'), /expected a string/],
    [
      'Fn::ForEach without the transform',
      `${base}\n  Fn::ForEach::X: [I, [a], { 'O\${I}': { Value: x } }]\n`.replace('Outputs:\n  Arn', 'Outputs:\n  Arn'),
      /LanguageExtensions/,
    ],
  ])('%s', (_what, text, message) => {
    expect(problems(text).join('\n')).toMatch(message);
  });
});
