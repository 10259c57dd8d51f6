// Test helper: puts a learner in a class of a trainer through the API (the trainer opens a class,
// the learner joins it with its code), so the trainer may read that learner's records.
import type { FastifyInstance } from 'fastify';

function post(app: FastifyInstance, url: string, body: unknown, headers: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'x-shixun-csrf': '1', ...headers },
    payload: JSON.stringify(body),
  });
}

/** Opens a class as `trainer`, has `learner` join it and leave again; returns the class id. */
export async function enrol(
  app: FastifyInstance,
  trainer: Record<string, string>,
  learner: Record<string, string>,
  options: { stay?: boolean } = {},
): Promise<string> {
  const opened = await post(app, '/api/v1/classes', { title: 'Scope class' }, trainer);
  if (opened.statusCode !== 201) throw new Error(`Opening a class failed: ${opened.statusCode} ${opened.body}`);
  const { id, code } = opened.json<{ class: { id: string; code: string } }>().class;
  const joined = await post(app, '/api/v1/classes/join', { code }, learner);
  if (joined.statusCode !== 200) throw new Error(`Joining the class failed: ${joined.statusCode} ${joined.body}`);
  if (options.stay !== true) {
    const left = await post(app, `/api/v1/classes/${id}/leave`, {}, learner);
    if (left.statusCode !== 200) throw new Error(`Leaving the class failed: ${left.statusCode} ${left.body}`);
  }
  return id;
}
