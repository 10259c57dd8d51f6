// Reading JSON bodies of the API routes: the JSON parser for a plugin, and small typed
// readers that answer 400 with the field and what to send instead.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { RequestError } from './request-error.ts';

/**
 * A plugin's routes read JSON bodies of at most `bodyLimit` bytes and nothing else: every other
 * content type is answered 415 (a plugin may add its own parsers after this, as the user import
 * adds text/csv).
 */
export function acceptJsonBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonText(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The body as an object whose keys are all in `allowed`. */
export function bodyObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, `Send a JSON object with ${allowed.join(', ')} (Content-Type: application/json).`);
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0)
    throw new RequestError(400, `Unknown field(s) ${unknown.join(', ')}; this request takes ${allowed.join(', ')}.`);
  return body as Record<string, unknown>;
}

/**
 * The body checked with its request schema from src/contracts (the one the browser is typed by):
 * the object and its fields as bodyObject says, then a 400 with the first problem, naming the field.
 */
export function parseBody<S extends z.ZodObject>(schema: S, body: unknown): z.output<S> {
  bodyObject(body, Object.keys(schema.shape));
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const reason = issue?.message ?? 'is not well formed';
  // A reason that already names the field (or the list or object it is in) is sent as it is.
  const named = field === '' || reason.startsWith(String(issue?.path[0] ?? ''));
  throw new RequestError(400, named ? reason : `${field}: ${reason}`);
}

interface TextOptions {
  readonly max?: number;
}

export function requiredText(body: Record<string, unknown>, name: string, options: TextOptions = {}): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new RequestError(400, `${name} is required and must be non-empty text.`);
  if (options.max !== undefined && [...value].length > options.max)
    throw new RequestError(400, `${name} may have at most ${options.max} characters.`);
  return value;
}

/** Null when absent, null or empty. */
export function optionalText(body: Record<string, unknown>, name: string, options: TextOptions = {}): string | null {
  const value = body[name];
  if (value === undefined || value === null || value === '') return null;
  return requiredText(body, name, options);
}
