// The partition folder layout of a declared table on the local target (no DuckDB needed: validate
// uses it to say which layouts the local target cannot read).
import type { DeclaredTable } from '../../model/project.js';
import { duckTypeOf, parseHiveType } from '../../model/table-types.js';
import type { PartitionLevel } from './formats.js';

/**
 * The partition folder levels: key=value per partition key, or the layout locationTemplate gives
 * below the location (`${dt}/` plain, `dt=${dt}/` Hive). Undefined when the template has another
 * shape (static folders, another prefix), which the local target cannot read.
 */
export function partitionLevels(t: DeclaredTable, location: string, template?: string): PartitionLevel[] | undefined {
  const keys = t.config.partitionKeys ?? [];
  const typed = (name: string, hive: boolean): PartitionLevel => {
    const k = keys.find((x) => x.name === name)!;
    return { name: k.name.toLowerCase(), hive, duckType: duckTypeOf(parseHiveType(k.type)) };
  };
  if (!template) return keys.map((k) => typed(k.name, true));
  if (!template.startsWith(location)) return undefined;
  const segs = template.slice(location.length).split('/').filter(Boolean);
  const levels: PartitionLevel[] = [];
  for (const seg of segs) {
    const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)=)?\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(seg);
    if (!m || (m[1] !== undefined && m[1] !== m[2]) || !keys.some((k) => k.name === m[2])) return undefined;
    levels.push(typed(m[2]!, m[1] !== undefined));
  }
  return levels.length === keys.length ? levels : undefined;
}
