// The mistakes corpus (test/fixtures/mistakes/<file kind>.yaml): each entry is one realistic mistake
// made to a copy of the valid fixture (test/fixtures/valid), by text edits (each `find` must occur
// exactly once, so a case cannot silently stop applying) and/or new files. The line a diagnostic
// must name is where the (first) replacement lands, or the line of `at` in the edited file, or an
// explicit `line`. `rule` pins the rule when the mistake has one rule that must find it.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, VALID_FIXTURE } from './corpus.js';

export const MISTAKES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'mistakes');

export interface Mistake {
  id: string;
  kind: string;
  /** One edit, inline... */
  file?: string;
  find?: string;
  replace?: string;
  /** ...or several. */
  edits?: { file: string; find: string; replace: string }[];
  /** Whole files to write (path -> content). */
  write?: Record<string, string>;
  env?: string;
  rule?: string;
  /** Where the diagnostic must be: defaults to the first edit's file and landing line. */
  expectFile?: string;
  at?: string;
  line?: number;
  /** One of the mistakes issue 14 lists by name. */
  issue?: boolean;
}

export function mistakes(): Mistake[] {
  const out: Mistake[] = [];
  for (const f of readdirSync(MISTAKES_DIR)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const kind = f.slice(0, -5);
    for (const m of parse(readFileSync(join(MISTAKES_DIR, f), 'utf8')) as Mistake[]) out.push({ ...m, kind });
  }
  return out;
}

export function editsOf(m: Mistake): { file: string; find: string; replace: string }[] {
  return [
    ...(m.file && m.find !== undefined ? [{ file: m.file, find: m.find, replace: m.replace ?? '' }] : []),
    ...(m.edits ?? []),
  ];
}

/** A temporary copy of the valid fixture with the mistake made, and where its diagnostic must be. */
export function makeMistake(m: Mistake): { dir: string; file: string; line: number; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `lakeops-mistake-${m.id}-`));
  cpSync(VALID_FIXTURE, dir, { recursive: true });
  let file = m.expectFile;
  let line = m.line;
  for (const [rel, content] of Object.entries(m.write ?? {})) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
    file ??= rel;
  }
  editsOf(m).forEach((e, i) => {
    const abs = join(dir, e.file);
    const text = readFileSync(abs, 'utf8');
    const count = text.split(e.find).length - 1;
    if (count !== 1)
      throw new Error(`mistake ${m.id}: "${e.find}" occurs ${count} times in ${e.file}; it must occur once`);
    const offset = text.indexOf(e.find);
    writeFileSync(abs, text.slice(0, offset) + e.replace + text.slice(offset + e.find.length));
    if (i === 0) {
      file ??= e.file;
      // The replacement's first non-blank character.
      const lead = /^\s*/.exec(e.replace)![0];
      line ??= text.slice(0, offset).split('\n').length + (lead.match(/\n/g)?.length ?? 0);
    }
  });
  if (m.at !== undefined) {
    const text = readFileSync(join(dir, file!), 'utf8');
    const offset = text.indexOf(m.at);
    if (offset < 0) throw new Error(`mistake ${m.id}: "${m.at}" is not in ${file}`);
    line = text.slice(0, offset).split('\n').length;
  }
  if (!file || !line) throw new Error(`mistake ${m.id}: no file/line to expect`);
  return { dir, file, line, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
