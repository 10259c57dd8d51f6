// The exercise format: roles (departments) with private information, a shared situation board,
// phases, actions with preconditions, requests between roles, injects, outcome variables and
// scoring with reasons. Shape only (zod, strict); references are checked in validate.ts.
import { z } from 'zod';
import { conditionSchema, id, localizedSchema } from '../course/schema-parts.ts';

/** A column of a private data table; requests name columns by id. */
export const columnSchema = z.strictObject({ id, label: localizedSchema });

/** Information only its role sees: a document, a data table or a screen (a system's console). */
export const privateItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('document'), id, title: localizedSchema, body: localizedSchema }),
  z.strictObject({ kind: z.literal('screen'), id, title: localizedSchema, body: localizedSchema }),
  z.strictObject({
    kind: z.literal('table'),
    id,
    title: localizedSchema,
    /** Shown in the catalogue to roles that may request the table; the rows stay private. */
    columns: z.array(columnSchema).min(1),
    /** Synthetic rows, one cell per column (plain text, the same in both languages). */
    rows: z.array(z.array(z.string())).min(1),
  }),
]);
export type PrivateItem = z.infer<typeof privateItemSchema>;
export type TableItem = Extract<PrivateItem, { kind: 'table' }>;

export const roleSchema = z.strictObject({
  id,
  /** The department, e.g. the district cyberspace office. */
  name: localizedSchema,
  /** What the department is responsible for: every participant sees it. */
  remit: localizedSchema,
  /** The role's own briefing: only this role (and the trainer) sees it. */
  briefing: localizedSchema,
  private: z.array(privateItemSchema).default([]),
});
export type ExerciseRole = z.infer<typeof roleSchema>;

export const boardItemSchema = z.strictObject({ id, title: localizedSchema, body: localizedSchema });

export const phaseSchema = z.strictObject({
  id,
  title: localizedSchema,
  /** The phase ends by itself this many exercise minutes after it began (the trainer may end it earlier). */
  minutes: z.number().int().positive().optional(),
});

export const variableSchema = z.strictObject({
  id,
  label: localizedSchema,
  initial: z.number().int(),
  /** How much the variable grows per exercise minute until an effect changes the rate (e.g. copies spreading). */
  perMinute: z.number().int().default(0),
  min: z.number().int().default(0),
  max: z.number().int().optional(),
});

/** What an action, an answered request or an inject does to an outcome variable. */
export const effectSchema = z
  .strictObject({
    var: id,
    add: z.number().int().optional(),
    set: z.number().int().optional(),
    perMinute: z.number().int().optional(),
    /** The effect is skipped once any of these actions has been taken (e.g. residents already warned). */
    unless: z.array(id).default([]),
  })
  .refine((e) => e.add !== undefined || e.set !== undefined || e.perMinute !== undefined, {
    message: 'an effect needs add, set or perMinute',
  });
export type Effect = z.infer<typeof effectSchema>;

/** Data a role must hold (received through a request) before it may act. */
export const receivedSchema = z.strictObject({ item: id, fields: z.array(id).min(1) });

export const preconditionsSchema = z.strictObject({
  /** Actions someone must already have taken. */
  done: z.array(id).default([]),
  /** Columns of another role's table this role must have received. */
  received: z.array(receivedSchema).default([]),
  vars: z.array(conditionSchema).default([]),
});

export const actionSchema = z.strictObject({
  id,
  role: id,
  /** Phases in which the action may be taken. */
  phases: z.array(id).min(1),
  label: localizedSchema,
  requires: preconditionsSchema.optional(),
  effects: z.array(effectSchema).default([]),
  /** Points to the role (negative for a harmful action), with the reason that cites the law. */
  points: z.number().int(),
  reason: localizedSchema,
  /** Shown on the situation board when the action is taken. */
  announce: localizedSchema.optional(),
});
export type ExerciseAction = z.infer<typeof actionSchema>;

export const legalBasisSchema = z.strictObject({ id, text: localizedSchema });

export const requestSchema = z.strictObject({
  id,
  /** Roles that may send this request. */
  from: z.array(id).min(1),
  /** The role that holds the data and answers. */
  to: id,
  /** The requested table (a private item of `to`). */
  item: id,
  phases: z.array(id).min(1),
  purpose: localizedSchema,
  /** The minimum columns the purpose needs; each further column shared costs points. */
  needed: z.array(id).min(1),
  /** What the holder should do, and the legal bases that justify each answer. */
  expected: z.enum(['grant', 'refuse']),
  grantBases: z.array(id).default([]),
  refuseBases: z.array(id).default([]),
  /** Points to the holder for the expected answer with a fitting basis (lost, negated, otherwise). */
  points: z.number().int().positive(),
  /** Points lost per column shared or asked for beyond `needed` (by the holder, by the requester). */
  perExtraField: z.number().int().positive().default(2),
  right: localizedSchema,
  wrong: localizedSchema,
  overshare: localizedSchema,
  /** Effects when the request is granted. */
  effects: z.array(effectSchema).default([]),
});
export type ExerciseRequest = z.infer<typeof requestSchema>;

export const injectSchema = z.strictObject({
  id,
  title: localizedSchema,
  text: localizedSchema,
  /** Fired by the exercise clock at this minute; without it only the trainer fires it. */
  atMinute: z.number().int().nonnegative().optional(),
  effects: z.array(effectSchema).default([]),
});

/** A team outcome, judged on the variables and the actions taken. */
export const outcomeRuleSchema = z.strictObject({
  id,
  when: z.array(conditionSchema).default([]),
  done: z.array(id).default([]),
  points: z.number().int(),
  reason: localizedSchema,
});

export const exerciseSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id,
  title: localizedSchema,
  summary: localizedSchema,
  roles: z.array(roleSchema).min(2).max(8),
  board: z.array(boardItemSchema).min(1),
  phases: z.array(phaseSchema).min(1),
  variables: z.array(variableSchema).default([]),
  legalBases: z.array(legalBasisSchema).default([]),
  actions: z.array(actionSchema).min(1),
  requests: z.array(requestSchema).default([]),
  injects: z.array(injectSchema).default([]),
  outcomes: z.array(outcomeRuleSchema).default([]),
});
export type Exercise = z.infer<typeof exerciseSchema>;

/** courses/<id>/course.yaml of a course made of exercises (`format: exercise`). */
export const exerciseCourseSchema = z.strictObject({
  schemaVersion: z.literal(1),
  format: z.literal('exercise'),
  id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version is semver, e.g. "1.0.0"'),
  title: localizedSchema,
  summary: localizedSchema,
  /** Exercise ids, in order; each is exercises/<id>.yaml beside the course file. */
  exercises: z.array(id).min(1),
});
export type ExerciseCourse = z.infer<typeof exerciseCourseSchema>;
