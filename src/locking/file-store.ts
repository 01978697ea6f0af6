// The local lock store: a JSON file created with the O_EXCL flag ('wx'), which the OS creates
// for exactly one of several concurrent callers.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseLockInfo, unreadable, type LockInfo, type LockStore } from './lock.js';

export function fileLockStore(path: string): LockStore {
  return {
    where: path,
    async create(info: LockInfo) {
      mkdirSync(dirname(path), { recursive: true });
      try {
        writeFileSync(path, JSON.stringify(info, null, 2) + '\n', { flag: 'wx' });
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e;
      }
    },
    async read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
      return parseLockInfo(text) ?? unreadable();
    },
    async remove() {
      rmSync(path, { force: true });
    },
  };
}
