import type { Results } from "../../results/types.js";

/**
 * Okabe–Ito colours, ordered so neighbours differ in lightness too: colour-blind safe and
 * still distinguishable in greyscale. A target keeps its colour in every chart of a report.
 */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export interface ColourScale {
  domain: string[];
  range: string[];
}

export function targetColours(results: Results): ColourScale {
  const domain = results.targets.map((t) => t.name);
  return { domain, range: domain.map((_, index) => PALETTE[index % PALETTE.length]!) };
}

/** Values spanning more than this factor get a log axis (and the axis says so). */
export const LOG_SCALE_SPREAD = 20;

/**
 * The plot width of a single-panel chart: about the width of a legend of nine targets, so the
 * plot, not the legend, fills the report's full width (at 520 the plot took half of it).
 */
export const PLOT_WIDTH = 900;

export function needsLogScale(values: readonly number[]): boolean {
  const positive = values.filter((value) => value > 0);
  if (positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) > LOG_SCALE_SPREAD;
}

/**
 * A y scale for the values, and where bars start. Bars on a log scale cannot start at 0,
 * so they start at the power of ten below the smallest value, which is also the axis minimum.
 */
export function valueScale(values: readonly number[]): { log: boolean; scale: Record<string, unknown>; barBase: number } {
  if (!needsLogScale(values)) return { log: false, scale: { zero: true }, barBase: 0 };
  const smallest = Math.min(...values.filter((value) => value > 0));
  const barBase = 10 ** Math.floor(Math.log10(smallest));
  return { log: true, scale: { type: "log", domainMin: barBase }, barBase };
}

export function axisTitle(base: string, log: boolean): string {
  return log ? `${base} (log scale)` : base;
}

export const CHART_CONFIG = {
  font: "DejaVu Sans, Arial, sans-serif",
  background: "white",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e5e5e5" },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start" as const },
};
