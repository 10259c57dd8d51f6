// A tunnel vignette for smooth locomotion: while the thumbsticks glide or turn the view, a soft dark
// ring narrows what the eyes see at the edges, where vection (the feeling of moving while standing
// still) is strongest. It eases in quickly when motion starts and out more slowly when it stops,
// time-based like the fade. Teleport and snap turn never need it: they happen under a fade or a cut.

/** Seconds from none to full strength, and from full back to none. */
export const VIGNETTE_IN_S = 0.15;
export const VIGNETTE_OUT_S = 0.3;
/** Half-angle (degrees from the gaze) of the clear view at full strength, and at the faintest. */
export const VIGNETTE_CLEAR_FULL_DEG = 30;
export const VIGNETTE_CLEAR_NONE_DEG = 70;
/** Width of the soft edge between clear and dark, in degrees. */
export const VIGNETTE_EDGE_DEG = 20;
/** The darkest the ring gets at its outside (1 = black), so the room never disappears entirely. */
export const VIGNETTE_MAX_OPACITY = 0.92;

export interface VignetteController {
  /** Advances by `dt` seconds toward `motion` (0 = still, 1 = full stick); returns the strength now. */
  step(dt: number, motion: number): number;
  readonly strength: number;
}

export function createVignette(inS: number = VIGNETTE_IN_S, outS: number = VIGNETTE_OUT_S): VignetteController {
  let strength = 0;
  return {
    step(dt, motion) {
      const target = Math.min(1, Math.max(0, motion));
      // A long frame (a hitch) counts as at most 0.1 s, so one stall never snaps the ring shut.
      const t = Math.min(Math.max(dt, 0), 0.1);
      if (target > strength) strength = Math.min(target, strength + t / inS);
      else if (target < strength) strength = Math.max(target, strength - t / outS);
      return strength;
    },
    get strength() {
      return strength;
    },
  };
}

/** The clear view's half-angle in degrees at a strength: the stronger, the narrower. */
export function clearHalfAngleDeg(strength: number): number {
  const s = Math.min(1, Math.max(0, strength));
  return VIGNETTE_CLEAR_NONE_DEG + (VIGNETTE_CLEAR_FULL_DEG - VIGNETTE_CLEAR_NONE_DEG) * s;
}

/**
 * How dark the ring is at `angleDeg` from the gaze, for a strength (the shader computes the same
 * per fragment): clear inside the half-angle, a smooth ramp across the edge, darkest beyond it.
 */
export function vignetteOpacity(strength: number, angleDeg: number): number {
  if (strength <= 0) return 0;
  const inner = clearHalfAngleDeg(strength);
  const t = Math.min(1, Math.max(0, (angleDeg - inner) / VIGNETTE_EDGE_DEG));
  return Math.min(1, strength) * VIGNETTE_MAX_OPACITY * t * t * (3 - 2 * t);
}

/** How much the sticks move the learner this frame, 0..1, from the dead-zoned axes. */
export function smoothMotionAmount(moveX: number, moveY: number, turnX: number, deadZone: number): number {
  const live = (v: number) => (Math.abs(v) > deadZone ? (Math.abs(v) - deadZone) / (1 - deadZone) : 0);
  return Math.min(1, Math.max(Math.hypot(live(moveX), live(moveY)), live(turnX)));
}
