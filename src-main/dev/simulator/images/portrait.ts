// A synthetic passport-style portrait drawn from a seed: background, shoulders, neck, head, hair, eyes,
// brows, nose and mouth, with colours and proportions varied by the seed. It resembles no one: the
// simulator's DG2 must never hold a real face. Only + − × ÷ and √ are used (no sin/cos/exp, whose last
// bits may differ between engines), so every machine draws the same pixels.
import { seededRandom } from './seeded-random';
import type { RgbImage } from '../../../imaging/rgb-image';


export interface PortraitOptions {
  seed: string;
  width: number;
  height: number;
  /** Amplitude of a seeded luminance grain, in 8-bit levels (0 = flat colours). */
  grain?: number;
}

type Rgb = readonly [number, number, number];
type Paint = Rgb | ((x: number, y: number) => Rgb);

interface Shape {
  contains(x: number, y: number): boolean;
  /** Bounding box in pixels: x0, y0, x1, y1 (inclusive-exclusive). */
  box: [number, number, number, number];
}

const SKIN: Rgb[] = [
  [241, 200, 170],
  [232, 186, 152],
  [222, 170, 134],
  [199, 146, 110],
  [176, 124, 90],
  [146, 98, 70],
];
const HAIR: Rgb[] = [
  [24, 21, 20],
  [30, 26, 24],
  [48, 34, 27],
  [82, 58, 40],
  [132, 128, 124],
  [196, 194, 190],
];
const SHIRT: Rgb[] = [
  [236, 236, 232],
  [34, 48, 86],
  [62, 102, 160],
  [108, 112, 120],
  [32, 32, 36],
  [112, 38, 46],
  [226, 218, 196],
];
const BACKGROUND: Rgb[] = [
  [222, 234, 246],
  [238, 240, 242],
  [210, 226, 242],
  [246, 246, 244],
];
const IRIS: Rgb[] = [
  [58, 38, 26],
  [40, 28, 22],
  [74, 52, 34],
];

const SUBSAMPLES = 3;

const ellipse = (cx: number, cy: number, rx: number, ry: number, slant = 0): Shape => ({
  contains: (x, y) => {
    const u = (x - cx) / rx;
    const v = (y - cy - slant * (x - cx)) / ry;
    return u * u + v * v <= 1;
  },
  box: [cx - rx, cy - ry - Math.abs(slant * rx), cx + rx, cy + ry + Math.abs(slant * rx)],
});

const rect = (x0: number, y0: number, x1: number, y1: number): Shape => ({
  contains: (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1,
  box: [x0, y0, x1, y1],
});

/** Triangle by three corners, by the signs of the three edge functions. */
const triangle = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape => {
  const edge = (px: number, py: number, qx: number, qy: number, x: number, y: number) => (qx - px) * (y - py) - (qy - py) * (x - px);
  return {
    contains: (x, y) => {
      const e1 = edge(ax, ay, bx, by, x, y);
      const e2 = edge(bx, by, cx, cy, x, y);
      const e3 = edge(cx, cy, ax, ay, x, y);
      return (e1 >= 0 && e2 >= 0 && e3 >= 0) || (e1 <= 0 && e2 <= 0 && e3 <= 0);
    },
    box: [Math.min(ax, bx, cx), Math.min(ay, by, cy), Math.max(ax, bx, cx), Math.max(ay, by, cy)],
  };
};

const union = (...shapes: Shape[]): Shape => ({
  contains: (x, y) => shapes.some((shape) => shape.contains(x, y)),
  box: [
    Math.min(...shapes.map((s) => s.box[0])),
    Math.min(...shapes.map((s) => s.box[1])),
    Math.max(...shapes.map((s) => s.box[2])),
    Math.max(...shapes.map((s) => s.box[3])),
  ],
});

const below = (shape: Shape, edge: (x: number) => number): Shape => ({
  contains: (x, y) => shape.contains(x, y) && y < edge(x),
  box: shape.box,
});

const sq = (value: number) => value * value;

const shade = (colour: Rgb, factor: number): Rgb => [colour[0] * factor, colour[1] * factor, colour[2] * factor];

class Canvas {
  readonly pixels: Float64Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Float64Array(width * height * 3);
  }

  fill(shape: Shape, paint: Paint, opacity = 1): void {
    const x0 = Math.max(0, Math.floor(shape.box[0]) - 1);
    const y0 = Math.max(0, Math.floor(shape.box[1]) - 1);
    const x1 = Math.min(this.width, Math.ceil(shape.box[2]) + 1);
    const y1 = Math.min(this.height, Math.ceil(shape.box[3]) + 1);
    for (let py = y0; py < y1; py += 1) {
      for (let px = x0; px < x1; px += 1) {
        // Coverage from a 3×3 grid of sub-samples: cheap anti-aliasing.
        let hits = 0;
        for (let sy = 0; sy < SUBSAMPLES; sy += 1) {
          for (let sx = 0; sx < SUBSAMPLES; sx += 1) {
            if (shape.contains(px + (sx + 0.5) / SUBSAMPLES, py + (sy + 0.5) / SUBSAMPLES)) hits += 1;
          }
        }
        if (hits === 0) continue;
        const alpha = (opacity * hits) / (SUBSAMPLES * SUBSAMPLES);
        const colour = typeof paint === 'function' ? paint(px + 0.5, py + 0.5) : paint;
        const i = (py * this.width + px) * 3;
        for (let c = 0; c < 3; c += 1) this.pixels[i + c] = this.pixels[i + c]! * (1 - alpha) + colour[c]! * alpha;
      }
    }
  }

  toRgb(grain: number, seed: string): Uint8Array {
    const noise = seededRandom(`${seed}/grain`);
    const out = new Uint8Array(this.pixels.length);
    for (let i = 0; i < this.pixels.length; i += 3) {
      const n = grain > 0 ? (noise.next() - 0.5) * 2 * grain : 0;
      for (let c = 0; c < 3; c += 1) out[i + c] = Math.max(0, Math.min(255, Math.round(this.pixels[i + c]! + n)));
    }
    return out;
  }
}

