// Hotspots in the order their props stand in the scene. Authors tend to list decoys last, so every
// list a learner can see (the task panel, keyboard focus, the public view) follows the room instead.

export function inRoomOrder<H extends { readonly prop: string }>(
  hotspots: readonly H[],
  props: readonly { readonly id: string }[],
): H[] {
  const place = new Map(props.map((p, i) => [p.id, i] as const));
  const rank = (h: H) => place.get(h.prop) ?? props.length;
  return [...hotspots].sort((a, b) => rank(a) - rank(b));
}
