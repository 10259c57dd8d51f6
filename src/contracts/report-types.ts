// The JSON of the reports, ledger, policy, result-adjustment and API-token endpoints, shared by
// the server (server/reports, server/ledger, server/grading) and the admin console (src/ui/admin).
// The browser checks answers with these schemas in development and e2e builds; the server parses
// the bodies it takes (a new policy, a token, an adjustment) with the request schemas.
import { z } from 'zod';
import type { Standing } from '../policy/standing.ts';
import { honourViewSchema } from './honour-types.ts';
import { userRoleSchema } from './user-types.ts';

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

/**
 * A checkpoint of the ledger (server/ledger, docs/ledger.md): the log's size, Merkle root and
 * chain hash, signed with the server's Ed25519 key when the entry that made the log this size was
 * appended. Never signed on request: every copy was signed at append time and stored.
 */
export const signedLedgerHeadSchema = z.object({
  /** Names the log (SHIXUN_LEDGER_ORIGIN). */
  origin: z.string(),
  /** Tree size: number of entries (the last entry's seq; 0 for an empty log). */
  seq: z.number(),
  /** RFC 9162 Merkle root of the entries 1..seq, lowercase hex. */
  root: z.string(),
  /** The hash-chain hash of entry seq (64 zeros for an empty log). */
  hash: z.string(),
  /** ISO 8601, when the server signed (at the append). */
  signedAt: z.string(),
  /** Base64 Ed25519 signature over the note's text (everything before its blank line). */
  signature: z.string(),
  /** SHA-256 hex of the public key (SPKI DER): names the key that signed. */
  keyId: z.string(),
  /** The checkpoint as a signed note (text, blank line, signature line). */
  note: z.string(),
});
export type SignedLedgerHead = Readonly<z.infer<typeof signedLedgerHeadSchema>>;
export type LedgerCheckpoint = SignedLedgerHead;

/** Score per competency dimension across every course the learner finished in the period. */
export const competencyScoreSchema = z.object({
  dimensionId: z.string(),
  label: localized,
  score: z.number(),
  max: z.number(),
  /** score / max, 0–1 (0 when max is 0). */
  scaled: z.number(),
});
export type CompetencyScore = Readonly<z.infer<typeof competencyScoreSchema>>;

/**
 * src/policy/standing.ts' Standing, computed by the same code on the server: checked here as far
 * as the console reads it without re-stating the policy's types.
 */
export const standingSchema = z.custom<Standing>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { meets?: unknown }).meets === 'boolean' &&
    Array.isArray((value as { courses?: unknown }).courses) &&
    Array.isArray((value as { statuses?: unknown }).statuses),
  { error: 'is not a standing (meets, courses, statuses)' },
);

/** Why a report row is not backed by the ledger. */
export const reportLedgerIssueSchema = z.object({
  /** The result's attempt; null when the whole log failed its check. */
  attemptId: z.string().nullable(),
  courseId: z.string().nullable(),
  /** `missing`: no ledger entry records the result; `differs`: the entry holds other values; `log`: the log failed its check. */
  kind: z.enum(['missing', 'differs', 'log']),
  /** What differs or what failed, in English (field, report value, ledger value). */
  detail: z.string(),
});
export type ReportLedgerIssue = Readonly<z.infer<typeof reportLedgerIssueSchema>>;

export const reportLearnerSchema = z.object({
  username: z.string(),
  name: z.string(),
  employeeId: z.string().nullable(),
  department: z.string().nullable(),
  rank: z.string().nullable(),
  role: userRoleSchema,
  /** src/policy/standing.ts, with every adjustment applied (an adjusted result counts as adjusted). */
  standing: standingSchema,
  competency: z.array(competencyScoreSchema).readonly(),
  /**
   * Counted results the ledger does not back (server/reports/ledger-rows.ts); empty when every one
   * matches its ledger entry. The page and the files mark such rows.
   */
  ledgerIssues: z.array(reportLedgerIssueSchema).readonly(),
});
export type ReportLearner = Readonly<z.infer<typeof reportLearnerSchema>>;

/**
 * GET /api/v1/reports/promotion?period=2026[&department=…][&rank=…][&status=meets|short][&policyVersion=…]
 * (&format=csv|xlsx give files of the same rows). Admin session or an API token with `reports:read`.
 */
