// The browser-safe view of a course: the same structure without answer keys, points, feedback or
// instructor notes. Assessment attempts ship only this; the server grades against the full course.
// Authors tend to write the best option first, so every option list is shuffled (stably, by id):
// the order of choices, fixes, dialogue replies, lab answers and timed actions tells nothing.
import { inRoomOrder } from './room-order.ts';
import type { Condition, Course, DataTable, LabStep, Localized, Prop, Scene, Station, Step, TimedStep } from './schema.ts';

interface PublicOption {
  readonly id: string;
  readonly text: Localized;
}

/** Hazards and decoys alike: nothing here, not even the order, says which one a hotspot is. */
export interface PublicHotspot {
  readonly id: string;
  readonly prop: string;
  readonly fixes: readonly PublicOption[];
}

interface PublicStepBase {
  readonly id: string;
  readonly title: Localized;
  readonly prompt: Localized;
  readonly station?: string;
  readonly dimension?: string;
}

export type PublicStep =
  | PublicLab
  | PublicTimed
  | (PublicStepBase & { readonly type: 'inspect'; readonly hotspots: readonly PublicHotspot[] })
  | (PublicStepBase & { readonly type: 'choice'; readonly multiple: boolean; readonly prop?: string; readonly options: readonly PublicOption[] })
  | (PublicStepBase & { readonly type: 'classify'; readonly bins: readonly { id: string; label: Localized }[]; readonly items: readonly { id: string; label: Localized }[] })
  | (PublicStepBase & { readonly type: 'sequence'; readonly items: readonly PublicOption[] })
  | (PublicStepBase & {
      readonly type: 'dialogue';
      readonly variables: Readonly<Record<string, number>>;
      readonly start: string;
      readonly nodes: readonly {
        id: string;
        speaker: Localized;
        text: Localized;
        end: boolean;
        options: readonly (PublicOption & { next: string; effects?: Readonly<Record<string, number>> })[];
        route?: readonly { if?: Condition; next: string }[];
      }[];
    });

type PublicLab = PublicStepBase & {
  readonly type: 'lab';
  readonly data: DataTable;
  readonly groupColumn: string;
  readonly groups: LabStep['groups'];
  readonly outcomeColumn: string;
  readonly features: LabStep['features'];
  readonly threshold: number;
  readonly thresholdRange: LabStep['thresholdRange'];
  readonly questions: readonly { id: string; prompt: Localized; options: readonly PublicOption[] }[];
};

type PublicTimed = PublicStepBase & {
  readonly type: 'timed';
  readonly timeLimitSeconds: number;
  readonly minutesPerSecond: number;
  readonly counter: TimedStep['counter'];
  readonly actions: readonly (PublicOption & { minutes: number; spreadFactor?: number })[];
};

export interface PublicScene {
  readonly id: string;
  readonly title: Localized;
  readonly intro: Localized;
  readonly environment: Scene['environment'];
  readonly stations: readonly Station[];
  readonly props: readonly Prop[];
  readonly steps: readonly PublicStep[];
}

export interface PublicCourse {
  readonly schemaVersion: number;
  readonly id: string;
  readonly version: string;
  readonly domain: Course['domain'];
  readonly title: Localized;
  readonly summary: Localized;
  readonly objectives: readonly Localized[];
  readonly creditHours: number;
  readonly estimatedMinutes: number;
  readonly masteryScore: number;
  readonly dimensions: readonly { id: string; title: Localized }[];
  readonly scenes: readonly PublicScene[];
}

const publicOption = (o: { id: string; text: Localized }): PublicOption => ({ id: o.id, text: o.text });

/** A stable shuffle keyed by the step id: the same order every time, unrelated to the answer. */
export function stableShuffle<T>(items: readonly T[], key: string): T[] {
  let seed = 2166136261;
  for (let i = 0; i < key.length; i++) seed = Math.imul(seed ^ key.charCodeAt(i), 16777619) >>> 0;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  // A shuffle that happens to keep the answer order would give it away.
  if (out.length > 1 && out.every((v, i) => v === items[i])) out.push(out.shift()!);
  return out;
}

function publicStep(step: Step, scene: Scene): PublicStep {
  const base: PublicStepBase = {
    id: step.id,
    title: step.title,
    prompt: step.prompt,
    ...(step.station !== undefined && { station: step.station }),
    ...(step.dimension !== undefined && { dimension: step.dimension }),
  };
  switch (step.type) {
    case 'inspect':
      return {
        ...base,
        type: 'inspect',
        hotspots: inRoomOrder(step.hotspots, scene.props).map((h) => ({ id: h.id, prop: h.prop, fixes: stableShuffle((h.fixes ?? []).map(publicOption), `${step.id}/${h.id}`) })),
      };
    case 'choice':
      return { ...base, type: 'choice', multiple: step.multiple ?? false, ...(step.prop !== undefined && { prop: step.prop }), options: stableShuffle(step.options.map(publicOption), step.id) };
    case 'classify':
      return { ...base, type: 'classify', bins: step.bins.map((b) => ({ id: b.id, label: b.label })), items: step.items.map((i) => ({ id: i.id, label: i.label })) };
    case 'sequence':
      return { ...base, type: 'sequence', items: stableShuffle(step.items.map(publicOption), step.id) };
    case 'dialogue':
      return {
        ...base,
        type: 'dialogue',
        variables: step.variables ?? {},
        start: step.start,
        nodes: step.nodes.map((n) => ({
          id: n.id,
          speaker: n.speaker,
          text: n.text,
          end: n.end ?? false,
          options: stableShuffle((n.options ?? []).map((o) => ({ id: o.id, text: o.text, next: o.next, ...(o.effects && { effects: o.effects }) })), `${step.id}/${n.id}`),
          ...(n.route && { route: n.route.map((r) => ({ next: r.next, ...(r.if && { if: r.if }) })) }),
        })),
      };
    case 'lab':
      // The learner sees the model and the data (that is the exercise), not the goals or answers.
      return {
        ...base,
        type: 'lab',
        data: step.data ?? { columns: [], rows: [] },
        groupColumn: step.groupColumn,
        groups: step.groups,
        outcomeColumn: step.outcomeColumn,
        features: step.features,
        threshold: step.threshold,
        thresholdRange: step.thresholdRange,
        questions: step.questions.map((q) => ({ id: q.id, prompt: q.prompt, options: stableShuffle(q.options.map(publicOption), `${step.id}/${q.id}`) })),
      };
    case 'timed':
      return {
        ...base,
        type: 'timed',
        timeLimitSeconds: step.timeLimitSeconds,
        minutesPerSecond: step.minutesPerSecond,
        counter: step.counter,
        actions: stableShuffle(step.actions.map((a) => ({ ...publicOption(a), minutes: a.minutes, ...(a.spreadFactor !== undefined && { spreadFactor: a.spreadFactor }) })), step.id),
      };
  }
}

export function toPublicCourse(course: Course): PublicCourse {
  return {
    schemaVersion: course.schemaVersion,
    id: course.id,
    version: course.version,
    domain: course.domain,
    title: course.title,
    summary: course.summary,
    objectives: course.objectives,
    creditHours: course.creditHours,
    estimatedMinutes: course.estimatedMinutes,
    masteryScore: course.masteryScore,
    dimensions: course.dimensions ?? [],
    scenes: course.scenes.map((scene) => ({
      id: scene.id,
      title: scene.title,
      intro: scene.intro,
      environment: scene.environment,
      stations: scene.stations,
      props: scene.props,
      steps: scene.steps.map((step) => publicStep(step, scene)),
    })),
  };
}
