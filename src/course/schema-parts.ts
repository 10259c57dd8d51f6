// The building blocks every step kind's format shares: ids, bilingual text, scored options, the
// fields every step has, variable conditions and data tables. The course schema (schema.ts) and
// each kind's part of it (steps/<kind>.ts) are built from these.
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids use lower-case letters, digits and hyphens, e.g. "usb-stick"');

/** A learner-visible string, in every supported locale. */
export const localizedSchema = z.strictObject({
  'zh-CN': z.string().trim().min(1, 'Chinese text is empty: write the zh-CN text'),
  en: z.string().trim().min(1, 'English text is empty: write the en text'),
});
export type Localized = z.infer<typeof localizedSchema>;

/** One scored choice: the learner picks it; it earns points (negative for a harmful choice) and explains why. */
export const optionSchema = z.strictObject({
  id,
  text: localizedSchema,
  points: z.number(),
  feedback: localizedSchema,
});
export type Option = z.infer<typeof optionSchema>;

export const stepBase = {
  id,
  title: localizedSchema,
  prompt: localizedSchema,
  /** Where the learner stands for this step: a station id of the scene. */
  station: id.optional(),
  /** Competency dimension this step's points count towards (declared in the course's dimensions). */
  dimension: id.optional(),
};

export const conditionSchema = z.strictObject({
  var: id,
  op: z.enum(['>=', '<=', '==', '>', '<']),
  value: z.number(),
});

export type Condition = z.infer<typeof conditionSchema>;

/** A CSV under the course's assets/ (never outside it). */
export const DATASET_PATH = /^assets\/(?!.*\.\.)[\w./-]+\.csv$/;

/** A table of numbers: the lab's applicant records. Written inline or loaded from a CSV in assets/. */
export const tableSchema = z.strictObject({
  columns: z.array(z.string().min(1)).min(2),
  rows: z.array(z.array(z.number())).min(10),
});
export type DataTable = z.infer<typeof tableSchema>;

export const LAB_METRICS = ['disparateImpact', 'tprGap', 'selectionRateGap', 'wronglyRejected', 'wronglyApproved'] as const;
export type LabMetric = (typeof LAB_METRICS)[number];
