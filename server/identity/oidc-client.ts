// Talking to OpenID Connect providers with openid-client: discovery (kept once it worked, tried
// again on the next sign-in when the provider was down, so the server starts without it), the
// authorization URL with PKCE, the code exchange with the ID token's checks, and the address that
// signs a person out at the provider.
import * as oidc from 'openid-client';
import { insecureAllowed } from './config.ts';
import type { OidcProvider } from './config.ts';
import type { Claims } from './claims.ts';

/** How long discovery and token requests may take before the sign-in is given up. */
const REQUEST_TIMEOUT_S = 10;

export interface AuthorizationStart {
  readonly url: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface CodeExchangeChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface SignedInAtProvider {
  /** The ID token's claims, with the userinfo endpoint's added where the provider has one. */
  readonly claims: Claims;
  readonly idToken: string;
}

export class OidcClients {
  readonly #providers: ReadonlyMap<string, OidcProvider>;
  readonly #configs = new Map<string, Promise<oidc.Configuration>>();

  constructor(providers: readonly OidcProvider[]) {
    this.#providers = new Map(providers.map((provider) => [provider.id, provider]));
  }

  provider(id: string): OidcProvider | undefined {
    return this.#providers.get(id);
  }

  list(): OidcProvider[] {
    return [...this.#providers.values()];
  }

  async #config(provider: OidcProvider): Promise<oidc.Configuration> {
    let found = this.#configs.get(provider.id);
    if (found === undefined) {
      const insecure = insecureAllowed(provider.issuer);
      const secret = provider.clientSecret ?? '';
      const auth =
        provider.tokenAuthMethod === 'none'
          ? oidc.None()
          : provider.tokenAuthMethod === 'client_secret_post'
            ? oidc.ClientSecretPost(secret)
            : oidc.ClientSecretBasic(secret);
      found = oidc.discovery(new URL(provider.issuer), provider.clientId, undefined, auth, {
        timeout: REQUEST_TIMEOUT_S,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      this.#configs.set(provider.id, found);
      // A provider that was down is asked again at the next sign-in.
      found.catch(() => this.#configs.delete(provider.id));
    }
    return found;
  }

  async start(provider: OidcProvider, redirectUri: string): Promise<AuthorizationStart> {
    const config = await this.#config(provider);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code in `callbackUrl` and checks the ID token (issuer, audience, nonce, signature, time). */
  async finish(provider: OidcProvider, callbackUrl: URL, checks: CodeExchangeChecks): Promise<SignedInAtProvider> {
    const config = await this.#config(provider);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (idClaims === undefined || tokens.id_token === undefined) throw new Error('The provider sent no ID token.');
    let claims: Claims = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint !== undefined) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      // The ID token's own claims (sub, iss, aud) win over anything userinfo repeats.
      claims = { ...info, ...idClaims };
    }
    return { claims, idToken: tokens.id_token };
  }

  /** Where to send the browser to sign out at the provider, or undefined when it offers no such endpoint. */
  async endSessionUrl(provider: OidcProvider, idToken: string, postLogoutRedirectUri: string): Promise<string | undefined> {
    const config = await this.#config(provider);
    if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
    return oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
  }
}
