// Sample data for local runs: a run lands its pipeline's sample where the data is still missing,
// recorded so an interrupted landing is redone and data that is already there is left alone.
import { parseS3Uri, substitute, substitutionsFor, type Environment } from '../../model/environment.js';
import type { Pipeline, Project } from '../../model/project.js';
import type { ProgressSink } from '../../report/model.js';
import type { LocalEngineApi } from './engine-api.js';
import { land, landingId, landingState } from './landing.js';

/**
 * A local run needs data: each sample whose `to` prefix is still empty is landed first (no S3
 * events; data already there, e.g. from `lakeops put`, is left alone).
 */
export async function landMissingSample(
  project: Project,
  env: Environment,
  engine: LocalEngineApi,
  pipeline: Pipeline,
  rows: number | undefined,
  progress: ProgressSink,
): Promise<void> {
  const storage = engine.storage;
  const stateDir = engine.stateDir;
  if (!storage) return;
  const values = substitutionsFor(project, env, pipeline);
  for (const [index, spec] of (pipeline.config.sample ?? []).entries()) {
    const to = substitute(spec.to, values).text;
    const { bucket, key } = parseS3Uri(to);
    const base = key && !key.endsWith('/') ? `${key}/` : key;
    const id = landingId(pipeline.name, index, to);
    const state = await landingState(stateDir, storage, id, bucket, base);
    if (state === 'complete' || state === 'foreign-data') continue;
    const generated = await (
      await import('../../sample/index.js')
    ).generateSample(spec, { rows: rows, root: project.root });
    const plan = { id, to, bucket, prefix: base, files: generated.map((f) => ({ key: base + f.key, body: f.body })) };
    await land(stateDir, plan, {
      put: (b, k, body) => engine.putObject(b, k, body),
      remove: async (b, k) => storage.delete?.(b, k),
    });
    progress.info(
      state === 'interrupted'
        ? `the sample landing under ${to} was interrupted: landed the pipeline's ${spec.generator} sample again (${generated.length} file(s))`
        : `no data under ${to}: landed the pipeline's ${spec.generator} sample (${generated.length} file(s))`,
    );
  }
}
