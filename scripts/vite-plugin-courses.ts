// Vite plugin: validates every course at build time (a bad course fails the build with the
// file/field message) and serves each one as its own lazily loaded chunk.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { courseMaxPoints } from '../src/course/max-score.ts';
import { formatFailures, loadCourses } from '../src/course/node/load-courses.ts';

const CATALOG = 'virtual:shixun/catalog';
const ASSET_TYPES: Record<string, string> = { '.glb': 'model/gltf-binary', '.gltf': 'model/gltf+json', '.bin': 'application/octet-stream', '.png': 'image/png', '.jpg': 'image/jpeg', '.ktx2': 'image/ktx2', '.csv': 'text/csv', '.json': 'application/json' };

/** Every file under courses/<id>/assets/, as paths relative to courses/. */
function courseAssets(coursesDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(coursesDir, full).split(sep).join('/'));
    }
  };
  for (const course of existsSync(coursesDir) ? readdirSync(coursesDir) : []) {
    const assets = join(coursesDir, course, 'assets');
    if (existsSync(assets) && statSync(assets).isDirectory()) walk(assets);
  }
  return out;
}
const COURSE_PREFIX = 'virtual:shixun/course/';

export function coursesPlugin(root: string = process.cwd()): Plugin {
  const coursesDir = resolve(root, 'courses');
  const load = () => {
    const report = loadCourses(coursesDir, root);
    const problems = formatFailures(report.failures);
    if (problems.length) throw new Error(`Course files have problems:\n${problems.join('\n')}`);
    return report.courses;
  };
  return {
    name: 'shixun-courses',
    resolveId(id) {
      if (id === CATALOG || id.startsWith(COURSE_PREFIX)) return `\0${id}`;
      return null;
    },
    load(id) {
      if (!id.startsWith('\0virtual:shixun/')) return null;
      const courses = load();
      for (const c of courses) this.addWatchFile(resolve(root, c.file));
      if (id === `\0${CATALOG}`) {
        const entries = courses.map(({ course }) => ({
          id: course.id,
          version: course.version,
          domain: course.domain,
          title: course.title,
          summary: course.summary,
          creditHours: course.creditHours,
          estimatedMinutes: course.estimatedMinutes,
          masteryScore: course.masteryScore,
          sceneCount: course.scenes.length,
          maxScore: courseMaxPoints(course),
        }));
        const loaders = courses.map(({ id: courseId }) => `  ${JSON.stringify(courseId)}: () => import(${JSON.stringify(COURSE_PREFIX + courseId)}).then((m) => m.default),`);
        return `export const catalog = ${JSON.stringify(entries)};\nexport const courseLoaders = {\n${loaders.join('\n')}\n};\n`;
      }
      const courseId = id.slice(`\0${COURSE_PREFIX}`.length);
      const found = courses.find((c) => c.id === courseId);
      if (!found) throw new Error(`No course "${courseId}" under courses/`);
      // JSON.parse of a string literal parses faster than an object literal of the same size.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(found.course))});\n`;
    },
    // Course assets (glTF models, images, data tables) are served at /courses/<id>/assets/…
    generateBundle() {
      for (const file of courseAssets(coursesDir)) {
        this.emitFile({ type: 'asset', fileName: `courses/${file}`, source: readFileSync(join(coursesDir, file)) });
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const match = /^\/courses\/([a-z0-9-]+\/assets\/[\w./-]+)$/.exec(req.url?.split('?')[0] ?? '');
        const file = match ? resolve(coursesDir, match[1]!) : '';
        if (!match || !file.startsWith(coursesDir + sep) || !existsSync(file)) return next();
        res.setHeader('content-type', ASSET_TYPES[extname(file)] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    handleHotUpdate(ctx) {
      if (!ctx.file.startsWith(coursesDir)) return;
      for (const id of [...ctx.server.moduleGraph.idToModuleMap.keys()]) {
        if (id.startsWith('\0virtual:shixun/')) {
          const mod = ctx.server.moduleGraph.getModuleById(id);
          if (mod) ctx.server.moduleGraph.invalidateModule(mod);
        }
      }
      ctx.server.ws.send({ type: 'full-reload' });
      return [];
    },
  };
}
