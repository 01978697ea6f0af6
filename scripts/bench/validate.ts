// Benchmark: wall time of `node bin/lakeops.js validate` (process start to exit, as a user sees
// it) on the repository's example pipelines, or on another project with -C. Target: < 2 s.
// Run: npm run bench -- validate [runs] [-C dir] [--env E]
import { REPO, timeCli } from './support/time-cli.js';

const args = process.argv.slice(2);
const take = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const dir = take('-C') ?? REPO;
const env = take('--env') ?? 'local';
timeCli(`validate (${env})`, ['validate', '-C', dir, '--env', env], Number(args[0] ?? 5));
