// The server's answers checked against the contracts' schemas (src/contracts) in development and
// e2e builds, so a server and browser that drift apart fail loudly where people test them; the
// production build trusts the answer and pays nothing for the check. api() checks every answer
// here; the trainer page checks each event of the class stream here too.
import type { z } from 'zod';

const CHECK_ANSWERS = import.meta.env.DEV || import.meta.env.MODE === 'e2e';

/** `answer` typed by `schema`; in development and e2e builds, an Error when it does not fit. */
export function checkedAnswer<S extends z.ZodType>(schema: S, path: string, answer: unknown): z.output<S> {
  if (CHECK_ANSWERS) {
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
      const error = new Error(`${path} answered a shape this browser does not expect, at ${where}: ${issue?.message ?? ''}`);
      console.error(error.message, answer);
      throw error;
    }
  }
  // The answer as sent, not zod's copy: production (no check) and development read the same object.
  return answer as z.output<S>;
}
