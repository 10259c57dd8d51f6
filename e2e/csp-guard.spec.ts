// Proves the Content Security Policy the server sends and the guard every test relies on: the
// policy has no inline scripts, and an inline script, an inline event handler and a request to another host are
// blocked by the browser and recorded by the guard, in a separate context so this test's own
// guard stays clean.
import { expect, guardCsp, newUnguardedContext, test } from './fixtures/base.ts';

test('the server sends a strict Content Security Policy, and the CSP guard records what it blocks', async ({
  browser,
  baseURL,
}) => {
  const context = await newUnguardedContext(browser, { baseURL: baseURL ?? '' });
  try {
    const log = await guardCsp(context);
    const page = await context.newPage();
    const response = await page.goto('/');
    const policy = (await response?.headerValue('content-security-policy')) ?? '';
    const scriptSources = /(?:^|;)\s*script-src ([^;]*)/.exec(policy)?.[1] ?? '';
    expect(scriptSources.split(' ')).toEqual(["'self'", 'blob:']);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self' blob:");
    expect(await response?.headerValue('x-content-type-options')).toBe('nosniff');
    expect(await response?.headerValue('permissions-policy')).toContain('xr-spatial-tracking=(self)');

    const outcome = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      const image = document.createElement('img');
      image.setAttribute('onerror', 'window.__handlerRan = true;');
      image.src = 'data:,not-an-image';
      document.body.append(image);
      const cdn = await fetch('https://cdn.jsdelivr.net/npm/three/package.json').then(
        () => 'loaded',
        () => 'blocked',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ran = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
      return { inline: ran.__inlineRan === true, handler: ran.__handlerRan === true, cdn };
    });
    expect(outcome).toEqual({ inline: false, handler: false, cdn: 'blocked' });
    await expect
      .poll(() => log.map((violation) => violation.directive))
      .toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr', 'connect-src']));
  } finally {
    await context.close();
  }
});
