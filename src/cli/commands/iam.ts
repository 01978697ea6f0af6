// `lakeops iam --env E [--json | --out DIR]`: least-privilege IAM policies for an AWS environment,
// derived from the model and from the SDK commands the AWS target and runner send (all of them for
// the deploy role, those of `lakeops plan` and read-only queries for the pull-request plan role).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, formatDiagnostic, hasErrors, sortDiagnostics } from '../../model/diagnostics.js';
import type { IamReport } from '../../iam/policies.js';
import { INLINE_ROLE_POLICIES_LIMIT, MANAGED_POLICY_LIMIT } from '../../iam/policy.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

/** File name of a policy id: glue-job/hourly-hits -> glue-job.hourly-hits */
const fileId = (id: string) => id.replace(/[^A-Za-z0-9_.-]+/g, '.');
const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** The files `--out` writes, by relative path. */
export function outputFiles(report: IamReport): Map<string, string> {
  const files = new Map<string, string>();
  const put = (base: string, r: { policy: unknown; trust?: unknown; parts?: unknown[] }) => {
    files.set(`${base}.policy.json`, json(r.policy));
    r.parts?.forEach((part, i) => files.set(`${base}.policy-part${i + 1}.json`, json(part)));
    if (r.trust) files.set(`${base}.trust.json`, json(r.trust));
  };
  for (const r of report.roles) put(`roles/${fileId(r.id)}`, r);
  for (const d of report.declared) put(`declared/${fileId(d.arn.slice(d.arn.lastIndexOf('/') + 1))}`, d);
  files.set('report.json', json(report));
  return files;
}

function summary(report: IamReport, outDir?: string): string {
  const lines: string[] = [];
  lines.push(`IAM for ${report.project} / ${report.env} (account ${report.account}, ${report.region})`);
  lines.push('');
  lines.push('Policies derived from the model:');
  for (const r of report.roles) {
    const actions = new Set(r.policy.Statement.flatMap((s) => s.Action)).size;
    const note = r.parts ? `  (over ${MANAGED_POLICY_LIMIT}: inline, or ${r.parts.length} managed parts)` : '';
    lines.push(
      `  ${r.id.padEnd(36)} ${String(r.policy.Statement.length).padStart(3)} statements ${String(actions).padStart(3)} actions ${String(r.size).padStart(6)} chars${note}`,
    );
  }
  if (report.declared.length) {
    lines.push('');
    lines.push('Roles lakeops.yaml declares (each carries the union of the policies it serves):');
    for (const d of report.declared)
      lines.push(
        `  ${d.role.padEnd(36)} ${String(d.size).padStart(6)} chars  <- ${d.serves.join(', ')}${d.parts ? `  (${d.parts.length} managed parts${d.size > INLINE_ROLE_POLICIES_LIMIT ? '; too big to attach inline' : ''})` : ''}`,
      );
  }
  const wildcards = report.roles.flatMap((r) =>
    r.policy.Statement.filter((s) => s.Resource?.includes('*')).map(
      (s) => `${r.id}: ${s.Sid} (${s.Action.join(', ')})`,
    ),
  );
  if (wildcards.length) {
    lines.push('');
    lines.push('Resource "*" only where AWS offers no resource-level permission:');
    for (const w of wildcards) lines.push(`  ${w}`);
  }
  if (report.roles.some((r) => r.id === 'plan')) {
    lines.push('');
    lines.push(
      `Where they go (infra/README.md): deploy -> the DeployRoleArn${report.env} output of infra/bootstrap.yaml;`,
    );
    lines.push(
      `  plan -> the read-only PlanRoleArn (repository variable AWS_PLAN_ROLE_ARN), as the managed policy "${report.project}-plan-${report.env}".`,
    );
  }
  if (report.bootstrap.watchedS3Prefixes.length) {
    lines.push('');
    lines.push('infra/bootstrap.yaml parameter for the CloudTrail data events these pipelines listen to:');
    lines.push(`  WatchedS3Prefixes=${report.bootstrap.watchedS3Prefixes.join(',')}`);
  }
  lines.push('');
  lines.push(
    outDir
      ? `Wrote the policies to ${outDir} (roles/, declared/, report.json).`
      : 'Write them to files with --out DIR, or print everything with --json.',
  );
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('iam')
    .description(
      'derive least-privilege IAM policies (deploy role, read-only pull-request plan role, Glue, crawler, state machine, EventBridge and Scheduler roles) for an AWS environment',
    )
    .option('--out <dir>', 'write each policy (and trust policy) as a JSON file under this folder')
    .option('--account <id>', "AWS account id for the ARNs (default: the environment's account in lakeops.yaml)")
    .action(
      action(async (opts: { out?: string; account?: string }, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        if (env.target !== 'aws')
          throw new ConfigError(
            `environment "${env.name}" is a local environment; lakeops iam needs an aws one (--env <name> with target: aws in lakeops.yaml)`,
          );
        const account = opts.account ?? env.config.account;
        if (!account || !/^\d{12}$/.test(account))
          throw new ConfigError(
            account
              ? `--account ${account} is not a 12-digit AWS account id`
              : `environment "${env.name}" declares no account in lakeops.yaml; add account: <12-digit id> to it or pass --account`,
          );
        // Loaded on use: deriving the policies reads the whole SDK command catalogue.
        const { buildIamReport } = await import('../../iam/policies.js');
        const report = buildIamReport(project, env, { account });
        if (hasErrors(report.diagnostics))
          throw new ConfigError(`cannot derive the IAM policies of environment "${env.name}"`, report.diagnostics);
        // Everything is computed before anything is written, so a bad model leaves no partial output.
        if (opts.out) {
          const dir = resolve(opts.out);
          for (const [rel, text] of outputFiles(report)) {
            mkdirSync(join(dir, rel, '..'), { recursive: true });
            writeFileSync(join(dir, rel), text);
          }
        }
        for (const d of sortDiagnostics([...report.diagnostics])) process.stderr.write(formatDiagnostic(d) + '\n');
        process.stdout.write(g.json ? json(report) : summary(report, opts.out));
        return EXIT_OK;
      }),
    );
}
