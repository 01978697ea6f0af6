// A recorded GitHub REST API on 127.0.0.1 for the action tests. It answers the operations lakeops
// uses with GitHub's own example responses (from the OpenAPI description subset in
// test/fixtures/github/openapi-subset.json), keeps state (comments, check runs, issues,
// deployments) so a second run sees what the first one wrote, paginates lists the way GitHub does
// (Link headers), and checks every request's query and body against the operation's schema with
// Ajv. Tests read `requests` to assert what was sent and `invalid` to assert nothing was malformed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Ajv: validates request bodies against GitHub's published JSON schemas (OpenAPI 3.0 dialect).
import { Ajv, type ValidateFunction } from 'ajv';

const SPEC_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/github/openapi-subset.json');

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
  responses: Record<string, { content?: { 'application/json'?: { examples?: Record<string, { value: unknown }> } } }>;
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  op: Operation;
  validateBody?: ValidateFunction;
  validateQuery?: ValidateFunction;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  operationId?: string;
  status: number;
}

export interface Invalid {
  operationId?: string;
  method: string;
  path: string;
  errors: string[];
}

const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as { paths: Record<string, Record<string, Operation>> };
// strict: false lets OpenAPI's own keywords (example, x-github...) through; formats are not checked.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: false });

/** Marks the OpenAPI 3.0 `nullable: true` schemas as JSON Schema type unions Ajv understands. */
function nullableToUnion(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableToUnion);
  if (!schema || typeof schema !== 'object') return schema;
  const s = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, nullableToUnion(v)])) as Record<
    string,
    unknown
  >;
  if (s.nullable === true && typeof s.type === 'string') {
    s.type = [s.type, 'null'];
    if (Array.isArray(s.enum)) s.enum = [...(s.enum as unknown[]), null];
  }
  delete s.nullable;
  return s;
}

const ROUTES: Route[] = Object.entries(spec.paths).flatMap(([template, item]) =>
  Object.entries(item).map(([method, op]) => {
    const names: string[] = [];
    const regex = new RegExp(
      '^' + template.replace(/\{([^}]+)\}/g, (_m, n: string) => (names.push(n), '([^/]+)')) + '$',
    );
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const querySchema = {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(queryParams.map((p) => [p.name, { type: 'string' }])),
      required: queryParams.filter((p) => p.required).map((p) => p.name),
    };
    return {
      method: method.toUpperCase(),
      template,
      regex,
      names,
      op,
      validateBody: bodySchema ? ajv.compile(nullableToUnion(bodySchema) as object) : undefined,
      validateQuery: ajv.compile(querySchema),
    };
  }),
);

function example(op: Operation, status: string): any {
  const ex = op.responses[status]?.content?.['application/json']?.examples;
  const first = ex ? Object.values(ex)[0] : undefined;
  return structuredClone(first?.value ?? {});
}

const EXAMPLE = (operationId: string, status: string) => {
  const r = ROUTES.find((x) => x.op.operationId === operationId)!;
  return example(r.op, status);
};

export interface FakeGitHubOptions {
  /** Answer every write with 403, as GitHub does for the read-only token of a fork's PR. */
  readOnly?: boolean;
  /** Drop the labels of new issues, as GitHub does when the token may not set them. */
  dropLabels?: boolean;
}

export interface FakeComment {
  id: number;
  body: string;
  issue: number;
  /** Author login; comments the API creates are by github-actions[bot], as with a GITHUB_TOKEN. */
  user?: string;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly invalid: Invalid[] = [];
  comments: FakeComment[] = [];
  checkRuns: { id: number; body: any; annotations: any[]; updates: number }[] = [];
  issues: { number: number; title: string; body: string; state: string; labels: string[]; pull_request?: boolean }[] =
    [];
  deployments: { id: number; body: any; statuses: any[] }[] = [];
  prFiles = new Map<number, { filename: string; status: string; previous_filename?: string }[]>();
  /** Answers to give before the real one, per operation id (e.g. a 502, or a 404 to a PATCH). */
  failNext = new Map<string, number[]>();
  private nextId = 1000;
  private server?: Server;
  url = '';

