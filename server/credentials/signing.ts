// The two signed forms of a credential: a Data Integrity proof (eddsa-rdfc-2022, through the
// Digital Bazaar libraries) and a VC-JOSE compact JWS (`typ: vc+jwt`, `cty: vc`, through jose).
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { CompactSign } from 'jose';
import { createDocumentLoader } from '../../src/credentials/document-loader.ts';
import type { Issuer } from './issuer.ts';

/** The media type of the VC-JOSE form (VC-JOSE-COSE, section 3.1.1). */
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

export async function signDataIntegrity(
  issuer: Issuer,
  credential: Record<string, unknown>,
  now: Date,
): Promise<Record<string, unknown>> {
  const suite = new DataIntegrityProof({ signer: issuer.keyPair.signer(), cryptosuite: eddsaRdfc2022, date: now });
  return vc.issue({ credential, suite, documentLoader: createDocumentLoader([issuer.didDocument]), now });
}

/** The credential (without a proof) as the payload of a compact JWS signed by the issuer key. */
export async function signJose(issuer: Issuer, credential: Record<string, unknown>): Promise<string> {
  const { proof: _proof, ...unsecured } = credential;
  return new CompactSign(new TextEncoder().encode(JSON.stringify(unsecured)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: issuer.verificationMethod, iss: issuer.did })
    .sign(issuer.privateKey);
}
