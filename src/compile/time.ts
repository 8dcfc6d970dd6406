// Grant expiry → aws:CurrentTime. `until: 2027-01-31` means through that day (UTC),
// so access ends at the start of the next day.

export function expiryInstant(until: string): string {
  const d = new Date(`${until}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().replace(".000Z", "Z");
}

export function expiryCondition(until: string): Record<string, Record<string, string>> {
  return { DateLessThan: { "aws:CurrentTime": expiryInstant(until) } };
}

/** Sid suffix for a date: "20270131". */
export function sidDate(until: string): string {
  return until.replaceAll("-", "");
}
