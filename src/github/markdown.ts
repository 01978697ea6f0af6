// Small Markdown pieces of the GitHub-only parts of reports (collapsible blocks); the report itself
// is rendered by src/report/markdown.ts.
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
