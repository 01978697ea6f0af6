// What every command shares: global options, loading the project, picking the target, and turning
// errors into messages and exit codes (0 ok, 1 failure found, 2 usage or configuration error).
import type { Command } from 'commander';
import { ConfigError, formatDiagnostic, sortDiagnostics } from '../model/diagnostics.js';
import { resolveEnvironment, DEFAULT_ENV, type Environment } from '../model/environment.js';
import type { Project } from '../model/project.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface GlobalOptions {
  dir?: string;
  env: string;
  json?: boolean;
}

export function globalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as Partial<GlobalOptions>;
  return { dir: o.dir, env: o.env ?? DEFAULT_ENV, json: o.json };
}

/** Loads the project (the loader, with its YAML parser and schema checker, is imported on use so
 * that `--help` and commands that need no project start fast). */
export async function openProject(opts: GlobalOptions): Promise<{ project: Project; env: Environment }> {
  const { findProjectRoot, loadProjectOrThrow } = await import('../model/project.js');
  const root = findProjectRoot(opts.dir ?? process.cwd());
  const project = loadProjectOrThrow(root);
  return { project, env: resolveEnvironment(project, opts.env) };
}

/** Exit code set by a command; main() exits with it once the command's promise settles. */
export function setExit(code: number): void {
  if (code > ((process.exitCode as number | undefined) ?? 0)) process.exitCode = code;
}

/** Prints an error the way users should see it and returns the exit code it maps to. */
export function reportError(err: unknown, json = false): number {
  if (err instanceof ConfigError) {
    if (json) {
      process.stdout.write(JSON.stringify({ error: err.message, diagnostics: err.diagnostics }, null, 2) + '\n');
    } else {
      for (const d of sortDiagnostics([...err.diagnostics])) process.stderr.write(formatDiagnostic(d) + '\n');
      process.stderr.write(`lakeops: ${err.message}\n`);
    }
    return EXIT_USAGE;
  }
  const e = err as Error & { name?: string };
  if (json) process.stdout.write(JSON.stringify({ error: e?.message ?? String(err) }, null, 2) + '\n');
  else process.stderr.write(`lakeops: ${e?.message ?? String(err)}\n`);
  if (process.env.LAKEOPS_DEBUG && e?.stack) process.stderr.write(e.stack + '\n');
  return EXIT_FAILED;
}

/** Wraps a command action so thrown errors become messages and exit codes, never stack dumps. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    try {
      const code = await fn(...args);
      setExit(code ?? EXIT_OK);
    } catch (err) {
      setExit(reportError(err, globalOptions(cmd).json));
    }
  };
}

/** Parses a JSON option value or throws a usage error naming the option. */
export function parseJsonOption(name: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${name} is not valid JSON: ${(e as Error).message}`);
  }
}
