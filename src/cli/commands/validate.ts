// `lakeops validate [--env E] [--json | --format text|json|sarif]`: every static check, one line per
// problem (path:line:col: error|warning: message [rule]); exit 1 when any error, else a table per
// pipeline. --format sarif prints a SARIF 2.1.0 log for GitHub code scanning.
import { Option, type Command } from 'commander';
import { formatDiagnostic } from '../../model/diagnostics.js';
import { action, globalOptions, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../context.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'check the project without touching AWS: schema, references, ASL, workflow triggers, SQL, schedules, event patterns, Python',
    )
    .addOption(
      new Option('--format <format>', 'output: text, json (as --json) or sarif (SARIF 2.1.0 for GitHub code scanning)')
        .choices(['text', 'json', 'sarif'])
        .default('text'),
    )
    .addHelpText(
      'after',
      '\nUses the global options: -C/--dir <path> (project folder), -e/--env <name> (default local;\n' +
        'bucket aliases are checked against that environment), --json (print {ok, env, diagnostics, pipelines}).\n' +
        'Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 no project or bad usage. Writes nothing.',
    )
    .action(
      action(async (cmdOpts: { format?: string }, cmd: Command) => {
        const opts = globalOptions(cmd);
        const format = opts.json ? 'json' : (cmdOpts.format ?? 'text');
        // Loaded on use: the validators pull in a SQL parser and an ASL validator.
        const { findProjectRoot } = await import('../../model/project.js');
        const root = findProjectRoot(opts.dir ?? process.cwd());
        const { validateProject } = await import('../../validate/index.js');
        const { formatSummaryTable } = await import('../../validate/summary.js');
        const report = await validateProject(root, { env: opts.env });
        // An unknown --env is a usage error (2), as in every other command; other errors are findings (1).
        const failed = report.diagnostics.some((d) => d.rule === 'unknown-env') ? EXIT_USAGE : EXIT_FAILED;
        if (format === 'sarif') {
          const { toSarif } = await import('../../validate/sarif.js');
          const { readFileSync } = await import('node:fs');
          const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
            version: string;
          };
          process.stdout.write(JSON.stringify(toSarif(report.diagnostics, pkg.version), null, 2) + '\n');
          return report.ok ? EXIT_OK : failed;
        }
        if (format === 'json') {
          process.stdout.write(
            JSON.stringify(
              { ok: report.ok, env: report.env, diagnostics: report.diagnostics, pipelines: report.pipelines },
              null,
              2,
            ) + '\n',
          );
          return report.ok ? EXIT_OK : failed;
        }
        for (const d of report.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
        const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = report.diagnostics.length - errors;
        if (!report.ok) {
          process.stderr.write(
            `lakeops validate: ${errors} error(s), ${warnings} warning(s) (environment ${report.env})\n`,
          );
          return failed;
        }
        if (report.diagnostics.length) process.stdout.write('\n');
        process.stdout.write(formatSummaryTable(report.pipelines) + '\n');
        process.stdout.write(
          `\n${report.pipelines.length} pipeline(s) valid for environment ${report.env}${warnings ? `, ${warnings} warning(s)` : ''}\n`,
        );
        return EXIT_OK;
      }),
    );
}
