// Step Functions definitions: every ${Name} resolves, the substituted definition passes
// asl-validator (a JSON-Schema based Amazon States Language validator), every transition names a
// state of its own scope, every state is reachable, and the Glue jobs, crawlers, workflows, state
// machines, event buses and databases a Task names belong to the project. Errors point at the line
// in the .asl.json file (positions come from the unsubstituted text: substitution only changes
// string contents, so the JSON structure and every path stay the same).
import type { Diagnostic } from '../model/diagnostics.js';
import { jsonStringEscape, substitute, type ResourceKind } from '../model/environment.js';
import type { Pipeline } from '../model/project.js';
import { positionInText, SourceFile, type JsonPath } from '../model/source-file.js';
import { ambiguousNames, type ValidationContext } from './context.js';
import type { AslErrors } from './analysis.js';
import { checkSqlText } from './sql.js';
import { checkAslRules, normaliseJsonataSpacing } from './asl-rules.js';
import { checkAslStructure } from './asl-structure.js';
import { checkTaskArguments } from './contracts.js';
import { foreignConstructs } from './sql-dialect.js';

type Json = any;

const STATE_TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];
// asl-validator reports these itself without positions; the scope walk below reports them with one.
const COVERED_CODES = new Set([
  'MISSING_TRANSITION_TARGET',
  'BRANCH_OUTBOUND_TRANSITION_TARGET',
  'MAP_OUTBOUND_TRANSITION_TARGET',
  'MISSING_TERMINAL_STATE', // asl-structure.ts reports it at the scope's States
]);

/** One state machine scope: the top level, a Parallel branch, or a Map's item processor. */
interface Scope {
  path: JsonPath;
  node: Json;
  states: Record<string, Json>;
}

function scopesOf(node: Json, path: JsonPath = [], out: Scope[] = []): Scope[] {
  if (!node || typeof node !== 'object' || !node.States || typeof node.States !== 'object') return out;
  out.push({ path, node, states: node.States });
  for (const [name, state] of Object.entries<Json>(node.States)) {
    if (!state || typeof state !== 'object') continue;
    const at = [...path, 'States', name];
    if (Array.isArray(state.Branches))
      state.Branches.forEach((b: Json, i: number) => scopesOf(b, [...at, 'Branches', i], out));
    if (state.ItemProcessor) scopesOf(state.ItemProcessor, [...at, 'ItemProcessor'], out);
    if (state.Iterator) scopesOf(state.Iterator, [...at, 'Iterator'], out);
  }
  return out;
}

/** The transitions out of a state, with the path of each target value. */
function transitions(state: Json, at: JsonPath): { target: unknown; path: JsonPath }[] {
  const out: { target: unknown; path: JsonPath }[] = [];
  if (state.Next !== undefined) out.push({ target: state.Next, path: [...at, 'Next'] });
  if (state.Default !== undefined) out.push({ target: state.Default, path: [...at, 'Default'] });
  if (Array.isArray(state.Choices))
    state.Choices.forEach((c: Json, i: number) => {
      if (c?.Next !== undefined) out.push({ target: c.Next, path: [...at, 'Choices', i, 'Next'] });
    });
  if (Array.isArray(state.Catch))
    state.Catch.forEach((c: Json, i: number) => {
      if (c?.Next !== undefined) out.push({ target: c.Next, path: [...at, 'Catch', i, 'Next'] });
    });
  return out;
}

