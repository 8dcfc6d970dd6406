// Sets of catalog actions as bitsets: a person's access is the union of a few principals'
// scans of 20,000-odd actions, compared at every step; bit operations keep that cheap.
import { loadCatalog } from "../engine/catalog.js";
import type { CatalogResult } from "../engine/types.js";

/** Everything in an account, as reports show it. */
export const ALL = "*";

let names: string[] | undefined;
let positions: Map<string, number> | undefined;

function space(): { names: string[]; positions: Map<string, number> } {
  if (!names || !positions) {
    names = loadCatalog().map((a) => a.id.toLowerCase());
    positions = new Map(names.map((n, i) => [n, i]));
  }
  return { names, positions };
}

const words = () => Math.ceil(space().names.length / 32);

export class ActionSet {
  private constructor(
    /** Admin of the account: every action, including any the catalog does not know yet. */
    readonly all: boolean,
    private readonly bits: Uint32Array,
  ) {}

  static readonly EMPTY_BITS = new Uint32Array(0);
  static none(): ActionSet {
    return new ActionSet(false, ActionSet.EMPTY_BITS);
  }

  static everything(): ActionSet {
    return new ActionSet(true, ActionSet.EMPTY_BITS);
  }

  static of(actions: Iterable<string>): ActionSet {
    const { positions } = space();
    const bits = new Uint32Array(words());
    for (const a of actions) {
      const i = positions.get(a.toLowerCase());
      if (i !== undefined) bits[i >>> 5]! |= 1 << (i & 31);
    }
    return new ActionSet(false, bits);
  }

  has(action: string): boolean {
    if (this.all) return true;
    const i = space().positions.get(action.toLowerCase());
    return i !== undefined && ((this.bits[i >>> 5] ?? 0) & (1 << (i & 31))) !== 0;
  }

  get empty(): boolean {
    return !this.all && this.bits.every((w) => w === 0);
  }

  union(o: ActionSet): ActionSet {
    if (this.all) return this;
    if (o.all) return o;
    return new ActionSet(
      false,
      this.bits.map((w, i) => w | (o.bits[i] ?? 0)),
    );
  }

  intersection(o: ActionSet): ActionSet {
    if (this.all) return o;
    if (o.all) return this;
    return new ActionSet(
      false,
      this.bits.map((w, i) => w & (o.bits[i] ?? 0)),
    );
  }

  /** What this has and `o` lacks, sorted; [ALL] when this is admin and `o` is not. */
  minus(o: ActionSet): string[] {
    if (o.all) return [];
    if (this.all) return [ALL];
    const { names } = space();
    const out: string[] = [];
    this.bits.forEach((w, i) => {
      let rest = w & ~(o.bits[i] ?? 0);
      while (rest) {
        const bit = rest & -rest;
        out.push(names[i * 32 + 31 - Math.clz32(bit)]!);
        rest ^= bit;
      }
    });
    return out;
  }
}

const fromScans = new WeakMap<CatalogResult, ActionSet>();

/** A scan's allowed actions; one set per scan result (ScanCache shares results). */
export function actionsOfScan(scan: CatalogResult): ActionSet {
  let set = fromScans.get(scan);
  if (!set) {
    set = ActionSet.of(scan.allowed.map((h) => h.action));
    fromScans.set(scan, set);
  }
  return set;
}
