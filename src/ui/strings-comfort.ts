// UI strings of the comfort pages, in both locales (merged into uiStrings in strings.ts).
export const comfortStrings = {
  'zh-CN': {},
  en: {},
} as const;
