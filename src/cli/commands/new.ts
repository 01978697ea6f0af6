// `lakeops new pipeline NAME --kind state-machine|glue-workflow|scheduled-sql [--json]`: adds a
// pipeline to the project that `lakeops run NAME` runs locally at once (on generated sample data).
// Refuses, writing nothing, when a file it would write exists or the name is not a pipeline name.
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface NewPipelineResult {
  formatVersion: 1;
  pipeline: string;
  kind: string;
  files: string[];
}

export async function runNewPipeline(
  root: string,
  bucketAliases: string[],
  name: string,
  kindArg: string | undefined,
): Promise<NewPipelineResult> {
  const [{ pipelineFiles, PIPELINE_KINDS, PIPELINE_NAME }, { writeScaffold }] = await Promise.all([
    import('../../scaffold/pipeline.js'),
    import('../../scaffold/write.js'),
  ]);
  if (!kindArg) throw new ConfigError(`--kind is required: one of ${PIPELINE_KINDS.join(', ')}`);
  const kind = kindArg as (typeof PIPELINE_KINDS)[number];
  if (!PIPELINE_KINDS.includes(kind))
    throw new ConfigError(`--kind "${kindArg}" is not one of ${PIPELINE_KINDS.join(', ')}`);
  if (!PIPELINE_NAME.test(name))
    throw new ConfigError(
      `"${name}" is not a pipeline name: lower-case letters, digits and "-", starting with a letter (63 at most)`,
    );
  // Sample data lands in the "data" bucket alias (or the first one that is not "artifacts").
  const bucket = bucketAliases.includes('data') ? 'data' : bucketAliases.find((b) => b !== 'artifacts');
  if (!bucket)
    throw new ConfigError(
      'the environment declares no data bucket: add buckets: { data: <name> } to it in lakeops.yaml',
    );
  const files = writeScaffold(root, pipelineFiles(name, kind, bucket));
  return { formatVersion: 1, pipeline: name, kind, files };
}

export function register(program: Command): void {
  const cmd = program.command('new').description('add something to the project (new pipeline NAME --kind K)');
  cmd
    .command('pipeline')
    .description('add a pipeline that runs locally at once, on generated sample data')
    .argument('<name>', 'pipeline name (its folder under pipelines/)')
    .option('--kind <kind>', 'state-machine, glue-workflow or scheduled-sql')
    .action(
      action(async (name: string, o: { kind?: string }, c: Command) => {
        const g = globalOptions(c);
        const { project, env } = await openProject(g);
        const r = await runNewPipeline(project.root, Object.keys(env.config.buckets ?? {}), name, o.kind);
        if (g.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else
          process.stdout.write(
            `created pipeline ${name} (${r.kind}):\n${r.files.map((f) => `  ${f}`).join('\n')}\n\n` +
              `next: lakeops validate && lakeops run ${name}\n`,
          );
        return EXIT_OK;
      }),
    );
}
