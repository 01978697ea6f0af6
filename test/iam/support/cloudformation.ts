// A CloudFormation template checker for the tests, against the CloudFormation resource
// specification of @aws-cdk/aws-service-spec (the registry schemas the AWS CDK is generated from):
// every resource type exists, required properties are present, no property is unknown, values
// have the spec's types and allowed values, and every Ref, Fn::GetAtt, Fn::Sub variable,
// condition and DependsOn names something the template declares. Fn::ForEach (the
// AWS::LanguageExtensions transform) is expanded first with the parameters' values.
// (No maintained CloudFormation linter is published to npm: the `cfn-lint` package there dates
// from 2019 and predates AWS::Scheduler, CloudTrail advanced selectors and S3 EventBridge settings.)
//
// @aws-cdk/aws-service-spec (devDependency): the resource specification database.
// yaml: CloudFormation's short-form tags (!Ref, !Sub, ...) as customTags.
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { parse, YAMLMap, YAMLSeq, type Tags } from 'yaml';

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export interface TemplateProblem {
  path: string;
  message: string;
}

// ------------------------------------------------------------------ parsing

const FUNCTIONS = [
  'Ref',
  'Condition',
  'Sub',
  'GetAtt',
  'Join',
  'Split',
  'Select',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'Base64',
  'GetAZs',
  'ImportValue',
  'Cidr',
  'Length',
  'ToJsonString',
];
const longName = (f: string) => (f === 'Ref' || f === 'Condition' ? f : `Fn::${f}`);

export const CFN_TAGS: Tags = FUNCTIONS.flatMap((f) => {
  const key = longName(f);
  const wrap = (v: unknown) => {
    const m = new YAMLMap();
    m.set(key, v);
    return m;
  };
  return [
    {
      tag: `!${f}`,
      identify: () => false,
      resolve: (s: string) => ({ [key]: f === 'GetAtt' ? s.split(/\.(.*)/s).filter(Boolean) : s }),
    },
    { tag: `!${f}`, collection: 'seq' as const, nodeClass: YAMLSeq, identify: () => false, resolve: wrap },
    { tag: `!${f}`, collection: 'map' as const, nodeClass: YAMLMap, identify: () => false, resolve: wrap },
  ];
});

export function parseTemplate(text: string): Obj {
  return parse(text, { customTags: CFN_TAGS, uniqueKeys: true }) as Obj;
}

// ------------------------------------------------------------------ Fn::ForEach

function parameterValue(template: Obj, name: string, values: Record<string, string>): string | undefined {
  const p = (template.Parameters as Obj | undefined)?.[name];
  if (!isObj(p)) return undefined;
  return values[name] ?? (p.Default !== undefined ? String(p.Default) : undefined);
}

function substituteIdentifier(v: Json, id: string, item: string): Json {
  const alnum = item.replace(/[^A-Za-z0-9]/g, '');
  const str = (s: string) => s.split(`\${${id}}`).join(item).split(`&{${id}}`).join(alnum);
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return v.map((x) => substituteIdentifier(x, id, item));
  if (isObj(v)) {
    if (Object.keys(v).length === 1 && v.Ref === id) return item;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [str(k), substituteIdentifier(x, id, item)]));
  }
  return v;
}

/** Expands every Fn::ForEach::<Name> in Resources, Outputs and Conditions (AWS::LanguageExtensions). */
export function expandForEach(
  template: Obj,
  values: Record<string, string> = {},
  problems: TemplateProblem[] = [],
): Obj {
  const expandSection = (section: Obj, path: string): Obj => {
    const out: Obj = {};
    for (const [key, v] of Object.entries(section)) {
      if (!key.startsWith('Fn::ForEach::')) {
        out[key] = v;
        continue;
      }
      if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || !isObj(v[2])) {
        problems.push({
          path: `${path}.${key}`,
          message: 'Fn::ForEach takes [Identifier, Collection, {OutputKey: OutputValue}]',
        });
        continue;
      }
      const [id, collection, fragment] = v as [string, Json, Obj];
      let items: string[] | undefined;
      if (Array.isArray(collection)) items = collection.map(String);
      else if (isObj(collection) && typeof collection.Ref === 'string') {
        const raw = parameterValue(template, collection.Ref, values);
        items =
          raw === undefined
            ? undefined
            : raw
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
      }
      if (!items) {
        problems.push({
          path: `${path}.${key}`,
          message: 'Fn::ForEach collection must be a list or a Ref to a CommaDelimitedList parameter with a value',
        });
        continue;
      }
      for (const item of items) {
        const expanded = expandSection(
          collapseLoopSubs(substituteIdentifier(fragment, id, item)) as Obj,
          `${path}.${key}`,
        );
        for (const [k, x] of Object.entries(expanded)) {
          if (k in out) problems.push({ path: `${path}.${key}`, message: `Fn::ForEach makes the key ${k} twice` });
          out[k] = x;
        }
      }
    }
    return out;
  };
  const copy: Obj = { ...template };
  for (const s of ['Resources', 'Outputs', 'Conditions'])
    if (isObj(copy[s])) copy[s] = expandSection(copy[s] as Obj, s);
  return copy;
}

