import { describe, expect, it } from 'vitest';
import {
  clearHalfAngleDeg,
  createVignette,
  smoothMotionAmount,
  VIGNETTE_CLEAR_FULL_DEG,
  VIGNETTE_CLEAR_NONE_DEG,
  VIGNETTE_EDGE_DEG,
  VIGNETTE_IN_S,
  VIGNETTE_MAX_OPACITY,
  VIGNETTE_OUT_S,
  vignetteOpacity,
} from './vignette.ts';

describe('vignette controller', () => {
  it('eases in within VIGNETTE_IN_S of full motion and out within VIGNETTE_OUT_S of stopping, at any frame rate', () => {
    for (const fps of [20, 72, 120]) {
      const v = createVignette();
      const dt = 1 / fps;
      let t = 0;
      while (v.step(dt, 1) < 1) t += dt;
      expect(t).toBeLessThanOrEqual(VIGNETTE_IN_S + dt);
      expect(t).toBeGreaterThanOrEqual(VIGNETTE_IN_S - 2 * dt);
      t = 0;
      while (v.step(dt, 0) > 0) t += dt;
      expect(t).toBeLessThanOrEqual(VIGNETTE_OUT_S + dt);
      expect(t).toBeGreaterThanOrEqual(VIGNETTE_OUT_S - 2 * dt);
    }
  });

  it('follows a half-pushed stick to half strength, never above the motion, and ignores a hitch frame', () => {
    const v = createVignette();
    for (let i = 0; i < 100; i++) v.step(1 / 72, 0.5);
    expect(v.strength).toBeCloseTo(0.5, 10);
    const w = createVignette();
    // A 2-second stall counts as 0.1 s: the ring does not snap shut in one frame.
    expect(w.step(2, 1)).toBeCloseTo(0.1 / VIGNETTE_IN_S, 10);
    expect(createVignette().step(1 / 72, 7)).toBeLessThanOrEqual(1);
    expect(createVignette().step(-1, 1)).toBe(0);
  });
});

describe('vignette shape', () => {
  it('narrows the clear view from the faint to the full half-angle', () => {
    expect(clearHalfAngleDeg(0)).toBe(VIGNETTE_CLEAR_NONE_DEG);
    expect(clearHalfAngleDeg(1)).toBe(VIGNETTE_CLEAR_FULL_DEG);
    expect(clearHalfAngleDeg(0.5)).toBeCloseTo((VIGNETTE_CLEAR_FULL_DEG + VIGNETTE_CLEAR_NONE_DEG) / 2, 10);
  });

  it('keeps the centre of the view clear at full strength and darkens the edge smoothly, never quite black', () => {
    expect(vignetteOpacity(1, 0)).toBe(0);
    expect(vignetteOpacity(1, VIGNETTE_CLEAR_FULL_DEG)).toBe(0);
    expect(vignetteOpacity(1, VIGNETTE_CLEAR_FULL_DEG + VIGNETTE_EDGE_DEG / 2)).toBeCloseTo(VIGNETTE_MAX_OPACITY / 2, 10);
    expect(vignetteOpacity(1, 90)).toBeCloseTo(VIGNETTE_MAX_OPACITY, 10);
    expect(vignetteOpacity(0, 90)).toBe(0);
    // Monotonic from the centre outwards.
    let last = -1;
    for (let a = 0; a <= 120; a += 5) {
      const o = vignetteOpacity(0.8, a);
      expect(o).toBeGreaterThanOrEqual(last);
      last = o;
    }
  });
});

describe('smooth motion amount', () => {
  it('is zero inside the dead zone and one at full deflection, from walking or turning', () => {
    expect(smoothMotionAmount(0.1, -0.15, 0.19, 0.2)).toBe(0);
    expect(smoothMotionAmount(0, -1, 0, 0.2)).toBe(1);
    expect(smoothMotionAmount(0, 0, 1, 0.2)).toBe(1);
    expect(smoothMotionAmount(0.6, 0, 0, 0.2)).toBeCloseTo(0.5, 10);
    expect(smoothMotionAmount(1, -1, 0, 0.2)).toBe(1);
  });
});
