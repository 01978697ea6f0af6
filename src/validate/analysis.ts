// The two expensive parsers `lakeops validate` runs — the SQL parser (@polyglot-sql/sdk, 22 MB of
// WebAssembly) and asl-validator (which compiles its JSON Schemas with Ajv on every call) — run in
// one helper process started as soon as validation starts, while this process loads the project
// and runs the other checks. Why a process and not a worker thread:
// - V8 flags are per process. The helper runs with --liftoff-only: V8 compiles the WebAssembly
//   with its baseline compiler only, instead of compiling all 22 MB a second time with its
//   optimising compiler in the background (about a second of CPU that a few dozen parses never
//   pay back; measured with `npm run bench -- validate`).
// - Its module registry is its own, so the Ajv class asl-validator requires can be swapped for one
//   that reuses the instance (and compiled schemas) of the first call.
// The helper stays up for later requests (a PR check validates several environments) but only
// keeps this process alive while a request is pending. If it cannot run, everything happens in
// this process instead, with the same code (`analyseSqlWith`) and plain asl-validator.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { resolveColumnsWith, type ColumnRequest, type ColumnResult } from './column-resolution.js';

export type SqlDialect = 'spark' | 'athena';

export interface RawToken {
  token_type: string;
  text: string;
  /** Unicode code point offsets, as the parser counts. */
  span: { start: number; end: number };
}

/** What one parse of a SQL text tells, in code point offsets. */
export interface RawSqlAnalysis {
  error?: { start: number | null; message: string };
  /** Top-level statement kinds, e.g. ["select"], ["create_view"]. */
  kinds: string[];
  /** Number of `?` markers. */
  placeholders: number;
  /** Names of `:name` parameters. */
  colonParameters: string[];
  /** Tokens, included only when a check needs positions (a non-query, ?, :name). */
  tokens?: RawToken[];
}

export type AslErrors = { 'Error code': string; Message: string; schemaError?: { instancePath: string } }[];

export interface AnalysisRequest {
  sql: { text: string; dialect: SqlDialect }[];
  asl: unknown[];
  /** Column work: select lists to resolve and queries to check against schemas (sql-columns.ts). */
  columns?: ColumnRequest;
}

export interface AnalysisResult {
  sql: RawSqlAnalysis[];
  asl: AslErrors[];
  columns?: ColumnResult;
}

interface Polyglot {
  parse(sql: string, dialect: never): unknown;
  tokenize(sql: string, dialect: never): unknown;
  outputColumnsWithSchema(sql: string, schema: never, dialect: string): unknown;
  validateWithSchema(sql: string, schema: never, dialect: string, options: object): unknown;
}

/**
 * Parses one SQL text. Runs here and, turned into source text, in the helper process: it must use
 * nothing from outside its own body.
 */
export function analyseSqlWith(pg: Polyglot, sql: string, dialect: string): RawSqlAnalysis {
  const out: RawSqlAnalysis = { kinds: [], placeholders: 0, colonParameters: [] };
  const parsed = pg.parse(sql, dialect as never) as {
    success: boolean;
    ast?: Record<string, unknown>[];
    error?: string | null;
    errorStart?: number;
  };
  if (!parsed.success || !parsed.ast) {
    const message = String(parsed.error ?? 'syntax error').replace(
      /^(Parse|Tokenization) error at line \d+, column \d+: /,
      '',
    );
    out.error = { start: parsed.errorStart ?? null, message };
    return out;
  }
  out.kinds = parsed.ast.map((n) => Object.keys(n)[0] ?? '');
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        if (k === 'placeholder') out.placeholders++;
        else if (k === 'parameter' && v && (v as { style?: string }).style === 'Colon')
          names.add((v as { name: string }).name);
        walk(v);
      }
  };
  walk(parsed.ast);
  out.colonParameters = [...names];
  const query = ['select', 'union', 'intersect', 'except', 'subquery'];
  if (out.kinds.length !== 1 || !query.includes(out.kinds[0]!) || out.placeholders > 0 || names.size > 0) {
    const t = pg.tokenize(sql, dialect as never) as { success: boolean; tokens?: RawToken[] };
    out.tokens = (t.success ? (t.tokens ?? []) : []).map((x) => ({
      token_type: x.token_type,
      text: x.text,
      span: { start: x.span.start, end: x.span.end },
    }));
  }
  return out;
}

