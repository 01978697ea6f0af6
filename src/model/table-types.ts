// Athena DDL column types (Hive type names), parsed by their documented grammar: the primitive
// types, decimal(p[,s]), char(n), varchar(n), array<T>, map<K,V> and struct<name:T,...>
// (https://docs.aws.amazon.com/athena/latest/ug/data-types.html). The SQL parser the project uses
// accepts any identifier as a type, so it cannot tell "strng" from "string": this grammar can.
// One parse serves validate (the error and its offset), the local target (DuckDB types) and the
// AWS target (Iceberg schema types for Glue's CreateTable).

export type HiveType =
  | { kind: 'primitive'; name: string; params: number[] }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: { name: string; type: HiveType }[] };

const PRIMITIVES = new Set([
  'boolean',
  'tinyint',
  'smallint',
  'int',
  'integer',
  'bigint',
  'float',
  'double',
  'decimal',
  'char',
  'varchar',
  'string',
  'binary',
  'date',
  'timestamp',
]);

export class TypeSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses one type; throws TypeSyntaxError with the offset of the problem. */
export function parseHiveType(text: string): HiveType {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const word = (): string => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) throw new TypeSyntaxError(`expected a type name at "${text.slice(i, i + 10) || 'end'}"`, i);
    i += m[0].length;
    return m[0];
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) throw new TypeSyntaxError(`expected "${c}" at "${text.slice(i, i + 10) || 'end'}"`, i);
    i++;
  };
  const peek = (c: string) => {
    ws();
    return text[i] === c;
  };
  const int = (): number => {
    ws();
    const m = /^\d+/.exec(text.slice(i));
    if (!m) throw new TypeSyntaxError(`expected a number at "${text.slice(i, i + 10) || 'end'}"`, i);
    i += m[0].length;
    return Number(m[0]);
  };
  const type = (): HiveType => {
    const start = (ws(), i);
    const name = word().toLowerCase();
    if (name === 'array') {
      expect('<');
      const element = type();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      expect('<');
      const key = type();
      if (key.kind !== 'primitive') throw new TypeSyntaxError('a map key must be a primitive type', start);
      expect(',');
      const value = type();
      expect('>');
      return { kind: 'map', key, value };
    }
    if (name === 'struct') {
      expect('<');
      const fields: { name: string; type: HiveType }[] = [];
      do {
        const fieldName = word();
        expect(':');
        fields.push({ name: fieldName, type: type() });
      } while (peek(',') && (i++, true));
      expect('>');
      return { kind: 'struct', fields };
    }
    if (!PRIMITIVES.has(name))
      throw new TypeSyntaxError(
        `unknown type "${name}"; Athena DDL types are ${[...PRIMITIVES].join(', ')}, array<T>, map<K,V>, struct<name:T,...>`,
        start,
      );
    const params: number[] = [];
    if (peek('(')) {
      i++;
      params.push(int());
      while (peek(',')) {
        i++;
        params.push(int());
      }
      expect(')');
    }
    checkParams(name, params, start);
    return { kind: 'primitive', name: name === 'integer' ? 'int' : name, params };
  };
  const t = type();
  ws();
  if (i < text.length) throw new TypeSyntaxError(`unexpected "${text.slice(i, i + 10)}" after the type`, i);
  return t;
}

function checkParams(name: string, params: number[], at: number): void {
  const fail = (m: string) => {
    throw new TypeSyntaxError(m, at);
  };
  if (name === 'decimal') {
    // decimal(precision[, scale]): precision 1-38, scale 0-precision (Athena data types).
    if (params.length > 2) fail('decimal takes (precision) or (precision, scale)');
    const [p = 38, s = 0] = params;
    if (p < 1 || p > 38) fail(`decimal precision ${p} is outside 1-38`);
    if (s > p) fail(`decimal scale ${s} is larger than its precision ${p}`);
  } else if (name === 'char') {
    if (params.length > 1) fail('char takes one length');
    if (params.length && (params[0]! < 1 || params[0]! > 255)) fail(`char length ${params[0]} is outside 1-255`);
  } else if (name === 'varchar') {
    if (params.length !== 1) fail('varchar needs a length: varchar(n)');
    if (params[0]! < 1 || params[0]! > 65535) fail(`varchar length ${params[0]} is outside 1-65535`);
  } else if (params.length) fail(`${name} takes no parameters`);
}

