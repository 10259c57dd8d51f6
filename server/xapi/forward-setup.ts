// Wires forwarding into the xAPI plugin: with a ForwardConfig the statement store queues every
// new statement and wakes a background forwarder that starts and stops with the server;
// without one (XAPI_FORWARD_URL unset) nothing is queued and no request leaves the server.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { forwardTarget } from './forward-config.ts';
import type { ForwardConfig } from './forward-config.ts';
import { Forwarder } from './forwarder.ts';
import type { StatementStoreOptions } from './statement-store.ts';

export interface Forwarding {
  /** For the plugin's StatementStore: queue in the storing transaction, wake the forwarder after. */
  readonly storeOptions: StatementStoreOptions;
  /** The running forwarder (its `status()` is what an operator page shows), when configured. */
  readonly forwarder: Forwarder | undefined;
}

export function startForwarding(
  app: FastifyInstance,
  database: Database,
  config: ForwardConfig | undefined,
  /** The ledger's latest checkpoint, sent with every batch (docs/ledger.md, "Witnesses"). */
  ledgerCheckpoint?: () => Promise<{ readonly note: string }>,
): Forwarding {
  if (config === undefined) return { storeOptions: {}, forwarder: undefined };
  const logger = app.log.child({ module: 'xapi-forward' });
  const forwarder = new Forwarder({ database, config, logger, ledgerCheckpoint });
  app.addHook('onReady', async () => {
    // The one outbound request the server makes on its own, so say where it goes.
    logger.info({ target: forwardTarget(config) }, 'Forwarding stored xAPI statements to an external LRS');
    forwarder.start();
  });
  app.addHook('onClose', () => forwarder.stop());
  return { storeOptions: { forward: true, afterStore: () => forwarder.notify() }, forwarder };
}
