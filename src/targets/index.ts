// Picks the target for an environment. Imports are lazy so a local run never loads the AWS SDK
// and an AWS command never loads DuckDB.
import type { Environment } from '../model/environment.js';
import type { Project } from '../model/project.js';
import type { Target } from './target.js';

export async function createTarget(project: Project, env: Environment): Promise<Target> {
  if (env.target === 'local') {
    const { createLocalTarget } = await import('./local/index.js');
    return createLocalTarget(project, env);
  }
  const { createAwsTarget } = await import('./aws/index.js');
  return createAwsTarget(project, env);
}
