// Parsers for the typed condition operators. Each returns undefined for text it
// cannot read with certainty; callers turn that into an undecided result.

// Plain decimal integers and fractions only: AWS shows numeric condition values only in
// that form and says nothing of "1e3", "+1", ".5" or "5.", so those stay undecided.
const NUMBER = /^-?\d+(\.\d+)?$/;

export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

// W3C profile of ISO 8601 (https://www.w3.org/TR/NOTE-datetime), which the IAM
// User Guide names for date condition values, or epoch seconds.
const W3C_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const EPOCH = /^-?\d+$/;

function inRange(value: number, low: number, high: number): boolean {
  return value >= low && value <= high;
}

/** Milliseconds since the epoch, or undefined when the text is not a date AWS documents. */
export function parseDate(text: string): number | undefined {
  // A bare 4-digit number is both a W3C year and an epoch second: refuse to guess.
  if (EPOCH.test(text)) return text.replace("-", "").length <= 4 ? undefined : Number(text) * 1000;
  const m = W3C_DATE.exec(text);
  if (!m) return undefined;
  // Equivalent mutants (docs/mutation.md): "" for the h, mi, s defaults reads as 0 too, and
  // the offset branch below computes 0 for "Z".
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", frac = "", tz = "Z"] = m;
  const month = Number(mo);
  const day = Number(d);
  if (!inRange(month, 1, 12) || !inRange(day, 1, 31) || !inRange(Number(h), 0, 23)) return undefined;
  if (!inRange(Number(mi), 0, 59) || !inRange(Number(s), 0, 59)) return undefined;
  let offset = 0;
  if (tz !== "Z") {
    const sign = tz.startsWith("-") ? -1 : 1;
    const oh = Number(tz.slice(1, 3));
    const om = Number(tz.slice(4, 6));
    if (!inRange(oh, 0, 23) || !inRange(om, 0, 59)) return undefined;
    offset = sign * (oh * 60 + om) * 60_000;
  }
  const ms = Date.UTC(
    Number(y),
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(s),
    Number(`0.${frac || "0"}`) * 1000,
  );
  const check = new Date(Date.UTC(Number(y), month - 1, day));
  if (check.getUTCDate() !== day) return undefined; // 2021-02-30 and the like
  return ms - offset;
}

export function parseBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return undefined;
}

/**
 * Canonical, padded base-64 only (RFC 4648): "QR==" decodes to the same byte as "QQ==" in
 * lenient decoders, and AWS does not say whether BinaryEquals compares bytes or text.
 * Node's decoder skips what it cannot read; re-encoding and comparing keeps exactly the
 * canonical texts (no other alphabet, no missing padding, no whitespace).
 */
export function parseBase64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, "base64");
  if (bytes.toString("base64") !== text) return undefined;
  return Uint8Array.from(bytes);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
