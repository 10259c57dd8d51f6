// Validation of Agents and Groups: exactly one inverse functional identifier for an Agent or an
// identified Group, members for an anonymous Group, and Groups never nested.
import { arrayOf, fields, irl, isObject, literal, mbox, sha1Hex, string } from './primitives.ts';
import type { Check, Issue } from './primitives.ts';

export const IFI_PROPERTIES = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

const account: Check = (value, path, out) => {
  fields(value, path, out, { homePage: irl, name: string }, ['homePage', 'name']);
};

const identifiers = { mbox, mbox_sha1sum: sha1Hex, openid: irl, account } as const;

function countIfis(value: Record<string, unknown>): number {
  return IFI_PROPERTIES.filter((key) => Object.hasOwn(value, key)).length;
}

function agentWith(objectType: Check, requireType: boolean): Check {
  return (value, path, out) => {
    if (!fields(value, path, out, { objectType, name: string, ...identifiers }, requireType ? ['objectType'] : [])) return;
    const count = countIfis(value);
    if (count !== 1) {
      out.push({
        path,
        message: `an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account), found ${count}`,
      });
    }
  };
}

/** An Agent where `objectType` may be left out (actor, instructor, member). */
export const agent: Check = agentWith(literal('Agent'), false);
/** An Agent as a statement's object, where `objectType: "Agent"` is required. */
export const typedAgent: Check = agentWith(literal('Agent'), true);

export const group: Check = (value, path, out) => {
  const spec = { objectType: literal('Group'), name: string, ...identifiers, member: arrayOf(agent) };
  if (!fields(value, path, out, spec, ['objectType'])) return;
  const count = countIfis(value);
  if (count > 1)
    out.push({ path, message: `a Group has at most one identifier (mbox, mbox_sha1sum, openid or account), found ${count}` });
  if (count === 0 && (!Array.isArray(value.member) || value.member.length === 0)) {
    out.push({ path: `${path}.member`, message: 'an anonymous Group (one without an identifier) must list its members' });
  }
};

function isGroup(value: unknown): boolean {
  return isObject(value) && value.objectType === 'Group';
}

/** Actor, instructor: an Agent or a Group, told apart by `objectType`. */
export const actor: Check = (value, path, out) => (isGroup(value) ? group(value, path, out) : agent(value, path, out));

/** Authority: an Agent, or the two-member anonymous Group of an OAuth consumer and user. */
export const authority: Check = (value, path, out) => {
  if (!isGroup(value)) return agent(value, path, out);
  const before = out.length;
  group(value, path, out);
  if (out.length > before || !isObject(value)) return;
  if (countIfis(value) !== 0 || !Array.isArray(value.member) || value.member.length !== 2) {
    out.push({ path, message: 'a Group as authority must be anonymous with exactly two members' });
  }
};

export type { Issue };
