// The connection to a real slapd: LDAPS and StartTLS trusted only with the directory's CA, plain
// LDAP only on purpose, the service account's failures reported as unavailability, the empty
// password never bound, and the Active Directory style of mapping (sAMAccountName,
// userAccountControl's disabled bit, memberOf groups).
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapConfigFrom } from './config.ts';
import type { LdapConfig, LdapConfigInput } from './config.ts';
import { Directory, DirectoryUnavailable } from './directory.ts';
import { groupsOf, identityOf } from './mapping.ts';
import { openLdapSettings } from './test-support/ldap-test-server.ts';
import { GROUPS_DN, PASSWORDS, PEOPLE_DN, slapdAvailable, startTestDirectory } from './test-support/slapd.ts';
import type { TestDirectory } from './test-support/slapd.ts';

describe.skipIf(!slapdAvailable())('the directory connection', () => {
  let directory: TestDirectory;

  const config = (changes: Partial<LdapConfigInput> = {}): LdapConfig =>
    ldapConfigFrom({ ...openLdapSettings(directory), ...changes }, {}, 'identity.yaml');

  async function learnerEntries(settings: LdapConfig) {
    const connection = new Directory(settings);
    return connection.asService((client) => connection.findUser(client, 'test.learner'));
  }

  beforeAll(async () => {
    directory = await startTestDirectory();
  }, 60_000);

  afterAll(async () => {
    await directory?.stop();
  });

  it('LDAPS with the test CA finds a person and checks their password', async () => {
    const settings = config();
    const [entry] = await learnerEntries(settings);
    expect(entry?.dn).toBe(`uid=test.learner,ou=Policy Research,${PEOPLE_DN}`);
    expect(entry?.attributes.employeenumber).toEqual(['T-0001']);
    const connection = new Directory(settings);
    expect(await connection.checkPassword(entry?.dn ?? '', PASSWORDS['test.learner'])).toBe(true);
    expect(await connection.checkPassword(entry?.dn ?? '', 'wrong')).toBe(false);
  });

  it('LDAPS is refused with another CA, and with the system CAs alone', async () => {
    const wrongCa = learnerEntries(config({ caFile: directory.certificates.otherCaFile }));
    await expect(wrongCa).rejects.toThrow(DirectoryUnavailable);
    await expect(wrongCa).rejects.toThrow(/certificate/);
    const withoutCa = { ...openLdapSettings(directory) };
    delete withoutCa.caFile;
    await expect(learnerEntries(ldapConfigFrom(withoutCa, {}, 'identity.yaml'))).rejects.toThrow(/certificate/);
  });

  it('StartTLS on ldap:// works with the test CA and is refused with another', async () => {
    const [entry] = await learnerEntries(config({ url: directory.ldapUrl, starttls: true }));
    expect(entry?.attributes.employeenumber).toEqual(['T-0001']);
    await expect(
      learnerEntries(config({ url: directory.ldapUrl, starttls: true, caFile: directory.certificates.otherCaFile })),
    ).rejects.toThrow(/StartTLS .* failed/);
  });

  it('plain ldap:// is a configuration error naming ldap.url unless allowPlaintext is set', async () => {
    expect(() => config({ url: directory.ldapUrl })).toThrow(/identity\.yaml: ldap\.url: ldap:\/\/ without starttls/);
    const [entry] = await learnerEntries(config({ url: directory.ldapUrl, allowPlaintext: true }));
    expect(entry?.attributes.employeenumber).toEqual(['T-0001']);
  });

  it('a refused service account or a directory that is down is unavailability, not a wrong password', async () => {
    await expect(learnerEntries(config({ bindPassword: 'not-the-service-password' }))).rejects.toThrow(
      /refused the service account .*shixun-service/,
    );
    await expect(learnerEntries(config({ url: 'ldaps://127.0.0.1:1' }))).rejects.toThrow(DirectoryUnavailable);
    await expect(new Directory(config({ url: 'ldaps://127.0.0.1:1' })).checkPassword('uid=x', 'y')).rejects.toThrow(
      DirectoryUnavailable,
    );
  });

  it('an empty password is never sent: the directory would take it as an anonymous bind that succeeds', async () => {
    const dn = `uid=test.learner,ou=Policy Research,${PEOPLE_DN}`;
    const raw = new Client({ url: directory.ldapsUrl, tlsOptions: { ca: [directory.certificates.caCert] } });
    // The attack is real: the bind "succeeds".
    await expect(raw.bind(dn, '')).resolves.toBeUndefined();
    await raw.unbind();
    expect(await new Directory(config()).checkPassword(dn, '')).toBe(false);
  });

  it('the Active Directory style: sAMAccountName, the userAccountControl disabled bit, memberOf groups', async () => {
    const { groupSearch: _unused, ...settings } = openLdapSettings(directory);
    const ad = ldapConfigFrom(
      {
        ...settings,
        userFilter: '(&(objectClass=inetOrgPerson)(sAMAccountName={username}))',
        attributes: {
          id: 'entryUUID',
          employeeId: 'employeeNumber',
          name: 'displayName',
          department: 'departmentNumber',
          groups: 'memberOf',
        },
        disabled: { attribute: 'userAccountControl', bits: 2 },
      },
      {},
      'identity.yaml',
    );
    const connection = new Directory(ad);
    const identity = async (username: string) =>
      connection.asService(async (client) => {
        const [entry] = await connection.findUser(client, username);
        if (entry === undefined) throw new Error(`${username} not found`);
        return identityOf(ad, entry, groupsOf(ad, entry, []));
      });
    expect(await identity('test.trainer')).toMatchObject({
      source: 'ldap',
      provider: 'test-directory',
      employeeId: 'T-0002',
      name: 'Test Trainer',
      department: 'Policy Research',
      role: 'trainer',
      disabled: false,
    });
    expect((await identity('test.trainer')).subject).toMatch(/^[0-9a-f-]{36}$/);
    expect(await identity('test.admin')).toMatchObject({ role: 'admin', disabled: false });
    expect(await identity('test.learner')).toMatchObject({ role: 'learner', disabled: false });
    expect(await identity('test.disabled')).toMatchObject({ disabled: true });
    // Group DNs compare without regard to case or spacing.
    const spaced = `CN=Shixun-Admins, ${GROUPS_DN.toUpperCase().replaceAll(',', ' , ')}`;
    expect(identityOf(ad, { dn: 'uid=x', attributes: {} }, [spaced]).role).toBe('admin');
  });
});