function checkGraph(source: SourceFile, scopes: Scope[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const allNames = new Set(scopes.flatMap((s) => Object.keys(s.states)));
  for (const scope of scopes) {
    const names = Object.keys(scope.states);
    const where = scope.path.length
      ? `this ${scope.path.includes('Branches') ? 'Parallel branch' : 'Map item processor'}`
      : 'the state machine';
    const dangling = (target: unknown, path: JsonPath, from: string) => {
      const t = String(target);
      const hint = allNames.has(t)
        ? `; "${t}" is in another scope and a state can only go to states of ${where}`
        : names.length
          ? `; states here: ${names.join(', ')}`
          : '';
      out.push(source.diagnostic(path, `${from} goes to "${t}", which is not a state of ${where}${hint}`, 'asl-next'));
    };
    const danglingBefore = out.length;
    const start = scope.node.StartAt;
    const reached = new Set<string>();
    const queue: string[] = [];
    if (typeof start === 'string') {
      if (scope.states[start] === undefined) dangling(start, [...scope.path, 'StartAt'], 'StartAt');
      else queue.push(start);
    }
    while (queue.length) {
      const name = queue.shift()!;
      if (reached.has(name)) continue;
      reached.add(name);
      const state = scope.states[name];
      if (!state || typeof state !== 'object') continue;
      for (const t of transitions(state, [...scope.path, 'States', name])) {
        if (typeof t.target !== 'string') continue; // asl-validator reports the type
        if (scope.states[t.target] === undefined) dangling(t.target, t.path, `state "${name}"`);
        else queue.push(t.target);
      }
    }
    const unreached = names.filter((n) => !reached.has(n));
    // Transitions of unreachable states are checked too, so every dangling target shows.
    for (const name of unreached) {
      const state = scope.states[name];
      if (state && typeof state === 'object')
        for (const t of transitions(state, [...scope.path, 'States', name]))
          if (typeof t.target === 'string' && scope.states[t.target] === undefined)
            dangling(t.target, t.path, `state "${name}"`);
    }
    // A dangling transition cuts off whatever lay behind it; reporting those states as unreachable
    // too would bury the one real mistake, so they are reported once the transition is fixed.
    if (out.length > danglingBefore) continue;
    for (const name of unreached)
      out.push(
        source.diagnostic(
          [...scope.path, 'States', name],
          `state "${name}" is unreachable: no StartAt, Next, Default, Choice or Catch leads to it; connect it or remove it`,
          'asl-unreachable',
          { key: true },
        ),
      );
  }
  return out;
}

interface TaskTarget {
  kind: ResourceKind;
  rule: string;
  /** Parameter paths holding the name (inside Parameters or Arguments). */
  params: (string | number)[][];
  /** How to turn the value into a physical name. */
  extract?: (v: string) => string;
}

const GLUE_JOB_APIS = /^(startJobRun|getJobRun|getJobRuns|getJob|batchStopJobRun|updateJob|resetJobBookmark)$/;
const GLUE_CRAWLER_APIS = /^(startCrawler|getCrawler|stopCrawler|updateCrawler)$/;
const GLUE_WORKFLOW_APIS =
  /^(startWorkflowRun|getWorkflow|getWorkflowRun|getWorkflowRuns|stopWorkflowRun|resumeWorkflowRun)$/;

/** What project resource a Task's Resource ARN acts on, and which parameter names it. */
function taskTarget(resource: string): TaskTarget | undefined {
  const m = /^arn:[^:]+:states:::(?:aws-sdk:)?([a-z0-9]+):([A-Za-z]+)(?:\.[a-zA-Z:0-9]+)?$/.exec(resource);
  if (!m) return undefined;
  const [, service, api] = m;
  if (service === 'glue' && GLUE_JOB_APIS.test(api!)) return { kind: 'job', rule: 'ref-job', params: [['JobName']] };
  if (service === 'glue' && GLUE_CRAWLER_APIS.test(api!))
    return { kind: 'crawler', rule: 'ref-crawler', params: [['Name']] };
  if (service === 'glue' && api === 'getCrawlerMetrics')
    return { kind: 'crawler', rule: 'ref-crawler', params: [['CrawlerNameList']] };
  if (service === 'glue' && GLUE_WORKFLOW_APIS.test(api!))
    return { kind: 'workflow', rule: 'ref-workflow', params: [['Name']] };
  if (service === 'states' && /^(startExecution|startSyncExecution)$/.test(api!))
    return {
      kind: 'stateMachine',
      rule: 'ref-state-machine',
      params: [['StateMachineArn']],
      extract: (v) => /:stateMachine:([^:]+)/.exec(v)?.[1] ?? v,
    };
  if (service === 'events' && api === 'putEvents')
    return {
      kind: 'eventBus',
      rule: 'ref-event-bus',
      params: [['Entries']],
      extract: (v) => v.replace(/^arn:.*:event-bus\//, ''),
    };
  if (service === 'athena' && api === 'startQueryExecution')
    return { kind: 'database', rule: 'ref-database', params: [['QueryExecutionContext', 'Database']] };
  return undefined;
}

const physicalCache = new WeakMap<ValidationContext, Map<ResourceKind, Map<string, string>>>();

/** Physical name -> logical name of every resource of a kind (once per validation, not per Task). */
function physicalNames(ctx: ValidationContext, kind: ResourceKind): Map<string, string> {
  let byKind = physicalCache.get(ctx);
  if (!byKind) physicalCache.set(ctx, (byKind = new Map()));
  let map = byKind.get(kind);
  if (!map) byKind.set(kind, (map = computePhysicalNames(ctx, kind)));
  return map;
}

function computePhysicalNames(ctx: ValidationContext, kind: ResourceKind): Map<string, string> {
  const index =
    kind === 'job'
      ? ctx.jobs
      : kind === 'crawler'
        ? ctx.crawlers
        : kind === 'workflow'
          ? ctx.workflows
          : kind === 'stateMachine'
            ? ctx.stateMachines
            : kind === 'eventBus'
              ? ctx.eventBuses
              : ctx.databases;
  const map = new Map<string, string>();
  for (const logical of index.keys()) map.set(ctx.env.physicalName(kind, logical), logical);
  if (kind === 'eventBus') map.set('default', 'default');
  return map;
}

const KIND_WORDS: Partial<Record<ResourceKind, string>> = {
  job: 'Glue job',
  crawler: 'Glue crawler',
  workflow: 'Glue workflow',
  stateMachine: 'state machine',
  eventBus: 'event bus',
  database: 'Glue database',
};

const getPath = (root: Json, path: JsonPath): Json => path.reduce((n: Json, k) => (n == null ? undefined : n[k]), root);

function checkTasks(
  ctx: ValidationContext,
  source: SourceFile,
  original: Json,
  resolved: Json,
  scopes: Scope[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const get = getPath;
  for (const scope of scopes) {
    for (const [name, state] of Object.entries<Json>(scope.states)) {
      if (state?.Type !== 'Task' || typeof state.Resource !== 'string') continue;
      const at = [...scope.path, 'States', name];
      const resource = get(resolved, [...at, 'Resource']) as string;
      const target = taskTarget(resource);
      if (!target) continue;
      const argsKey = state.Parameters ? 'Parameters' : state.Arguments ? 'Arguments' : undefined;
      if (!argsKey) continue;
      const known = physicalNames(ctx, target.kind);
      const check = (path: JsonPath) => {
        const value = get(resolved, path);
        // Dynamic (JSONata) values are known at run time only; an unresolved ${X} is reported already.
        if (typeof value !== 'string' || value.startsWith('{%') || /\$\{[^}]*\}/.test(value)) return;
        const physical = target.extract ? target.extract(value) : value;
        if (known.has(physical)) return;
        const originalValue = String(get(original, path));
        const list = [...known.values()].sort().join(', ') || '(none)';
        out.push(
          source.diagnostic(
            path,
            `Task "${name}" names ${KIND_WORDS[target.kind]} "${originalValue}"${originalValue !== value ? ` (= "${value}" in ${ctx.env.name})` : ''}, which is not a ${KIND_WORDS[target.kind]} of this project (known: ${list}); use \${Name} with a declared name`,
            target.rule,
          ),
        );
      };
      for (const param of target.params) {
        const path = [...at, argsKey, ...param];
        const value = get(resolved, path);
        if (target.kind === 'eventBus' && Array.isArray(value))
          value.forEach((_e, i) => {
            if (get(resolved, [...path, i, 'EventBusName']) !== undefined) check([...path, i, 'EventBusName']);
          });
        else if (Array.isArray(value)) value.forEach((_v, i) => check([...path, i]));
        else if (value !== undefined) check(path);
      }
    }
  }
  return out;
}

/** Athena queries written inline in Task states (QueryString of startQueryExecution). */
function athenaQueries(resolved: Json, scopes: Scope[]): { path: JsonPath; text: string }[] {
  const out: { path: JsonPath; text: string }[] = [];
  for (const scope of scopes)
    for (const [name, state] of Object.entries<Json>(scope.states)) {
      if (state?.Type !== 'Task' || typeof state.Resource !== 'string') continue;
      const at = [...scope.path, 'States', name];
      const resource = String(getPath(resolved, [...at, 'Resource']));
      if (!/^arn:[^:]+:states:::(aws-sdk:)?athena:startQueryExecution/.test(resource)) continue;
      for (const argsKey of ['Parameters', 'Arguments']) {
        const text = getPath(resolved, [...at, argsKey, 'QueryString']);
        if (typeof text === 'string' && !text.startsWith('{%'))
          out.push({ path: [...at, argsKey, 'QueryString'], text });
      }
    }
  return out;
}

/** Inline Athena SQL is Athena (Trino) SQL too; errors go on the JSON string's line. */
function checkInlineSql(source: SourceFile, resolved: Json, scopes: Scope[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const q of athenaQueries(resolved, scopes)) {
    const syntax = checkSqlText(q.text, 'athena', source.path);
    const foreign = foreignConstructs(q.text, 'athena');
    if (syntax.length === 0 && foreign.length === 0) continue; // no position needed: no parse
    const pos = source.locate(q.path);
    for (const d of syntax)
      out.push({ ...d, line: pos.line + d.line - 1, column: d.line === 1 ? pos.column + d.column : d.column });
    for (const c of foreign)
      out.push(source.diagnostic(q.path, `Athena SQL in QueryString: ${c.message}`, 'sql-dialect'));
  }
  return out;
}

function mapValidatorErrors(source: SourceFile, data: Json, scopes: Scope[], errors: AslErrors): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stateSeen = new Map<string, number>();
  const statePath = (stateName: string, nth = 0): JsonPath | undefined => {
    const hits = scopes.filter((s) => s.states[stateName] !== undefined).map((s) => [...s.path, 'States', stateName]);
    return hits[Math.min(nth, hits.length - 1)];
  };
  for (const e of errors) {
    if (COVERED_CODES.has(e['Error code'])) continue;
    const instancePath = e.schemaError?.instancePath;
    if (instancePath !== undefined) {
      const path = instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const last = path[path.length - 1];
      const parent = path.slice(0, -1).reduce((n: Json, k) => (n == null ? undefined : n[k]), data);
      // asl-validator tries each state type (oneOf), so a state with one real problem also shows
      // "Type must be one of" and "QueryLanguage must be one of" noise; drop those unless wrong.
      if (last === 'Type' && STATE_TYPES.includes(parent?.Type)) continue;
      if (last === 'QueryLanguage' && ['JSONPath', 'JSONata'].includes(parent?.QueryLanguage)) continue;
      const message = e.Message.startsWith(`${instancePath} is invalid. `)
        ? e.Message.slice(instancePath.length + 13)
        : e.Message;
      const where = path.length ? path.join('.') : '(top level)';
      const allowed = last === 'Type' ? ` (${STATE_TYPES.join(', ')})` : '';
      const value = last === undefined ? undefined : parent?.[last];
      const got =
        value === null || ['string', 'number', 'boolean'].includes(typeof value)
          ? `; got ${JSON.stringify(value)}`
          : '';
      out.push(source.diagnostic(path, `${where}: ${message}${allowed}${got}`, 'asl'));
      continue;
    }
    const named = /State "([^"]+)"|already exists: (.+)$/.exec(e.Message);
    const stateName = named?.[1] ?? named?.[2];
    let path: JsonPath = [];
    if (stateName) {
      const n = stateSeen.get(stateName) ?? 0;
      path = statePath(stateName, e['Error code'] === 'DUPLICATE_STATE_NAMES' ? n + 1 : 0) ?? [];
      stateSeen.set(stateName, n + 1);
    }
    out.push(source.diagnostic(path, e.Message, 'asl', { key: path.length > 0 }));
  }
  return out;
}

