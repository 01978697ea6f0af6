// `lakeops plan --env <env> [--json] [--pipeline P...] [--out plan.json] [--detailed-exitcode] [--adopt]`:
// what deploy would change, per resource (create / update / delete / noop / conflict) with the
// fields that differ. Read-only in AWS; --out saves the plan for `deploy --plan`. Exit 0 with or
// without changes (1 when there are changes under --detailed-exitcode); 2 for usage or
// configuration errors.
import type { Command } from 'commander';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { renderJson } from '../../report/json.js';
import { renderPlan } from '../../report/terminal.js';
import { createTarget } from '../../targets/index.js';
import type { Target } from '../../targets/target.js';
import { writeFileSync } from 'node:fs';
import { ConfigError } from '../../model/diagnostics.js';
import type { SavedPlan } from '../../planner/plan-file.js';
import type { PlanResult } from '../../report/model.js';
import { action, EXIT_FAILED, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface PlanCommandOptions {
  pipeline?: string[];
  json?: boolean;
  /** Save the plan here for `lakeops deploy --plan`. */
  out?: string;
  /** Exit 1 when the plan has changes. */
  detailedExitcode?: boolean;
  /** Show untagged same-name resources as deploy --adopt would take them over, not as conflicts. */
  adopt?: boolean;
}

/** Targets that can save a plan (the AWS target). */
interface SavingTarget extends Target {
  planToSave(
    project: Project,
    opts: { pipelines?: string[]; adopt?: boolean },
  ): Promise<{ result: PlanResult; saved: SavedPlan }>;
}
const canSave = (t: Target): t is SavingTarget => typeof (t as Partial<SavingTarget>).planToSave === 'function';

export interface PlanDeps {
  createTarget: (project: Project, env: Environment) => Promise<Target>;
  out: NodeJS.WritableStream;
}

export async function runPlan(
  project: Project,
  env: Environment,
  opts: PlanCommandOptions,
  deps: PlanDeps,
): Promise<number> {
  // Loaded on use: the planner's renderer pulls in a SQL parser.
  const { planSummary } = await import('../../planner/render.js');
  const target = await deps.createTarget(project, env);
  try {
    let plan: PlanResult;
    if (opts.out !== undefined) {
      if (!canSave(target))
        throw new ConfigError(`--out saves plans of aws environments; "${env.name}" targets ${env.target}`);
      const { serialiseSavedPlan } = await import('../../planner/plan-file.js');
      const { result, saved } = await target.planToSave(project, { pipelines: opts.pipeline, adopt: opts.adopt });
      writeFileSync(opts.out, serialiseSavedPlan(saved));
      plan = result;
    } else plan = await target.plan(project, { pipelines: opts.pipeline, adopt: opts.adopt });
    if (opts.json) deps.out.write(renderJson({ title: `plan for ${env.name}`, env: env.name, plans: [plan] }));
    else deps.out.write(`${renderPlan(plan)}\n${planSummary(plan)}\n${opts.out ? `plan saved to ${opts.out}\n` : ''}`);
    const changed = plan.changes.some((c) => c.action !== 'noop');
    return opts.detailedExitcode && changed ? EXIT_FAILED : EXIT_OK;
  } finally {
    await target.close();
  }
}

export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'show what deploy would change in an environment: create/update/delete per resource with the fields that differ',
    )
    .option('-p, --pipeline <name...>', 'only these pipelines (default: all)')
    .option('--out <file>', 'save the plan (changes, fingerprints of what was read, commit) for deploy --plan')
    .option('--detailed-exitcode', 'exit 1 when the plan has changes (0 when there are none)')
    .option('--adopt', 'show same-name resources without lakeops tags as deploy --adopt would take them over')
    .action(
      action(async (opts: Omit<PlanCommandOptions, 'json'>, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        return runPlan(project, env, { ...opts, json: g.json }, { createTarget, out: process.stdout });
      }),
    );
}
