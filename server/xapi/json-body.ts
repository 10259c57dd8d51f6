// Parses JSON request bodies for the xAPI routes, refusing what would trip later stages: empty
// bodies and nesting deep enough to exhaust the stack when statements are compared.
import { badRequest } from './errors.ts';

const MAX_DEPTH = 64;

function depthWithin(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === undefined || typeof top.value !== 'object' || top.value === null) continue;
    if (top.depth >= limit) return false;
    for (const child of Object.values(top.value)) stack.push({ value: child, depth: top.depth + 1 });
  }
  return true;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw badRequest('The request body is empty: send a statement or an array of statements as JSON.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!depthWithin(value, MAX_DEPTH))
    throw badRequest(`The JSON is nested more than ${MAX_DEPTH} levels deep; no statement needs that.`);
  return value;
}