/** Whether a JSON text repeats a key in one object (JSON.parse silently keeps the last). */
export function hasDuplicateKeys(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const keys = stack[stack.length - 1]!;
        const key = text.slice(i + 1, j);
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') expectKey = stack[stack.length - 1] instanceof Set;
  }
  return false;
}

function jsonErrorPosition(text: string, err: Error): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(err.message);
  return pos ? positionInText(text, Number(pos[1])) : { line: 1, column: 1 };
}

interface Prepared {
  source: SourceFile;
  original: Json;
  resolved: Json;
  scopes: Scope[];
  /** The state machine's type (STANDARD unless the pipeline says EXPRESS). */
  type?: 'STANDARD' | 'EXPRESS';
}

/** Reads, substitutes and parses one pipeline's definition; diagnostics for what fails on the way. */
function prepare(ctx: ValidationContext, p: Pipeline): { diagnostics: Diagnostic[]; prepared?: Prepared } {
  const file = p.definitionFile;
  const text = file === undefined ? undefined : ctx.readText(file);
  if (file === undefined || text === undefined) return { diagnostics: [] }; // references.ts reports a missing file
  const source = new SourceFile(file, text);
  // Most definitions are plain, valid JSON: JSON.parse and a scan for repeated keys settle that
  // without the position-keeping parser, which runs only if a diagnostic needs a line.
  let original: Json;
  try {
    original = hasDuplicateKeys(text) ? undefined : JSON.parse(text);
  } catch {
    original = undefined;
  }
  if (original === undefined && !source.ok)
    return {
      diagnostics: source.parseDiagnostics.map((d) => ({ ...d, rule: d.rule === 'yaml-syntax' ? 'asl-json' : d.rule })),
    };
  const out: Diagnostic[] =
    original === undefined ? source.parseDiagnostics.filter((d) => d.rule === 'duplicate-key') : [];
  original ??= source.toJS();

  const { text: resolvedText, unresolved } = substitute(text, ctx.substitutions(p), jsonStringEscape);
  for (const u of unresolved)
    out.push({
      file,
      ...positionInText(text, u.offset),
      severity: 'error',
      message: `\${${u.name}} does not resolve in environment "${ctx.env.name}"; declare a job, crawler, database, event bus, bucket alias or variable of that name (or add it under stateMachine.substitutions)`,
      rule: 'unresolved-substitution',
    });
  out.push(...ambiguousNames(ctx, text, (offset) => ({ file, ...positionInText(text, offset) })));

  let resolved: Json;
  try {
    resolved = JSON.parse(resolvedText);
  } catch (e) {
    const reason = (e as Error).message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/ \(line \d+ column \d+\)$/, '');
    out.push({
      file,
      ...jsonErrorPosition(resolvedText, e as Error),
      severity: 'error',
      message: `not valid JSON: ${reason}`,
      rule: 'asl-json',
    });
    return { diagnostics: out };
  }
  if (!resolved || typeof resolved !== 'object' || Array.isArray(resolved)) {
    out.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      message: 'a state machine definition must be a JSON object with StartAt and States',
      rule: 'asl',
    });
    return { diagnostics: out };
  }
  return {
    diagnostics: out,
    prepared: { source, original, resolved, scopes: scopesOf(resolved), type: p.config.stateMachine?.type },
  };
}

