// The learner's comfort settings on this device: snap-turn angle, smooth locomotion, seated mode and
// reduced motion. A shared headset keeps them in localStorage, so each device remembers its own.
// The app makes the device's one comfort store at start-up (src/app/services.ts) and provides it
// through ComfortContext; the page's form, the headset's panel and the rig read the same one.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { KeyValueStorage } from '../client/storage.ts';

export const SNAP_ANGLES = [15, 30, 45, 90] as const;
export type SnapAngle = (typeof SNAP_ANGLES)[number];
/** `system` follows the operating system's `prefers-reduced-motion`; `on`/`off` override it. */
export const REDUCED_MOTION_SETTINGS = ['system', 'on', 'off'] as const;
export type ReducedMotionSetting = (typeof REDUCED_MOTION_SETTINGS)[number];

export type ComfortSettings = Readonly<{
  /** Degrees the view turns per thumbstick flick. @default 30 */
  snapAngle: SnapAngle;
  /** Thumbsticks move (left) and turn (right) smoothly instead of teleport and snap turn. @default false */
  smoothLocomotion: boolean;
  /** Narrows the view with a soft dark ring while moving or turning smoothly (a comfort aid). @default true */
  vignette: boolean;
  /** Raises the rig so a seated learner's eyes are at standing height. @default false */
  seated: boolean;
  /** Fades become cuts, nothing pulses or glides. @default 'system' */
  reducedMotion: ReducedMotionSetting;
}>;

export const COMFORT_DEFAULTS: ComfortSettings = {
  snapAngle: 30,
  smoothLocomotion: false,
  vignette: true,
  seated: false,
  reducedMotion: 'system',
};
export const COMFORT_STORAGE_KEY = 'shixun.comfort.v1';
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

/** Reads stored settings field by field: a missing, unknown or damaged value falls back to its default. */
export function parseComfortSettings(raw: string | null): ComfortSettings {
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) stored = parsed as Record<string, unknown>;
  } catch {
    // Damaged JSON: start from the defaults rather than failing the session.
  }
  const pick = <T>(value: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(value as T) ? (value as T) : fallback;
  return {
    snapAngle: pick(stored.snapAngle, SNAP_ANGLES, COMFORT_DEFAULTS.snapAngle),
    smoothLocomotion: pick(stored.smoothLocomotion, [true, false], COMFORT_DEFAULTS.smoothLocomotion),
    vignette: pick(stored.vignette, [true, false], COMFORT_DEFAULTS.vignette),
    seated: pick(stored.seated, [true, false], COMFORT_DEFAULTS.seated),
    reducedMotion: pick(stored.reducedMotion, REDUCED_MOTION_SETTINGS, COMFORT_DEFAULTS.reducedMotion),
  };
}

export type ComfortState = ComfortSettings &
  Readonly<{
    /** What the system's `prefers-reduced-motion` says now. @default false */
    systemReducedMotion: boolean;
    actions: {
      set(patch: Partial<ComfortSettings>): void;
      reset(): void;
    };
  }>;

/** Whether motion should be reduced now: the learner's override, else the system's wish. */
export function reducedMotionActive(s: Pick<ComfortState, 'reducedMotion' | 'systemReducedMotion'>): boolean {
  return s.reducedMotion === 'on' || (s.reducedMotion === 'system' && s.systemReducedMotion);
}

/** The part of `MediaQueryList` the store needs (tests pass their own). */
export interface ReducedMotionQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: (e: { matches: boolean }) => void): void;
}

export type ComfortStore = ReturnType<typeof createComfortStore>;

/** The comfort settings kept in `storage`, following the system's wish through `query` when given. */
export function createComfortStore({ storage, query = null }: { storage: KeyValueStorage; query?: ReducedMotionQuery | null }) {
  const store = createStore<ComfortState>()((set, get) => {
    const save = () => {
      storage.set(COMFORT_STORAGE_KEY, JSON.stringify(pickSettings(get())));
    };
    return {
      ...parseComfortSettings(storage.get(COMFORT_STORAGE_KEY)),
      systemReducedMotion: query?.matches ?? false,
      actions: {
        set: (patch) => {
          // Only known values get in, so a bad caller cannot persist a broken setting.
          set(parseComfortSettings(JSON.stringify({ ...pickSettings(get()), ...patch })));
          save();
        },
        reset: () => {
          set(COMFORT_DEFAULTS);
          storage.remove(COMFORT_STORAGE_KEY);
        },
      },
    };
  });
  query?.addEventListener('change', (e) => store.setState({ systemReducedMotion: e.matches }));
  return store;
}

function pickSettings(s: ComfortSettings): ComfortSettings {
  return {
    snapAngle: s.snapAngle,
    smoothLocomotion: s.smoothLocomotion,
    vignette: s.vignette,
    seated: s.seated,
    reducedMotion: s.reducedMotion,
  };
}

export const ComfortContext = createContext<ComfortStore | null>(null);

/** The device's comfort store; throws outside the provider, which is a wiring mistake. */
export function useComfortStore(): ComfortStore {
  const store = useContext(ComfortContext);
  if (!store) throw new Error('useComfortStore: no ComfortContext above this component (src/app/app.tsx provides it).');
  return store;
}

/** Reads the device's comfort settings. */
export function useComfortSettings<T>(selector: (state: ComfortState) => T): T {
  return useStore(useComfortStore(), selector);
}
