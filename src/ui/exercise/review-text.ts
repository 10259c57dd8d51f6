// What one entry of a session's log did, in words, for the after-action review: the command as the
// exercise names it (the action's label, the request's purpose, the answer's legal basis, the
// inject's title), and for the clock what it set off. Pure: the page passes its translators.
import type { Localized } from '../../course/schema-parts.ts';
import type { ExerciseReplayEntry } from '../../contracts/exercise-types.ts';
import type { ExerciseLogEntry } from '../../exercise/replay.ts';
import type { Exercise } from '../../exercise/schema.ts';
import type { UiKey } from '../../i18n/strings.ts';

type L = (text: Localized) => string;
type T = (key: UiKey, values?: Record<string, string | number>) => string;

/** The entries as the exercise's replay reads them. */
export function logEntries(log: readonly ExerciseReplayEntry[]): ExerciseLogEntry[] {
  return log.map((entry) =>
    entry.kind === 'clock' || entry.actor === null
      ? { seq: entry.seq, atMs: Date.parse(entry.at), clock: true as const }
      : {
          seq: entry.seq,
          atMs: Date.parse(entry.at),
          actor: { userId: entry.actor.userId, role: entry.actor.role },
          command: entry.command,
          accepted: entry.accepted,
        },
  );
}

/** The role's name in the exercise, 'trainer' and 'all' in words, or the id itself. */
export function roleLabel(exercise: Exercise, roleId: string, l: L, t: T): string {
  if (roleId === 'trainer') return t('exercise_trainer');
  if (roleId === 'all') return t('exercise_toAll');
  const role = exercise.roles.find((r) => r.id === roleId);
  return role ? l(role.name) : roleId;
}

function field(command: unknown, name: string): unknown {
  return command !== null && typeof command === 'object' ? (command as Record<string, unknown>)[name] : undefined;
}

/** The command of one entry in words; a command that does not parse is shown as its type. */
export function commandText(exercise: Exercise, command: unknown, l: L, t: T): string {
  const type = field(command, 'type');
  switch (type) {
    case 'act': {
      const action = exercise.actions.find((a) => a.id === field(command, 'action'));
      return t('review_cmdAct', { action: action ? l(action.label) : String(field(command, 'action')) });
    }
    case 'request': {
      const request = exercise.requests.find((r) => r.id === field(command, 'request'));
      const fields = field(command, 'fields');
      return t('review_cmdRequest', {
        to: request ? roleLabel(exercise, request.to, l, t) : '?',
        purpose: request ? l(request.purpose) : String(field(command, 'request')),
        fields: Array.isArray(fields) ? fields.join(t('exercise_listSeparator')) : '',
      });
    }
    case 'answer': {
      const basis = exercise.legalBases.find((b) => b.id === field(command, 'basis'));
      return t(field(command, 'decision') === 'grant' ? 'review_cmdGrant' : 'review_cmdRefuse', {
        id: String(field(command, 'requestId')),
        basis: basis ? l(basis.text) : String(field(command, 'basis')),
      });
    }
    case 'message':
      return t('review_cmdMessage', {
        to: roleLabel(exercise, String(field(command, 'to')), l, t),
        text: String(field(command, 'text')),
      });
    case 'inject': {
      const inject = exercise.injects.find((i) => i.id === field(command, 'inject'));
      return t('review_cmdInject', { title: inject ? l(inject.title) : String(field(command, 'inject')) });
    }
    case 'pause':
      return t('exercise_logPause');
    case 'resume':
      return t('exercise_logResume');
    case 'end':
      return t('exercise_logEnd');
    case 'advance-phase':
      return t('review_cmdNextPhase');
    default:
      return t('review_cmdUnknown', { type: JSON.stringify(type ?? null) });
  }
}
