import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CrudbenchError } from "../../src/errors.js";
import { installLocust, pinnedLocustVersion } from "../../src/load/locust/install.js";

describe("installing Locust", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("pins one exact version of locust and of every dependency", () => {
    expect(pinnedLocustVersion()).toBe("2.47.0");
  });

  it("without python3 on PATH is a usage error (exit 2) that says how to install it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crudbench-locust-install-"));
    try {
      vi.stubEnv("PATH", dir);
      const failure = await installLocust(join(dir, "install.log"), join(dir, ".venv")).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CrudbenchError);
      expect(failure).toMatchObject({ exitCode: 2, message: expect.stringContaining("python3") as unknown, hint: expect.stringContaining("apt-get install python3 python3-venv") as unknown });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