/**
 * The transform resolves a Fn::Sub that names the logical id of a Ref or Fn::GetAtt inside a loop
 * (the Fn::ForEach examples in the CloudFormation template reference reference replicated
 * resources as `Fn::GetAtt: [{Fn::Sub: 'S3Bucket${Identifier}'}, Arn]`): once the identifier is
 * substituted and no other ${...} remains, the Sub is the plain name.
 */
function collapseLoopSubs(v: Json): Json {
  const plain = (x: Json): Json =>
    isObj(x) && typeof x['Fn::Sub'] === 'string' && !x['Fn::Sub'].includes('${') ? x['Fn::Sub'] : x;
  if (Array.isArray(v)) return v.map(collapseLoopSubs);
  if (!isObj(v)) return v;
  if ('Ref' in v && Object.keys(v).length === 1) return { Ref: plain(v.Ref as Json) };
  if (Array.isArray(v['Fn::GetAtt']) && Object.keys(v).length === 1) {
    const [id, attr] = v['Fn::GetAtt'] as Json[];
    return { 'Fn::GetAtt': [plain(id as Json), attr as Json] };
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, collapseLoopSubs(x as Json)]));
}

function usesForEach(v: Json): boolean {
  if (Array.isArray(v)) return v.some(usesForEach);
  if (isObj(v)) return Object.entries(v).some(([k, x]) => k.startsWith('Fn::ForEach::') || usesForEach(x));
  return false;
}

// ------------------------------------------------------------------ validation

const spec = loadAwsServiceSpecSync();
type Resource = ReturnType<typeof spec.lookup<'resource', 'cloudFormationType'>>[number];
type PropertyType = Resource['properties'][string]['type'];

const TOP_LEVEL = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Rules',
  'Hooks',
]);
const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);
const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);
const PARAMETER_TYPES =
  /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:<>]+|List<AWS::[A-Za-z0-9:]+>)$/;

