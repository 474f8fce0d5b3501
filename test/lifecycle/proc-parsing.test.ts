import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { decodeIpv4, decodeIpv6, exposedSockets, isLoopback, parseProcNetTcp } from "../../src/lifecycle/listening-sockets.js";
import { parseKbField, parseParentPid, processTree, readProcessMemory } from "../../src/lifecycle/process-tree.js";

describe("/proc parsing", () => {
  it("reads kB fields of status and smaps_rollup", () => {
    const status = "Name:\tnode\nVmPeak:\t  900 kB\nVmRSS:\t   73312 kB\nThreads:\t7\n";
    expect(parseKbField(status, "VmRSS")).toBe(73312);
    expect(parseKbField(status, "Pss")).toBeUndefined();
  });

  it("reads the parent pid even when the command name has spaces and parens", () => {
    expect(parseParentPid("1234 (gunicorn: worker (app)) S 1200 1234 1234 0 -1")).toBe(1200);
  });

  it("decodes /proc/net/tcp addresses", () => {
    expect(decodeIpv4("0100007F")).toBe("127.0.0.1");
    expect(decodeIpv4("00000000")).toBe("0.0.0.0");
    expect(decodeIpv6("00000000000000000000000001000000")).toBe("::1");
    expect(decodeIpv6("0000000000000000FFFF00000100007F")).toBe("::ffff:127.0.0.1");
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
    expect(isLoopback("::")).toBe(false);
  });

  it("flags every socket not bound to loopback", () => {
    const sockets = [
      { address: "127.0.0.1", port: 1, inode: 1 },
      { address: "::1", port: 2, inode: 2 },
      { address: "0.0.0.0", port: 3, inode: 3 },
      { address: "::", port: 4, inode: 4 },
      { address: "10.0.0.5", port: 5, inode: 5 },
    ];
    expect(exposedSockets(sockets).map((s) => s.port)).toEqual([3, 4, 5]);
  });

  it("keeps only listening sockets", () => {
    const text = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0",
      "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 20 4 30 10 -1",
      "",
    ].join("\n");
    expect(parseProcNetTcp(text, false)).toEqual([{ address: "127.0.0.1", port: 8080, inode: 4242 }]);
  });
});

describe("process tree of a real process", () => {
  it("finds every descendant and their memory", async () => {
    const child = spawn("sh", ["-c", "sleep 30 & sleep 30 & wait"], { stdio: "ignore", detached: true });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const tree = processTree(child.pid!);
      expect(tree[0]).toBe(child.pid);
      expect(tree.length).toBe(3);
      const memory = readProcessMemory(child.pid!, true);
      expect(memory?.rssKb).toBeGreaterThan(0);
    } finally {
      process.kill(-child.pid!, "SIGKILL");
    }
  });
});
