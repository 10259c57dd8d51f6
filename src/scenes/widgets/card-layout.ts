// Where the cards of the ordering widget sit, in the work spot's local metres
// (x right, y up): the widget draws them there, and the legibility test measures their labels there.

export const SEQUENCE_CARD = { width: 0.8, height: 0.1 } as const;

/** Centre of the card at `index` in a column of `count`. */
export function sequenceSlot(index: number, count: number): [number, number] {
  const top = 0.1 + (count * (SEQUENCE_CARD.height + 0.025)) / 2;
  return [0, top - index * (SEQUENCE_CARD.height + 0.025)];
}
