// HTML for the portal and the report: one escaping function for every text and attribute that
// did not come from this file, and a page shell that is self-contained (no external scripts,
// fonts, styles or images) and locked down by a Content-Security-Policy that allows no script
// at all and only the page's own <style> block, by hash.
import { createHash } from "node:crypto";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and for quoted attribute values alike. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Shorthand for escapeHtml, for templates. */
export const h = escapeHtml;

/** The CSP source for an inline <style> block: its exact text, hashed. */
export function styleHash(css: string): string {
  return `'sha256-${createHash("sha256").update(css, "utf8").digest("base64")}'`;
}

export interface PageOptions {
  title: string;
  /** The page's content, already escaped. */
  body: string;
}

/**
 * A page renderer for one stylesheet: the CSS is inlined in every page (the portal works from
 * file://, where a shared stylesheet would be one more file to keep next to each page), and
 * its hash is computed once.
 */
export function pageRenderer(css: string): (page: PageOptions) => string {
  const parts = pageParts(css);
  return (page) => `${parts.before}${h(page.title)}${parts.between}${page.body}${parts.after}`;
}

/** The page around its title and body: before + escaped title + between + body + after. */
export function pageParts(css: string): { before: string; between: string; after: string } {
  const csp = `default-src 'none'; style-src ${styleHash(css)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return {
    before: [
      "<!DOCTYPE html>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${h(csp)}">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<meta name="referrer" content="no-referrer">',
      '<link rel="icon" href="data:,">',
      "<title>",
    ].join("\n"),
    between: ["</title>", `<style>${css}</style>`, "</head>", "<body>", ""].join("\n"),
    after: ["", "</body>", "</html>", ""].join("\n"),
  };
}

/** Styles shared by the portal and the report. Colours chosen for contrast ≥ 4.5:1 on white. */
export const BASE_CSS = [
  ":root{color-scheme:light;--ink:#1b1f24;--muted:#4a5360;--line:#c9ced6;--focus:#0b57d0}",
  "*{box-sizing:border-box}",
  "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:#fff}",
  "header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}",
  "header{padding-top:1rem}",
  "h1{font-size:1.6rem;margin:.5rem 0}",
  "h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}",
  "h3{font-size:1.05rem;margin:1.25rem 0 .5rem}",
  "a{color:#0b57d0}",
  "a:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:2px}",
  "code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}",
  "pre{background:#f4f5f7;border:1px solid var(--line);padding:.75rem;overflow-x:auto}",
  "table{border-collapse:collapse;margin:.5rem 0}",
  "th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}",
  "th{background:#eef0f3}",
  ".muted{color:var(--muted)}",
  ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
  ".warn{border-left:4px solid #b3261e;background:#fdecea;padding:.5rem .75rem}",
  ".ok{border-left:4px solid #1e7b34;background:#e8f5ec;padding:.5rem .75rem}",
  "footer{margin-top:3rem;padding-bottom:2rem;color:var(--muted);font-size:.9rem}",
].join("\n");
