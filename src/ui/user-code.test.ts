import { describe, expect, it } from 'vitest';
import { normalizeUserCode } from './user-code.ts';

describe('normalizeUserCode', () => {
  it('accepts any case, with or without the dash, and surrounding spaces', () => {
    expect(normalizeUserCode('BCDF-2345')).toBe('BCDF-2345');
    expect(normalizeUserCode('bcdf2345')).toBe('BCDF-2345');
    expect(normalizeUserCode(' bcDf - 2345 ')).toBe('BCDF-2345');
  });

  it('rejects codes of the wrong length or with other characters', () => {
    expect(normalizeUserCode('')).toBeNull();
    expect(normalizeUserCode('BCDF-234')).toBeNull();
    expect(normalizeUserCode('BCDF-23456')).toBeNull();
    expect(normalizeUserCode('BCDF_2345')).toBeNull();
    expect(normalizeUserCode('BCDF-23é5')).toBeNull();
  });
});
