import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { databaseKind, duration, integerList, mixName, nameList, nonNegativeInteger, positiveInteger, threshold } from "../../src/commands/options.js";

/** Every value must be rejected by the parser with exactly this message. */
function expectRejected(parse: (value: string) => unknown, values: string[], message: string): void {
  for (const value of values) {
    let error: unknown;
    try {
      parse(value);
    } catch (caught) {
      error = caught;
    }
    expect(error, `${JSON.stringify(value)} should be rejected`).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(message);
  }
}

describe("positiveInteger", () => {
  it("accepts whole numbers from 1 up to the largest safe integer", () => {
    expect(["1", "200", "007", "9007199254740991"].map(positiveInteger)).toEqual([1, 200, 7, 9007199254740991]);
  });

  it("rejects zero, signs, fractions, exponents, spaces, words and unsafe integers", () => {
    expectRejected(positiveInteger, ["0", "00", "-1", "+1", "1.5", "1e3", " 1", "", "five"], "must be a whole number ≥ 1");
    // A number too large is not "not a whole number ≥ 1": the message says what is wrong.
    expectRejected(positiveInteger, ["9007199254740992", "99999999999999999999"], "must be at most 9007199254740991");
  });
});

describe("nonNegativeInteger", () => {
  it("accepts zero and whole numbers", () => {
    expect(["0", "1", "3600"].map(nonNegativeInteger)).toEqual([0, 1, 3600]);
  });

  it("rejects signs, fractions, words and unsafe integers", () => {
    expectRejected(nonNegativeInteger, ["-1", "0.5", "", "none"], "must be a whole number ≥ 0");
    expectRejected(nonNegativeInteger, ["9007199254740992"], "must be at most 9007199254740991");
  });
});

describe("nameList", () => {
  it("splits on commas, trims, and drops empty names", () => {
    expect(nameList("fastify-raw,flask-orm")).toEqual(["fastify-raw", "flask-orm"]);
    expect(nameList(" fastify-raw , ,actix-raw, ")).toEqual(["fastify-raw", "actix-raw"]);
  });

  it("rejects a list without a name", () => {
    expectRejected(nameList, ["", ",", " , "], "must name at least one target, e.g. fastify-raw,flask-raw");
  });
});

describe("databaseKind", () => {
  it("accepts sqlite and postgres only, exactly spelled", () => {
    expect(databaseKind("sqlite")).toBe("sqlite");
    expect(databaseKind("postgres")).toBe("postgres");
    expectRejected(databaseKind, ["SQLite", "postgresql", "mysql", ""], 'must be "sqlite" or "postgres"');
  });
});

describe("threshold", () => {
  it("reads percentages and fractions as a share", () => {
    expect(["5%", "0.05", " 2% ", "2.5%", "0", "0%", "150%", "9.99"].map(threshold)).toEqual([0.05, 0.05, 0.02, 0.025, 0, 0, 1.5, 9.99]);
  });

  it("rejects anything that is not a plain number or percentage", () => {
    expectRejected(threshold, ["-5%", "5 %", "5%%", "abc", "", ".5", "1e-2"], 'must be a percentage like "5%" or a fraction like 0.05');
  });

  it("rejects shares of 1000% and more", () => {
    // The message must not allow what it rejects (it once said "between 0% and 1000%").
    expectRejected(threshold, ["10", "1000%", "2000%"], "must be less than 1000%");
  });
});

describe("duration", () => {
  it("reads ms, s, m and bare seconds as milliseconds", () => {
    expect(["500ms", "10s", "2m", "3", "1.5s", "0.25m", " 10s ", "1ms", "0.5ms"].map(duration)).toEqual([500, 10_000, 120_000, 3000, 1500, 15_000, 10_000, 1, 1]);
  });

  it("rejects other units and forms", () => {
    expectRejected(duration, ["10h", "-1s", "s", "", "10 s", "1e3ms"], 'must be a duration like "10s", "500ms" or "2m"');
  });

  it("rejects durations that round to nothing", () => {
    expectRejected(duration, ["0", "0s", "0.4ms"], "must be longer than 0");
  });
});

describe("integerList", () => {
  it("reads comma-separated whole numbers, spaces allowed", () => {
    expect(integerList("1,8,32")).toEqual([1, 8, 32]);
    expect(integerList(" 4 , 16 ")).toEqual([4, 16]);
    expect(integerList("64")).toEqual([64]);
  });

  it("rejects zero, empty items, fractions and words", () => {
    expectRejected(integerList, ["0", "1,0", "1,,2", "1,", "", "1.5", "a,b", "-1"], "must be a comma-separated list of whole numbers ≥ 1, e.g. 1,8,32");
  });
});

describe("mixName", () => {
  it("accepts read, write and crud only", () => {
    expect(["read", "write", "crud"].map(mixName)).toEqual(["read", "write", "crud"]);
    expectRejected(mixName, ["Read", "mixed", ""], 'must be "read", "write" or "crud"');
  });
});
