// What the play screen shares between the 3D scene and the DOM panel: the course, the attempt
// store, the focus store and UI-only state (where the learner stands, which hotspot is open).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Course, Scene, Step } from '../course/schema.ts';
import type { AttemptStore } from '../engine/attempt-store.ts';
import type { StepRecord } from '../engine/attempt-state.ts';
import type { StepResponse } from '../engine/responses.ts';

export type PlayUiState = Readonly<{
  /** Station the learner stands at (null: the current step's station). @default null */
  stationId: string | null;
  /** Inspect steps: the hotspot whose options are showing. @default null */
  openHotspot: string | null;
}>;

export function createPlayUiStore(): StoreApi<PlayUiState> {
  return createStore<PlayUiState>()(() => ({ stationId: null, openHotspot: null }));
}

export interface PlayContextValue {
  readonly course: Course;
  readonly attempt: AttemptStore;
  readonly ui: StoreApi<PlayUiState>;
}

export const PlayContext = createContext<PlayContextValue | null>(null);

export function usePlay(): PlayContextValue {
  const value = useContext(PlayContext);
  if (!value) throw new Error('usePlay needs a <PlayContext.Provider> above it');
  return value;
}

export function usePlayUi<T>(selector: (s: PlayUiState) => T): T {
  return useStore(usePlay().ui, selector);
}

export interface StepModel {
  readonly scene: Scene;
  readonly step: Step;
  readonly sceneIndex: number;
  readonly stepIndex: number;
  readonly draft: StepResponse | null;
  readonly phase: 'presented' | 'responding' | 'evaluated';
  readonly record: StepRecord | undefined;
  readonly isLastStepOfScene: boolean;
  readonly isLastStep: boolean;
}

/** The current step and its response, or null between scenes and after the end. */
export function useStepModel(): StepModel | null {
  const { course, attempt } = usePlay();
  const { sceneIndex, stepIndex, draft, phase, status, records } = useStore(
    attempt,
    useShallow((s) => ({ sceneIndex: s.sceneIndex, stepIndex: s.stepIndex, draft: s.draft, phase: s.phase, status: s.status, records: s.records })),
  );
  if (status !== 'in-progress') return null;
  const scene = course.scenes[sceneIndex];
  const step = scene?.steps[stepIndex];
  if (!scene || !step) return null;
  const record = phase === 'evaluated' ? records.find((r) => r.sceneId === scene.id && r.stepId === step.id) : undefined;
  return {
    scene,
    step,
    sceneIndex,
    stepIndex,
    draft,
    phase,
    record,
    isLastStepOfScene: stepIndex === scene.steps.length - 1,
    isLastStep: sceneIndex === course.scenes.length - 1 && stepIndex === scene.steps.length - 1,
  };
}
