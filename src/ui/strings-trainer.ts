// UI strings of the trainer pages, in both locales (merged into uiStrings in strings.ts).
export const trainerStrings = {
  'zh-CN': {},
  en: {},
} as const;
