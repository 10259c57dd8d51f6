// Learning events → xAPI 2.0 statements. Activity IRIs are stable (base + course, scene, step
// ids), the attempt id is the registration, and each statement's id is derived from the event's
// stable id, so re-sending after a reload is recognised by the LRS as the same statement.
import type { Course, Localized, Step } from '../course/schema.ts';
import type { LearningEvent } from '../engine/learning-events.ts';
import type { StepDraw } from '../engine/draw.ts';
import { stepInteraction } from '../engine/step-kinds/index.ts';
import type { LanguageMap, XapiActivity, XapiAgent, XapiStatement } from './xapi-statement.ts';

/** The base of Shixun's IRIs. They identify things; nothing ever fetches them. */
export const DEFAULT_IRI_BASE = 'https://id.shixun.local/xapi';

export const VERBS = {
  launched: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched', 'zh-CN': '启动' } },
  initialized: { id: 'http://adlnet.gov/expapi/verbs/initialized', display: { 'en-US': 'initialized', 'zh-CN': '开始' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'zh-CN': '作答' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed', 'zh-CN': '完成' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed', 'zh-CN': '合格' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'en-US': 'failed', 'zh-CN': '未合格' } },
  terminated: { id: 'http://adlnet.gov/expapi/verbs/terminated', display: { 'en-US': 'terminated', 'zh-CN': '结束' } },
} as const;

const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  scene: 'http://adlnet.gov/expapi/activities/module',
  step: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

export interface StatementContext {
  readonly course: Course;
  readonly actor: XapiAgent;
  readonly mode: 'practice' | 'assessment';
  readonly locale: 'zh-CN' | 'en';
  readonly iriBase?: string;
  /** What an assessment attempt drew of the steps with variants or a pool: each such step's statements name it. */
  readonly draws?: readonly StepDraw[];
  /** The extra time an assessment attempt's learner had on timed steps (1.25, 1.5, 2); absent: none. Every statement names it. */
  readonly extraTime?: number;
}

/** A draw as the `draw` extension writes it: `variant:2` (0 is the step's own question) or `items:a,b,c`. */
export function drawText(draw: StepDraw): string {
  return 'variant' in draw ? `variant:${draw.variant}` : `items:${draw.items.join(',')}`;
}

export const iris = (base: string, courseId: string) => ({
  course: `${base}/courses/${courseId}`,
  scene: (sceneId: string) => `${base}/courses/${courseId}/scenes/${sceneId}`,
  step: (sceneId: string, stepId: string) => `${base}/courses/${courseId}/scenes/${sceneId}/steps/${stepId}`,
  extension: (name: string) => `${base}/extensions/${name}`,
});

const languageMap = (text: Localized): LanguageMap => ({ 'zh-CN': text['zh-CN'], 'en-US': text.en });

/** ISO 8601 duration with hundredths of a second, as xAPI recommends. */
export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 10)) / 100;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round((total % 60) * 100) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s}S`;
}

/**
 * A UUID (version 8, RFC 9562) for the n-th statement of an attempt: the attempt's random UUID
 * with its last 32 bits mixed with n. Deterministic, so a retry carries the same id.
 */
export function statementId(attemptId: string, n: number): string {
  const hex = attemptId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`attempt id "${attemptId}" is not a UUID`);
  const tail = ((parseInt(hex.slice(24), 16) ^ Math.imul(n + 1, 2654435761)) >>> 0).toString(16).padStart(8, '0');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = `${hex.slice(0, 12)}8${hex.slice(13, 16)}${variant}${hex.slice(17, 24)}${tail}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function stepActivity(ctx: StatementContext, sceneId: string, step: Step): XapiActivity {
  const id = iris(ctx.iriBase ?? DEFAULT_IRI_BASE, ctx.course.id).step(sceneId, step.id);
  const base = { type: ACTIVITY_TYPES.step, name: languageMap(step.title), description: languageMap(step.prompt) };
  // The step kind says what could be answered; correct responses are never sent (they are keys).
  const interaction = stepInteraction(step);
  const component = (c: { readonly id: string; readonly text: Localized }) => ({ id: c.id, description: languageMap(c.text) });
  switch (interaction.interactionType) {
    case 'choice':
    case 'sequencing':
      return {
        objectType: 'Activity',
        id,
        definition: { ...base, interactionType: interaction.interactionType, choices: interaction.choices.map(component) },
      };
    case 'matching':
      return {
        objectType: 'Activity',
        id,
        definition: {
          ...base,
          interactionType: 'matching',
          source: interaction.source.map(component),
          target: interaction.target.map(component),
        },
      };
    case 'other':
      return { objectType: 'Activity', id, definition: { ...base, interactionType: 'other' } };
  }
}

