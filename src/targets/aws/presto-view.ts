// Athena stores a view in the Glue catalog as a table of type VIRTUAL_VIEW whose ViewOriginalText
// is "/* Presto View: <base64 of a JSON document> */"; the JSON's originalSql is the SELECT the
// view was created with. Reading it back lets plan compare views by their SQL.

const PRESTO_VIEW = /^\/\* Presto View: ([A-Za-z0-9+/=\s]+) \*\/$/;

export interface PrestoView {
  originalSql: string;
  catalog?: string;
  schema?: string;
  columns?: { name: string; type: string }[];
}

export function decodePrestoViewDocument(text: string | undefined): PrestoView | undefined {
  const m = PRESTO_VIEW.exec((text ?? '').trim());
  if (!m) return undefined;
  try {
    const doc = JSON.parse(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8')) as PrestoView;
    return typeof doc.originalSql === 'string' ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** The view's original SQL, or undefined when the text is not an Athena (Presto) view. */
export function decodePrestoView(text: string | undefined): string | undefined {
  return decodePrestoViewDocument(text)?.originalSql;
}

/** The ViewOriginalText Athena writes for a view (used by tests and the benchmark's fake catalog). */
export function encodePrestoView(view: PrestoView): string {
  return `/* Presto View: ${Buffer.from(JSON.stringify(view), 'utf8').toString('base64')} */`;
}
