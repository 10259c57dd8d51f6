// The JSON of honours (server/honours): the proposals the system makes from a period's results,
// each with its reasons, and the decisions admins make on them; and what a learner has due for
// recertification (server/reports). Shared by the server and the admin console.
import { z } from 'zod';

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

/** src/policy/honours.ts HonourReason: the kind, its figures, and the reason in both languages. */
export const honourReasonSchema = z.looseObject({
  kind: z.enum(['course', 'joint-exercises', 'no-corrections']),
  text: localized,
});

export const HONOUR_DECISIONS = ['award', 'decline'] as const;
export type HonourDecisionKind = (typeof HONOUR_DECISIONS)[number];

/** One admin's decision on one person for one honour and period: recorded once, in the ledger too. */
export const honourDecisionSchema = z.object({
  id: z.string(),
  honourId: z.string(),
  periodId: z.string(),
  /** The policy version the proposal was made under. */
  policyVersion: z.string(),
  username: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  decision: z.enum(HONOUR_DECISIONS),
  /** Why (required to decline; optional to award). */
  reason: z.string().nullable(),
  /** The reasons of the proposal the decision was made on. */
  reasons: z.array(honourReasonSchema).readonly(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  /** The ledger entry that records the decision. */
  ledgerSeq: z.number(),
});
export type HonourDecision = Readonly<z.infer<typeof honourDecisionSchema>>;

export const honourProposalSchema = z.object({
  username: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  reasons: z.array(honourReasonSchema).readonly(),
  /** Mean counted score over the required courses (the first tie-break). */
  meanScore: z.number(),
  /** When the last required course was completed (the second tie-break). */
  completedAt: z.string(),
  /** Place within the department in the tie-break order, from 1. */
  place: z.number(),
  /** Within the honour's per-department limit. */
  withinLimit: z.boolean(),
  /** The decision already made on this proposal, if any. */
  decision: honourDecisionSchema.nullable(),
});
export type HonourProposalView = Readonly<z.infer<typeof honourProposalSchema>>;

export const honourViewSchema = z.object({
  honourId: z.string(),
  label: localized,
  perDepartment: z.number(),
  /** Everyone eligible now, by department and place. */
  proposals: z.array(honourProposalSchema).readonly(),
  /** Every decision made for this honour and period, newest first (also on people no longer proposed). */
  decisions: z.array(honourDecisionSchema).readonly(),
});
export type HonourView = Readonly<z.infer<typeof honourViewSchema>>;

/** GET /api/v1/admin/honours?period=…[&policyVersion=…] (admin). */
export const honoursResponseSchema = z.object({
  policyVersion: z.string(),
  period: z.object({ id: z.string(), label: localized }),
  /** The honours the policy gives for the period, in policy order (empty when it gives none). */
  honours: z.array(honourViewSchema).readonly(),
});
export type HonoursResponse = Readonly<z.infer<typeof honoursResponseSchema>>;

const text = (field: string) =>
  z
    .string({ error: `${field} is required and must be non-empty text.` })
    .trim()
    .min(1, `${field} is required and must be non-empty text.`);

/**
 * POST /api/v1/admin/honours/decisions (admin): award or decline one proposal. Declining needs a
 * written reason. 409 when a decision was already made or the department's limit is reached.
 */
export const honourDecisionRequestSchema = z
  .strictObject({
    periodId: text('periodId'),
    honourId: text('honourId'),
    username: text('username'),
    decision: z.enum(HONOUR_DECISIONS, { error: 'decision must be "award" or "decline".' }),
    reason: z.string({ error: 'reason must be text.' }).trim().max(2000, 'reason is at most 2000 characters.').optional(),
    /** The policy version whose honour is decided; the current one when absent. */
    policyVersion: text('policyVersion').optional(),
  })
  .refine((body) => body.decision !== 'decline' || (body.reason ?? '') !== '', {
    path: ['reason'],
    error: 'reason is required to decline: write why this person is not given the honour.',
  });
export type HonourDecisionRequest = z.infer<typeof honourDecisionRequestSchema>;

/** A course the learner must take again (policy `recertification`): src/policy/standing.ts RenewalDue. */
export const renewalDueSchema = z.object({
  courseId: z.string(),
  required: z.boolean(),
  state: z.enum(['valid', 'expiring', 'expired', 'missing']),
  validUntil: z.string().nullable(),
  expiresOn: z.string().nullable(),
  daysLeft: z.number().nullable(),
});

/** GET /api/v1/me/recertification (any signed-in user): every course with a validity, and what is due now. */
export const myRecertificationSchema = z.object({
  policyVersion: z.string(),
  period: z.object({ id: z.string(), label: localized }),
  asOf: z.string(),
  /** Expiring within the policy's days, expired, or required and not passed: what to take now. */
  due: z.array(renewalDueSchema).readonly(),
  /** Every course the policy gives a validity that the learner is required to take or has passed. */
  courses: z.array(renewalDueSchema.extend({ validMonths: z.number() })).readonly(),
});
export type MyRecertification = Readonly<z.infer<typeof myRecertificationSchema>>;
