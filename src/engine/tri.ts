// Three-valued (Kleene) logic. The engine never guesses: a statement it cannot
// decide is "U", and U only disappears when the other operand settles the result.

/** T: true, F: false, U: undecided (unknown operator, unknown key, malformed input). */
export type Tri = "T" | "F" | "U";

export function and3(a: Tri, b: Tri): Tri {
  if (a === "F" || b === "F") return "F";
  if (a === "U" || b === "U") return "U";
  return "T";
}

export function or3(a: Tri, b: Tri): Tri {
  if (a === "T" || b === "T") return "T";
  if (a === "U" || b === "U") return "U";
  return "F";
}

export function not3(a: Tri): Tri {
  if (a === "U") return "U";
  return a === "T" ? "F" : "T";
}

export function tri(value: boolean): Tri {
  return value ? "T" : "F";
}

/** A tri-state result with the reasons it is undecided (empty unless U). */
export interface Judged {
  tri: Tri;
  reasons: string[];
}

export const YES: Judged = Object.freeze({ tri: "T", reasons: [] }) as Judged;
export const NO: Judged = Object.freeze({ tri: "F", reasons: [] }) as Judged;

export function unknown(reason: string): Judged {
  return { tri: "U", reasons: [reason] };
}

export function judged(value: Tri, reasons: string[] = []): Judged {
  return { tri: value, reasons: value === "U" ? reasons : [] };
}

/** AND over judged values; reasons kept only while the result stays undecided. */
export function allOf(items: Iterable<Judged>): Judged {
  let acc: Tri = "T";
  const reasons: string[] = [];
  for (const item of items) {
    if (item.tri === "F") return NO;
    if (item.tri === "U") {
      acc = "U";
      reasons.push(...item.reasons);
    }
  }
  return judged(acc, reasons);
}

/** OR over judged values. */
export function anyOf(items: Iterable<Judged>): Judged {
  let acc: Tri = "F";
  const reasons: string[] = [];
  for (const item of items) {
    if (item.tri === "T") return YES;
    if (item.tri === "U") {
      acc = "U";
      reasons.push(...item.reasons);
    }
  }
  return judged(acc, reasons);
}

export function negate(item: Judged): Judged {
  if (item.tri === "U") return item;
  return item.tri === "T" ? NO : YES;
}
