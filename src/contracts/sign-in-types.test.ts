import { describe, expect, it } from 'vitest';
import { deviceApproveRequestSchema, signInRequestSchema } from './sign-in-types.ts';

function firstReason(result: { success: boolean; error?: { issues: readonly { message: string }[] } }): string | undefined {
  return result.error?.issues[0]?.message;
}

describe('sign-in request schemas', () => {
  it('take the fields as typed, spaces and all', () => {
    expect(signInRequestSchema.parse({ username: ' E1001 ', password: 'pw' })).toEqual({ username: ' E1001 ', password: 'pw' });
  });

  it('give the reasons the server answers with', () => {
    expect(firstReason(signInRequestSchema.safeParse({ username: 'E1001' }))).toBe(
      'password is required and must be non-empty text.',
    );
    expect(firstReason(signInRequestSchema.safeParse({ username: '   ', password: 'pw' }))).toBe(
      'username is required and must be non-empty text.',
    );
    expect(firstReason(deviceApproveRequestSchema.safeParse({ userCode: 'B'.repeat(41) }))).toBe(
      'userCode may have at most 40 characters.',
    );
  });

  it('count characters as people do, not UTF-16 units', () => {
    expect(deviceApproveRequestSchema.safeParse({ userCode: '😀'.repeat(40) }).success).toBe(true);
  });

  it('refuse fields the request does not take', () => {
    expect(signInRequestSchema.safeParse({ username: 'a', password: 'b', remember: true }).success).toBe(false);
  });
});
