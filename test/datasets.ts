// The public real exports copied into test/fixtures/datasets (source and licence in its
// README): tests read them from the repository, never from outside it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of the folder holding the real exports. */
export const DATASETS = fileURLToPath(new URL("./fixtures/datasets", import.meta.url));

/** Absolute path of one real export. */
export const datasetPath = (name: string): string => `${DATASETS}/${name}`;

/** The text of one real export. */
export const datasetText = (name: string): string => readFileSync(datasetPath(name), "utf8");
