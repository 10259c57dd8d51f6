// Talking to the directory with ldapts: a connection over LDAPS or StartTLS (the CA of caFile,
// host name checked), bound as the service account to search, and a separate connection bound as
// the person to check a password. Network, TLS and service-account failures become
// DirectoryUnavailable, which callers answer as "try again later", never as a wrong password.
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, Filter, InvalidCredentialsError, SizeLimitExceededError } from 'ldapts';
import type { Entry } from 'ldapts';
import type { LdapConfig } from './config.ts';

/** The directory could not be asked (down, unreachable, refused TLS, service account refused). */
export class DirectoryUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DirectoryUnavailable';
  }
}

/** An entry with attribute names in lower case and every value as text (binary ids as hex). */
export interface DirectoryEntry {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/** Attributes whose values are binary in Active Directory; read as hex. */
const BINARY_ATTRIBUTES = new Set(['objectguid', 'objectsid']);

function values(value: Entry[string]): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (Buffer.isBuffer(item) ? item.toString('hex') : item));
}

function toDirectoryEntry(entry: Entry): DirectoryEntry {
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const list = values(value).filter((item) => item !== '');
    if (list.length > 0) attributes[name.toLowerCase()] = list;
  }
  return { dn: entry.dn, attributes };
}

/** `{name}` in a configured filter replaced by `value`, escaped so it can only ever be a value (RFC 4515). */
export function fillFilter(template: string, name: string, value: string): string {
  return template.replaceAll(`{${name}}`, Filter.escape(value));
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? error.message : `${code}: ${error.message}`;
  }
  return String(error);
}

export class Directory {
  readonly #config: LdapConfig;

  constructor(config: LdapConfig) {
    this.#config = config;
  }

  get config(): LdapConfig {
    return this.#config;
  }

  #tlsOptions(hostname: string): ConnectionOptions {
    return {
      ...(this.#config.ca === undefined ? {} : { ca: [this.#config.ca] }),
      // Checked against the URL's host; an IP address is matched against the certificate's IP names.
      host: hostname,
      ...(isIP(hostname) === 0 ? { servername: hostname } : {}),
      minVersion: 'TLSv1.2',
    };
  }

  /** A connection, encrypted unless allowPlaintext says otherwise; not yet bound. */
  async #open(): Promise<Client> {
    const { url, timeoutMs, starttls } = this.#config;
    const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
    const tlsOptions = this.#tlsOptions(hostname);
    // ldapts speaks TLS from the start whenever tlsOptions are given: only for ldaps://.
    const secure = url.toLowerCase().startsWith('ldaps://');
    const client = new Client({
      url,
      timeout: timeoutMs,
      connectTimeout: timeoutMs,
      strictDN: false,
      ...(secure ? { tlsOptions } : {}),
    });
    if (starttls) {
      try {
        await client.startTLS(tlsOptions);
      } catch (error) {
        await client.unbind().catch(() => undefined);
        throw new DirectoryUnavailable(`StartTLS with ${url} failed: ${describeError(error)}`, { cause: error });
      }
    }
    return client;
  }

  /** Runs `work` on a connection bound as the service account, then closes it. */
  async asService<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.#open();
    try {
      try {
        await client.bind(this.#config.bindDn, this.#config.bindPassword);
      } catch (error) {
        if (error instanceof DirectoryUnavailable) throw error;
        const why =
          error instanceof InvalidCredentialsError
            ? `the directory refused the service account ${this.#config.bindDn} (check its password)`
            : describeError(error);
        throw new DirectoryUnavailable(`Cannot bind to ${this.#config.url}: ${why}`, { cause: error });
      }
      try {
        return await work(client);
      } catch (error) {
        if (error instanceof DirectoryUnavailable) throw error;
        throw new DirectoryUnavailable(`The directory at ${this.#config.url} failed a request: ${describeError(error)}`, {
          cause: error,
        });
      }
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  #attributeNames(): string[] {
    const { attributes } = this.#config;
    return [
      ...new Set(
        [attributes.id, attributes.employeeId, attributes.name, attributes.department, attributes.rank, attributes.groups]
          .concat(this.#config.disabled?.attribute)
          .filter((name): name is string => name !== undefined),
      ),
    ];
  }

  #binaryNames(): string[] {
    return this.#attributeNames().filter((name) => BINARY_ATTRIBUTES.has(name.toLowerCase()));
  }

  /** The entries the user filter finds for `username` (escaped): a caller signs in only on exactly one. */
  async findUser(client: Client, username: string): Promise<DirectoryEntry[]> {
    try {
      const { searchEntries } = await client.search(this.#config.baseDn, {
        scope: 'sub',
        filter: fillFilter(this.#config.userFilter, 'username', username),
        attributes: this.#attributeNames(),
        explicitBufferAttributes: this.#binaryNames(),
        // Two are enough to know the filter is ambiguous.
        sizeLimit: 2,
      });
      return searchEntries.map(toDirectoryEntry);
    } catch (error) {
      // More than two: as ambiguous as two, and nobody signs in on it.
      if (error instanceof SizeLimitExceededError) return [];
      throw error;
    }
  }

  /** The DNs of the groups that list `dn` as a member, when groupSearch is set. */
  async groupsByMember(client: Client, dn: string): Promise<string[]> {
    const search = this.#config.groupSearch;
    if (search === undefined) return [];
    const { searchEntries } = await client.search(search.baseDn, {
      scope: 'sub',
      filter: fillFilter(search.filter, 'dn', dn),
      attributes: ['1.1'],
    });
    return searchEntries.map((entry) => entry.dn);
  }

  /** Every entry the sync filter finds, page by page. */
  async *allUsers(client: Client): AsyncGenerator<DirectoryEntry> {
    const filter = this.#config.syncFilter ?? this.#config.userFilter.replaceAll('{username}', '*');
    const pages = client.searchPaginated(this.#config.baseDn, {
      scope: 'sub',
      filter,
      attributes: this.#attributeNames(),
      explicitBufferAttributes: this.#binaryNames(),
      paged: { pageSize: this.#config.sync.pageSize },
    });
    for await (const page of pages) for (const entry of page.searchEntries) yield toDirectoryEntry(entry);
  }

  /**
   * Whether `password` is the password of `dn`, by binding as them on a connection of its own.
   * An empty password is refused before the directory is asked: LDAP treats a simple bind with
   * an empty password as an anonymous bind that succeeds (RFC 4513 §5.1.2).
   */
  async checkPassword(dn: string, password: string): Promise<boolean> {
    if (password === '') return false;
    const client = await this.#open();
    try {
      await client.bind(dn, password);
      return true;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false;
      throw new DirectoryUnavailable(`The directory at ${this.#config.url} failed to check a password: ${describeError(error)}`, {
        cause: error,
      });
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}
