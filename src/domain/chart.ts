// One chart model for a benefit, drawn by both the dashboard (SVG) and the confirmation document
// (PDF): the measured values against the expected trajectory and the target. Pure: every input
// is a parameter, positions are fractions of the plot area (x 0 = left, y 0 = bottom), so the two
// drawings differ only in how they put a fraction on paper or screen.
import { toEpochMs } from './progress';

const DAY_MS = 86_400_000;

export interface ChartPointInput {
  /** Period id (`2026-W49`), kept so a renderer can name the point. */
  period: string;
  /** Instant the point is drawn at: the start of the calendar period it is named by (periodAnchor). */
  at: string;
  value: number;
}

export interface ChartInput {
  baseline?: number;
  target: number;
  /** Calendar date the trajectory starts (benefitStart). */
  start: string;
  /** Target date. */
  due: string;
  /** Measured values (answered, not the baseline answer), any order. */
  points: readonly ChartPointInput[];
  /** Where the periods that were asked about and not measured (skipped, away, unanswered) are drawn, as `at`. */
  gaps?: readonly string[];
  /** The instant the chart is drawn for: marks "today" (and widens the range to it when after the start). */
  now?: string;
}

export interface XY {
  fx: number;
  fy: number;
}

export interface ChartPoint extends XY {
  period: string;
  value: number;
}

export interface YTick {
  value: number;
  fy: number;
}

export interface XTick {
  /** First day of a month, 'YYYY-MM-DD'. */
  date: string;
  fx: number;
  /** True on each January and on the first tick (unless the second is a January): the renderer shows the year there. */
  showYear: boolean;
}

export interface ChartModel {
  x: { minMs: number; maxMs: number; ticks: XTick[] };
  y: { min: number; max: number; step: number; ticks: YTick[] };
  /** Measured values in period order. */
  measured: ChartPoint[];
  /** The straight line from (start, baseline) to (due, target); absent without a baseline. */
  expected?: { from: XY; to: XY };
  target: { value: number; fy: number };
  baseline?: { value: number; fy: number };
  /** Where a period was not measured: drawn as marks on the x axis. */
  gaps: number[];
  /** fx of `now`, when it lies within the x range. */
  now?: number;
}

/** A round step for about `ticks` intervals over `span`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(span: number, ticks = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, ticks);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (raw <= m * power * (1 + 1e-9)) return m * power;
  }
  return 10 * power;
}

/**
 * The y range: covers baseline, target and every value, widened to whole steps. A flat range
 * (everything equal) gets a span around the value so the line is drawn in the middle.
 */
export function yAxis(values: readonly number[], ticks = 5): { min: number; max: number; step: number; ticks: number[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  const nonNegative = lo >= 0;
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(lo))) {
    // Flat (or all but flat): a span around the value, so the line is drawn in the middle.
    const around = lo === 0 ? 1 : Math.max(Math.abs(lo) * 0.1, 1e-6);
    lo -= around;
    hi += around;
  }
  // A little room above and below, so no line is drawn on the frame; quantities that cannot be
  // negative (the usual case) keep 0 as the floor when it is near, and never go below it.
  const pad = (hi - lo) * 0.04;
  lo -= pad;
  hi += pad;
  if (nonNegative && lo < (hi - lo) * 0.5) lo = 0;
  const step = niceStep(hi - lo, ticks);
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const out: number[] = [];
  for (let k = 0; min + k * step <= max + step * 1e-9; k++) out.push(round(min + k * step, step));
  return { min, max, step, ticks: out };
}

/** Month starts between two instants, every 1, 2, 3, 6 or 12 months so that at most `max` fit. */
export function monthTicks(minMs: number, maxMs: number, max = 7): { date: string; ms: number; showYear: boolean }[] {
  const start = new Date(minMs);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  if (Date.UTC(y, m, 1) < minMs) m += 1;
  const all: { y: number; m: number; ms: number }[] = [];
  for (let guard = 0; guard < 1200; guard++) {
    const ms = Date.UTC(y, m, 1);
    if (ms > maxMs) break;
    const d = new Date(ms);
    all.push({ y: d.getUTCFullYear(), m: d.getUTCMonth(), ms });
    m += 1;
  }
  const every = [1, 2, 3, 6, 12, 24, 60].find((k) => Math.ceil(all.length / k) <= max) ?? 120;
  // Keep months that fall on the step counted from January, so quarters are Jan/Apr/Jul/Oct.
  const kept = every === 1 ? all : all.filter((t) => (t.y * 12 + t.m) % every === 0);
  // The year is shown on January and on the first tick, unless the very next tick is a January
  // (then it says the year change, and two long labels side by side would collide).
  return kept.map((t, i) => ({
    date: `${t.y}-${String(t.m + 1).padStart(2, '0')}-01`,
    ms: t.ms,
    showYear: t.m === 0 || (i === 0 && kept[1]?.m !== 0),
  }));
}

/** The chart of one benefit (see the file header). */
export function buildChart(input: ChartInput): ChartModel {
  const startMs = toEpochMs(input.start);
  const dueMs = Math.max(toEpochMs(input.due), startMs + DAY_MS);
  const points = input.points
    .filter((p) => Number.isFinite(p.value))
    .map((p) => ({ ...p, ms: toEpochMs(p.at) }))
    .sort((a, b) => a.ms - b.ms || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const gapMs = (input.gaps ?? []).map(toEpochMs);
  const nowMs = input.now !== undefined ? toEpochMs(input.now) : undefined;
  // Today widens the range when it lies after the target date: a benefit past its date shows the
  // time since, and that nothing was measured in it.
  const xs = [startMs, dueMs, ...points.map((p) => p.ms), ...gapMs, ...(nowMs !== undefined && nowMs > startMs ? [nowMs] : [])];
  const minMs = Math.min(...xs);
  const maxMs = Math.max(...xs);
  const fx = (ms: number) => (maxMs === minMs ? 0 : (ms - minMs) / (maxMs - minMs));

  const yValues = [input.target, ...points.map((p) => p.value)];
  if (input.baseline !== undefined) yValues.push(input.baseline);
  const axis = yAxis(yValues);
  const fy = (v: number) => (axis.max === axis.min ? 0.5 : (v - axis.min) / (axis.max - axis.min));

  const model: ChartModel = {
    x: { minMs, maxMs, ticks: monthTicks(minMs, maxMs).map((t) => ({ date: t.date, fx: fx(t.ms), showYear: t.showYear })) },
    y: { min: axis.min, max: axis.max, step: axis.step, ticks: axis.ticks.map((v) => ({ value: v, fy: fy(v) })) },
    measured: points.map((p) => ({ period: p.period, value: p.value, fx: fx(p.ms), fy: fy(p.value) })),
    target: { value: input.target, fy: fy(input.target) },
    gaps: gapMs.map(fx).sort((a, b) => a - b),
  };
  if (input.baseline !== undefined) {
    model.baseline = { value: input.baseline, fy: fy(input.baseline) };
    model.expected = { from: { fx: fx(startMs), fy: fy(input.baseline) }, to: { fx: fx(dueMs), fy: fy(input.target) } };
  }
  if (nowMs !== undefined && nowMs >= minMs && nowMs <= maxMs) model.now = fx(nowMs);
  return model;
}

/** A tick value without float noise (0.30000000000000004 → 0.3), to the step's precision. */
function round(v: number, step: number): number {
  const decimals = Math.max(0, Math.min(20, -Math.floor(Math.log10(step)) + 2));
  const r = Number(v.toFixed(decimals));
  return r === 0 ? 0 : r;
}
