// Where the cards and bins of the sorting and ordering widgets sit, in the work spot's local metres
// (x right, y up): the widgets draw them there, and the legibility test measures their labels there.

export const CLASSIFY_CARD = { width: 0.4, height: 0.11 } as const;
export const BIN_HEIGHT = 0.62;
export const SEQUENCE_CARD = { width: 0.8, height: 0.1 } as const;

/** Width of each bin when there are `count`: together they span at most 1.7 m. */
export function binWidth(count: number): number {
  return Math.min(0.42, 1.7 / count);
}

/** Centre of bin `index` of `count`. */
export function binSlot(index: number, count: number): [number, number] {
  return [(index - (count - 1) / 2) * (binWidth(count) + 0.04), -BIN_HEIGHT / 2 + 0.05];
}

/** Centre of the `index`th card still to sort, `count` of them laid out up to three a row. */
export function poolSlot(index: number, count: number): [number, number] {
  const perRow = Math.min(3, Math.max(1, count));
  const row = Math.floor(index / perRow);
  const col = index % perRow;
  return [(col - (perRow - 1) / 2) * (CLASSIFY_CARD.width + 0.05), 0.55 - row * (CLASSIFY_CARD.height + 0.04)];
}

/** Centre of the `k`th card placed in bin `bin` of `count`. */
export function inBinSlot(bin: number, k: number, count: number): [number, number] {
  return [binSlot(bin, count)[0], -0.07 - k * (CLASSIFY_CARD.height * 0.72 + 0.01)];
}

/** Centre of the card at `index` in a column of `count`. */
export function sequenceSlot(index: number, count: number): [number, number] {
  const top = 0.1 + (count * (SEQUENCE_CARD.height + 0.025)) / 2;
  return [0, top - index * (SEQUENCE_CARD.height + 0.025)];
}
