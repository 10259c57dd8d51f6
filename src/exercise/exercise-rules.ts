// Builds the ExerciseRules of one parsed exercise: the reducer, the clock, the views, the hash
// and the outcome, ready for the live room, the replay and the tests.
import { advanceClock, applyCommand } from './apply.ts';
import { parseExerciseCommand, type ExerciseCommand } from './commands.ts';
import { canonicalJson, sha256Hex } from './hash.ts';
import type { ExerciseRules } from './rules.ts';
import type { Exercise } from './schema.ts';
import { exerciseOutcome } from './score.ts';
import { initialExerciseState, type ExerciseState } from './state.ts';
import { exerciseView } from './view.ts';

export type ExerciseRulesOf = ExerciseRules<ExerciseState, ExerciseCommand>;

export function createExerciseRules(exercise: Exercise): ExerciseRulesOf {
  return {
    id: exercise.id,
    roleIds: exercise.roles.map((r) => r.id),
    initialState: (seed, startedAtMs) => initialExerciseState(exercise, seed, startedAtMs),
    parseCommand: parseExerciseCommand,
    apply: (state, command, actor, atMs) => applyCommand(exercise, state, command, actor, atMs),
    advanceClock: (state, atMs) => advanceClock(exercise, state, atMs),
    viewFor: (state, viewer) => exerciseView(exercise, state, viewer),
    stateHash: (state) => sha256Hex(canonicalJson(state)),
    outcome: (state) => exerciseOutcome(exercise, state),
  };
}
