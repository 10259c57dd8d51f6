// Verifiable credentials (server/credentials): a learner's certificates, the admin's list and
// revocation, and the verify endpoint's report.
import { z } from 'zod';
import { requiredText } from './request-text.ts';

const bilingualSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

/** What a credential's state is now, as lists show and filter it. */
export const CREDENTIAL_STATUSES = ['valid', 'revoked', 'expired'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

export const credentialItemSchema = z.object({
  id: z.string(),
  kind: z.enum(['course-pass', 'honour']),
  username: z.string(),
  subjectName: z.string(),
  achievementId: z.string(),
  achievementName: bilingualSchema,
  /** Percent as the credential states it; null where the score is not shown. */
  score: z.number().nullable(),
  issuedAt: z.string(),
  validUntil: z.string().nullable(),
  status: z.enum(CREDENTIAL_STATUSES),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  /** Who revoked it (the admin's username); in the admin's list only. */
  revokedBy: z.string().nullable().optional(),
  ledgerSeq: z.number(),
  /** The verify page's address for this credential (the certificate's QR code). */
  verifyUrl: z.string(),
  /** The signed credential (Data Integrity form), as downloaded. */
  credential: z.record(z.string(), z.unknown()),
});
export type CredentialItem = z.infer<typeof credentialItemSchema>;

export const credentialListSchema = z.object({
  issuer: z.object({ did: z.string(), organisation: bilingualSchema }),
  credentials: z.array(credentialItemSchema).readonly(),
});
export type CredentialList = z.infer<typeof credentialListSchema>;

export const revokeCredentialRequestSchema = z.strictObject({
  reason: requiredText('reason', 500).refine((value) => [...value.trim()].length >= 10, {
    error: 'reason must say why in at least 10 characters.',
  }),
});

export const verifyCredentialRequestSchema = z.strictObject({
  /** The credential's JSON, or its VC-JOSE compact token. */
  credential: z.union([z.record(z.string(), z.unknown()), z.string().min(1)], {
    error: 'credential must be the credential file (JSON) or its VC-JOSE token.',
  }),
});

export const verificationReportSchema = z.object({
  status: z.enum(['valid', 'revoked', 'expired', 'tampered', 'unverifiable']),
  format: z.enum(['data-integrity', 'vc-jose', 'unknown']),
  reasons: z.array(z.object({ code: z.string(), field: z.string().optional(), message: z.string() })).readonly(),
  summary: z.object({
    id: z.string().nullable(),
    issuerId: z.string().nullable(),
    issuerName: z.string().nullable(),
    subjectName: z.string().nullable(),
    achievementName: z.string().nullable(),
    score: z.string().nullable(),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
  }),
  revocationChecked: z.boolean(),
});
export type VerificationReportView = z.infer<typeof verificationReportSchema>;
