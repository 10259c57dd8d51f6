// api(): a call names an endpoint of src/contracts/endpoints.ts, and in checked builds (development,
// e2e and these tests) an answer that does not fit the endpoint's schema is an error, not data.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, errorBody } from './api.ts';

interface Sent {
  readonly url: string;
  readonly init: RequestInit;
}

function answering(status: number, body: unknown): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return sent;
}

const membership = {
  classId: 'c1',
  title: 'Safety 1',
  courseId: null,
  trainerName: 'Li',
  status: 'open',
  joined: '2026-01-01T00:00:00.000Z',
  ended: null,
  helpRequestedAt: null,
};

describe('api()', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('is checked in this build', () => {
    expect(import.meta.env.DEV || import.meta.env.MODE === 'e2e').toBe(true);
  });

  it('sends the endpoint method, filled path, body and CSRF header, and returns a fitting answer', async () => {
    const sent = answering(200, { membership });
    const answer = await api('classes.progress', { params: { classId: 'c 1' }, body: { gone: true } });
    expect(answer.membership?.title).toBe('Safety 1');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('/api/v1/classes/c%201/progress');
    expect(sent[0]?.init.method).toBe('POST');
    expect(sent[0]?.init.body).toBe('{"gone":true}');
    expect((sent[0]?.init.headers as Record<string, string>)['x-shixun-csrf']).toBe('1');
  });

  it('adds the query, leaving out undefined values', async () => {
    const sent = answering(200, { results: [] });
    await api('results.list', { query: { user: 'li wei', other: undefined } });
    expect(sent[0]?.url).toBe('/api/v1/results?user=li+wei');
    expect(sent[0]?.init.method).toBe('GET');
  });

  it('throws when an answer does not fit its schema, naming where', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answering(200, { membership: { ...membership, status: 'paused' } });
    await expect(api('classes.joined')).rejects.toThrow(
      /\/api\/v1\/classes\/joined answered a shape this browser does not expect, at membership\.status/,
    );
  });

  it('throws when a required field is missing from the answer', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answering(200, { user: { id: 'u1', username: 'li', name: 'Li', role: 'learner' } });
    await expect(api('auth.me')).rejects.toThrow(/at user\.employeeId|at agent/);
  });

  it('accepts a 204 where the endpoint answers nothing', async () => {
    answering(204, undefined);
    await expect(api('auth.logout')).resolves.toBeUndefined();
  });

  it('turns an error answer into an ApiError with the server reason and status', async () => {
    answering(400, { statusCode: 400, error: 'Bad Request', message: 'title is required and must be non-empty text.' });
    const failure = api('classes.create', { body: { title: '' } });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 400, message: 'title is required and must be non-empty text.' });
  });

  it("reads an error answer with the endpoint's error schema, and nothing from a body that does not fit", async () => {
    const problems = [{ path: 'periods[0].id', message: 'is missing' }];
    answering(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'The policy has 1 problem', problems });
    const caught: unknown = await api('policy.put', { body: { yaml: 'version: x' } }).catch((error: unknown) => error);
    expect(errorBody('policy.put', caught)?.problems).toEqual(problems);
    expect(errorBody('policy.put', new ApiError(502, 'Bad Gateway', '<html>proxy</html>'))).toBeNull();
    expect(errorBody('policy.put', new Error('offline'))).toBeNull();
  });
});
