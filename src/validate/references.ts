// Cross-references inside and across pipelines: referenced files exist, names are unique where AWS
// needs them unique, databases / tables / event buses / orchestrations named in pipeline.yaml
// exist, and every ${Name} in pipeline.yaml resolves (and unambiguously).
import { SUBSTITUTION_RE } from '../model/environment.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Pipeline } from '../model/project.js';
import type { JsonPath } from '../model/source-file.js';
import { ambiguousNames, walkStrings, type Declaration, type ValidationContext } from './context.js';

/** Every project file a pipeline references, with where it is named. */
export function referencedFiles(p: Pipeline): { file: string; path: JsonPath; what: string }[] {
  const out: { file: string; path: JsonPath; what: string }[] = [];
  const c = p.config;
  for (const [name, job] of Object.entries(c.jobs ?? {})) {
    if (job.sql) out.push({ file: job.sql, path: ['jobs', name, 'sql'], what: `SQL of job ${name}` });
    if (job.output?.sql)
      out.push({ file: job.output.sql, path: ['jobs', name, 'output', 'sql'], what: `SQL of job ${name}` });
    (job.outputs ?? []).forEach((o, i) => {
      if (o.sql) out.push({ file: o.sql, path: ['jobs', name, 'outputs', i, 'sql'], what: `SQL of job ${name}` });
    });
    if (job.script) out.push({ file: job.script, path: ['jobs', name, 'script'], what: `script of job ${name}` });
    if (job.localSql)
      out.push({ file: job.localSql, path: ['jobs', name, 'localSql'], what: `local SQL of job ${name}` });
    if (job.localOutput?.sql)
      out.push({
        file: job.localOutput.sql,
        path: ['jobs', name, 'localOutput', 'sql'],
        what: `local SQL of job ${name}`,
      });
  }
  if (p.definitionFile)
    out.push({
      file: p.definitionFile,
      path: c.stateMachine?.definition ? ['stateMachine', 'definition'] : ['stateMachine'],
      what: 'state machine definition',
    });
  for (const [name, v] of Object.entries(c.views ?? {}))
    out.push({ file: v.sql, path: ['views', name, 'sql'], what: `SQL of view ${name}` });
  for (const [name, v] of Object.entries(c.validations ?? {}))
    out.push({ file: v.sql, path: ['validations', name, 'sql'], what: `SQL of validation ${name}` });
  (c.sample ?? []).forEach((s, i) => {
    if (s.file) out.push({ file: s.file, path: ['sample', i, 'file'], what: 'sample file' });
  });
  return out;
}

function checkFiles(ctx: ValidationContext, p: Pipeline): Diagnostic[] {
  return referencedFiles(p)
    .filter((r) => !ctx.fileExists(r.file))
    .map((r) =>
      p.source.diagnostic(
        r.path,
        `${r.what}: file "${r.file}" does not exist (paths are relative to the folder holding lakeops.yaml)`,
        'missing-file',
      ),
    );
}

/** Names AWS requires unique per account and region (databases may be shared between pipelines). */
function checkDuplicates(ctx: ValidationContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (kind: string, index: Map<string, Declaration[]>) => {
    for (const [name, decls] of index) {
      if (decls.length < 2) continue;
      for (const d of decls) {
        const others = decls.filter((o) => o !== d).map((o) => o.pipeline.source.path);
        out.push(
          d.pipeline.source.diagnostic(
            d.path,
            `duplicate ${kind} name "${name}": also declared in ${others.join(', ')}; ${kind} names must be unique in the project`,
            'duplicate-name',
            { key: d.path.length > 1 },
          ),
        );
      }
    }
  };
  report('job', ctx.jobs);
  report('crawler', ctx.crawlers);
  report('state machine', ctx.stateMachines);
  report('workflow', ctx.workflows);
  const byName = (pick: (p: Pipeline) => [string, JsonPath][]) => {
    const map = new Map<string, Declaration[]>();
    for (const p of ctx.project.pipelines)
      for (const [n, path] of pick(p)) map.set(n, [...(map.get(n) ?? []), { pipeline: p, path }]);
    return map;
  };
  const keys = (o: object | undefined, ...at: string[]) =>
    Object.keys(o ?? {}).map((k): [string, JsonPath] => [k, [...at, k]]);
  report(
    'rule',
    byName((p) => keys(p.config.rules, 'rules')),
  );
  report(
    'schedule',
    byName((p) => keys(p.config.schedules, 'schedules')),
  );
  report(
    'trigger',
    byName((p) => keys(p.config.workflow?.triggers, 'workflow', 'triggers')),
  );
  report('event bus', ctx.eventBuses);
  return out;
}

