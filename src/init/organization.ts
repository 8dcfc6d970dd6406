// The organisation's name, guessed from the people's most common email domain
// (alice@mail.acme.co.uk → acme); it names stacks and tags, so it must be a letter, then
// letters, digits or -.
const SECOND_LEVEL = new Set(["co", "com", "ac", "org", "net", "gov", "edu", "ne", "or"]);
const FALLBACK = "my-organization";

function label(domain: string): string | undefined {
  const parts = domain.toLowerCase().split(".").filter(Boolean);
  parts.pop();
  if (parts.length > 1 && SECOND_LEVEL.has(parts.at(-1)!)) parts.pop();
  const name = (parts.at(-1) ?? "").replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+|-+$/g, "");
  return name ? name.slice(0, 64) : undefined;
}

export function guessOrganization(emails: string[]): { name: string; comment: string } {
  const counts = new Map<string, number>();
  for (const e of emails) {
    const domain = e.slice(e.lastIndexOf("@") + 1).toLowerCase();
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const [top] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const name = top && label(top[0]);
  if (!top || !name)
    return {
      name: FALLBACK,
      comment: "GUESS: no email domain to name it after: rename it (names stacks and tags)",
    };
  return {
    name,
    comment: `GUESS: from the people's ${counts.size > 1 ? "most common " : ""}email domain ${top[0]}`,
  };
}
