// `lakeops doctor --env <aws env>`: lakeops.yaml against the names infra/bootstrap.yaml creates,
// then the preflight a deploy runs (credentials, buckets, workgroup, service roles, databases).
// `lakeops doctor --github [--repo owner/name]`: the GitHub side the deploy roles' trust relies on
// (OIDC subject claims, each AWS environment's GitHub environment: main only, reviewers).
// Read-only. Exit 0 when nothing is missing, 2 when a prerequisite is (each printed with its fix).
import type { Command } from 'commander';
import { bootstrapDifferences, bootstrapParameters } from '../../iam/bootstrap.js';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { GitHubGet, ProtectionFinding } from '../../github/protection.js';
import type { PreflightFinding } from '../../targets/aws/preflight.js';
import { action, EXIT_OK, EXIT_USAGE, globalOptions, openProject } from '../context.js';

export interface DoctorOptions {
  github?: boolean;
  bootstrapParameters?: boolean;
  repo?: string;
  json?: boolean;
}

export interface DoctorDeps {
  preflight: (project: Project, env: Environment) => Promise<PreflightFinding[]>;
  github: () => GitHubGet;
  out: NodeJS.WritableStream;
}

interface Line {
  check: 'bootstrap' | 'preflight' | 'github';
  level: 'missing' | 'advice';
  what: string;
  fix: string;
}

export async function runDoctor(
  project: Project,
  env: Environment,
  opts: DoctorOptions,
  deps: DoctorDeps,
): Promise<number> {
  if (opts.bootstrapParameters) return printBootstrapParameters(project, opts, deps.out);
  const lines: Line[] = [];
  const awsEnvs = Object.entries(project.config.environments)
    .filter(([, e]) => e.target === 'aws')
    .map(([n]) => n);
  if (!opts.github && env.target !== 'aws')
    throw new ConfigError(
      `lakeops doctor checks an AWS environment (--env <name>, one of: ${awsEnvs.join(', ') || 'none declared'}) or the GitHub side (--github)`,
    );
  if (env.target === 'aws') {
    for (const d of bootstrapDifferences(project.config, env.name))
      lines.push({
        check: 'bootstrap',
        level: 'missing',
        what: `lakeops.yaml environments.${env.name}.${d}`,
        fix: 'use the bootstrap stack outputs in lakeops.yaml',
      });
    for (const f of await deps.preflight(project, env))
      lines.push({ check: 'preflight', level: 'missing', what: `${f.piece}: ${f.problem}`, fix: f.fix });
  }
  if (opts.github) {
    const repo = opts.repo ?? process.env.GITHUB_REPOSITORY;
    if (!repo || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo))
      throw new ConfigError('lakeops doctor --github needs the repository: --repo owner/name (or GITHUB_REPOSITORY)');
    const { checkGitHubProtection } = await import('../../github/protection.js');
    const envs = env.target === 'aws' ? [env.name] : awsEnvs;
    const found: ProtectionFinding[] = await checkGitHubProtection(deps.github(), repo, envs);
    for (const f of found) lines.push({ check: 'github', ...f });
  }
  const missing = lines.filter((l) => l.level === 'missing');
  if (opts.json)
    deps.out.write(JSON.stringify({ env: env.name, ok: !missing.length, findings: lines }, null, 2) + '\n');
  else {
    for (const l of lines)
      deps.out.write(`${l.level === 'missing' ? 'missing' : 'advice '} [${l.check}] ${l.what}\n    fix: ${l.fix}\n`);
    deps.out.write(
      missing.length
        ? `${missing.length} prerequisite(s) missing\n`
        : `nothing missing${lines.length ? ` (${lines.length} piece(s) of advice)` : ''}\n`,
    );
  }
  return missing.length ? EXIT_USAGE : EXIT_OK;
}

/**
 * The infra/bootstrap.yaml parameters that make exactly what lakeops.yaml names (one naming rule,
 * src/iam/bootstrap.ts): refuses when an AWS environment names something the stack would not create.
 */
function printBootstrapParameters(project: Project, opts: DoctorOptions, out: NodeJS.WritableStream): number {
  const repo = opts.repo ?? process.env.GITHUB_REPOSITORY;
  if (!repo || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo))
    throw new ConfigError(
      'lakeops doctor --bootstrap-parameters needs the repository: --repo owner/name (or GITHUB_REPOSITORY)',
    );
  const envs = Object.entries(project.config.environments).filter(([, e]) => e.target === 'aws');
  const differ = envs.flatMap(([name]) => bootstrapDifferences(project.config, name).map((d) => `${name}: ${d}`));
  if (differ.length)
    throw new ConfigError(
      `lakeops.yaml names what infra/bootstrap.yaml would not create; fix these first:\n  ${differ.join('\n  ')}`,
    );
  const [org, name] = repo.split('/') as [string, string];
  const params = bootstrapParameters(project.config, { org, repo: name });
  if (opts.json) out.write(JSON.stringify(params, null, 2) + '\n');
  else
    out.write(
      Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') + '\n',
    );
  return EXIT_OK;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'check what an AWS environment needs but lakeops does not create (--env), and the GitHub environments and OIDC claims its deploy roles trust (--github); read-only',
    )
    .option('--github', 'check the GitHub side through the REST API (token in GITHUB_TOKEN or GH_TOKEN)')
    .option('--repo <owner/name>', 'the repository for --github (default: GITHUB_REPOSITORY)')
    .option(
      '--bootstrap-parameters',
      'print the infra/bootstrap.yaml parameter overrides that create exactly what lakeops.yaml names',
    )
    .action(
      action(async (opts: Omit<DoctorOptions, 'json'>, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        return runDoctor(
          project,
          env,
          { ...opts, json: g.json },
          {
            preflight: async (p, e) => {
              const { preflight, preflightClients } = await import('../../targets/aws/preflight.js');
              return preflight(p, e, preflightClients(e));
            },
            github: () => {
              const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
              if (!token)
                throw new ConfigError(
                  'lakeops doctor --github needs a token that may read the repository administration settings in GITHUB_TOKEN or GH_TOKEN',
                );
              // Loaded lazily with the rest of the GitHub check.
              return async (path: string) => {
                const { fetchGitHub } = await import('../../github/protection.js');
                return fetchGitHub(token, process.env.GITHUB_API_URL)(path);
              };
            },
            out: process.stdout,
          },
        );
      }),
    );
}
