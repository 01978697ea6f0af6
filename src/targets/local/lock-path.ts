// Where a local environment's lock file lives (src/locking/file-store.ts), next to its catalog.
import { join } from 'node:path';

export function localLockPath(root: string, env: string): string {
  return join(root, '.lakeops', env, 'lock.json');
}
