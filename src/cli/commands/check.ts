// `lakeops check` (not implemented yet: says so and exits 2).
import type { Command } from 'commander';
import { action, EXIT_USAGE } from '../context.js';

export function register(program: Command): void {
  program
    .command('check')
    .description('check (not implemented yet)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(
      action(async () => {
        process.stderr.write('lakeops check: not implemented yet\n');
        return EXIT_USAGE;
      }),
    );
}