export function resourceType(type: string): Resource | undefined {
  return spec.lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

class Checker {
  readonly problems: TemplateProblem[] = [];
  constructor(readonly t: Obj) {}
  get params(): Obj {
    return (this.t.Parameters as Obj) ?? {};
  }
  get resources(): Obj {
    return (this.t.Resources as Obj) ?? {};
  }
  get conditions(): Obj {
    return (this.t.Conditions as Obj) ?? {};
  }
  problem(path: string, message: string) {
    this.problems.push({ path, message });
  }

  private getAtt(path: string, logical: string, attr: string) {
    const r = this.resources[logical];
    if (!isObj(r)) return this.problem(path, `Fn::GetAtt names ${logical}, which is not a resource of the template`);
    const type = typeof r.Type === 'string' ? resourceType(r.Type) : undefined;
    if (type && !(attr in type.attributes))
      this.problem(path, `${r.Type} has no attribute ${attr} (it has ${Object.keys(type.attributes).join(', ')})`);
  }

  /** Checks the names intrinsic functions use, anywhere under `v`. */
  intrinsics(v: Json, path: string, subVars: Set<string> = new Set()): void {
    if (Array.isArray(v)) return v.forEach((x, i) => this.intrinsics(x, `${path}[${i}]`, subVars));
    if (!isObj(v)) return;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys as [string];
      const arg = v[k];
      if (k === 'Ref') {
        if (typeof arg !== 'string') return this.problem(path, 'Ref takes a name');
        if (!(arg in this.params) && !(arg in this.resources) && !PSEUDO.has(arg))
          this.problem(path, `Ref ${arg}: no such parameter or resource`);
        return;
      }
      if (k === 'Fn::GetAtt') {
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string')
          return this.problem(path, 'Fn::GetAtt takes [LogicalId, Attribute]');
        if (typeof arg[1] === 'string') this.getAtt(path, arg[0], arg[1]);
        return this.intrinsics(arg[1], `${path}.Fn::GetAtt[1]`);
      }
      if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
        if (typeof text !== 'string') return this.problem(path, 'Fn::Sub takes a string or [string, {vars}]');
        const local = new Set(isObj(vars) ? Object.keys(vars) : []);
        if (isObj(vars)) this.intrinsics(vars, `${path}.Fn::Sub[1]`);
        for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const name = m[1]!.trim();
          if (local.has(name) || subVars.has(name) || PSEUDO.has(name) || name in this.params || name in this.resources)
            continue;
          const dot = name.indexOf('.');
          if (dot > 0 && name.slice(0, dot) in this.resources)
            this.getAtt(path, name.slice(0, dot), name.slice(dot + 1));
          else this.problem(path, `Fn::Sub variable \${${name}}: no such parameter, resource or variable`);
        }
        return;
      }
      if (k === 'Fn::If') {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string')
          return this.problem(path, 'Fn::If takes [Condition, then, else]');
        if (!(arg[0] in this.conditions)) this.problem(path, `Fn::If condition ${arg[0]} is not declared`);
        return this.intrinsics(arg.slice(1), path);
      }
      if (k === 'Condition' && typeof arg === 'string' && path.startsWith('Conditions')) {
        if (!(arg in this.conditions)) this.problem(path, `Condition ${arg} is not declared`);
        return;
      }
      if (k === 'Fn::FindInMap' && Array.isArray(arg) && typeof arg[0] === 'string') {
        if (!isObj(this.t.Mappings) || !(arg[0] in this.t.Mappings))
          this.problem(path, `Fn::FindInMap: no mapping ${arg[0]}`);
      }
      if (k === 'Fn::Join' && (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string'))
        return this.problem(path, 'Fn::Join takes [delimiter string, list]');
      if (k.startsWith('Fn::') && !FUNCTIONS.some((f) => longName(f) === k))
        this.problem(path, `unknown intrinsic function ${k}`);
    }
    for (const [k, x] of Object.entries(v)) this.intrinsics(x, `${path}.${k}`, subVars);
  }

  private isIntrinsic(v: Json): boolean {
    if (!isObj(v)) return false;
    const keys = Object.keys(v);
    return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
  }

  /** Type-checks a value against a spec property type; returns the problems (empty when it fits). */
  value(v: Json, type: PropertyType, path: string): TemplateProblem[] {
    const out: TemplateProblem[] = [];
    const bad = (message: string) => out.push({ path, message });
    if (this.isIntrinsic(v)) {
      const [k] = Object.keys(v as Obj) as [string];
      if (k === 'Fn::If') {
        const arg = (v as Obj)[k] as Json[];
        for (const [i, branch] of arg.slice(1).entries())
          if (!(isObj(branch) && branch.Ref === 'AWS::NoValue'))
            out.push(...this.value(branch, type, `${path}.Fn::If[${i + 1}]`));
      }
      return out; // other functions resolve at deploy time
    }
    switch (type.type) {
      case 'string':
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
          bad(`expected a string, got ${JSON.stringify(v)}`);
        else if (type.allowedValues?.length && !type.allowedValues.includes(String(v)))
          bad(`${JSON.stringify(v)} is not one of ${type.allowedValues.join(', ')}`);
        break;
      case 'number':
      case 'integer':
        if (typeof v !== 'number' && !(typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)))
          bad(`expected a number, got ${JSON.stringify(v)}`);
        break;
      case 'boolean':
        if (typeof v !== 'boolean' && v !== 'true' && v !== 'false')
          bad(`expected a boolean, got ${JSON.stringify(v)}`);
        break;
      case 'date-time':
        if (typeof v !== 'string') bad(`expected a timestamp string, got ${JSON.stringify(v)}`);
        break;
      case 'json':
      case 'null':
        break;
      case 'tag':
        if (!isObj(v) || !('Key' in v) || !('Value' in v) || Object.keys(v).some((k) => k !== 'Key' && k !== 'Value'))
          bad('a tag is { Key, Value }');
        break;
      case 'array':
        if (!Array.isArray(v)) bad(`expected a list, got ${JSON.stringify(v)}`);
        else v.forEach((x, i) => out.push(...this.value(x, type.element as PropertyType, `${path}[${i}]`)));
        break;
      case 'map':
        if (!isObj(v)) bad('expected a map');
        else
          for (const [k, x] of Object.entries(v))
            out.push(...this.value(x, type.element as PropertyType, `${path}.${k}`));
        break;
      case 'ref': {
        const def = spec.get('typeDefinition', type.reference);
        if (!isObj(v)) bad(`expected an object (${def.name})`);
        else out.push(...this.properties(v, def.properties, path));
        break;
      }
      case 'union': {
        const results = type.types.map((t) => this.value(v, t as PropertyType, path));
        if (!results.some((r) => r.length === 0)) out.push(...results.reduce((a, b) => (a.length <= b.length ? a : b)));
        break;
      }
    }
    return out;
  }

  properties(props: Obj, specProps: Resource['properties'], path: string): TemplateProblem[] {
    const out: TemplateProblem[] = [];
    for (const [k, v] of Object.entries(props)) {
      const p = specProps[k];
      if (!p)
        out.push({
          path: `${path}.${k}`,
          message: `unknown property ${k} (known: ${Object.keys(specProps).join(', ')})`,
        });
      else out.push(...this.value(v, p.type, `${path}.${k}`));
    }
    for (const [k, p] of Object.entries(specProps))
      if (p.required && !(k in props)) out.push({ path, message: `required property ${k} is missing` });
    return out;
  }

  run(): TemplateProblem[] {
    const t = this.t;
    for (const k of Object.keys(t)) if (!TOP_LEVEL.has(k)) this.problem(k, `unknown top-level section ${k}`);
    for (const [name, p] of Object.entries(this.params)) {
      if (!isObj(p) || typeof p.Type !== 'string' || !PARAMETER_TYPES.test(p.Type)) {
        this.problem(`Parameters.${name}`, 'a parameter needs a valid Type');
        continue;
      }
      if (p.Default === undefined) continue;
      const defaults =
        p.Type === 'CommaDelimitedList' ? String(p.Default).split(',').filter(Boolean) : [String(p.Default)];
      if (Array.isArray(p.AllowedValues) && !defaults.every((d) => (p.AllowedValues as Json[]).map(String).includes(d)))
        this.problem(`Parameters.${name}`, `Default ${String(p.Default)} is not among AllowedValues`);
      if (
        typeof p.AllowedPattern === 'string' &&
        !defaults.every((d) => new RegExp(p.AllowedPattern as string).test(d))
      )
        this.problem(`Parameters.${name}`, `Default ${String(p.Default)} does not match AllowedPattern`);
      if (p.MinValue !== undefined && Number(p.Default) < Number(p.MinValue))
        this.problem(`Parameters.${name}`, 'Default is below MinValue');
    }
    for (const [name, c] of Object.entries(this.conditions)) this.intrinsics(c, `Conditions.${name}`);
    for (const [id, r] of Object.entries(this.resources)) {
      const path = `Resources.${id}`;
      if (!/^[A-Za-z0-9]+$/.test(id)) this.problem(path, `logical id ${id} must be alphanumeric`);
      if (!isObj(r) || typeof r.Type !== 'string') {
        this.problem(path, 'a resource needs a Type');
        continue;
      }
      for (const k of Object.keys(r))
        if (!RESOURCE_KEYS.has(k)) this.problem(`${path}.${k}`, `unknown resource attribute ${k}`);
      if (typeof r.Condition === 'string' && !(r.Condition in this.conditions))
        this.problem(`${path}.Condition`, `condition ${r.Condition} is not declared`);
      for (const d of [r.DependsOn ?? []].flat())
        if (typeof d !== 'string' || !(d in this.resources))
          this.problem(`${path}.DependsOn`, `DependsOn ${String(d)}: no such resource`);
      for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy'])
        if (
          r[policy] !== undefined &&
          !['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(String(r[policy]))
        )
          this.problem(`${path}.${policy}`, `invalid ${policy}`);
      const type = resourceType(r.Type);
      if (!type) {
        if (!r.Type.startsWith('Custom::'))
          this.problem(`${path}.Type`, `${r.Type} is not a CloudFormation resource type`);
        continue;
      }
      const props = (r.Properties ?? {}) as Json;
      if (!isObj(props)) this.problem(`${path}.Properties`, 'Properties must be a map');
      else this.problems.push(...this.properties(props, type.properties, `${path}.Properties`));
      this.intrinsics(r.Properties ?? {}, `${path}.Properties`);
    }
    for (const [name, o] of Object.entries((t.Outputs as Obj) ?? {})) {
      if (!/^[A-Za-z0-9]+$/.test(name)) this.problem(`Outputs.${name}`, 'output names must be alphanumeric');
      if (!isObj(o) || !('Value' in o)) {
        this.problem(`Outputs.${name}`, 'an output needs a Value');
        continue;
      }
      if (typeof o.Condition === 'string' && !(o.Condition in this.conditions))
        this.problem(`Outputs.${name}.Condition`, `condition ${o.Condition} is not declared`);
      this.intrinsics(o, `Outputs.${name}`);
    }
    return this.problems;
  }
}

