// Vite plugin: validates every course at build time (a bad course fails the build with the
// file/field message) and serves each one as two lazily loaded chunks: its public view (no answer
// keys; what every attempt loads) and the practice course (answer keys of each step's own
// question; loaded for practice only).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { courseSummary } from '../src/course/summary.ts';
import { formatFailures, loadCourses } from '../src/course/node/load-courses.ts';
import { toPracticeCourse } from '../src/engine/draw.ts';
import { toPublicCourse } from '../src/engine/public-view.ts';

const CATALOG = 'virtual:shixun/catalog';
const ASSET_TYPES: Record<string, string> = {
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ktx2': 'image/ktx2',
  '.csv': 'text/csv',
  '.json': 'application/json',
};

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
/** `virtual:shixun/course/<id>`: the public view. Chunk file: `course-public-<id>-<hash>.js`. */
const PUBLIC_PREFIX = 'virtual:shixun/course/';
/** `virtual:shixun/course-full/<id>`: the full course with answer keys. Chunk file: `course-full-<id>-<hash>.js`. */
const FULL_PREFIX = 'virtual:shixun/course-full/';
// Resolved ids end in the chunk's name, so the two chunks of a course are told apart by file name
// (a service worker can leave `course-full-*` out of what it precaches for assessments).
const RESOLVED_PUBLIC = '\0virtual:shixun/course-public-';
const RESOLVED_FULL = '\0virtual:shixun/course-full-';

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
      if (id === CATALOG) return `\0${id}`;
      if (id.startsWith(FULL_PREFIX)) return RESOLVED_FULL + id.slice(FULL_PREFIX.length);
      if (id.startsWith(PUBLIC_PREFIX)) return RESOLVED_PUBLIC + id.slice(PUBLIC_PREFIX.length);
      return null;
    },
    load(id) {
      if (!id.startsWith('\0virtual:shixun/')) return null;
      const courses = load();
      for (const c of courses) this.addWatchFile(resolve(root, c.file));
      if (id === `\0${CATALOG}`) {
        const entries = courses.map(({ course }) => courseSummary(course));
        const loaders = (prefix: string) =>
          courses
            .map(
              ({ id: courseId }) =>
                `  ${JSON.stringify(courseId)}: () => import(${JSON.stringify(prefix + courseId)}).then((m) => m.default),`,
            )
            .join('\n');
        return [
          `export const catalog = ${JSON.stringify(entries)};`,
          `export const publicCourseLoaders = {\n${loaders(PUBLIC_PREFIX)}\n};`,
          `export const fullCourseLoaders = {\n${loaders(FULL_PREFIX)}\n};`,
          '',
        ].join('\n');
      }
      const full = id.startsWith(RESOLVED_FULL);
      const courseId = id.slice((full ? RESOLVED_FULL : RESOLVED_PUBLIC).length);
      const found = courses.find((c) => c.id === courseId);
      if (!found) throw new Error(`No course "${courseId}" under courses/`);
      // Practice is open-book: the browser grades it, so its chunk carries the answer keys, of
      // each step's own question only (the versions an assessment may draw instead stay on the
      // server). Assessments are graded by the server and load only the public view, with no keys.
      const data = full ? toPracticeCourse(found.course) : toPublicCourse(found.course);
      // JSON.parse of a string literal parses faster than an object literal of the same size.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});\n`;
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
