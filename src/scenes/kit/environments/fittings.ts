// Fittings that give rooms their identity: file shelves, rules boards, dashboards, seven-segment
// window numbers, hanging signs. Each faces +z with its back on z = 0 (use onWall to mount it).
import { type Hex, type KitBuilder, mixHex } from '../geometry-builder';
import { PALETTE as P } from '../palette';

/** A glass-fronted cabinet of file boxes (档案盒), w wide, 2 m tall, 0.4 deep. */
export function fileShelf(
  b: KitBuilder,
  w: number,
  spines: readonly Hex[] = ['#2f5fa8', '#f0efe9', '#2f5fa8', '#3d7ec9', '#f0efe9'],
): void {
  const body = '#cfd1cc';
  b.slab([w, 2.0, 0.04], [0, 0, 0.02], body);
  b.slab([0.03, 2.0, 0.4], [-w / 2 + 0.015, 0, 0.2], body);
  b.slab([0.03, 2.0, 0.4], [w / 2 - 0.015, 0, 0.2], body);
  for (let s = 0; s < 5; s++) b.slab([w, 0.025, 0.4], [0, s * 0.49, 0.2], body);
  for (let s = 0; s < 4; s++) {
    const y = s * 0.49 + 0.025;
    const n = Math.floor((w - 0.08) / 0.075);
    for (let i = 0; i < n; i++) {
      if ((i * 7 + s * 3) % 11 === 0) continue;
      const h = 0.31 + ((i + s) % 3) * 0.02;
      const color = spines[(i + s) % spines.length] ?? P.govBlue;
      b.slab([0.07, h, 0.3], [-w / 2 + 0.07 + i * 0.075, y, 0.2], color);
      b.box([0.04, 0.05, 0.002], [-w / 2 + 0.07 + i * 0.075, y + h - 0.08, 0.351], P.paper);
    }
  }
  b.slab([w, 0.025, 0.4], [0, 1.975, 0.2], body);
}

/** A framed rules board (规章制度): white panel, red header, grey lines of text. */
export function rulesBoard(b: KitBuilder, w: number, h: number, y: number, header: Hex = P.govRed): void {
  b.slab([w, h, 0.025], [0, y, 0.0125], mixHex(P.chrome, '#000000', 0.1));
  b.box([w - 0.05, h - 0.05, 0.004], [0, y + h / 2, 0.026], P.paper, { glow: 0.1 });
  b.box([w - 0.05, 0.12, 0.004], [0, y + h - 0.085, 0.029], header);
  for (let i = 0; i < 6; i++) {
    const len = (w - 0.2) * (i % 3 === 2 ? 0.6 : 0.92);
    b.box([len, 0.018, 0.002], [-(w - 0.2 - len) / 2, y + h - 0.22 - i * ((h - 0.35) / 6), 0.03], '#8b9097');
  }
}

const SEGMENTS: Readonly<Record<string, string>> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abged',
  '3': 'abgcd',
  '4': 'fgbc',
  '5': 'afgcd',
  '6': 'afgedc',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
};

/** A seven-segment digit facing +z, `h` tall, centred at (0, y). */
export function sevenSegment(b: KitBuilder, digit: string, h: number, y: number, color: Hex): void {
  const w = h * 0.55;
  const t = h * 0.12;
  const on = SEGMENTS[digit] ?? '';
  const bars: Record<string, [number, number, number, number]> = {
    a: [0, h / 2 - t / 2, w, t],
    d: [0, -h / 2 + t / 2, w, t],
    g: [0, 0, w, t],
    b: [w / 2 - t / 2, h / 4, t, h / 2],
    c: [w / 2 - t / 2, -h / 4, t, h / 2],
    e: [-w / 2 + t / 2, -h / 4, t, h / 2],
    f: [-w / 2 + t / 2, h / 4, t, h / 2],
  };
  for (const seg of on) {
    const bar = bars[seg];
    if (bar) b.quad(bar[2], bar[3], [bar[0], y + bar[1], 0], color, { glow: 1 });
  }
}

