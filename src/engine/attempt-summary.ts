// Totals of an attempt: score against the course maximum, pass against the mastery score, per
// scene and per competency dimension, and time spent.
import { playOf, type PlaySource } from './attempt-play.ts';
import type { AttemptState } from './attempt-state.ts';
import type { PlayedScene } from './public-view.ts';

export interface ScoreTotal {
  readonly score: number;
  readonly max: number;
  /** score / max, 0–1, rounded to 4 places. */
  readonly scaled: number;
}

export interface AttemptSummary extends ScoreTotal {
  readonly passed: boolean;
  readonly completed: boolean;
  readonly durationMs: number;
  readonly scenes: readonly (ScoreTotal & { sceneId: string; durationMs: number })[];
  readonly dimensions: readonly (ScoreTotal & { dimensionId: string })[];
}

const total = (score: number, max: number): ScoreTotal => ({
  score: Math.round(score * 100) / 100,
  max,
  scaled: max > 0 ? Math.round((score / max) * 10000) / 10000 : 0,
});

/** Totals by the play's grader: the course's own maxima open-book; nothing in an assessment's browser. */
export function summarizeAttempt(source: PlaySource, state: AttemptState): AttemptSummary {
  const { course, grader } = playOf(source);
  const stepMax = (sceneId: string) => (sum: number, step: PlayedScene['steps'][number]) => sum + grader.maxPoints(sceneId, step);
  const max = course.scenes.reduce((sum, scene) => sum + scene.steps.reduce(stepMax(scene.id), 0), 0);
  const score = state.records.reduce((s, r) => s + r.result.score, 0);
  const overall = total(score, max);
  const scenes = course.scenes.map((scene) => {
    const records = state.records.filter((r) => r.sceneId === scene.id);
    const sceneMax = scene.steps.reduce(stepMax(scene.id), 0);
    const durationMs = records.reduce((d, r) => d + (r.evaluatedAt - r.presentedAt), 0);
    return {
      sceneId: scene.id,
      durationMs,
      ...total(
        records.reduce((s, r) => s + r.result.score, 0),
        sceneMax,
      ),
    };
  });
  const dimensions = (course.dimensions ?? []).map((dimension) => {
    let dScore = 0;
    let dMax = 0;
    for (const scene of course.scenes) {
      for (const step of scene.steps) {
        if (step.dimension !== dimension.id) continue;
        dMax += grader.maxPoints(scene.id, step);
        dScore += state.records.find((r) => r.sceneId === scene.id && r.stepId === step.id)?.result.score ?? 0;
      }
    }
    return { dimensionId: dimension.id, ...total(dScore, dMax) };
  });
  const completed = state.status === 'finished';
  return {
    ...overall,
    passed: completed && overall.scaled >= course.masteryScore,
    completed,
    durationMs: (completed ? state.finishedAt : (state.log.at(-1)?.at ?? state.startedAt)) - state.startedAt,
    scenes,
    dimensions,
  };
}
