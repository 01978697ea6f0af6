// The static checks stage: load the project and run every check of `lakeops validate` for one
// environment, before anything runs or is written.
import type { Diagnostic } from '../model/diagnostics.js';
import type { Project } from '../model/project.js';
import { checkProject } from '../validate/index.js';

export interface StaticResult {
  project?: Project;
  diagnostics: Diagnostic[];
}

/** Loads the project and runs every static check for `envName` (the same as `lakeops validate`). */
export function staticChecks(root: string, envName: string): Promise<StaticResult> {
  return checkProject(root, { env: envName });
}
