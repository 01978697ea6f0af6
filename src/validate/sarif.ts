// `lakeops validate --format sarif`: the diagnostics as a SARIF 2.1.0 log, the format GitHub code
// scanning uploads (github/codeql-action/upload-sarif) to show each problem on its file and line.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html; GitHub's subset:
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic } from '../model/diagnostics.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The part of a message after the last "; " is its fix hint (how the messages are written). */
function splitHint(message: string): { text: string; hint?: string } {
  const i = message.lastIndexOf('; ');
  return i > 0 ? { text: message.slice(0, i), hint: message.slice(i + 2) } : { text: message };
}

export function toSarif(diagnostics: readonly Diagnostic[], version: string): Log {
  const ruleIds = [...new Set(diagnostics.map((d) => d.rule))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules: ReportingDescriptor[] = ruleIds.map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: `lakeops validate rule ${id}` },
  }));
  const results: Result[] = diagnostics.map((d) => {
    const { hint } = splitHint(d.message);
    return {
      ruleId: d.rule,
      ruleIndex: index.get(d.rule)!,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: d.file, uriBaseId: '%SRCROOT%' },
            region: { startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column) },
          },
        },
      ],
      // Stable across runs of the same problem, so code scanning tracks an alert instead of reopening it.
      partialFingerprints: { 'lakeops/v1': `${d.rule}:${d.file}:${d.message}` },
      ...(hint ? { properties: { fix: hint } } : {}),
    };
  });
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'lakeops', semanticVersion: version, rules } },
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The project root (the folder of lakeops.yaml).' } },
        },
        results,
      },
    ],
  };
}
