// A YAML or JSON file kept with its text and parse tree, so any value in it can be traced back to
// a line and column (for messages like pipelines/x/pipeline.yaml:12:5).
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

export type JsonPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export class SourceFile {
  readonly lineCounter = new LineCounter();
  readonly doc: Document.Parsed;
  readonly parseDiagnostics: Diagnostic[] = [];

  constructor(
    /** Path relative to the project root. */
    readonly path: string,
    readonly text: string,
  ) {
    // JSON is YAML 1.2, so one parser serves both and keeps positions for both.
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    // The parser turns a stack overflow (nesting thousands deep) into an error of its own.
    for (const e of this.doc.errors)
      if (/call stack/i.test(e.message)) e.message = 'nested too deeply to parse (thousands of levels); flatten it';
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const pos = this.lineCounter.linePos(e.pos[0]);
      this.parseDiagnostics.push({
        file: path,
        line: pos.line,
        column: pos.col,
        severity: this.doc.errors.includes(e as never) ? 'error' : 'warning',
        message:
          e.code === 'DUPLICATE_KEY'
            ? `key "${keyAt(text, e.pos[0])}" appears twice in this mapping; keep one`
            : (e.message.split('\n')[0] ?? e.message),
        rule: e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
      });
    }
  }

  static read(absPath: string, relPath: string): SourceFile {
    return new SourceFile(relPath, readFileSync(absPath, 'utf8'));
  }

  get ok(): boolean {
    return this.doc.errors.length === 0;
  }

  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /** toJS, or the one diagnostic naming this file when its aliases expand too far (an alias bomb). */
  toJSOrDiagnostic(): { data: unknown; diagnostic?: undefined } | { data?: undefined; diagnostic: Diagnostic } {
    try {
      return { data: this.toJS() };
    } catch (e) {
      return {
        diagnostic: {
          file: this.path,
          line: 1,
          column: 1,
          severity: 'error',
          message: `cannot be expanded: ${(e as Error).message} (YAML aliases that expand too far, as in a "billion laughs" file); write the values out instead of nesting aliases`,
          rule: 'yaml-alias-bomb',
        },
      };
    }
  }

  positionOfOffset(offset: number): Position {
    const p = this.lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /**
   * Where the value at `path` stands (or its key, with `key: true`). Falls back to the nearest
   * ancestor that exists, so a missing property points at the object that should hold it.
   */
  locate(path: JsonPath, opts: { key?: boolean } = {}): Position {
    let node: unknown = this.doc.contents;
    let best: number | undefined = (node as Node | null)?.range?.[0];
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        const valueNode = pair.value as Node | null;
        const last = i === path.length - 1;
        if (last && opts.key && keyNode?.range) return this.positionOfOffset(keyNode.range[0]);
        best = valueNode?.range?.[0] ?? keyNode?.range?.[0] ?? best;
        node = valueNode;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item) break;
        best = item.range?.[0] ?? best;
        node = item;
      } else break;
    }
    return this.positionOfOffset(best ?? 0);
  }

  diagnostic(
    path: JsonPath,
    message: string,
    rule: string,
    opts: { key?: boolean; severity?: Diagnostic['severity'] } = {},
  ): Diagnostic {
    const pos = this.locate(path, opts);
    return { file: this.path, ...pos, severity: opts.severity ?? 'error', message, rule };
  }
}

/** The mapping key written at `offset` (plain or quoted), for messages. */
function keyAt(text: string, offset: number): string {
  const m = /^(?:"([^"]*)"|'([^']*)'|([^:\s,}\]]+))/.exec(text.slice(offset));
  return m?.[1] ?? m?.[2] ?? m?.[3] ?? '';
}

/** Line and column (1-based) of a character offset in plain text (SQL, Python). */
export function positionInText(text: string, offset: number): Position {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}
