// Makes a 3D object interactive for every input at once. It registers the object for keyboard
// focus and wires pointer events (mouse, touch, XR ray, grab, hand pinch all arrive as pointer
// events) to the same activate / hold / drop actions. The hit area is an invisible box, so
// raycasts test 12 triangles instead of the visible mesh.
import type { ThreeEvent } from '@react-three/fiber';
import { useEffect, useRef, type ReactNode } from 'react';
import { BoxGeometry, Mesh, MeshBasicMaterial, type Intersection, type Raycaster } from 'three';
import { useFocusStore } from './focus-context.tsx';
import type { InteractableKind } from './focus-store.ts';

const HIT_GEOMETRY = new BoxGeometry(1, 1, 1);
const HIT_MATERIAL = new MeshBasicMaterial({ visible: false });

// Small things often sit on or inside bigger ones (a sticky note on a monitor, a USB stick on a
// desk). Their hit boxes count as this much nearer, so pointing at the small thing picks it.
const SMALL_TARGET = 0.3;
const SMALL_BIAS = 0.25;

function biasedRaycast(bias: number) {
  return function raycast(this: Mesh, raycaster: Raycaster, intersects: Intersection[]) {
    const before = intersects.length;
    Mesh.prototype.raycast.call(this, raycaster, intersects);
    for (let i = before; i < intersects.length; i++) intersects[i]!.distance -= bias;
  };
}
const SMALL_RAYCAST = biasedRaycast(SMALL_BIAS);

export interface InteractiveProps {
  readonly id: string;
  readonly label: string;
  readonly kind?: InteractableKind;
  readonly order: number;
  /** World-space centre of the hit box. */
  readonly center: readonly [number, number, number];
  readonly size: readonly [number, number, number];
  /** Degrees around y. @default 0 */
  readonly yaw?: number;
  readonly onActivate?: () => void;
  readonly onReceive?: (itemId: string) => void;
  readonly disabled?: boolean;
  readonly pressed?: boolean;
  readonly children?: ReactNode;
}

export function Interactive({
  id,
  label,
  kind = 'button',
  order,
  center,
  size,
  yaw = 0,
  onActivate,
  onReceive,
  disabled = false,
  pressed = false,
  children,
}: InteractiveProps) {
  const store = useFocusStore();
  // Callbacks change every render; the registered object reads them through a ref.
  const latest = useRef({ onActivate, onReceive });
  latest.current = { onActivate, onReceive };
  const downOn = useRef(false);
  const releaseOnUp = useRef(false);
  const [cx, cy, cz] = center;
  const [sx, sy, sz] = size;

  useEffect(() => {
    const { actions } = store.getState();
    actions.register({
      id,
      label,
      kind,
      order,
      center: [cx, cy, cz],
      size: [sx, sy, sz],
      yaw,
      activate: () => latest.current.onActivate?.(),
      receive: (itemId) => latest.current.onReceive?.(itemId),
      disabled,
      pressed,
    });
  }, [store, id, label, kind, order, cx, cy, cz, sx, sy, sz, yaw, disabled, pressed]);
  useEffect(() => () => store.getState().actions.unregister(id), [store, id]);

  const handlers = disabled
    ? {}
    : {
        onPointerOver: (e: ThreeEvent<PointerEvent>) => {
          e.stopPropagation();
          store.getState().actions.hover(id);
        },
        onPointerOut: () => {
          if (store.getState().hoveredId === id) store.getState().actions.hover(null);
        },
        onPointerDown: (e: ThreeEvent<PointerEvent>) => {
          e.stopPropagation();
          downOn.current = true;
          // Items are picked up on press, so press-drag-release and click-then-click both work;
          // pressing the held item again puts it back.
          if (kind === 'item') {
            const { heldId } = store.getState();
            releaseOnUp.current = heldId === id;
            const swaps = heldId !== null && heldId !== id && latest.current.onReceive !== undefined;
            if (!releaseOnUp.current && !swaps) store.getState().actions.activate(id);
          }
        },
        onPointerUp: (e: ThreeEvent<PointerEvent>) => {
          const wasDown = downOn.current;
          downOn.current = false;
          const { heldId, actions } = store.getState();
          if (kind === 'item' && heldId && heldId !== id && !latest.current.onReceive) {
            // Released over an item that takes nothing: let the target behind it (a bin) have it.
            return;
          }
          e.stopPropagation();
          if (kind === 'target') {
            if (heldId || wasDown) actions.activate(id);
          } else if (kind === 'button' && wasDown) actions.activate(id);
          else if (kind === 'item' && wasDown && releaseOnUp.current) {
            releaseOnUp.current = false;
            actions.hold(null);
          } else if (kind === 'item' && heldId && heldId !== id) {
            // Dropped onto (or clicked after picking up) another item that accepts it.
            actions.activate(id);
          }
        },
        onPointerLeave: () => {
          downOn.current = false;
        },
      };

  return (
    <group>
      {children}
      <mesh
        {...(Math.max(sx, sy, sz) < SMALL_TARGET && { raycast: SMALL_RAYCAST })}
        position={[cx, cy, cz]}
        rotation={[0, (yaw * Math.PI) / 180, 0]}
        scale={[sx, sy, sz]}
        geometry={HIT_GEOMETRY}
        material={HIT_MATERIAL}
        name={`hit:${id}`}
        {...handlers}
      />
    </group>
  );
}
