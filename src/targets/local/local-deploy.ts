// The local deploy: what `lakeops deploy --env local` (and the automatic deploy before a local run)
// does to the local catalog and the registry in .lakeops/<env>/deployed.json.
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { DeployResult, ProgressSink, ResourceChange, ResourceError } from '../../report/model.js';
import type { DeployOptions } from '../target.js';
import { desiredResources, planChanges, readDeployed, writeDeployed, type DeployedState } from './deployment.js';
import type { LocalEngineApi } from './engine-api.js';
import { compileRules, type CompiledRule } from './events.js';
import { viewErrorLocation } from './view-errors.js';

/**
 * Checks rule patterns first, so bad input writes nothing (whether a state machine runs locally
 * is checked per pipeline when it runs: one that cannot never blocks the others); then creates the databases (DuckDB schemas), the views whose tables
 * exist (the others are created by the engine after the crawl that makes their tables) and
 * records the deployment in deployed.json.
 */
export async function deployLocal(
  project: Project,
  env: Environment,
  engine: LocalEngineApi,
  opts: DeployOptions,
  progress: ProgressSink,
): Promise<{ result: DeployResult; rules?: CompiledRule[] }> {
  const rules = compileRules(project, env);
  const desired = desiredResources(project, env);
  const previous = readDeployed(project.root, env.name, (m) => progress.info(m));
  const changes = planChanges(desired, previous, opts.pipelines);

  await engine.ensureDatabases();
  const failed: ResourceError[] = [];
  const skipped: ResourceChange[] = [];
  // Declared tables before the views that may read them.
  for (const t of (await engine.registerDeclaredTables?.()) ?? [])
    if (t.status === 'skipped') progress.info(`table ${t.table} is not created locally: ${t.reason}`);
  const deferredViews: string[] = [];
  for (const change of changes.filter((c) => c.kind === 'view' && c.action !== 'delete')) {
    const res = desired.find((r) => r.kind === 'view' && r.name === change.name)!;
    const [database] = change.name.split('.') as [string];
    const query = (res.config as { query: string }).query;
    const view = await engine.createView(database, res.logical, query);
    if (view.status === 'pending') {
      // Tables come from crawlers, so on a fresh environment a view's table may not exist yet;
      // the engine creates the view after the crawl that makes it.
      deferredViews.push(change.name);
      skipped.push({
        ...change,
        reason: `waits for its tables (${view.error ?? 'not crawled yet'}); created after the crawl`,
      });
      progress.info(`view ${change.name} waits for its tables (created after the crawl)`);
    } else if (view.status === 'failed') {
      // Named by the SQL file and line, not by pipeline.yaml (issue 17: honest local deploys).
      const sqlFile = (res.config as { sql?: string }).sql;
      const error = view.error ?? 'view creation failed';
      failed.push({
        kind: 'view',
        name: change.name,
        pipeline: change.pipeline,
        file: sqlFile ? viewErrorLocation(project.root, sqlFile, error) : change.file,
        error,
      });
    }
  }
  if (failed.length) {
    // Leave the catalog as it was: views this deploy replaced get their deployed definition back,
    // views it created are removed, and the deployment record is not written, so plan still
    // shows every change.
    for (const change of changes.filter((c) => c.kind === 'view' && (c.action === 'update' || c.action === 'create'))) {
      const before = previous?.resources[`view:${change.name}`]?.config as { query?: string } | undefined;
      const res = desired.find((r) => r.kind === 'view' && r.name === change.name)!;
      const database = change.name.split('.')[0]!;
      if (change.action === 'update' && before?.query) await engine.createView(database, res.logical, before.query);
      else if (change.action === 'create') await engine.dropView(database, res.logical);
    }
    return { result: { env: env.name, target: 'local', applied: [], failed, skipped } };
  }
  const deletes = changes.filter((c) => c.action === 'delete');
  const resources: DeployedState['resources'] = { ...(previous?.resources ?? {}) };
  for (const r of desired) {
    if (opts.pipelines && !opts.pipelines.includes(r.pipeline)) continue;
    const { file: _f, line: _l, note: _n, ...kept } = r;
    resources[`${r.kind}:${r.name}`] = kept;
  }
  for (const d of deletes) {
    if (opts.prune) delete resources[`${d.kind}:${d.name}`];
    else skipped.push({ ...d, reason: 'no longer declared; deploy with --prune to remove it from the local registry' });
  }
  writeDeployed(project.root, { env: env.name, deployedAt: new Date().toISOString(), resources, deferredViews });
  const applied = changes.filter(
    (c) =>
      c.action !== 'noop' &&
      !skipped.some((s) => s.kind === c.kind && s.name === c.name) &&
      !failed.some((f) => f.kind === c.kind && f.name === c.name),
  );
  for (const c of applied) progress.info(`${c.action} ${c.kind} ${c.name}`);
  return { result: { env: env.name, target: 'local', applied, failed, skipped }, rules };
}
