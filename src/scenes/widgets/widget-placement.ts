// Where a step's panels go, relative to the frame the learner reads them from: the station, or,
// once they have recentered or turned away, their own head (src/xr/comfort-math.ts, TaskFrame).
import type { Station } from '../../course/schema.ts';
import { frameAtStation, type TaskFrame } from '../../xr/comfort-math.ts';
import { placeFacing, type Vec3 } from '../scene-layout.ts';

export interface PanelSpot {
  readonly position: Vec3;
  readonly yaw: number;
}

export interface WidgetPlacement {
  /** The main task panel: ahead and a little to the right, just below standing eye height. */
  readonly main: PanelSpot;
  /** Ahead of the learner, for things to sort and arrange. */
  readonly work: PanelSpot;
  /** The lab's dashboard, ahead and to the left. */
  readonly dashboard: PanelSpot;
  /** A timed step's clock, up and to the left. */
  readonly status: PanelSpot;
  /** In a headset: the button that opens the comfort panel, low on the right under the task panel, and the panel itself. */
  readonly comfortButton: PanelSpot;
  readonly comfort: PanelSpot;
  /** In a headset, for a learner in a class: "Ask for help", just under the comfort button. */
  readonly helpButton: PanelSpot;
  readonly station: Station;
}

/** Each spot as [distance ahead, metres to the right, height at standing eye level], in metres. */
export const PANEL_SPOTS = {
  main: [1.5, 0.72, 1.45],
  work: [1.35, -0.4, 1.2],
  dashboard: [1.6, -0.35, 1.4],
  status: [1.7, -0.45, 1.75],
  comfortButton: [1.3, 0.75, 0.92],
  comfort: [1.15, -0.3, 1.35],
  helpButton: [1.3, 0.75, 0.78],
} as const satisfies Record<string, readonly [number, number, number]>;

export function widgetPlacement(station: Station, frame: TaskFrame = frameAtStation(station)): WidgetPlacement {
  const at = ([distance, side, height]: readonly [number, number, number]) =>
    placeFacing(frame, distance, side, height + frame.lift);
  return {
    main: at(PANEL_SPOTS.main),
    work: at(PANEL_SPOTS.work),
    dashboard: at(PANEL_SPOTS.dashboard),
    status: at(PANEL_SPOTS.status),
    comfortButton: at(PANEL_SPOTS.comfortButton),
    comfort: at(PANEL_SPOTS.comfort),
    helpButton: at(PANEL_SPOTS.helpButton),
    station,
  };
}
