// One naming rule: what infra/bootstrap.yaml creates for each environment of the example
// lakeops.yaml (expanded and resolved as CloudFormation would) is what src/iam/bootstrap.ts says,
// and what lakeops.yaml uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapDifferences, bootstrapParameters, bootstrapPieces, logicalSuffix } from '../../src/iam/bootstrap.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { parseTemplate, resolveValues, validateTemplate } from './support/cloudformation.js';
import { REPO_ROOT } from './support/fixture.js';
import { ACCOUNT } from './support/simulate.js';

type Obj = Record<string, any>;
const project = loadProjectOrThrow(REPO_ROOT);
const config = project.config;
const awsEnvs = Object.entries(config.environments)
  .filter(([, e]) => e.target === 'aws')
  .map(([n]) => n);
const params = bootstrapParameters(config, { org: 'acme', repo: 'data-lake' });
const template = parseTemplate(readFileSync(join(REPO_ROOT, 'infra/bootstrap.yaml'), 'utf8'));
const { problems, expanded } = validateTemplate(template, params);
const resolve = (v: unknown) =>
  resolveValues(expanded, v as never, { parameters: params, accountId: ACCOUNT, region: 'us-east-1' });

// The logical id of the resource each lakeops.yaml field comes from, and the property naming it.
const SOURCE: Record<string, [string, string]> = {
  'roles.deploy': ['DeployRole', 'RoleName'],
  'roles.glueJob': ['GlueJobRole', 'RoleName'],
  'roles.crawler': ['GlueCrawlerRole', 'RoleName'],
  'roles.stateMachine': ['StatesRole', 'RoleName'],
  'roles.events': ['EventsRole', 'RoleName'],
  'roles.scheduler': ['SchedulerRole', 'RoleName'],
  'buckets.artifacts': ['ArtifactsBucket', 'BucketName'],
  'buckets.data': ['DataBucket', 'BucketName'],
  'athena.workgroup': ['AthenaWorkGroup', 'Name'],
};

test('the example project has AWS environments, and the template expands for them without problems', () => {
  expect(awsEnvs).toEqual(['dev', 'prod']);
  expect(params.Environments).toBe('dev,prod');
  expect(problems).toEqual([]);
});

describe.each(awsEnvs)('environment %s', (env) => {
  const pieces = bootstrapPieces(config.project, env);

  test('the template creates each piece under the name of the naming rule, and outputs it', () => {
    // Names as CloudFormation resolves them, then every output of the environment from those.
    const refs: Record<string, string> = {};
    for (const piece of pieces) {
      const source = SOURCE[piece.field];
      if (!source) continue;
      const [id, prop] = source;
      const logical = `${id}${logicalSuffix(env)}`;
      const resource = (expanded.Resources as Obj)[logical];
      refs[logical] = String(resolve(resource.Properties[prop]));
      expect([piece.field, refs[logical]]).toEqual([piece.field, piece.name]);
    }
    const outputs = expanded.Outputs as Obj;
    for (const piece of pieces) {
      expect([piece.output, piece.output in outputs]).toEqual([piece.output, true]);
      const value = resolveValues(expanded, outputs[piece.output].Value, {
        parameters: params,
        accountId: ACCOUNT,
        region: 'us-east-1',
        refs,
        attributes: {
          [`DeployRole${logicalSuffix(env)}.Arn`]: `arn:aws:iam::${ACCOUNT}:role/${refs[`DeployRole${logicalSuffix(env)}`]}`,
        },
      });
      const want = piece.field === 'roles.deploy' ? `arn:aws:iam::${ACCOUNT}:role/${piece.name}` : piece.name;
      expect([piece.output, value]).toEqual([piece.output, want]);
    }
  });

  test('lakeops.yaml uses exactly the names the bootstrap creates', () => {
    expect(bootstrapDifferences(config, env)).toEqual([]);
  });
});

test('a renamed role in lakeops.yaml is named, with the output that holds the right one', () => {
  const changed = structuredClone(config);
  changed.environments.dev!.roles!.glueJob = 'AWSGlueServiceRole-etl-ttt-demo';
  delete changed.environments.dev!.athena!.workgroup;
  expect(bootstrapDifferences(changed, 'dev')).toEqual([
    'roles.glueJob is AWSGlueServiceRole-etl-ttt-demo, but the bootstrap creates lakeops-demo-dev-glue-job (output GlueJobRoledev)',
    'athena.workgroup is not set; the bootstrap creates lakeops-demo-dev (output AthenaWorkGroupdev)',
  ]);
});
