// The data files' one-member-per-line form: indexed without parsing, each member parsed alone
// gives what parsing the whole file gives, and a file out of that form is refused by line.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { memberLines, memberValue } from "../../src/data/member-lines.js";

for (const [file, key] of [
  ["data/actions.json", "services"],
  ["data/managed-policies.json", "policies"],
] as const) {
  test(`${file}: each line parsed alone equals the whole file parsed at once`, () => {
    const text = readFileSync(file, "utf8");
    const whole = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const { head, members } = memberLines(text);
    const { [key]: body, ...rest } = whole;
    assert.deepEqual(head, { ...rest, [key]: {} });
    assert.deepEqual([...members.keys()], Object.keys(body!));
    for (const [name, line] of members) assert.deepEqual(memberValue(line), body![name], name);
  });
}

test("a file out of the one-member-per-line form is refused, naming the line", () => {
  assert.throws(() => memberLines('{"a":1}\n'), /line 1: expected a head line ending in "\{"/);
  assert.throws(
    () => memberLines('{"s":{\n"a":1,\n"b":\n2\n}}\n'),
    /line 4: expected "KEY":VALUE on one line/,
  );
  assert.throws(() => memberLines('{"s":{\n"a":1\n'), /expected the last line to be "\}\}"/);
  assert.throws(() => memberLines('{"s":{\n"a":1\n}}\n"b":2\n'), /line 4: expected "KEY":VALUE/);
  assert.deepEqual(memberLines('{"v":"x","s":{\n"a\\"b":[1],\n"c":{"d":2}\n}}\n'), {
    head: { v: "x", s: {} },
    members: new Map([
      ['a"b', '"a\\"b":[1]'],
      ["c", '"c":{"d":2}'],
    ]),
  });
});
