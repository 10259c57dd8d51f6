// UI strings of the privacy pages, in both locales (merged into uiStrings in strings.ts).
export const privacyStrings = {
  'zh-CN': {},
  en: {},
} as const;
