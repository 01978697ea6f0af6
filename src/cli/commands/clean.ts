// `lakeops clean [--env E] [--json]`: removes the local target's state of one environment —
// .lakeops/<env>/ (the DuckDB catalog, files as S3, the deployment record, run histories) — so the
// next run starts from nothing. Only environments on the local target; nothing else is touched.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export function register(program: Command): void {
  program
    .command('clean')
    .description('remove the local state of an environment (.lakeops/<env>/: catalog, local S3, run histories)')
    .action(
      action(async (_o: unknown, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        if (env.target !== 'local')
          throw new ConfigError(`environment ${env.name} is on AWS; lakeops clean only removes local state`);
        // env.name passed the schema's name pattern (starts with a letter, no "/"), so this stays in .lakeops/.
        const rel = join('.lakeops', env.name);
        const existed = existsSync(join(project.root, rel));
        rmSync(join(project.root, rel), { recursive: true, force: true });
        if (g.json)
          process.stdout.write(
            JSON.stringify({ formatVersion: 1, env: env.name, removed: existed ? rel : null }) + '\n',
          );
        else process.stdout.write(existed ? `removed ${rel}\n` : `nothing to clean: ${rel} does not exist\n`);
        return EXIT_OK;
      }),
    );
}
