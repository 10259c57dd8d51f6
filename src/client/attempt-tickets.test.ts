// The browser's attempt tickets: kept per learner and course from the server's answer, given up when
// an attempt starts with one, and never taken again from a server that still holds it outstanding.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttemptTicket } from '../contracts/attempt-view.ts';
import { createAttemptTickets } from './attempt-tickets.ts';
import { createSession } from './session.ts';
import { createMemoryStorage } from './storage.ts';

const ME = {
  user: {
    id: 'u1',
    username: 'li.wei',
    name: 'Li Wei',
    role: 'learner' as const,
    employeeId: null,
    department: null,
    rank: null,
  },
  agent: { objectType: 'Agent' as const, name: 'Li Wei', account: { homePage: 'https://shixun.test/', name: 'li.wei' } },
};

const ticket = (attemptId: string, courseId = 'data-security'): AttemptTicket => ({
  attemptId,
  courseId,
  version: '1.0.0',
  issuedAt: '2026-05-06T01:00:00.000Z',
  required: true,
});

/** The server answers each ticket request from `answers` in turn (the last one again after that). */
function serverIssuing(...answers: AttemptTicket[]): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    const answer = answers[Math.min(asked.length - 1, answers.length - 1)];
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return asked;
}

function signedIn(username = ME.user.username) {
  const storage = createMemoryStorage();
  const session = createSession(storage);
  session.setSignedIn({ ...ME, user: { ...ME.user, username } });
  return { storage, session, tickets: createAttemptTickets(storage, session.store) };
}

describe('attempt tickets in the browser', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("keeps the server's ticket per learner and course, for a start without the network", async () => {
    const asked = serverIssuing(ticket('a1'));
    const { storage, session, tickets } = signedIn();
    await tickets.prefetch(['data-security']);
    expect(asked).toEqual(['/api/v1/courses/data-security/attempt-ticket']);
    expect(tickets.ticketFor('data-security')?.attemptId).toBe('a1');
    expect(tickets.ticketFor('governance')).toBeNull();
    // Another learner on the same device holds none of it.
    session.setSignedIn({ ...ME, user: { ...ME.user, username: 'zhou.qiang' } });
    expect(tickets.ticketFor('data-security')).toBeNull();
    // Kept in storage: a new page (a reload offline) still has it.
    session.setSignedIn(ME);
    expect(createAttemptTickets(storage, session.store).ticketFor('data-security')?.attemptId).toBe('a1');
  });

  it('gives a ticket up when an attempt starts with it, and does not take it back while the server still holds it', async () => {
    serverIssuing(ticket('a1'), ticket('a1'), ticket('a2'));
    const { tickets } = signedIn();
    expect((await tickets.fetchTicket('data-security'))?.attemptId).toBe('a1');
    tickets.markUsed('data-security', 'a1');
    expect(tickets.ticketFor('data-security')).toBeNull();
    // The attempt's start has not reached the server yet: it answers the same ticket, refused here.
    expect(await tickets.fetchTicket('data-security')).toBeNull();
    expect(tickets.ticketFor('data-security')).toBeNull();
    // Once the start has arrived the server issues the next one.
    expect((await tickets.fetchTicket('data-security'))?.attemptId).toBe('a2');
    expect(tickets.ticketFor('data-security')?.attemptId).toBe('a2');
  });

  it('asks nothing while signed out, and answers null when the server cannot be reached', async () => {
    const storage = createMemoryStorage();
    const session = createSession(storage);
    const asked = serverIssuing(ticket('a1'));
    const tickets = createAttemptTickets(storage, session.store);
    await tickets.prefetch(['data-security']);
    expect(await tickets.fetchTicket('data-security')).toBeNull();
    expect(asked).toEqual([]);
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const online = signedIn();
    expect(await online.tickets.fetchTicket('data-security')).toBeNull();
    expect(online.tickets.ticketFor('data-security')).toBeNull();
  });
});