/** A dark data dashboard on a screen of w × h centred at (0, y): map, bar and line charts, donut. */
export function dashboard(b: KitBuilder, w: number, h: number, y: number, seed = 0, accent: Hex = '#35c4ff'): void {
  const z0 = 0.002;
  b.quad(w, h, [0, y, 0], '#071a33', { glow: 1, top: '#0c2a52' });
  b.quad(w * 0.96, h * 0.07, [0, y + h * 0.43, z0], '#123d73', { glow: 1 });
  b.quad(w * 0.3, h * 0.035, [0, y + h * 0.43, z0 * 2], mixHex(accent, '#ffffff', 0.5), { glow: 1 });
  // Left column: KPI tiles.
  for (let i = 0; i < 3; i++) {
    const ty = y + h * (0.24 - i * 0.24);
    b.quad(w * 0.2, h * 0.19, [-w * 0.37, ty, z0], '#0f3260', { glow: 1 });
    b.quad(
      w * 0.12 * (0.6 + ((i + seed) % 3) * 0.2),
      h * 0.05,
      [-w * 0.39, ty + h * 0.02, z0 * 2],
      i === 1 ? '#ffcf4a' : accent,
      { glow: 1 },
    );
  }
  // Centre: a stylised region map made of district blocks.
  const blocks = [
    [-0.1, 0.08, 0.12, 0.16],
    [0.03, 0.1, 0.13, 0.12],
    [0.02, -0.06, 0.16, 0.16],
    [-0.12, -0.1, 0.09, 0.14],
    [0.12, -0.02, 0.07, 0.2],
  ] as const;
  for (const [i, [bx, by, bw, bh]] of blocks.entries()) {
    const c = (i + seed) % 4 === 0 ? '#ff8a3d' : i % 2 ? '#1d7fb8' : '#2aa7a0';
    b.quad(w * bw, h * bh * 1.6, [w * bx, y + h * by * 1.6, z0 + i * 0.0005], c, { glow: 1 });
  }
  // Right: bar chart and line chart.
  for (let i = 0; i < 7; i++) {
    const bh = h * (0.08 + (((i * 5 + seed * 3) % 7) / 7) * 0.2);
    b.quad(w * 0.022, bh, [w * (0.27 + i * 0.032), y + h * 0.05 + bh / 2, z0], i % 3 ? accent : '#7cf2c6', { glow: 1 });
  }
  let px = w * 0.26;
  let py = y - h * 0.25;
  for (let i = 0; i < 6; i++) {
    const nx = px + w * 0.035;
    const ny = y - h * (0.25 - (((i * 3 + seed) % 5) / 5) * 0.16);
    const len = Math.hypot(nx - px, ny - py);
    b.quad(len, h * 0.012, [(px + nx) / 2, (py + ny) / 2, z0], '#ffcf4a', {
      glow: 1,
      rot: [0, 0, (Math.atan2(ny - py, nx - px) * 180) / Math.PI],
    });
    px = nx;
    py = ny;
  }
}

/** A ceiling-hung sign board: blue panel with white "text" bars, centred at (0, y). */
export function hangingSign(b: KitBuilder, w: number, h: number, y: number, ceiling: number, color: Hex = P.govBlue): void {
  for (const x of [-w / 2 + 0.1, w / 2 - 0.1])
    b.box([0.015, ceiling - y - h / 2, 0.015], [x, (ceiling + y + h / 2) / 2, 0], P.steelDark);
  b.box([w, h, 0.05], [0, y, 0], color, { glow: 0.35 });
  for (const z of [0.026, -0.026]) {
    b.at([0, 0, z], z > 0 ? 0 : 180, () => {
      b.quad(w * 0.6, h * 0.28, [0, y + h * 0.08, 0.001], '#f4f7fb', { glow: 1 });
      b.quad(w * 0.4, h * 0.12, [0, y - h * 0.25, 0.001], '#b9d3f0', { glow: 1 });
    });
  }
}
