// The typed test hook (e2e builds only): Playwright reads the app's state, the renderer's counts
// and where objects are on screen through window.__shixunTest, instead of guessing at pixels.
import type { XRDevice } from 'iwer';
import type { Camera, Object3D, Scene, WebGLRenderer } from 'three';
import { Raycaster, Vector2, Vector3 } from 'three';
import type { AttemptStore } from '../engine/attempt-store.ts';
import type { LearningEvent } from '../engine/learning-events.ts';

// The hook is a leaf under the views: the scene's focus store and the headset's comfort controls
// write into it, so it names only the parts of them it reads (their types live here, not there).

/** What the hook reads of the scene's focus store (src/scenes/interaction/focus-store.ts): each interactable's hit box. */
export interface TestFocusStore {
  getState(): {
    readonly items: ReadonlyMap<
      string,
      {
        readonly label: string;
        readonly center: readonly [number, number, number];
        readonly size: readonly [number, number, number];
        readonly yaw: number;
      }
    >;
    /** The object the keyboard focus ring is on. */
    readonly focusedId: string | null;
    /** The card being carried (grabbed, or picked up with Enter). */
    readonly heldId: string | null;
  };
}

/** What the e2e tests read back of the headset comfort controls (src/xr/comfort-locomotion.ts writes it). */
export interface ComfortProbe {
  rig: { x: number; y: number; z: number; yaw: number };
  lift: number;
  fading: boolean;
  /** Frames drawn with the fade part-way (0 < opacity < 1): zero under reduced motion. */
  fadeFrames: number;
  snapTurns: number;
  recenters: number;
  follows: number;
  /** The smooth-locomotion vignette's strength now (0 = none, 1 = full). */
  vignette: number;
  /** XR frames with the vignette showing (strength above zero). */
  vignetteFrames: number;
}

export interface ShixunTestHook {
  attempt: AttemptStore | null;
  focus: TestFocusStore | null;
  events: LearningEvent[];
  gl: WebGLRenderer | null;
  camera: Camera | null;
  scene: Scene | null;
  /** Where the learner stands now (the XR origin), in world space. */
  station: { position: [number, number, number]; yaw: number } | null;
  /** The headset comfort controls' readout (rig pose, lift, fades, turns, vignette), while a scene is open. */
  comfort: ComfortProbe | null;
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
  xrDevice: XRDevice | null;
  info(): { calls: number; triangles: number; programs: number; geometries: number; textures: number };
  /**
   * Renders n more frames and resolves after them: the frame loop resolves it (no polling). With
   * no canvas on the page (the results page), nothing renders: it resolves at the next animation frame.
   */
  waitFrames(n: number): Promise<void>;
  /**
   * Resolves once `check(hook)` is true, tested now and after every rendered frame (frames keep
   * coming while it waits); rejects after `timeoutMs`.
   */
  waitUntil(check: (hook: ShixunTestHook) => unknown, timeoutMs?: number): Promise<void>;
  /** Called by the scene probe after each rendered frame: resolves the frame waits that are due. */
  frameRendered(): void;
  /** Called by the scene probe when its canvas goes: no more frames will come, so every frame wait resolves. */
  framesEnded(): void;
  /** Where an interactable's centre is on screen, in CSS pixels of the page. */
  screenPoint(id: string): { x: number; y: number } | null;
  worldCenter(id: string): [number, number, number] | null;
  /** The interactable a click at this page point would hit first (hit boxes only). */
  pickAt(x: number, y: number): string | null;
  /** A page point inside the canvas where a click hits this interactable first, or null. */
  findClickPoint(id: string): { x: number; y: number } | null;
}

/** Frame waits pending: each resolves once `frames` reaches `at`. */
const frameWaits: { at: number; resolve: () => void }[] = [];

const hook: ShixunTestHook = {
  attempt: null,
  focus: null,
  events: [],
  gl: null,
  camera: null,
  scene: null,
  station: null,
  comfort: null,
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
  waitFrames(n) {
    // A page without a canvas (the results page) renders no frames: one animation frame is enough.
    if (!hook.gl?.domElement.isConnected) return new Promise((resolve) => requestAnimationFrame(() => resolve()));
    if (n <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      frameWaits.push({ at: hook.frames + n, resolve });
      // The frame loop renders on demand: ask for a frame (frameRendered asks for the next ones).
      hook.invalidate?.();
    });
  },
  async waitUntil(check, timeoutMs = 15_000) {
    const deadline = performance.now() + timeoutMs;
    while (!check(hook)) {
      if (performance.now() > deadline) throw new Error(`waitUntil: still false after ${timeoutMs} ms: ${String(check)}`);
      // One frame; a loop that stalled (a paused XR session) is looked at again after 100 ms.
      await Promise.race([hook.waitFrames(1), new Promise((resolve) => setTimeout(resolve, 100))]);
    }
  },
  frameRendered() {
    for (let i = frameWaits.length - 1; i >= 0; i--) {
      const wait = frameWaits[i]!;
      if (hook.frames >= wait.at) {
        frameWaits.splice(i, 1);
        wait.resolve();
      }
    }
    // Someone still waits: keep the demand loop going (an XR session renders every frame anyway).
    if (frameWaits.length > 0) hook.invalidate?.();
  },
  framesEnded() {
    for (const wait of frameWaits.splice(0)) wait.resolve();
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
  pickAt(x, y) {
    const canvas = hook.gl?.domElement;
    if (!canvas || !hook.camera || !hook.scene) return null;
    const rect = canvas.getBoundingClientRect();
    const ndc = new Vector2(((x - rect.left) / rect.width) * 2 - 1, -((y - rect.top) / rect.height) * 2 + 1);
    const raycaster = new Raycaster();
    raycaster.setFromCamera(ndc, hook.camera);
    const targets: Object3D[] = [];
    hook.scene.traverse((o) => {
      if (o.name.startsWith('hit:')) targets.push(o);
    });
    const hit = raycaster.intersectObjects(targets, false)[0];
    return hit ? hit.object.name.slice(4) : null;
  },
  findClickPoint(id) {
    const item = hook.focus?.getState().items.get(id);
    const canvas = hook.gl?.domElement;
    if (!item || !hook.camera || !canvas) return null;
    const rect = canvas.getBoundingClientRect();
    const [cx, cy, cz] = item.center;
    const [w, h] = item.size;
    const yaw = (item.yaw * Math.PI) / 180;
    // Sample points across the hit box's front; the first one that hits this object wins.
    for (const fy of [0, -0.25, 0.25, -0.4, 0.4]) {
      for (const fx of [0, -0.3, 0.3, -0.42, 0.42]) {
        const local = new Vector3(fx * w, fy * h, 0).applyAxisAngle(new Vector3(0, 1, 0), yaw);
        const p = new Vector3(cx + local.x, cy + local.y, cz + local.z).project(hook.camera);
        if (p.z > 1 || Math.abs(p.x) > 0.98 || Math.abs(p.y) > 0.98) continue;
        const point = { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
        if (hook.pickAt(point.x, point.y) === id) return point;
      }
    }
    return null;
  },
};

export function testHook(): ShixunTestHook {
  (window as unknown as { __shixunTest: ShixunTestHook }).__shixunTest = hook;
  return hook;
}
