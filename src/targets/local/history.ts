// Run histories of the local target: every execution or workflow run leaves its RunResult (steps,
// events put on buses, input, output, failure) as JSON under
// .lakeops/<env>/runs/<pipeline>/<executionName>.json. Execution names are deterministic when the
// caller gives a key (e.g. a GitHub run id), so a retried CI job finds the run it already did.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../model/diagnostics.js';
import type { RunResult } from '../../report/model.js';

/** Where the local target keeps an environment's state. */
export const stateDir = (root: string, env: string) => join(root, '.lakeops', env);

export const historyFile = (root: string, env: string, pipeline: string, executionName: string) =>
  join(stateDir(root, env), 'runs', pipeline, `${executionName}.json`);

/** Step Functions execution names: 1-80 characters of letters, digits, "-" and "_". */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * `<pipeline>-<key>` when a key is given (the same key always names the same execution), else
 * `<pipeline>-<UTC timestamp>`, with a counter when that name is taken.
 */
export function executionName(
  pipeline: string,
  key: string | undefined,
  taken: (name: string) => boolean,
  now = new Date(),
): string {
  if (key !== undefined) {
    const name = `${pipeline}-${key}`;
    if (!EXECUTION_NAME.test(name))
      throw new ConfigError(
        `--key "${key}" does not make a valid execution name "${name}": use letters, digits, "-" and "_" (80 characters at most in all)`,
      );
    return name;
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  const base = `${pipeline}-${stamp}`.slice(0, 76);
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}-${i}`;
  return name;
}

export function readHistory(root: string, env: string, pipeline: string, name: string): RunResult | undefined {
  const file = historyFile(root, env, pipeline, name);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as RunResult;
}

/** Writes the history atomically (a reader never sees half a file); returns its path. */
export function writeHistory(root: string, run: RunResult): string {
  const file = historyFile(root, run.env, run.pipeline, run.executionName);
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(run, null, 2) + '\n');
  renameSync(tmp, file);
  return file;
}
