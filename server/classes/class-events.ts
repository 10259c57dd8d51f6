// The trainer's live view: GET /api/v1/classes/:id/events as server-sent events. Each open stream
// polls the class's revision once a second (one indexed read); on a change, or when a learner's
// connected state flips with time alone, it sends the whole class as one `snapshot` event. The
// database is the only channel, so a learner's heartbeat on one server instance reaches a trainer
// watching through another.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../accounts/policy.ts';
import { snapshotAt } from './class-store.ts';
import type { ClassRows, ClassStore } from './class-store.ts';

export interface ClassEventsOptions {
  /** How often each stream reads the revision. Default 1000 ms. */
  readonly pollMs: number;
  /** A comment line after this long without an event, so proxies keep the connection. Default 15 s. */
  readonly keepAliveMs: number;
  readonly now: Clock;
}

/** The streams open on this instance, each with its close; the plugin ends them all before the server closes. */
export type OpenStreams = Set<() => void>;

export function sendClassEvents(
  store: ClassStore,
  classId: string,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ClassEventsOptions,
  open: OpenStreams,
): void {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx and similar proxies would otherwise hold events back in their buffers.
    'x-accel-buffering': 'no',
  });
  // EventSource reconnects by itself after a drop; 3 s is soon enough for a class.
  response.write('retry: 3000\n\n');

  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let rows: ClassRows | undefined;
  let revision: number | undefined;
  let sent = '';
  let lastWrite = Date.now();

  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    open.delete(close);
    response.end();
  };
  open.add(close);
  request.raw.on('close', close);
  response.on('close', close);
  response.on('error', close);

  const tick = async () => {
    try {
      const current = await store.revision(classId);
      if (closed) return;
      if (current === undefined) return close();
      if (rows === undefined || current !== revision) {
        rows = await store.load(classId);
        revision = current;
        if (rows === undefined) return close();
      }
      const snapshot = snapshotAt(rows, options.now());
      // `now` changes every tick: compare the rest.
      const key = JSON.stringify({ ...snapshot, now: '' });
      if (closed) return;
      if (key !== sent) {
        response.write(`event: snapshot\nid: ${snapshot.revision}\ndata: ${JSON.stringify(snapshot)}\n\n`);
        sent = key;
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite >= options.keepAliveMs) {
        response.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
    } catch (error) {
      request.log.warn({ err: error, classId }, 'class event stream stopped');
      return close();
    }
    if (!closed) timer = setTimeout(() => void tick(), options.pollMs);
  };
  void tick();
}
