// The single sign-on settings: config/identity.yaml and SHIXUN_OIDC_* parsed into providers, and
// every mistake reported with the file, the field and what to write; and the claims mapping.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapClaims } from './claims.ts';
import { loadOidcProviders, parseIdentityFile } from './config.ts';

const EXAMPLE = path.join(import.meta.dirname, '..', '..', 'config', 'identity.example.yaml');

describe('single sign-on configuration', () => {
  it('reads the shipped example, with the secret from the variable it names', () => {
    const [provider] = parseIdentityFile(readFileSync(EXAMPLE, 'utf8'), 'config/identity.example.yaml', {
      SHIXUN_UNIFIED_ID_SECRET: 'from-env',
    });
    expect(provider).toMatchObject({
      id: 'unified-id',
      clientSecret: 'from-env',
      tokenAuthMethod: 'client_secret_basic',
      claims: { employeeId: 'employee_no', department: 'org.department_name' },
      roles: { admin: ['shixun-admins'] },
    });
  });

  it('names the file and field of every mistake', () => {
    const bad = 'oidc:\n  - id: Bad Id\n    issuer: not a url\n    clientId: ""\n    displayName: { en: x }\n    colour: blue\n';
    expect(() => parseIdentityFile(bad, 'config/identity.yaml', {})).toThrow(
      /config\/identity\.yaml: oidc\[0\]\.id: id must be 1 to 40 lower-case letters[\s\S]*oidc\[0\]\.issuer: issuer must be a URL[\s\S]*oidc\[0\]\.clientId: clientId must not be empty[\s\S]*oidc\[0\]\.displayName\.zh-CN/,
    );
    expect(() => parseIdentityFile(bad, 'config/identity.yaml', {})).toThrow(/colour/);
    expect(() => parseIdentityFile('oidc: [', 'config/identity.yaml', {})).toThrow(/config\/identity\.yaml: not valid YAML/);
  });

  it('refuses plain http off this machine, a missing secret, and two providers with one id', async () => {
    const provider = (issuer: string, extra = 'clientSecret: s') =>
      `oidc:\n  - id: p\n    issuer: ${issuer}\n    clientId: c\n    ${extra}\n    displayName: { zh-CN: 甲, en: A }\n`;
    expect(() => parseIdentityFile(provider('http://id.example.gov.cn/'), 'f.yaml', {})).toThrow(/issuer: .* must use https/);
    expect(parseIdentityFile(provider('http://127.0.0.1:9999/'), 'f.yaml', {})).toHaveLength(1);
    expect(() => parseIdentityFile(provider('https://id.example/', 'clientSecretEnv: NOPE'), 'f.yaml', {})).toThrow(
      /clientSecretEnv: the variable NOPE is not set/,
    );
    expect(() => parseIdentityFile(provider('https://id.example/', 'tokenAuthMethod: client_secret_post'), 'f.yaml', {})).toThrow(
      /needs a client secret/,
    );
    const dir = await mkdtemp(path.join(tmpdir(), 'shixun-identity-'));
    try {
      const file = path.join(dir, 'identity.yaml');
      await writeFile(file, provider('https://id.example/'));
      expect(() =>
        loadOidcProviders(
          {
            SHIXUN_OIDC_PROVIDER_ID: 'p',
            SHIXUN_OIDC_ISSUER: 'https://other.example/',
            SHIXUN_OIDC_CLIENT_ID: 'c',
            SHIXUN_OIDC_CLIENT_SECRET: 's',
          },
          file,
        ),
      ).toThrow(/Two OpenID Connect providers have the id "p"/);
      expect(loadOidcProviders({}, path.join(dir, 'missing.yaml'))).toEqual([]);
      expect(() => loadOidcProviders({ SHIXUN_IDENTITY_FILE: path.join(dir, 'missing.yaml') }, file)).toThrow(/does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('maps claims: nested names, groups to the strongest role, the required claim, and missing claims', () => {
    const [provider] = parseIdentityFile(readFileSync(EXAMPLE, 'utf8'), 'example', { SHIXUN_UNIFIED_ID_SECRET: 's' });
    if (provider === undefined) throw new Error('no provider');
    const claims = {
      sub: 'abc',
      employee_no: 'E9001',
      name: 'Zhang Wei',
      org: { department_name: 'Finance' },
      rank_title: '科员',
      groups: ['shixun-trainers', 'shixun-dept-admins'],
      apps: ['mail', 'shixun'],
    };
    expect(mapClaims(provider, claims)).toEqual({
      ok: true,
      identity: {
        source: 'oidc',
        provider: 'unified-id',
        subject: 'abc',
        employeeId: 'E9001',
        name: 'Zhang Wei',
        department: 'Finance',
        rank: '科员',
        role: 'department-admin',
      },
    });
    // In none of the groups: a learner (an admin who left the admins' group stops being one).
    expect(mapClaims(provider, { ...claims, groups: [] })).toMatchObject({ ok: true, identity: { role: 'learner' } });
    expect(mapClaims(provider, { ...claims, apps: ['mail'] })).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(mapClaims(provider, { ...claims, employee_no: '  ' })).toMatchObject({
      ok: false,
      code: 'missing-claim',
      reason: expect.stringMatching(/did not send employee_no/),
    });
    // Never the display name in place of a missing employee id.
    expect(mapClaims(provider, { sub: 'abc', name: 'Zhang Wei', apps: ['shixun'] })).toMatchObject({
      ok: false,
      code: 'missing-claim',
    });
  });
});
