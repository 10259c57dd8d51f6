// UI strings for sync status, assessment mode and official results, in both locales (merged into uiStrings).
export const recordStrings = {
  'zh-CN': {
  },
  en: {
  },
} as const satisfies { 'zh-CN': Record<string, string>; en: Record<string, string> };
