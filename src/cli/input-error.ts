// Bad input (exit 2) and the date the run is judged on: light enough for every command to
// import without loading the model stage (YAML, schema).

export class InputError extends Error {}

export function today(): string {
  // SEKISHO_TODAY pins the date for reproducible runs and tests; a bad value must not silently expire grants.
  const pinned = process.env.SEKISHO_TODAY;
  if (pinned === undefined) return new Date().toISOString().slice(0, 10);
  const day = new Date(`${pinned}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(pinned) ||
    Number.isNaN(day.getTime()) ||
    day.toISOString().slice(0, 10) !== pinned
  ) {
    throw new InputError(`SEKISHO_TODAY must be a date YYYY-MM-DD, not '${pinned}'`);
  }
  return pinned;
}
