import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { defaultTargetsDir } from "../../src/paths.js";

// Each raw/ORM pair claims to differ only in data access, so that the report's "ORM cost" is
// the ORM's and not a different web layer's. The targets stay self-contained on purpose (a
// folder per target, no shared package), so the web layer is copied, and these tests keep
// the copies identical. A file belongs here when it holds no data access; one that must
// diverge is taken off the list with its reason, in the same change.

interface SharedFile {
  /** Relative to each target's folder; `{module}` is the target's name with `_` for `-`. */
  path: string;
  reason: string;
}

interface Pair {
  raw: string;
  orm: string;
  files: SharedFile[];
  /**
   * Dependencies whose pinned versions must agree: the web layer's, and a database driver
   * both sides sit on. `go` in go.mod is its `go` directive.
   */
  webStack: { manifest: "package.json" | "requirements.txt" | "Cargo.lock" | "go.mod"; packages: string[] };
}

const pairs: Pair[] = [
  {
    raw: "fastify-raw",
    orm: "fastify-orm",
    files: [
      { path: "src/schemas.ts", reason: "the JSON schemas Fastify validates bodies with and serialises responses through" },
      { path: "src/input.ts", reason: "parsing of ids, limit and offset from paths and queries (spec/README.md)" },
      { path: "src/methods.ts", reason: "405 with Allow for every method a path does not serve, and 501 for methods Node cannot parse (spec/README.md, Methods)" },
      { path: "tsconfig.json", reason: "the same compiler settings, so the emitted server code differs only where the source does" },
    ],
    webStack: { manifest: "package.json", packages: ["fastify", "ajv", "typescript", "@types/node"] },
  },
  {
    raw: "flask-raw",
    orm: "flask-orm",
    files: [
      { path: "{module}/jsonapi.py", reason: "JSON in and out, every error as {\"error\": …} (404, 405, 413, 415 and crashes)" },
      { path: "{module}/validation.py", reason: "the input rules: task fields, ids in paths, listing" },
    ],
    webStack: { manifest: "requirements.txt", packages: ["Flask", "Werkzeug", "Jinja2", "MarkupSafe", "itsdangerous", "click", "blinker", "gunicorn"] },
  },
  {
    raw: "actix-raw",
    orm: "actix-diesel",
    files: [
      { path: "src/input.rs", reason: "the input rules: task bodies, ids in paths, listing (spec/README.md)" },
      { path: "src/routes.rs", reason: "the route table and handlers, each one store call" },
      { path: "src/error.rs", reason: "every error as {\"error\": …}, 405 with Allow, store errors to 400 or 500" },
    ],
    // Not libsqlite3-sys: Diesel 2.3.14 accepts it only below 0.39 and rusqlite 0.43 needs
    // 0.40, so the pair's bundled SQLite differs (3.53.2 in actix-diesel, 3.54.1 in
    // actix-raw), as both manifests say.
    webStack: { manifest: "Cargo.lock", packages: ["actix-web", "actix-http", "actix-server", "actix-rt", "tokio", "serde", "serde_json", "r2d2"] },
  },
  {
    raw: "go-raw",
    orm: "go-orm",
    files: [
      { path: "main.go", reason: "the server: configuration from the environment, net/http's timeouts, shutdown" },
      { path: "input.go", reason: "the input rules: task bodies, ids in paths, listing (spec/README.md)" },
      { path: "input_test.go", reason: "the tests of those rules" },
      { path: "routes.go", reason: "the ServeMux patterns and handlers, each one call of the taskStore interface, errors as JSON" },
      { path: "servertiming.go", reason: "the Server-Timing middleware: where app starts and ends" },
      { path: "timeddriver.go", reason: "the database/sql driver wrapper that measures db" },
      { path: "timeddriver_test.go", reason: "the tests of that wrapper" },
      { path: "sqllog.go", reason: "the SQLite statement log (CRUDBENCH_SQL_LOG)" },
    ],
    webStack: { manifest: "go.mod", packages: ["go", "github.com/mattn/go-sqlite3", "github.com/jackc/pgx/v5"] },
  },
];