export const promotionReportSchema = z.object({
  generatedAt: z.string(),
  policy: z.object({ version: z.string(), adopted: z.string(), note: localized.nullable() }),
  period: z.object({ id: z.string(), label: localized, start: z.string(), end: z.string() }),
  filters: z.object({
    department: z.string().nullable(),
    rank: z.string().nullable(),
    status: z.enum(['meets', 'short']).nullable(),
  }),
  /** Every department and rank present among accounts, for the filter lists. */
  departments: z.array(z.string()).readonly(),
  ranks: z.array(z.string()).readonly(),
  summary: z.object({ learners: z.number(), meets: z.number(), short: z.number() }),
  /**
   * The latest ledger checkpoint (signed when its last entry was appended, never for the report):
   * every result the report counts should be recorded in the log up to here.
   */
  ledgerHead: signedLedgerHeadSchema,
  /** The stored log checked against the signed checkpoints when the report was built. */
  ledgerCheck: z.object({ ok: z.boolean(), problem: z.string().nullable() }),
  /** By department, then employee id / username. */
  learners: z.array(reportLearnerSchema).readonly(),
  /** The policy's honours for the period: who is proposed, with the reasons, and every decision made (who, when, why). */
  honours: z.array(honourViewSchema).readonly(),
});
export type PromotionReport = Readonly<z.infer<typeof promotionReportSchema>>;

/** GET /api/v1/reports/analytics?period=2026[&department=…][&rank=…]: the console's charts. */
export const reportAnalyticsSchema = z.object({
  period: z.object({ id: z.string(), label: localized }),
  policyVersion: z.string(),
  completionByDepartment: z.array(z.object({ department: z.string(), learners: z.number(), meets: z.number() })).readonly(),
  /** Scaled scores of counted results, in ten bins of 0.1 (the last includes 1.0), per course. */
  scoreDistribution: z.array(z.object({ courseId: z.string(), bins: z.array(z.number()).readonly() })).readonly(),
  /** Finished official attempts per month of the period (`YYYY-MM`, in the policy's UTC offset). */
  trend: z
    .array(z.object({ month: z.string(), attempts: z.number(), passed: z.number(), meanScaled: z.number().nullable() }))
    .readonly(),
  /**
   * Item analysis per graded step over finished attempts in the period: difficulty = mean share of
   * the step's points earned (1 = everyone got it); discrimination = difficulty in the top 27 % of
   * attempts by total score minus difficulty in the bottom 27 % (null under 10 attempts).
   */
  items: z
    .array(
      z.object({
        courseId: z.string(),
        courseVersion: z.string(),
        sceneId: z.string(),
        stepId: z.string(),
        title: localized,
        attempts: z.number(),
        difficulty: z.number(),
        discrimination: z.number().nullable(),
      }),
    )
    .readonly(),
});
export type ReportAnalytics = Readonly<z.infer<typeof reportAnalyticsSchema>>;

export const policyVersionInfoSchema = z.object({
  version: z.string(),
  adopted: z.string(),
  note: localized.nullable(),
  /** The version as YAML (the same format as config/training-policy.yaml, without `history`). */
  yaml: z.string(),
  /** Who stored it (`config` for versions read from config/training-policy.yaml) and when. */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type PolicyVersionInfo = Readonly<z.infer<typeof policyVersionInfoSchema>>;

/** GET /api/v1/policy (admin): the version in force and every stored version, newest first. */
export const policyVersionsSchema = z.object({
  current: policyVersionInfoSchema,
  versions: z.array(policyVersionInfoSchema).readonly(),
});
export type PolicyVersions = Readonly<z.infer<typeof policyVersionsSchema>>;

/**
 * PUT /api/v1/policy { yaml } (admin): stores a new version and makes it current (201
 * PolicyVersions). 422 { problems: [{ path, message }] } for an invalid file; 409 when the version
 * name exists.
 */
export const policyRequestSchema = z.strictObject({
  yaml: z
    .string({ error: 'yaml is required and must be non-empty text.' })
    .refine((value) => value.trim() !== '', { error: 'yaml is required and must be non-empty text.' }),
});
export type PolicyRequest = z.infer<typeof policyRequestSchema>;

export const apiTokenScopeSchema = z.enum(['reports:read', 'ledger:read']);
export type ApiTokenScope = z.infer<typeof apiTokenScopeSchema>;

/** GET /api/v1/admin/api-tokens → { tokens }; DELETE /api/v1/admin/api-tokens/:id revokes one. */
export const apiTokenInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  scopes: z.array(apiTokenScopeSchema).readonly(),
  /** The first characters of the token, to tell tokens apart (`shx_ab12…`). */
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenInfo = Readonly<z.infer<typeof apiTokenInfoSchema>>;
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenInfoSchema).readonly() });