/** The helper's main loop (runs only there, as source text: it must use nothing from outside). */
async function helperMain(analyse: typeof analyseSqlWith, resolveColumns: typeof resolveColumnsWith): Promise<void> {
  const { createRequire } = await import('node:module');
  const { createInterface } = await import('node:readline');
  const { polyglot, validatorPath } = JSON.parse(process.argv[1]!) as { polyglot: string; validatorPath: string };
  const aslRequire = createRequire(validatorPath);
  const validateAsl = aslRequire(validatorPath) as (d: unknown, o: object) => { errors: unknown[] };
  // asl-validator builds a new Ajv and compiles its schemas on every call. Here the Ajv class it
  // requires hands every call the instance the first call set up; later calls skip the setup
  // (identical each time) and reuse the compiled schemas. validateSchema: false and unoptimised
  // code change nothing about what validates, only how long compiling takes.
  const ajvModule = aslRequire('ajv') as { default: new (o: object) => object };
  const RealAjv = ajvModule.default;
  const setup = new Set(['addFormat', 'addKeyword', 'addSchema', 'addMetaSchema', 'addVocabulary']);
  let shared: { proxy: object; ready: boolean } | undefined;
  function SharedAjv(opts: { code?: object }) {
    if (shared) return shared.proxy;
    const real = new RealAjv({ ...opts, validateSchema: false, code: { ...opts?.code, optimize: false } });
    const state = { proxy: real, ready: false };
    state.proxy = new Proxy(real, {
      get(target, prop) {
        if (state.ready && setup.has(prop as string)) return () => state.proxy;
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    shared = state;
    return state.proxy;
  }
  let reuse = true;
  const options = { checkPaths: true, checkArn: true };
  const validateOne = (d: unknown): unknown[] => {
    if (reuse) {
      try {
        ajvModule.default = SharedAjv as never;
        const errors = validateAsl(structuredClone(d), options).errors;
        if (shared) shared.ready = true;
        return errors;
      } catch {
        reuse = false; // a newer asl-validator: validate the plain way from now on
      }
    }
    ajvModule.default = RealAjv;
    return validateAsl(structuredClone(d), options).errors;
  };
  const pg = (await import(polyglot)) as Polyglot;
  validateOne({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }); // compile the schemas now
  for await (const line of createInterface({ input: process.stdin })) {
    let id: unknown;
    let reply: object;
    try {
      const req = JSON.parse(line) as {
        id: number;
        sql: { text: string; dialect: string }[];
        asl: unknown[];
        columns?: ColumnRequest;
      };
      id = req.id;
      reply = {
        id,
        sql: req.sql.map((s) => analyse(pg, s.text, s.dialect)),
        asl: req.asl.map(validateOne),
        ...(req.columns ? { columns: resolveColumns(pg as never, req.columns) } : {}),
      };
    } catch (e) {
      reply = { id, error: String((e as Error)?.stack ?? e) };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
}

// tsx keeps function names by wrapping them in __name(...); the helper has no such function.
const HELPER_SOURCE = `const __name = (target) => target;
const analyseSqlWith = ${analyseSqlWith.toString()};
const resolveColumnsWith = ${resolveColumnsWith.toString()};
await (${helperMain.toString()})(analyseSqlWith, resolveColumnsWith);
`;

type Pending = { resolve: (r: AnalysisResult) => void; reject: (e: Error) => void };
let helper: { child: ChildProcessWithoutNullStreams; pending: Map<number, Pending> } | undefined;
let nextId = 0;
let helperBroken = false;

function setRef(child: ChildProcessWithoutNullStreams, on: boolean): void {
  for (const h of [child, child.stdout, child.stdin, child.stderr] as { ref(): void; unref(): void }[])
    if (on) h.ref();
    else h.unref();
}

function startHelper(): NonNullable<typeof helper> {
  if (helper) return helper;
  const require = createRequire(import.meta.url);
  // The helper imports the SDK by name (its ESM entry for Node) from the folder that holds the
  // node_modules it was found in, and requires asl-validator by path.
  const sdkPath = require.resolve('@polyglot-sql/sdk');
  const marker = `${sep}node_modules${sep}`;
  const cwd = sdkPath.slice(0, sdkPath.lastIndexOf(marker)) || process.cwd();
  const args = JSON.stringify({ polyglot: '@polyglot-sql/sdk', validatorPath: require.resolve('asl-validator') });
  const child = spawn(process.execPath, ['--liftoff-only', '--input-type=module', '-e', HELPER_SOURCE, args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const h = { child, pending: new Map<number, Pending>() };
  let stderr = '';
  let buffer = '';
  const fail = (e: Error) => {
    if (helper === h) helper = undefined;
    helperBroken = true;
    for (const p of h.pending.values()) p.reject(e);
    h.pending.clear();
  };
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const reply = JSON.parse(line) as Partial<AnalysisResult> & { id: number; error?: string };
      const p = h.pending.get(reply.id);
      h.pending.delete(reply.id);
      if (reply.error) p?.reject(new Error(`analysis helper: ${reply.error}`));
      else p?.resolve({ sql: reply.sql ?? [], asl: reply.asl ?? [], columns: reply.columns });
      if (h.pending.size === 0) setRef(child, false);
    }
  });
  child.on('error', fail);
  child.on('exit', (code) => fail(new Error(`analysis helper exited with code ${code}: ${stderr.trim()}`)));
  child.stdin.on('error', () => undefined); // reported through 'exit'
  setRef(child, false);
  helper = h;
  return h;
}

/** Starts the helper now so that it is ready by the time the project is loaded. */
export function warmUpAnalysis(): void {
  if (!helperBroken && process.env.LAKEOPS_IN_PROCESS_ANALYSIS !== '1') startHelper();
}

function inHelper(request: AnalysisRequest): Promise<AnalysisResult> {
  const h = startHelper();
  return new Promise((resolve, reject) => {
    const id = nextId++;
    if (h.pending.size === 0) setRef(h.child, true);
    h.pending.set(id, { resolve, reject });
    h.child.stdin.write(JSON.stringify({ id, ...request }) + '\n');
  });
}

type AslValidatorFn = (definition: unknown, opts: { checkPaths: boolean; checkArn: boolean }) => { errors: AslErrors };
let polyglot: Polyglot | undefined;

/** The SQL parser in this process (the fallback path), loaded on first use. */
export async function loadSqlParserHere(): Promise<Polyglot> {
  polyglot ??= (await import('@polyglot-sql/sdk')) as unknown as Polyglot;
  return polyglot;
}

function inThisProcess(request: AnalysisRequest, pg: Polyglot): AnalysisResult {
  const validate = createRequire(import.meta.url)('asl-validator') as AslValidatorFn;
  return {
    sql: request.sql.map((s) => analyseSqlWith(pg, s.text, s.dialect)),
    asl: request.asl.map((d) => validate(structuredClone(d), { checkPaths: true, checkArn: true }).errors),
    columns: request.columns ? resolveColumnsWith(pg as never, request.columns) : undefined,
  };
}

/** Parses every SQL text and validates every ASL definition, in the helper when it can run. */
export async function analyse(request: AnalysisRequest): Promise<AnalysisResult> {
  if (request.sql.length === 0 && request.asl.length === 0) return { sql: [], asl: [] };
  if (!helperBroken && process.env.LAKEOPS_IN_PROCESS_ANALYSIS !== '1') {
    try {
      return await inHelper(request);
    } catch (e) {
      // The same work, here (slower, same results).
      if (process.env.LAKEOPS_DEBUG)
        process.stderr.write(`lakeops: analysis helper unavailable, parsing here: ${(e as Error).message}\n`);
    }
  }
  return inThisProcess(request, await loadSqlParserHere());
}

/** In-process results, for tests comparing them with the helper's. */
export async function analyseInThisProcess(request: AnalysisRequest): Promise<AnalysisResult> {
  return inThisProcess(request, await loadSqlParserHere());
}
