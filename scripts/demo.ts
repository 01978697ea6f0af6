// `npm run demo [-- --rows N] [--keep-state] [--json]`: every example pipeline end to end on the
// local target, from a clean .lakeops/local: generate each pipeline's sample data, deploy, run all
// five pipelines (those started by S3 events get their sample landed as PutObjects that the
// EventBridge rules route to their targets), run every validation query, and print each
// pipeline's steps, the validation results and the row count of every table.
// Exit 0 when every run succeeded and no error-severity validation failed, else 1.
// --keep-state skips the clean start (re-running on existing state must not change row counts);
// --json prints the results as JSON instead of text.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reportError } from '../src/cli/context.js';
import { resolveEnvironment, type Environment } from '../src/model/environment.js';
import { findProjectRoot, loadProjectOrThrow, type Project } from '../src/model/project.js';
import { formatDuration } from '../src/report/format.js';
import { progressFor } from '../src/report/live.js';
import type { RunResult } from '../src/report/model.js';
import { renderRunSummary, renderValidations } from '../src/report/terminal.js';
import { runValidations, validationsFailed } from '../src/runner/validations.js';
import { createLocalTarget, type LocalTarget } from '../src/targets/local/index.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' },
    'keep-state': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});
const rows = args.rows !== undefined ? Number(args.rows) : undefined;
if (rows !== undefined && (!Number.isInteger(rows) || rows < 1)) {
  process.stderr.write(`demo: --rows takes a whole number of rows >= 1, got "${args.rows}"\n`);
  process.exit(2);
}

const started = Date.now();
/** The project and its local environment; a bad project is reported (file:line) before any state is removed. */
function openProject(): { project: Project; env: Environment } {
  try {
    const project = loadProjectOrThrow(findProjectRoot(args.dir ?? process.cwd()));
    return { project, env: resolveEnvironment(project, 'local') };
  } catch (e) {
    process.exit(reportError(e));
  }
}
const { project, env } = openProject();
if (!args['keep-state']) rmSync(join(project.root, '.lakeops', 'local'), { recursive: true, force: true });
const target: LocalTarget = await createLocalTarget(project, env);
target.sampleRows = rows;
const progress = args.json ? { stepStarted() {}, stepEnded() {}, info() {}, stop() {} } : progressFor(process.stderr);
const out = (s: string) => {
  if (!args.json) process.stdout.write(s + '\n');
};

/** Row count of every table and view in the project's databases. */
async function tableRows(t: LocalTarget): Promise<Record<string, number>> {
  const databases = new Set(
    project.pipelines.flatMap((p) => [
      ...Object.keys(p.config.databases ?? {}).map((d) => env.physicalName('database', d)),
      ...Object.values(p.config.crawlers ?? {}).map((c) => env.physicalName('database', c.database)),
    ]),
  );
  const tables = await t.query('SELECT table_schema, table_name FROM information_schema.tables ORDER BY 1, 2', {
    maxRows: 10_000,
  });
  const counts: Record<string, number> = {};
  for (const r of tables.rows) {
    const db = String(r.table_schema);
    if (!databases.has(db)) continue;
    const q = await t.query(`SELECT COUNT(*) AS n FROM "${db}"."${String(r.table_name)}"`);
    counts[`${db}.${String(r.table_name)}`] = Number(q.rows[0]?.n ?? 0);
  }
  return counts;
}

let failed = false;
let exitCode = 0;
const runs: RunResult[] = [];
try {
  out(
    `lakeops demo: ${project.pipelines.length} pipelines on the local target (${rows ? `${rows} sample rows each` : 'sample sizes from pipeline.yaml'})\n`,
  );
  const deployed = await target.deploy(project, {}, progress);
  if (deployed.failed.length) {
    failed = true;
    for (const f of deployed.failed) out(`deploy failed: ${f.kind} ${f.name}: ${f.error}`);
  }
  for (const pipeline of project.pipelines) {
    // Pipelines started by S3 events land their sample inside run(); the others get it first.
    if (pipeline.config.local?.start !== 'events') await target.landSample(pipeline, { rows, events: false });
    const run = await target.run(project, pipeline.name, {}, progress);
    runs.push(run);
    if (run.status !== 'SUCCEEDED') failed = true;
    out(renderRunSummary(run) + '\n');
  }
  const validations = await runValidations(target, project);
  if (validationsFailed(validations)) failed = true;
  const counts = await tableRows(target);
  progress.stop();
  if (args.json) {
    process.stdout.write(
      JSON.stringify({ ok: !failed, durationMs: Date.now() - started, runs, validations, tableRows: counts }, null, 2) +
        '\n',
    );
  } else {
    out(renderValidations(validations) + '\n');
    out('Tables:');
    for (const [t, n] of Object.entries(counts)) out(`  ${t}: ${n.toLocaleString('en-US')} rows`);
    out('');
    for (const r of runs)
      out(`  ${r.status === 'SUCCEEDED' ? '✓' : '✗'} ${r.pipeline}: ${r.status} in ${formatDuration(r.durationMs)}`);
    const passed = validations.filter((v) => v.status === 'pass').length;
    const warnings = validations.filter((v) => v.status !== 'pass' && v.severity === 'warn').length;
    out(
      `\n${failed ? 'FAILED' : 'OK'}: ${runs.filter((r) => r.status === 'SUCCEEDED').length}/${runs.length} pipelines succeeded, ` +
        `${passed}/${validations.length} validations passed${warnings ? ` (${warnings} warning(s))` : ''}, in ${formatDuration(Date.now() - started)}`,
    );
  }
} catch (e) {
  progress.stop();
  exitCode = reportError(e);
} finally {
  await target.close();
}
process.exitCode = exitCode || (failed ? 1 : 0);
