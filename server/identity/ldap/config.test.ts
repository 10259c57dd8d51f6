// The `ldap:` settings: secure by default (plain LDAP only on purpose), every mistake named by its
// field, the service password from the environment, and the file optional.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentityFile } from '../config.ts';
import { LdapConfigError, ldapConfigFrom, loadLdapConfig } from './config.ts';

const BASE = {
  url: 'ldaps://dc1.example.gov:636',
  bindDn: 'cn=shixun,ou=services,dc=example,dc=gov',
  baseDn: 'ou=people,dc=example,dc=gov',
  userFilter: '(&(objectClass=user)(sAMAccountName={username}))',
};
const ENV = { SHIXUN_LDAP_BIND_PASSWORD: 'service-secret' };

describe('ldap settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shixun-ldap-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the service password from the environment and fills in the defaults', () => {
    const config = ldapConfigFrom(BASE, ENV, 'identity.yaml');
    expect(config).toMatchObject({
      provider: 'directory',
      bindPassword: 'service-secret',
      starttls: false,
      allowPlaintext: false,
      attributes: { id: 'entryUUID', employeeId: 'employeeNumber', name: 'displayName' },
      roles: { admin: [], 'department-admin': [], trainer: [] },
      sync: { intervalMinutes: 0, pageSize: 200 },
    });
    expect(() => ldapConfigFrom(BASE, {}, 'identity.yaml')).toThrow(
      'identity.yaml: ldap.bindPasswordEnv: set SHIXUN_LDAP_BIND_PASSWORD to the password of cn=shixun,ou=services,dc=example,dc=gov',
    );
  });

  it('refuses plain ldap:// without starttls unless allowPlaintext is set, naming the field', () => {
    const plain = { ...BASE, url: 'ldap://dc1.example.gov:389' };
    expect(() => ldapConfigFrom(plain, ENV, 'identity.yaml')).toThrow(LdapConfigError);
    expect(() => ldapConfigFrom(plain, ENV, 'identity.yaml')).toThrow(/^identity\.yaml: ldap\.url: ldap:\/\/ without starttls/);
    expect(ldapConfigFrom({ ...plain, starttls: true }, ENV, 'identity.yaml').starttls).toBe(true);
    expect(ldapConfigFrom({ ...plain, allowPlaintext: true }, ENV, 'identity.yaml').allowPlaintext).toBe(true);
    expect(() => ldapConfigFrom({ ...BASE, starttls: true }, ENV, 'identity.yaml')).toThrow(
      /ldap\.starttls: starttls is for ldap:\/\//,
    );
  });

  it('names each wrong field', () => {
    expect(() => ldapConfigFrom({ ...BASE, userFilter: '(uid=alice)' }, ENV, 'f')).toThrow(
      'f: ldap.userFilter: must contain {username}',
    );
    expect(() => ldapConfigFrom({ ...BASE, url: 'https://dc1' }, ENV, 'f')).toThrow(/f: ldap\.url: give ldaps:\/\/host:port/);
    expect(() => ldapConfigFrom({ ...BASE, disabled: { attribute: 'x' } }, ENV, 'f')).toThrow(/f: ldap\.disabled/);
    expect(() => ldapConfigFrom({ ...BASE, bindPasword: 'typo' }, ENV, 'f')).toThrow(/bindPasword/);
    expect(() => ldapConfigFrom({ ...BASE, caFile: 'missing-ca.pem' }, ENV, 'f', dir)).toThrow(
      /f: ldap\.caFile: cannot read .*missing-ca\.pem \(ENOENT\)/,
    );
  });

  it('config/identity.example.yaml holds a valid ldap: part beside the OpenID Connect providers', () => {
    const example = fileURLToPath(new URL('../../../config/identity.example.yaml', import.meta.url));
    const config = loadLdapConfig(example, { SHIXUN_LDAP_BIND_PASSWORD: 'x' });
    expect(config).toMatchObject({ provider: 'corp-ad', disabled: { attribute: 'userAccountControl', bits: 2 } });
    // The OpenID Connect part of the same file still reads, the ldap: key beside it.
    expect(
      parseIdentityFile(readFileSync(example, 'utf8'), 'identity.example.yaml', { SHIXUN_UNIFIED_ID_SECRET: 's' }),
    ).toHaveLength(1);
  });

  it('reads the ldap: key of the file, ignores the other keys, and is off without file or key', async () => {
    const file = path.join(dir, 'identity.yaml');
    expect(loadLdapConfig(file, ENV)).toBeUndefined();
    await writeFile(file, 'oidc:\n  providers: []\n');
    expect(loadLdapConfig(file, ENV)).toBeUndefined();
    await writeFile(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    await writeFile(
      file,
      `oidc:\n  providers: []\nldap:\n  url: ${BASE.url}\n  caFile: ca.pem\n  bindDn: ${BASE.bindDn}\n  baseDn: ${BASE.baseDn}\n  userFilter: "${BASE.userFilter}"\n`,
    );
    const config = loadLdapConfig(file, ENV);
    expect(config?.ca).toContain('BEGIN CERTIFICATE');
    expect(config?.url).toBe(BASE.url);
  });
});
