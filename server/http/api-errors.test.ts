// The shared error handler on a real Fastify instance: client errors answered as thrown (status,
// message, headers, body fields), the framework's own errors in plain words, a busy SQLite as 503
// with Retry-After, and anything unexpected as a logged 500 that reveals nothing.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorHandler, ClientError } from './api-errors.ts';

describe('apiErrorHandler', () => {
  let app: FastifyInstance;
  const logged: string[] = [];
  beforeAll(async () => {
    app = Fastify({
      logger: { level: 'error', stream: { write: (line: string) => void logged.push(line) } },
      bodyLimit: 64,
    });
    app.setErrorHandler(
      apiErrorHandler({ area: 'sample', accepts: 'application/json', tooLarge: () => 'At most 64 bytes: send less.' }),
    );
    app.get('/client', async () => {
      throw new ClientError(429, 'Too many tries: wait a minute.', { 'retry-after': '60' }, { received: 3 });
    });
    app.get('/busy', async () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    app.get('/bug', async () => {
      throw new Error('secret internal detail');
    });
    app.post('/echo', async (request) => request.body);
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers a client error with its status, message, headers and body fields', async () => {
    const response = await app.inject({ url: '/client' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many tries: wait a minute.',
      received: 3,
    });
  });

  it('names the limit for a body that is too large and the accepted type for a wrong one', async () => {
    const large = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(100) }),
    });
    expect([large.statusCode, large.json().message]).toEqual([413, 'At most 64 bytes: send less.']);
    const type = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect([type.statusCode, type.json().message]).toEqual([
      415,
      'Content-Type "application/xml" is not accepted here: send application/json.',
    ]);
    const broken = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toBe('Bad Request');
  });

  it('asks for a retry when SQLite is busy, and logs an unexpected error without revealing it', async () => {
    const busy = await app.inject({ url: '/busy' });
    expect([busy.statusCode, busy.headers['retry-after'], busy.json().message]).toEqual([
      503,
      '1',
      'The database is busy; retry the request.',
    ]);
    const bug = await app.inject({ url: '/bug' });
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toContain('secret internal detail');
    expect(bug.json().message).toBe('The server could not handle this request; the error has been logged.');
    expect(logged.some((line) => line.includes('sample request failed') && line.includes('secret internal detail'))).toBe(true);
  });
});
