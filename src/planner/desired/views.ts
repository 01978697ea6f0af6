// Athena views: the SELECT of each view file, substituted, as Athena's CREATE VIEW will hold it.
import type { Pipeline } from '../../model/project.js';
import type { JsonPath } from '../../model/source-file.js';
import type { Builder } from './builder.js';

/** The SELECT a view file holds, without a trailing semicolon (Athena rejects it inside CREATE VIEW). */
export function viewBody(sql: string): string {
  return sql.trim().replace(/;\s*$/, '').trim();
}

export function views(b: Builder, p: Pipeline): void {
  for (const [logical, v] of Object.entries(p.config.views ?? {})) {
    const path: JsonPath = ['views', logical];
    const db = b.phys('database', v.database);
    const sql = viewBody(b.text(p, [...path, 'sql'], b.readFile(p, [...path, 'sql'], v.sql).toString('utf8')));
    b.add(
      {
        kind: 'view',
        name: `${db}.${logical}`,
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: { DatabaseName: db, Name: logical, OriginalSql: sql },
        tags: {},
      },
      p,
      path,
    );
  }
}
