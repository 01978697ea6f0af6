// `npm run bench -- <name> [args...]` runs the benchmark scripts/bench/<name>.ts (with its own
// arguments); without a name it lists the benchmarks there.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...rest] = process.argv.slice(2);
const file = name ? join(dir, `${name}.ts`) : '';
if (!name || !/^[\w-]+$/.test(name) || !existsSync(file)) {
  process.stderr.write(
    `${name ? `no benchmark "${name}" in scripts/bench/. ` : ''}usage: npm run bench -- <name> [args]; benchmarks: ${available.join(', ')}\n`,
  );
  process.exit(2);
}
// The benchmark sees its own arguments as if run directly.
process.argv = [process.argv[0]!, file, ...rest];
await import(pathToFileURL(file).href);
