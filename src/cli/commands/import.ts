// `lakeops import --env ENV [--pipeline NAME] [--select PATTERN...] [--force] [--dry-run] [--json]`:
// reads the account of an aws environment (read-only, the plan role suffices) and writes pipeline
// folders for its Glue jobs, crawlers, workflows, databases, state machines, rules and schedules,
// so that `lakeops plan --env ENV --adopt` shows only their adoption. Exit 0 when done (skipped
// resources are listed), 2 for usage or configuration errors (existing folders without --force).
import type { Command } from 'commander';
import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { truncateText } from '../../report/format.js';
import type { AwsClients } from '../../targets/aws/clients.js';
import type { ImportResult } from '../../import/types.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface ImportCommandOptions {
  pipeline?: string;
  select?: string[];
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export interface ImportDeps {
  /** Injected AWS clients (tests); default: built from the environment. */
  clients?: AwsClients;
  out: NodeJS.WritableStream;
}

export async function runImport(
  project: Project,
  env: Environment,
  opts: ImportCommandOptions,
  deps: ImportDeps,
): Promise<{ code: number; result: ImportResult }> {
  if (env.target !== 'aws')
    throw new ConfigError(
      `lakeops import reads an AWS account; environment "${env.name}" targets ${env.target} (pass --env with an aws environment)`,
    );
  if (opts.pipeline !== undefined && !/^[a-z][a-z0-9-]{0,62}$/.test(opts.pipeline))
    throw new ConfigError(
      `--pipeline "${opts.pipeline}" is not a pipeline name (lower-case letters, digits and "-", starting with a letter)`,
    );
  const [{ AwsTarget }, { Reader }, { importEnvironment }] = await Promise.all([
    import('../../targets/aws/index.js'),
    import('../../targets/aws/reader.js'),
    import('../../import/index.js'),
  ]);
  const target = new AwsTarget(project, env, deps.clients ? { clients: deps.clients } : {});
  try {
    const ctx = await target.accountContext();
    const result = await importEnvironment(project, env, new Reader(target.clients, env, ctx), opts);
    deps.out.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderImport(result));
    return { code: EXIT_OK, result };
  } finally {
    await target.close();
  }
}

const WIDTH = 100;

/** Text that wraps at the terminal width, continuation lines indented. */
function wrap(text: string, indent: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if ((lines.length ? indent.length : 0) + next.length > WIDTH && line) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join('\n');
}

/** Natural column widths, the widest narrowed until a row (two spaces between columns) fits WIDTH. */
function columnWidths(rows: string[][]): number[] {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  while (w.reduce((a, b) => a + b, 0) + 2 * (w.length - 1) > WIDTH) {
    const i = w.indexOf(Math.max(...w));
    w[i]!--;
  }
  return w;
}

/** The summary: one line per imported resource (fits 100 columns), then skipped, notes, files. */
export function renderImport(r: ImportResult): string {
  const rows = r.pipelines.flatMap((p) => p.resources.map((x) => [p.name, x.kind, x.logical, x.physical]));
  const cols = columnWidths([['PIPELINE', 'KIND', 'NAME', 'IN AWS'], ...rows]);
  const row = (cells: string[]) =>
    cells
      .map((c, i) => truncateText(c, cols[i]!).padEnd(cols[i]!))
      .join('  ')
      .trimEnd();
  const count = r.pipelines.reduce((n, p) => n + p.resources.length, 0);
  const out: string[] = [
    wrap(
      `${r.dryRun ? 'would import' : 'imported'} ${count} resource(s) into ${r.pipelines.length} pipeline(s) from environment ${r.env} ` +
        `(account ${r.account}, ${r.region})${r.skipped.length ? `; ${r.skipped.length} skipped` : ''}`,
      '  ',
    ),
  ];
  if (count) {
    out.push('', row(['PIPELINE', 'KIND', 'NAME', 'IN AWS']));
    for (const cells of rows) out.push(row(cells));
  }
  if (r.skipped.length) {
    out.push('', 'skipped (the model cannot express them, or lakeops already has them):');
    // Many names for one reason (another environment's resources in a shared account): one line.
    const byReason = new Map<string, string[]>();
    for (const s of r.skipped) {
      const k = `${s.kind}\u0000${s.reason}`;
      byReason.set(k, [...(byReason.get(k) ?? []), s.physical]);
    }
    for (const [k, names] of byReason) {
      const [kind, reason] = k.split('\u0000') as [string, string];
      const shown =
        names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      out.push(wrap(`  ${kind} ${shown}: ${reason}`, '    '));
    }
  }
  const warnings = r.notes.filter((n) => n.level === 'warning');
  const infos = r.notes.filter((n) => n.level === 'info');
  if (warnings.length) {
    out.push('', 'warnings:');
    for (const n of warnings) out.push(wrap(`  ${n.kind ? `${n.kind} ${n.physical}: ` : ''}${n.message}`, '    '));
  }
  if (infos.length) {
    out.push('', 'notes:');
    for (const n of infos) out.push(wrap(`  ${n.kind ? `${n.kind} ${n.physical}: ` : ''}${n.message}`, '    '));
  }
  if (r.pipelines.length) {
    out.push('', r.dryRun ? 'would write (dry run, nothing written):' : 'wrote:');
    for (const p of r.pipelines) for (const f of p.files) out.push(`  ${truncateText(f, WIDTH - 2)}`);
    if (!r.dryRun)
      out.push(
        '',
        'next:',
        '  lakeops validate',
        `  lakeops plan --env ${r.env} --adopt    # adoption only, no changes`,
      );
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      "write pipeline folders for an AWS environment's existing Glue, Step Functions and EventBridge resources",
    )
    .option('-p, --pipeline <name>', 'put resources no workflow or state machine claims into this one pipeline')
    .option('--select <pattern...>', 'only pipelines holding a resource matching NAME or KIND:NAME (globs)')
    .option('--force', 'replace pipeline folders that already exist')
    .option('--dry-run', 'print what would be written; write nothing')
    .action(
      action(async (o: { pipeline?: string; select?: string[]; force?: boolean; dryRun?: boolean }, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        const { code } = await runImport(project, env, { ...o, json: g.json }, { out: process.stdout });
        return code;
      }),
    );
}
