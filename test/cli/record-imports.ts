// Loaded with `node --import tsx --import ./test/cli/record-imports.ts`: records every module
// the process resolves (through a module hook) and prints the list on stderr at exit, one
// "IMPORTED url" line each, so a test can see what a command loads.
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";

const seen = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on("message", (url: string) => seen.add(url));
port1.unref();
const hook = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, {
  data: { port: port2 },
  transferList: [port2],
});
process.on("exit", () => {
  for (const url of [...seen].sort()) process.stderr.write(`IMPORTED ${url}\n`);
});
