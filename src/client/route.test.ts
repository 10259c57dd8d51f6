import { describe, expect, it } from 'vitest';
import { readRoute, safeNextPath } from './route.ts';

const ORIGIN = 'https://shixun.example';

describe('safeNextPath', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/device?code=BCDF-2345', ORIGIN)).toBe('/device?code=BCDF-2345');
    expect(safeNextPath('/?page=admin-users&lang=en', ORIGIN)).toBe('/?page=admin-users&lang=en');
  });

  it('refuses anything that could lead to another site', () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      'device',
      '',
      null,
    ]) {
      expect(safeNextPath(next, ORIGIN), String(next)).toBeNull();
    }
  });
});

describe('readRoute', () => {
  const route = (path: string) => readRoute(new URL(path, ORIGIN));

  it('reads the account pages, the course and the catalog', () => {
    expect(route('/?page=sign-in&next=%2F%3Fcourse%3Dx').page).toBe('sign-in');
    expect(route('/?page=sign-in&next=%2F%3Fcourse%3Dx').next).toBe('/?course=x');
    expect(route('/?page=headset').page).toBe('headset');
    expect(route('/?page=admin-users').page).toBe('admin-users');
    expect(route('/?course=data-security&scene=grade-data')).toMatchObject({
      page: 'course',
      courseId: 'data-security',
      sceneId: 'grade-data',
    });
    expect(route('/').page).toBe('catalog');
    expect(route('/?page=nonsense').page).toBe('catalog');
  });

  it("treats /device (the server's approval link) and ?page=device alike, with the code", () => {
    expect(route('/device?code=BCDF-2345')).toMatchObject({ page: 'device', code: 'BCDF-2345' });
    expect(route('/?page=device&code=bcdf2345')).toMatchObject({ page: 'device', code: 'bcdf2345' });
  });

  it('reads the joint-exercise pages with their session and join code', () => {
    expect(route('/?page=exercises')).toMatchObject({ page: 'exercises', sessionId: null });
    expect(route('/?page=exercises&session=s-1')).toMatchObject({ page: 'exercises', sessionId: 's-1' });
    expect(route('/?page=exercise&code=482913')).toMatchObject({ page: 'exercise', code: '482913', sessionId: null });
  });

  it("reads single sign-on's reason for sending someone back to the sign-in page", () => {
    expect(route('/?page=sign-in&sso=not-allowed&next=%2F%3Fpage%3Dcatalog')).toMatchObject({
      page: 'sign-in',
      ssoError: 'not-allowed',
      next: '/?page=catalog',
    });
    expect(route('/?page=sign-in').ssoError).toBeNull();
  });

  it("reads /verify (a certificate's QR code) with the credential id, and the certificate pages", () => {
    expect(route('/verify?id=urn%3Auuid%3Aabc')).toMatchObject({ page: 'verify', credentialId: 'urn:uuid:abc' });
    expect(route('/?page=my-certificates')).toMatchObject({ page: 'my-certificates', credentialId: null });
    expect(route('/?page=certificate&credential=urn%3Auuid%3Aabc')).toMatchObject({
      page: 'certificate',
      credentialId: 'urn:uuid:abc',
    });
    expect(route('/?page=verify').page).toBe('catalog');
  });

  it('drops a next that points off site', () => {
    expect(route('/?page=sign-in&next=https%3A%2F%2Fevil.example%2F').next).toBeNull();
  });
});
