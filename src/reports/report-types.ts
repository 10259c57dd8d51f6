// The JSON contracts of the reports, ledger, policy and API-token endpoints, shared by the server
// (server/reports, server/ledger) and the admin console (src/ui/admin). Types only: no code, so
// both sides can import it without pulling in the other's dependencies.
import type { Localized } from '../course/schema.ts';
import type { Standing } from '../policy/standing.ts';

/**
 * A checkpoint of the ledger (server/ledger, docs/ledger.md): the log's size, Merkle root and
 * chain hash, signed with the server's Ed25519 key when the entry that made the log this size was
 * appended. Never signed on request: every copy was signed at append time and stored.
 */
export interface SignedLedgerHead {
  /** Names the log (SHIXUN_LEDGER_ORIGIN). */
  readonly origin: string;
  /** Tree size: number of entries (the last entry's seq; 0 for an empty log). */
  readonly seq: number;
  /** RFC 9162 Merkle root of the entries 1..seq, lowercase hex. */
  readonly root: string;
  /** The hash-chain hash of entry seq (64 zeros for an empty log). */
  readonly hash: string;
  /** ISO 8601, when the server signed (at the append). */
  readonly signedAt: string;
  /** Base64 Ed25519 signature over the note's text (everything before its blank line). */
  readonly signature: string;
  /** SHA-256 hex of the public key (SPKI DER): names the key that signed. */
  readonly keyId: string;
  /** The checkpoint as a signed note (text, blank line, signature line). */
  readonly note: string;
}
export type LedgerCheckpoint = SignedLedgerHead;

/** Score per competency dimension across every course the learner finished in the period. */
export interface CompetencyScore {
  readonly dimensionId: string;
  readonly label: Localized;
  readonly score: number;
  readonly max: number;
  /** score / max, 0–1 (0 when max is 0). */
  readonly scaled: number;
}

export interface ReportLearner {
  readonly username: string;
  readonly name: string;
  readonly employeeId: string | null;
  readonly department: string | null;
  readonly rank: string | null;
  /**
   * src/contracts/user-types.ts' UserRole, written out: reports sit on the contracts' floor and
   * may not import them. The server fills it from that type (server/reports/standing-rows.ts),
   * so a new role fails to compile there.
   */
  readonly role: 'learner' | 'trainer' | 'admin';
  /** src/policy/standing.ts, with every adjustment applied (an adjusted result counts as adjusted). */
  readonly standing: Standing;
  readonly competency: readonly CompetencyScore[];
  /**
   * Counted results the ledger does not back (server/reports/ledger-rows.ts); empty when every one
   * matches its ledger entry. The page and the files mark such rows.
   */
  readonly ledgerIssues: readonly ReportLedgerIssue[];
}

/** Why a report row is not backed by the ledger. */
export interface ReportLedgerIssue {
  /** The result's attempt; null when the whole log failed its check. */
  readonly attemptId: string | null;
  readonly courseId: string | null;
  /** `missing`: no ledger entry records the result; `differs`: the entry holds other values; `log`: the log failed its check. */
  readonly kind: 'missing' | 'differs' | 'log';
  /** What differs or what failed, in English (field, report value, ledger value). */
  readonly detail: string;
}

/**
 * GET /api/v1/reports/promotion?period=2026[&department=…][&rank=…][&status=meets|short][&policyVersion=…]
 * (&format=csv|xlsx give files of the same rows). Admin session or an API token with `reports:read`.
 */
export interface PromotionReport {
  readonly generatedAt: string;
  readonly policy: { readonly version: string; readonly adopted: string; readonly note: Localized | null };
  readonly period: { readonly id: string; readonly label: Localized; readonly start: string; readonly end: string };
  readonly filters: {
    readonly department: string | null;
    readonly rank: string | null;
    readonly status: 'meets' | 'short' | null;
  };
  /** Every department and rank present among accounts, for the filter lists. */
  readonly departments: readonly string[];
  readonly ranks: readonly string[];
  readonly summary: { readonly learners: number; readonly meets: number; readonly short: number };
  /**
   * The latest ledger checkpoint (signed when its last entry was appended, never for the report):
   * every result the report counts should be recorded in the log up to here.
   */
  readonly ledgerHead: SignedLedgerHead;
  /** The stored log checked against the signed checkpoints when the report was built. */
  readonly ledgerCheck: { readonly ok: boolean; readonly problem: string | null };
  /** By department, then employee id / username. */
  readonly learners: readonly ReportLearner[];
}

/** GET /api/v1/reports/analytics?period=2026[&department=…][&rank=…]: the console's charts. */
export interface ReportAnalytics {
  readonly period: { readonly id: string; readonly label: Localized };
  readonly policyVersion: string;
  readonly completionByDepartment: readonly { readonly department: string; readonly learners: number; readonly meets: number }[];
  /** Scaled scores of counted results, in ten bins of 0.1 (the last includes 1.0), per course. */
  readonly scoreDistribution: readonly { readonly courseId: string; readonly bins: readonly number[] }[];
  /** Finished official attempts per month of the period (`YYYY-MM`, in the policy's UTC offset). */
  readonly trend: readonly {
    readonly month: string;
    readonly attempts: number;
    readonly passed: number;
    readonly meanScaled: number | null;
  }[];
  /**
   * Item analysis per graded step over finished attempts in the period: difficulty = mean share of
   * the step's points earned (1 = everyone got it); discrimination = difficulty in the top 27 % of
   * attempts by total score minus difficulty in the bottom 27 % (null under 10 attempts).
   */
  readonly items: readonly {
    readonly courseId: string;
    readonly courseVersion: string;
    readonly sceneId: string;
    readonly stepId: string;
    readonly title: Localized;
    readonly attempts: number;
    readonly difficulty: number;
    readonly discrimination: number | null;
  }[];
}

