// `lakeops run --all` and `lakeops run --select SEL...`: the selected pipelines one after another,
// upstream first; after a failure the rest are skipped (their inputs would be stale). With --json
// one document holds every run. Exit 0 when all succeeded, else 1.
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { renderJson } from '../../report/json.js';
import type { RunResult } from '../../report/model.js';
import { ConfigError } from '../../model/diagnostics.js';
import { EXIT_FAILED, EXIT_OK } from '../context.js';
import { runRun, type RunCommandOptions, type RunDeps } from './run.js';
import { selectPipelines } from './select.js';

export async function runMany(
  project: Project,
  env: Environment,
  sel: { all?: boolean; select?: string[] },
  opts: RunCommandOptions,
  deps: RunDeps,
): Promise<number> {
  if (opts.input !== undefined || opts.key !== undefined)
    throw new ConfigError('--input and --key name one run: give them with one pipeline, not with --all or --select');
  const names = selectPipelines(project, sel.all ? project.pipelines.map((p) => `+${p.name}`) : (sel.select ?? []));
  const runs: RunResult[] = [];
  const skipped: { stage: string; reason: string }[] = [];
  let failedAt: string | undefined;
  for (const name of names) {
    if (failedAt) {
      skipped.push({ stage: name, reason: `not run: ${failedAt} failed before it` });
      continue;
    }
    if (!opts.json) deps.err.write(`\n── ${name} ──\n`);
    const code = await runRun(project, env, name, opts, { ...deps, onResult: (r) => runs.push(r) });
    if (code !== EXIT_OK) failedAt = name;
  }
  if (opts.json)
    deps.out.write(renderJson({ title: `lakeops run ${names.join(' ')}`, env: env.name, runs, skipped }) + '\n');
  else {
    const ok = runs.filter((r) => r.status === 'SUCCEEDED' || r.status === 'RUNNING').length;
    deps.out.write(
      `\n${names.length} pipeline(s): ${ok} succeeded, ${runs.length - ok} failed, ${skipped.length} skipped` +
        (skipped.length ? ` (${skipped.map((s) => s.stage).join(', ')}: ${failedAt} failed)` : '') +
        '\n',
    );
  }
  return failedAt ? EXIT_FAILED : EXIT_OK;
}
