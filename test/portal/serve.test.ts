// The portal server: loopback only, read-only, no way out of its directory.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { contentType, type PortalServer, resolveRequestPath, servePortal } from "../../src/portal/serve.js";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path is sent exactly as given (no client-side normalisation of "..") */
function raw(
  server: PortalServer,
  path: string,
  options: { method?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        method: options.method ?? "GET",
        headers: { host: options.host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", fail);
    req.end();
  });
}

describe("servePortal", () => {
  let base: string;
  let site: string;
  let server: PortalServer;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), "sekisho-serve-"));
    site = join(base, "site");
    mkdirSync(join(site, "sub"), { recursive: true });
    writeFileSync(join(site, "index.html"), "<!DOCTYPE html><title>index</title>");
    writeFileSync(join(site, "alice@example.com.html"), "alice");
    writeFileSync(join(site, "~3cx~3e@example.com.html"), "encoded");
    writeFileSync(join(site, "sub", "index.html"), "sub index");
    writeFileSync(join(site, "report.md"), "# report");
    writeFileSync(join(site, "shot.png"), "png");
    writeFileSync(join(site, ".sekisho-output"), "sekisho portal\n");
    writeFileSync(join(base, "secret.txt"), "SECRET outside the served directory");
    symlinkSync(join(base, "secret.txt"), join(site, "link.html"));
    server = await servePortal(site, 0);
  });
  after(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  test("listens on 127.0.0.1 only and says so in its URL", () => {
    const address = server.server.address() as AddressInfo;
    assert.equal(address.address, "127.0.0.1");
    assert.equal(address.family, "IPv4");
    assert.equal(server.url, `http://127.0.0.1:${server.port}/`);
  });

  test("is not reachable on the machine's other addresses", async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === "IPv4")
      .map((i) => i!.address);
    for (const host of others) {
      const reached = await new Promise<boolean>((done) => {
        const s = connect({ host, port: server.port });
        s.on("connect", () => {
          s.destroy();
          done(true);
        });
        s.on("error", () => done(false));
      });
      assert.equal(reached, false, `reachable on ${host}`);
    }
  });

  test("serves files with their content types", async () => {
    const index = await raw(server, "/");
    assert.equal(index.status, 200);
    assert.equal(index.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(index.headers["x-content-type-options"], "nosniff");
    assert.equal(index.body, "<!DOCTYPE html><title>index</title>");
    assert.equal((await raw(server, "/alice@example.com.html")).body, "alice");
    assert.equal((await raw(server, "/alice%40example.com.html")).body, "alice");
    assert.equal((await raw(server, "/~3cx~3e@example.com.html")).body, "encoded");
    assert.equal((await raw(server, "/sub/")).body, "sub index");
    assert.equal((await raw(server, "/report.md")).headers["content-type"], "text/markdown; charset=utf-8");
    assert.equal((await raw(server, "/shot.png")).headers["content-type"], "image/png");
    assert.equal((await raw(server, "/index.html?x=1#y")).status, 200);
  });

  test("redirects a directory to its slash form, with a Location built from the path", async () => {
    const r = await raw(server, "/sub");
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, "/sub/");
  });

  test("refuses any path with a .. segment, raw or percent-encoded", async () => {
    for (const path of [
      "/../secret.txt",
      "/../../../../etc/passwd",
      "/sub/../../secret.txt",
      "/sub/../index.html",
      "/%2e%2e/secret.txt",
      "/%2E%2E/secret.txt",
      "/..%2fsecret.txt",
      "/sub%2f..%2f..%2fsecret.txt",
    ]) {
      const r = await raw(server, path);
      assert.equal(r.status, 403, path);
      assert.doesNotMatch(r.body, /SECRET/, path);
    }
  });

  test("refuses backslashes, NUL and bad encodings", async () => {
    for (const path of ["/..\\secret.txt", "/%5c..%5csecret.txt", "/index.html%00", "/%E0%A4%A"]) {
      const r = await raw(server, path);
      assert.equal(r.status, 400, path);
    }
  });

  test("does not follow a symbolic link out of the directory", async () => {
    const r = await raw(server, "/link.html");
    assert.equal(r.status, 403);
    assert.doesNotMatch(r.body, /SECRET/);
  });

  test("hides dotfiles and answers 404 for what is not there", async () => {
    assert.equal((await raw(server, "/.sekisho-output")).status, 404);
    assert.equal((await raw(server, "/missing.html")).status, 404);
  });

  test("is read-only: GET and HEAD only", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const r = await raw(server, "/index.html", { method });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, "GET, HEAD");
    }
    const head = await raw(server, "/index.html", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
    assert.equal(head.headers["content-length"], "35");
  });

  test("refuses a foreign Host header (DNS rebinding)", async () => {
    assert.equal((await raw(server, "/", { host: "evil.example:80" })).status, 421);
    assert.equal((await raw(server, "/", { host: `localhost:${server.port}` })).status, 200);
  });

  test("resolveRequestPath keeps every file inside the root", () => {
    assert.deepEqual(resolveRequestPath("/srv/site", "/a/b.html"), { file: "/srv/site/a/b.html" });
    assert.deepEqual(resolveRequestPath("/srv/site", "/"), { file: "/srv/site/index.html" });
    assert.equal("status" in resolveRequestPath("/srv/site", "/../site2/x"), true);
    assert.equal("status" in resolveRequestPath("/srv/site", "http://evil/"), true);
    assert.equal(contentType("x.HTML"), "text/html; charset=utf-8");
    assert.equal(contentType("x.bin"), "application/octet-stream");
  });

  test("fails clearly when the port is taken", async () => {
    await assert.rejects(servePortal(site, server.port), /EADDRINUSE/);
  });
});
