// Runs the lakeops CLI in-process (main()), capturing what it writes and the exit code it sets,
// so command tests need no child process.
import { jest } from '@jest/globals';
import { main } from '../../src/cli/main.js';

export async function runCli(root: string, ...args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => ((err += String(s)), true));
  process.exitCode = 0;
  try {
    await main(['node', 'lakeops', '-C', root, ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}
