// The lakeops command line. Each command lives in src/cli/commands/<name>.ts and registers itself.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE } from './context.js';
import { register as validate } from './commands/validate.js';
import { register as plan } from './commands/plan.js';
import { register as deploy } from './commands/deploy.js';
import { register as run } from './commands/run.js';
import { register as put } from './commands/put.js';
import { register as query } from './commands/query.js';
import { register as check } from './commands/check.js';
import { register as graph } from './commands/graph.js';
import { register as iam } from './commands/iam.js';
import { register as doctor } from './commands/doctor.js';
import { register as unlock } from './commands/unlock.js';
import { register as init } from './commands/init.js';
import { register as newCmd } from './commands/new.js';
import { register as runs } from './commands/runs.js';
import { register as clean } from './commands/clean.js';
import { register as backfill } from './commands/backfill.js';
import { register as sqlTest } from './commands/test.js';
import { register as importCmd } from './commands/import.js';

/** The version in package.json (read once, at start-up; no other module is loaded for it). */
export function lakeopsVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('lakeops')
    .description('GitOps for AWS data pipelines: validate, plan, deploy and run them, locally or on AWS')
    .option('-C, --dir <path>', 'project folder (default: nearest folder with lakeops.yaml)')
    .option('-e, --env <name>', 'environment from lakeops.yaml', 'local')
    .option('--json', 'print machine-readable JSON')
    .version(lakeopsVersion(), '-V, --version', 'print the lakeops version')
    .showHelpAfterError()
    .showSuggestionAfterError()
    .exitOverride();
  for (const reg of [validate, plan, deploy, run, put, query, check, graph, iam, doctor, unlock]) reg(program);
  // Day-one commands (issue 17): start a project or pipeline, past runs, backfills, cleaning up.
  for (const reg of [init, newCmd, runs, clean, backfill, sqlTest]) reg(program);
  // Start from what an AWS account already has (issue 17).
  importCmd(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw err;
  }
}
