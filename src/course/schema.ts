// The course file format (schemaVersion 1), as zod schemas. Types are inferred from here, so the
// validator and the TypeScript types can never disagree. Every object is strict: unknown keys are
// errors, because a misspelled key silently ignored is a course that does not do what its author meant.
// Each step kind's part is in steps/<kind>.ts; the pieces they share are in schema-parts.ts.
import { z } from 'zod';
import { characterSchema } from './characters.ts';
import { id, localizedSchema } from './schema-parts.ts';
import { stepSchema } from './steps/index.ts';

export { DATASET_PATH, LAB_METRICS, LOCALES, localizedSchema } from './schema-parts.ts';
export type { Condition, DataTable, LabMetric, Locale, Localized, Option } from './schema-parts.ts';
export { stepSchema } from './steps/index.ts';
export type { Step, StepType } from './steps/index.ts';
export type { ChoiceStep } from './steps/choice.ts';
export type { ClassifyStep } from './steps/classify.ts';
export type { DialogueNode, DialogueOption, DialogueStep } from './steps/dialogue.ts';
export type { Hotspot, InspectStep } from './steps/inspect.ts';
export type { LabStep } from './steps/lab.ts';
export type { SequenceStep } from './steps/sequence.ts';
export type { TimedStep } from './steps/timed.ts';
export type { Character, CharacterRole, Dress, Gender } from './characters.ts';

export const CURRENT_SCHEMA_VERSION = 1;

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are written "#rrggbb"');

/** Named places the shared low-poly kit can build (src/scenes/kit). */
export const ENVIRONMENTS = ['office', 'data-room', 'service-hall', 'meeting-room', 'control-room'] as const;
export const environmentSchema = z.enum(ENVIRONMENTS);

/** Named low-poly props from the shared kit. */
export const KIT_PROPS = [
  'desk',
  'chair',
  'monitor',
  'laptop',
  'keyboard',
  'printer',
  'usb-stick',
  'phone',
  'paper-stack',
  'sticky-note',
  'whiteboard',
  'bin',
  'shredder',
  'cabinet',
  'server-rack',
  'person',
  'badge',
  'folder',
  'door',
  'plant',
  'counter',
  'screen-wall',
  'data-card',
  'lamp',
  'kiosk',
] as const;

const propBase = {
  id,
  position: vec3,
  /** Degrees around x, y, z. */
  rotation: vec3.optional(),
  /** Uniform scale factor. */
  scale: z.number().positive().optional(),
  color: color.optional(),
  /** A short name shown on focus and hover; required for props that hotspots point at. */
  label: localizedSchema.optional(),
};

export const propSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...propBase, kind: z.literal('box'), size: vec3 }),
  z.strictObject({ ...propBase, kind: z.literal('cylinder'), radius: z.number().positive(), height: z.number().positive() }),
  z.strictObject({ ...propBase, kind: z.literal('sphere'), radius: z.number().positive() }),
  z.strictObject({
    ...propBase,
    kind: z.literal('kit'),
    kit: z.enum(KIT_PROPS),
    screen: localizedSchema.optional(),
    /** For a person: which of the scene's characters stands here (face, gender, age, dress). */
    character: id.optional(),
  }),
  z.strictObject({
    ...propBase,
    kind: z.literal('model'),
    /** Path inside the course folder, e.g. assets/kiosk.glb. */
    src: z
      .string()
      .regex(
        /^assets\/(?!.*\.\.)[\w./-]+\.(glb|gltf)$/,
        'models live in the course folder under assets/ and end in .glb or .gltf',
      ),
  }),
]);
export type Prop = z.infer<typeof propSchema>;

const stationSchema = z.strictObject({
  id,
  label: localizedSchema,
  /** Where the learner's feet are. */
  position: vec3,
  /** Degrees around y the learner faces. */
  yaw: z.number().optional(),
});

export const sceneSchema = z.strictObject({
  id,
  title: localizedSchema,
  intro: localizedSchema,
  environment: environmentSchema,
  /** Instructor notes: what the scene teaches and how to debrief it. Never shown to learners. */
  notes: localizedSchema,
  /** Legal and factual sources the scene rests on. */
  sources: z.array(z.string().min(1)).min(1),
  stations: z.array(stationSchema).min(1),
  /** The people of the scene: person props and dialogue lines refer to them by id. */
  characters: z.array(characterSchema).optional(),
  props: z.array(propSchema),
  steps: z.array(stepSchema).min(1),
});
export type Scene = z.infer<typeof sceneSchema>;
export type Station = z.infer<typeof stationSchema>;

export const courseSchema = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'versions are semantic: "1.0.0"'),
  domain: z.enum(['data-security', 'algorithm-ethics', 'governance']),
  title: localizedSchema,
  summary: localizedSchema,
  objectives: z.array(localizedSchema).min(1),
  creditHours: z.number().positive().max(40),
  estimatedMinutes: z.number().int().positive(),
  /** Share of the maximum score needed to pass, 0–1. */
  masteryScore: z.number().min(0).max(1),
  /** Competency dimensions that steps count towards. */
  dimensions: z.array(z.strictObject({ id, title: localizedSchema })).optional(),
  scenes: z.array(sceneSchema).min(1),
});
export type Course = z.infer<typeof courseSchema>;
