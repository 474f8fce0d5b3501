import { describe, expect, it } from "vitest";
import { errors } from "undici";
import { DispatchTimingClient, failureCause } from "../../src/timing/dispatch-client.js";
import { timingClientCases } from "./timing-cases.js";

timingClientCases("undici-dispatch client", (baseUrl, timeoutMs) => new DispatchTimingClient(baseUrl, timeoutMs));

describe("failureCause", () => {
  it("maps undici's and the socket layer's errors to the engines' causes", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    expect(failureCause(new errors.HeadersTimeoutError())).toBe("timeout");
    expect(failureCause(new errors.BodyTimeoutError())).toBe("timeout");
    expect(failureCause(new errors.ConnectTimeoutError())).toBe("connect");
    expect(failureCause(new errors.SocketError("other side closed"))).toBe("closed");
    expect(failureCause(reset)).toBe("closed");
    expect(failureCause(refused)).toBe("connect");
    expect(failureCause(new errors.ResponseContentLengthMismatchError())).toBe("length-mismatch");
    expect(failureCause(new errors.InvalidArgumentError("bad"))).toBeUndefined();
  });
});
