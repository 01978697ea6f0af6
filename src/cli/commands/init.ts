// `lakeops init [DIR] [--kind K] [--force] [--json]`: a new project in DIR (default: the current
// folder, or -C) that runs offline at once: lakeops.yaml with a local environment, one example
// pipeline (pipelines/example-hits), the JSON Schemas and the Glue SQL runner. A folder that is not
// empty (a .git folder aside) is refused unless --force; --force overwrites only these files.
import { existsSync, readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import { action, EXIT_OK, globalOptions } from '../context.js';

export interface InitResult {
  formatVersion: 1;
  dir: string;
  project: string;
  pipeline: string;
  files: string[];
}

export async function runInit(dir: string, opts: { kind?: string; force?: boolean }): Promise<InitResult> {
  const [{ projectFiles, projectName, EXAMPLE_PIPELINE }, { writeScaffold }, { PIPELINE_KINDS }] = await Promise.all([
    import('../../scaffold/project.js'),
    import('../../scaffold/write.js'),
    import('../../scaffold/pipeline.js'),
  ]);
  const kind = (opts.kind ?? 'state-machine') as (typeof PIPELINE_KINDS)[number];
  if (!PIPELINE_KINDS.includes(kind))
    throw new ConfigError(`--kind "${opts.kind}" is not one of ${PIPELINE_KINDS.join(', ')}`);
  if (existsSync(dir)) {
    const present = readdirSync(dir).filter((f) => f !== '.git');
    if (present.length && !opts.force)
      throw new ConfigError(
        `${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); ` +
          'run lakeops init in an empty folder, or pass --force to write the project files there anyway',
      );
  }
  const files = writeScaffold(dir, projectFiles(dir, kind), !!opts.force);
  return { formatVersion: 1, dir, project: projectName(dir), pipeline: EXAMPLE_PIPELINE, files };
}

export function register(program: Command): void {
  program
    .command('init')
    .description('start a project: lakeops.yaml, one example pipeline that runs locally, offline')
    .argument('[dir]', 'folder to create the project in (default: the current folder)')
    .option('--kind <kind>', 'the example pipeline: state-machine, glue-workflow or scheduled-sql', 'state-machine')
    .option('--force', 'write into a folder that is not empty (overwrites only the files init writes)')
    .action(
      action(async (dirArg: string | undefined, o: { kind?: string; force?: boolean }, cmd: Command) => {
        const g = globalOptions(cmd);
        const dir = resolve(g.dir ?? process.cwd(), dirArg ?? '.');
        const r = await runInit(dir, o);
        if (g.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else {
          const rel = relative(process.cwd(), dir) || '.';
          const cdTo = rel.startsWith('..') ? dir : rel;
          process.stdout.write(
            `created project ${r.project} in ${dir} (${r.files.length} files)\n\nnext:\n` +
              (cdTo !== '.' ? `  cd ${cdTo}\n` : '') +
              `  lakeops validate\n  lakeops run ${r.pipeline}\n  lakeops runs\n`,
          );
        }
        return EXIT_OK;
      }),
    );
}
