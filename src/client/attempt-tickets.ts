// The attempt tickets this browser holds: the id the server issued for the signed-in learner's next
// assessment attempt of each course (POST /api/v1/courses/:id/attempt-ticket), fetched while online
// and kept in storage, so an assessment of a course with drawn steps can start offline with it.
// A ticket a started attempt has taken is remembered as used, so the same id, still outstanding on
// the server until the attempt's first batch arrives, never starts a second attempt here.
import type { AttemptTicket } from '../contracts/attempt-view.ts';
import { attemptTicketSchema } from '../contracts/attempt-view.ts';
import { api } from './api.ts';
import type { SessionStore } from './session.ts';
import type { KeyValueStorage } from './storage.ts';

/** Used ids remembered per course: enough for the attempts started before the server hears of them. */
const USED_KEPT = 10;

interface Held {
  readonly ticket: AttemptTicket | null;
  readonly used: readonly string[];
}

export function createAttemptTickets(storage: KeyValueStorage, session: SessionStore) {
  const key = (courseId: string): string | null => {
    const owner = session.getState().user?.username;
    return owner === undefined ? null : `shixun.ticket.${courseId}~${encodeURIComponent(owner)}`;
  };

  const read = (storageKey: string): Held => {
    try {
      const raw: unknown = JSON.parse(storage.get(storageKey) ?? 'null');
      if (typeof raw !== 'object' || raw === null) return { ticket: null, used: [] };
      const { ticket, used } = raw as { ticket?: unknown; used?: unknown };
      const parsed = attemptTicketSchema.safeParse(ticket);
      return {
        ticket: parsed.success ? parsed.data : null,
        used: Array.isArray(used) ? used.filter((id): id is string => typeof id === 'string') : [],
      };
    } catch {
      return { ticket: null, used: [] };
    }
  };

  /** The signed-in learner's unused ticket for the course, if this browser holds one. */
  const ticketFor = (courseId: string): AttemptTicket | null => {
    const storageKey = key(courseId);
    return storageKey === null ? null : read(storageKey).ticket;
  };

  /** Keeps a ticket the server answered, unless an attempt here has already started with it. */
  const keep = (ticket: AttemptTicket): AttemptTicket | null => {
    const storageKey = key(ticket.courseId);
    if (storageKey === null) return null;
    const held = read(storageKey);
    if (held.used.includes(ticket.attemptId)) return null;
    storage.set(storageKey, JSON.stringify({ ticket, used: held.used }));
    return ticket;
  };

  /** Asks the server for the learner's ticket (the same one until it is used) and keeps it; null when it cannot be had. */
  const fetchTicket = async (courseId: string): Promise<AttemptTicket | null> => {
    if (session.getState().user === null) return null;
    try {
      return keep(await api('assessments.ticket', { params: { id: courseId } }));
    } catch {
      return null;
    }
  };

  /** Fetches the tickets of these courses, best effort (offline, signed out: nothing). */
  const prefetch = async (courseIds: readonly string[]): Promise<void> => {
    if (session.getState().user === null || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
    await Promise.all(courseIds.map((courseId) => fetchTicket(courseId)));
  };

  /** An attempt has started with this id: its ticket is no longer held, and the id never starts another. */
  const markUsed = (courseId: string, attemptId: string): void => {
    const storageKey = key(courseId);
    if (storageKey === null) return;
    const held = read(storageKey);
    const used = held.used.includes(attemptId) ? held.used : [...held.used, attemptId].slice(-USED_KEPT);
    const ticket = held.ticket?.attemptId === attemptId ? null : held.ticket;
    storage.set(storageKey, JSON.stringify({ ticket, used }));
  };

  return { ticketFor, fetchTicket, prefetch, markUsed };
}

export type AttemptTickets = ReturnType<typeof createAttemptTickets>;
