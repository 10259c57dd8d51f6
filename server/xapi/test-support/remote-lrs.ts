// Test helper: a second, real LRS on a loopback port for the forwarding tests — the xAPI plugin
// on its own SQLite database — that records every statements POST it answers and can be taken
// down, brought back on the same port, slowed, or told to answer with an error for a while.
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { TEST_DATABASES } from '../../db/test-databases.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { MultipartStatements } from '../attachments.ts';
import { xapiPlugin } from '../plugin.ts';

export const REMOTE_CREDENTIALS = { key: 'remote-forward-key', secret: 'remote-forward-secret-0123' } as const;

export interface RemoteReceipt {
  /** Statement ids in the request body (none when an injected failure answered before parsing). */
  readonly ids: readonly string[];
  readonly status: number;
  /** When the answer was sent, ms since epoch. */
  readonly at: number;
  readonly contentType: string;
  /** The X-Shixun-Ledger-Checkpoint header, decoded (a signed note), when the sender sent one. */
  readonly ledgerCheckpoint: string | undefined;
}

interface InjectedFailure {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

function idsOf(body: unknown): string[] {
  const json = body instanceof MultipartStatements ? body.json : body;
  const items = Array.isArray(json) ? json : [json];
  return items.flatMap((item: unknown) =>
    typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string' ? [item.id] : [],
  );
}

export class RemoteLrs {
  readonly receipts: RemoteReceipt[] = [];
  /** Statements the remote answers 400 for, as a stricter LRS would. */
  readonly refuse = new Set<string>();
  #failures: InjectedFailure[] = [];
  #delayMs = 0;
  #app: FastifyInstance | undefined;
  #port = 0;

  private constructor(readonly database: TestDatabase) {}

  static async start(): Promise<RemoteLrs> {
    const sqlite = TEST_DATABASES.find((variant) => variant.name === 'sqlite');
    if (sqlite === undefined) throw new Error('no SQLite test database');
    const remote = new RemoteLrs(await sqlite.open());
    await remote.up();
    return remote;
  }

  /** The xAPI base to forward to. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}/xapi`;
  }

  /** Successful receipts of each id: how often the remote accepted it. */
  acceptedCount(id: string): number {
    return this.receipts.filter((receipt) => receipt.status < 300 && receipt.ids.includes(id)).length;
  }

  /** Answers the next `count` statement POSTs with `status` (and headers) instead of handling them. */
  failNext(count: number, status: number, headers: Record<string, string> = {}): void {
    for (let i = 0; i < count; i++) this.#failures.push({ status, headers });
  }

  /** Answers every statements POST this much later. */
  slowDown(ms: number): void {
    this.#delayMs = ms;
  }

  async storedIds(): Promise<string[]> {
    const rows = await this.database.db.selectFrom('xapi_statements').select('id').execute();
    return rows.map((row) => row.id);
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const row = await this.database.db.selectFrom('xapi_statements').select('statement').where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.statement) as Record<string, unknown>);
  }

  /** Listens (again) on its port; the first time on a free one. */
  async up(): Promise<void> {
    if (this.#app !== undefined) return;
    const app = Fastify({ logger: false });
    const isStatementsPost = (request: FastifyRequest) => request.method === 'POST' && request.url.startsWith('/xapi/statements');
    app.addHook('onRequest', async (request, reply) => {
      if (!isStatementsPost(request)) return;
      if (this.#delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
      const failure = this.#failures.shift();
      if (failure !== undefined)
        return reply
          .code(failure.status)
          .headers(failure.headers)
          .send({ statusCode: failure.status, message: 'injected by the test' });
    });
    app.addHook('preHandler', async (request, reply) => {
      const refused = idsOf(request.body).find((id) => this.refuse.has(id));
      if (isStatementsPost(request) && refused !== undefined) {
        return reply
          .code(400)
          .send({ statusCode: 400, error: 'Bad Request', message: `statement ${refused} is not accepted by this LRS` });
      }
    });
    app.addHook('onResponse', async (request, reply) => {
      if (!isStatementsPost(request)) return;
      this.receipts.push({
        ids: idsOf(request.body),
        status: reply.statusCode,
        at: Date.now(),
        contentType: request.headers['content-type'] ?? '',
        ledgerCheckpoint:
          typeof request.headers['x-shixun-ledger-checkpoint'] === 'string'
            ? Buffer.from(request.headers['x-shixun-ledger-checkpoint'], 'base64').toString('utf8')
            : undefined,
      });
    });
    await app.register(xapiPlugin, {
      prefix: '/xapi',
      database: this.database,
      seedCredential: REMOTE_CREDENTIALS,
      authorityHomePage: 'https://remote-lrs.test/',
    });
    await app.listen({ port: this.#port, host: '127.0.0.1' });
    this.#port = (app.server.address() as AddressInfo).port;
    this.#app = app;
  }

  /** Stops listening: the port refuses connections until `up()`. */
  async down(): Promise<void> {
    const app = this.#app;
    this.#app = undefined;
    await app?.close();
  }

  async close(): Promise<void> {
    await this.down();
    await this.database.dispose();
  }
}
