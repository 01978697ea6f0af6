// `lakeops unlock --env <env> <ID>`: breaks the environment's lock left by a deploy (or, for a
// local environment, a run) that crashed. The ID comes from the "locked by" message; a lock with
// another ID (someone else's, taken since) is left alone. Exit 0 when the lock was removed, 1 when
// there is no lock with that ID, 2 for usage or configuration errors.
import type { Command } from 'commander';
import type { Environment } from '../../model/environment.js';
import type { Project } from '../../model/project.js';
import type { LockStore } from '../../locking/lock.js';
import { action, EXIT_FAILED, EXIT_OK, globalOptions, openProject } from '../context.js';

export interface UnlockDeps {
  /** The environment's lock store and a way to let go of what it needed. */
  lockStore: (project: Project, env: Environment) => Promise<{ store: LockStore; close(): Promise<void> }>;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** Local environments keep the lock next to their catalog; AWS ones in the artifacts bucket. */
export async function defaultLockStore(project: Project, env: Environment) {
  if (env.target === 'local') {
    const { localLockPath } = await import('../../targets/local/lock-path.js');
    const { fileLockStore } = await import('../../locking/file-store.js');
    return { store: fileLockStore(localLockPath(project.root, env.name)), close: async () => {} };
  }
  const { createAwsTarget } = await import('../../targets/aws/index.js');
  const target = (await createAwsTarget(project, env)) as import('../../targets/aws/index.js').AwsTarget;
  return { store: target.lockStore(), close: () => target.close() };
}

export async function runUnlock(project: Project, env: Environment, id: string, deps: UnlockDeps): Promise<number> {
  const { breakLock, LockNotFoundError } = await import('../../locking/lock.js');
  const { store, close } = await deps.lockStore(project, env);
  try {
    const held = await breakLock(store, id);
    deps.out.write(
      `unlocked ${env.name}: removed ${store.where} (held by ${held.who}, ${held.operation}, since ${held.since})\n`,
    );
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof LockNotFoundError)) throw e;
    deps.err.write(`lakeops: ${e.message}\n`);
    return EXIT_FAILED;
  } finally {
    await close();
  }
}

export function register(program: Command): void {
  program
    .command('unlock')
    .description("break an environment's lock left by a crashed deploy or run (give the lock ID from the message)")
    .argument('<id>', 'the lock ID named in the "locked by" message')
    .action(
      action(async (id: string, _opts: unknown, cmd: Command) => {
        const g = globalOptions(cmd);
        const { project, env } = await openProject(g);
        return runUnlock(project, env, id, { lockStore: defaultLockStore, out: process.stdout, err: process.stderr });
      }),
    );
}
