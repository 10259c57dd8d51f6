// The timed step's format: actions against a simulated clock and a growing counter, deadlines
// and the outcomes the counter can reach.
import { z } from 'zod';
import { id, localizedSchema, stepBase } from '../schema-parts.ts';
import { checkRef, checkUnique, type StepFormat } from '../step-format.ts';

export const timedStep = z.strictObject({
  ...stepBase,
  type: z.literal('timed'),
  /** Real seconds the learner has; when they run out the step is submitted as it stands. */
  timeLimitSeconds: z.number().int().min(20).max(1800),
  /** Simulated minutes that pass per real second of hesitation (on top of each action's cost). */
  minutesPerSecond: z.number().min(0),
  /** Something that gets worse while the clock runs (e.g. copies of a leaked file). */
  counter: z.strictObject({
    label: localizedSchema,
    start: z.number().min(0),
    /** Growth per simulated minute, until an action stops or slows it. */
    perMinute: z.number().min(0),
  }),
  actions: z
    .array(
      z.strictObject({
        id,
        text: localizedSchema,
        /** Simulated minutes the action takes. */
        minutes: z.number().min(0),
        points: z.number(),
        feedback: localizedSchema,
        /** Multiplies the counter's growth from then on (0 stops it, 0.5 halves it). */
        spreadFactor: z.number().min(0).optional(),
      }),
    )
    .min(3),
  /** Actions that must be done by a simulated minute to earn their points. */
  deadlines: z
    .array(
      z.strictObject({ action: id, byMinute: z.number().positive(), points: z.number().positive(), feedback: localizedSchema }),
    )
    .optional(),
  /** The consequence shown at the end, by the counter's final value: the first with counter ≤ max. */
  outcomes: z.array(z.strictObject({ max: z.number(), text: localizedSchema })).min(1),
});

export type TimedStep = z.infer<typeof timedStep>;

export const timedFormat: StepFormat<TimedStep> = {
  check: (step, path, _scene, report) => {
    const actions = checkUnique(step.actions, [...path, 'actions'], 'action', report);
    step.deadlines?.forEach((d, k) => checkRef(d.action, actions, [...path, 'deadlines', k, 'action'], 'action', report));
    step.outcomes.forEach((o, k) => {
      const prev = step.outcomes[k - 1];
      if (prev && o.max <= prev.max)
        report(
          [...path, 'outcomes', k, 'max'],
          `outcomes go from the best (lowest max) to the worst: ${o.max} must be above ${prev.max}`,
        );
    });
  },
  maxPoints: (step) =>
    step.actions.reduce((sum, a) => sum + Math.max(0, a.points), 0) +
    (step.deadlines ?? []).reduce((sum, d) => sum + d.points, 0),
};
