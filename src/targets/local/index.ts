import { ConfigError } from '../../model/diagnostics.js';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { Target } from '../target.js';

export async function createLocalTarget(_project: Project, env: Environment): Promise<Target> {
  throw new ConfigError(`the local target is not implemented yet (environment "${env.name}")`);
}
