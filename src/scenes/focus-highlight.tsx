// Draws the focus ring around whatever has keyboard focus (or, failing that, the pointer).
import { useFocus } from './interaction/focus-context.tsx';
import { FocusRing } from './kit/focus-ring.tsx';

export function FocusHighlight() {
  const target = useFocus((s) => {
    const id = s.focusedId ?? s.hoveredId;
    return id ? s.items.get(id) : undefined;
  });
  const keyboard = useFocus((s) => s.focusedId !== null);
  if (!target) return null;
  const [x, y, z] = target.center;
  const [w, h, d] = target.size;
  return (
    <FocusRing
      name="focus-ring"
      size={[w, h, d]}
      position={[x, y - h / 2, z]}
      rotation={[0, (target.yaw * Math.PI) / 180, 0]}
      color={keyboard ? '#ffb000' : '#7cc4ff'}
    />
  );
}
