// Benchmark: CLI start-up, the wall time of `node bin/lakeops.js --help` (process start to exit):
// what every command pays before its own work. Commands load their heavy modules on use, so this
// is Node, tsx and commander plus the command registrations. Target: < 0.3 s.
// Run: npm run bench -- cli-start [runs]
import { timeCli } from './support/time-cli.js';

timeCli('lakeops --help', ['--help'], Number(process.argv[2] ?? 5));
