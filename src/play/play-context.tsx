// What the play screen shares between the 3D scene and the DOM panel: the course, the attempt
// store, the focus store and UI-only state (where the learner stands, which hotspot is open).
// In an assessment the course is the public view, played with a grader that only records: the
// step model carries the server's grading instead, which the server gives only after the
// attempt has ended (so during play: none, and the screens say the answer was recorded).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { serverStepResult, useAttemptView } from '../client/sync-attempt-views.ts';
import type { AttemptMode } from '../engine/attempt-actions.ts';
import type { PlaySource } from '../engine/attempt-play.ts';
import type { AttemptStore } from '../engine/attempt-store.ts';
import type { StepRecord } from '../engine/attempt-state.ts';
import type { PlayedCourse, PlayedScene, PublicStep } from '../engine/public-view.ts';
import type { StepResponse, StepResult } from '../engine/responses.ts';

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
  /** What the screens show: the course file in practice, its public view in an assessment. */
  readonly course: PlayedCourse;
  /** What the attempt is played on: the course file (open-book) or the public view and its grader. */
  readonly play: PlaySource;
  readonly attempt: AttemptStore;
  readonly ui: StoreApi<PlayUiState>;
  /** practice: graded here, open-book; assessment: graded by the server. */
  readonly mode: AttemptMode;
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
  readonly scene: PlayedScene;
  readonly step: PublicStep;
  readonly sceneIndex: number;
  readonly stepIndex: number;
  readonly draft: StepResponse | null;
  readonly phase: 'presented' | 'responding' | 'evaluated';
  /**
   * The graded step. In an assessment its result is the server's, or an empty one (no lines, no
   * points) until the server's arrives: the browser grades nothing there.
   */
  readonly record: StepRecord | undefined;
  /** Where record.result comes from: this browser (practice), the server, or nowhere yet. */
  readonly grading: 'local' | 'server' | 'pending';
  readonly isLastStepOfScene: boolean;
  readonly isLastStep: boolean;
}

/** Stands in for a submitted assessment step's result until the server's arrives. */
export const NOT_YET_GRADED: StepResult = Object.freeze({ score: 0, max: 0, lines: [] });

/** The current step and its response, or null between scenes and after the end. */
export function useStepModel(): StepModel | null {
  const { course, attempt, mode } = usePlay();
  const { sceneIndex, stepIndex, draft, phase, status, records, attemptId } = useStore(
    attempt,
    useShallow((s) => ({
      sceneIndex: s.sceneIndex,
      stepIndex: s.stepIndex,
      draft: s.draft,
      phase: s.phase,
      status: s.status,
      records: s.records,
      attemptId: s.attemptId,
    })),
  );
  const view = useAttemptView(attemptId);
  if (status !== 'in-progress') return null;
  const scene = course.scenes[sceneIndex];
  const step = scene?.steps[stepIndex];
  if (!scene || !step) return null;
  const local = phase === 'evaluated' ? records.find((r) => r.sceneId === scene.id && r.stepId === step.id) : undefined;
  const fromServer = mode === 'assessment' && local ? serverStepResult(view, scene.id, step.id) : undefined;
  const record = local && mode === 'assessment' ? { ...local, result: fromServer ?? NOT_YET_GRADED } : local;
  const grading = mode === 'practice' ? 'local' : fromServer ? 'server' : 'pending';
  return {
    scene,
    step,
    sceneIndex,
    stepIndex,
    draft,
    phase,
    record,
    grading,
    isLastStepOfScene: stepIndex === scene.steps.length - 1,
    isLastStep: sceneIndex === course.scenes.length - 1 && stepIndex === scene.steps.length - 1,
  };
}
