// What a SQL text says beyond its syntax, read from the text with strings and comments blanked
// out (so positions stay the file's own): constructs of the other dialect that the parser lets
// through but the engine rejects, and the tables a query reads (FROM / JOIN targets) with their
// offsets, for checking against the tables the project knows.
// Athena engine v3 is Trino: https://docs.aws.amazon.com/athena/latest/ug/ddl-reference.html and
// .../athena/latest/ug/select.html (no LATERAL VIEW: "use CROSS JOIN UNNEST"); Spark SQL:
// https://spark.apache.org/docs/latest/sql-ref-syntax.html.
import type { SqlDialect } from './analysis.js';

/** The text with string literals, quoted identifiers kept, and comments replaced by spaces. */
export function maskSql(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      const stop = Math.min(text.length, j + 1);
      out += "'" + text.slice(i + 1, stop - 1).replace(/[^\n]/g, ' ') + (stop - i > 1 ? "'" : '');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

interface Construct {
  re: RegExp;
  message: string;
}

const ATHENA_REJECTS: Construct[] = [
  {
    re: /\bLATERAL\s+VIEW\b/gi,
    message: 'LATERAL VIEW is Spark/Hive SQL; Athena (engine v3, Trino) writes CROSS JOIN UNNEST(array) AS t(x)',
  },
  { re: /\bDISTRIBUTE\s+BY\b/gi, message: 'DISTRIBUTE BY is Spark SQL; Athena has no such clause (drop it)' },
  { re: /\bSORT\s+BY\b/gi, message: 'SORT BY is Spark SQL; Athena writes ORDER BY' },
  { re: /\bCLUSTER\s+BY\b/gi, message: 'CLUSTER BY is Spark SQL in a query; Athena has no such clause' },
  { re: /\bINSERT\s+OVERWRITE\b/gi, message: 'INSERT OVERWRITE is Spark SQL; Athena writes INSERT INTO' },
  {
    re: /`[^`\n]*`/g,
    message:
      'backquoted identifiers are Hive/Spark syntax; Athena (Trino) queries quote identifiers with "double quotes"',
  },
];

const SPARK_REJECTS: Construct[] = [
  {
    re: /\bCROSS\s+JOIN\s+UNNEST\b/gi,
    message: 'CROSS JOIN UNNEST is Athena (Trino) SQL; Spark SQL writes LATERAL VIEW explode(array) t AS x',
  },
  {
    re: /\bdate_add\s*\(\s*'(day|hour|minute|second|month|year|week)'/gi,
    message:
      "date_add('unit', n, ts) is Athena (Trino) SQL; Spark's date_add(date, days) takes two arguments (use ts + INTERVAL n UNIT)",
  },
  {
    re: /\bdate_diff\s*\(\s*'(day|hour|minute|second|month|year|week)'/gi,
    message:
      "date_diff('unit', a, b) is Athena (Trino) SQL; Spark SQL writes datediff(end, start) or timestampdiff(UNIT, a, b)",
  },
  {
    re: /\bfrom_iso8601_timestamp\s*\(/gi,
    message: 'from_iso8601_timestamp is Athena (Trino) SQL; Spark SQL writes to_timestamp(s)',
  },
  {
    re: /\bapprox_distinct\s*\(/gi,
    message: 'approx_distinct is Athena (Trino) SQL; Spark SQL writes approx_count_distinct',
  },
];

/** Constructs of `text` that its dialect's engine rejects, with their offsets. */
export function foreignConstructs(text: string, dialect: SqlDialect): { offset: number; message: string }[] {
  const masked = maskSql(text);
  const out: { offset: number; message: string }[] = [];
  // Matched in the text itself (a construct may hold a string, as date_add('day', ...)), kept
  // only where it starts outside strings and comments.
  for (const c of dialect === 'athena' ? ATHENA_REJECTS : SPARK_REJECTS)
    for (const m of text.matchAll(c.re))
      if (masked[m.index!] === text[m.index!] && masked[m.index!] !== ' ')
        out.push({ offset: m.index!, message: c.message });
  return out.sort((a, b) => a.offset - b.offset);
}

/** Functions whose parentheses may hold FROM without naming a table. */
const FROM_FUNCTIONS = new Set(['extract', 'substring', 'trim', 'position', 'overlay', 'substr']);

export interface TableRef {
  /** As written, unquoted: ["db", "table"] or ["table"]. */
  parts: string[];
  offset: number;
}

/**
 * The tables a query reads: the names after FROM and JOIN (and after commas of a FROM list), minus
 * the query's own CTE names. Subqueries, UNNEST and table functions are not tables.
 */
export function tableReferences(text: string): TableRef[] {
  const masked = maskSql(text);
  const ctes = new Set<string>();
  for (const m of masked.matchAll(
    /(?:\bWITH\s+(?:RECURSIVE\s+)?|,\s*)([A-Za-z_][\w]*|"[^"]+")\s*(?:\([^)]*\)\s*)?AS\s*\(/gi,
  ))
    ctes.add(unquote(m[1]!).toLowerCase());
  const refs: TableRef[] = [];
  // Which function opened each open parenthesis: FROM inside EXTRACT(... FROM ...) is no table.
  const opener: string[] = [];
  const token = /("(?:[^"]|"")*"|`[^`]*`|[A-Za-z_][\w$]*|\(|\)|,|;|\S)/g;
  let prev = '';
  let expectTable = false;
  // The parenthesis depth of the FROM list being read (-1: none), so "FROM a, b" reads b as a table.
  let fromDepth = -1;
  for (const m of masked.matchAll(token)) {
    const t = m[0];
    const lower = t.toLowerCase();
    if (t === '(') {
      opener.push(prev.toLowerCase());
      expectTable = false;
      prev = t;
      continue;
    }
    if (t === ')') {
      opener.pop();
      if (fromDepth > opener.length) fromDepth = -1;
      prev = t;
      continue;
    }
    const insideFunction = FROM_FUNCTIONS.has(opener[opener.length - 1] ?? '');
    if ((lower === 'from' || lower === 'join') && !insideFunction) {
      expectTable = true;
      if (lower === 'from') fromDepth = opener.length;
      prev = t;
      continue;
    }
    if (expectTable) {
      expectTable = false;
      if (/^[A-Za-z_"`]/.test(t) && !['unnest', 'lateral', 'table', 'values', 'select'].includes(lower)) {
        // A dotted name: collect db.table as written.
        const rest = masked.slice(m.index! + t.length);
        const dotted = /^(\s*\.\s*("(?:[^"]|"")*"|`[^`]*`|[A-Za-z_][\w$]*))*/.exec(rest)![0];
        const parts = (t + dotted).split(/\s*\.\s*/).map(unquote);
        if (!(parts.length === 1 && ctes.has(parts[0]!.toLowerCase()))) refs.push({ parts, offset: m.index! });
      }
    } else if (t === ',' && fromDepth === opener.length) expectTable = true;
    else if (/^(where|group|order|having|limit|union|except|intersect|on|using|window|qualify|join)$/.test(lower))
      fromDepth = -1;
    prev = t;
  }
  return refs;
}

function unquote(s: string): string {
  if (s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/""/g, '"');
  if (s.startsWith('`') && s.endsWith('`')) return s.slice(1, -1);
  return s;
}
