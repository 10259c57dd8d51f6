import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCourseText } from './parse.ts';
import { lintCourseText } from './text-lint.ts';

describe('docs/authoring.md', () => {
  const doc = readFileSync(new URL('../../docs/authoring.md', import.meta.url), 'utf8');
  const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];

  it('holds a complete example course that the check accepts', () => {
    expect(example).toBeDefined();
    const result = parseCourseText(example!, 'courses/example-course/course.yaml', { expectedId: 'example-course' });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (result.ok) expect(lintCourseText(result.course).errors).toEqual([]);
  });
});

describe('text lint', () => {
  it('rejects untranslated text and warns about feedback that explains nothing', () => {
    const course = {
      scenes: [
        {
          title: { 'zh-CN': 'Data room', en: 'Data room' },
          steps: [
            { options: [{ text: { 'zh-CN': '锁屏', en: '锁定屏幕并离开' }, feedback: { 'zh-CN': '对。', en: 'Right.' } }] },
          ],
        },
      ],
    } as never;
    const lint = lintCourseText(course);
    expect(lint.errors.map((e) => e.path.join('.'))).toEqual(['scenes.0.title.zh-CN', 'scenes.0.steps.0.options.0.text.en']);
    expect(lint.warnings.map((e) => e.path.join('.'))).toEqual(['scenes.0.steps.0.options.0.feedback.zh-CN']);
  });
});