/** GET /api/v1/policy (admin): the version in force and every stored version, newest first. */
export interface PolicyVersions {
  readonly current: PolicyVersionInfo;
  readonly versions: readonly PolicyVersionInfo[];
}

export interface PolicyVersionInfo {
  readonly version: string;
  readonly adopted: string;
  readonly note: Localized | null;
  /** The version as YAML (the same format as config/training-policy.yaml, without `history`). */
  readonly yaml: string;
  /** Who stored it (`config` for versions read from config/training-policy.yaml) and when. */
  readonly createdBy: string;
  readonly createdAt: string;
}
// PUT /api/v1/policy { yaml } (admin, x-shixun-csrf): stores a new version and makes it current.
// 422 { error, problems: [{ path, message }] } for an invalid file; 409 when the version name exists.

/** GET /api/v1/admin/api-tokens → { tokens: ApiTokenInfo[] }; POST { label, scopes } → 201 ApiTokenCreated; DELETE /:id revokes. */
export type ApiTokenScope = 'reports:read' | 'ledger:read';
export interface ApiTokenInfo {
  readonly id: string;
  readonly label: string;
  readonly scopes: readonly ApiTokenScope[];
  /** The first characters of the token, to tell tokens apart (`shx_ab12…`). */
  readonly prefix: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}
/** The token itself appears only here, once: `Authorization: Bearer <token>`. */
export interface ApiTokenCreated extends ApiTokenInfo {
  readonly token: string;
}

/**
 * GET /api/v1/attempts/:attemptId/adjustments (admin, trainer, or the attempt's owner) and
 * POST { scaled, passed, reason } (admin, reason ≥ 10 characters) → 201 ResultAdjustment.
 */
export interface ResultAdjustment {
  readonly id: string;
  readonly attemptId: string;
  readonly scaled: number;
  readonly passed: boolean;
  readonly reason: string;
  readonly adjustedBy: string;
  readonly adjustedAt: string;
  /** The ledger entry that records it. */
  readonly ledgerSeq: number;
}
export interface AttemptAdjustments {
  readonly attemptId: string;
  readonly username: string;
  readonly courseId: string;
  readonly courseVersion: string;
  /** The server's own grading, never changed. */
  readonly original: {
    readonly score: number;
    readonly max: number;
    readonly scaled: number;
    readonly passed: boolean;
    readonly finishedAt: string;
  } | null;
  /** Oldest first; the last one is the effective result. */
  readonly adjustments: readonly ResultAdjustment[];
  /** The ledger entries about this attempt (its grading, then each adjustment), oldest first. */
  readonly ledger: readonly LedgerEntry[];
}

/** One link of the chain. hash = SHA-256 hex of canonical JSON `{ seq, kind, recordedAt, payload, prev }`. */
export interface LedgerEntry {
  readonly seq: number;
  readonly kind: 'result' | 'adjustment';
  readonly recordedAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The previous entry's hash (64 zeros for seq 1). */
  readonly prev: string;
  readonly hash: string;
}

/** GET /api/v1/ledger/export (admin or `ledger:read` token): the chain with its signed head. */
export interface LedgerExport {
  readonly format: 'shixun-ledger-export';
  readonly formatVersion: 2;
  /** PEM SPKI of the signing key; verification should use the key published at /api/v1/ledger/public-key. */
  readonly publicKey: string;
  readonly keyId: string;
  /** The latest stored checkpoint, signed when its last entry was appended; entries stop at its size. */
  readonly head: SignedLedgerHead;
  /** Every entry from seq 1 to head.seq, in order. */
  readonly entries: readonly LedgerEntry[];
}

/** One difference the audit found: what the tables hold now against what the ledger recorded. */
export interface LedgerAuditMismatch {
  readonly attemptId: string;
  /** `score`, `scaled`, `passed`, `finishedAt`, `dimensions`, `effective scaled`, `adjustment <id> reason`, `attempt`, … */
  readonly field: string;
  /** Values as JSON scalars; objects (dimensions) as canonical JSON text; null when absent. */
  readonly table: string | number | boolean | null;
  readonly ledger: string | number | boolean | null;
}

/**
 * GET /api/v1/ledger/audit (admin): every finished attempt's result and corrections in the
 * attempts and result_adjustments tables, compared with the ledger's entries for it.
 */
export interface LedgerAudit {
  readonly checkedAt: string;
  /** The ledger's head seq when the audit read it. */
  readonly headSeq: number;
  /** Finished attempts checked. */
  readonly attempts: number;
  /** No mismatch and nothing missing. */
  readonly ok: boolean;
  readonly mismatches: readonly LedgerAuditMismatch[];
  /** Finished attempts with no `result` entry in the ledger. */
  readonly missingFromLedger: readonly string[];
}
