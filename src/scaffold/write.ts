// Writing scaffolded files: every path is checked first, so a refusal writes nothing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../model/diagnostics.js';
import type { ScaffoldFile } from './pipeline.js';

/** Writes the files under root; refuses (writing nothing) when one exists and overwrite is off. */
export function writeScaffold(root: string, files: ScaffoldFile[], overwrite = false): string[] {
  if (!overwrite) {
    const taken = files.filter((f) => existsSync(join(root, f.path))).map((f) => f.path);
    if (taken.length)
      throw new ConfigError(`${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}; nothing was written`);
  }
  for (const f of files) {
    const abs = join(root, f.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, f.content);
  }
  return files.map((f) => f.path);
}