/** The type as Glue stores it (lower case, canonical spacing). */
export function formatHiveType(t: HiveType): string {
  switch (t.kind) {
    case 'primitive':
      return t.params.length ? `${t.name}(${t.params.join(',')})` : t.name;
    case 'array':
      return `array<${formatHiveType(t.element)}>`;
    case 'map':
      return `map<${formatHiveType(t.key)},${formatHiveType(t.value)}>`;
    case 'struct':
      return `struct<${t.fields.map((f) => `${f.name}:${formatHiveType(f.type)}`).join(',')}>`;
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The DuckDB type the local target reads the column as. */
export function duckTypeOf(t: HiveType): string {
  switch (t.kind) {
    case 'primitive': {
      const p = t.params;
      switch (t.name) {
        case 'int':
          return 'INTEGER';
        case 'decimal':
          return `DECIMAL(${p[0] ?? 38},${p[1] ?? 0})`;
        case 'char':
        case 'varchar':
        case 'string':
          return 'VARCHAR';
        case 'binary':
          return 'BLOB';
        default:
          return t.name.toUpperCase();
      }
    }
    case 'array':
      return `${duckTypeOf(t.element)}[]`;
    case 'map':
      return `MAP(${duckTypeOf(t.key)}, ${duckTypeOf(t.value)})`;
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `${quote(f.name)} ${duckTypeOf(f.type)}`).join(', ')})`;
  }
}

/**
 * Hive types an Iceberg table cannot hold. Athena's Iceberg tables support boolean, int, bigint,
 * float, double, decimal, date, timestamp, string, binary and nested array/map/struct
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-supported-data-types.html).
 */
export function nonIcebergTypes(t: HiveType): string[] {
  switch (t.kind) {
    case 'primitive':
      return ['tinyint', 'smallint', 'char', 'varchar'].includes(t.name) ? [formatHiveType(t)] : [];
    case 'array':
      return nonIcebergTypes(t.element);
    case 'map':
      return [...nonIcebergTypes(t.key), ...nonIcebergTypes(t.value)];
    case 'struct':
      return t.fields.flatMap((f) => nonIcebergTypes(f.type));
  }
}

/**
 * The Iceberg type (JSON form of the Iceberg table spec, as Glue's IcebergStructField.Type takes
 * it) of a Hive type. Nested fields need ids: `nextId` hands them out, after the top-level ones.
 */
export function icebergTypeOf(t: HiveType, nextId: () => number): unknown {
  switch (t.kind) {
    case 'primitive':
      if (t.name === 'bigint') return 'long';
      if (t.name === 'decimal') return `decimal(${t.params[0] ?? 38},${t.params[1] ?? 0})`;
      return t.name;
    case 'array': {
      const id = nextId();
      return { type: 'list', 'element-id': id, element: icebergTypeOf(t.element, nextId), 'element-required': false };
    }
    case 'map': {
      const keyId = nextId();
      const valueId = nextId();
      return {
        type: 'map',
        'key-id': keyId,
        key: icebergTypeOf(t.key, nextId),
        'value-id': valueId,
        value: icebergTypeOf(t.value, nextId),
        'value-required': false,
      };
    }
    case 'struct': {
      const ids = t.fields.map(() => nextId());
      return {
        type: 'struct',
        fields: t.fields.map((f, i) => ({
          id: ids[i],
          name: f.name,
          required: false,
          type: icebergTypeOf(f.type, nextId),
        })),
      };
    }
  }
}

export interface IcebergTransform {
  /** The Iceberg spec's transform string: identity, year, month, day, hour, bucket[N], truncate[W]. */
  transform: string;
  column: string;
  /** The partition field name Athena gives it: the column, or column_<transform> (e.g. ts_day). */
  name: string;
}

/**
 * One Iceberg partition transform as Athena's DDL writes it in PARTITIONED BY: `col`, `year(col)`,
 * `month(col)`, `day(col)`, `hour(col)`, `bucket(N, col)`, `truncate(W, col)`
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html).
 */
export function parseIcebergTransform(text: string): IcebergTransform {
  const s = text.trim();
  const ident = /^[A-Za-z_][A-Za-z0-9_]*$/;
  if (ident.test(s)) return { transform: 'identity', column: s, name: s };
  const time = /^(year|month|day|hour)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/i.exec(s);
  if (time) {
    const fn = time[1]!.toLowerCase();
    return { transform: fn, column: time[2]!, name: `${time[2]}_${fn}` };
  }
  const sized = /^(bucket|truncate)\s*\(\s*(\d+)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/i.exec(s);
  if (sized) {
    const fn = sized[1]!.toLowerCase();
    if (Number(sized[2]) < 1) throw new TypeSyntaxError(`${fn} needs a positive size`, 0);
    return { transform: `${fn}[${Number(sized[2])}]`, column: sized[3]!, name: `${sized[3]}_${fn}` };
  }
  throw new TypeSyntaxError(
    `"${text}" is no Iceberg partition transform; write col, year(col), month(col), day(col), hour(col), bucket(N, col) or truncate(W, col)`,
    0,
  );
}

/**
 * Applies `sub` (the ${Name} substitution) to a storage.location.template except its partition
 * placeholders: Athena fills ${column} per partition key, so those stay as written.
 */
export function substituteTemplate(template: string, partitionKeys: string[], sub: (text: string) => string): string {
  return template
    .split(/(\$\{[A-Za-z_][A-Za-z0-9_]*\})/)
    .map((part) => (partitionKeys.some((k) => part === `\${${k}}`) ? part : part && sub(part)))
    .join('');
}

/**
 * The partition folders below a table's location: key=value per partition key, or the layout a
 * storage.location.template gives below the location (`${dt}/` a plain folder, `dt=${dt}/` a Hive
 * one). Undefined when the template has another shape (static folders, another prefix, another
 * order), which a reader of the folders cannot map back to partition values.
 */
export function partitionFolders(
  partitionKeys: string[],
  location: string,
  template?: string,
): { name: string; hive: boolean }[] | undefined {
  if (!template) return partitionKeys.map((name) => ({ name, hive: true }));
  if (!template.startsWith(location)) return undefined;
  const segs = template.slice(location.length).split('/').filter(Boolean);
  const levels: { name: string; hive: boolean }[] = [];
  for (const seg of segs) {
    const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)=)?\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(seg);
    if (!m || (m[1] !== undefined && m[1] !== m[2]) || partitionKeys[levels.length] !== m[2]) return undefined;
    levels.push({ name: m[2]!, hive: m[1] !== undefined });
  }
  return levels.length === partitionKeys.length ? levels : undefined;
}
