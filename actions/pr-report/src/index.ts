// Entry point of the bundled action (dist/index.js).
import { runAction } from '../../../src/github/action-io.js';
import { run } from './main.js';

await runAction(run);
