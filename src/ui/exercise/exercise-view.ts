// The shape of the views the live room sends (src/exercise/view.ts, exerciseView), as the pages read
// them. The room is the authority: the pages only show what a view holds and send commands.
import type { Localized } from '../../course/schema-parts.ts';
import type { TimelineEntry } from '../../exercise/state.ts';

export interface ColumnView {
  readonly id: string;
  readonly label: Localized;
}

export type PrivateItemView =
  | { readonly kind: 'document' | 'screen'; readonly id: string; readonly title: Localized; readonly body: Localized }
  | {
      readonly kind: 'table';
      readonly id: string;
      readonly title: Localized;
      readonly columns: readonly ColumnView[];
      readonly rows: readonly (readonly string[])[];
    };

export interface RoleInfo {
  readonly id: string;
  readonly name: Localized;
  readonly remit: Localized;
  readonly briefing?: Localized;
  readonly private?: readonly PrivateItemView[];
}

export interface RequestView {
  readonly id: string;
  readonly def: string;
  readonly from: string;
  readonly to: string;
  readonly fields: readonly string[];
  readonly note?: string;
  readonly atMs: number;
  readonly answer: null | { readonly decision: 'grant' | 'refuse'; readonly basis: string; readonly fields: readonly string[] };
}

export interface MessageView {
  readonly seq: number;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly atMs: number;
}

/** A timeline entry exactly as the engine keeps it (src/exercise/state.ts). */
export type TimelineView = TimelineEntry;

export interface ScoreLine {
  readonly role: string;
  readonly points: number;
  readonly text: Localized;
}

export interface CommonView {
  readonly exercise: { readonly id: string; readonly title: Localized; readonly summary: Localized };
  readonly viewer: string;
  readonly phase: { readonly id: string; readonly title?: Localized; readonly index: number; readonly count: number };
  readonly phases: readonly { readonly id: string; readonly title: Localized }[];
  readonly clock: { readonly elapsedMs: number; readonly paused: boolean; readonly finished: boolean };
  readonly roles: readonly RoleInfo[];
  readonly board: readonly { readonly id: string; readonly title: Localized; readonly body: Localized }[];
  readonly variables: readonly { readonly id: string; readonly label: Localized; readonly value: number }[];
  readonly timeline: readonly TimelineView[];
  readonly injects: readonly {
    readonly id: string;
    readonly title: Localized;
    readonly text: Localized;
    readonly atMs: number;
  }[];
  readonly legalBases: readonly { readonly id: string; readonly text: Localized }[];
  readonly messages: readonly MessageView[];
  readonly taken: readonly {
    readonly id: string;
    readonly role: string;
    readonly label: Localized;
    readonly announce?: Localized;
  }[];
  readonly requests?: readonly RequestView[];
}

export interface RoleView extends CommonView {
  readonly role: RoleInfo & { readonly briefing: Localized; readonly private: readonly PrivateItemView[] };
  readonly received: readonly {
    readonly item: string;
    readonly from: string;
    readonly title: Localized;
    readonly columns: readonly ColumnView[];
    readonly rows: readonly (readonly string[])[];
  }[];
  readonly actions: readonly {
    readonly id: string;
    readonly label: Localized;
    readonly done: boolean;
    readonly inPhase: boolean;
    readonly missing: readonly unknown[];
  }[];
  readonly canRequest: readonly {
    readonly id: string;
    readonly to: string;
    readonly phases: readonly string[];
    readonly purpose: Localized;
    readonly item: string;
    readonly title?: Localized;
    readonly columns: readonly ColumnView[];
  }[];
  readonly requests: readonly RequestView[];
  readonly outcome: null | { readonly team: { readonly points: number } | number; readonly role: unknown };
}

export interface TrainerView extends CommonView {
  readonly allRoles: readonly (RoleInfo & { readonly briefing: Localized; readonly private: readonly PrivateItemView[] })[];
  readonly allInjects: readonly {
    readonly id: string;
    readonly title: Localized;
    readonly atMinute?: number;
    readonly fired: boolean;
  }[];
  readonly requests: readonly RequestView[];
  readonly allActions: readonly {
    readonly id: string;
    readonly role: string;
    readonly label: Localized;
    readonly done: boolean;
    readonly inPhase: boolean;
  }[];
}

/** Minutes and seconds of exercise time, e.g. "12:05". */
export function clockText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
