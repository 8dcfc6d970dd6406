// A stand-in for Google's OAuth token endpoint and the Admin SDK Directory API users
// methods, on 127.0.0.1. It checks every request against the documented shape and records
// what does not match, so a test can assert there was nothing unexpected.
//
// Documented shapes (developers.google.com/admin-sdk/directory/reference/rest/v1/users,
// .../identity/protocols/oauth2/service-account):
//   POST {token_uri}  grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT (RS256)
//   GET   /admin/directory/v1/users/{userKey}?projection=custom&customFieldMask=S
//   GET   /admin/directory/v1/users?customer=my_customer&projection=custom&customFieldMask=S&maxResults=N[&pageToken=T]
//   PATCH /admin/directory/v1/users/{userKey}  JSON body {"customSchemas": {...}}; a field set to
//         null is deleted ("To delete a custom field ... you must explicitly set it to null",
//         developers.google.com/admin-sdk/directory/v1/guides/manage-schemas)
import { createVerify } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fields = Record<string, unknown>;
export type CustomSchemas = Record<string, Fields>;

export interface FakeUser {
  primaryEmail: string;
  customSchemas?: CustomSchemas;
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  authorization?: string;
}

export interface FakeOptions {
  publicKey: string;
  clientEmail: string;
  admin: string;
  /** Users per users.list page (to exercise pagination). */
  pageSize?: number;
  /** Schema the API expects in customFieldMask and in bodies. */
  schema?: string;
  roleField?: string;
  durationField?: string;
}

