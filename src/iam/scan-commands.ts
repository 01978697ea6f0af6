// Finds every AWS SDK v3 command the code can send, from the source: imports from
// @aws-sdk/client-* packages (and SDK helpers such as @aws-sdk/lib-storage's Upload) and the
// places they are used. The TypeScript compiler's parser gives the syntax tree, so comments,
// strings and type-only imports never count. Dev-time only: `npm run iam:commands` writes the
// result to src/iam/sdk-commands.generated.ts (which `lakeops iam` reads), and test/iam checks
// that file against a fresh scan.
//
// typescript (devDependency): the parser, rather than regular expressions over source text.
import ts from 'typescript';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HELPER_CLIENT, HELPER_COMMANDS, isSdkClientPackage, type SdkCommandUse } from './actions.js';

/** Where the code that talks to AWS lives; the local target never does. */
export const SCAN_ROOTS = ['src', 'actions'];
export const SCAN_EXCLUDE = [/^src\/targets\/local\//, /^src\/iam\//, /\/dist\//, /node_modules/, /\.d\.ts$/, /\.test\.ts$/];

export interface ScanProblem {
  file: string;
  line: number;
  message: string;
}

export interface ScanResult {
  uses: SdkCommandUse[];
  problems: ScanProblem[];
  /** Files that import an AWS SDK client package (values, not only types). */
  sdkFiles: string[];
  /** The SDK client packages those files import values from. */
  importedClients: string[];
  filesScanned: number;
}

type Binding = { pkg: string; name: string } | { pkg: string; namespace: true };

const toPosix = (p: string) => p.split(sep).join('/');

function listSources(root: string, dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return;
  }
  for (const e of entries.sort()) {
    const rel = dir ? `${dir}/${e}` : e;
    if (SCAN_EXCLUDE.some((re) => re.test(rel + (statSync(join(root, rel)).isDirectory() ? '/' : '')))) continue;
    if (statSync(join(root, rel)).isDirectory()) listSources(root, rel, out);
    else if (/\.(ts|mts|js|mjs)$/.test(e)) out.push(rel);
  }
}

function isSdkPackage(spec: string): boolean {
  return isSdkClientPackage(spec) || spec in HELPER_COMMANDS;
}

/** Scans one file's text; `file` is its path relative to the project root. */
export function scanSource(
  file: string,
  text: string,
): { uses: { client: string; command: string }[]; problems: ScanProblem[]; importsSdk: boolean; packages: string[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const bindings = new Map<string, Binding>();
  const problems: ScanProblem[] = [];
  const uses: { client: string; command: string }[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  let importsSdk = false;

  // 1. Value imports from SDK packages: import { X } / import * as ns / const { X } = await import(...)
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const pkg = stmt.moduleSpecifier.text;
    const clause = stmt.importClause;
    if (!isSdkPackage(pkg) || !clause || clause.isTypeOnly) continue;
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) {
      bindings.set(nb.name.text, { pkg, namespace: true });
      importsSdk = true;
    } else if (nb && ts.isNamedImports(nb)) {
      for (const el of nb.elements) {
        if (el.isTypeOnly) continue;
        bindings.set(el.name.text, { pkg, name: (el.propertyName ?? el.name).text });
        importsSdk = true;
      }
    }
  }
  const visitDynamic = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      let init: ts.Expression = node.initializer;
      if (ts.isAwaitExpression(init)) init = init.expression;
      if (
        ts.isCallExpression(init) &&
        init.expression.kind === ts.SyntaxKind.ImportKeyword &&
        init.arguments[0] &&
        ts.isStringLiteral(init.arguments[0]) &&
        isSdkPackage(init.arguments[0].text)
      ) {
        const pkg = init.arguments[0].text;
        importsSdk = true;
        if (ts.isIdentifier(node.name)) bindings.set(node.name.text, { pkg, namespace: true });
        else if (ts.isObjectBindingPattern(node.name))
          for (const el of node.name.elements)
            if (ts.isIdentifier(el.name))
              bindings.set(el.name.text, {
                pkg,
                name: el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text,
              });
      }
    }
    ts.forEachChild(node, visitDynamic);
  };
  visitDynamic(sf);
  const packages = [...new Set([...bindings.values()].map((b) => b.pkg))].filter(isSdkClientPackage);
  if (!bindings.size) return { uses, problems, importsSdk, packages };

  const record = (pkg: string, name: string, at: ts.Node): void => {
    if (pkg in HELPER_COMMANDS) {
      const cmds = HELPER_COMMANDS[pkg]![name];
      if (cmds) for (const c of cmds) uses.push({ client: HELPER_CLIENT[pkg]!, command: c });
      else problems.push({ file, line: lineOf(at), message: `${pkg} export ${name} is used, but src/iam/actions.ts HELPER_COMMANDS does not say which commands it sends` });
      return;
    }
    if (name.endsWith('Command') && name !== 'Command') uses.push({ client: pkg, command: name.slice(0, -'Command'.length) });
    else if (name.startsWith('paginate') && name.length > 'paginate'.length) uses.push({ client: pkg, command: name.slice('paginate'.length) });
    else if (name.startsWith('waitUntil') || name.startsWith('waitFor'))
      problems.push({ file, line: lineOf(at), message: `${name} (a waiter) sends commands the scan cannot see; poll with explicit commands instead, or list them in HELPER_COMMANDS` });
  };

  // 2. Value uses of the bound names (`new XCommand(...)`, `paginateX(...)`, `ns.XCommand`, helpers).
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const b = bindings.get(node.expression.text);
      if (b && 'namespace' in b) {
        record(b.pkg, node.name.text, node);
        return;
      }
    }
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isDeclarationName =
        (ts.isBindingElement(parent) && (parent.name === node || parent.propertyName === node)) ||
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node);
      const b = bindings.get(node.text);
      if (b && !('namespace' in b) && !isDeclarationName) record(b.pkg, b.name, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { uses, problems, importsSdk, packages };
}