/** The statements one learning event becomes (none, one, or several). */
export function statementsForEvent(ctx: StatementContext, event: LearningEvent, sequence: number): XapiStatement[] {
  const base = ctx.iriBase ?? DEFAULT_IRI_BASE;
  const iri = iris(base, ctx.course.id);
  const course = ctx.course;
  const courseActivity: XapiActivity = {
    objectType: 'Activity',
    id: iri.course,
    definition: { type: ACTIVITY_TYPES.course, name: languageMap(course.title), description: languageMap(course.summary) },
  };
  const sceneActivity = (sceneId: string): XapiActivity => {
    const scene = course.scenes.find((s) => s.id === sceneId)!;
    return {
      objectType: 'Activity',
      id: iri.scene(sceneId),
      definition: { type: ACTIVITY_TYPES.scene, name: languageMap(scene.title) },
    };
  };
  const make = (
    n: number,
    verb: (typeof VERBS)[keyof typeof VERBS],
    object: XapiActivity,
    extra: Partial<Pick<XapiStatement, 'result'>> = {},
    parents: string[] = [],
    drawn?: { readonly sceneId: string; readonly stepId: string },
  ): XapiStatement => ({
    id: statementId(event.attemptId, n),
    actor: ctx.actor,
    verb,
    object,
    ...extra,
    context: {
      registration: event.attemptId,
      revision: event.courseVersion,
      platform: 'Shixun',
      language: ctx.locale,
      contextActivities: {
        ...(parents.length && { parent: parents.map((id) => ({ objectType: 'Activity' as const, id })) }),
        grouping: [{ objectType: 'Activity', id: iri.course }],
      },
      extensions: {
        [iri.extension('course-version')]: event.courseVersion,
        [iri.extension('mode')]: ctx.mode,
        [iri.extension('event')]: event.id,
        ...drawExtension(drawn),
        ...(ctx.extraTime !== undefined && ctx.extraTime !== 1 && { [iri.extension('extra-time')]: ctx.extraTime }),
      },
    },
    timestamp: new Date(event.at).toISOString(),
  });
  function drawExtension(step: { readonly sceneId: string; readonly stepId: string } | undefined): Record<string, string> {
    const draw = step && ctx.draws?.find((d) => d.sceneId === step.sceneId && d.stepId === step.stepId);
    return draw ? { [iri.extension('draw')]: drawText(draw) } : {};
  }
  // Four id slots per event keep ids unique when one event becomes several statements.
  const n = sequence * 4;
  const score = (raw: number, max: number) => ({
    raw: Math.round(raw * 100) / 100,
    min: 0,
    max,
    scaled: max > 0 ? Math.round((raw / max) * 10000) / 10000 : 0,
  });
  switch (event.type) {
    case 'attempt-started':
      return [make(n, VERBS.launched, courseActivity), make(n + 1, VERBS.initialized, courseActivity)];
    case 'step-presented':
      return [];
    case 'responded': {
      const step = course.scenes.find((s) => s.id === event.sceneId)?.steps.find((s) => s.id === event.stepId);
      if (!step) return [];
      return [
        make(
          n,
          VERBS.answered,
          stepActivity(ctx, event.sceneId, step),
          { result: { response: JSON.stringify(event.response), completion: true } },
          [iri.scene(event.sceneId)],
          event,
        ),
      ];
    }
    case 'evaluated': {
      const step = course.scenes.find((s) => s.id === event.sceneId)?.steps.find((s) => s.id === event.stepId);
      if (!step) return [];
      const s = score(event.result.score, event.result.max);
      return [
        make(
          n,
          VERBS.completed,
          stepActivity(ctx, event.sceneId, step),
          {
            result: {
              score: s,
              success: s.scaled >= course.masteryScore,
              completion: true,
              duration: isoDuration(event.durationMs),
            },
          },
          [iri.scene(event.sceneId)],
          event,
        ),
      ];
    }
    case 'scene-completed': {
      const s = score(event.score, event.max);
      return [
        make(
          n,
          VERBS.completed,
          sceneActivity(event.sceneId),
          { result: { score: s, completion: true, duration: isoDuration(event.durationMs) } },
          [iri.course],
        ),
      ];
    }
    case 'attempt-finished': {
      const s = score(event.score, event.max);
      const result = { score: s, success: event.passed, completion: true, duration: isoDuration(event.durationMs) };
      return [
        make(n, VERBS.completed, courseActivity, { result }),
        make(n + 1, event.passed ? VERBS.passed : VERBS.failed, courseActivity, { result }),
        make(n + 2, VERBS.terminated, courseActivity, { result: { duration: isoDuration(event.durationMs) } }),
      ];
    }
  }
}

/** Every statement of an attempt, from its events in order. */
export function statementsForEvents(ctx: StatementContext, events: readonly LearningEvent[]): XapiStatement[] {
  return events.flatMap((event) => statementsForEvent(ctx, event, Number(event.id.slice(event.id.lastIndexOf(':') + 1))));
}
