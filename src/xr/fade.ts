// A short fade to black and back around a sudden move (teleport, snap turn, recenter): the move
// happens while the view is dark, so the eyes never see the world jump. Under reduced motion the
// move is an instant cut and no fade frame is drawn. Time-based, so it lasts the same at 20 or 120 fps.

export interface FadeController {
  /** Runs `move` at full black (or now, when `instant`). */
  run(move: () => void, instant: boolean): void;
  /** Advances by `dt` seconds; returns the black overlay's opacity for this frame (0 = none). */
  step(dt: number): number;
  /** Whether a fade is under way. */
  readonly active: boolean;
}

export const FADE_OUT_S = 0.09;
export const FADE_IN_S = 0.12;

export function createFadeController(outS: number = FADE_OUT_S, inS: number = FADE_IN_S): FadeController {
  let phase: 'idle' | 'out' | 'in' = 'idle';
  let opacity = 0;
  const pending: (() => void)[] = [];
  return {
    run(move, instant) {
      if (instant) {
        move();
        return;
      }
      pending.push(move);
      phase = 'out';
    },
    step(dt) {
      const t = Math.min(Math.max(dt, 0), 0.1);
      if (phase === 'out') {
        opacity = Math.min(1, opacity + t / outS);
        if (opacity >= 1) {
          for (const move of pending.splice(0)) move();
          phase = 'in';
        }
      } else if (phase === 'in') {
        opacity = Math.max(0, opacity - t / inS);
        if (opacity <= 0) phase = 'idle';
      }
      return opacity;
    },
    get active() {
      return phase !== 'idle';
    },
  };
}