/** Scans the project's AWS-facing sources under `root` (the folder holding package.json). */
export function scanSdkCommands(root: string, roots: string[] = SCAN_ROOTS): ScanResult {
  const files: string[] = [];
  for (const r of roots) listSources(root, r, files);
  const byKey = new Map<string, { client: string; command: string; files: string[] }>();
  const problems: ScanProblem[] = [];
  const sdkFiles: string[] = [];
  const importedClients = new Set<string>();
  for (const file of files) {
    const r = scanSource(file, readFileSync(join(root, file), 'utf8'));
    problems.push(...r.problems);
    if (r.importsSdk) sdkFiles.push(file);
    for (const pkg of r.packages) importedClients.add(pkg);
    for (const u of r.uses) {
      const key = `${u.client} ${u.command}`;
      const e = byKey.get(key) ?? { client: u.client, command: u.command, files: [] };
      if (!e.files.includes(file)) e.files.push(file);
      byKey.set(key, e);
    }
  }
  const uses = [...byKey.values()].sort((a, b) => a.client.localeCompare(b.client) || a.command.localeCompare(b.command));
  return { uses, problems, sdkFiles, importedClients: [...importedClients].sort(), filesScanned: files.length };
}

export const GENERATED_FILE = 'src/iam/sdk-commands.generated.ts';

/** The text of src/iam/sdk-commands.generated.ts for these uses. */
export function renderGenerated(uses: SdkCommandUse[]): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = uses.map((u) => `  { client: ${q(u.client)}, command: ${q(u.command)}, files: [${u.files.map(q).join(', ')}] },`);
  return [
    '// Generated by `npm run iam:commands` (src/iam/scan-commands.ts): the AWS SDK commands the AWS target',
    '// and runner send, and where. `lakeops iam` derives the deploy role from it; test/iam fails when it',
    '// no longer matches the code. Do not edit by hand.',
    "import type { SdkCommandUse } from './actions.js';",
    '',
    'export const SDK_COMMANDS: readonly SdkCommandUse[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}

// `tsx src/iam/scan-commands.ts [--write]`: print (or write) the generated file.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const result = scanSdkCommands(root);
  for (const pr of result.problems) process.stderr.write(`${pr.file}:${pr.line}: ${pr.message}\n`);
  const text = renderGenerated(result.uses);
  if (process.argv.includes('--write')) {
    writeFileSync(join(root, GENERATED_FILE), text);
    process.stdout.write(
      `wrote ${GENERATED_FILE}: ${result.uses.length} commands from ${result.sdkFiles.length} files (${toPosix(relative(process.cwd(), root)) || '.'})\n`,
    );
  } else process.stdout.write(text);
  if (result.problems.length) process.exitCode = 1;
}