const TOKEN = "ya29.test-token-for-sekisho";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class FakeDirectory {
  readonly users = new Map<string, FakeUser>();
  readonly requests: Recorded[] = [];
  readonly violations: string[] = [];
  readonly scopes: string[] = [];
  /** When set, the token endpoint refuses (as Google does without delegation). */
  refuseToken = false;
  /** users.list pages (1-based) answered with this instead of the page: a status, or a 200 body. */
  readonly listFailures = new Map<number, { status: number; body?: unknown }>();
  /** users.patch of these (lower-case) emails fails with HTTP 503. */
  readonly patchFailures = new Set<string>();
  private server: Server | undefined;
  private readonly o: Required<FakeOptions>;

  constructor(options: FakeOptions, users: FakeUser[]) {
    this.o = {
      pageSize: 5,
      schema: "AWS_SAML",
      roleField: "IAM_Role",
      durationField: "SessionDuration",
      ...options,
    };
    for (const u of users) this.users.set(u.primaryEmail.toLowerCase(), structuredClone(u));
  }

  get url(): string {
    const a = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}/`;
  }

  get tokenUri(): string {
    return `${this.url}token`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          this.handle(req, Buffer.concat(chunks).toString("utf8"), res);
        } catch (e) {
          this.violations.push(`server error: ${String(e)}`);
          this.send(res, 500, { error: { code: 500, message: "fake server error" } });
        }
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, "127.0.0.1", done));
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  patches(): { userKey: string; body: unknown }[] {
    return this.requests
      .filter((r) => r.method === "PATCH")
      .map((r) => ({ userKey: decodeURIComponent(r.path.split("/").at(-1)!), body: r.body }));
  }

  private send(res: ServerResponse, status: number, body: unknown): undefined {
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, message: string): undefined {
    this.send(res, status, { error: { code: status, message, errors: [{ message, reason: "invalid" }] } });
  }

  private violation(res: ServerResponse, what: string): undefined {
    this.violations.push(what);
    this.error(res, 400, `fake directory: ${what}`);
  }

  private handle(req: IncomingMessage, raw: string, res: ServerResponse): undefined {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? "";
    const contentType = req.headers["content-type"] ?? "";
    let body: unknown;
    if (raw !== "" && contentType.startsWith("application/json")) body = JSON.parse(raw);
    const rec: Recorded = {
      method,
      path: url.pathname,
      query,
      ...(body !== undefined ? { body } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    this.requests.push(rec);

    if (url.pathname === "/token") return this.token(method, contentType, raw, res);

    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return this.violation(res, `${method} ${url.pathname} without the issued bearer token`);
    const prefix = "/admin/directory/v1/users";
    if (url.pathname === prefix) {
      if (method !== "GET") return this.violation(res, `${method} ${url.pathname}`);
      return this.list(query, res);
    }
    if (!url.pathname.startsWith(`${prefix}/`)) return this.violation(res, `unexpected path ${url.pathname}`);
    const key = decodeURIComponent(url.pathname.slice(prefix.length + 1));
    if (key.includes("/")) return this.violation(res, `unexpected path ${url.pathname}`);
    if (method === "GET") return this.get(key, query, res);
    if (method === "PATCH" || method === "PUT") return this.update(key, query, contentType, body, res);
    return this.violation(res, `${method} ${url.pathname}`);
  }

  private token(method: string, contentType: string, raw: string, res: ServerResponse): undefined {
    if (method !== "POST") return this.violation(res, `${method} /token`);
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
      return this.violation(res, `token request content-type ${contentType}`);
    const form = new URLSearchParams(raw);
    if (form.get("grant_type") !== JWT_BEARER) return this.violation(res, "token grant_type");
    const parts = (form.get("assertion") ?? "").split(".");
    if (parts.length !== 3) return this.violation(res, "token assertion is not a JWT");
    const [h, c, s] = parts as [string, string, string];
    const header: unknown = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    const claims: unknown = JSON.parse(Buffer.from(c, "base64url").toString("utf8"));
    if (!isRecord(header) || header.alg !== "RS256") return this.violation(res, "JWT alg is not RS256");
    const ok = createVerify("RSA-SHA256")
      .update(`${h}.${c}`)
      .verify(this.o.publicKey, Buffer.from(s, "base64url"));
    if (!ok) return this.violation(res, "JWT signature does not verify");
    if (!isRecord(claims)) return this.violation(res, "JWT claims");
    const now = Math.floor(Date.now() / 1000);
    const problems = [
      claims.iss !== this.o.clientEmail && "iss",
      claims.sub !== this.o.admin && "sub",
      claims.aud !== this.tokenUri && "aud",
      (typeof claims.iat !== "number" || Math.abs(claims.iat - now) > 300) && "iat",
      (typeof claims.exp !== "number" || typeof claims.iat !== "number" || claims.exp - claims.iat > 3600) &&
        "exp",
      typeof claims.scope !== "string" && "scope",
    ].filter((p) => p);
    if (problems.length) return this.violation(res, `JWT claims wrong: ${problems.join(", ")}`);
    this.scopes.push(claims.scope as string);
    if (this.refuseToken)
      return this.send(res, 401, {
        error: "unauthorized_client",
        error_description: "Client is unauthorized to retrieve access tokens using this method.",
      });
    this.send(res, 200, { access_token: TOKEN, expires_in: 3599, token_type: "Bearer" });
  }

  private expectQuery(
    query: Record<string, string>,
    expected: Record<string, string>,
    optional: string[] = [],
  ): string | undefined {
    for (const [k, v] of Object.entries(expected))
      if (query[k] !== v) return `query ${k}=${query[k]} (expected ${v})`;
    for (const k of Object.keys(query))
      if (!(k in expected) && !optional.includes(k)) return `unexpected query parameter ${k}`;
    return undefined;
  }

  private view(u: FakeUser): FakeUser {
    // projection=custom with customFieldMask: only that schema, and only when it has values.
    const mine = u.customSchemas?.[this.o.schema];
    return { primaryEmail: u.primaryEmail, ...(mine ? { customSchemas: { [this.o.schema]: mine } } : {}) };
  }

  private get(key: string, query: Record<string, string>, res: ServerResponse): undefined {
    const bad = this.expectQuery(query, { projection: "custom", customFieldMask: this.o.schema });
    if (bad) return this.violation(res, `users.get ${key}: ${bad}`);
    const u = this.users.get(key.toLowerCase());
    if (!u) return this.error(res, 404, "Resource Not Found: userKey");
    this.send(res, 200, { kind: "admin#directory#user", ...this.view(u) });
  }

  private list(query: Record<string, string>, res: ServerResponse): undefined {
    const bad = this.expectQuery(
      query,
      { customer: "my_customer", projection: "custom", customFieldMask: this.o.schema, maxResults: "500" },
      ["pageToken"],
    );
    if (bad) return this.violation(res, `users.list: ${bad}`);
    const start = query.pageToken ? Number(query.pageToken) : 0;
    const injected = this.listFailures.get(start / this.o.pageSize + 1);
    if (injected)
      return injected.status === 200
        ? this.send(res, 200, injected.body)
        : this.error(res, injected.status, "Backend Error");
    const all = [...this.users.values()].sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail));
    const page = all.slice(start, start + this.o.pageSize);
    const next = start + this.o.pageSize < all.length ? String(start + this.o.pageSize) : undefined;
    this.send(res, 200, {
      kind: "admin#directory#users",
      users: page.map((u) => this.view(u)),
      ...(next ? { nextPageToken: next } : {}),
    });
  }

  private update(
    key: string,
    query: Record<string, string>,
    contentType: string,
    body: unknown,
    res: ServerResponse,
  ): undefined {
    const bad = this.expectQuery(query, {});
    if (bad) return this.violation(res, `users.patch ${key}: ${bad}`);
    if (!contentType.startsWith("application/json"))
      return this.violation(res, `users.patch ${key}: content-type ${contentType}`);
    const shape = this.bodyProblem(body);
    if (shape) return this.violation(res, `users.patch ${key}: ${shape}`);
    const u = this.users.get(key.toLowerCase());
    if (!u) return this.error(res, 404, "Resource Not Found: userKey");
    if (this.patchFailures.has(key.toLowerCase())) return this.error(res, 503, "Backend Error");
    // Patch semantics: fields sent replace theirs (a multi-value list as a whole), others stay;
    // a field sent as null is deleted from the profile (the schemas guide).
    const sent = (body as { customSchemas: CustomSchemas }).customSchemas;
    u.customSchemas ??= {};
    for (const [schema, fields] of Object.entries(sent)) {
      const merged: Fields = { ...(u.customSchemas[schema] ?? {}) };
      for (const [f, v] of Object.entries(fields)) {
        if (v === null) delete merged[f];
        else merged[f] = v;
      }
      if (Object.keys(merged).length) u.customSchemas[schema] = merged;
      else delete u.customSchemas[schema];
    }
    this.send(res, 200, { kind: "admin#directory#user", ...this.view(u) });
  }

  private bodyProblem(body: unknown): string | undefined {
    if (!isRecord(body)) return "body is not a JSON object";
    const keys = Object.keys(body);
    if (keys.length !== 1 || keys[0] !== "customSchemas")
      return `body has fields ${keys.join(", ")} (expected only customSchemas)`;
    const cs = body.customSchemas;
    if (!isRecord(cs)) return "customSchemas is not an object";
    const schemas = Object.keys(cs);
    if (schemas.length !== 1 || schemas[0] !== this.o.schema)
      return `customSchemas has ${schemas.join(", ")}`;
    const fields = cs[this.o.schema];
    if (!isRecord(fields)) return "schema value is not an object";
    for (const f of Object.keys(fields)) {
      if (f !== this.o.roleField && f !== this.o.durationField) return `field ${f} outside ours`;
    }
    const roles = fields[this.o.roleField];
    if (roles !== undefined && roles !== null) {
      if (!Array.isArray(roles)) return "multi-value field is not an array";
      for (const r of roles) {
        if (!isRecord(r) || typeof r.value !== "string") return "multi-value entry without a string value";
        for (const k of Object.keys(r))
          if (!["value", "type", "customType"].includes(k)) return `multi-value entry has ${k}`;
        if (r.type !== undefined && !["work", "home", "other", "custom"].includes(r.type as string))
          return `type ${String(r.type)}`;
      }
    }
    const d = fields[this.o.durationField];
    if (d !== undefined && d !== null && typeof d !== "string")
      return "single-value field is not a string or null";
    return undefined;
  }
}
