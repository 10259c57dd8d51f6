import { describe, expect, it } from 'vitest';
import { safeReturnUrl } from './cmi5-launch.ts';

describe("the LMS's returnURL", () => {
  const page = 'https://shixun.test/?course=data-security&registration=r';
  it('is followed when it is an http(s) address, relative ones against the page', () => {
    expect(safeReturnUrl('https://lms.test/home?x=1', page)).toBe('https://lms.test/home?x=1');
    expect(safeReturnUrl('/?page=my-training', page)).toBe('https://shixun.test/?page=my-training');
  });
  it('is never a script or data URL, and absent means none', () => {
    expect(safeReturnUrl('javascript:alert(1)', page)).toBeNull();
    expect(safeReturnUrl('data:text/html,<script>alert(1)</script>', page)).toBeNull();
    expect(safeReturnUrl(undefined, page)).toBeNull();
  });
});
