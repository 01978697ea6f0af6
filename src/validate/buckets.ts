// S3 locations name buckets through aliases (s3://${data}/...) so every environment can map them
// to its own bucket. On the local target an undeclared alias is just a folder; on AWS every alias
// a pipeline uses must be declared for the environment being validated, and "artifacts" (where
// deploys put scripts and SQL) must exist.
import type { Diagnostic } from '../model/diagnostics.js';
import type { JsonPath } from '../model/source-file.js';
import { bucketAliasOf, walkStrings, type ValidationContext } from './context.js';

export function checkBuckets(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { env, project } = ctx;
  const declared = env.config.buckets ?? {};
  const envPath: JsonPath = ['environments', env.name];
  if (env.target === 'aws' && !declared.artifacts)
    out.push(
      project.source.diagnostic(
        project.config.environments[env.name] ? envPath : ['environments'],
        `environment "${env.name}" (target aws) declares no "artifacts" bucket; add buckets: { artifacts: <bucket> } (deploys upload scripts and SQL there)`,
        'env-artifacts',
        { key: true },
      ),
    );
  for (const p of project.pipelines)
    walkStrings(p.config, (s, path) => {
      if (!s.startsWith('s3://')) return;
      const alias = bucketAliasOf(s);
      if (alias === undefined) {
        out.push(
          p.source.diagnostic(
            path,
            `"${s}" names a bucket literally; use a bucket alias (s3://\${data}/...) declared under buckets: in lakeops.yaml so each environment gets its own bucket`,
            's3-bucket',
            { severity: 'warning' },
          ),
        );
        return;
      }
      if (env.target === 'aws' && !(alias in declared) && !ctx.substitutions(p).has(alias))
        out.push(
          p.source.diagnostic(
            path,
            `environment "${env.name}" declares no bucket "${alias}"; add it under environments.${env.name}.buckets in lakeops.yaml`,
            's3-bucket',
          ),
        );
    });
  return out;
}
