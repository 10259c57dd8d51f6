// The issuer's identity: a did:web for the server's public address, its DID document with the
// issuer key as a Multikey, and the signer the Data Integrity and VC-JOSE forms use.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { MultikeyPair } from '@digitalbazaar/ed25519-multikey';
import type { KeyObject } from 'node:crypto';
import { DID_CONTEXT, MULTIKEY_CONTEXT } from '../../src/credentials/document-loader.ts';
import type { KnownDocument } from '../../src/credentials/document-loader.ts';
import type { IssuerKey } from './issuer-key.ts';

/** The organisation named as the issuer, in both languages. */
export interface OrganisationName {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface Issuer {
  /** `did:web:<host>` of the public address. */
  readonly did: string;
  /** The verification method: `<did>#<publicKeyMultibase>`. */
  readonly verificationMethod: string;
  readonly didDocument: KnownDocument;
  readonly keyPair: MultikeyPair;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public address, ending in `/`: the status lists, the verify page and the proofs are under it. */
  readonly baseUrl: string;
  readonly organisation: OrganisationName;
}

/** `did:web` of an address: its host, the port's colon percent-encoded (did:web spec, 3.2.1). */
export function didWebFor(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `did:web:${url.hostname}${url.port === '' ? '' : `%3A${url.port}`}`;
}

export function organisationFromEnv(env: NodeJS.ProcessEnv): OrganisationName {
  return {
    'zh-CN': env.SHIXUN_ORGANISATION_NAME_ZH || '实训培训中心',
    en: env.SHIXUN_ORGANISATION_NAME_EN || 'Shixun Training Centre',
  };
}

export async function createIssuer(key: IssuerKey, publicUrl: string, organisation: OrganisationName): Promise<Issuer> {
  const baseUrl = new URL('/', publicUrl).href;
  const did = didWebFor(publicUrl);
  const jwk = key.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const probe = await Ed25519Multikey.fromJwk({ jwk, secretKey: true });
  const verificationMethod = `${did}#${probe.publicKeyMultibase}`;
  const keyPair = await Ed25519Multikey.fromJwk({ jwk, secretKey: true, id: verificationMethod, controller: did });
  const didDocument: KnownDocument = {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [
      { id: verificationMethod, type: 'Multikey', controller: did, publicKeyMultibase: keyPair.publicKeyMultibase },
    ],
    assertionMethod: [verificationMethod],
  };
  return {
    did,
    verificationMethod,
    didDocument,
    keyPair,
    privateKey: key.privateKey,
    publicKey: key.publicKey,
    baseUrl,
    organisation,
  };
}
