// What the comfort controls share across the canvas and the page: where the task panels are laid
// out from (the station, or the learner's head after a recenter or a turn away), recenter requests
// from the 2D page or a controller, and whether the in-headset comfort panel is open.
import { createStore } from 'zustand/vanilla';
import type { TaskFrame } from './comfort-math.ts';

export type RigState = Readonly<{
  /** Where panels are laid out from; null: the current station. @default null */
  frame: TaskFrame | null;
  /** Bumped by each recenter request; the rig acts on the change. @default 0 */
  recenters: number;
  /** The comfort panel in the headset. @default false */
  panelOpen: boolean;
  actions: {
    setFrame(frame: TaskFrame | null): void;
    requestRecenter(): void;
    setPanelOpen(open: boolean): void;
  };
}>;

export type RigStore = ReturnType<typeof createRigStore>;

export function createRigStore() {
  return createStore<RigState>()((set, get) => ({
    frame: null,
    recenters: 0,
    panelOpen: false,
    actions: {
      setFrame: (frame) => set({ frame }),
      requestRecenter: () => set({ recenters: get().recenters + 1 }),
      setPanelOpen: (panelOpen) => set({ panelOpen }),
    },
  }));
}

let shared: RigStore | undefined;

/** The page's one rig store, created on first use. */
export function rigStore(): RigStore {
  shared ??= createRigStore();
  return shared;
}
