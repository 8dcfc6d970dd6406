// CloudFormation logical ids: alphanumeric, unique in a template, stable for a name.
export class LogicalIds {
  private readonly used = new Set<string>();
  take(prefix: string, name: string): string {
    const base =
      prefix +
      name
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join("");
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}${n}`;
    this.used.add(id);
    return id;
  }
}
