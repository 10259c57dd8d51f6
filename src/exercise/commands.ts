// The commands a participant or the trainer sends, and their shape check. Untrusted input: size
// first, then the kind and its fields; the rules (role, phase, preconditions) come later in apply.
import { z } from 'zod';
import { id } from '../course/schema-parts.ts';

/** Commands larger than this (as JSON) are refused before they are read. */
export const MAX_COMMAND_BYTES = 4096;
export const MAX_MESSAGE_CHARS = 1000;

const fields = z.array(id).max(64);

export const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('act'), action: id }),
  z.strictObject({ type: z.literal('request'), request: id, fields, note: z.string().max(500).optional() }),
  z.strictObject({
    type: z.literal('answer'),
    /** The id the request got when it was sent, e.g. "r3". */
    requestId: z.string().regex(/^r\d{1,6}$/),
    decision: z.enum(['grant', 'refuse']),
    basis: id,
    fields: fields.default([]),
  }),
  z.strictObject({
    type: z.literal('message'),
    /** 'all' or a role id. */
    to: id,
    text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  }),
  z.strictObject({ type: z.literal('inject'), inject: id }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('end') }),
  z.strictObject({ type: z.literal('advance-phase') }),
]);
export type ExerciseCommand = z.infer<typeof commandSchema>;
export type CommandParse =
  | { readonly ok: true; readonly command: ExerciseCommand }
  | { readonly ok: false; readonly code: string; readonly reason: string };

const KINDS = ['act', 'request', 'answer', 'message', 'inject', 'pause', 'resume', 'end', 'advance-phase'];

export function parseExerciseCommand(raw: unknown): CommandParse {
  let size: number;
  try {
    size = JSON.stringify(raw)?.length ?? 0;
  } catch {
    return { ok: false, code: 'bad-command', reason: 'the command is not JSON data' };
  }
  if (size > MAX_COMMAND_BYTES) {
    return { ok: false, code: 'too-large', reason: `the command is ${size} bytes; at most ${MAX_COMMAND_BYTES} are read` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, code: 'bad-command', reason: 'a command is an object with a "type"' };
  }
  const type = (raw as Record<string, unknown>)['type'];
  if (typeof type !== 'string' || !KINDS.includes(type)) {
    return {
      ok: false,
      code: 'unknown-command',
      reason: `unknown command type ${JSON.stringify(type)}: use one of ${KINDS.join(', ')}`,
    };
  }
  const parsed = commandSchema.safeParse(raw);
  if (parsed.success) return { ok: true, command: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(command)';
  return { ok: false, code: 'bad-command', reason: `${type}: ${field}: ${issue?.message ?? 'invalid'}` };
}
