// The inspect step's format: props to find hazards and decoys in, each with fixes to choose from.
import { z } from 'zod';
import type { PathSegment } from '../problems.ts';
import { id, localizedSchema, optionSchema, stepBase } from '../schema-parts.ts';
import { checkRef, checkUnique, type Report, type StepFormat } from '../step-format.ts';

export const hotspotSchema = z.strictObject({
  id,
  /** The prop the learner points at to find this hotspot. */
  prop: id,
  /** false for a decoy: something that looks risky but is fine. */
  hazard: z.boolean(),
  /** Points earned for finding a hazard (before the fix). */
  findPoints: z.number().min(0).optional(),
  /** Points lost for flagging a decoy, whichever fix the learner picks. */
  penalty: z.number().min(0).optional(),
  /**
   * What the learner can do about it: at least two choices, for decoys as for hazards, so neither
   * the screen nor the public view tells them apart. A decoy's fixes earn nothing (points ≤ 0,
   * usually 0; its penalty is the cost) and their feedback says why the action was not needed.
   */
  fixes: z.array(optionSchema).optional(),
  /** Why this is (or is not) a hazard: shown when the hotspot is found or missed. */
  explanation: localizedSchema,
});
export type Hotspot = z.infer<typeof hotspotSchema>;

export const inspectStep = z.strictObject({
  ...stepBase,
  type: z.literal('inspect'),
  hotspots: z.array(hotspotSchema).min(1),
});

export type InspectStep = z.infer<typeof inspectStep>;

export const inspectFormat: StepFormat<InspectStep> = {
  check: (step, path, { props }, report) => {
    checkUnique(step.hotspots, [...path, 'hotspots'], 'hotspot', report);
    const propsUsed = new Set<string>();
    step.hotspots.forEach((h, i) => {
      const hp = [...path, 'hotspots', i];
      checkRef(h.prop, props, [...hp, 'prop'], 'prop', report);
      if (propsUsed.has(h.prop))
        report([...hp, 'prop'], `prop "${h.prop}" already has a hotspot in this step: one hotspot per prop`);
      propsUsed.add(h.prop);
      if (h.hazard) checkHazard(h, hp, report);
      else checkDecoy(h, hp, report);
      if (h.fixes) checkUnique(h.fixes, [...hp, 'fixes'], 'fix', report);
    });
    if (!step.hotspots.some((h) => h.hazard)) report([...path, 'hotspots'], 'an inspect step needs at least one hazard');
  },
  maxPoints: (step) =>
    step.hotspots
      .filter((h) => h.hazard)
      .reduce((sum, h) => sum + (h.findPoints ?? 0) + Math.max(0, ...(h.fixes ?? []).map((f) => f.points)), 0),
};

function checkHazard(h: Hotspot, path: PathSegment[], report: Report): void {
  if (!h.fixes?.length) report([...path, 'fixes'], 'a hazard needs at least two fixes to choose from');
  else if (h.fixes.length < 2)
    report([...path, 'fixes'], 'a hazard needs at least two fixes to choose from, so the choice means something');
  if (h.penalty) report([...path, 'penalty'], 'penalty applies to decoys only');
}

/** A decoy must look like a hazard everywhere the learner can see it, so it needs fixes too, none rewarded. */
function checkDecoy(h: Hotspot, path: PathSegment[], report: Report): void {
  if ((h.fixes?.length ?? 0) < 2)
    report([...path, 'fixes'], 'a decoy needs at least 2 fix options like a hazard, or the public view reveals it is a decoy');
  h.fixes?.forEach((f, k) => {
    if (f.points !== 0)
      report(
        [...path, 'fixes', k, 'points'],
        `a decoy's fix earns nothing (flagging a decoy costs its penalty): use points: 0 and say in the feedback why the action is not needed`,
      );
  });
  if (h.findPoints) report([...path, 'findPoints'], 'a decoy earns no points for being found: use penalty instead');
}