  constructor(readonly opts: FakeGitHubOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    const addr = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server!.close(() => ok()));
  }

  /** Requests of one operation, in order. */
  calls(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const route = ROUTES.find((r) => r.method === method && r.regex.test(url.pathname));
    const rec: RecordedRequest = {
      method,
      path: url.pathname,
      query,
      body,
      operationId: route?.op.operationId,
      status: 0,
    };
    this.requests.push(rec);
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };
    if (!route) {
      this.invalid.push({ method, path: url.pathname, errors: ['no such operation in the OpenAPI subset'] });
      return send(404, { message: 'Not Found' });
    }
    const errors: string[] = [];
    if (req.headers.authorization !== 'token test-token')
      errors.push(`authorization header: ${req.headers.authorization}`);
    if (!route.validateQuery!(query))
      errors.push(...(route.validateQuery!.errors ?? []).map((e) => `query${e.instancePath} ${e.message}`));
    if (route.validateBody && !route.validateBody(body))
      errors.push(
        ...(route.validateBody.errors ?? []).map(
          (e) => `body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
        ),
      );
    if (errors.length) {
      this.invalid.push({ operationId: route.op.operationId, method, path: url.pathname, errors });
      return send(422, { message: 'Validation Failed', errors });
    }
    if (this.opts.readOnly && method !== 'GET')
      return send(403, { message: 'Resource not accessible by integration', status: '403' });
    const planned = this.failNext.get(route.op.operationId)?.shift();
    if (planned) return send(planned, { message: planned === 404 ? 'Not Found' : 'Server Error' });
    const m = route.regex.exec(url.pathname)!;
    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    const [status, data, extraHeaders] = this.answer(route.op.operationId, params, query, body, url);
    send(status, data, extraHeaders);
  }

  private page<T>(items: T[], query: Record<string, string>, url: URL): [T[], Record<string, string>] {
    const perPage = Number(query.per_page ?? 30);
    const page = Number(query.page ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number) => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      return u.toString();
    };
    const links: string[] = [];
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
    return [slice, links.length ? { link: links.join(', ') } : {}];
  }

  private comment(c: FakeComment, owner: string, repo: string): any {
    return {
      ...EXAMPLE('issues/create-comment', '201'),
      id: c.id,
      body: c.body,
      user: {
        ...EXAMPLE('issues/create-comment', '201').user,
        login: c.user ?? 'github-actions[bot]',
        type: (c.user ?? '[bot]').endsWith('[bot]') ? 'Bot' : 'User',
      },
      url: `${this.url}/repos/${owner}/${repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${c.issue}#issuecomment-${c.id}`,
    };
  }

  private answer(
    op: string,
    p: Record<string, string>,
    query: Record<string, string>,
    body: any,
    url: URL,
  ): [number, unknown, Record<string, string>?] {
    const { owner = '', repo = '' } = p;
    switch (op) {
      case 'issues/list-comments': {
        const all = this.comments
          .filter((c) => c.issue === Number(p.issue_number))
          .map((c) => this.comment(c, owner, repo));
        const [items, headers] = this.page(all, query, url);
        return [200, items, headers];
      }
      case 'issues/create-comment': {
        const c = { id: this.nextId++, body: body.body, issue: Number(p.issue_number) };
        this.comments.push(c);
        return [201, this.comment(c, owner, repo)];
      }
      case 'issues/update-comment': {
        const c = this.comments.find((x) => x.id === Number(p.comment_id));
        if (!c) return [404, { message: 'Not Found' }];
        c.body = body.body;
        return [200, this.comment(c, owner, repo)];
      }
      case 'checks/create': {
        const id = this.nextId++;
        this.checkRuns.push({ id, body, annotations: [...(body.output?.annotations ?? [])], updates: 0 });
        return [
          201,
          {
            ...EXAMPLE('checks/create', '201'),
            id,
            name: body.name,
            head_sha: body.head_sha,
            conclusion: body.conclusion ?? null,
            html_url: `https://github.com/${owner}/${repo}/runs/${id}`,
          },
        ];
      }
      case 'checks/update': {
        const run = this.checkRuns.find((r) => r.id === Number(p.check_run_id));
        if (!run) return [404, { message: 'Not Found' }];
        run.annotations.push(...(body.output?.annotations ?? []));
        run.updates++;
        return [200, { ...EXAMPLE('checks/update', '200'), id: run.id, name: run.body.name }];
      }
      case 'repos/create-deployment': {
        const id = this.nextId++;
        this.deployments.push({ id, body, statuses: [] });
        return [
          201,
          { ...EXAMPLE('repos/create-deployment', '201'), id, ref: body.ref, environment: body.environment },
        ];
      }
      case 'repos/create-deployment-status': {
        const d = this.deployments.find((x) => x.id === Number(p.deployment_id));
        if (!d) return [404, { message: 'Not Found' }];
        d.statuses.push(body);
        return [201, { ...EXAMPLE('repos/create-deployment-status', '201'), id: this.nextId++, state: body.state }];
      }
      case 'issues/list-for-repo': {
        const labels = (query.labels ?? '').split(',').filter(Boolean);
        const state = query.state ?? 'open';
        const all = this.issues
          .filter((i) => (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)))
          .map((i) => this.issue(i, owner, repo));
        const [items, headers] = this.page(all, query, url);
        return [200, items, headers];
      }
      case 'issues/create': {
        const i = {
          number: this.nextId++,
          title: body.title,
          body: body.body ?? '',
          state: 'open',
          labels: [...(body.labels ?? [])],
        };
        this.issues.push(i);
        return [201, this.issue(i, owner, repo)];
      }
      case 'issues/update': {
        const i = this.issues.find((x) => x.number === Number(p.issue_number));
        if (!i) return [404, { message: 'Not Found' }];
        if (body.title !== undefined) i.title = body.title;
        if (body.body !== undefined) i.body = body.body;
        if (body.state !== undefined) i.state = body.state;
        return [200, this.issue(i, owner, repo)];
      }
      case 'pulls/list-files': {
        const files = (this.prFiles.get(Number(p.pull_number)) ?? []).map((f) => ({
          ...EXAMPLE('pulls/list-files', '200')[0],
          ...f,
        }));
        const [items, headers] = this.page(files, query, url);
        return [200, items, headers];
      }
    }
    return [404, { message: `not recorded: ${op}` }];
  }

  private issue(i: FakeGitHub['issues'][number], owner: string, repo: string): any {
    const ex = EXAMPLE('issues/create', '201');
    const out = {
      ...ex,
      number: i.number,
      id: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      labels: i.labels.map((name, n) => ({ ...(ex.labels?.[0] ?? {}), id: n + 1, name })),
      html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
    };
    if (!i.pull_request) delete out.pull_request;
    return out;
  }
}
