// A small read-only HTTP server for a written portal (or any Sekisho output directory).
// Bound to 127.0.0.1 only, never to every interface. GET and HEAD only. Every path is
// decoded, refused if it has a ".." segment, a backslash or a NUL, resolved, and checked to
// stay in the directory, also after following symbolic links. Hidden files (a segment that
// starts with ".") are not served. The Host header must name this server, which keeps other
// web sites from reading it through DNS rebinding.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, relative, resolve, sep } from "node:path";

export const HOST = "127.0.0.1";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".jsonl": "application/jsonl; charset=utf-8",
  ".ini": "text/plain; charset=utf-8",
  ".config": "text/plain; charset=utf-8",
  ".sarif": "application/sarif+json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

export interface PortalServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

function send(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The file a request path names, or the HTTP status that refuses it. */
export function resolveRequestPath(
  root: string,
  rawUrl: string,
): { file: string } | { status: number; why: string } {
  if (!rawUrl.startsWith("/")) return { status: 400, why: "bad request target" };
  const rawPath = rawUrl.split(/[?#]/, 1)[0]!;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400, why: "bad percent-encoding" };
  }
  if (path.includes("\0") || path.includes("\\")) return { status: 400, why: "bad character in path" };
  const segments = path.split("/");
  if (segments.includes("..")) return { status: 403, why: "path leaves the served directory" };
  if (segments.some((s) => s.startsWith("."))) return { status: 404, why: "not found" };
  const file = resolve(root, `.${path.endsWith("/") ? `${path}index.html` : path}`);
  if (!inside(root, file)) return { status: 403, why: "path leaves the served directory" };
  return { file };
}

async function handle(root: string, port: () => number, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, "read-only: GET and HEAD only\n", { Allow: "GET, HEAD" });
    return;
  }
  const host = (req.headers.host ?? "").toLowerCase();
  if (host !== `${HOST}:${port()}` && host !== `localhost:${port()}`) {
    send(res, 421, "wrong Host header\n");
    return;
  }
  const target = resolveRequestPath(root, req.url ?? "/");
  if ("status" in target) {
    send(res, target.status, `${target.why}\n`);
    return;
  }
  let real: string;
  try {
    const st = await stat(target.file);
    if (st.isDirectory()) {
      // Built from the resolved path, never echoed from the request: no open redirect.
      const location = `/${relative(root, target.file).split(sep).map(encodeURIComponent).join("/")}/`;
      send(res, 301, "moved\n", { Location: location });
      return;
    }
    if (!st.isFile()) throw new Error("not a file");
    real = await realpath(target.file);
  } catch {
    send(res, 404, "not found\n");
    return;
  }
  if (!inside(root, real)) {
    send(res, 403, "path leaves the served directory\n");
    return;
  }
  const size = (await stat(real)).size;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "Content-Type": contentType(real),
    "Content-Length": String(size),
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(real);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/** Serves dir on http://127.0.0.1:port/ (port 0: any free port). Resolves once listening. */
export async function servePortal(dir: string, port = 0): Promise<PortalServer> {
  const root = await realpath(resolve(dir));
  if (!(await stat(root)).isDirectory()) throw new Error(`${dir} is not a directory`);
  let bound = 0;
  const server = createServer((req, res) => {
    handle(root, () => bound, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen({ host: HOST, port, exclusive: true }, () => {
      server.off("error", fail);
      done();
    });
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${bound}/`,
    port: bound,
    server,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((e) => (e ? fail(e) : done()));
        server.closeAllConnections();
      }),
  };
}
