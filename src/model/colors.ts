// Console switch-role colours. The console accepts only certain values and ignores others
// (re:Post answer of 27 Aug 2024, reference §3): names map to those values.

export const CONSOLE_COLORS: Record<string, string> = {
  red: "f2b0a9",
  orange: "fbc8aa",
  yellow: "efda95",
  green: "b7ca9d",
  blue: "83d4e8",
};

const HEX = /^[0-9a-fA-F]{6}$/;

export function resolveColor(value: string): { hex: string; accepted: boolean } | undefined {
  const named = CONSOLE_COLORS[value.toLowerCase()];
  if (named) return { hex: named, accepted: true };
  if (!HEX.test(value)) return undefined;
  const hex = value.toLowerCase();
  return { hex, accepted: Object.values(CONSOLE_COLORS).includes(hex) };
}
