// `lakeops init [DIR]`: a new project that works offline at once — lakeops.yaml with a local
// environment (and an AWS one to fill in), one example pipeline, the JSON Schemas for the editor
// and the generic Glue SQL runner that SQL jobs deploy as.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pipelineFiles, type PipelineKind, type ScaffoldFile } from './pipeline.js';

/** Files copied from the lakeops package into every new project. */
const PACKAGED = ['schema/lakeops.schema.json', 'schema/pipeline.schema.json', 'glue-scripts/lakeops_sql_runner.py'];

export const EXAMPLE_PIPELINE = 'example-hits';

/** A project name the schema accepts, from the folder name ("My Lake" -> "my-lake"). */
export function projectName(dir: string): string {
  const n = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 40);
  return n || 'lakeops-project';
}

function lakeopsYaml(project: string): string {
  return `# yaml-language-server: $schema=./schema/lakeops.schema.json
# The ${project} project. "local" (the default environment) runs every pipeline on the embedded
# target (DuckDB, a Step Functions interpreter, files as S3) with no AWS account.
project: ${project}

environments:
  local:
    target: local
    region: us-east-1
    buckets:
      data: ${project}-data
      artifacts: ${project}-artifacts

  # An AWS account: fill in the buckets and roles (infra/README.md of lakeops describes the
  # one-time bootstrap), then \`lakeops plan --env dev\` and \`lakeops deploy --env dev\`.
  # dev:
  #   target: aws
  #   region: us-east-1
  #   namePrefix: dev-
  #   buckets:
  #     data: ${project}-dev-data
  #     artifacts: ${project}-dev-artifacts
  #   roles:
  #     glueJob: ${project}-dev-glue-job
  #     crawler: ${project}-dev-glue-crawler
  #     stateMachine: ${project}-dev-states
`;
}

function readme(project: string): string {
  return `# ${project}

Data pipelines managed with lakeops. Start with:

\`\`\`sh
lakeops validate                 # every static check, file:line:col per problem
lakeops run ${EXAMPLE_PIPELINE}            # run the example pipeline locally, on generated sample data
lakeops query "SELECT * FROM ${EXAMPLE_PIPELINE.replace(/-/g, '_')}.hits_per_country ORDER BY hits DESC LIMIT 5"
lakeops runs                     # the runs so far
lakeops new pipeline my-pipeline --kind glue-workflow
\`\`\`

Pipelines live in \`pipelines/<name>/pipeline.yaml\`; their SQL in \`sql/\`. Local state (the
catalog, files as S3, run histories) is kept in \`.lakeops/\`; \`lakeops clean\` removes it.
`;
}

/** Every file of a new project, the example pipeline of the given kind included. */
export function projectFiles(dir: string, kind: PipelineKind = 'state-machine'): ScaffoldFile[] {
  const project = projectName(dir);
  const packaged = PACKAGED.map((path) => ({
    path,
    content: readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'),
  }));
  return [
    { path: 'lakeops.yaml', content: lakeopsYaml(project) },
    { path: '.gitignore', content: '.lakeops/\nnode_modules/\n' },
    { path: 'README.md', content: readme(project) },
    ...packaged,
    ...pipelineFiles(EXAMPLE_PIPELINE, kind, 'data'),
  ];
}