/** POST /api/v1/admin/api-tokens { label, scopes } → 201 ApiTokenCreated. */
export const apiTokenRequestSchema = z.strictObject({
  label: z
    .string({ error: 'label is required and must be non-empty text.' })
    .refine((value) => value.trim() !== '', { error: 'label is required and must be non-empty text.', abort: true })
    .refine((value) => [...value].length <= 100, { error: 'label may have at most 100 characters.' }),
  scopes: z
    .array(
      z.enum(apiTokenScopeSchema.options, {
        error: `scopes must be a non-empty list drawn from ${apiTokenScopeSchema.options.join(', ')}.`,
      }),
      {
        error: `scopes must be a non-empty list drawn from ${apiTokenScopeSchema.options.join(', ')}.`,
      },
    )
    .min(1, { error: `scopes must be a non-empty list drawn from ${apiTokenScopeSchema.options.join(', ')}.` }),
});
export type ApiTokenRequest = z.infer<typeof apiTokenRequestSchema>;

/** The token itself appears only here, once: `Authorization: Bearer <token>`. */
export const apiTokenCreatedSchema = apiTokenInfoSchema.extend({ token: z.string() });
export type ApiTokenCreated = Readonly<z.infer<typeof apiTokenCreatedSchema>>;

/** The answer of DELETE /api/v1/admin/api-tokens/:id. */
export const apiTokenRevokedSchema = z.unknown();

/**
 * GET /api/v1/attempts/:attemptId/adjustments (admin, trainer, or the attempt's owner) and
 * POST { scaled, passed, reason } (admin, reason ≥ 10 characters) → 201 ResultAdjustment.
 */
export const resultAdjustmentSchema = z.object({
  id: z.string(),
  attemptId: z.string(),
  scaled: z.number(),
  passed: z.boolean(),
  reason: z.string(),
  adjustedBy: z.string(),
  adjustedAt: z.string(),
  /** The ledger entry that records it. */
  ledgerSeq: z.number(),
});
export type ResultAdjustment = Readonly<z.infer<typeof resultAdjustmentSchema>>;

export const MIN_REASON_CHARS = 10;
export const MAX_REASON_CHARS = 2000;

const scaledReason = (input: unknown) =>
  `scaled must be the corrected score as a number from 0 to 1 (e.g. 0.8 for 80 %), not ${JSON.stringify(input) ?? 'nothing'}.`;

/** POST /api/v1/attempts/:attemptId/adjustments (admin): the corrected result and why; the reason is trimmed. */
export const adjustmentRequestSchema = z.strictObject({
  scaled: z
    .number({ error: (issue) => scaledReason(issue.input) })
    .min(0, { error: (issue) => scaledReason(issue.input) })
    .max(1, { error: (issue) => scaledReason(issue.input) }),
  passed: z.boolean({ error: (issue) => `passed must be true or false, not ${JSON.stringify(issue.input) ?? 'nothing'}.` }),
  reason: z
    .string({
      error: `reason is required: say in words why the result is corrected (an appeal upheld, a grading error), at least ${MIN_REASON_CHARS} characters.`,
    })
    .trim()
    .check((context) => {
      const length = [...context.value].length;
      if (length < MIN_REASON_CHARS)
        context.issues.push({
          code: 'custom',
          input: context.value,
          message: `reason must have at least ${MIN_REASON_CHARS} characters after trimming (it has ${length}): say why the result is corrected, so a review can tell a correction from an alteration.`,
        });
      else if (length > MAX_REASON_CHARS)
        context.issues.push({
          code: 'custom',
          input: context.value,
          message: `reason may have at most ${MAX_REASON_CHARS} characters (it has ${length}); attach long documents elsewhere and refer to them.`,
        });
    }),
});
export type AdjustmentRequest = z.input<typeof adjustmentRequestSchema>;

/** One link of the chain. hash = SHA-256 hex of canonical JSON `{ seq, kind, recordedAt, payload, prev }`. */
export const ledgerEntrySchema = z.object({
  seq: z.number(),
  kind: z.enum(['result', 'adjustment', 'exercise-result', 'honour-decision', 'credential-revocation']),
  recordedAt: z.string(),
  payload: z.record(z.string(), z.unknown()).readonly(),
  /** The previous entry's hash (64 zeros for seq 1). */
  prev: z.string(),
  hash: z.string(),
});
export type LedgerEntry = Readonly<z.infer<typeof ledgerEntrySchema>>;

export const attemptAdjustmentsSchema = z.object({
  attemptId: z.string(),
  username: z.string(),
  courseId: z.string(),
  courseVersion: z.string(),
  /** The server's own grading, never changed. */
  original: z
    .object({ score: z.number(), max: z.number(), scaled: z.number(), passed: z.boolean(), finishedAt: z.string() })
    .nullable(),
  /** Oldest first; the last one is the effective result. */
  adjustments: z.array(resultAdjustmentSchema).readonly(),
  /** The ledger entries about this attempt (its grading, then each adjustment), oldest first. */
  ledger: z.array(ledgerEntrySchema).readonly(),
});
export type AttemptAdjustments = Readonly<z.infer<typeof attemptAdjustmentsSchema>>;

