// Script jobs (`script:`) on the local target. Glue runs them as they are; locally they run only
// when a matching runtime exists:
//   pythonshell: python3, when every top-level import of the script resolves;
//   glueetl / gluestreaming: spark-submit on PATH, when the script's other imports resolve;
// otherwise the job's declared local SQL stand-in (localSql + localOutput) runs instead, and
// without one the run fails with a message naming the job and what is missing.
import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { JobRunError, runSqlJob, type SqlJobContext, type SqlJobResult, type SqlJobSpec } from './sql-job.js';

const execFileP = promisify(execFile);

export interface ScriptJobSpec {
  jobName: string;
  declaredIn: string;
  runId: string;
  /** Script path relative to the project root (messages) and absolute (running). */
  script: string;
  scriptPath: string;
  type: 'glueetl' | 'pythonshell' | 'gluestreaming';
  /** Glue job arguments (--name: value), defaults and run arguments merged. */
  arguments: Record<string, string>;
  /** The stand-in, already resolved, when the job declares localSql + localOutput. */
  localSql?: SqlJobSpec;
  /** Extra environment for the script (where the local S3 folder is). */
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  /** Aborted when the run times out (the process is stopped). */
  signal?: AbortSignal;
}

export type ScriptRuntime =
  | { kind: 'python3' | 'spark-submit'; reason: string }
  | { kind: 'localSql'; reason: string }
  | { kind: 'none'; reason: string };

/** Modules the Spark runtime itself provides to a script started by spark-submit. */
const SPARK_PROVIDED = new Set(['pyspark', 'py4j']);

// Lists the module-level imports of a script (the ast module is Python's own parser) and which of
// them cannot be found (importlib.util.find_spec finds a module without running it). Imports inside
// try/except ImportError are optional and not listed.
const IMPORT_CHECK = `
import ast, importlib.util, json, sys
src = open(sys.argv[1], encoding="utf-8").read()
try:
    tree = ast.parse(src, sys.argv[1])
except SyntaxError as e:
    print(json.dumps({"syntaxError": f"{e.msg} at line {e.lineno}"})); sys.exit(0)
mods = []
for node in tree.body:
    if isinstance(node, ast.Import):
        mods += [a.name.split(".")[0] for a in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        mods.append(node.module.split(".")[0])
mods = sorted(set(mods))
missing = [m for m in mods if importlib.util.find_spec(m) is None]
print(json.dumps({"imports": mods, "missing": missing}))
`;

export class ScriptRuntimes {
  private python?: Promise<string | undefined>;
  private sparkSubmit?: Promise<string | undefined>;
  private readonly imports = new Map<string, Promise<{ missing: string[]; syntaxError?: string }>>();

  /** python3's version, or undefined when it is not on PATH. */
  pythonVersion(): Promise<string | undefined> {
    this.python ??= execFileP('python3', ['--version'], { timeout: 10_000 }).then(
      (r) => (r.stdout || r.stderr).trim(),
      () => undefined,
    );
    return this.python;
  }

  /** Absolute path of spark-submit on PATH, or undefined. */
  sparkSubmitPath(): Promise<string | undefined> {
    this.sparkSubmit ??= (async () => {
      for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
        const p = join(dir, 'spark-submit');
        try {
          await access(p, constants.X_OK);
          return p;
        } catch {
          // not in this folder
        }
      }
      return undefined;
    })();
    return this.sparkSubmit;
  }

  /** The script's top-level imports that python3 cannot find (cached per file version). */
  async missingImports(scriptPath: string): Promise<{ missing: string[]; syntaxError?: string }> {
    const st = await stat(scriptPath);
    const key = `${scriptPath}:${st.mtimeMs}:${st.size}`;
    let p = this.imports.get(key);
    if (!p) {
      p = execFileP('python3', ['-c', IMPORT_CHECK, scriptPath], { timeout: 30_000 }).then((r) =>
        JSON.parse(r.stdout.trim().split('\n').pop()!),
      );
      this.imports.set(key, p);
    }
    return p;
  }

  /** Which way the job runs here, and why. */
  async choose(spec: ScriptJobSpec): Promise<ScriptRuntime> {
    const reasons: string[] = [];
    try {
      await stat(spec.scriptPath);
    } catch {
      return { kind: 'none', reason: `the script ${spec.script} does not exist` };
    }
    const python = await this.pythonVersion();
    if (!python) reasons.push('python3 is not on PATH');
    else {
      const { missing, syntaxError } = await this.missingImports(spec.scriptPath);
      if (syntaxError) reasons.push(`${spec.script} does not compile: ${syntaxError}`);
      else if (spec.type === 'pythonshell') {
        if (!missing.length) return { kind: 'python3', reason: `${python}; every top-level import resolves` };
        reasons.push(`python3 cannot import ${missing.join(', ')}`);
      } else {
        const spark = await this.sparkSubmitPath();
        const stillMissing = missing.filter((m) => !SPARK_PROVIDED.has(m));
        if (spark && !stillMissing.length) return { kind: 'spark-submit', reason: `${spark}; imports resolve` };
        if (!spark) reasons.push('spark-submit is not on PATH (a Spark script needs a local Spark)');
        if (stillMissing.length) reasons.push(`python3 cannot import ${stillMissing.join(', ')}`);
      }
    }
    if (spec.localSql) return { kind: 'localSql', reason: reasons.join('; ') };
    return { kind: 'none', reason: reasons.join('; ') };
  }
}

