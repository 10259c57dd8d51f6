// Every size of text the scenes draw (em height in metres) and the angle it must subtend where the
// learner reads it. Widgets take their sizes from here, and text-legibility.test.ts walks each one
// at its placed distance (the reasoning is in docs/comfort.md).

/** Task text (panels, buttons, cards, bins) read from the station: at least 1° of em height. */
export const MIN_TASK_TEXT_DEG = 1.0;
/** Text on props (a monitor's screen) is scenery: readable once the learner steps up to it. */
export const MIN_PROP_TEXT_DEG = 1.0;
/** The distance that "stepping up to" a prop means: a comfortable arm's length. */
export const PROP_READING_DISTANCE = 0.6;

/** Panels: title, body and button labels. */
export const PANEL_TEXT = { title: 0.0432, body: 0.036, button: 0.0324 } as const;
/** Cards and bins of the sorting and ordering widgets. */
export const CARD_TEXT = { classify: 0.031, sequence: 0.032, bin: 0.04 } as const;

/** The em height that subtends MIN_PROP_TEXT_DEG from PROP_READING_DISTANCE. */
export const MIN_SCREEN_FONT = 2 * PROP_READING_DISTANCE * Math.tan(((MIN_PROP_TEXT_DEG / 2) * Math.PI) / 180);

/**
 * The font size of a prop's screen text: one line across the screen where it fits, never below
 * what reads from arm's length (long text on a small screen wraps instead), never above 28% of
 * the screen's height.
 */
export function screenFontSize(rect: { readonly width: number; readonly height: number }, content: string): number {
  const oneLine = (rect.width / Math.max(4, [...content].length)) * 1.6;
  return Math.min(rect.height * 0.28, Math.max(oneLine, MIN_SCREEN_FONT));
}
