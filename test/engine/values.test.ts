// The typed readers behind Numeric, Date, Bool and Binary conditions: what they accept is
// what the engine decides on, and everything else is undecided. Boundaries written out so
// that a changed bound or pattern shows (mutation testing, docs/mutation.md).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseBase64, parseBool, parseDate, parseNumber, sameBytes } from "../../src/engine/values.js";

const utc = (iso: string) => Date.parse(iso);

describe("parseNumber: plain decimals only", () => {
  test("integers and fractions, with a minus sign", () => {
    assert.deepEqual(["0", "42", "-7", "3.25", "-0.5", "007"].map(parseNumber), [0, 42, -7, 3.25, -0.5, 7]);
  });
  test("anything else is not a number we decide on", () => {
    for (const t of [
      "",
      "-",
      "1e3",
      "+1",
      ".5",
      "5.",
      "1.2.3",
      " 1",
      "1 ",
      "0x1f",
      "Infinity",
      "NaN",
      "1_000",
    ])
      assert.equal(parseNumber(t), undefined, JSON.stringify(t));
  });
});

describe("parseDate: W3C ISO 8601 or epoch seconds", () => {
  test("every W3C precision, with Z or an offset", () => {
    assert.equal(parseDate("2020"), undefined, "a bare 4-digit year is also an epoch second");
    assert.equal(parseDate("2020-03"), utc("2020-03-01T00:00:00Z"));
    assert.equal(parseDate("2020-03-04"), utc("2020-03-04T00:00:00Z"));
    assert.equal(parseDate("2020-03-04T05:06Z"), utc("2020-03-04T05:06:00Z"));
    assert.equal(parseDate("2020-03-04T05:06:07Z"), utc("2020-03-04T05:06:07Z"));
    assert.equal(parseDate("2020-03-04T05:06:07.5Z"), utc("2020-03-04T05:06:07.500Z"));
    assert.equal(parseDate("2020-03-04T05:06:07.25Z"), utc("2020-03-04T05:06:07.250Z"));
    assert.equal(parseDate("2020-03-04T05:06:07+01:30"), utc("2020-03-04T03:36:07Z"));
    assert.equal(parseDate("2020-03-04T05:06:07-02:00"), utc("2020-03-04T07:06:07Z"));
  });
  test("epoch seconds, and the 4-digit ambiguity", () => {
    assert.equal(parseDate("1583064000"), utc("2020-03-01T12:00:00Z"));
    assert.equal(parseDate("12345"), 12_345_000);
    assert.equal(parseDate("-12345"), -12_345_000);
    assert.equal(parseDate("1234"), undefined);
    assert.equal(parseDate("-1234"), undefined);
    assert.equal(parseDate("0"), undefined);
    // ISO 8601's basic format is not in the W3C profile: eight digits are epoch seconds.
    assert.equal(parseDate("20200101"), 20_200_101_000);
  });
  test("each field at its bounds", () => {
    assert.equal(parseDate("2020-12-31T23:59:59Z"), utc("2020-12-31T23:59:59Z"));
    assert.equal(parseDate("2020-01-01T00:00:00Z"), utc("2020-01-01T00:00:00Z"));
    assert.equal(parseDate("2020-01-01T00:00:00+23:59"), utc("2019-12-31T00:01:00Z"));
    for (const bad of [
      "2020-00-01",
      "2020-13-01",
      "2020-01-00",
      "2020-01-32",
      "2020-02-30",
      "2021-02-29",
      "2020-01-01T24:00:00Z",
      "2020-01-01T00:60:00Z",
      "2020-01-01T00:00:60Z",
      "2020-01-01T00:00:00+24:00",
      "2020-01-01T00:00:00+00:60",
      "2020-01-01T00:00:00",
      "2020-01-01T00Z",
      "next tuesday",
      "x2020-03-04",
      "2020-03-04x",
      "2020-03-04T05:06:07.Z",
      "2020-03-04T05:06:07.aZ",
    ])
      assert.equal(parseDate(bad), undefined, bad);
    assert.equal(parseDate("2020-02-29"), utc("2020-02-29T00:00:00Z"));
  });
});

describe("parseBool", () => {
  test("true and false in any case, nothing else", () => {
    assert.deepEqual(["true", "TRUE", "False", "false", "yes", "1", "", " true"].map(parseBool), [
      true,
      true,
      false,
      false,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("parseBase64 and sameBytes", () => {
  test("canonical, padded base-64 only", () => {
    assert.deepEqual([...(parseBase64("QQ==") ?? [])], [65]);
    assert.deepEqual([...(parseBase64("QUI=") ?? [])], [65, 66]);
    assert.deepEqual([...(parseBase64("QUJD") ?? [])], [65, 66, 67]);
    assert.deepEqual([...(parseBase64("") ?? [-1])], []);
    assert.deepEqual([...(parseBase64("+/+/") ?? [])], [251, 255, 191]);
    for (const bad of [
      "QQ",
      "QQ=",
      "QUI",
      "Q===",
      "QR==",
      "QUJ=",
      "QU I=",
      "QUJD\n",
      "QUJ-",
      "QUJ_",
      "====",
      "QQ==QQ==",
    ])
      assert.equal(parseBase64(bad), undefined, JSON.stringify(bad));
  });
  test("bytes compare by length and content", () => {
    const b = (...xs: number[]) => Uint8Array.from(xs);
    assert.equal(sameBytes(b(1, 2), b(1, 2)), true);
    assert.equal(sameBytes(b(1, 2), b(1, 3)), false);
    assert.equal(sameBytes(b(1, 2), b(1, 2, 3)), false);
    assert.equal(sameBytes(b(1, 2, 3), b(1, 2)), false);
    assert.equal(sameBytes(b(), b()), true);
  });
});
