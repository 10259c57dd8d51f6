// The unsigned OpenBadgeCredential (W3C VC 2.0, Open Badges 3.0) for one achievement, and the
// field digests a verifier uses to name what was changed when the proof no longer matches.
import { createHash } from 'node:crypto';
import { canonicalJson, DIGESTED_FIELDS, digestedParts, FIELD_DIGESTS_GENRE } from '../../src/credentials/field-digests.ts';
import { OB_CONTEXT, VC_CONTEXT } from '../../src/credentials/document-loader.ts';
import type { Issuer } from './issuer.ts';

export type CredentialKind = 'course-pass' | 'honour';

/** Text in both interface languages. */
export interface Bilingual {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface CredentialSubjectInput {
  readonly userId: string;
  readonly username: string;
  /** The learner's name as the certificate shows it. */
  readonly displayName: string;
}

export interface AchievementInput {
  /** A course id or an honour's id. */
  readonly id: string;
  readonly name: Bilingual;
  readonly criteria: Bilingual;
}

export interface CredentialContent {
  readonly id: string;
  readonly kind: CredentialKind;
  readonly subject: CredentialSubjectInput;
  readonly achievement: AchievementInput;
  /** Percent, 0–100; left out where the policy does not allow showing it. */
  readonly score?: number | undefined;
  readonly ledgerSeq: number;
  readonly ledgerHash: string;
  readonly statusList: number;
  readonly statusIndex: number;
  readonly issuedAt: Date;
  readonly validUntil?: Date | undefined;
}

/** A language-tagged value list (VC 2.0, "Language and Base Direction"). */
export function languageValues(text: Bilingual): { '@value': string; '@language': string }[] {
  return [
    { '@value': text['zh-CN'], '@language': 'zh-CN' },
    { '@value': text.en, '@language': 'en' },
  ];
}

/** xsd:dateTime to the second, as VC 2.0 validFrom/validUntil. */
export function dateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export const statusListUrl = (issuer: Issuer, list: number): string => `${issuer.baseUrl}api/v1/credentials/status/${list}`;
export const ledgerProofUrl = (issuer: Issuer, seq: number): string => `${issuer.baseUrl}api/v1/ledger/entries/${seq}/proof`;
export { DIGESTED_FIELDS, FIELD_DIGESTS_GENRE };
export type { DigestedField } from '../../src/credentials/field-digests.ts';

export const verifyPageUrl = (issuer: Issuer, credentialId: string): string =>
  `${issuer.baseUrl}verify?id=${encodeURIComponent(credentialId)}`;

/** `field=digest;…`: the first 16 bytes of SHA-256 over each part's canonical JSON, base64url. */
export function fieldDigests(credential: Readonly<Record<string, unknown>>): string {
  const parts = digestedParts(credential);
  return DIGESTED_FIELDS.map(
    (field) =>
      `${field}=${createHash('sha256')
        .update(canonicalJson(parts[field] ?? null))
        .digest()
        .subarray(0, 16)
        .toString('base64url')}`,
  ).join(';');
}

export function credentialDocument(issuer: Issuer, content: CredentialContent): Record<string, unknown> {
  const achievement = {
    id: `urn:shixun:achievement:${content.kind}:${content.achievement.id}`,
    type: ['Achievement'],
    achievementType: content.kind === 'course-pass' ? 'Certificate' : 'Award',
    name: languageValues(content.achievement.name),
    criteria: { narrative: languageValues(content.achievement.criteria) },
  };
  const credential: Record<string, unknown> = {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: content.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: languageValues(content.achievement.name),
    issuer: { id: issuer.did, type: ['Profile'], name: languageValues(issuer.organisation) },
    validFrom: dateTime(content.issuedAt),
    ...(content.validUntil ? { validUntil: dateTime(content.validUntil) } : {}),
    credentialSubject: {
      id: `urn:shixun:user:${content.subject.userId}`,
      type: ['AchievementSubject'],
      name: content.subject.displayName,
      achievement,
      ...(content.score === undefined ? {} : { result: [{ type: ['Result'], value: String(Math.round(content.score)) }] }),
    },
    evidence: [
      {
        id: ledgerProofUrl(issuer, content.ledgerSeq),
        type: ['Evidence'],
        name: `Shixun ledger entry ${content.ledgerSeq}`,
        description: `sha256:${content.ledgerHash}`,
        genre: 'ledger-entry',
      },
    ],
    credentialStatus: {
      id: `${statusListUrl(issuer, content.statusList)}#${content.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(content.statusIndex),
      statusListCredential: statusListUrl(issuer, content.statusList),
    },
  };
  (credential.evidence as Record<string, unknown>[]).push({
    type: ['Evidence'],
    name: 'Shixun field digests',
    genre: FIELD_DIGESTS_GENRE,
    description: fieldDigests(credential),
  });
  return credential;
}
