import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Vega-Lite → Vega → SVG, in Node, with no browser and no canvas. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Vega-Lite warns on the console by default; a chart's warnings must not clutter the CLI.
  const { spec: vegaSpec } = compile(spec, { logger: silentLogger });
  const view = new View(parse(vegaSpec), { renderer: "none", logLevel: 0 });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const silentLogger = {
  level(): number {
    return 0;
  },
  error: () => silentLogger,
  warn: () => silentLogger,
  info: () => silentLogger,
  debug: () => silentLogger,
} as unknown as NonNullable<Parameters<typeof compile>[1]>["logger"];

const require = createRequire(import.meta.url);

/** A font shipped as an npm package, so PNG text renders the same on a machine with no fonts. */
function bundledFontFiles(): string[] {
  const dir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((file) => join(dir, file));
}

/** SVG → PNG at twice the size, for sharp images on code hosts and high-density screens. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: 2 },
    background: "white",
    font: { fontFiles: bundledFontFiles(), loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return Buffer.from(resvg.render().asPng());
}
