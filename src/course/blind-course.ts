// A course rebuilt from its public view, for assessments: the same structure, ids and navigation
// (dialogue routes, lab data, timed clocks), so the engine and every scene and widget play it
// unchanged, but with neutral placeholders wherever the public view dropped an answer key. Its
// local grading is therefore meaningless: the UI never shows it; the server grades the log.
import { stableShuffle, type PublicCourse, type PublicStep } from './public-view.ts';
import type { Course, Localized, Option, Step } from './schema.ts';

/** The placeholder for every removed text (feedback, explanations, notes). Never shown. */
export const BLIND_TEXT: Localized = Object.freeze({ 'zh-CN': '—', en: '—' });

/** What a widget says instead of a blind course's feedback line: the choice is kept, not graded here. */
export const CHOICE_RECORDED: Localized = Object.freeze({ 'zh-CN': '已记录你的选择；考核由服务器评分。', en: 'Choice recorded; the server grades assessments.' });

/** True for a placeholder text of a blind course: a feedback line carrying it says nothing. */
export function isBlindText(text: Localized): boolean {
  return text['zh-CN'] === BLIND_TEXT['zh-CN'] && text.en === BLIND_TEXT.en;
}

// Where the schema requires a positive number (classify items, sequences) every item gets the
// same 1: a constant tells nothing. Elsewhere points are 0.
const NEUTRAL_POSITIVE_POINTS = 1;

const blindOption = (o: { id: string; text: Localized }): Option => ({ id: o.id, text: o.text, points: 0, feedback: BLIND_TEXT });

/**
 * The order X for which the engine's opening shuffle (stableShuffle keyed by the step id, as in
 * sequenceKind.empty) yields exactly `shown`. The public view lists sequence items in the order
 * the learner first sees them, which is also the server's opening draft; X makes the blind step
 * open in that same order. X is computed from public data only, so it holds no answer.
 */
function preimageOfShuffle<T>(shown: readonly T[], key: string): T[] {
  // The shuffle is a fixed permutation for a given key and length: learn it on indices.
  const permutation = stableShuffle(shown.map((_, i) => i), key);
  const out = new Array<T>(shown.length);
  permutation.forEach((from, k) => {
    out[from] = shown[k]!;
  });
  return out;
}

function blindStep(step: PublicStep): Step {
  const base = {
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
        hotspots: step.hotspots.map((h) => ({ id: h.id, prop: h.prop, hazard: false, fixes: h.fixes.map(blindOption), explanation: BLIND_TEXT })),
      };
    case 'choice':
      return { ...base, type: 'choice', multiple: step.multiple, ...(step.prop !== undefined && { prop: step.prop }), options: step.options.map(blindOption) };
    case 'classify': {
      const firstBin = step.bins[0]?.id ?? '';
      return {
        ...base,
        type: 'classify',
        bins: step.bins.map((b) => ({ id: b.id, label: b.label })),
        items: step.items.map((i) => ({ id: i.id, label: i.label, bin: firstBin, points: NEUTRAL_POSITIVE_POINTS, feedback: BLIND_TEXT })),
      };
    }
    case 'sequence':
      return {
        ...base,
        type: 'sequence',
        items: preimageOfShuffle(step.items, step.id).map((i) => ({ id: i.id, text: i.text })),
        points: NEUTRAL_POSITIVE_POINTS,
        feedback: BLIND_TEXT,
      };
    case 'dialogue':
      return {
        ...base,
        type: 'dialogue',
        variables: step.variables,
        start: step.start,
        nodes: step.nodes.map((n) => ({
          id: n.id,
          speaker: n.speaker,
          text: n.text,
          end: n.end,
          options: n.options.map((o) => ({ ...blindOption(o), next: o.next, ...(o.effects && { effects: o.effects }) })),
          ...(n.route && { route: n.route.map((r) => ({ next: r.next, ...(r.if && { if: r.if }) })) }),
        })),
      };
    case 'lab':
      // No goals: the model's targets are answer keys. The data and the model are the exercise.
      return {
        ...base,
        type: 'lab',
        data: step.data,
        groupColumn: step.groupColumn,
        groups: step.groups,
        outcomeColumn: step.outcomeColumn,
        features: step.features,
        threshold: step.threshold,
        thresholdRange: step.thresholdRange,
        questions: step.questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options.map(blindOption) })),
      };
    case 'timed':
      // No deadlines, one outcome for any counter: the consequences are the server's to tell.
      return {
        ...base,
        type: 'timed',
        timeLimitSeconds: step.timeLimitSeconds,
        minutesPerSecond: step.minutesPerSecond,
        counter: step.counter,
        actions: step.actions.map((a) => ({ ...blindOption(a), minutes: a.minutes, ...(a.spreadFactor !== undefined && { spreadFactor: a.spreadFactor }) })),
        outcomes: [{ max: Number.MAX_SAFE_INTEGER, text: BLIND_TEXT }],
      };
  }
}

/** The public view as a playable Course (see the file header). Pure: same input, same output. */
export function blindCourse(view: PublicCourse): Course {
  return {
    schemaVersion: 1,
    id: view.id,
    version: view.version,
    domain: view.domain,
    title: view.title,
    summary: view.summary,
    objectives: [...view.objectives],
    creditHours: view.creditHours,
    estimatedMinutes: view.estimatedMinutes,
    masteryScore: view.masteryScore,
    ...(view.dimensions.length > 0 && { dimensions: view.dimensions.map((d) => ({ id: d.id, title: d.title })) }),
    scenes: view.scenes.map((scene) => ({
      id: scene.id,
      title: scene.title,
      intro: scene.intro,
      environment: scene.environment,
      notes: BLIND_TEXT,
      sources: [BLIND_TEXT.en],
      stations: [...scene.stations],
      props: [...scene.props],
      steps: scene.steps.map(blindStep),
    })),
  };
}
