// Writing the import: everything is first written to a staging folder inside the project
// (.lakeops/import-*/, a project of its own that the self-check loads), then each pipeline folder
// is moved into pipelines/ by rename. A rename that fails puts back what was moved already, so the
// project ends with all the imported pipelines or none of them.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../model/diagnostics.js';
import { PIPELINES_DIR, PROJECT_FILE } from '../model/project.js';
import { SQL_RUNNER_SCRIPT } from '../planner/sql-job.js';
import type { ImportFile } from './types.js';

/** A value the self-check gives secret references; never a real secret, and never committed. */
export const SECRET_PLACEHOLDER = 'lakeops-import-placeholder';

/** Refuses (ConfigError, exit 2) when a pipeline folder exists and --force was not given. */
export function checkTargets(root: string, pipelines: string[], force: boolean): string[] {
  const taken = pipelines.filter((p) => existsSync(join(root, PIPELINES_DIR, p)));
  if (taken.length && !force)
    throw new ConfigError(
      `${taken.map((p) => `${PIPELINES_DIR}/${p}`).join(', ')} already exist${taken.length === 1 ? 's' : ''}; ` +
        'nothing was written (pass --force to replace them, or --select / --pipeline to import something else)',
    );
  return taken;
}

export interface Staging {
  dir: string;
  remove(): void;
}

/**
 * A staging project: lakeops.yaml (with placeholder values for the secret references in
 * environment `env`), the SQL runner when the project has one, and the files.
 */
export function stage(root: string, env: string, files: ImportFile[], secrets: string[]): Staging {
  mkdirSync(join(root, '.lakeops'), { recursive: true });
  const dir = mkdtempSync(join(root, '.lakeops', 'import-'));
  const doc = parseDocument(readFileSync(join(root, PROJECT_FILE), 'utf8'));
  for (const s of secrets) doc.setIn(['environments', env, 'variables', s], SECRET_PLACEHOLDER);
  writeFileSync(join(dir, PROJECT_FILE), doc.toString());
  const runner = join(root, SQL_RUNNER_SCRIPT);
  if (existsSync(runner)) {
    mkdirSync(dirname(join(dir, SQL_RUNNER_SCRIPT)), { recursive: true });
    writeFileSync(join(dir, SQL_RUNNER_SCRIPT), readFileSync(runner));
  }
  for (const f of files) {
    const abs = join(dir, f.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, f.content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Moves staging/pipelines/<p> to pipelines/<p> for every pipeline; with `replace`, the existing
 * folders are moved aside first and removed only once every pipeline is in place.
 */
export function commit(
  root: string,
  staging: Staging,
  pipelines: string[],
  replace: string[],
  /** Files only the self-check needed (placeholders for unreadable scripts). */
  dropped: string[],
  rename: (from: string, to: string) => void = renameSync,
): void {
  for (const f of dropped) if (existsSync(join(staging.dir, f))) unlinkSync(join(staging.dir, f));
  mkdirSync(join(root, PIPELINES_DIR), { recursive: true });
  const aside = join(staging.dir, 'replaced');
  mkdirSync(aside, { recursive: true });
  const done: { from: string; to: string }[] = [];
  try {
    for (const p of replace) {
      const from = join(root, PIPELINES_DIR, p);
      const to = join(aside, p);
      rename(from, to);
      done.push({ from, to });
    }
    for (const p of pipelines) {
      const from = join(staging.dir, PIPELINES_DIR, p);
      const to = join(root, PIPELINES_DIR, p);
      rename(from, to);
      done.push({ from, to });
    }
  } catch (e) {
    for (const d of done.reverse()) renameSync(d.to, d.from);
    throw e;
  }
}
