import { describe, expect, it } from "vitest";
import { latencyAnatomy } from "../../src/stats/anatomy.js";

const session = (rows: [db: number, app: number, observed: number][]) => ({ dbMs: rows.map((r) => r[0]), appMs: rows.map((r) => r[1]), observedMs: rows.map((r) => r[2]) });

describe("latencyAnatomy", () => {
  it("splits each request into db, app − db and observed − app, then takes medians per session and across sessions", () => {
    const anatomy = latencyAnatomy(
      [
        session([
          [0.1, 0.3, 0.5],
          [0.2, 0.5, 0.9],
          [0.3, 0.4, 0.6],
        ]),
        session([
          [0.2, 0.6, 1.0],
          [0.4, 0.8, 1.2],
          [0.3, 0.7, 1.1],
        ]),
        session([
          [0.1, 0.2, 0.4],
          [0.1, 0.3, 0.6],
          [0.1, 0.4, 0.8],
        ]),
      ],
      10,
    );
    // Session medians: db 0.2, 0.3, 0.1 → 0.2; app−db 0.2, 0.4, 0.2 → 0.2; observed−app 0.2, 0.4, 0.3 → 0.3; observed 0.6, 1.1, 0.6 → 0.6.
    expect(anatomy).toEqual({ db_ms: 0.2, framework_ms: 0.2, transport_ms: 0.3, observed_ms: 0.6, gap: 0.1667, samples: 9, missing: 1 });
  });

  it("leaves out sessions with under half the samples of the fullest, and is null without samples", () => {
    const full = session([
      [0.1, 0.2, 0.3],
      [0.1, 0.2, 0.3],
      [0.1, 0.2, 0.3],
      [0.1, 0.2, 0.3],
    ]);
    const cutShort = session([[5, 6, 7]]);
    expect(latencyAnatomy([full, cutShort], 5)).toMatchObject({ db_ms: 0.1, framework_ms: 0.1, transport_ms: 0.1, observed_ms: 0.3, samples: 5, missing: 0 });
    expect(latencyAnatomy([session([]), session([])], 8)).toBeNull();
  });
});
