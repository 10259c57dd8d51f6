// Small pure edits of a draft response, shared by every input path (3D widgets, DOM panel, tests),
// so a keyboard user and a headset user change a response in exactly the same way.
import type {
  ChoiceResponse,
  ClassifyResponse,
  DialogueResponse,
  InspectResponse,
  LabResponse,
  SequenceResponse,
  TimedResponse,
} from './responses.ts';
import { timedStartMs } from './step-kinds/timed/clock.ts';

export const inspectEdits = {
  flag: (r: InspectResponse, hotspotId: string): InspectResponse =>
    Object.hasOwn(r.found, hotspotId) ? r : { ...r, found: { ...r.found, [hotspotId]: null } },
  chooseFix: (r: InspectResponse, hotspotId: string, fixId: string): InspectResponse => ({
    ...r,
    found: { ...r.found, [hotspotId]: fixId },
  }),
  unflag: (r: InspectResponse, hotspotId: string): InspectResponse => {
    const found = { ...r.found };
    delete found[hotspotId];
    return { ...r, found };
  },
};

export const choiceEdits = {
  toggle: (r: ChoiceResponse, optionId: string, multiple: boolean): ChoiceResponse => {
    if (!multiple) return { ...r, selected: [optionId] };
    return {
      ...r,
      selected: r.selected.includes(optionId) ? r.selected.filter((id) => id !== optionId) : [...r.selected, optionId],
    };
  },
};

export const classifyEdits = {
  place: (r: ClassifyResponse, itemId: string, binId: string): ClassifyResponse => ({
    ...r,
    placements: { ...r.placements, [itemId]: binId },
  }),
  unplace: (r: ClassifyResponse, itemId: string): ClassifyResponse => {
    const placements = { ...r.placements };
    delete placements[itemId];
    return { ...r, placements };
  },
};

export const sequenceEdits = {
  swap: (r: SequenceResponse, a: string, b: string): SequenceResponse => {
    const order = [...r.order];
    const i = order.indexOf(a);
    const j = order.indexOf(b);
    if (i < 0 || j < 0 || i === j) return r;
    [order[i], order[j]] = [order[j]!, order[i]!];
    return { ...r, order };
  },
  move: (r: SequenceResponse, id: string, delta: number): SequenceResponse => {
    const order = [...r.order];
    const i = order.indexOf(id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= order.length) return r;
    order.splice(i, 1);
    order.splice(j, 0, id);
    return { ...r, order };
  },
};

export const dialogueEdits = {
  choose: (r: DialogueResponse, optionId: string): DialogueResponse => ({ ...r, path: [...r.path, optionId] }),
};

export const labEdits = {
  toggleFeature: (r: LabResponse, featureId: string): LabResponse => ({
    ...r,
    removed: r.removed.includes(featureId) ? r.removed.filter((id) => id !== featureId) : [...r.removed, featureId],
  }),
  /** Moves the threshold, kept inside the step's range and on a 0.01 grid. */
  setThreshold: (r: LabResponse, value: number, range: readonly [number, number]): LabResponse => ({
    ...r,
    threshold: Math.round(Math.min(range[1], Math.max(range[0], value)) * 100) / 100,
  }),
  answer: (r: LabResponse, questionId: string, optionId: string): LabResponse => ({
    ...r,
    answers: { ...r.answers, [questionId]: optionId },
  }),
};

export const timedEdits = {
  /** The learner pressed Start `startedMs` after the step was presented; once only. */
  start: (r: TimedResponse, startedMs: number): TimedResponse =>
    timedStartMs(r) !== null ? r : { ...r, startedMs: Math.max(0, Math.round(startedMs)) },
  act: (r: TimedResponse, actionId: string, atMs: number): TimedResponse =>
    r.endedMs !== null || r.done.some((d) => d.id === actionId)
      ? r
      : { ...r, done: [...r.done, { id: actionId, atMs: Math.max(atMs, r.done.at(-1)?.atMs ?? 0) }] },
  end: (r: TimedResponse, atMs: number): TimedResponse =>
    r.endedMs !== null ? r : { ...r, endedMs: Math.max(atMs, r.done.at(-1)?.atMs ?? 0) },
};
