// Where the live room finds an exercise's rules by id. The server is handed a registry at start
// (the exercises of the shipped courses); tests hand it their own rules.
import type { ExerciseRules } from './rules-port.ts';

export interface ExerciseRegistry {
  /** The rules of the exercise with this id, or undefined when there is none. */
  get(exerciseId: string): ExerciseRules | undefined;
}

/** A registry of exactly these rules, by their ids. */
export function exerciseRegistryOf(rules: readonly ExerciseRules[]): ExerciseRegistry {
  const byId = new Map(rules.map((entry) => [entry.id, entry]));
  return { get: (exerciseId) => byId.get(exerciseId) };
}
