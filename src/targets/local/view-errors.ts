// Where in a view's SQL file a local deploy failed. DuckDB reports errors against the translated
// SQL, so the line is found in the user's file by the name the error quotes ("nope" in
// `Referenced column "nope" not found`); without one, the file's first SQL line is named.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** 1-based line of the user's SQL file the error points at. */
export function errorLine(sqlText: string, error: string): number {
  const lines = sqlText.split('\n');
  for (const m of error.matchAll(/"([^"\n]{1,128})"|'([^'\n]{1,128})'/g)) {
    const name = (m[1] ?? m[2])!.split('.').pop()!.toLowerCase();
    if (!/^[a-z_][a-z0-9_]*$/i.test(name)) continue;
    const re = new RegExp(`(^|[^a-z0-9_])${name}([^a-z0-9_]|$)`, 'i');
    const i = lines.findIndex((l) => !/^\s*--/.test(l) && re.test(l));
    if (i >= 0) return i + 1;
  }
  const first = lines.findIndex((l) => l.trim() && !/^\s*--/.test(l));
  return first >= 0 ? first + 1 : 1;
}

/** "sql/views/top.sql:3" for a view's SQL file and its error. */
export function viewErrorLocation(root: string, sqlFile: string, error: string): string {
  const abs = join(root, sqlFile);
  if (!existsSync(abs)) return sqlFile;
  return `${sqlFile}:${errorLine(readFileSync(abs, 'utf8'), error)}`;
}
