// The map's data as the page holds it: the bytes the backend sends read into typed
// arrays (layouts in src-tauri/src/api/map.rs), a flat local projection in metres, and the
// colours. Pure functions: the drawing is in components/MapCanvas.svelte.

/** Everyone placed, as sent by `map_points`. */
export interface MapPoints {
  /** People not placed (listed apart, never drawn). */
  unplaced: number;
  /** Placed at their 街区, their 町丁目, by hand. */
  block: number;
  town: number;
  manual: number;
  lon0: number;
  lat0: number;
  /** Person ids, ascending. */
  ids: Uint32Array;
  /** Degrees from the origin. */
  dlon: Float32Array;
  dlat: Float32Array;
  /** Colour classes (`PointClass`). */
  cls: Uint8Array;
}

/** The points' header: five counts, a zero, the origin (two f64). */
const POINTS_HEAD = 40;

export function readPoints(buffer: ArrayBuffer): MapPoints {
  const head = new DataView(buffer, 0, POINTS_HEAD);
  const n = head.getUint32(0, true);
  if (buffer.byteLength !== POINTS_HEAD + 13 * n) throw new Error('map points: unexpected length');
  return {
    unplaced: head.getUint32(4, true),
    block: head.getUint32(8, true),
    town: head.getUint32(12, true),
    manual: head.getUint32(16, true),
    lon0: head.getFloat64(24, true),
    lat0: head.getFloat64(32, true),
    ids: new Uint32Array(buffer, POINTS_HEAD, n),
    dlon: new Float32Array(buffer, POINTS_HEAD + 4 * n, n),
    dlat: new Float32Array(buffer, POINTS_HEAD + 8 * n, n),
    cls: new Uint8Array(buffer, POINTS_HEAD + 12 * n, n),
  };
}

/** A hazard layer's rings, as sent by `map_layer_outline`. */
export interface Outline {
  lon0: number;
  lat0: number;
  /** Vertices of each ring. */
  rings: Uint32Array;
  /** Interleaved (longitude, latitude) degrees from the origin. */
  coords: Float32Array;
}

export function readOutline(buffer: ArrayBuffer): Outline {
  const head = new DataView(buffer, 0, 24);
  const r = head.getUint32(0, true);
  const v = head.getUint32(4, true);
  if (buffer.byteLength !== 24 + 4 * r + 8 * v) throw new Error('layer outline: unexpected length');
  return {
    lon0: head.getFloat64(8, true),
    lat0: head.getFloat64(16, true),
    rings: new Uint32Array(buffer, 24, r),
    coords: new Float32Array(buffer, 24 + 4 * r, 2 * v),
  };
}

/** A flat projection around an origin, in metres (x east, y south): exact enough for a
 * municipality, and the same everywhere on screen. */
export class Projection {
  readonly kx: number;
  readonly ky: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
    this.ky = 110_574;
  }
  x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }
  y(lat: number): number {
    return (this.lat0 - lat) * this.ky;
  }
  lon(x: number): number {
    return this.lon0 + x / this.kx;
  }
  lat(y: number): number {
    return this.lat0 - y / this.ky;
  }
}

/** The points in metres of `projection`. */
export function projectPoints(p: MapPoints, projection: Projection): { x: Float32Array; y: Float32Array } {
  const n = p.ids.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const ox = projection.x(p.lon0);
  const oy = projection.y(p.lat0);
  for (let i = 0; i < n; i++) {
    x[i] = ox + p.dlon[i] * projection.kx;
    y[i] = oy - p.dlat[i] * projection.ky;
  }
  return { x, y };
}

/** A layer's rings as one path in metres of `projection` (fill it with `nonzero`: the
 * backend orients holes against their exteriors). */
export function outlinePath(o: Outline, projection: Projection): Path2D {
  const path = new Path2D();
  const ox = projection.x(o.lon0);
  const oy = projection.y(o.lat0);
  let at = 0;
  for (const count of o.rings) {
    for (let k = 0; k < count; k++) {
      const x = ox + o.coords[2 * (at + k)] * projection.kx;
      const y = oy - o.coords[2 * (at + k) + 1] * projection.ky;
      if (k === 0) path.moveTo(x, y);
      else path.lineTo(x, y);
    }
    path.closePath();
    at += count;
  }
  return path;
}

/** The bounds of a layer in metres of `projection`. */
export function outlineBounds(o: Outline, projection: Projection): Bounds | null {
  const b = emptyBounds();
  const ox = projection.x(o.lon0);
  const oy = projection.y(o.lat0);
  for (let i = 0; i < o.coords.length; i += 2) {
    extend(b, ox + o.coords[i] * projection.kx, oy - o.coords[i + 1] * projection.ky);
  }
  return b.minX <= b.maxX ? b : null;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function emptyBounds(): Bounds {
  return { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
}

export function extend(b: Bounds, x: number, y: number): void {
  if (x < b.minX) b.minX = x;
  if (x > b.maxX) b.maxX = x;
  if (y < b.minY) b.minY = y;
  if (y > b.maxY) b.maxY = y;
}

/** The index of person `id` in the points (ids ascending), or -1. */
export function indexOfId(ids: Uint32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The colour classes, numbered as the backend's `PointClass`. */
export const CLASSES = ['low', 'medium', 'high', 'safe', 'needs-help', 'not-home', 'unreached', 'not-in-drill'] as const;
export type PointClass = (typeof CLASSES)[number];
export const PRIORITY_CLASSES = [2, 1, 0];
export const DRILL_CLASSES = [4, 6, 5, 3, 7];

/** Fill colours by class (RGB). Red is reserved for who needs help first. */
export const CLASS_RGB: readonly [number, number, number][] = [
  [84, 128, 168], // low: steel blue
  [214, 150, 0], // medium: amber
  [198, 40, 40], // high: red
  [46, 125, 50], // safe: green
  [198, 40, 40], // needs help: red
  [230, 108, 0], // not home: orange
  [106, 76, 156], // unreached: purple
  [150, 150, 150], // not in the drill: grey
];

/** Which class colours a cell of many points: the most urgent present. */
export const URGENCY = [1, 2, 3, 2, 5, 3, 4, 0];

export function rgb(cls: number, alpha = 1): string {
  const [r, g, b] = CLASS_RGB[cls] ?? CLASS_RGB[7];
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}

/** Hazard layers' fill and outline colours by kind. */
export const HAZARD_STYLE: Record<string, { fill: string; line: string }> = {
  flood: { fill: 'rgb(30 136 229 / 0.22)', line: 'rgb(21 101 192 / 0.8)' },
  landslide: { fill: 'rgb(141 110 99 / 0.3)', line: 'rgb(93 64 55 / 0.85)' },
  tsunami: { fill: 'rgb(0 150 136 / 0.22)', line: 'rgb(0 105 92 / 0.85)' },
};

/** A hazard layer ready to draw. */
export interface LayerDraw {
  id: number;
  kind: string;
  path: Path2D;
  bounds: Bounds | null;
}

/** A place, in degrees. */
export interface LonLat {
  lon: number;
  lat: number;
}
