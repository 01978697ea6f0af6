// Which pipelines a change touches, from the list of changed files: a file in a pipeline's folder,
// a file a pipeline references (SQL, scripts, ASL, sample files), or something every pipeline
// depends on (lakeops.yaml, the generic SQL runner, lakeops itself).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { posix } from 'node:path';
import { PIPELINES_DIR, PROJECT_FILE, type Pipeline, type Project } from '../model/project.js';
import { repoParams, type GitHubClient, type Repo } from './client.js';

export const SQL_RUNNER = 'glue-scripts/lakeops_sql_runner.py';

/** Files every pipeline depends on: a change to one of these touches them all. */
const SHARED = [PROJECT_FILE, 'package.json', 'package-lock.json'];
const SHARED_DIRS = ['src/', 'bin/'];

export interface ChangedFile {
  /** Path relative to the repository root. */
  path: string;
  status?: string;
  previousPath?: string;
}

/** Files a pull request changes, from the pull request files API, 100 per page. */
export async function listPullRequestFiles(gh: GitHubClient, repo: Repo, pullNumber: number): Promise<ChangedFile[]> {
  const files = await gh.paginate(gh.rest.pulls.listFiles, {
    ...repoParams(repo),
    pull_number: pullNumber,
    per_page: 100,
  });
  return files.map((f) => ({
    path: f.filename,
    status: f.status,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
  }));
}

/** Files changed between the merge base of `base` and `head` (git diff base...head). */
export async function gitChangedFiles(base: string, head: string, cwd: string): Promise<ChangedFile[]> {
  const { stdout } = await promisify(execFile)('git', ['diff', '--name-status', '-z', '-M', `${base}...${head}`], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  const parts = stdout.split('\0').filter(Boolean);
  const out: ChangedFile[] = [];
  for (let i = 0; i < parts.length;) {
    const status = parts[i++]!;
    if (status.startsWith('R') || status.startsWith('C')) {
      const previousPath = parts[i++]!;
      out.push({ path: parts[i++]!, status: 'renamed', previousPath });
    } else out.push({ path: parts[i++]!, status });
  }
  return out;
}

/** Every project file a pipeline reads, relative to the project root. */
export function referencedFiles(pipeline: Pipeline): Set<string> {
  const c = pipeline.config;
  const files = new Set<string>();
  const add = (f: string | undefined) => f && files.add(posix.normalize(f));
  for (const job of Object.values(c.jobs ?? {})) {
    add(job.sql);
    add(job.script);
    add(job.localSql);
    add(job.output?.sql);
    add(job.localOutput?.sql);
    for (const o of job.outputs ?? []) add(o.sql);
    if (!job.script) add(SQL_RUNNER);
  }
  for (const v of Object.values(c.views ?? {})) add(v.sql);
  for (const v of Object.values(c.validations ?? {})) add(v.sql);
  for (const s of c.sample ?? []) add(s.file);
  add(pipeline.definitionFile);
  return files;
}

export interface TouchedPipeline {
  name: string;
  /** Why: the first few changed files that touch it. */
  reasons: string[];
}

/**
 * The project's pipelines the changed files touch, in project order. `projectDir` is the project
 * folder relative to the repository root ("" when lakeops.yaml is at the root).
 */
export function touchedPipelines(
  project: Project,
  changed: readonly ChangedFile[],
  projectDir = '',
): TouchedPipeline[] {
  const prefix = projectDir && projectDir !== '.' ? posix.normalize(projectDir).replace(/\/+$/, '') + '/' : '';
  const rel = (p: string) => (prefix ? (p.startsWith(prefix) ? p.slice(prefix.length) : undefined) : p);
  const paths = changed.flatMap((f) => [f.path, f.previousPath]).filter((p): p is string => !!p);
  const inProject = paths.map(rel).filter((p): p is string => p !== undefined);
  const reasons = new Map<string, string[]>();
  const touch = (name: string, why: string) => {
    const list = reasons.get(name) ?? [];
    if (list.length < 5 && !list.includes(why)) list.push(why);
    reasons.set(name, list);
  };
  const refs = new Map(project.pipelines.map((p) => [p.name, referencedFiles(p)]));
  for (const file of inProject) {
    const shared = SHARED.includes(file) || SHARED_DIRS.some((d) => file.startsWith(d));
    for (const p of project.pipelines) {
      if (shared) touch(p.name, `${file} (shared by every pipeline)`);
      else if (file.startsWith(`${p.dir}/`) || file === p.dir) touch(p.name, file);
      else if (refs.get(p.name)!.has(file)) touch(p.name, file);
    }
  }
  return project.pipelines
    .filter((p) => reasons.has(p.name))
    .map((p) => ({ name: p.name, reasons: reasons.get(p.name)! }));
}

/** Pipelines whose folder a change adds or deletes but which the loaded project does not hold. */
export function unknownPipelineDirs(project: Project, changed: readonly ChangedFile[]): string[] {
  const known = new Set(project.pipelines.map((p) => p.name));
  const out = new Set<string>();
  for (const f of changed) {
    const m = new RegExp(`(?:^|/)${PIPELINES_DIR}/([^/]+)/`).exec(f.path);
    if (m && !known.has(m[1]!)) out.add(m[1]!);
  }
  return [...out];
}