/** Validates a parsed template (Fn::ForEach is expanded with `parameters` or the defaults first). */
export function validateTemplate(
  template: Obj,
  parameters: Record<string, string> = {},
): { problems: TemplateProblem[]; expanded: Obj } {
  const problems: TemplateProblem[] = [];
  if (usesForEach(template)) {
    const transforms = [template.Transform ?? []].flat();
    if (!transforms.includes('AWS::LanguageExtensions'))
      problems.push({ path: 'Transform', message: 'Fn::ForEach needs Transform: AWS::LanguageExtensions' });
  }
  const expanded = expandForEach(template, parameters, problems);
  problems.push(...new Checker(expanded).run());
  return { problems, expanded };
}

// ------------------------------------------------------------------ values as deployed

export interface DeployedValues {
  parameters: Record<string, string>;
  accountId: string;
  region: string;
  /** Fn::GetAtt results by "Resource.Attribute". */
  attributes?: Record<string, string>;
  /** Ref results of resources (a bucket's or role's name) by logical id. */
  refs?: Record<string, string>;
}

/**
 * A fragment of an expanded template with its intrinsic functions evaluated as CloudFormation would
 * for these parameter values (Ref, Fn::Sub, Fn::If with the template's conditions, Fn::GetAtt from
 * `attributes`, Fn::Join), so a test can evaluate e.g. a trust policy as IAM receives it.
 */
