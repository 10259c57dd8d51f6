// A Shixun course as a cmi5 course structure (cmi5 spec 13.1, `cmi5.xml`): the course and one
// assignable unit, the whole course, whose launch URL is this server's course page. An LMS that
// imports it launches the AU with the cmi5 parameters added to that URL.
import type { Course, Localized } from '../../src/course/schema.ts';

export const COURSE_STRUCTURE_NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

/** The IRIs of a course and its AU on this server (`homePage` ends in "/"). */
export function cmi5Ids(homePage: string, courseId: string): { course: string; au: string; launchUrl: string } {
  const course = new URL(`cmi5/courses/${encodeURIComponent(courseId)}`, homePage).href;
  return { course, au: `${course}/au`, launchUrl: new URL(`/?course=${encodeURIComponent(courseId)}`, homePage).href };
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

function langstrings(text: Localized, indent: string): string {
  return [
    `${indent}<langstring lang="zh-CN">${escapeXml(text['zh-CN'])}</langstring>`,
    `${indent}<langstring lang="en-US">${escapeXml(text.en)}</langstring>`,
  ].join('\n');
}

/**
 * The course structure document. The AU is passed when the score reaches the course's
 * masteryScore and completed when it ends, so moveOn is CompletedAndPassed. It launches in its
 * own window (OwnWindow): the app refuses to be framed (frame-ancestors 'none'), and WebXR
 * needs a top-level page; a headset's browser opens the same URL.
 */
export function courseStructureXml(course: Course, homePage: string): string {
  const ids = cmi5Ids(homePage, course.id);
  return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="${COURSE_STRUCTURE_NS}">
  <course id="${escapeXml(ids.course)}">
    <title>
${langstrings(course.title, '      ')}
    </title>
    <description>
${langstrings(course.summary, '      ')}
    </description>
  </course>
  <au id="${escapeXml(ids.au)}" moveOn="CompletedAndPassed" masteryScore="${course.masteryScore}" launchMethod="OwnWindow">
    <title>
${langstrings(course.title, '      ')}
    </title>
    <description>
${langstrings(course.summary, '      ')}
    </description>
    <url>${escapeXml(ids.launchUrl)}</url>
  </au>
</courseStructure>
`;
}
