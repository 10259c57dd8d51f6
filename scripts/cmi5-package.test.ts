// npm run cmi5:package over the shipped courses: one zip per course, each parsed back with an XML
// parser, holding the course structure with a launch URL at the public address given.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../src/course/node/load-courses.ts';
import { COURSE_STRUCTURE_NS } from '../server/cmi5/course-structure.ts';
import { writeCoursePackages } from './cmi5-package.ts';

const out = mkdtempSync(path.join(tmpdir(), 'shixun-cmi5-packages-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run cmi5:package', () => {
  it('writes a package per course whose cmi5.xml launches the course at the public address', () => {
    const courses = loadCourses(path.resolve('courses')).courses.map((loaded) => loaded.course);
    const files = writeCoursePackages(path.resolve('courses'), out, 'https://shixun.example.gov.cn');
    expect(files.map((file) => path.basename(file)).sort()).toEqual(courses.map((c) => `shixun-${c.id}-cmi5.zip`).sort());
    for (const course of courses) {
      const zip = unzipSync(new Uint8Array(readFileSync(path.join(out, `shixun-${course.id}-cmi5.zip`))));
      const document = new DOMParser({
        onError: (level, message) => {
          throw new Error(`${course.id} cmi5.xml ${level}: ${message}`);
        },
      }).parseFromString(strFromU8(zip['cmi5.xml']!), 'text/xml');
      const root = document.documentElement!;
      expect(root.namespaceURI).toBe(COURSE_STRUCTURE_NS);
      const au = root.getElementsByTagName('au')[0]!;
      expect(au.getAttribute('id')).toBe(`https://shixun.example.gov.cn/cmi5/courses/${course.id}/au`);
      expect(Number(au.getAttribute('masteryScore'))).toBe(course.masteryScore);
      expect(au.getElementsByTagName('url')[0]!.textContent).toBe(`https://shixun.example.gov.cn/?course=${course.id}`);
      const title = root.getElementsByTagName('course')[0]!.getElementsByTagName('langstring')[1]!;
      expect(title.textContent).toBe(course.title.en);
    }
  });
});
