// What each viewer may see. A role sees the shared board, the public timeline, its own briefing
// and private items, the columns other roles granted it, and only the requests and messages it
// sent or received. The trainer sees everything. Built fresh from the state; nothing is hidden
// by the client.
import type { Localized } from '../course/schema-parts.ts';
import { missingPreconditions } from './apply.ts';
import type { Exercise } from './schema.ts';
import { exerciseOutcome } from './score.ts';
import { elapsedAt, variableValues, type ExerciseState } from './state.ts';

export function exerciseView(ex: Exercise, s: ExerciseState, viewer: string): unknown {
  const t = elapsedAt(s, s.clock.lastAtMs);
  const phase = ex.phases[s.phaseIndex];
  const values = variableValues(ex, s, t);
  const common = {
    exercise: { id: ex.id, title: ex.title, summary: ex.summary },
    viewer,
    phase: {
      id: phase?.id ?? '',
      title: phase?.title,
      index: s.phaseIndex,
      count: ex.phases.length,
      startedMs: s.phaseStartedMs,
    },
    phases: ex.phases.map((p) => ({ id: p.id, title: p.title, minutes: p.minutes })),
    clock: { elapsedMs: t, paused: s.clock.runningSinceAtMs === null && !s.finished, finished: s.finished },
    roles: ex.roles.map((r) => ({ id: r.id, name: r.name, remit: r.remit })),
    board: ex.board,
    variables: ex.variables.map((v) => ({ id: v.id, label: v.label, value: values[v.id] ?? 0 })),
    timeline: s.timeline,
    injects: ex.injects
      .filter((i) => s.injects[i.id] !== undefined)
      .map((i) => ({ id: i.id, title: i.title, text: i.text, atMs: s.injects[i.id] })),
    legalBases: ex.legalBases,
    /** The actions already taken, as the timeline names them to everyone (label and announcement). */
    taken: ex.actions
      .filter((a) => s.done[a.id] !== undefined)
      .map((a) => ({ id: a.id, role: a.role, label: a.label, ...(a.announce ? { announce: a.announce } : {}) })),
  };
  if (viewer === 'trainer') {
    return {
      ...common,
      allRoles: ex.roles,
      allInjects: ex.injects.map((i) => ({
        id: i.id,
        title: i.title,
        atMinute: i.atMinute,
        fired: s.injects[i.id] !== undefined,
      })),
      /** Every action, so the trainer can act for a role nobody holds. */
      allActions: ex.actions.map((a) => ({
        id: a.id,
        role: a.role,
        label: a.label,
        done: s.done[a.id] !== undefined,
        inPhase: a.phases.includes(phase?.id ?? ''),
      })),
      done: s.done,
      requests: s.requests,
      received: s.received,
      messages: s.messages,
      outcome: exerciseOutcome(ex, s),
    };
  }
  const role = ex.roles.find((r) => r.id === viewer);
  if (!role) return { ...common, messages: s.messages.filter((m) => m.to === 'all') };

  const received = Object.entries(s.received[role.id] ?? {}).flatMap(([itemId, fields]) => {
    for (const owner of ex.roles) {
      const item = owner.private.find((i) => i.id === itemId);
      if (item?.kind !== 'table') continue;
      const keep = item.columns.map((c, i) => (fields.includes(c.id) ? i : -1)).filter((i) => i >= 0);
      return [
        {
          item: item.id,
          from: owner.id,
          title: item.title,
          columns: keep.map((i) => item.columns[i]),
          rows: item.rows.map((row) => keep.map((i) => row[i] ?? '')),
        },
      ];
    }
    return [];
  });
  const outcome = s.finished ? exerciseOutcome(ex, s) : null;
  return {
    ...common,
    role: { id: role.id, name: role.name, remit: role.remit, briefing: role.briefing, private: role.private },
    received,
    actions: ex.actions
      .filter((a) => a.role === role.id)
      .map((a) => ({
        id: a.id,
        label: a.label,
        phases: a.phases,
        done: s.done[a.id] !== undefined,
        inPhase: a.phases.includes(phase?.id ?? ''),
        missing: missingPreconditions(ex, s, a, t),
      })),
    canRequest: ex.requests
      .filter((q) => q.from.includes(role.id))
      .map((q) => ({ id: q.id, to: q.to, phases: q.phases, purpose: q.purpose, ...catalogueEntry(ex, q.item) })),
    requests: s.requests.filter((r) => r.from === role.id || r.to === role.id),
    messages: s.messages.filter((m) => m.to === 'all' || m.to === role.id || m.from === role.id),
    outcome: outcome && { team: outcome.team, role: outcome.roles[role.id], variables: outcome.variables },
  };
}

/** A requestable table's catalogue entry: its title and column labels, never its rows. */
function catalogueEntry(
  ex: Exercise,
  itemId: string,
): { item: string; title?: Localized; columns: { id: string; label: Localized }[] } {
  for (const role of ex.roles) {
    const item = role.private.find((i) => i.id === itemId);
    if (item?.kind === 'table') return { item: item.id, title: item.title, columns: item.columns };
  }
  return { item: itemId, columns: [] };
}
