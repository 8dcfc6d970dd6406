// The journal of a migration applied with `sekisho migrate apply`: DIR/journal.jsonl.
export const JOURNAL = "journal.jsonl";
