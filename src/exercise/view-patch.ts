// A role's view sent as what changed since the last one the client holds: the live room sends a
// whole view first (and after a reconnection), then patches. A patch sets the top-level fields
// whose value changed, appends to the lists that only grew at their end (messages, the timeline,
// requests), and removes fields the view no longer has. Applying a patch to the view it was made
// from gives exactly the new view, so what a client holds is still viewFor(state, itsRole).

export interface ViewPatch {
  readonly set?: Readonly<Record<string, unknown>>;
  readonly append?: Readonly<Record<string, readonly unknown[]>>;
  readonly unset?: readonly string[];
}

/** Each top-level field of a view as JSON, and its length when it is a list. */
export type KeyedJson = ReadonlyMap<string, { readonly json: string; readonly length: number | null }>;

export function keyedJson(view: Readonly<Record<string, unknown>>): KeyedJson {
  const keys = new Map<string, { json: string; length: number | null }>();
  for (const [key, value] of Object.entries(view)) {
    if (value === undefined) continue;
    keys.set(key, { json: JSON.stringify(value), length: Array.isArray(value) ? value.length : null });
  }
  return keys;
}

/** The patch from the view `before` described to `view` (described by `after`); empty when nothing changed. */
export function diffView(before: KeyedJson, after: KeyedJson, view: Readonly<Record<string, unknown>>): ViewPatch {
  const set: Record<string, unknown> = {};
  const append: Record<string, unknown[]> = {};
  const unset: string[] = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    if (was?.json === now.json) continue;
    const value = view[key];
    if (
      Array.isArray(value) &&
      was !== undefined &&
      was.length !== null &&
      was.length < value.length &&
      JSON.stringify(value.slice(0, was.length)) === was.json
    )
      append[key] = value.slice(was.length) as unknown[];
    else set[key] = value;
  }
  for (const key of before.keys()) if (!after.has(key)) unset.push(key);
  return {
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(Object.keys(append).length > 0 ? { append } : {}),
    ...(unset.length > 0 ? { unset } : {}),
  };
}

/** The view a patch makes of `view` (a new object; `view` is not changed). */
export function applyViewPatch(view: Readonly<Record<string, unknown>>, patch: ViewPatch): Record<string, unknown> {
  const next: Record<string, unknown> = { ...view, ...patch.set };
  for (const [key, items] of Object.entries(patch.append ?? {})) {
    const current = next[key];
    next[key] = [...(Array.isArray(current) ? (current as unknown[]) : []), ...items];
  }
  for (const key of patch.unset ?? []) delete next[key];
  return next;
}
