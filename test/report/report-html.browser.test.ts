import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRunArtefacts } from "../../src/report/write-artefacts.js";
import { failedConformanceTarget, fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const CHROMIUM = "/usr/bin/chromium";

/**
 * report.html opened in a real headless Chromium (Debian's package, installed by the
 * test command): it must load with no console error and no network request, and show the
 * four charts with real marks, also at phone width.
 */
describe("report.html in Chromium", () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), "crudbench-html-"));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)`);
    const results = fixtureResults([
      fixtureTarget("actix-raw", "Rust", "raw", 0.2),
      fixtureTarget("flask-raw", "Python", "raw", 2),
      fixtureTarget("flask-orm", "Python", "orm", 4.5),
      failedConformanceTarget("broken-raw", "Go", "raw", [{ id: "health-ok", description: "health", outcome: "failed", reason: "expected status 200, got 500" }]),
    ]);
    await writeRunArtefacts(dir, results);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("loads cleanly with the summary, four charts, tables and conformance", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));

    const url = pathToFileURL(join(dir, "report.html")).href;
    await page.goto(url, { waitUntil: "load" });

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    await expect(page.title()).resolves.toContain("crudbench report");
    const summary = await page.locator("ul.summary li").allTextContents();
    expect(summary.some((line) => line.startsWith("Fastest read: actix-raw"))).toBe(true);
    expect(summary.some((line) => line.startsWith("Lowest memory:"))).toBe(true);
    expect(summary.some((line) => line.startsWith("ORM cost in Python: flask-orm takes 2.25×"))).toBe(true);

    for (const name of ["single_crud", "bulk_ops", "orm_vs_raw", "memory"]) {
      const figure = page.locator(`figure[data-chart="${name}"] svg`).first();
      const box = await figure.boundingBox();
      expect(box?.width, name).toBeGreaterThan(200);
      expect(box?.height, name).toBeGreaterThan(150);
      // Bars are drawn as paths inside mark groups; an empty chart has none.
      expect(await page.locator(`figure[data-chart="${name}"] g.mark-rect path`).count(), name).toBeGreaterThan(3);
    }
    expect(await page.locator("table").count()).toBeGreaterThan(5);
    await expect(page.locator("text=1 of 1 cases failed").count()).resolves.toBe(1);

    const screenshot = join(dir, "report-desktop.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    await page.close();
  });

  it("fits a phone-width screen without sideways scrolling of the page", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(pathToFileURL(join(dir, "report.html")).href);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(dir, "report-phone.png") });
    await page.close();
  });
});
