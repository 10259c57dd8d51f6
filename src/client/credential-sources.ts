// What the verify page needs besides the credential: this site's DID document (the issuer key) and
// the credential's status list. Fetched from this site only, never another host, and kept in Cache
// Storage, so a check still runs with the network off: the saved copy says when it was fetched.

/** The Cache Storage cache holding the last DID document and status lists fetched. */
export const VERIFY_CACHE = 'shixun-verify';
export const DID_DOCUMENT_PATH = '/.well-known/did.json';
const FETCHED_AT_HEADER = 'x-shixun-fetched-at';

export interface KeptDocument {
  readonly document: Readonly<Record<string, unknown>>;
  /** When it was fetched from the server (now, unless it came from the saved copy). */
  readonly fetchedAt: string;
  /** True when the network failed and the saved copy was used. */
  readonly saved: boolean;
}

function isDocument(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(VERIFY_CACHE);
  } catch {
    return null;
  }
}

/**
 * Network first, then the saved copy. Only URLs of this site are fetched; for any other the answer
 * is null (the verify page then says what it could not check).
 */
export async function keptDocument(href: string, base: string = location.href): Promise<KeptDocument | null> {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.origin !== new URL(base).origin) return null;
  const cache = await openCache();
  try {
    const response = await fetch(url, { cache: 'no-cache', credentials: 'omit', headers: { accept: 'application/json' } });
    if (response.ok) {
      const text = await response.text();
      const document = JSON.parse(text) as unknown;
      if (isDocument(document)) {
        const fetchedAt = new Date().toISOString();
        await cache
          ?.put(url, new Response(text, { headers: { 'content-type': 'application/json', [FETCHED_AT_HEADER]: fetchedAt } }))
          .catch(() => undefined);
        return { document, fetchedAt, saved: false };
      }
    }
  } catch {
    // Offline or refused: the saved copy below.
  }
  const saved = await cache?.match(url).catch(() => undefined);
  if (saved === undefined) return null;
  try {
    const document = (await saved.json()) as unknown;
    if (!isDocument(document)) return null;
    return { document, fetchedAt: saved.headers.get(FETCHED_AT_HEADER) ?? '', saved: true };
  } catch {
    return null;
  }
}
