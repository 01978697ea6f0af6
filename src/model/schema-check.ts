// JSON Schema validation of parsed YAML with Ajv, turning Ajv's errors into file:line:col
// diagnostics that name the key and say what is allowed.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import type { Diagnostic } from './diagnostics.js';
import type { JsonPath, SourceFile } from './source-file.js';

// verbose: errors carry their parentSchema, so unknown-key messages can list the allowed keys.
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
const compiled = new WeakMap<TSchema, ValidateFunction>();

function validatorFor(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

function toPath(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describePath(path: JsonPath): string {
  return path.length ? path.join('.') : '(top level)';
}

export function checkSchema(file: SourceFile, data: unknown, schema: TSchema): Diagnostic[] {
  const validate = validatorFor(schema);
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  // For a union (anyOf) of constants, report one message listing the allowed values instead of
  // one message per branch.
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const constsByPath = new Map<string, unknown[]>();
  for (const e of errors) {
    if (e.keyword === 'const' && unionPaths.has(e.instancePath)) {
      const list = constsByPath.get(e.instancePath) ?? [];
      list.push((e.params as { allowedValue: unknown }).allowedValue);
      constsByPath.set(e.instancePath, list);
    }
  }
  for (const e of errors) {
    const d = describe(file, e, unionPaths, constsByPath);
    if (!d) continue;
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function describe(
  file: SourceFile,
  e: ErrorObject,
  unionPaths: Set<string>,
  constsByPath: Map<string, unknown[]>,
): Diagnostic | undefined {
  const path = toPath(e.instancePath);
  const where = describePath(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}).filter(
        (k) => k !== '$schema',
      );
      return file.diagnostic(
        [...path, extra],
        `unknown key "${extra}" in ${where}${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`,
        'schema-unknown-key',
        { key: true },
      );
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return file.diagnostic(path, `${where} is missing required key "${missing}"`, 'schema-required', {
        key: true,
      });
    }
    case 'const':
      if (unionPaths.has(e.instancePath)) return undefined;
      return file.diagnostic(path, `${where} ${e.message}`, 'schema-type');
    case 'anyOf': {
      const consts = constsByPath.get(e.instancePath);
      if (consts?.length)
        return file.diagnostic(path, `${where} must be one of: ${consts.map(String).join(', ')}`, 'schema-enum');
      return undefined; // the branch errors say more
    }
    case 'type':
      if (unionPaths.has(e.instancePath)) return undefined;
      return file.diagnostic(path, `${where} ${e.message}`, 'schema-type');
    case 'pattern':
      return file.diagnostic(
        path,
        `${where} must match ${(e.params as { pattern: string }).pattern}`,
        'schema-pattern',
      );
    default:
      return file.diagnostic(path, `${where} ${e.message ?? 'is invalid'}`, `schema-${e.keyword}`);
  }
}
