#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader (ts-node cannot load ESM TypeScript on
// Node >= 22 without experimental flags; tsx can, and starts fast). No build step is needed.
// Started by a Node older than 22, it re-runs itself on the bundled Node runtime (node-runtime.cjs).
import { createRequire } from 'node:module';

const runtime = createRequire(import.meta.url)('./node-runtime.cjs');

if (!runtime.isSupported()) {
  const { spawn } = await import('node:child_process');
  const node = runtime.bundledNode();
  if (!node) {
    process.stderr.write(runtime.unsupportedMessage() + '\n');
    process.exit(2);
  }
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal itself; this process waits for it to finish (so a
  // cancelled run is recorded before the prompt returns). Other signals are passed on.
  process.on('SIGINT', () => {});
  for (const sig of ['SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => {
    process.stderr.write(`lakeops: could not start the bundled Node runtime ${node}: ${err.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  await main();
}