export interface PreparedStateMachines {
  /** Problems found while reading and substituting the definitions. */
  diagnostics: Diagnostic[];
  items: Prepared[];
  /** The substituted definitions, for asl-validator (analysis.ts). */
  definitions: Json[];
  /** Inline Athena queries, for the SQL parser (analysis.ts). */
  sql: { text: string; dialect: 'athena' }[];
}

/** Reads and substitutes every pipeline's definition: the input of analysis.ts's analyse(). */
export function prepareStateMachines(ctx: ValidationContext): PreparedStateMachines {
  const out: PreparedStateMachines = { diagnostics: [], items: [], definitions: [], sql: [] };
  for (const p of ctx.project.pipelines) {
    const r = prepare(ctx, p);
    out.diagnostics.push(...r.diagnostics);
    if (!r.prepared) continue;
    out.items.push(r.prepared);
    out.definitions.push(normaliseJsonataSpacing(r.prepared.resolved));
    for (const q of athenaQueries(r.prepared.resolved, r.prepared.scopes))
      out.sql.push({ text: q.text, dialect: 'athena' });
  }
  return out;
}

/** The ASL checks, given asl-validator's errors for each prepared definition (in order). */
export function finishStateMachines(
  ctx: ValidationContext,
  prepared: PreparedStateMachines,
  aslErrors: AslErrors[],
): Diagnostic[] {
  return prepared.items.flatMap((x, i) => [
    ...mapValidatorErrors(x.source, x.resolved, x.scopes, aslErrors[i] ?? []),
    ...checkGraph(x.source, x.scopes),
    ...checkAslRules(x.source, x.resolved, x.scopes),
    ...checkAslStructure(x.source, x.resolved, x.scopes),
    ...checkTaskArguments(ctx, x.source, x.resolved, x.scopes),
    ...checkTasks(ctx, x.source, x.original, x.resolved, x.scopes),
    ...checkInlineSql(x.source, x.resolved, x.scopes),
  ]);
}
