// Which 3D object has keyboard focus, which one the pointer is over, and what the learner is holding.
// One store for every input: mouse, touch, keyboard, XR rays, grabs and hands all end in the same
// activate / hold / drop calls, so a widget is written once.
import { createStore } from 'zustand/vanilla';

export type InteractableKind =
  /** Activates on click / Enter / select. */
  | 'button'
  /** Can be picked up and dropped on a target. */
  | 'item'
  /** Accepts a held item. */
  | 'target';

export interface Interactable {
  readonly id: string;
  readonly label: string;
  readonly kind: InteractableKind;
  /** Keyboard order: lower first; ties keep registration order. */
  readonly order: number;
  /** World-space centre and size, for the focus ring and for tests that aim at it. */
  readonly center: readonly [number, number, number];
  readonly size: readonly [number, number, number];
  /** Degrees around y the hit box (and focus ring) is turned. */
  readonly yaw: number;
  readonly activate?: () => void;
  /** For targets: receive the held item. */
  readonly receive?: (itemId: string) => void;
  readonly disabled?: boolean;
  readonly pressed?: boolean;
}

export type FocusState = Readonly<{
  items: ReadonlyMap<string, Interactable>;
  /** Keyboard focus. @default null */
  focusedId: string | null;
  /** Pointer hover (mouse or XR ray). @default null */
  hoveredId: string | null;
  /** The item picked up, waiting to be dropped on a target. @default null */
  heldId: string | null;
  /** Bumped when the learner should hear something (screen-reader live region). */
  announcement: string;
}>;

export interface FocusActions {
  register(item: Interactable): void;
  unregister(id: string): void;
  focus(id: string | null): void;
  /** Moves focus; returns false when it would leave the list (so Tab can leave the canvas). */
  move(delta: 1 | -1, wrap: boolean): boolean;
  hover(id: string | null): void;
  /** Click, Enter, select: a button activates; an item is picked up; a target receives the held item. */
  activate(id: string): void;
  hold(id: string | null): void;
  announce(text: string): void;
}

export type FocusStore = ReturnType<typeof createFocusStore>;

export function orderedItems(items: ReadonlyMap<string, Interactable>): Interactable[] {
  return [...items.values()].filter((i) => !i.disabled).sort((a, b) => a.order - b.order);
}

export function createFocusStore() {
  return createStore<FocusState & { actions: FocusActions }>()((set, get) => ({
    items: new Map(),
    focusedId: null,
    hoveredId: null,
    heldId: null,
    announcement: '',
    actions: {
      register: (item) => {
        const items = new Map(get().items);
        items.set(item.id, item);
        set({ items });
      },
      unregister: (id) => {
        const { items: old, focusedId, hoveredId, heldId } = get();
        if (!old.has(id)) return;
        const items = new Map(old);
        items.delete(id);
        set({
          items,
          focusedId: focusedId === id ? null : focusedId,
          hoveredId: hoveredId === id ? null : hoveredId,
          heldId: heldId === id ? null : heldId,
        });
      },
      focus: (id) => {
        const item = id ? get().items.get(id) : undefined;
        set({ focusedId: id, ...(item && { announcement: item.label }) });
      },
      move: (delta, wrap) => {
        const list = orderedItems(get().items);
        if (list.length === 0) return false;
        const index = list.findIndex((i) => i.id === get().focusedId);
        let next = index === -1 ? (delta === 1 ? 0 : list.length - 1) : index + delta;
        if (next < 0 || next >= list.length) {
          if (!wrap) return false;
          next = (next + list.length) % list.length;
        }
        get().actions.focus(list[next]!.id);
        return true;
      },
      hover: (id) => {
        if (get().hoveredId !== id) set({ hoveredId: id });
      },
      activate: (id) => {
        const { items, heldId } = get();
        const item = items.get(id);
        if (!item || item.disabled) return;
        if (item.kind === 'target') {
          if (heldId && item.receive) {
            set({ heldId: null });
            item.receive(heldId);
          } else item.activate?.();
          return;
        }
        if (item.kind === 'item') {
          // An item that accepts others (a sequence card) swaps with the one held.
          if (heldId && heldId !== id && item.receive) {
            set({ heldId: null });
            item.receive(heldId);
            return;
          }
          // Picking up the held item again puts it back down.
          set({ heldId: heldId === id ? null : id, announcement: item.label });
          return;
        }
        item.activate?.();
      },
      hold: (id) => set({ heldId: id }),
      announce: (text) => set({ announcement: text }),
    },
  }));
}
