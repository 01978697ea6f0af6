// The static checks stage: load the project and run every check of `lakeops validate` for one
// environment, before anything runs or is written.
import type { Diagnostic } from '../model/diagnostics.js';
import { resolveEnvironment } from '../model/environment.js';
import { loadProject, type Project } from '../model/project.js';
import { validateLoadedProject } from '../validate/index.js';

export interface StaticResult {
  project?: Project;
  diagnostics: Diagnostic[];
}

/** Loads the project and runs every static check for `envName`. */
export async function staticChecks(root: string, envName: string): Promise<StaticResult> {
  const { project, diagnostics } = loadProject(root);
  if (!project) return { diagnostics };
  if (!(envName in project.config.environments) && envName !== 'local')
    return {
      project,
      diagnostics: [
        ...diagnostics,
        project.source.diagnostic(
          ['environments'],
          `unknown environment "${envName}"; lakeops.yaml declares: ${Object.keys(project.config.environments).join(', ')}`,
          'unknown-env',
          { key: true },
        ),
      ],
    };
  const env = resolveEnvironment(project, envName);
  return { project, diagnostics: [...diagnostics, ...(await validateLoadedProject(project, env))] };
}
