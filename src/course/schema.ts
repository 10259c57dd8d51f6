// The course file format (schemaVersion 1), as zod schemas. Types are inferred from here, so the
// validator and the TypeScript types can never disagree. Every object is strict: unknown keys are
// errors, because a misspelled key silently ignored is a course that does not do what its author meant.
import { z } from 'zod';

export const CURRENT_SCHEMA_VERSION = 1;
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and hyphens, e.g. "usb-stick"');

/** A learner-visible string, in every supported locale. */
export const localizedSchema = z.strictObject({
  'zh-CN': z.string().trim().min(1, 'Chinese text is empty: write the zh-CN text'),
  en: z.string().trim().min(1, 'English text is empty: write the en text'),
});
export type Localized = z.infer<typeof localizedSchema>;

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are written "#rrggbb"');

/** Named places the shared low-poly kit can build (src/scenes/kit). */
export const ENVIRONMENTS = ['office', 'data-room', 'service-hall', 'meeting-room', 'control-room'] as const;
export const environmentSchema = z.enum(ENVIRONMENTS);

/** Named low-poly props from the shared kit. */
export const KIT_PROPS = [
  'desk', 'chair', 'monitor', 'laptop', 'keyboard', 'printer', 'usb-stick', 'phone', 'paper-stack',
  'sticky-note', 'whiteboard', 'bin', 'shredder', 'cabinet', 'server-rack', 'person', 'badge',
  'folder', 'door', 'plant', 'counter', 'screen-wall', 'data-card', 'lamp',
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
  z.strictObject({ ...propBase, kind: z.literal('kit'), kit: z.enum(KIT_PROPS), screen: localizedSchema.optional() }),
  z.strictObject({
    ...propBase,
    kind: z.literal('model'),
    /** Path inside the course folder, e.g. assets/kiosk.glb. */
    src: z.string().regex(/^assets\/(?!.*\.\.)[\w./-]+\.(glb|gltf)$/, 'models live in the course folder under assets/ and end in .glb or .gltf'),
  }),
]);
export type Prop = z.infer<typeof propSchema>;

/** One scored choice: the learner picks it; it earns points (negative for a harmful choice) and explains why. */
const optionSchema = z.strictObject({
  id,
  text: localizedSchema,
  points: z.number(),
  feedback: localizedSchema,
});
export type Option = z.infer<typeof optionSchema>;

const stepBase = {
  id,
  title: localizedSchema,
  prompt: localizedSchema,
  /** Where the learner stands for this step: a station id of the scene. */
  station: id.optional(),
  /** Competency dimension this step's points count towards (declared in the course's dimensions). */
  dimension: id.optional(),
};

const hotspotSchema = z.strictObject({
  id,
  /** The prop the learner points at to find this hotspot. */
  prop: id,
  /** false for a decoy: something that looks risky but is fine. */
  hazard: z.boolean(),
  /** Points earned for finding a hazard (before the fix). */
  findPoints: z.number().min(0).optional(),
  /** Points lost for flagging a decoy, whichever fix the learner picks. */
  penalty: z.number().min(0).optional(),
  /**
   * What the learner can do about it: at least two choices, for decoys as for hazards, so neither
   * the screen nor the public view tells them apart. A decoy's fixes earn nothing (points ≤ 0,
   * usually 0; its penalty is the cost) and their feedback says why the action was not needed.
   */
  fixes: z.array(optionSchema).optional(),
  /** Why this is (or is not) a hazard: shown when the hotspot is found or missed. */
  explanation: localizedSchema,
});
export type Hotspot = z.infer<typeof hotspotSchema>;

const inspectStep = z.strictObject({
  ...stepBase,
  type: z.literal('inspect'),
  hotspots: z.array(hotspotSchema).min(1),
});

const choiceStep = z.strictObject({
  ...stepBase,
  type: z.literal('choice'),
  multiple: z.boolean().optional(),
  /** A prop the question is about; the widget places the options near it. */
  prop: id.optional(),
  options: z.array(optionSchema).min(2),
});

const classifyStep = z.strictObject({
  ...stepBase,
  type: z.literal('classify'),
  bins: z.array(z.strictObject({ id, label: localizedSchema })).min(2),
  items: z
    .array(
      z.strictObject({
        id,
        label: localizedSchema,
        /** The bin that earns full points. */
        bin: id,
        points: z.number().positive(),
        /** Partial credit for defensible other bins: bin id → points. */
        partial: z.record(z.string(), z.number().min(0)).optional(),
        feedback: localizedSchema,
      }),
    )
    .min(2),
});

const sequenceStep = z.strictObject({
  ...stepBase,
  type: z.literal('sequence'),
  /** Items in the correct order; the learner sees them shuffled. */
  items: z.array(z.strictObject({ id, text: localizedSchema })).min(3),
  points: z.number().positive(),
  feedback: localizedSchema,
});

const conditionSchema = z.strictObject({
  var: id,
  op: z.enum(['>=', '<=', '==', '>', '<']),
  value: z.number(),
});

const dialogueOptionSchema = z.strictObject({
  id,
  text: localizedSchema,
  points: z.number(),
  feedback: localizedSchema,
  /** Node to go to, or "end". */
  next: z.string(),
  /** Variable changes: name → amount added. */
  effects: z.record(z.string(), z.number()).optional(),
});

