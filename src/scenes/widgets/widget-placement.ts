// Where a step's panels go, relative to the station the learner stands at.
import type { Station } from '../../course/schema.ts';
import { placeFacing, type Vec3 } from '../scene-layout.ts';

export interface WidgetPlacement {
  /** The main task panel: ahead and a little to the right, at chest height. */
  readonly main: { position: Vec3; yaw: number };
  /** Ahead of the learner, for things to sort and arrange. */
  readonly work: { position: Vec3; yaw: number };
  readonly station: Station;
}

export function widgetPlacement(station: Station): WidgetPlacement {
  return {
    main: placeFacing(station, 1.5, 0.72, 1.45),
    work: placeFacing(station, 1.65, -0.4, 1.2),
    station,
  };
}
