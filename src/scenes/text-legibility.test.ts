// Walks every piece of text every course puts in the world, at the distance it is read from, and
// checks the angle it subtends (docs/comfort.md: why 1° of em height). Task text is read from the
// step's station at standing eye height; text on props is read once the learner steps up to it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../course/node/load-courses.ts';
import type { Scene, Station, Step } from '../course/schema.ts';
import { angularSizeDeg, STANDING_EYE_HEIGHT } from '../xr/comfort-math.ts';
import { KIT_SCREEN_RECT } from './kit/props/index.ts';
import {
  CARD_TEXT,
  MIN_PROP_TEXT_DEG,
  MIN_TASK_TEXT_DEG,
  PANEL_TEXT,
  PROP_READING_DISTANCE,
  screenFontSize,
} from './text-sizes.ts';
import { BIN_HEIGHT, binSlot, inBinSlot, poolSlot, sequenceSlot } from './widgets/card-layout.ts';
import { localFrame } from './widgets/local-frame.ts';
import { widgetPlacement, type PanelSpot } from './widgets/widget-placement.ts';

type Vec3 = readonly [number, number, number];

interface TextSpot {
  readonly what: string;
  readonly fontSize: number;
  readonly at: Vec3;
}

const { courses, failures } = loadCourses(path.resolve('courses'));

function stationOf(scene: Scene, step: Step): Station {
  return scene.stations.find((s) => s.id === step.station) ?? scene.stations[0]!;
}

/** Every text a step shows, with where it stands in the world. */
function stepTexts(step: Step, station: Station): TextSpot[] {
  const placement = widgetPlacement(station);
  const panel = (name: string, spot: PanelSpot): TextSpot[] => [
    { what: `${name} title`, fontSize: PANEL_TEXT.title, at: spot.position },
    { what: `${name} body`, fontSize: PANEL_TEXT.body, at: spot.position },
    { what: `${name} button`, fontSize: PANEL_TEXT.button, at: spot.position },
  ];
  const texts = [
    ...panel('main panel', placement.main),
    ...panel('comfort panel', placement.comfort),
    ...panel('comfort button', placement.comfortButton),
  ];
  const work = localFrame(placement.work.position, placement.work.yaw);
  switch (step.type) {
    case 'lab':
      texts.push(...panel('lab dashboard', placement.dashboard));
      break;
    case 'timed':
      texts.push(...panel('timed clock', placement.status));
      break;
    case 'classify': {
      const bins = step.bins.length;
      step.items.forEach((_, i) => {
        const [x, y] = poolSlot(i, step.items.length);
        texts.push({ what: `card ${i + 1} waiting`, fontSize: CARD_TEXT.classify, at: work.toWorld(x, y, 0.01) });
      });
      step.bins.forEach((bin, b) => {
        const [x, y] = binSlot(b, bins);
        texts.push({ what: `bin "${bin.id}" label`, fontSize: CARD_TEXT.bin, at: work.toWorld(x, y + BIN_HEIGHT / 2 - 0.05, 0) });
        // A correct sort: as many cards in each bin as the key sends there.
        const held = step.items.filter((item) => item.bin === bin.id).length;
        for (let k = 0; k < held; k++) {
          const [cx, cy] = inBinSlot(b, k, bins);
          texts.push({ what: `card ${k + 1} in bin "${bin.id}"`, fontSize: CARD_TEXT.classify, at: work.toWorld(cx, cy, 0.01) });
        }
      });
      break;
    }
    case 'sequence':
      step.items.forEach((_, i) => {
        const [x, y] = sequenceSlot(i, step.items.length);
        texts.push({ what: `sequence card ${i + 1}`, fontSize: CARD_TEXT.sequence, at: work.toWorld(x, y, 0.01) });
      });
      break;
    default:
      break;
  }
  return texts;
}

/** Width of a text in ems: CJK glyphs are one em wide, Latin about 0.55. */
function emWidth(text: string): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55;
  return em;
}

function eyeAt(station: Station): Vec3 {
  return [station.position[0], station.position[1] + STANDING_EYE_HEIGHT, station.position[2]];
}

describe('text legibility by angular size', () => {
  it('loads every course', () => {
    expect(failures).toEqual([]);
    expect(courses.length).toBeGreaterThanOrEqual(3);
  });

  it(`every task text subtends at least ${MIN_TASK_TEXT_DEG}° from the station it is read at`, () => {
    const tooSmall: string[] = [];
    let walked = 0;
    for (const { course } of courses) {
      for (const scene of course.scenes) {
        for (const step of scene.steps) {
          const station = stationOf(scene, step);
          const eye = eyeAt(station);
          for (const text of stepTexts(step, station)) {
            walked += 1;
            const distance = Math.hypot(text.at[0] - eye[0], text.at[1] - eye[1], text.at[2] - eye[2]);
            const deg = angularSizeDeg(text.fontSize, distance);
            if (deg < MIN_TASK_TEXT_DEG)
              tooSmall.push(
                `${course.id}/${scene.id}/${step.id}: ${text.what} is ${deg.toFixed(2)}° (${text.fontSize} m at ${distance.toFixed(2)} m)`,
              );
          }
        }
      }
    }
    expect(walked).toBeGreaterThan(150);
    expect(tooSmall).toEqual([]);
  });

  it(`every prop's screen text subtends at least ${MIN_PROP_TEXT_DEG}° from ${PROP_READING_DISTANCE} m, in both languages`, () => {
    const tooSmall: string[] = [];
    let walked = 0;
    for (const { course } of courses) {
      for (const scene of course.scenes) {
        for (const prop of scene.props) {
          if (prop.kind !== 'kit' || !prop.screen) continue;
          const rect = KIT_SCREEN_RECT[prop.kit];
          if (!rect) continue;
          for (const locale of ['zh-CN', 'en'] as const) {
            walked += 1;
            const text = prop.screen[locale];
            const font = screenFontSize(rect, text);
            const deg = angularSizeDeg(font * (prop.scale ?? 1), PROP_READING_DISTANCE);
            if (deg < MIN_PROP_TEXT_DEG) tooSmall.push(`${course.id}/${scene.id}/${prop.id} (${locale}): ${deg.toFixed(2)}°`);
            // Legible but cut off is no better: the wrapped lines must fit the screen's height.
            const lines = Math.ceil((emWidth(text) * font) / (rect.width * 0.92));
            if (lines * font * 1.25 > rect.height)
              tooSmall.push(`${course.id}/${scene.id}/${prop.id} (${locale}): ${lines} lines overflow the screen`);
          }
        }
      }
    }
    expect(walked).toBeGreaterThan(20);
    expect(tooSmall).toEqual([]);
  });

  it('the angle shrinks with distance and grows with size (a one-metre check)', () => {
    expect(angularSizeDeg(0.0175, 1)).toBeCloseTo(1.0, 2);
    expect(angularSizeDeg(0.036, 2)).toBeLessThan(angularSizeDeg(0.036, 1));
  });
});
