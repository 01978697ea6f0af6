// `lakeops plan --env <env> [--json] [--pipeline P...]`: what deploy would change, per resource
// (create / update / delete / noop / conflict) with the fields that differ. Read-only. Exit 0 with
// or without changes; 2 for usage or configuration errors.
import type { Command } from 'commander';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import { renderJson } from '../../report/json.js';
import { renderPlan } from '../../report/terminal.js';
import { createTarget } from '../../targets/index.js';
import type { Target } from '../../targets/target.js';
import { action, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface PlanCommandOptions {
  pipeline?: string[];
  json?: boolean;
}

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
    const plan = await target.plan(project, { pipelines: opts.pipeline });
    if (opts.json) deps.out.write(renderJson({ title: `plan for ${env.name}`, env: env.name, plans: [plan] }));
    else deps.out.write(`${renderPlan(plan)}\n${planSummary(plan)}\n`);
    return EXIT_OK;
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
    .action(
      action(async (opts: { pipeline?: string[] }, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        return runPlan(project, env, { pipeline: opts.pipeline, json: g.json }, { createTarget, out: process.stdout });
      }),
    );
}
