// Glue Python scripts must compile. One python3 process compiles them all with py_compile; its
// byte-code goes to a temporary PYTHONPYCACHEPREFIX that is removed afterwards, so nothing is
// written into the project. Without python3 the check is skipped with one warning.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProjectFile } from '../model/safe-read.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Project } from '../model/project.js';

export const GLUE_SCRIPTS_DIR = 'glue-scripts';

const COMPILE_ALL = `
import sys, json, py_compile
out = []
for f in sys.argv[1:]:
    try:
        py_compile.compile(f, doraise=True)
    except py_compile.PyCompileError as e:
        v = e.exc_value
        msg = getattr(v, "msg", None) or str(v)
        out.append({"file": f, "line": getattr(v, "lineno", None) or 1, "column": getattr(v, "offset", None) or 1,
                    "message": e.exc_type_name + ": " + msg})
    except Exception as e:
        out.append({"file": f, "line": 1, "column": 1, "message": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`;

/** The job scripts ending in .py plus every .py under glue-scripts/ (relative paths, sorted). */
export function pythonScripts(project: Project): string[] {
  const files = new Set<string>();
  for (const p of project.pipelines)
    for (const job of p.jobs) if (job.config.script?.endsWith('.py')) files.add(job.config.script);
  const walk = (rel: string) => {
    const abs = join(project.root, rel);
    if (!existsSync(abs)) return;
    // Dirents do not follow links: a linked folder (maybe a loop, maybe outside) is not walked.
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.py')) files.add(child);
    }
  };
  walk(GLUE_SCRIPTS_DIR);
  return [...files].filter((f) => existsSync(join(project.root, f))).sort();
}

function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { ...opts, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : 1) : 0,
        stdout,
        stderr,
        missing: e?.code === 'ENOENT',
      });
    });
  });
}

/** Compiles the project's Python scripts; resolves to their diagnostics. */
export async function checkPython(
  project: Project,
  python = process.env.LAKEOPS_PYTHON ?? 'python3',
): Promise<Diagnostic[]> {
  // Hostile files (links out of the project, huge or binary files) are reported, not compiled.
  const refused: Diagnostic[] = [];
  const scripts = pythonScripts(project).filter((f) => {
    const d = readProjectFile(project.root, f)?.diagnostic;
    if (d) refused.push(d);
    return !d;
  });
  if (scripts.length === 0) return refused;
  return [...refused, ...(await compileScripts(project, scripts, python))];
}

async function compileScripts(project: Project, scripts: string[], python: string): Promise<Diagnostic[]> {
  const cache = mkdtempSync(join(tmpdir(), 'lakeops-pycache-'));
  try {
    const r = await run(python, ['-c', COMPILE_ALL, ...scripts], {
      cwd: project.root,
      env: { ...process.env, PYTHONPYCACHEPREFIX: cache, PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (r.missing)
      return [
        {
          file: scripts[0]!,
          line: 1,
          column: 1,
          severity: 'warning',
          message: `${python} not found: skipped compiling ${scripts.length} Python script(s); install Python 3 to check them`,
          rule: 'python-skipped',
        },
      ];
    let results: { file: string; line: number; column: number; message: string }[];
    try {
      results = JSON.parse(r.stdout);
    } catch {
      return [
        {
          file: scripts[0]!,
          line: 1,
          column: 1,
          severity: 'warning',
          message: `could not compile the Python scripts with ${python} (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}`,
          rule: 'python-skipped',
        },
      ];
    }
    return results.map((x) => ({
      file: x.file,
      line: x.line,
      column: x.column,
      severity: 'error',
      message: `Python: ${x.message}`,
      rule: 'python-syntax',
    }));
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
