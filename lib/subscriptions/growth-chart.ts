/**
 * The geometry of the subscribers page's growth chart: bars for active subscribers per month, scaled to a round
 * maximum, with labels. Pure, so the chart (components/subscribers/GrowthChart.tsx) is a function of the counts
 * and its test needs no browser.
 */

export type ChartInput = { label: string; value: number }[];

export type ChartBar = { label: string; value: number; x: number; y: number; width: number; height: number };

export type ChartLayout = {
  width: number;
  height: number;
  /** The plotting area's top and bottom (value axis). */
  top: number;
  bottom: number;
  left: number;
  /** The axis maximum: a round number at or above the largest value. */
  max: number;
  /** Gridlines, with their values. */
  ticks: { value: number; y: number }[];
  bars: ChartBar[];
};

/** 1, 2 or 5 times a power of ten, at least `value` (and at least 1). */
export function roundUp(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

export function chartLayout(points: ChartInput, size = { width: 640, height: 240 }): ChartLayout {
  const left = 48;
  const top = 12;
  const bottom = size.height - 28;
  const max = roundUp(Math.max(0, ...points.map((point) => point.value)));
  const slot = (size.width - left - 8) / Math.max(points.length, 1);
  const scale = (value: number) => ((bottom - top) * value) / max;
  const bars = points.map((point, index) => {
    const height = scale(point.value);
    return {
      label: point.label,
      value: point.value,
      x: left + index * slot + slot * 0.15,
      y: bottom - height,
      width: slot * 0.7,
      height,
    };
  });
  const ticks = [0, 0.5, 1].map((share) => ({ value: max * share, y: bottom - scale(max * share) }));
  return { width: size.width, height: size.height, top, bottom, left, max, ticks, bars };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03" → "Mar 2026"; short enough for a bar's label. */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1] ?? number} ${year}`;
}

/** One sentence for the chart's description and for readers who cannot see it. */
export function growthSummary(points: { month: string; active: number }[]): string {
  if (points.length === 0) return 'No months to show.';
  const first = points[0]!;
  const last = points.at(-1)!;
  const peak = points.reduce((best, point) => (point.active > best.active ? point : best), first);
  const change = last.active - first.active;
  const direction = change === 0 ? 'unchanged' : change > 0 ? `up ${change}` : `down ${-change}`;
  return `Active subscribers at the end of each month from ${monthLabel(first.month)} to ${monthLabel(last.month)}: ${first.active} to ${last.active} (${direction}); highest ${peak.active}, in ${monthLabel(peak.month)}.`;
}
