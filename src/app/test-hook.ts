// The typed test hook (e2e builds only): Playwright reads the app's state, the renderer's counts
// and where objects are on screen through window.__shixunTest, instead of guessing at pixels.
import type { Camera, WebGLRenderer } from 'three';
import { Vector3 } from 'three';
import type { AttemptStore } from '../engine/attempt-store.ts';
import type { LearningEvent } from '../engine/learning-events.ts';
import type { FocusStore } from '../scenes/interaction/focus-store.ts';

export interface ShixunTestHook {
  attempt: AttemptStore | null;
  focus: FocusStore | null;
  events: LearningEvent[];
  gl: WebGLRenderer | null;
  camera: Camera | null;
  invalidate: (() => void) | null;
  /** Frames rendered since the canvas mounted. */
  frames: number;
  /** performance.now() at the first rendered frame. */
  firstFrameAt: number | null;
  /** JS milliseconds of the most recent frames (frame loop start → render done), newest last. */
  frameTimes: number[];
  /** React commits of the app (a Profiler counts them). */
  commits: number;
  /** Completes the current step with some valid response and moves on (jumps ahead in tests). */
  skipStep: (() => void) | null;
  /** The emulated headset (IWER XRDevice), when installed. */
  xrDevice: unknown;
  info(): { calls: number; triangles: number; programs: number; geometries: number; textures: number };
  /** Renders n more frames and resolves after them. */
  waitFrames(n: number): Promise<void>;
  /** Where an interactable's centre is on screen, in CSS pixels of the page. */
  screenPoint(id: string): { x: number; y: number } | null;
  worldCenter(id: string): [number, number, number] | null;
}

const hook: ShixunTestHook = {
  attempt: null,
  focus: null,
  events: [],
  gl: null,
  camera: null,
  invalidate: null,
  frames: 0,
  firstFrameAt: null,
  frameTimes: [],
  commits: 0,
  skipStep: null,
  xrDevice: null,
  info() {
    const info = hook.gl?.info;
    return {
      calls: info?.render.calls ?? 0,
      triangles: info?.render.triangles ?? 0,
      programs: info?.programs?.length ?? 0,
      geometries: info?.memory.geometries ?? 0,
      textures: info?.memory.textures ?? 0,
    };
  },
  async waitFrames(n) {
    const target = hook.frames + n;
    while (hook.frames < target) {
      hook.invalidate?.();
      await new Promise((r) => setTimeout(r, 16));
    }
  },
  screenPoint(id) {
    const item = hook.focus?.getState().items.get(id);
    const canvas = hook.gl?.domElement;
    if (!item || !hook.camera || !canvas) return null;
    const v = new Vector3(...item.center).project(hook.camera);
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
  },
  worldCenter(id) {
    const item = hook.focus?.getState().items.get(id);
    return item ? [...item.center] : null;
  },
};

export function testHook(): ShixunTestHook {
  (window as unknown as { __shixunTest: ShixunTestHook }).__shixunTest = hook;
  return hook;
}
