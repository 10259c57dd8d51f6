// Scores with reasons: each role's points from the ledger its actions and answers wrote, the
// team's from the roles plus the outcome rules judged on the variables. Maxima come from the file.
import type { ExerciseOutcome, ExerciseReason, RoleScore } from './rules.ts';
import type { Exercise } from './schema.ts';
import { elapsedAt, variableValues, type ExerciseState } from './state.ts';
import { conditionsHold } from './apply.ts';

/** A reason with the points it gave (negative for a loss). */
export interface ScoredReason extends ExerciseReason {
  readonly points: number;
}

export function roleMaxPoints(ex: Exercise, roleId: string): number {
  const actions = ex.actions.filter((a) => a.role === roleId && a.points > 0).reduce((n, a) => n + a.points, 0);
  const answers = ex.requests.filter((r) => r.to === roleId).reduce((n, r) => n + r.points, 0);
  return actions + answers;
}

export function teamMaxPoints(ex: Exercise): number {
  const roles = ex.roles.reduce((n, r) => n + roleMaxPoints(ex, r.id), 0);
  return roles + ex.outcomes.filter((o) => o.points > 0).reduce((n, o) => n + o.points, 0);
}

const clamp = (value: number, max: number): number => Math.min(max, Math.max(0, value));

export function exerciseOutcome(ex: Exercise, s: ExerciseState): ExerciseOutcome {
  const t = elapsedAt(s, s.clock.lastAtMs);
  const variables = variableValues(ex, s, t);
  let rolesRaw = 0;
  const roles: Record<string, RoleScore> = {};
  for (const role of ex.roles) {
    const reasons: ScoredReason[] = s.scores
      .filter((e) => e.role === role.id)
      .map((e) => ({ code: e.code, text: e.text, points: e.points }));
    const raw = reasons.reduce((n, r) => n + r.points, 0);
    rolesRaw += raw;
    const max = roleMaxPoints(ex, role.id);
    roles[role.id] = { score: clamp(raw, max), max, reasons };
  }
  const teamReasons: ScoredReason[] = ex.outcomes
    .filter((o) => conditionsHold(ex, s, o.when, t) && o.done.every((d) => s.done[d]))
    .map((o) => ({ code: `outcome:${o.id}`, text: o.reason, points: o.points }));
  const teamMax = teamMaxPoints(ex);
  const teamRaw = rolesRaw + teamReasons.reduce((n, r) => n + r.points, 0);
  return { finished: s.finished, team: { score: clamp(teamRaw, teamMax), max: teamMax, reasons: teamReasons }, roles, variables };
}
