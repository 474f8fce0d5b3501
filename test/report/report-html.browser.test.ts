import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRunArtefacts } from "../../src/report/write-artefacts.js";
import { fixtureClaims } from "../support/claims-fixture.js";
import { failedConformanceTarget, fixtureResults, fixtureTarget } from "../support/results-fixture.js";

const CHROMIUM = "/usr/bin/chromium";

/**
 * report.html opened in a real headless Chromium (Debian's package, installed by the
 * test command): it must load with no console error and no network request, and show the
 * four charts with real marks; lead with the claims on a laptop's first screen; and fit a
 * laptop and a phone without the page scrolling sideways. Screenshots are kept in the
 * report's directory (or CRUDBENCH_SCREENSHOTS) for a person to look at.
 */
describe("report.html in Chromium", () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), "crudbench-html-"));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)`);
    const actix = fixtureTarget("actix-raw", "Rust", "raw", 0.2);
    // The longest data-access cell of the real targets (go-orm's): it must wrap, not widen the table.
    actix.data_access = { style: "raw", library: "GORM (gorm.io/driver/sqlite on mattn/go-sqlite3; gorm.io/driver/postgres on pgx)", version: "1.31.2 (sqlite driver 1.6.0, go-sqlite3 1.14.53; postgres driver 1.6.3, pgx 5.13.0)" };
    // A target's warning: the caveats are folded, with every sentence in a details block.
    actix.warnings = ["restarted once in session 2"];
    const results = fixtureResults(
      [
        actix,
        fixtureTarget("flask-raw", "Python", "raw", 2),
        fixtureTarget("flask-orm", "Python", "orm", 4.5),
        failedConformanceTarget("broken-raw", "Go", "raw", [{ id: "health-ok", description: "health", outcome: "failed", reason: "expected status 200, got 500" }]),
      ],
      { claims: fixtureClaims() },
    );
    results.config.cpu_pinning = null;
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
    expect(summary.some((line) => line.startsWith("Memory (peak RSS):"))).toBe(true);
    expect(summary.some((line) => line.startsWith("ORM cost (single requests, same framework; ORM time ÷ raw SQL time): Python 2.25×"))).toBe(true);

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

  const shots = process.env.CRUDBENCH_SCREENSHOTS ?? dir;

  /** How far the page, and each table's own box, reach beyond what is shown. */
  const overflowOf = (page: Page) =>
    page.evaluate(() => ({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      tables: [...document.querySelectorAll(".scroll")].map((box) => box.scrollWidth - box.clientWidth),
    }));

  it("shows the claims first and every table whole on a 1280×800 screen", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(pathToFileURL(join(dir, "report.html")).href);
    const claims = await page.locator("#claims ~ div.scroll table").first().boundingBox();
    expect(claims).not.toBeNull();
    expect(claims!.y + claims!.height).toBeLessThanOrEqual(800);
    const overflow = await overflowOf(page);
    expect(overflow.page).toBeLessThanOrEqual(0);
    // At a laptop's width no table scrolls sideways: long cells wrap.
    expect(overflow.tables.filter((excess) => excess > 0)).toEqual([]);
    const verdict = page.locator("#claims ~ div.scroll").first().locator("tr.tone-bad td").last();
    await expect(verdict.textContent()).resolves.toBe("✗ refuted");
    expect(await verdict.evaluate((cell) => getComputedStyle(cell).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
    // Charts take the text's full width, not half of it.
    const chart = await page.locator('figure[data-chart="single_crud"] svg').boundingBox();
    const body = await page.locator("h2#summary").boundingBox();
    expect(chart!.width).toBeGreaterThanOrEqual(body!.width - 1);
    await page.screenshot({ path: join(shots, "report-1280x800.png") });
    await page.close();
  });

  it("fits a 390×844 phone without sideways scrolling of the page", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(pathToFileURL(join(dir, "report.html")).href);
    const overflow = await overflowOf(page);
    expect(overflow.page).toBeLessThanOrEqual(0);
    // The claims table wraps to the phone's width; wide tables of numbers may scroll in their own box.
    const claims = page.locator("#claims ~ div.scroll").first();
    expect(await claims.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(shots, "report-390x844.png") });
    await page.close();
  });

  it("prints on A4 (2 cm margins) with no table cut, the charts within the page and the folded caveats open", async () => {
    // A4 at 96 px per inch (794 px), less margins of 2 cm a side: the narrowest page a reader is likely to print on.
    const page = await browser.newPage({ viewport: { width: 643, height: 1000 } });
    await page.emulateMedia({ media: "print" });
    await page.goto(pathToFileURL(join(dir, "report.html")).href);
    const printed = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const beyond = (selector: string) => [...document.querySelectorAll(selector)].filter((element) => element.getBoundingClientRect().right > width + 1).length;
      // Open, a details block is far taller than its summary line.
      const caveats = document.querySelector("#caveats ~ details");
      const summary = caveats?.querySelector("summary");
      const caveatShown = !!caveats && !!summary && caveats.getBoundingClientRect().height > 2 * summary.getBoundingClientRect().height;
      return { page: document.documentElement.scrollWidth - width, tables: beyond("table"), charts: beyond("figure svg"), caveatShown };
    });
    expect(printed).toEqual({ page: 0, tables: 0, charts: 0, caveatShown: true });
    await page.close();
  });
});
