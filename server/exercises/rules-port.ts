// The contract between the exercise engine (src/exercise) and the live room: one exercise's rules,
// pure and deterministic. The room, the replay and the tests call only this.
export type {
  Applied,
  ExerciseActor,
  ExerciseOutcome,
  ExerciseReason,
  ExerciseRules,
  RoleScore,
} from '../../src/exercise/rules.ts';