/** Glue passes job arguments to the script as `--name value` pairs (sys.argv). */
function scriptArgs(spec: ScriptJobSpec): string[] {
  const args: Record<string, string> = { '--JOB_NAME': spec.jobName, ...spec.arguments };
  return Object.entries(args).flatMap(([k, v]) => [k.startsWith('--') ? k : `--${k}`, v]);
}

function runProcess(
  command: string,
  args: string[],
  spec: ScriptJobSpec,
): Promise<{ code: number | null; signal: string | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: spec.cwd,
      // Unbuffered Python: stdout and stderr lines reach the job log in the order the script wrote
      // them (a piped stdout is otherwise flushed only at exit, after the error that ended the run).
      env: { ...process.env, PYTHONUNBUFFERED: '1', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // The caller's signal carries the run's timeout when it has one (engine.startJobRun).
      ...(spec.signal ? { signal: spec.signal } : { timeout: spec.timeoutMs }),
    });
    const lines: string[] = [];
    // Output arrives in arbitrary chunks (a print may be split): keep each stream's partial line.
    const reader = () => {
      let partial = '';
      return {
        data(chunk: Buffer) {
          const parts = (partial + chunk.toString('utf8')).split('\n');
          partial = parts.pop()!;
          for (const l of parts) if (l.trim()) lines.push(l);
          if (lines.length > 2000) lines.splice(0, lines.length - 2000);
        },
        end() {
          if (partial.trim()) lines.push(partial);
          partial = '';
        },
      };
    };
    const out = reader();
    const err = reader();
    child.stdout.on('data', out.data);
    child.stderr.on('data', err.data);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      resolve({ code, signal, lines });
    });
  });
}

export async function runScriptJob(
  ctx: SqlJobContext,
  runtimes: ScriptRuntimes,
  spec: ScriptJobSpec,
): Promise<SqlJobResult> {
  const who = `job "${spec.jobName}" (${spec.declaredIn})`;
  const runtime = await runtimes.choose(spec);
  if (runtime.kind === 'none')
    throw new JobRunError(
      `${who}: script ${spec.script} cannot run locally: ${runtime.reason}. ` +
        `Declare localSql (a Spark SQL stand-in) and localOutput in the job to run it on the local target`,
    );
  if (runtime.kind === 'localSql') {
    const result = await runSqlJob(ctx, spec.localSql!);
    return {
      ...result,
      log: [`running the local SQL stand-in instead of ${spec.script}: ${runtime.reason}`, ...result.log],
    };
  }
  const [command, args] =
    runtime.kind === 'python3'
      ? ['python3', [spec.scriptPath, ...scriptArgs(spec)]]
      : [(await runtimes.sparkSubmitPath())!, ['--master', 'local[*]', spec.scriptPath, ...scriptArgs(spec)]];
  const log = [`running ${spec.script} with ${runtime.kind} (${runtime.reason})`];
  const { code, signal, lines } = await runProcess(command, args as string[], spec);
  log.push(...lines);
  if (code !== 0) {
    const why = signal
      ? `was stopped (${signal}${signal === 'SIGTERM' ? ', timeout' : ''})`
      : `exited with code ${code}`;
    const last = lines.slice(-1)[0];
    throw new JobRunError(`${who}: ${spec.script} ${why}${last ? `: ${last}` : ''}`, log);
  }
  return { rowsWritten: {}, log };
}
