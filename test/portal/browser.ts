// Headless Chromium for the portal and report tests: Debian's chromium driven by
// playwright-core. Without /usr/bin/chromium the browser tests are skipped with a message,
// unless CI is set: in CI a missing browser is a failure, never a silent skip.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type ConsoleMessage, chromium, type Page } from "playwright-core";
import { requireTool, toolSkip } from "../required-tool.js";

export const CHROMIUM = "/usr/bin/chromium";
export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** Screenshots for CI to keep (gitignored). */
export const ARTIFACTS = join(ROOT, "artifacts");

/** Why the browser tests cannot run here, or false when they can (or must: CI is set). */
export function browserSkip(): string | false {
  return toolSkip(CHROMIUM, existsSync(CHROMIUM), "chromium");
}

export async function launchChromium(): Promise<Browser> {
  requireTool(CHROMIUM, existsSync(CHROMIUM), "chromium");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Everything a page reports that a clean page must not: console errors and warnings, uncaught errors, dialogs, requests that fail or leave the site. */
export interface Watch {
  problems: string[];
  requests: string[];
}

export function watch(page: Page): Watch {
  const w: Watch = { problems: [], requests: [] };
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error" || m.type() === "warning") w.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => w.problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    w.problems.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("requestfailed", (r) =>
    w.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`),
  );
  page.on("request", (r) => w.requests.push(r.url()));
  return w;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** "rgb(1, 2, 3)" → [1, 2, 3]; opaque colours only. */
export function rgb(css: string): [number, number, number] {
  const m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(css);
  if (!m || (m[4] !== undefined && Number(m[4]) !== 1)) throw new Error(`not an opaque rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** WCAG 2 contrast ratio of two computed CSS colours, written here independently of src/. */
export function contrast(a: string, b: string): number {
  const lum = (c: [number, number, number]) =>
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const [x, y] = [lum(rgb(a)), lum(rgb(b))];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

export function hexToRgb(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/**
 * The few browser globals the tests read inside page.evaluate, typed here because the project
 * compiles without the DOM library. Use as `(globalThis as unknown as BrowserGlobals)`: the
 * cast is erased, so the function Playwright sends to the page reads the real globals.
 */
export interface BrowserGlobals {
  document: {
    getElementById(id: string): DomElement | null;
    activeElement: DomElement | null;
    scripts: { length: number };
  };
  getComputedStyle(
    e: DomElement,
  ): Record<
    | "backgroundColor"
    | "color"
    | "outlineStyle"
    | "outlineWidth"
    | "outlineColor"
    | "fill"
    | "borderTopStyle"
    | "borderTopWidth"
    | "borderTopColor",
    string
  >;
  opener: unknown;
}

export interface DomElement {
  getAttribute(name: string): string | null;
  firstChild: { textContent: string | null } | null;
  textContent: string | null;
  className: string;
}
