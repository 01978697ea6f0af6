// Preloaded with --import: writes the URL of every module this process loads to
// $LAKEOPS_RECORD_LOADS when it exits (one per line), for tests of what a command loads.
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';

const loaded = [];
registerHooks({
  load(url, context, next) {
    loaded.push(url);
    return next(url, context);
  },
});
process.on('exit', () => writeFileSync(process.env.LAKEOPS_RECORD_LOADS, loaded.join('\n')));
