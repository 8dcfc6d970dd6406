// IAM users named like people (asmith, alice.smith, alice) matched to the people of a Google
// Workspace user list by name. A guess, always said in the draft: the strongest kind of match
// wins, and two people matching equally strongly are no match (the user is listed instead).
import type { DirectoryPerson } from "../import/workspace-users.js";

export type NameMatch =
  | { kind: "one"; person: DirectoryPerson; how: string }
  | { kind: "several"; people: DirectoryPerson[] }
  | { kind: "none" };

/** Lower-case letters and digits only, accents dropped: "Zoë O'Neil" → "zoeoneil". */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** The forms of a person's name an IAM user name may take, by strength (0 strongest). */
function forms(p: DirectoryPerson): { form: string; strength: number; how: string }[] {
  const first = fold(p.firstName);
  const last = fold(p.lastName);
  const local = fold(p.email.slice(0, p.email.indexOf("@")));
  const out = [
    { form: local, strength: 0, how: "the local part of their email" },
    { form: first + last, strength: 0, how: "their first and last name" },
    { form: last + first, strength: 0, how: "their last and first name" },
    { form: first.slice(0, 1) + last, strength: 1, how: "their first initial and last name" },
    { form: first + last.slice(0, 1), strength: 1, how: "their first name and last initial" },
    { form: last + first.slice(0, 1), strength: 1, how: "their last name and first initial" },
    { form: first, strength: 2, how: "their first name" },
    { form: last, strength: 2, how: "their last name" },
  ];
  // One letter says nothing; a form needs a first and a last name where it uses both.
  return out.filter((f) => f.form.length >= 3 && (f.strength !== 1 || (first && last)));
}

/** Only active people (or lists without a status) can be matched: a suspended account signs in to nothing. */
const active = (p: DirectoryPerson) => p.status === "" || p.status.toLowerCase() === "active";

export function matchByName(userName: string, directory: readonly DirectoryPerson[]): NameMatch {
  const name = fold(userName);
  if (name.length < 3) return { kind: "none" };
  let best = Number.POSITIVE_INFINITY;
  let found: { person: DirectoryPerson; how: string }[] = [];
  for (const person of directory) {
    if (!active(person)) continue;
    const hit = forms(person).find((f) => f.form === name);
    if (!hit || hit.strength > best) continue;
    if (hit.strength < best) found = [];
    best = hit.strength;
    if (!found.some((f) => f.person.email === person.email)) found.push({ person, how: hit.how });
  }
  if (found.length === 0) return { kind: "none" };
  if (found.length > 1) return { kind: "several", people: found.map((f) => f.person) };
  const { person, how } = found[0]!;
  return {
    kind: "one",
    person,
    how: `"${userName}" is ${how}, ${person.firstName} ${person.lastName} <${person.email}> in the Google Workspace list`,
  };
}
