// A second implementation of eddsa-rdfc-2022 verification for the tests, sharing no code with the
// Data Integrity libraries past JSON-LD to RDF: RDFC-1.0 with rdf-canonize directly, SHA-256 and
// Ed25519 from node:crypto, base58btc decoded here. A bug in one path cannot pass both.
import { createHash, createPublicKey, verify } from 'node:crypto';
import jsonld from 'jsonld';
import { canonize } from 'rdf-canonize';
import type { DocumentLoader } from '@digitalbazaar/vc';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btc(text: string): Buffer {
  let value = 0n;
  for (const char of text) value = value * 58n + BigInt(BASE58.indexOf(char));
  const bytes: number[] = [];
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn));
  for (const char of text) {
    if (char !== '1') break;
    bytes.unshift(0);
  }
  return Buffer.from(bytes);
}

async function canonicalHash(document: unknown, documentLoader: DocumentLoader): Promise<Buffer> {
  const nquads = (await jsonld.toRDF(document, { format: 'application/n-quads', documentLoader, safe: true })) as string;
  const canonical = await canonize(nquads, { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads' });
  return createHash('sha256').update(canonical, 'utf8').digest();
}

/** Whether the credential's eddsa-rdfc-2022 proof verifies against the Multikey `publicKeyMultibase`. */
export async function independentlyVerified(
  credential: Readonly<Record<string, unknown>>,
  publicKeyMultibase: string,
  documentLoader: DocumentLoader,
): Promise<boolean> {
  const { proof, ...document } = credential;
  const { proofValue, ...options } = proof as Record<string, unknown>;
  const proofConfig = { '@context': credential['@context'], ...options };
  const hash = Buffer.concat([await canonicalHash(proofConfig, documentLoader), await canonicalHash(document, documentLoader)]);
  const raw = base58btc(publicKeyMultibase.slice(1)).subarray(2);
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  return verify(null, hash, key, base58btc(String(proofValue).slice(1)));
}