export function resolveValues(template: Obj, fragment: Json, values: DeployedValues): Json {
  const pseudo: Record<string, string> = {
    'AWS::AccountId': values.accountId,
    'AWS::Region': values.region,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const ref = (name: string): string => {
    if (name in pseudo) return pseudo[name]!;
    const p = parameterValue(template, name, values.parameters);
    if (p !== undefined) return p;
    if (values.refs?.[name] !== undefined) return values.refs[name];
    throw new Error(`cannot resolve Ref ${name} (not a parameter with a value or a pseudo parameter)`);
  };
  const conditions = (template.Conditions ?? {}) as Obj;
  const condition = (name: string): boolean => {
    if (!(name in conditions)) throw new Error(`no condition ${name}`);
    return resolve(conditions[name]) === true;
  };
  const resolve = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(resolve);
    if (!isObj(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    const [k] = keys as [string];
    const arg = v[k];
    switch (k) {
      case 'Ref':
        return ref(String(arg));
      case 'Condition':
        return condition(String(arg));
      case 'Fn::Equals':
        return String(resolve((arg as Json[])[0])) === String(resolve((arg as Json[])[1]));
      case 'Fn::Not':
        return !resolve((arg as Json[])[0]);
      case 'Fn::And':
        return (arg as Json[]).every((x) => resolve(x) === true);
      case 'Fn::Or':
        return (arg as Json[]).some((x) => resolve(x) === true);
      case 'Fn::If': {
        const [c, yes, no] = arg as [string, Json, Json];
        return resolve(condition(c) ? yes : no);
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, Json];
        return [resolve(list)].flat().join(sep);
      }
      case 'Fn::GetAtt': {
        const key = (Array.isArray(arg) ? arg : String(arg).split('.')).join('.');
        const got = values.attributes?.[key];
        if (got === undefined) throw new Error(`no value given for Fn::GetAtt ${key}`);
        return got;
      }
      case 'Fn::Sub': {
        const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Obj];
        return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
          if (name in vars) return String(resolve(vars[name]));
          if (name.includes('.')) return String(resolve({ 'Fn::GetAtt': name }));
          return ref(name);
        });
      }
      default:
        if (k.startsWith('Fn::')) throw new Error(`resolveValues does not evaluate ${k}`);
        return { [k]: resolve(arg) };
    }
  };
  return resolve(fragment);
}
