// Finds every AWS SDK v3 command the code can send, from the source: imports from
// @aws-sdk/client-* packages (and SDK helpers such as @aws-sdk/lib-storage's Upload) and the
// places they are used. The TypeScript compiler's parser gives the syntax tree, so comments,
// strings and type-only imports never count. Dev-time only: `npm run iam:commands` writes the
// result to src/iam/sdk-commands.generated.ts (which `lakeops iam` reads), and test/iam checks
// that file against a fresh scan.
//
// typescript (devDependency): the parser, rather than regular expressions over source text.
import ts from 'typescript';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HELPER_CLIENT, HELPER_COMMANDS, isSdkClientPackage, type SdkCommandUse } from './actions.js';

/** Where the code that talks to AWS lives; the local target never does. */
export const SCAN_ROOTS = ['src', 'actions'];
export const SCAN_EXCLUDE = [
  /^src\/targets\/local\//,
  /^src\/iam\//,
  /\/dist\//,
  /node_modules/,
  /\.d\.ts$/,
  /\.test\.ts$/,
];

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
  /** Only the commands used inside these nodes of the file (default: the whole file). */
  within?: (sf: ts.SourceFile) => readonly ts.Node[],
): { uses: { client: string; command: string }[]; problems: ScanProblem[]; importsSdk: boolean; packages: string[] } {
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS,
  );
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
      else
        problems.push({
          file,
          line: lineOf(at),
          message: `${pkg} export ${name} is used, but src/iam/actions.ts HELPER_COMMANDS does not say which commands it sends`,
        });
      return;
    }
    if (name.endsWith('Command') && name !== 'Command')
      uses.push({ client: pkg, command: name.slice(0, -'Command'.length) });
    else if (name.startsWith('paginate') && name.length > 'paginate'.length)
      uses.push({ client: pkg, command: name.slice('paginate'.length) });
    else if (name.startsWith('waitUntil') || name.startsWith('waitFor'))
      problems.push({
        file,
        line: lineOf(at),
        message: `${name} (a waiter) sends commands the scan cannot see; poll with explicit commands instead, or list them in HELPER_COMMANDS`,
      });
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
  for (const node of within ? within(sf) : [sf]) visit(node);
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
  const uses = [...byKey.values()].sort(
    (a, b) => a.client.localeCompare(b.client) || a.command.localeCompare(b.command),
  );
  return { uses, problems, sdkFiles, importedClients: [...importedClients].sort(), filesScanned: files.length };
}

// ------------------------------------------------------------------ the read path

/**
 * Where `lakeops plan` and read-only queries start: AwsTarget.plan and AwsTarget.query (what the
 * plan CLI, the plan action and AWS validations call). The same file also deploys and runs, so
 * only what these methods reach counts in it.
 */
export const READ_PATH_ENTRY = { file: 'src/targets/aws/index.ts', className: 'AwsTarget', methods: ['plan', 'query'] };

/**
 * Every read-path entry: AwsTarget's plan and query, and `lakeops validate`'s check of the state
 * machine definitions with AWS (ValidateStateMachineDefinition), which pull requests run with the
 * plan role too.
 */
export const READ_PATH_ENTRIES: readonly ReadPathEntry[] = [
  READ_PATH_ENTRY,
  { file: 'src/validate/aws-definitions.ts', className: 'AwsDefinitionCheck', methods: ['validate'] },
];

export interface ReadPathEntry {
  file: string;
  className: string;
  methods: string[];
}

export interface ReadPath {
  /** The modules the entry methods load, followed through value imports. */
  modules: string[];
  /** The commands the read path sends, each with only the read-path files that send it. */
  uses: SdkCommandUse[];
}

/** The project file a relative module specifier names (./x.js is ./x.ts in the source), or undefined. */
function resolveModule(root: string, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const candidates = [base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => !c.startsWith('..') && existsSync(join(root, c)) && statSync(join(root, c)).isFile());
}