function known(index: Map<string, unknown>): string {
  return [...index.keys()].sort().join(', ') || '(none)';
}

function checkDatabasesAndTables(ctx: ValidationContext, p: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  const c = p.config;
  const db = (name: string, path: JsonPath, what: string) => {
    // A database owned elsewhere (external.databases in lakeops.yaml) is a valid reference.
    if (!ctx.databases.has(name) && !ctx.env.externalOf('database', name))
      out.push(
        p.source.diagnostic(
          path,
          `${what} names database "${name}", which no pipeline declares under databases: nor lakeops.yaml under external.databases (known: ${known(ctx.databases)})`,
          'ref-database',
        ),
      );
  };
  for (const [n, cr] of Object.entries(c.crawlers ?? {})) db(cr.database, ['crawlers', n, 'database'], `crawler ${n}`);
  for (const [n, v] of Object.entries(c.views ?? {})) db(v.database, ['views', n, 'database'], `view ${n}`);
  for (const [n, v] of Object.entries(c.validations ?? {}))
    db(v.database, ['validations', n, 'database'], `validation ${n}`);

  const tables = ctx.tables();
  for (const job of p.jobs) {
    const inputs = job.config.inputs ?? [];
    inputs.forEach((input, i) => {
      const at: JsonPath = ['jobs', job.name, 'inputs', i];
      if (!input.table) return;
      const [database, table, ...rest] = input.table.split('.');
      if (!database || !table || rest.length) {
        out.push(
          p.source.diagnostic(
            [...at, 'table'],
            `input "${input.name}" table must be database.table, got "${input.table}"`,
            'ref-table',
          ),
        );
        return;
      }
      if (!ctx.databases.has(database) && !ctx.env.externalOf('database', database)) {
        db(database, [...at, 'table'], `job ${job.name} input "${input.name}"`);
        return;
      }
      // Tables of an external database are owned elsewhere too: lakeops cannot know them.
      if (!tables.has(database, table) && !ctx.env.externalOf('database', database)) {
        const inDb = tables.inDatabase(database);
        out.push(
          p.source.diagnostic(
            [...at, 'table'],
            `job ${job.name} input "${input.name}" reads table ${database}.${table}, which no crawler, job output (table:) or view of the project produces (${database} has: ${inDb.join(', ') || 'no known tables'})`,
            'ref-table',
          ),
        );
      }
    });
    job.outputs.forEach((o) => {
      if (!o.table) return;
      const database = o.table.split('.')[0]!;
      const idx = job.config.outputs?.findIndex((x) => x.table === o.table);
      const path: JsonPath =
        idx !== undefined && idx >= 0
          ? ['jobs', job.name, 'outputs', idx, 'table']
          : ['jobs', job.name, 'output', 'table'];
      if (o.table.split('.').length !== 2)
        out.push(p.source.diagnostic(path, `output table must be database.table, got "${o.table}"`, 'ref-table'));
      else db(database, path, `job ${job.name} output`);
    });
  }
  return out;
}

