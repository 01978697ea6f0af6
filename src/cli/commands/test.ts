// `lakeops test [FILES...] [--json]`: SQL unit tests (src/sqltest/), by default every
// pipelines/*/tests/*.yaml. Exit 0 when all pass, 1 when one fails, 2 when a test file is wrong
// (a table or column it names is missing: the message names its line).
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import { action, EXIT_FAILED, EXIT_OK, EXIT_USAGE, globalOptions } from '../context.js';

function defaultFiles(root: string): string[] {
  const dir = join(root, 'pipelines');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((p) => {
      const t = join(dir, p, 'tests');
      return existsSync(t)
        ? readdirSync(t)
            .filter((f) => /\.ya?ml$/.test(f))
            .sort()
            .map((f) => join(t, f))
        : [];
    });
}

export function register(program: Command): void {
  program
    .command('test')
    .description('SQL unit tests: given input rows, expected output rows (pipelines/*/tests/*.yaml), run locally')
    .argument('[files...]', 'test files (default: every pipelines/*/tests/*.yaml)')
    .action(
      action(async (files: string[], _o: unknown, cmd: Command) => {
        const g = globalOptions(cmd);
        const { findProjectRoot } = await import('../../model/project.js');
        const root = findProjectRoot(g.dir ?? process.cwd());
        const list = files.length ? files.map((f) => resolve(process.cwd(), f)) : defaultFiles(root);
        if (!list.length) throw new ConfigError('no SQL unit tests found (pipelines/<name>/tests/*.yaml)');
        const { runSqlTest } = await import('../../sqltest/run.js');
        const results: import('../../sqltest/run.js').SqlTestResult[] = [];
        for (const f of list) results.push(await runSqlTest(root, f));
        if (g.json) process.stdout.write(JSON.stringify({ formatVersion: 1, tests: results }, null, 2) + '\n');
        else {
          for (const r of results) {
            process.stdout.write(`${r.status.padEnd(5)} ${r.file}${r.message ? ` — ${r.message}` : ''}\n`);
            for (const m of r.missing ?? []) process.stdout.write(`        missing    ${JSON.stringify(m)}\n`);
            for (const u of r.unexpected ?? []) process.stdout.write(`        unexpected ${JSON.stringify(u)}\n`);
          }
          const n = (s: string) => results.filter((r) => r.status === s).length;
          process.stdout.write(`\n${n('pass')} passed, ${n('fail')} failed, ${n('error')} error(s)\n`);
        }
        if (results.some((r) => r.status === 'error')) return EXIT_USAGE;
        return results.some((r) => r.status === 'fail') ? EXIT_FAILED : EXIT_OK;
      }),
    );
}