/**
 * The modules a file loads when it runs: value imports and re-exports of project files, and
 * dynamic import()s. Type-only imports (`import type`, or only `type` names) load nothing.
 * `locals` receives each imported local name and the module it comes from.
 */
function loadedModules(root: string, file: string, sf: ts.SourceFile, locals?: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const target = resolveModule(root, file, stmt.moduleSpecifier.text);
      const clause = stmt.importClause;
      if (!target || clause?.isTypeOnly) continue;
      const names: string[] = [];
      if (clause?.name) names.push(clause.name.text);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) names.push(nb.name.text);
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) if (!el.isTypeOnly) names.push(el.name.text);
      // A side-effect import (no clause) loads the module; a clause of type names only does not.
      if (clause && !names.length) continue;
      out.add(target);
      for (const n of names) locals?.set(n, target);
    } else if (
      ts.isExportDeclaration(stmt) &&
      !stmt.isTypeOnly &&
      stmt.moduleSpecifier &&
      ts.isStringLiteral(stmt.moduleSpecifier)
    ) {
      const target = resolveModule(root, file, stmt.moduleSpecifier.text);
      if (target) out.add(target);
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const target = resolveModule(root, file, node.arguments[0].text);
      if (target) out.add(target);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...out];
}

const parse = (file: string, text: string) =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

/**
 * The commands of `uses` (a scan of the code) that the read path sends: inside the entry file, the
 * entry methods and what they reach (this.method() calls, the constructor, the module's own
 * functions); beyond it, every module those load, transitively.
 */
export function scanReadPath(
  root: string,
  uses: readonly SdkCommandUse[],
  entries: ReadPathEntry | readonly ReadPathEntry[] = READ_PATH_ENTRIES,
): ReadPath {
  if (!Array.isArray(entries)) return scanReadPathFrom(root, uses, entries as ReadPathEntry);
  // Several entries: the union of what each reaches.
  const modules = new Set<string>();
  const byKey = new Map<string, SdkCommandUse>();
  for (const entry of entries as readonly ReadPathEntry[]) {
    const r = scanReadPathFrom(root, uses, entry);
    for (const m of r.modules) modules.add(m);
    for (const u of r.uses) {
      const key = `${u.client} ${u.command}`;
      const prev = byKey.get(key);
      byKey.set(key, prev ? { ...u, files: [...new Set([...prev.files, ...u.files])].sort() } : u);
    }
  }
  return {
    modules: [...modules].sort(),
    uses: uses.filter((u) => byKey.has(`${u.client} ${u.command}`)).map((u) => byKey.get(`${u.client} ${u.command}`)!),
  };
}

