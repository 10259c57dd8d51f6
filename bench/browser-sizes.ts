// JavaScript the browser actually fetches from the production build: up to the course list,
// and what opening each course adds (its own chunk vs the 3D runtime every course shares).
import type { BrowserContext, Response } from '@playwright/test';
import type { BenchBrowser } from './browser.ts';
import { gzipSize, type ChunkSize } from './build-sizes.ts';
import type { RunningServer } from './server.ts';

/** Records every JavaScript response a context receives, by URL path. */
function recordScripts(context: BrowserContext, origin: string): () => Promise<ChunkSize[]> {
  const responses: Response[] = [];
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin) return;
    // The service worker precaches every chunk of the build in the background: those fetches
    // are not what the page needs, and counting them once made every course "need" all courses.
    if (response.request().serviceWorker() !== null) return;
    const type = response.headers()['content-type'] ?? '';
    if (response.request().resourceType() === 'script' || /javascript/.test(type) || url.pathname.endsWith('.js'))
      responses.push(response);
  });
  return async () => {
    const snapshot = [...responses];
    const chunks = new Map<string, ChunkSize>();
    for (const r of snapshot) {
      const file = new URL(r.url()).pathname.slice(1);
      if (chunks.has(file)) continue;
      const body = await r.body();
      chunks.set(file, { file, bytes: body.length, gzip: gzipSize(body) });
    }
    return [...chunks.values()].sort((a, b) => a.file.localeCompare(b.file));
  };
}

export interface CourseJs {
  readonly courseId: string;
  /** The course's own chunk(s): named after the course. */
  readonly own: readonly ChunkSize[];
  /** Chunks this course needed that the catalog did not: the 3D runtime all courses share. */
  readonly shared: readonly ChunkSize[];
}

export interface ObservedJs {
  readonly startup: readonly ChunkSize[];
  readonly courses: readonly CourseJs[];
}

export async function observeJs(browser: BenchBrowser, server: RunningServer, courseIds: readonly string[]): Promise<ObservedJs> {
  const startup = await browser.withContext(server.host, 'start-up JS (production build)', async (context) => {
    const collect = recordScripts(context, server.origin);
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.locator('[data-course]').first().waitFor({ timeout: 60_000 });
    // Taken the moment the catalog shows: only what was fetched before it counts.
    return collect();
  });
  const startupFiles = new Set(startup.map((c) => c.file));
  const courses: CourseJs[] = [];
  for (const courseId of courseIds) {
    const added = await browser.withContext(server.host, `course JS ${courseId} (production build)`, async (context) => {
      const collect = recordScripts(context, server.origin);
      const page = await context.newPage();
      await page.goto(`${server.origin}/?course=${encodeURIComponent(courseId)}&lang=zh-CN`);
      await page.locator('canvas').first().waitFor({ timeout: 90_000 });
      await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
      return (await collect()).filter((c) => !startupFiles.has(c.file));
    });
    // A practice attempt loads the course's full chunk (and the public one the catalog may share).
    const own = added.filter((c) =>
      [`assets/${courseId}-`, `assets/course-public-${courseId}-`, `assets/course-full-${courseId}-`].some((prefix) =>
        c.file.startsWith(prefix),
      ),
    );
    courses.push({ courseId, own, shared: added.filter((c) => !own.includes(c)) });
  }
  return { startup, courses };
}
