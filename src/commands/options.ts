import { InvalidArgumentError } from "commander";

/** commander argument parsers that reject bad values with a message naming the rule. */
export function positiveInteger(value: string): number {
  return wholeNumber(value, 1);
}

export function nonNegativeInteger(value: string): number {
  return wholeNumber(value, 0);
}

/** Digits only, at least `min`, and small enough to be exact in a JavaScript number. */
function wholeNumber(value: string, min: 0 | 1): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
  if (!Number.isSafeInteger(Number(value))) throw new InvalidArgumentError(`must be at most ${Number.MAX_SAFE_INTEGER}`);
  return Number(value);
}

export function nameList(value: string): string[] {
  const names = value.split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError("must name at least one target, e.g. fastify-raw,flask-raw");
  return names;
}

export function databaseKind(value: string): "sqlite" | "postgres" {
  if (value !== "sqlite" && value !== "postgres") throw new InvalidArgumentError('must be "sqlite" or "postgres"');
  return value;
}

/** "5%" or "0.05" → 0.05. */
export function threshold(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be a percentage like "5%" or a fraction like 0.05');
  const share = match[2] ? Number(match[1]) / 100 : Number(match[1]);
  if (share >= 10) throw new InvalidArgumentError("must be less than 1000%");
  return share;
}

/** "10s", "500ms", "2m" or a bare number of seconds → milliseconds. */
export function duration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be a duration like "10s", "500ms" or "2m"');
  const factor = match[2] === "ms" ? 1 : match[2] === "m" ? 60_000 : 1000;
  const ms = Math.round(Number(match[1]) * factor);
  if (ms < 1) throw new InvalidArgumentError("must be longer than 0");
  return ms;
}

/** "1,8,32" → [1, 8, 32]: positive whole numbers, ascending as given. */
export function integerList(value: string): number[] {
  const numbers = value.split(",").map((part) => part.trim());
  if (numbers.length === 0 || numbers.some((n) => !/^\d+$/.test(n) || Number(n) < 1)) throw new InvalidArgumentError("must be a comma-separated list of whole numbers ≥ 1, e.g. 1,8,32");
  return numbers.map(Number);
}

export function mixName(value: string): "read" | "write" | "crud" {
  if (value !== "read" && value !== "write" && value !== "crud") throw new InvalidArgumentError('must be "read", "write" or "crud"');
  return value;
}
