// Checks which files and characters feed the font subset.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_CHARACTERS, collectCharsetSources } from './font-charset.ts';

describe('collectCharsetSources', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'shixun-charset-'));
    const put = async (file: string, text: string): Promise<void> => {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    };
    await put('courses/ds/course.yaml', '\uFEFFtitle:\n  zh-CN: 数据安全\n\tid: ds\n');
    await put('courses/ds/assets/table.json', '{"name": "张三丰"}');
    await put('courses/ds/notes.md', '不扫描');
    await put('src/ui/menu.tsx', "export const label = '开始 Start';\n");
    await put('src/ui/menu.test.tsx', "it('shows 😀', () => {});\n");
    await put('src/node_modules/x/index.ts', '忽略');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('takes course text and non-ASCII source text, and skips tests, other files and control characters', async () => {
    const { charset, firstSeenIn } = await collectCharsetSources(root);
    for (const char of '数据安全张三丰开始') expect(charset).toContain(char);
    for (const char of ['😀', '不', '扫', '忽', '\n', '\t', '\uFEFF']) expect(charset).not.toContain(char);
    expect(firstSeenIn.get('数')).toBe('courses/ds/course.yaml');
    expect(firstSeenIn.get('张')).toBe('courses/ds/assets/table.json');
    expect(firstSeenIn.get('开')).toBe('src/ui/menu.tsx');
  });

  it('always includes printable ASCII, CJK punctuation and full-width digits, once each, in code point order', async () => {
    const { charset } = await collectCharsetSources(root);
    for (const char of BASE_CHARACTERS) expect(charset).toContain(char);
    const points = [...charset].map((char) => char.codePointAt(0) ?? 0);
    expect(points).toEqual([...new Set(points)].sort((a, b) => a - b));
    expect(charset).toContain('，');
    expect(charset).toContain('９');
  });

  it('works when courses/ does not exist yet', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'shixun-charset-empty-'));
    try {
      const { charset } = await collectCharsetSources(empty);
      expect([...charset].length).toBe(new Set(BASE_CHARACTERS).size);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
