// Durations in the model: "8h", "90m", "3600s", "1h30m", or a number of seconds.

const PART = /(\d+)([hms])/g;

export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : undefined;
  const text = value.trim();
  if (!/^(\d+[hms])+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(PART)) {
    seconds += Number(n) * (unit === "h" ? 3600 : unit === "m" ? 60 : 1);
  }
  return seconds;
}

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].join("") || "0s";
}
