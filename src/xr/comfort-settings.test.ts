import { describe, expect, it } from 'vitest';
import {
  COMFORT_DEFAULTS,
  COMFORT_STORAGE_KEY,
  createComfortStore,
  parseComfortSettings,
  reducedMotionActive,
  type ReducedMotionQuery,
} from './comfort-settings.ts';
import type { KeyValueStorage } from '../client/storage.ts';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v), remove: (k) => void data.delete(k) };
}

/** A media query whose answer the test changes, as the OS setting would. */
function fakeQuery(matches: boolean): ReducedMotionQuery & { change(to: boolean): void } {
  const listeners: ((e: { matches: boolean }) => void)[] = [];
  return {
    matches,
    addEventListener: (_type, listener) => void listeners.push(listener),
    change: (to) => listeners.forEach((l) => l({ matches: to })),
  };
}

describe('comfort settings', () => {
  it('starts from comfortable defaults: 30° snap turn, no smooth locomotion (vignette on when it is), standing, follow the system', () => {
    const store = createComfortStore({ storage: memoryStorage() });
    const { snapAngle, smoothLocomotion, vignette, seated, reducedMotion } = store.getState();
    expect({ snapAngle, smoothLocomotion, vignette, seated, reducedMotion }).toEqual(COMFORT_DEFAULTS);
    expect(COMFORT_DEFAULTS).toEqual({
      snapAngle: 30,
      smoothLocomotion: false,
      vignette: true,
      seated: false,
      reducedMotion: 'system',
    });
  });

  it('persists every change on this device and reads it back in a new session', () => {
    const storage = memoryStorage();
    createComfortStore({ storage }).getState().actions.set({ snapAngle: 45, seated: true, reducedMotion: 'on' });
    expect(JSON.parse(storage.data.get(COMFORT_STORAGE_KEY)!)).toEqual({
      snapAngle: 45,
      smoothLocomotion: false,
      vignette: true,
      seated: true,
      reducedMotion: 'on',
    });
    const again = createComfortStore({ storage }).getState();
    expect([again.snapAngle, again.seated, again.reducedMotion, again.smoothLocomotion]).toEqual([45, true, 'on', false]);
  });

  it('ignores damaged or unknown stored values field by field', () => {
    expect(parseComfortSettings('{not json')).toEqual(COMFORT_DEFAULTS);
    expect(parseComfortSettings('[1,2]')).toEqual(COMFORT_DEFAULTS);
    expect(
      parseComfortSettings(
        JSON.stringify({ snapAngle: 20, smoothLocomotion: 'yes', vignette: 0, seated: true, reducedMotion: 'sometimes' }),
      ),
    ).toEqual({ ...COMFORT_DEFAULTS, seated: true });
    // Settings stored before the vignette existed keep what they had and gain its default.
    expect(
      parseComfortSettings(JSON.stringify({ snapAngle: 45, smoothLocomotion: true, seated: false, reducedMotion: 'off' })),
    ).toEqual({ ...COMFORT_DEFAULTS, snapAngle: 45, smoothLocomotion: true, reducedMotion: 'off' });
  });

  it('never stores a value outside the allowed set, even when a caller passes one', () => {
    const storage = memoryStorage();
    const store = createComfortStore({ storage });
    store.getState().actions.set({ snapAngle: 45 });
    store.getState().actions.set({ snapAngle: 7 as never });
    expect(store.getState().snapAngle).toBe(30);
    expect(JSON.parse(storage.data.get(COMFORT_STORAGE_KEY)!).snapAngle).toBe(30);
  });

  it('reset goes back to the defaults and forgets the stored copy', () => {
    const storage = memoryStorage();
    const store = createComfortStore({ storage });
    store.getState().actions.set({ smoothLocomotion: true });
    store.getState().actions.reset();
    expect(store.getState().smoothLocomotion).toBe(false);
    expect(storage.data.has(COMFORT_STORAGE_KEY)).toBe(false);
  });

  it('reduces motion when the system asks for it, follows the system changing its mind, and lets the learner override it', () => {
    const query = fakeQuery(true);
    const store = createComfortStore({ storage: memoryStorage(), query });
    expect(reducedMotionActive(store.getState())).toBe(true);
    query.change(false);
    expect(reducedMotionActive(store.getState())).toBe(false);
    store.getState().actions.set({ reducedMotion: 'on' });
    expect(reducedMotionActive(store.getState())).toBe(true);
    query.change(true);
    store.getState().actions.set({ reducedMotion: 'off' });
    expect(reducedMotionActive(store.getState())).toBe(false);
  });
});
