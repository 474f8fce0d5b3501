import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countPythonDependencies, parseRequirements, parseRequiresDist } from "../../../src/cost/dependencies/python.js";

const fixture = join(import.meta.dirname, "..", "..", "fixtures", "cost", "python-target");

describe("parseRequirements", () => {
  it("reads names (PEP 503), extras, pins and markers, skipping comments and options", () => {
    expect(parseRequirements("# c\n-r other.txt\nTyping_Extensions==4.16.0  # pinned\npsycopg[binary, pool]==3.3.9\nflask>=3\ngreenlet==3.5.6; platform_machine == 'x86_64'\n")).toEqual([
      { name: "typing-extensions", extras: [], pinned: true, marker: null },
      { name: "psycopg", extras: ["binary", "pool"], pinned: true, marker: null },
      { name: "flask", extras: [], pinned: false, marker: null },
      { name: "greenlet", extras: [], pinned: true, marker: "platform_machine == 'x86_64'" },
    ]);
  });

  it("reads a Requires-Dist line's package, its extras, and the extras it depends on", () => {
    expect(parseRequiresDist('psycopg-binary==3.3.9; implementation_name != "pypy" and extra == "binary"')).toEqual({ name: "psycopg-binary", extras: [], onlyWithExtras: ["binary"] });
    expect(parseRequiresDist("httpx[http2]>=0.23.0; extra == 'testing'")).toEqual({ name: "httpx", extras: ["http2"], onlyWithExtras: ["testing"] });
    expect(parseRequiresDist("sphinx (>=3.5) ; extra == 'docs'")).toEqual({ name: "sphinx", extras: [], onlyWithExtras: ["docs"] });
  });
});

describe("countPythonDependencies", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "crudbench-python-"));
    cpSync(fixture, dir, { recursive: true });
    // Committed as venv-fixture: the repository ignores .venv folders.
    renameSync(join(dir, "venv-fixture"), join(dir, ".venv"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("counts installed pins as total, and as direct those no other pin requires (extras followed)", () => {
    // Flask requires Werkzeug and MarkupSafe; psycopg[binary] requires psycopg-binary and
    // typing_extensions; greenlet's marker kept it off this machine.
    expect(countPythonDependencies(dir)).toEqual({
      counts: {
        direct: 2,
        total: 6,
        source: "requirements.txt + .venv metadata",
        note: "pip and setuptools, which the virtualenv brings, are not counted; not installed on this platform (environment marker): greenlet",
      },
    });
  });

  it("counts a package as direct when the extra that would pull it in is not asked for", () => {
    const requirements = join(dir, "requirements.txt");
    writeFileSync(requirements, readFileSync(requirements, "utf8").replace("psycopg[binary]", "psycopg"));
    expect(countPythonDependencies(dir)).toMatchObject({ counts: { direct: 3, total: 6 } });
  });

  it("gives a reason, not a guess, without a virtualenv or when it lacks a pinned package", () => {
    rmSync(join(dir, ".venv", "lib", "python3.11", "site-packages", "werkzeug-3.1.9.dist-info"), { recursive: true });
    expect(countPythonDependencies(dir)).toEqual({ reason: "requirements.txt names packages .venv lacks (werkzeug): prepare the target again" });
    rmSync(join(dir, ".venv"), { recursive: true });
    expect(countPythonDependencies(dir)).toEqual({
      reason: "direct dependencies come from the virtualenv's package metadata, and .venv is missing: prepare the target first (requirements.txt names 7 packages)",
    });
  });
});