export function drawPortrait(options: PortraitOptions): RgbImage {
  const { width: w, height: h, seed } = options;
  const random = seededRandom(seed);
  const canvas = new Canvas(w, h);

  const skin = random.pick(SKIN);
  const hair = random.pick(HAIR);
  const shirt = random.pick(SHIRT);
  const backgroundTop = random.pick(BACKGROUND);
  const iris = random.pick(IRIS);
  const hairStyle = random.pick(['short', 'long', 'receding', 'bun', 'short'] as const);
  const glasses = random.next() < 0.2;

  const cx = w * random.range(0.47, 0.53);
  const cy = h * random.range(0.42, 0.45);
  const rx = w * random.range(0.235, 0.265);
  const ry = rx * random.range(1.22, 1.36);

  // Background: a vertical gradient, slightly darker at the bottom, as in a studio photo.
  const backgroundBottom = shade(backgroundTop, 0.86);
  canvas.fill(rect(0, 0, w, h), (_x, y) => {
    const t = y / h;
    return [
      backgroundTop[0] + (backgroundBottom[0] - backgroundTop[0]) * t,
      backgroundTop[1] + (backgroundBottom[1] - backgroundTop[1]) * t,
      backgroundTop[2] + (backgroundBottom[2] - backgroundTop[2]) * t,
    ];
  });

  // Skin lit from the front: darker towards the sides and the chin.
  const lit = (base: Rgb) => (x: number, y: number): Rgb => {
    const u = (x - cx) / rx;
    const v = (y - cy) / ry;
    return shade(base, Math.max(0.6, 1.04 - 0.2 * u * u - 0.05 * v));
  };

  if (hairStyle === 'long') {
    canvas.fill(union(ellipse(cx, cy - 0.05 * ry, 1.22 * rx, 1.12 * ry), rect(cx - 1.22 * rx, cy, cx + 1.22 * rx, cy + 1.15 * ry)), hair);
  }

  // Shoulders and shirt, with the neck showing through a V collar.
  const shoulderTop = h * random.range(0.74, 0.78);
  canvas.fill(ellipse(cx, h + 0.12 * h, 0.5 * w, h + 0.12 * h - shoulderTop), (x, y) => shade(shirt, 1 - 0.12 * Math.abs(x - cx) / w - 0.05 * (y / h)));
  canvas.fill(rect(cx - 0.5 * rx, cy + 0.55 * ry, cx + 0.5 * rx, shoulderTop + 0.04 * h), lit(shade(skin, 0.86)));
  canvas.fill(triangle(cx - 0.55 * rx, shoulderTop + 0.02 * h, cx + 0.55 * rx, shoulderTop + 0.02 * h, cx, shoulderTop + 0.15 * h), lit(shade(skin, 0.86)));
  canvas.fill(triangle(cx - 0.55 * rx, shoulderTop + 0.02 * h, cx - 0.1 * rx, shoulderTop + 0.15 * h, cx - 0.75 * rx, shoulderTop + 0.1 * h), shade(shirt, 0.8));
  canvas.fill(triangle(cx + 0.55 * rx, shoulderTop + 0.02 * h, cx + 0.1 * rx, shoulderTop + 0.15 * h, cx + 0.75 * rx, shoulderTop + 0.1 * h), shade(shirt, 0.8));

  // Ears, then the head over them.
  canvas.fill(ellipse(cx - 0.98 * rx, cy + 0.05 * ry, 0.14 * rx, 0.2 * ry), shade(skin, 0.88));
  canvas.fill(ellipse(cx + 0.98 * rx, cy + 0.05 * ry, 0.14 * rx, 0.2 * ry), shade(skin, 0.88));
  canvas.fill(ellipse(cx, cy, rx, ry), lit(skin));

  // Hair on top, cut off by a fringe line that curves down towards the temples.
  const fringe = cy - random.range(0.34, 0.48) * ry;
  switch (hairStyle) {
    case 'receding':
      canvas.fill(below(ellipse(cx, cy - 0.5 * ry, 1.02 * rx, 0.58 * ry), (x) => fringe - 0.12 * ry + 0.5 * ry * sq((x - cx) / rx)), hair);
      canvas.fill(ellipse(cx - 0.93 * rx, cy - 0.22 * ry, 0.14 * rx, 0.26 * ry), hair);
      canvas.fill(ellipse(cx + 0.93 * rx, cy - 0.22 * ry, 0.14 * rx, 0.26 * ry), hair);
      break;
    case 'bun':
      canvas.fill(ellipse(cx, cy - 1.02 * ry, 0.36 * rx, 0.3 * ry), hair);
      canvas.fill(below(ellipse(cx, cy - 0.36 * ry, 1.06 * rx, 0.74 * ry), (x) => fringe + 0.35 * ry * sq((x - cx) / rx)), hair);
      break;
    default:
      canvas.fill(below(ellipse(cx, cy - 0.36 * ry, 1.07 * rx, 0.74 * ry), (x) => fringe + 0.45 * ry * sq((x - cx) / rx)), hair);
  }

  // Brows, eyes (white, iris, pupil, catch-light), nose shadow and mouth.
  const eyeY = cy - random.range(0.0, 0.06) * ry;
  const eyeDx = random.range(0.36, 0.44) * rx;
  const brow = shade(hair[0] > 120 ? HAIR[2]! : hair, 1);
  for (const side of [-1, 1]) {
    const ex = cx + side * eyeDx;
    canvas.fill(ellipse(ex, eyeY - 0.17 * ry, 0.22 * rx, 0.035 * ry, side * 0.06), brow);
    canvas.fill(ellipse(ex, eyeY, 0.17 * rx, 0.06 * ry), [240, 238, 232]);
    canvas.fill(ellipse(ex, eyeY, 0.075 * rx, 0.058 * ry), iris);
    canvas.fill(ellipse(ex, eyeY, 0.035 * rx, 0.03 * ry), [12, 10, 10]);
    canvas.fill(ellipse(ex + 0.025 * rx, eyeY - 0.02 * ry, 0.015 * rx, 0.012 * ry), [250, 250, 250]);
    canvas.fill(ellipse(ex, eyeY - 0.055 * ry, 0.18 * rx, 0.012 * ry), shade(skin, 0.55), 0.7);
  }
  canvas.fill(ellipse(cx, cy + 0.26 * ry, 0.14 * rx, 0.05 * ry), shade(skin, 0.8), 0.8);
  canvas.fill(ellipse(cx + 0.05 * rx, cy + 0.08 * ry, 0.03 * rx, 0.16 * ry), shade(skin, 0.9), 0.5);
  const mouthY = cy + random.range(0.48, 0.55) * ry;
  const mouthRx = random.range(0.24, 0.32) * rx;
  canvas.fill(ellipse(cx, mouthY, mouthRx, 0.06 * ry), [176, 88, 86]);
  canvas.fill(ellipse(cx, mouthY - 0.005 * ry, mouthRx * 0.95, 0.012 * ry), [110, 50, 50]);

  if (glasses) {
    for (const side of [-1, 1]) {
      const ex = cx + side * eyeDx;
      const frame = ellipse(ex, eyeY, 0.28 * rx, 0.13 * ry);
      const lens = ellipse(ex, eyeY, 0.25 * rx, 0.11 * ry);
      canvas.fill({ contains: (x, y) => frame.contains(x, y) && !lens.contains(x, y), box: frame.box }, [40, 40, 44]);
    }
    canvas.fill(rect(cx - eyeDx + 0.27 * rx, eyeY - 0.015 * ry, cx + eyeDx - 0.27 * rx, eyeY + 0.01 * ry), [40, 40, 44]);
  }

  return { width: w, height: h, rgb: canvas.toRgb(options.grain ?? 0, seed) };
}
