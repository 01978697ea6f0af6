// What every lakeops action shares: typed inputs (each checked, with a message naming the input),
// the project folder, the job summary, and turning errors into a failed step with annotations on
// the offending lines instead of a stack trace.
import { isAbsolute, relative, resolve } from 'node:path';
import * as core from '@actions/core';
import { ConfigError, formatDiagnostic, type Diagnostic } from '../model/diagnostics.js';
import { toPosix } from '../model/project.js';
import { cutBody } from '../report/markdown.js';

/** A job summary may hold at most 1 MiB per step. */
export const SUMMARY_MAX_CHARS = 1024 * 1024 - 1024;

export function input(name: string): string {
  return core.getInput(name).trim();
}

export function requiredInput(name: string): string {
  const v = input(name);
  if (!v) throw new ConfigError(`input "${name}" is required`);
  return v;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  const v = input(name).toLowerCase();
  if (!v) return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new ConfigError(`input "${name}" must be true or false, not "${core.getInput(name)}"`);
}

/** A list input: names separated by commas, spaces or newlines. */
export function listInput(name: string): string[] {
  return input(name)
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function integerInput(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = input(name);
  if (!v) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new ConfigError(`input "${name}" must be a whole number from ${min} to ${max}, not "${v}"`);
  return Number(v);
}

export interface ProjectLocation {
  /** Absolute path of the project folder. */
  root: string;
  /** The project folder relative to the repository root ("" at the root), for annotation paths. */
  fromRepoRoot: string;
}

/** The `working-directory` input resolved against the workspace; it must stay inside it. */
export function projectLocation(workspace: string): ProjectLocation {
  const dir = input('working-directory') || '.';
  const root = resolve(workspace, dir);
  const rel = relative(resolve(workspace), root);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new ConfigError(`input "working-directory" (${dir}) must be a folder inside the repository`);
  return { root, fromRepoRoot: toPosix(rel) };
}

/** Writes Markdown to the job summary (when the runner provides one), cut to the size limit. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written');
    return;
  }
  const text = cutBody(markdown, SUMMARY_MAX_CHARS, '_… cut at the 1 MiB job summary limit._');
  await core.summary.addRaw(text, true).write();
}

/** Prints diagnostics as workflow commands, so they show on the lines even without a check run. */
export function annotateDiagnostics(diagnostics: readonly Diagnostic[], pathPrefix = ''): void {
  for (const d of diagnostics) {
    const props = {
      file: pathPrefix ? `${pathPrefix}/${d.file}` : d.file,
      startLine: d.line,
      startColumn: d.column,
      title: `lakeops: ${d.rule}`,
    };
    if (d.severity === 'error') core.error(d.message, props);
    else core.warning(d.message, props);
  }
}

/**
 * Runs an action's main function: a ConfigError (bad input or configuration) fails the step with
 * its message and annotated diagnostics; any other error fails it with its message.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError) {
      annotateDiagnostics(err.diagnostics);
      for (const d of err.diagnostics) core.info(formatDiagnostic(d));
      core.setFailed(err.message);
      return;
    }
    const e = err as Error;
    if (process.env.LAKEOPS_DEBUG && e?.stack) core.debug(e.stack);
    core.setFailed(e?.message ?? String(err));
  }
}
