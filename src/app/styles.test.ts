// The stylesheet's print blocks only adjust what the screen already styles. A page whose rules sit
// inside `@media print` by mistake (two appended blocks merged into one) renders unstyled on screen
// while every journey still passes; this check names the class and the line instead.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postcss, { type AtRule, type Rule } from 'postcss';
import { describe, expect, it } from 'vitest';

const FILE = fileURLToPath(new URL('./styles.css', import.meta.url));

/**
 * Classes that print adjusts while the screen leaves them to the styles of what they hold: the
 * print helpers, and the debrief's page, which prints without the console's width and padding.
 */
const PRINT_ONLY = new Set(['no-print', 'print-only', 'exercise-debrief']);

function classesOf(selector: string): string[] {
  return [...selector.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]!);
}

function insidePrint(rule: Rule): boolean {
  for (let node = rule.parent; node && node.type !== 'root'; node = node.parent) {
    if (node.type === 'atrule' && (node as AtRule).name === 'media' && /\bprint\b/.test((node as AtRule).params)) return true;
  }
  return false;
}

/** Print-block classes that no screen rule styles, as `class (line n)`. */
export function printOnlyClasses(css: string): string[] {
  const root = postcss.parse(css, { from: FILE });
  const screen = new Set<string>();
  const print: { cls: string; line: number }[] = [];
  root.walkRules((rule) => {
    const classes = classesOf(rule.selector);
    if (insidePrint(rule)) for (const cls of classes) print.push({ cls, line: rule.source?.start?.line ?? 0 });
    else for (const cls of classes) screen.add(cls);
  });
  return print.filter(({ cls }) => !screen.has(cls) && !PRINT_ONLY.has(cls)).map(({ cls, line }) => `${cls} (line ${line})`);
}

describe('src/app/styles.css', () => {
  it('styles on screen every class its print blocks adjust', () => {
    expect(printOnlyClasses(readFileSync(FILE, 'utf8'))).toEqual([]);
  });

  it('catches page styles that fell inside a print block', () => {
    const css = `.page { color: red; }\n@media print {\n  .page { color: black; }\n  .certificate { border: 1px solid; }\n}\n`;
    expect(printOnlyClasses(css)).toEqual(['certificate (line 4)']);
  });
});
