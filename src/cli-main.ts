import { main } from "./cli.js";

const code = await main(process.argv.slice(2));
// Set, not exit(): pending writes (results, stderr) finish first. The unref'd timer only
// fires if some stray handle would otherwise keep the process alive.
process.exitCode = code;
setTimeout(() => process.exit(code), 2_000).unref();
