// Entry point of the bundled action (dist/index.js).
import { runAction } from '../../../src/github/action-io.js';
import { run } from './main.js';

await runAction(run);
// Exit with the step's result now: a lingering handle (a checker's worker thread, a keep-alive
// socket) must not keep the job step waiting.
process.exit();
