import { describe, expect, it } from "vitest";
import { fillPlaceholders, findOnPath, resolveProgram } from "../../src/lifecycle/command.js";

describe("fillPlaceholders", () => {
  it("replaces known placeholders", () => {
    expect(fillPlaceholders("{host}:{port}", { host: "127.0.0.1", port: "8080" })).toBe("127.0.0.1:8080");
  });

  it("rejects unknown placeholders, naming them", () => {
    expect(() => fillPlaceholders("--db={database}", { port: "1" })).toThrow(/\{database\}/);
  });
});

describe("programs", () => {
  it("finds commands on PATH and not missing ones", () => {
    expect(findOnPath("node")).toMatch(/node$/);
    expect(findOnPath("surely-not-a-command-xyz")).toBeUndefined();
  });

  it("resolves relative paths against the target folder only when they contain a slash", () => {
    expect(resolveProgram(".venv/bin/gunicorn", "/t/flask-raw")).toBe("/t/flask-raw/.venv/bin/gunicorn");
    expect(resolveProgram("node", "/t/x")).toBe("node");
    expect(resolveProgram("/usr/bin/env", "/t/x")).toBe("/usr/bin/env");
  });
});
