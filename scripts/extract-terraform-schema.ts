// Writes test/fixtures/terraform/aws-provider-schema.json: the arguments of the hashicorp/aws
// provider and of the IAM resources Sekisho's Terraform uses, taken from @cdktf/provider-aws, a
// package generated from the provider's schema. That package is 392 MB unpacked (37 MB packed)
// with cdktf as a peer: too heavy to install in every worktree and CI run for nine resources, so
// this script reads it once from an unpacked `npm pack` and the tests read the extract.
//   npm pack @cdktf/provider-aws@21.22.1 && tar xzf cdktf-provider-aws-21.22.1.tgz
//   npx tsx scripts/extract-terraform-schema.ts package
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Package folder (lib/<name>) → the Terraform type it defines. */
const WANTED = [
  "provider",
  "iam-saml-provider",
  "iam-openid-connect-provider",
  "iam-policy",
  "iam-role",
  "iam-role-policy",
  "iam-role-policy-attachment",
  "iam-role-policies-exclusive",
  "iam-role-policy-attachments-exclusive",
  "iam-group",
  "iam-group-policy",
  "iam-group-policy-attachment",
  "iam-group-policies-exclusive",
  "iam-group-policy-attachments-exclusive",
  "iam-user-group-membership",
];

interface Attribute {
  required: boolean;
  optional: boolean;
  computed: boolean;
}

interface Schema {
  attributes: Record<string, Attribute>;
  blocks: Record<string, Schema>;
}

/** The TypeScript source the package was compiled from, kept in its inline source map. */
function sourceOf(js: string): string {
  const m = /sourceMappingURL=data:application\/json;base64,(\S+)/.exec(js);
  if (!m) throw new Error("no inline source map");
  const map = JSON.parse(Buffer.from(m[1]!, "base64").toString("utf8")) as { sourcesContent: string[] };
  return map.sourcesContent[0]!;
}

/** `// name - computed: x, optional: y, required: z` comments of one class. */
function flags(classText: string): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const m of classText.matchAll(
    /\/\/ (\w+) - computed: (true|false), optional: (true|false), required: (true|false)/g,
  )) {
    out[m[1]!] = { computed: m[2] === "true", optional: m[3] === "true", required: m[4] === "true" };
  }
  return out;
}

/** The snake_case keys a `...ToTerraform` function or synthesizeAttributes() returns, with the mapper used. */
function keys(body: string): { name: string; nested?: string }[] {
  const out: { name: string; nested?: string }[] = [];
  for (const m of body.matchAll(/^\s+(\w+): (cdktf\.\w+\((\w+)?[^\n]*|\w+\(struct[^\n]*)/gm)) {
    const nested = /ToTerraform/.test(m[2]!) ? /(\w+ToTerraform)/.exec(m[2]!)?.[1] : undefined;
    out.push({
      name: m[1]!,
      ...(nested &&
      !nested.startsWith("string") &&
      !nested.startsWith("number") &&
      !nested.startsWith("boolean")
        ? { nested }
        : {}),
    });
  }
  return out;
}

function functionBody(source: string, name: string): string {
  const start = source.indexOf(`export function ${name}(`);
  if (start < 0) throw new Error(`no function ${name}`);
  const ret = source.indexOf("return {", start);
  return source.slice(ret, source.indexOf("\n  }", ret));
}

function classText(source: string, pattern: RegExp): string {
  const m = pattern.exec(source);
  if (!m) return "";
  const next = source.indexOf("\nexport ", m.index + 1);
  return source.slice(m.index, next < 0 ? undefined : next);
}

function schemaOf(source: string, body: string, classFlags: Record<string, Attribute>): Schema {
  const schema: Schema = { attributes: {}, blocks: {} };
  for (const k of keys(body)) {
    const f = classFlags[k.name] ?? { required: false, optional: true, computed: false };
    if (k.nested) {
      const struct = k.nested.replace(/ToTerraform$/, "");
      const cls = classText(
        source,
        new RegExp(`export class ${struct[0]!.toUpperCase()}${struct.slice(1)}OutputReference `),
      );
      schema.blocks[k.name] = schemaOf(source, functionBody(source, k.nested), flags(cls));
    } else schema.attributes[k.name] = f;
  }
  return schema;
}

function extract(pkg: string): Record<string, unknown> {
  const version = (JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { version: string })
    .version;
  const types: Record<string, Schema> = {};
  let providerVersion = "";
  for (const dir of WANTED) {
    const source = sourceOf(readFileSync(join(pkg, "lib", dir, "index.js"), "utf8"));
    const type = /tfResourceType = "(\w+)"/.exec(source)?.[1];
    if (!type) throw new Error(`${dir}: no tfResourceType`);
    providerVersion ||= /providerVersion: '([^']+)'/.exec(source)?.[1] ?? "";
    const main = classText(source, /export class \w+ extends cdktf\.Terraform(Resource|Provider) /);
    const synth = main.slice(main.indexOf("protected synthesizeAttributes()"));
    const body = synth.slice(synth.indexOf("return {"), synth.indexOf("\n    };"));
    types[type] = schemaOf(source, body, flags(main));
  }
  return {
    source: `@cdktf/provider-aws ${version} (generated from hashicorp/aws ${providerVersion}), MPL-2.0; extracted by scripts/extract-terraform-schema.ts`,
    types,
  };
}

const pkg = process.argv[2];
if (!pkg) throw new Error("usage: extract-terraform-schema.ts UNPACKED_PACKAGE_DIR");
writeFileSync(
  "test/fixtures/terraform/aws-provider-schema.json",
  `${JSON.stringify(extract(pkg), null, 2)}\n`,
);