function scanReadPathFrom(root: string, uses: readonly SdkCommandUse[], entry: ReadPathEntry): ReadPath {
  const text = readFileSync(join(root, entry.file), 'utf8');
  const sf = parse(entry.file, text);
  const locals = new Map<string, string>();
  loadedModules(root, entry.file, sf, locals);
  const cls = sf.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === entry.className,
  );
  if (!cls) throw new Error(`${entry.file}: no class ${entry.className}`);
  const memberName = (m: ts.ClassElement) =>
    m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : undefined;
  const methods = new Map(
    cls.members.filter((m) => memberName(m) !== undefined).map((m) => [memberName(m)!, m as ts.Node]),
  );
  const functions = new Map<string, ts.Node>();
  for (const s of sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) functions.set(s.name.text, s);
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.initializer) functions.set(d.name.text, d);
  }

  const reached: ts.Node[] = [];
  const modules = new Set<string>();
  const queue: ts.Node[] = [...cls.members.filter(ts.isConstructorDeclaration)];
  for (const m of entry.methods) {
    const node = methods.get(m);
    if (!node) throw new Error(`${entry.file}: ${entry.className} has no method ${m}`);
    queue.push(node);
  }
  while (queue.length) {
    const node = queue.shift()!;
    if (reached.includes(node)) continue;
    reached.push(node);
    const visit = (n: ts.Node): void => {
      if (
        ts.isPropertyAccessExpression(n) &&
        n.expression.kind === ts.SyntaxKind.ThisKeyword &&
        methods.has(n.name.text)
      )
        queue.push(methods.get(n.name.text)!);
      if (
        ts.isCallExpression(n) &&
        n.expression.kind === ts.SyntaxKind.ImportKeyword &&
        n.arguments[0] &&
        ts.isStringLiteral(n.arguments[0])
      ) {
        const target = resolveModule(root, entry.file, n.arguments[0].text);
        if (target) modules.add(target);
      }
      if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
        if (locals.has(n.text)) modules.add(locals.get(n.text)!);
        if (functions.has(n.text)) queue.push(functions.get(n.text)!);
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
  }

  // Everything the reached code loads, transitively.
  const pending = [...modules];
  while (pending.length) {
    const file = pending.pop()!;
    for (const next of loadedModules(root, file, parse(file, readFileSync(join(root, file), 'utf8'))))
      if (!modules.has(next) && next !== entry.file) {
        modules.add(next);
        pending.push(next);
      }
  }

  const own = new Set(scanSource(entry.file, text, () => reached).uses.map((u) => `${u.client} ${u.command}`));
  const read: SdkCommandUse[] = [];
  for (const u of uses) {
    const files = u.files.filter((f) => modules.has(f) || (f === entry.file && own.has(`${u.client} ${u.command}`)));
    if (files.length) read.push({ client: u.client, command: u.command, files });
  }
  return { modules: [...modules].sort(), uses: read };
}

export const GENERATED_FILE = 'src/iam/sdk-commands.generated.ts';

/** The text of src/iam/sdk-commands.generated.ts for these uses and the read path's. */
export function renderGenerated(uses: readonly SdkCommandUse[], readPath: readonly SdkCommandUse[]): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = (list: readonly SdkCommandUse[]) =>
    list.map((u) => `  { client: ${q(u.client)}, command: ${q(u.command)}, files: [${u.files.map(q).join(', ')}] },`);
  return [
    '// Generated by `npm run iam:commands` (src/iam/scan-commands.ts): the AWS SDK commands the AWS target',
    '// and runner send, and where. `lakeops iam` derives the deploy role from it; test/iam fails when it',
    '// no longer matches the code. Do not edit by hand.',
    "import type { SdkCommandUse } from './actions.js';",
    '',
    'export const SDK_COMMANDS: readonly SdkCommandUse[] = [',
    ...lines(uses),
    '];',
    '',
    "// The commands `lakeops plan`, read-only queries and validate's AWS check send (followed from",
    ...READ_PATH_ENTRIES.map((e) => `// - ${e.className}.${e.methods.join('/')} in ${e.file}`),
    '// through the code they load), with the files that send them on that path. `lakeops iam`',
    '// derives the read-only plan role from it.',
    'export const READ_PATH_COMMANDS: readonly SdkCommandUse[] = [',
    ...lines(readPath),
    '];',
    '',
  ].join('\n');
}

// `tsx src/iam/scan-commands.ts [--write]`: print (or write) the generated file.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const result = scanSdkCommands(root);
  for (const pr of result.problems) process.stderr.write(`${pr.file}:${pr.line}: ${pr.message}\n`);
  const readPath = scanReadPath(root, result.uses);
  const text = renderGenerated(result.uses, readPath.uses);
  if (process.argv.includes('--write')) {
    writeFileSync(join(root, GENERATED_FILE), text);
    process.stdout.write(
      `wrote ${GENERATED_FILE}: ${result.uses.length} commands from ${result.sdkFiles.length} files, ` +
        `${readPath.uses.length} of them on the read path (${toPosix(relative(process.cwd(), root)) || '.'})\n`,
    );
  } else process.stdout.write(text);
  if (result.problems.length) process.exitCode = 1;
}