function checkEventsAndTargets(ctx: ValidationContext, p: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  const c = p.config;
  const target = (t: 'stateMachine' | 'workflow', path: JsonPath, what: string) => {
    if (!c[t])
      out.push(
        p.source.diagnostic(
          path,
          `${what} targets the pipeline's ${t}, but the pipeline declares no ${t}:`,
          'ref-target',
        ),
      );
  };
  for (const [n, r] of Object.entries(c.rules ?? {})) {
    const bus = r.bus ?? 'default';
    if (bus !== 'default' && !ctx.eventBuses.has(bus))
      out.push(
        p.source.diagnostic(
          ['rules', n, 'bus'],
          `rule ${n} listens on event bus "${bus}", which no pipeline declares under eventBuses: (known: default${ctx.eventBuses.size ? ', ' + known(ctx.eventBuses) : ''})`,
          'ref-event-bus',
        ),
      );
    if (!r.pattern === !r.schedule)
      out.push(
        p.source.diagnostic(
          ['rules', n],
          `rule ${n} needs exactly one of pattern: (event rule) or schedule: (scheduled rule)`,
          'rule-shape',
        ),
      );
    target(r.target, ['rules', n, 'target'], `rule ${n}`);
    // EventBridge can start a Glue workflow only through an EVENT trigger of that workflow.
    if (r.target === 'workflow' && c.workflow && !Object.values(c.workflow.triggers).some((t) => t.type === 'EVENT'))
      out.push(
        p.source.diagnostic(
          ['rules', n, 'target'],
          `rule ${n} targets the Glue workflow, which has no EVENT trigger; EventBridge starts a workflow only through an EVENT trigger`,
          'ref-target',
        ),
      );
  }
  for (const [n, s] of Object.entries(c.schedules ?? {})) target(s.target, ['schedules', n, 'target'], `schedule ${n}`);
  if (c.local?.start === 'stateMachine' || c.local?.start === 'workflow')
    target(c.local.start, ['local', 'start'], 'local.start');
  return out;
}

function checkSubstitutions(ctx: ValidationContext, p: Pipeline): Diagnostic[] {
  const out: Diagnostic[] = [];
  const values = ctx.substitutions(p);
  walkStrings(p.config, (s, path) => {
    if (path[path.length - 1] === 'description' || !s.includes('${')) return;
    const pos = p.source.locate(path);
    for (const m of s.matchAll(SUBSTITUTION_RE)) {
      const name = m[1]!;
      if (name.startsWith('input.') || values.has(name)) continue;
      // Athena's storage.location.template fills ${column} per partition key: not a substitution.
      if (path[0] === 'tables' && path[2] === 'locationTemplate') {
        const keys = p.config.tables?.[String(path[1])]?.partitionKeys ?? [];
        if (keys.some((k) => k.name === name)) continue;
      }
      if (m.index === 5 && s.startsWith('s3://')) continue; // an undeclared bucket alias: buckets.ts says so
      out.push({
        file: p.source.path,
        ...pos,
        severity: 'error',
        message: `\${${name}} does not resolve in environment "${ctx.env.name}"; known names are the project's jobs, crawlers, databases, event buses, state machines, workflows, bucket aliases, variables and Region, AccountId, Partition, Env, Project`,
        rule: 'unresolved-substitution',
      });
    }
    out.push(...ambiguousNames(ctx, s, () => ({ file: p.source.path, ...pos })));
    // A stateMachine.substitutions value that still holds one of its siblings after expansion
    // refers to itself through them: no value can be found for it.
    const own = p.config.stateMachine?.substitutions ?? {};
    if (path.length === 3 && path[0] === 'stateMachine' && path[1] === 'substitutions') {
      const expanded = values.get(String(path[2]))?.value ?? '';
      for (const m of expanded.matchAll(SUBSTITUTION_RE))
        if (Object.hasOwn(own, m[1]!))
          out.push({
            file: p.source.path,
            ...pos,
            severity: 'error',
            message: `\${${m[1]}} in stateMachine.substitutions.${String(path[2])} refers back to itself; give it a value that does not depend on ${String(path[2])}`,
            rule: 'unresolved-substitution',
          });
    }
  });
  return out;
}

export function checkReferences(ctx: ValidationContext): Diagnostic[] {
  const out = checkDuplicates(ctx);
  for (const p of ctx.project.pipelines) {
    out.push(...checkFiles(ctx, p));
    out.push(...checkDatabasesAndTables(ctx, p));
    out.push(...checkEventsAndTargets(ctx, p));
    out.push(...checkSubstitutions(ctx, p));
  }
  return out;
}
