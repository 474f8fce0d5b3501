#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the package's prepare script).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli-main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("error: crudbench is not built\nhint: run `npm ci` (or `npm run build`) in the crudbench folder\n");
  process.exit(2);
}
await import(entry.href);
