// The training policy file (config/training-policy.yaml), as zod schemas: what counts towards a
// learner's annual standing. Strict objects, like course files: a misspelled key is an error, not
// a rule that silently never applies. Pure: runs in Node and the browser.
import { z } from 'zod';
import { localizedSchema } from '../course/schema.ts';

/** Roles a required-course rule can select (mirrors server/accounts/session-user.ts ROLES). */
export const POLICY_ROLES = ['learner', 'trainer', 'admin'] as const;
export type PolicyRole = (typeof POLICY_ROLES)[number];

export const RETAKE_RULES = ['best', 'latest'] as const;
export type RetakeRule = (typeof RETAKE_RULES)[number];

const courseId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'course ids use lower-case letters, digits and hyphens, e.g. "data-security"');
/** A calendar date, "YYYY-MM-DD" (quote it in YAML). Checked for a real date in validate.ts. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are written "YYYY-MM-DD", e.g. "2026-01-01"');
const name = z.string().trim().min(1, 'empty: write the name exactly as it appears in the user records');
const scaledScore = z.number().min(0).max(1);

const periodSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][\w-]*$/, 'period ids use letters, digits, "-" and "_", e.g. "2026"'),
  label: localizedSchema,
  /** First day of the period, inclusive. */
  start: date,
  /** Last day of the period, inclusive: a calendar year runs "2026-01-01" to "2026-12-31". */
  end: date,
});
export type Period = z.infer<typeof periodSchema>;

const rankSchema = z.strictObject({
  /** Exactly as stored in users.rank, e.g. "主任科员". */
  name,
  label: localizedSchema,
});

const departmentSchema = z.strictObject({
  /** Exactly as stored in users.department, e.g. "大数据局". */
  name,
  label: localizedSchema,
});

/** A required-course rule: applies when every selector given matches (any listed value matches). */
const requiredCourseRuleSchema = z.strictObject({
  /** Why the rule exists, shown on reports. */
  label: localizedSchema,
  courses: z.array(courseId).min(1),
  departments: z.array(name).min(1).optional(),
  ranks: z.array(name).min(1).optional(),
  roles: z.array(z.enum(POLICY_ROLES)).min(1).optional(),
});
export type RequiredCourseRule = z.infer<typeof requiredCourseRuleSchema>;

/**
 * A joint-exercise rule: the learner must have taken part in `count` finished joint-exercise
 * sessions in the period (any exercise, or only those listed). Applies like a required-course
 * rule: when every selector given matches.
 */
const requiredExerciseRuleSchema = z.strictObject({
  /** Why the rule exists, shown on reports. */
  label: localizedSchema,
  count: z.number().int().min(1),
  /** Exercise ids (courses/<course>/exercises/<id>) whose sessions count; any joint exercise when absent. */
  exercises: z.array(courseId).min(1).optional(),
  departments: z.array(name).min(1).optional(),
  ranks: z.array(name).min(1).optional(),
  roles: z.array(z.enum(POLICY_ROLES)).min(1).optional(),
});
export type RequiredExerciseRule = z.infer<typeof requiredExerciseRuleSchema>;

/**
 * An honour the system may propose for a period (e.g. outstanding trainee). People decide: the
 * system lists who meets every condition, with the reasons, and an admin awards or declines each.
 */
const honourSchema = z.strictObject({
  /** Names the honour in decisions and the ledger, e.g. "outstanding-trainee". Never reused for another honour. */
  id: courseId,
  label: localizedSchema,
  /** The period ids this honour is given for; every period of the policy when absent. */
  periods: z.array(z.string().min(1)).min(1).optional(),
  conditions: z.strictObject({
    /**
     * Every course the policy requires of the learner has a counted result that passed, reached
     * the policy minimum and this scaled score (0–1), and has not expired (`recertification`).
     */
    requiredCoursesMinimum: scaledScore,
    /** At least `count` joint-exercise sessions in the period whose team score over its maximum reached `minTeamScore`. */
    jointExercises: z
      .strictObject({
        count: z.number().int().min(1),
        /** Team score over the team maximum, 0–1. */
        minTeamScore: scaledScore,
      })
      .optional(),
    /** When true, a learner with any corrected (adjusted) result finished in the period is not proposed. */
    noCorrectedResults: z.boolean().optional(),
  }),
  limit: z.strictObject({
    /** At most this many awards per department (accounts without a department form one group). */
    perDepartment: z.number().int().min(1),
  }),
});
export type Honour = z.infer<typeof honourSchema>;

/**
 * Courses whose pass must be renewed: a counted pass older than its validity is expired and no
 * longer meets the requirement; one expiring within `expiringWithinDays` is shown as due.
 */
const recertificationSchema = z.strictObject({
  /** Course id → months a pass stays valid, counted from the finish of the pass. */
  validMonths: z.record(z.string(), z.number().int().min(1).max(120)),
  /** How many days before it expires a pass is shown as expiring. @default 30 */
  expiringWithinDays: z.number().int().min(1).max(365).optional(),
});
export type Recertification = z.infer<typeof recertificationSchema>;

/** One version of the policy: everything needed to evaluate a standing. */
export const policySchema = z.strictObject({
  /** Cited by every report, e.g. "2026.2". Never reused: a change gets a new version. */
  version: z.string().regex(/^[\w.-]+$/, 'versions use letters, digits, ".", "-" and "_", e.g. "2026.1"'),
  /** The day this version was adopted (informational; reports print it). */
  adopted: date,
  /** What changed in this version, for the audit trail. */
  note: localizedSchema.optional(),
  /**
   * The offset period dates are read in: "+08:00" for China Standard Time (no daylight saving),
   * so a period day runs from 00:00 to 24:00 Beijing time.
   */
  utcOffset: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'write the offset as "+08:00"'),
  periods: z.array(periodSchema).min(1),
  /** The ranks the rules may name; a learner whose rank is not listed gets the default hours. */
  ranks: z.array(rankSchema).min(1),
  /**
   * The departments with their names in each language, for reports and pages. Optional; when
   * given, every department a rule names must be listed (a misspelled name never matches anyone).
   */
  departments: z.array(departmentSchema).min(1).optional(),
  creditHoursByRank: z.strictObject({
    default: z.number().min(0),
    byRank: z.record(z.string(), z.number().min(0)).optional(),
  }),
  requiredCourses: z.array(requiredCourseRuleSchema),
  /** Joint-exercise participation per period (none required when absent). */
  requiredExercises: z.array(requiredExerciseRuleSchema).optional(),
  /** Scaled score (0–1) a counted result must reach to earn its hours, with per-course overrides. */
  minimumScore: z.strictObject({
    default: scaledScore,
    byCourse: z.record(z.string(), scaledScore).optional(),
  }),
  /** Which result of a retaken course counts: the highest score, or the most recent. */
  retakes: z.enum(RETAKE_RULES),
  /** Passes that must be renewed after a number of months (none expire when absent). */
  recertification: recertificationSchema.optional(),
  /** Honours proposed from the period's results and decided by an admin (none when absent). */
  honours: z.array(honourSchema).optional(),
});
export type Policy = z.infer<typeof policySchema>;

/** The file: the current version at the top, earlier versions kept whole in `history`. */
export const policyFileSchema = policySchema.extend({
  history: z.array(policySchema).optional(),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;
