// Hands out `stored` times that never go backwards and knows which writes are still in flight,
// so X-Experience-API-Consistent-Through never claims a time a pending write could still land at.
export class WriteClock {
  #last = 0;
  #nextTicket = 0;
  readonly #inFlight = new Map<number, number>();

  /** Starts a write: its `stored` time, and `end` to call once it committed or failed. */
  begin(): { stored: string; end: () => void } {
    const now = Math.max(Date.now(), this.#last);
    this.#last = now;
    const ticket = this.#nextTicket++;
    this.#inFlight.set(ticket, now);
    return { stored: new Date(now).toISOString(), end: () => this.#inFlight.delete(ticket) };
  }

  /**
   * Every statement stored at or before this time is visible to queries. Exact for one server
   * process (SQLite, or one instance on PostgreSQL); several instances would need a shared clock.
   */
  consistentThrough(): string {
    let through = Date.now();
    for (const started of this.#inFlight.values()) through = Math.min(through, started - 1);
    return new Date(through).toISOString();
  }
}
