// Draws the app's PNG icons (web manifest: 192 and 512 px, and a maskable 512 px with the safe
// zone padding) from public/favicon.svg in Chromium. Run by hand after the logo changes:
// `npx tsx scripts/make-icons.ts`; the PNGs are committed so a build needs no browser.
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/fixtures/browser.ts';

const svg = readFileSync(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });

// Maskable icons are cropped to a circle of 80 % of the size: the logo sits inside that, on the
// logo's own background colour.
const ICONS = [
  { file: 'icon-192.png', size: 192, padding: 0, background: 'transparent' },
  { file: 'icon-512.png', size: 512, padding: 0, background: 'transparent' },
  { file: 'icon-maskable-512.png', size: 512, padding: 0.12, background: '#0d2740' },
] as const;

const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const inset = Math.round(icon.size * icon.padding);
    await page.setContent(
      `<html><body style="margin:0;background:${icon.background}"><div style="padding:${inset}px;width:${icon.size - 2 * inset}px;height:${icon.size - 2 * inset}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body></html>`,
    );
    await page.screenshot({ path: new URL(icon.file, out).pathname, omitBackground: icon.background === 'transparent' });
    await page.close();
  }
} finally {
  await browser.close();
}
