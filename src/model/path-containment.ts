// Every file path a pipeline.yaml names (job SQL and scripts, local stand-ins, state machine
// definitions, views, validations, sample files) must resolve inside the repository, symlinks
// followed: a pull request cannot make lakeops read /etc/passwd or a file beside the checkout
// through "../" or a link. Problems come back as diagnostics at the path's file:line:column.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import type { PipelineConfig } from './schema.js';
import type { JsonPath, SourceFile } from './source-file.js';

/** The real path of `abs`: of the file when it exists, else of its deepest existing folder plus the rest. */
function realPathOf(abs: string): string {
  let dir = abs;
  const rest: string[] = [];
  while (!existsSync(dir)) {
    const parent = dirname(dir);
    if (parent === dir) break;
    rest.unshift(dir.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    dir = parent;
  }
  return join(realpathSync(dir), ...rest);
}

/**
 * Why `rel` (a path relative to the project root) is not a file inside the repository, or
 * undefined when it is.
 */
export function containmentProblem(root: string, rel: string): string | undefined {
  if (isAbsolute(rel))
    return `"${rel}" is an absolute path; name a file inside the repository, relative to lakeops.yaml`;
  const realRoot = realpathSync(root);
  const real = realPathOf(resolve(root, rel));
  const inside = relative(realRoot, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return real === resolve(realRoot, rel)
      ? `"${rel}" resolves outside the repository; name a file inside it`
      : `"${rel}" resolves outside the repository through a symbolic link (to ${real}); name a file inside it`;
  return undefined;
}

/** Every file path of a pipeline with where it is written. */
export function pipelineFilePaths(config: PipelineConfig): { path: JsonPath; value: string }[] {
  const out: { path: JsonPath; value: string }[] = [];
  const add = (path: JsonPath, value: string | undefined) => {
    if (typeof value === 'string') out.push({ path, value });
  };
  for (const [name, j] of Object.entries(config.jobs ?? {})) {
    add(['jobs', name, 'sql'], j.sql);
    add(['jobs', name, 'script'], j.script);
    add(['jobs', name, 'localSql'], j.localSql);
    add(['jobs', name, 'output', 'sql'], j.output?.sql);
    for (const [i, o] of (j.outputs ?? []).entries()) add(['jobs', name, 'outputs', i, 'sql'], o.sql);
    add(['jobs', name, 'localOutput', 'sql'], j.localOutput?.sql);
  }
  add(['stateMachine', 'definition'], config.stateMachine?.definition);
  for (const [name, v] of Object.entries(config.views ?? {})) add(['views', name, 'sql'], v.sql);
  for (const [name, v] of Object.entries(config.validations ?? {})) add(['validations', name, 'sql'], v.sql);
  for (const [i, s] of (config.sample ?? []).entries()) add(['sample', i, 'file'], s.file);
  return out;
}

/** Diagnostics for every path of the pipeline that leaves the repository. */
export function checkPipelinePaths(root: string, source: SourceFile, config: PipelineConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { path, value } of pipelineFilePaths(config)) {
    const problem = containmentProblem(root, value);
    if (problem) out.push(source.diagnostic(path, `${path.join('.')}: ${problem}`, 'path-outside-repo'));
  }
  return out;
}
