// UI strings of the admin-console pages, in both locales (merged into uiStrings in strings.ts).
export const adminConsoleStrings = {
  'zh-CN': {},
  en: {},
} as const;
