// Reading-level basics for course text, beyond the schema: strings that look untranslated are
// errors; feedback too short to explain anything and text too long for an in-world panel are
// warnings. Pure, so the check script and tests share it.
import type { CourseProblem, PathSegment } from './problems.ts';
import type { Course } from './schema.ts';

const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{3,}/;

/** Keys whose text explains a choice: it should say why, which takes more than a word or two. */
const FEEDBACK_KEYS = new Set(['feedback', 'explanation']);
/** Keys shown on buttons and cards in the 3D scene, where long text no longer fits. */
const SHORT_KEYS: Record<string, number> = { text: 40, label: 24, title: 20 };

export interface TextLint {
  readonly errors: CourseProblem[];
  readonly warnings: CourseProblem[];
}

export function lintCourseText(course: Course): TextLint {
  return lintLocalizedText(course);
}

/** The same checks on every { zh-CN, en } pair found anywhere in a parsed file (an exercise, too). */
export function lintLocalizedText(root: unknown): TextLint {
  const errors: CourseProblem[] = [];
  const warnings: CourseProblem[] = [];
  const visit = (value: unknown, path: PathSegment[]) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...path, i]));
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record['zh-CN'] === 'string' && typeof record['en'] === 'string') {
      checkLocalized(record['zh-CN'], record['en'], path);
      return;
    }
    for (const [key, v] of Object.entries(record)) {
      // Instructor notes and data tables are not learner-facing text.
      if (key === 'data') continue;
      visit(v, [...path, key]);
    }
  };
  const checkLocalized = (zh: string, en: string, path: PathSegment[]) => {
    const key = String(path.at(-1) ?? '');
    // A Chinese term in brackets is fine in English text; mostly Chinese is not.
    const han = en.match(HAN_ALL)?.length ?? 0;
    if (han > 0 && han * 3 > en.replace(/\s/g, '').length)
      errors.push({ path: [...path, 'en'], message: `English text is mostly Chinese ("${en.slice(0, 30)}"): translate it` });
    if (!HAN.test(zh) && zh === en && LATIN_WORD.test(zh))
      errors.push({ path: [...path, 'zh-CN'], message: `Chinese text is the English text ("${zh.slice(0, 30)}"): translate it` });
    if (FEEDBACK_KEYS.has(key) && [...zh].length < 8)
      warnings.push({
        path: [...path, 'zh-CN'],
        message: `feedback "${zh}" is too short to explain why: say what the rule is and where it comes from`,
      });
    const onButton = key !== 'text' || path.some((p) => p === 'options' || p === 'fixes' || p === 'actions' || p === 'items');
    const limit = onButton ? SHORT_KEYS[key] : undefined;
    if (limit !== undefined && path[0] === 'scenes' && [...zh].length > limit)
      warnings.push({
        path: [...path, 'zh-CN'],
        message: `${[...zh].length} characters: longer than ${limit}, it may not fit its button or card in the scene`,
      });
  };
  visit(root, []);
  return { errors, warnings };
}
