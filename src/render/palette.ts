// What the dashboard and the PDF share besides the words: colours (chart lines, status badges) and
// the plot area inside a chart (room for the y labels on the left, month labels and not-measured
// marks below), so both drawings look alike.
import type { Status } from '../domain/types';

export const STATUS_COLORS: Record<Status, { fg: string; bg: string }> = {
  achieved: { fg: '#116329', bg: '#dafbe1' },
  onTrack: { fg: '#116329', bg: '#dafbe1' },
  atRisk: { fg: '#7d4e00', bg: '#fff1c5' },
  offTrack: { fg: '#a40e26', bg: '#ffebe9' },
  noData: { fg: '#57606a', bg: '#eaeef2' },
};
export const CHART_COLORS = {
  grid: '#e3e6ea',
  axis: '#8c959f',
  axisText: '#57606a',
  measured: '#0b5cad',
  expected: '#6e7781',
  target: '#1a7f37',
  gap: '#c4432b',
  today: '#8c959f',
} as const;

export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The plot area of a chart drawn `w` × `h` (any unit: SVG pixels or PDF points). */
export function chartFrame(w: number, h: number, scale = 1): Frame {
  const left = 70 * scale;
  const right = 14 * scale;
  const top = 10 * scale;
  const bottom = 40 * scale;
  return { left, top, width: Math.max(1, w - left - right), height: Math.max(1, h - top - bottom) };
}
