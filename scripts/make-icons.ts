/**
 * Draws the Teams app icons with pngjs (no image tools needed on the build machine):
 *  - teamsAppManifest/color.png   192×192, full colour: white rising bars and a gold
 *    upward arrow on the accent colour.
 *  - teamsAppManifest/outline.png 32×32, the same symbol in white on transparent.
 * Run: npx tsx scripts/make-icons.ts
 *
 * Shapes are described in a 100×100 unit box and rasterised with 4×4 supersampling so
 * edges are anti-aliased at both sizes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** Also the manifest's accentColor, so the tile and the icon background match. */
export const ACCENT_COLOR = '#12715F';

type Rgba = readonly [number, number, number, number];
type Hit = (x: number, y: number) => boolean;
/** A layer paints a colour (or erases, for the outline's cut-outs) where its shape hits. */
interface Layer {
  hit: Hit;
  color: Rgba | 'erase';
}

function hex(c: string, alpha = 255): Rgba {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Hit {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    // Only the top corners are rounded: bars stand on the baseline.
    const cx = x < x0 + r ? x0 + r : x > x1 - r ? x1 - r : x;
    const cy = y < y0 + r ? y0 + r : y;
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A polyline with round joins and caps. */
function stroke(points: readonly (readonly [number, number])[], width: number): Hit {
  return (x, y) => {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (segmentDistance(x, y, a[0], a[1], b[0], b[1]) <= width / 2) return true;
    }
    return false;
  };
}

function triangle(a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]): Hit {
  const side = (p: readonly [number, number], q: readonly [number, number], x: number, y: number): number =>
    (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  return (x, y) => {
    const d1 = side(a, b, x, y);
    const d2 = side(b, c, x, y);
    const d3 = side(c, a, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

function union(...hits: Hit[]): Hit {
  return (x, y) => hits.some((h) => h(x, y));
}

/** The symbol in unit space: three rising bars and an arrow that climbs over them. */
function symbol(lineWidth: number, arrowHead: number, halo: number): { bars: Hit; arrow: Hit; arrowHalo: Hit } {
  const bars = union(
    roundedRect(4, 74, 26, 100, 4),
    roundedRect(39, 58, 61, 100, 4),
    roundedRect(74, 40, 96, 100, 4),
  );
  const tip: [number, number] = [97, 2];
  const from: [number, number] = [50, 36];
  const len = Math.hypot(tip[0] - from[0], tip[1] - from[1]);
  const ux = (tip[0] - from[0]) / len;
  const uy = (tip[1] - from[1]) / len;
  const base: [number, number] = [tip[0] - ux * arrowHead, tip[1] - uy * arrowHead];
  const wing = arrowHead * 0.62;
  const head = (grow: number): Hit =>
    triangle(
      [tip[0] + ux * grow * 1.6, tip[1] + uy * grow * 1.6],
      [base[0] - uy * (wing + grow) - ux * grow, base[1] + ux * (wing + grow) - uy * grow],
      [base[0] + uy * (wing + grow) - ux * grow, base[1] - ux * (wing + grow) - uy * grow],
    );
  const shaftEnd: [number, number] = [base[0] + ux * 2, base[1] + uy * 2];
  const line: [number, number][] = [[2, 50], [28, 27], from, shaftEnd];
  return {
    bars,
    arrow: union(stroke(line, lineWidth), head(0)),
    arrowHalo: union(stroke(line, lineWidth + 2 * halo), head(halo)),
  };
}

function render(size: number, layers: Layer[], background: Rgba | undefined, toUnit: (px: number) => number): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const ux = toUnit(px + (sx + 0.5) / n);
          const uy = toUnit(py + (sy + 0.5) / n);
          let c: Rgba | undefined = background;
          for (const layer of layers) {
            if (layer.hit(ux, uy)) c = layer.color === 'erase' ? undefined : layer.color;
          }
          if (c) {
            // Premultiplied accumulation keeps anti-aliased edges free of dark fringes.
            const ca = c[3] / 255;
            r += c[0] * ca;
            g += c[1] * ca;
            b += c[2] * ca;
            a += ca;
          }
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a > 0 ? Math.round(r / a) : 0;
      png.data[i + 1] = a > 0 ? Math.round(g / a) : 0;
      png.data[i + 2] = a > 0 ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return png;
}

export function renderColorIcon(): PNG {
  const size = 192;
  // Teams crops the colour icon in some views: keep the symbol inside the central ~104 px.
  const origin = 44;
  const scale = 104 / 100;
  const s = symbol(9, 22, 5);
  const bg = hex(ACCENT_COLOR);
  return render(
    size,
    [
      { hit: s.bars, color: hex('#FFFFFF') },
      { hit: s.arrowHalo, color: bg },
      { hit: s.arrow, color: hex('#FFC83D') },
    ],
    bg,
    (p) => (p - origin) / scale,
  );
}

export function renderOutlineIcon(): PNG {
  const size = 32;
  const origin = 2;
  const scale = 28 / 100;
  // Thicker strokes than the colour icon: 1 px lines vanish at 32 px.
  const s = symbol(11, 30, 5);
  const white = hex('#FFFFFF');
  return render(
    size,
    [
      { hit: s.bars, color: white },
      { hit: s.arrowHalo, color: 'erase' },
      { hit: s.arrow, color: white },
    ],
    undefined,
    (p) => (p - origin) / scale,
  );
}

export function writeIcons(dir = path.resolve(__dirname, '..', 'teamsAppManifest')): { color: string; outline: string } {
  fs.mkdirSync(dir, { recursive: true });
  const color = path.join(dir, 'color.png');
  const outline = path.join(dir, 'outline.png');
  fs.writeFileSync(color, PNG.sync.write(renderColorIcon()));
  fs.writeFileSync(outline, PNG.sync.write(renderOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  const written = writeIcons();
  console.log(`wrote ${written.color} and ${written.outline}`);
}
