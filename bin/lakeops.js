#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader (ts-node cannot load ESM TypeScript on
// Node >= 22 without experimental flags; tsx can, and starts fast). No build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main();
