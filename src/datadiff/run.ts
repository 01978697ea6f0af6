// The data diff of a pull request: for each pipeline it changes, run the base branch's files and
// the PR's files on the local target from the same sample input, then compare every SQL job output.
//
// How base is obtained: `git archive <base-ref> -- <project dir>` unpacked into a temporary folder
// (the checkout is never touched: no `git checkout`, no index change), and the PR's project copied
// into a sibling folder; each gets its own `.lakeops/<env>/` state there. Both run with this
// version of lakeops, so only the pipeline files differ. The head side runs first; its landed
// input (each sample's `to` prefix) is copied into the base side before base runs, so the base run
// finds its input present and reads the very same files. The base commit must be in the checkout
// (actions/checkout with `fetch-depth: 0`, or a fetch of the base SHA).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { parseS3Uri, resolveEnvironment, substitute, substitutionsFor } from '../model/environment.js';
import { loadProjectOrThrow, type Pipeline, type Project } from '../model/project.js';
import { silentProgress, type ProgressSink, type RunResult } from '../report/model.js';
import { createTarget } from '../targets/index.js';
import { compareOutput } from './compare.js';
import type { DataDiffReport, PipelineDataDiff, TableDiff } from './model.js';

const exec = promisify(execFile);

export interface DataDiffOptions {
  /** The git repository's root (the checkout). */
  repoRoot: string;
  /** The project folder (holding lakeops.yaml) relative to repoRoot; "" or "." for the root. */
  projectDir?: string;
  /** Branch, tag or commit to compare against. */
  baseRef: string;
  pipelines: readonly string[];
  /** A local-target environment (default "local"). */
  env?: string;
  progress?: ProgressSink;
  /** Keep the temporary folders (for debugging); they are removed by default. */
  keep?: boolean;
}

/** Unpacks the project folder of `ref` into `dest` with git archive | tar (the checkout is untouched). */
async function extractRef(repoRoot: string, ref: string, projectDir: string, dest: string): Promise<void> {
  // A ref starting with "-" would be read as an option by git.
  if (ref.startsWith('-')) throw new Error(`invalid base ref "${ref}"`);
  await exec('git', ['-C', repoRoot, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new Error(
      `base ${ref} is not in this checkout; check out with fetch-depth: 0 (or fetch the base commit) to compare data`,
    );
  });
  const tar = join(dest, '..', 'base.tar');
  await exec('git', ['-C', repoRoot, 'archive', '--format=tar', `--output=${tar}`, ref, '--', projectDir || '.']);
  mkdirSync(dest, { recursive: true });
  await exec('tar', ['-x', '-f', tar, '-C', dest]);
  rmSync(tar, { force: true });
}

/** Copies the project without local state, dependencies or git metadata. */
function copyProject(from: string, to: string): void {
  cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const rel = relative(from, src);
      const top = rel.split(sep)[0];
      return !['.lakeops', 'node_modules', '.git'].includes(top ?? '');
    },
  });
}

/** Local folder of an s3:// URI in the local target's storage of `env`. */
function localPath(project: Project, env: string, uri: string): string {
  const { bucket, key } = parseS3Uri(uri);
  return join(project.root, '.lakeops', env, 's3', bucket, key);
}

interface Output {
  table: string;
  path: string;
  format: 'parquet' | 'json';
  dir: string;
}

function outputsOf(project: Project, envName: string, pipeline: Pipeline): Output[] {
  const env = resolveEnvironment(project, envName);
  const values = substitutionsFor(project, env, pipeline);
  return pipeline.jobs.flatMap((j) =>
    j.outputs.map((o) => {
      const path = substitute(o.path, values).text;
      return { table: o.table ?? path, path, format: o.format, dir: localPath(project, envName, path) };
    }),
  );
}

async function runOne(
  project: Project,
  envName: string,
  pipeline: string,
  input: unknown,
  progress: ProgressSink,
): Promise<RunResult> {
  const target = await createTarget(project, resolveEnvironment(project, envName));
  try {
    return await target.run(project, pipeline, { input }, progress);
  } finally {
    await target.close();
  }
}