const dialogueNodeSchema = z.strictObject({
  id,
  speaker: localizedSchema,
  text: localizedSchema,
  /** Learner replies. A node without options must route or end. */
  options: z.array(dialogueOptionSchema).optional(),
  /** Automatic routing on variables: the first matching rule wins; a rule without `if` always matches. */
  route: z.array(z.strictObject({ if: conditionSchema.optional(), next: z.string() })).optional(),
  /** An ending: the conversation stops here (the text is the consequence). */
  end: z.boolean().optional(),
});

const dialogueStep = z.strictObject({
  ...stepBase,
  type: z.literal('dialogue'),
  variables: z.record(z.string(), z.number()).optional(),
  start: id,
  nodes: z.array(dialogueNodeSchema).min(1),
});

/** A CSV under the course's assets/ (never outside it). */
export const DATASET_PATH = /^assets\/(?!.*\.\.)[\w./-]+\.csv$/;

/** A table of numbers: the lab's applicant records. Written inline or loaded from a CSV in assets/. */
const tableSchema = z.strictObject({
  columns: z.array(z.string().min(1)).min(2),
  rows: z.array(z.array(z.number())).min(10),
});
export type DataTable = z.infer<typeof tableSchema>;

export const LAB_METRICS = ['disparateImpact', 'tprGap', 'selectionRateGap', 'wronglyRejected', 'wronglyApproved'] as const;
export type LabMetric = (typeof LAB_METRICS)[number];

const labStep = z.strictObject({
  ...stepBase,
  type: z.literal('lab'),
  /** CSV in the course's assets/ (header row, numbers only); the loader fills `data` from it. */
  dataset: z.string().regex(DATASET_PATH, 'datasets live in the course folder under assets/ and end in .csv').optional(),
  data: tableSchema.optional(),
  /** Column holding the group code of each row (e.g. 0 = local hukou, 1 = non-local). */
  groupColumn: z.string(),
  groups: z.array(z.strictObject({ value: z.number(), label: localizedSchema })).min(2),
  /** Column holding the truth: 1 if the person is eligible on human re-review. */
  outcomeColumn: z.string(),
  /** The model: score = weighted mean of the features kept (values 0–1); approve when score ≥ threshold. */
  features: z
    .array(
      z.strictObject({
        id,
        column: z.string(),
        weight: z.number().positive(),
        label: localizedSchema,
        description: localizedSchema,
      }),
    )
    .min(2),
  threshold: z.number().min(0).max(1),
  thresholdRange: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]),
  /** What the learner concludes, each a single choice with points and feedback. */
  questions: z.array(z.strictObject({ id, prompt: localizedSchema, options: z.array(optionSchema).min(2) })).min(1),
  /** Points for the model the learner leaves behind, computed from the data. */
  goals: z
    .array(
      z.strictObject({
        metric: z.enum(LAB_METRICS),
        op: z.enum(['>=', '<=']),
        value: z.number(),
        points: z.number().positive(),
        /** Says why the target matters (shown met or missed, with the value reached). */
        feedback: localizedSchema,
      }),
    )
    .optional(),
});

const timedStep = z.strictObject({
  ...stepBase,
  type: z.literal('timed'),
  /** Real seconds the learner has; when they run out the step is submitted as it stands. */
  timeLimitSeconds: z.number().int().min(20).max(1800),
  /** Simulated minutes that pass per real second of hesitation (on top of each action's cost). */
  minutesPerSecond: z.number().min(0),
  /** Something that gets worse while the clock runs (e.g. copies of a leaked file). */
  counter: z.strictObject({
    label: localizedSchema,
    start: z.number().min(0),
    /** Growth per simulated minute, until an action stops or slows it. */
    perMinute: z.number().min(0),
  }),
  actions: z
    .array(
      z.strictObject({
        id,
        text: localizedSchema,
        /** Simulated minutes the action takes. */
        minutes: z.number().min(0),
        points: z.number(),
        feedback: localizedSchema,
        /** Multiplies the counter's growth from then on (0 stops it, 0.5 halves it). */
        spreadFactor: z.number().min(0).optional(),
      }),
    )
    .min(3),
  /** Actions that must be done by a simulated minute to earn their points. */
  deadlines: z
    .array(z.strictObject({ action: id, byMinute: z.number().positive(), points: z.number().positive(), feedback: localizedSchema }))
    .optional(),
  /** The consequence shown at the end, by the counter's final value: the first with counter ≤ max. */
  outcomes: z.array(z.strictObject({ max: z.number(), text: localizedSchema })).min(1),
});

export const stepSchema = z.discriminatedUnion('type', [inspectStep, choiceStep, classifyStep, sequenceStep, dialogueStep, labStep, timedStep]);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];
export type InspectStep = z.infer<typeof inspectStep>;
export type ChoiceStep = z.infer<typeof choiceStep>;
export type ClassifyStep = z.infer<typeof classifyStep>;
export type SequenceStep = z.infer<typeof sequenceStep>;
export type DialogueStep = z.infer<typeof dialogueStep>;
export type DialogueNode = z.infer<typeof dialogueNodeSchema>;
export type DialogueOption = z.infer<typeof dialogueOptionSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type LabStep = z.infer<typeof labStep>;
export type TimedStep = z.infer<typeof timedStep>;

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
