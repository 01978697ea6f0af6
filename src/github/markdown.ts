// Small Markdown pieces of the GitHub-only parts of reports (the PR verdict table, collapsible
// blocks); the report itself is rendered by src/report/markdown.ts.
import { escapeCell } from '../report/markdown.js';

export function table(headers: string[], rows: unknown[][]): string {
  const line = (cells: unknown[]) => `| ${cells.map((c) => escapeCell(c)).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