/** Copies the head run's input (each sample's `to` prefix) into the base side's local storage. */
function shareInput(head: Project, base: Project, envName: string, pipeline: Pipeline): void {
  const env = resolveEnvironment(head, envName);
  const values = substitutionsFor(head, env, pipeline);
  for (const spec of pipeline.config.sample ?? []) {
    const uri = substitute(spec.to, values).text;
    const from = localPath(head, envName, uri);
    if (!existsSync(from)) continue;
    const to = localPath(base, envName, uri);
    mkdirSync(join(to, '..'), { recursive: true });
    cpSync(from, to, { recursive: true });
  }
}

function failedRun(r: RunResult): string | undefined {
  if (r.status === 'SUCCEEDED') return undefined;
  return `the run ${r.status.toLowerCase()}${r.failure ? ` at "${r.failure.state}"` : ''}`;
}

async function diffPipeline(
  head: Project,
  base: Project | undefined,
  envName: string,
  name: string,
  progress: ProgressSink,
): Promise<PipelineDataDiff> {
  const hp = head.pipelines.find((p) => p.name === name);
  if (!hp) return { pipeline: name, status: 'failed', error: 'the pull request removes this pipeline', tables: [] };
  const input = hp.config.local?.input;
  const out: PipelineDataDiff = {
    pipeline: name,
    status: 'compared',
    tables: [],
    ...(input !== undefined ? { input } : {}),
  };
  try {
    const headRun = await runOne(head, envName, name, input, progress);
    const headFail = failedRun(headRun);
    if (headFail) return { ...out, status: 'failed', error: `head: ${headFail}` };
    const bp = base?.pipelines.find((p) => p.name === name);
    if (base && bp) {
      shareInput(head, base, envName, hp);
      const baseRun = await runOne(base, envName, name, input, progress);
      const baseFail = failedRun(baseRun);
      if (baseFail) return { ...out, status: 'failed', error: `base: ${baseFail}` };
    }
    const headOuts = outputsOf(head, envName, hp);
    const baseOuts = base && bp ? outputsOf(base, envName, bp) : [];
    const keys = [...new Set([...headOuts, ...baseOuts].map((o) => o.path))];
    for (const path of keys) {
      const h = headOuts.find((o) => o.path === path);
      const b = baseOuts.find((o) => o.path === path);
      const t: TableDiff = await compareOutput(
        (h ?? b)!.table,
        path,
        { dir: b?.dir, format: (b ?? h)!.format },
        { dir: h?.dir, format: (h ?? b)!.format },
      );
      out.tables.push(t);
    }
    return out;
  } catch (e) {
    return { ...out, status: 'failed', error: (e as Error).message };
  }
}

/**
 * The data diff of `pipelines` between `baseRef` and the working tree. A pipeline that cannot be
 * compared (a failed run, a missing base commit) is reported as such; this never throws for it.
 */
export async function dataDiff(opts: DataDiffOptions): Promise<DataDiffReport> {
  const env = opts.env ?? 'local';
  const progress = opts.progress ?? silentProgress;
  const projectDir = !opts.projectDir || opts.projectDir === '.' ? '' : opts.projectDir;
  const report: DataDiffReport = { baseRef: opts.baseRef, env, pipelines: [] };
  const tmp = mkdtempSync(join(tmpdir(), 'lakeops-datadiff-'));
  try {
    const headRoot = join(tmp, 'head');
    copyProject(resolve(opts.repoRoot, projectDir), headRoot);
    const head = loadProjectOrThrow(headRoot);
    if (resolveEnvironment(head, env).target !== 'local')
      throw new Error(`environment "${env}" is not a local-target environment; the data diff runs locally`);
    let base: Project | undefined;
    let baseError: string | undefined;
    try {
      await extractRef(opts.repoRoot, opts.baseRef, projectDir, join(tmp, 'base'));
      const baseRoot = join(tmp, 'base', projectDir);
      base = existsSync(join(baseRoot, 'lakeops.yaml')) ? loadProjectOrThrow(baseRoot) : undefined;
    } catch (e) {
      baseError = (e as Error).message;
    }
    for (const name of opts.pipelines) {
      if (baseError) {
        report.pipelines.push({ pipeline: name, status: 'failed', error: baseError, tables: [] });
        continue;
      }
      progress.info(`data diff: ${name} (base ${opts.baseRef} vs this PR)`);
      report.pipelines.push(await diffPipeline(head, base, env, name, progress));
    }
    return report;
  } finally {
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
  }
}
