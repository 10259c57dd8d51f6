// The server's answers about assessment attempts (AttemptView: its grading of each submitted
// step and, at the end, the official result), kept in a store and in local storage, so feedback
// and results show at once after a reload or while offline.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StepResult } from '../engine/responses.ts';
import { attemptViewSchema, type AttemptView } from '../contracts/attempt-view.ts';
import { useClientServices } from './client-context.ts';
import type { KeyValueStorage } from './storage.ts';

export type { AttemptView } from '../contracts/attempt-view.ts';

export type AttemptViewsState = Readonly<{
  /** By attempt id. @default {} */
  views: Readonly<Record<string, AttemptView>>;
}>;

const KEY = 'shixun.attemptViews';
/** Enough for every course's latest attempts; the oldest are forgotten first. */
const KEEP = 30;

export function isAttemptView(value: unknown): value is AttemptView {
  return attemptViewSchema.safeParse(value).success;
}

function remembered(storage: KeyValueStorage): Record<string, AttemptView> {
  try {
    const parsed: unknown = JSON.parse(storage.get(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, view]) => isAttemptView(view))) as Record<string, AttemptView>;
  } catch {
    return {};
  }
}

export type AttemptViewStore = StoreApi<AttemptViewsState>;

/** The server's answers this device remembers in `storage` (made once, at start-up). */
export function createAttemptViews(storage: KeyValueStorage) {
  const store: AttemptViewStore = createStore<AttemptViewsState>()(() => ({ views: remembered(storage) }));

  /** Keeps the server's latest answer for an attempt (an older answer never replaces a newer one). */
  const rememberAttemptView = (view: AttemptView): void => {
    const views = store.getState().views;
    const held = views[view.attemptId];
    if (held && held.received > view.received) return;
    // Re-inserted last, so the object's key order is oldest first.
    const { [view.attemptId]: _previous, ...others } = views;
    const next = Object.fromEntries([...Object.entries(others).slice(-(KEEP - 1)), [view.attemptId, view]]);
    store.setState({ views: next });
    storage.set(KEY, JSON.stringify(next));
  };

  return { store, rememberAttemptView };
}

export type AttemptViews = ReturnType<typeof createAttemptViews>;

export function useAttemptView(attemptId: string): AttemptView | undefined {
  return useStore(useClientServices().attemptViews.store, (s) => s.views[attemptId]);
}

/** The server's grading of one submitted step, when it has arrived. */
export function serverStepResult(view: AttemptView | undefined, sceneId: string, stepId: string): StepResult | undefined {
  return view?.steps.find((s) => s.sceneId === sceneId && s.stepId === stepId)?.result;
}