/**
 * A key rotation (docs/ledger.md, "Key rotation"): a statement of the log at size `seq` (its root
 * and chain hash) naming the new signing key, signed by the old key and countersigned by the new.
 * Checkpoints after `seq` are signed by the new key; the old key signs none after it.
 */
export const ledgerRotationSchema = z.object({
  origin: z.string(),
  seq: z.number(),
  root: z.string(),
  hash: z.string(),
  signedAt: z.string(),
  oldKeyId: z.string(),
  /** PEM SPKI of the old key. */
  oldPublicKey: z.string(),
  newKeyId: z.string(),
  /** PEM SPKI of the new key. */
  newPublicKey: z.string(),
  /** Base64 Ed25519 signatures of the statement's text by the old and by the new key. */
  oldSignature: z.string(),
  newSignature: z.string(),
  /** The statement's text and both signature lines. */
  note: z.string(),
});
export type LedgerRotation = Readonly<z.infer<typeof ledgerRotationSchema>>;

/** GET /api/v1/ledger/export (admin or `ledger:read` token): the chain with its signed head. */
export const ledgerExportSchema = z.object({
  format: z.literal('shixun-ledger-export'),
  formatVersion: z.literal(2),
  /** PEM SPKI of the signing key; verification should use the key published at /api/v1/ledger/public-key. */
  publicKey: z.string(),
  keyId: z.string(),
  /** The latest stored checkpoint, signed when its last entry was appended; entries stop at its size. */
  head: signedLedgerHeadSchema,
  /** Every entry from seq 1 to head.seq, in order. */
  entries: z.array(ledgerEntrySchema).readonly(),
  /** The key rotations of this log, oldest first (absent before the first rotation). */
  rotations: z.array(ledgerRotationSchema).readonly().optional(),
});
export type LedgerExport = Readonly<z.infer<typeof ledgerExportSchema>>;

/**
 * GET /api/v1/ledger/entries/:seq/proof and GET /api/v1/attempts/:attemptId/ledger-proof: one
 * entry, its Merkle leaf hash and the RFC 9162 inclusion proof of that leaf in the tree of the
 * latest signed checkpoint; `npm run ledger:verify -- <file> --key <public key>` checks it offline.
 */
export const ledgerProofSchema = z.object({
  format: z.literal('shixun-ledger-proof'),
  formatVersion: z.literal(1),
  entry: ledgerEntrySchema,
  /** 0-based position of the entry's leaf in the tree: entry.seq − 1. */
  leafIndex: z.number(),
  /** SHA-256(0x00 ‖ canonical JSON of the whole entry), lowercase hex. */
  leafHash: z.string(),
  /** The audit path (RFC 9162 §2.1.3.1), lowercase hex, leaf side first. */
  proof: z.array(z.string()).readonly(),
  /** The latest checkpoint, signed when its last entry was appended: the tree the proof leads to. */
  checkpoint: signedLedgerHeadSchema,
  /** The log's key rotations, oldest first, so a key published before one still checks it (absent before the first). */
  rotations: z.array(ledgerRotationSchema).readonly().optional(),
});
export type LedgerProof = Readonly<z.infer<typeof ledgerProofSchema>>;

/** One difference the audit found: what the tables hold now against what the ledger recorded. */
export const ledgerAuditMismatchSchema = z.object({
  attemptId: z.string(),
  /** `score`, `scaled`, `passed`, `finishedAt`, `dimensions`, `effective scaled`, `adjustment <id> reason`, `attempt`, … */
  field: z.string(),
  /** Values as JSON scalars; objects (dimensions) as canonical JSON text; null when absent. */
  table: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  ledger: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});
export type LedgerAuditMismatch = Readonly<z.infer<typeof ledgerAuditMismatchSchema>>;

/**
 * GET /api/v1/ledger/audit (admin): every finished attempt's result and corrections in the
 * attempts and result_adjustments tables, compared with the ledger's entries for it.
 */
export const ledgerAuditSchema = z.object({
  checkedAt: z.string(),
  /** The ledger's head seq when the audit read it. */
  headSeq: z.number(),
  /** Finished attempts checked. */
  attempts: z.number(),
  /** No mismatch and nothing missing. */
  ok: z.boolean(),
  mismatches: z.array(ledgerAuditMismatchSchema).readonly(),
  /** Finished attempts with no `result` entry in the ledger. */
  missingFromLedger: z.array(z.string()).readonly(),
});
export type LedgerAudit = Readonly<z.infer<typeof ledgerAuditSchema>>;
