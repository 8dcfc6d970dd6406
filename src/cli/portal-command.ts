// `sekisho portal FILE -o DIR [--serve [--port N]]`: writes the switch-role portal, and
// optionally serves it on 127.0.0.1 until Ctrl-C.
import { ScanCache } from "../engine/scan-cache.js";
import { PORTAL_DIR, portalFiles } from "../portal/portal.js";
import { servePortal } from "../portal/serve.js";
import { resolveLevelAccess } from "../prove/level-access.js";
import { type Command, parse, UsageError } from "./command.js";
import { writeOutputDir } from "./output-dir.js";
import { proofInstant } from "./prove-run.js";
import { failed, today } from "./read-model.js";
import { printDiagnostics } from "./report.js";
import { validateAll } from "./validate-command.js";

export const DEFAULT_PORT = 8080;

/** The portal's files with the portal/ prefix dropped: DIR is the site. */
export function sitePaths(files: Map<string, string>): Map<string, string> {
  const prefix = `${PORTAL_DIR}/`;
  return new Map(
    [...files].map(([path, text]) => [path.startsWith(prefix) ? path.slice(prefix.length) : path, text]),
  );
}

export const runPortal: Command = {
  name: "portal",
  help: `Usage: sekisho portal FILE -o DIR [--serve [--port N]]

Validates FILE and writes into DIR a static site, self-contained (no external scripts, fonts,
styles or images), that works from file:// and from any web server:
  index.html          the teams and people of the model; each person links to their page
  access-TEAMS.html   per access class (people with the same teams): where they land after
                      Google sign-in, a coloured switch-role button per environment and level
                      they may use (badged read-only, write or admin; admin framed in dark red),
                      their AWS CLI profiles, and their access that ends within 30 days
  from-TEAM.html      for people of several teams: the buttons of one landing role (the
                      console checks a switch against the role signed in with), shared

DIR is written whole or not at all. An existing DIR is replaced only if it is empty or was
written by Sekisho. SEKISHO_TODAY=YYYY-MM-DD pins the date used for expiring grants.

Options:
  -o, --out DIR   output directory (required)
  --serve         then serve DIR on http://127.0.0.1:PORT/ (loopback only, read-only) until Ctrl-C
  --port N        port for --serve (default ${DEFAULT_PORT}; 0 picks a free one)
  --short-names   CLI profiles named ENV-LEVEL instead of ORG-ENV-LEVEL (see sekisho profiles --help)
`,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        out: { type: "string", short: "o" },
        serve: { type: "boolean" },
        port: { type: "string" },
        "short-names": { type: "boolean" },
      },
      { min: 1, max: 1, names: "FILE" },
    );
    if (!values.out) throw new UsageError("missing -o DIR");
    if (values.port !== undefined && !values.serve) throw new UsageError("--port needs --serve");
    let port = DEFAULT_PORT;
    if (values.port !== undefined) {
      if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535)
        throw new UsageError(`--port: expected 0..65535, got '${values.port}'`);
      port = Number(values.port);
    }
    const r = validateAll(positionals[0]!);
    printDiagnostics(r.diagnostics);
    if (failed(r)) {
      process.stderr.write("nothing written\n");
      return 1;
    }
    const model = r.model!;
    // What each level allows, as prove judges it (declared, or inferred from its policies): the badges.
    const resolved = resolveLevelAccess(model, new ScanCache(), { now: proofInstant() });
    const files = sitePaths(
      portalFiles(model, {
        today: today(),
        levelAccess: new Map([...resolved].map(([level, a]) => [level, a.access])),
        ...(values["short-names"] ? { shortNames: true } : {}),
      }),
    );
    writeOutputDir(values.out, files, "portal");
    process.stdout.write(`wrote ${files.size} files to ${values.out}\n`);
    if (!values.serve) return 0;
    let server: Awaited<ReturnType<typeof servePortal>>;
    try {
      server = await servePortal(values.out, port);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      process.stderr.write(
        `sekisho portal: cannot serve on 127.0.0.1:${port}${code === "EADDRINUSE" ? ": the port is in use; choose another with --port" : ` (${code ?? String(e)})`}\n`,
      );
      return 2;
    }
    process.stdout.write(`serving ${values.out} at ${server.url} (127.0.0.1 only; Ctrl-C stops)\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        done();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await server.close();
    process.stdout.write("stopped\n");
    return 0;
  },
};
