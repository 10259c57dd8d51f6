// The field digests a credential carries (evidence of genre `field-digests`): per part, the first
// 16 bytes of SHA-256 over its canonical JSON. The issuer writes them; a verifier, in the browser or
// in Node, recomputes them to name what was changed when the proof no longer matches.

/** The parts of a credential a verifier can name when one of them was changed. */
export const DIGESTED_FIELDS = ['issuer', 'subject', 'achievement', 'score', 'dates', 'evidence', 'status'] as const;
export type DigestedField = (typeof DIGESTED_FIELDS)[number];
export const FIELD_DIGESTS_GENRE = 'field-digests';

type Json = Readonly<Record<string, unknown>>;

/** JSON with keys sorted at every level (the same form the server's canonical JSON has). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Each digested part of a credential, as the digests are computed over it. */
export function digestedParts(credential: Json): Record<DigestedField, unknown> {
  const subject = (credential.credentialSubject ?? {}) as Json;
  const { achievement, result, ...person } = subject;
  const evidence = Array.isArray(credential.evidence)
    ? (credential.evidence as Json[]).filter((item) => item.genre !== FIELD_DIGESTS_GENRE)
    : credential.evidence;
  return {
    issuer: credential.issuer,
    subject: person,
    achievement,
    score: result,
    dates: { validFrom: credential.validFrom, validUntil: credential.validUntil },
    evidence,
    status: credential.credentialStatus,
  };
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** `field=digest;…` of a credential, with Web Crypto (browser and Node alike). */
export async function fieldDigestsOf(credential: Json): Promise<string> {
  const parts = digestedParts(credential);
  const pairs = await Promise.all(
    DIGESTED_FIELDS.map(async (field) => {
      const data = new TextEncoder().encode(canonicalJson(parts[field] ?? null));
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
      return `${field}=${base64url(digest.subarray(0, 16))}`;
    }),
  );
  return pairs.join(';');
}

/** The fields whose digest in `recorded` differs from the credential's content now. */
export async function changedFields(credential: Json, recorded: string): Promise<DigestedField[]> {
  const now = new Map((await fieldDigestsOf(credential)).split(';').map((pair) => pair.split('=') as [string, string]));
  const then = new Map(recorded.split(';').map((pair) => pair.split('=') as [string, string]));
  return DIGESTED_FIELDS.filter((field) => now.get(field) !== then.get(field));
}
