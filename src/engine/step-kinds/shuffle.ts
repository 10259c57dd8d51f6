// The order a learner is shown options in. Authors tend to write the best option first, so the
// public view shuffles every option list, stably: the same order every time, unrelated to the answer.

/** A stable shuffle keyed by the step id: the same order every time, unrelated to the answer. */
export function stableShuffle<T>(items: readonly T[], key: string): T[] {
  let seed = 2166136261;
  for (let i = 0; i < key.length; i++) seed = Math.imul(seed ^ key.charCodeAt(i), 16777619) >>> 0;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  // A shuffle that happens to keep the answer order would give it away.
  if (out.length > 1 && out.every((v, i) => v === items[i])) out.push(out.shift()!);
  return out;
}
