// Action matching: "service:Action" patterns with * and ?, case-insensitive
// (IAM User Guide, "IAM JSON policy elements: Action"). Patterns are indexed by
// service, and the common shapes (exact name, "Prefix*") are tested without regular
// expressions, so a statement with thousands of patterns costs a handful of checks.
import { globBody, globRegex, globTokens, hasWildcard } from "./glob.js";

interface Matcher {
  exact: Set<string>;
  prefixes: string[];
  general?: RegExp;
}

export interface ActionSet {
  /** Patterns whose service part is literal, by lower-cased service. */
  byService: Map<string, Matcher>;
  /** Patterns with a wildcard in the service part ("*", "s3*:Get*"). */
  anyService?: Matcher;
  /** Pattern texts that are not of the form service:action or "*". */
  malformed: string[];
}

const patternCache = new Map<string, RegExp>();

function actionRegex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = globRegex(globTokens(pattern), "plain", true);
    if (patternCache.size > 50_000) patternCache.clear();
    patternCache.set(pattern, re);
  }
  return re;
}

export function isWellFormedAction(pattern: string): boolean {
  if (pattern === "*") return true;
  const colon = pattern.indexOf(":");
  return colon > 0 && colon < pattern.length - 1 && !/\s/.test(pattern);
}

/** Does the action pattern match the action? Both "service:Name"; case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return actionRegex(pattern).test(action);
}

interface Building {
  exact: Set<string>;
  prefixes: string[];
  general: string[];
}

function add(b: Building, pattern: string): void {
  const lower = pattern.toLowerCase();
  const star = lower.indexOf("*");
  if (star < 0 && !lower.includes("?")) b.exact.add(lower);
  else if (star === lower.length - 1 && !lower.includes("?")) b.prefixes.push(lower.slice(0, -1));
  else b.general.push(globBody(globTokens(lower), "plain"));
}

function finish(b: Building): Matcher {
  const m: Matcher = { exact: b.exact, prefixes: b.prefixes };
  if (b.general.length > 0) m.general = new RegExp(`^(?:${b.general.join("|")})$`, "s");
  return m;
}

export function compileActions(patterns: readonly string[]): ActionSet {
  const malformed: string[] = [];
  const grouped = new Map<string, Building>();
  let wild: Building | undefined;
  for (const p of patterns) {
    if (!isWellFormedAction(p)) {
      malformed.push(p);
      continue;
    }
    const colon = p.indexOf(":");
    const service = colon < 0 ? p : p.slice(0, colon);
    if (colon < 0 || hasWildcard(globTokens(service))) {
      wild ??= { exact: new Set(), prefixes: [], general: [] };
      add(wild, p);
      continue;
    }
    const key = service.toLowerCase();
    let b = grouped.get(key);
    if (!b) {
      b = { exact: new Set(), prefixes: [], general: [] };
      grouped.set(key, b);
    }
    add(b, p);
  }
  const set: ActionSet = { byService: new Map(), malformed };
  for (const [service, b] of grouped) set.byService.set(service, finish(b));
  if (wild) set.anyService = finish(wild);
  return set;
}

function test(m: Matcher, actionLower: string): boolean {
  if (m.exact.has(actionLower)) return true;
  for (const p of m.prefixes) if (actionLower.startsWith(p)) return true;
  return m.general?.test(actionLower) ?? false;
}

/** Whether any pattern of the set matches. Both arguments lower-cased. */
export function actionSetMatches(set: ActionSet, actionLower: string, service: string): boolean {
  const m = set.byService.get(service);
  if (m && test(m, actionLower)) return true;
  return set.anyService ? test(set.anyService, actionLower) : false;
}

export function serviceOf(action: string): string {
  const colon = action.indexOf(":");
  return (colon < 0 ? action : action.slice(0, colon)).toLowerCase();
}
