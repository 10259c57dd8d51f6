// Find and fix: each hazard found earns its find points plus the chosen fix's points; each decoy
// flagged costs its penalty whatever fix was chosen; hazards not found are explained as missed.
import { z } from 'zod';
import { stepMaxPoints } from '../../../course/max-score.ts';
import { inRoomOrder } from '../../../course/room-order.ts';
import type { InspectStep } from '../../../course/schema.ts';
import type { FeedbackLine } from '../../responses.ts';
import { stableShuffle } from '../shuffle.ts';
import {
  others,
  publicOption,
  summedGrade,
  thinkMs,
  unknownIds,
  type PublicOption,
  type PublicStepBase,
  type StepKind,
} from '../step-kind.ts';
import { ref } from '../response-schema.ts';

/** Hazards and decoys alike: nothing here, not even the order, says which one a hotspot is. */
export interface PublicHotspot {
  readonly id: string;
  readonly prop: string;
  readonly fixes?: readonly PublicOption[] | undefined;
}

export type PublicInspectStep = PublicStepBase & { readonly type: 'inspect'; readonly hotspots: readonly PublicHotspot[] };

/** What the learner has answered so far: plain JSON, what the browser sends and the grader replays. */
export type InspectResponse = {
  readonly type: 'inspect';
  /** Hotspots the learner flagged, with the fix chosen (null: flagged, no fix chosen yet); decoys offer fixes too. */
  readonly found: Readonly<Record<string, string | null>>;
};

export const inspectKind: StepKind<InspectStep, PublicInspectStep, InspectResponse> = {
  responseSchema: z.strictObject({ type: z.literal('inspect'), found: z.record(ref, ref.nullable()) }),
  // Hotspots in the room's order, fixes shuffled: the list says nothing about which is a decoy.
  publicStep: (step, base, scene) => ({
    ...base,
    type: 'inspect',
    hotspots: inRoomOrder(step.hotspots, scene.props).map((h) => ({
      id: h.id,
      prop: h.prop,
      fixes: stableShuffle((h.fixes ?? []).map(publicOption), `${step.id}/${h.id}`),
    })),
  }),
  empty: () => ({ type: 'inspect', found: {} }),
  check: (step, r) => {
    const bad = unknownIds(
      Object.keys(r.found),
      step.hotspots.map((h) => h.id),
      'hotspot',
    );
    if (bad) return bad;
    for (const [hotspotId, fixId] of Object.entries(r.found)) {
      const hotspot = step.hotspots.find((h) => h.id === hotspotId)!;
      if (fixId !== null && !(hotspot.fixes ?? []).some((f) => f.id === fixId))
        return `hotspot "${hotspotId}" has no fix "${fixId}"`;
    }
    return null;
  },
  complete: () => true,
  grade: (step, r) => {
    const lines: FeedbackLine[] = [];
    for (const hotspot of step.hotspots) {
      const flagged = Object.hasOwn(r.found, hotspot.id);
      if (!hotspot.hazard) {
        if (!flagged) continue;
        // The chosen fix's feedback says why that action was not needed; its points never count.
        const fix = hotspot.fixes?.find((f) => f.id === r.found[hotspot.id]);
        lines.push({
          ref: hotspot.id,
          points: -(hotspot.penalty ?? 0),
          verdict: 'wrong',
          text: fix?.feedback ?? hotspot.explanation,
        });
        continue;
      }
      if (!flagged) {
        lines.push({ ref: hotspot.id, points: 0, verdict: 'missed', text: hotspot.explanation });
        continue;
      }
      const fixes = hotspot.fixes ?? [];
      const fix = fixes.find((f) => f.id === r.found[hotspot.id]);
      const best = Math.max(...fixes.map((f) => f.points));
      const points = (hotspot.findPoints ?? 0) + (fix?.points ?? 0);
      lines.push({
        ref: hotspot.id,
        points,
        verdict: !fix ? 'partial' : fix.points >= best ? 'full' : fix.points > 0 ? 'partial' : 'wrong',
        text: fix?.feedback ?? hotspot.explanation,
      });
    }
    return summedGrade(lines, stepMaxPoints(step));
  },
  interaction: () => ({ interactionType: 'other' }),
  // Nothing flagged is a complete answer.
  sampleAnswer: (_step, draft) => draft,
  demoAnswer: (step, skill, random) => {
    const found: Record<string, string | null> = {};
    for (const hotspot of step.hotspots) {
      const fixes = hotspot.fixes ?? [];
      if (hotspot.hazard) {
        if (!random.chance(skill)) continue;
        if (fixes.length === 0) {
          found[hotspot.id] = null;
          continue;
        }
        const best = fixes.reduce((a, b) => (b.points > a.points ? b : a));
        const worse = others(fixes, best);
        found[hotspot.id] = random.chance(skill) || worse.length === 0 ? best.id : random.pick(worse).id;
      } else if (random.chance((1 - skill) * 0.4)) {
        // A decoy flagged: the learner thought it risky and picked some fix.
        found[hotspot.id] = fixes.length > 0 ? random.pick(fixes).id : null;
      }
    }
    const response: InspectResponse = { type: 'inspect', found };
    return { response, thinkMs: thinkMs(60, skill, random) };
  },
};
