import { describe, expect, it } from "vitest";
import { cpuPerRequest } from "../../src/stats/cpu.js";

describe("cpuPerRequest", () => {
  it("divides each session's CPU by its requests and takes the median across sessions", () => {
    expect(cpuPerRequest([{ ns: 3_000_000, requests: 100 }, { ns: 5_000_000, requests: 100 }, { ns: 8_000_000, requests: 200 }])).toEqual({
      us_per_request: 40,
      sessions_us: [30, 50, 40],
      requests_per_cpu_s: 25_000,
      requests: 400,
    });
  });

  it("is null when no session served a request on CPU the kernel counted, never 0", () => {
    expect(cpuPerRequest([undefined, { ns: 10, requests: 0 }])).toBeNull();
    expect(cpuPerRequest([{ ns: 0, requests: 30 }])).toBeNull();
    expect(cpuPerRequest([])).toBeNull();
  });
});
