// The shell around the model stage: reads access.yaml and the IdP metadata it names.
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../model/diagnostics.js";
import { hasErrors } from "../model/diagnostics.js";
import { type LoadResult, loadModel } from "../model/load.js";
import { MAX_MODEL_BYTES, tooLarge } from "../model/source.js";

import { InputError, today } from "./input-error.js";

export { InputError, today } from "./input-error.js";

export interface ReadModel extends LoadResult {
  metadata?: string;
}

export function readModel(file: string): ReadModel {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError(`${file}: not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  // Refuse before reading: a huge file is a mistake, and reading it costs memory.
  if (size > MAX_MODEL_BYTES) return { diagnostics: [tooLarge(file, size)] };
  const result: ReadModel = loadModel(file, readFileSync(file), { today: today() });
  const metadataFile = result.model?.identity.provider.metadataFile;
  if (result.model && metadataFile && result.source) {
    const path = resolve(dirname(file), metadataFile);
    const at = result.source.locate(["identity", "provider", "metadata"]);
    const fail = (message: string): ReadModel => {
      const d: Diagnostic = {
        severity: "error",
        code: "metadata",
        file,
        ...at,
        message,
        expected: "the IdP metadata XML (UTF-8, 1,000 bytes to 10 MB)",
      };
      return { ...result, model: undefined, diagnostics: [...result.diagnostics, d] };
    };
    let xml: Buffer;
    try {
      xml = readFileSync(path);
    } catch (e) {
      return fail(
        `cannot read metadata file ${metadataFile} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      );
    }
    // IAM rejects metadata with a BOM or outside 1,000-10,000,000 characters (reference §1.1).
    if (xml[0] === 0xef && xml[1] === 0xbb && xml[2] === 0xbf)
      return fail(`metadata file ${metadataFile} starts with a UTF-8 byte order mark, which IAM rejects`);
    const text = xml.toString("utf8");
    if (text.length < 1000 || text.length > 10_000_000)
      return fail(`metadata file ${metadataFile} is ${text.length} characters`);
    if (!/<(\w+:)?EntityDescriptor[\s>]/.test(text))
      return fail(`metadata file ${metadataFile} has no EntityDescriptor: is it SAML metadata?`);
    return { ...result, metadata: text };
  }
  return result;
}

export function failed(r: ReadModel): boolean {
  return hasErrors(r.diagnostics) || !r.model;
}