const inTarget = (target: string, path: string) => join(target, path.replace("{module}", target.replaceAll("-", "_")));
const shown = (targetPath: string) => `targets/${targetPath}`;

/** The first differing line (1-based) of two texts, or undefined when they are equal. */
function firstDifferentLine(a: string, b: string): number | undefined {
  if (a === b) return undefined;
  const left = a.split("\n");
  const right = b.split("\n");
  const index = left.findIndex((line, i) => line !== right[i]);
  return (index === -1 ? left.length : index) + 1;
}

/** Exact pins of a target's web stack: `name → version`, from package.json or requirements.txt. */
function pins(target: string, stack: Pair["webStack"]): Record<string, string | undefined> {
  const text = readFileSync(join(defaultTargetsDir, target, stack.manifest), "utf8");
  if (stack.manifest === "package.json") {
    const manifest = JSON.parse(text) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const all = { ...manifest.dependencies, ...manifest.devDependencies };
    return Object.fromEntries(stack.packages.map((name) => [name, all[name]]));
  }
  const pinned = new Map<string, string>();
  if (stack.manifest === "Cargo.lock") {
    // A lock file may hold two versions of one crate: all of them must agree.
    for (const { name, version } of (parseToml(text) as { package: { name: string; version: string }[] }).package) {
      pinned.set(name, pinned.has(name) ? `${pinned.get(name)}, ${version}` : version);
    }
  } else {
    const pattern = stack.manifest === "go.mod" ? /^\s*(?:require\s+)?(\S+) v(\S+)|^(go) (\S+)$/ : /^([A-Za-z0-9_.-]+)==(\S+)/;
    for (const row of text.split("\n")) {
      const match = pattern.exec(row);
      if (match) pinned.set((match[1] ?? match[3])!, (match[2] ?? match[4])!);
    }
  }
  return Object.fromEntries(stack.packages.map((name) => [name, pinned.get(name)]));
}

describe.each(pairs)("$raw and $orm share their web layer", (pair) => {
  it.each(pair.files)("$path is identical in both", (file) => {
    const raw = inTarget(pair.raw, file.path);
    const orm = inTarget(pair.orm, file.path);
    for (const path of [raw, orm]) {
      if (!existsSync(join(defaultTargetsDir, path))) {
        expect.fail(`${shown(path)} is listed as shared but does not exist: fix the list in test/targets/shared-http-layer.test.ts`);
      }
    }
    const line = firstDifferentLine(readFileSync(join(defaultTargetsDir, raw), "utf8"), readFileSync(join(defaultTargetsDir, orm), "utf8"));
    if (line !== undefined) {
      expect.fail(
        `${shown(orm)} differs from ${shown(raw)} (first at line ${line}); both must hold ${file.reason}. ` +
          `Make the change in both: copy the one you edited over the other (cp ${shown(raw)} ${shown(orm)}, or the reverse).`,
      );
    }
  });

  it(`pins ${pair.webStack.packages.join(", ")} alike in ${pair.webStack.manifest}`, () => {
    const raw = pins(pair.raw, pair.webStack);
    const orm = pins(pair.orm, pair.webStack);
    const unpinned = pair.webStack.packages.filter((name) => raw[name] === undefined);
    expect(unpinned, `not pinned in targets/${pair.raw}/${pair.webStack.manifest}`).toEqual([]);
    const different = pair.webStack.packages.filter((name) => orm[name] !== raw[name]).map((name) => `${name}: ${raw[name]} in ${pair.raw}, ${orm[name] ?? "none"} in ${pair.orm}`);
    if (different.length > 0) expect.fail(`the web stack must be pinned alike in both targets' ${pair.webStack.manifest}: ${different.join("; ")}`);
  });
});
