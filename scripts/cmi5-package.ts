// `npm run cmi5:package -- [--url <public URL>] [--out <folder>]`: a cmi5 course package (a zip with
// cmi5.xml, server/cmi5/course-structure.ts) for every course under courses/, for an LMS to import.
// The launch URLs point at the server's public address: --url, else SHIXUN_PUBLIC_URL. Admins can
// also download one course's package from the server (GET /api/v1/admin/courses/:id/cmi5).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFailures, loadCourses } from '../src/course/node/load-courses.ts';
import { courseStructureXml } from '../server/cmi5/course-structure.ts';
import { coursePackage } from '../server/cmi5/plugin.ts';

const USAGE = 'Usage: npm run cmi5:package -- [--url https://shixun.example.gov.cn/] [--out dist-cmi5]';

/** Writes `shixun-<id>-cmi5.zip` for each course into `outDir`; returns the files written. */
export function writeCoursePackages(coursesDir: string, outDir: string, publicUrl: string): string[] {
  const homePage = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  const report = loadCourses(coursesDir);
  if (report.failures.length > 0)
    throw new Error(`Course files have problems (npm run courses:check):\n${formatFailures(report.failures).join('\n')}`);
  mkdirSync(outDir, { recursive: true });
  return report.courses.map(({ course }) => {
    const file = path.join(outDir, `shixun-${course.id}-cmi5.zip`);
    writeFileSync(file, coursePackage(courseStructureXml(course, homePage)));
    return file;
  });
}

function main(argv: readonly string[]): number {
  let url = process.env.SHIXUN_PUBLIC_URL;
  let out = 'dist-cmi5';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--url' && argv[i + 1]) url = argv[++i];
    else if (arg === '--out' && argv[i + 1]) out = argv[++i]!;
    else {
      console.error(USAGE);
      return 2;
    }
  }
  if (!url || !/^https?:\/\/[^/]/.test(url)) {
    console.error(`The packages need the server's public address for their launch URLs: --url or SHIXUN_PUBLIC_URL.\n${USAGE}`);
    return 2;
  }
  for (const file of writeCoursePackages(path.resolve('courses'), path.resolve(out), url)) console.log(`wrote ${file}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
