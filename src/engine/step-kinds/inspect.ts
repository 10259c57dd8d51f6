// Find and fix: each hazard found earns its find points plus the chosen fix's points; each decoy
// flagged costs its penalty whatever fix was chosen; hazards not found are explained as missed.
import type { InspectStep } from '../../course/schema.ts';
import type { FeedbackLine, InspectResponse } from '../responses.ts';
import { clamp, unknownIds, type StepKind } from './step-kind.ts';
import { stepMaxPoints } from '../../course/max-score.ts';

export const inspectKind: StepKind<InspectStep, InspectResponse> = {
  empty: () => ({ type: 'inspect', found: {} }),
  check: (step, r) => {
    const bad = unknownIds(Object.keys(r.found), step.hotspots.map((h) => h.id), 'hotspot');
    if (bad) return bad;
    for (const [hotspotId, fixId] of Object.entries(r.found)) {
      const hotspot = step.hotspots.find((h) => h.id === hotspotId)!;
      if (fixId !== null && !(hotspot.fixes ?? []).some((f) => f.id === fixId)) return `hotspot "${hotspotId}" has no fix "${fixId}"`;
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
        lines.push({ ref: hotspot.id, points: -(hotspot.penalty ?? 0), verdict: 'wrong', text: fix?.feedback ?? hotspot.explanation });
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
    const max = stepMaxPoints(step);
    return { score: clamp(lines.reduce((s, l) => s + l.points, 0), 0, max), max, lines };
  },
};
