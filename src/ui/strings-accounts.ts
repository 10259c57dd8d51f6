// UI strings for sign-in, headset device codes and the admin pages, in both locales (merged into uiStrings).
export const accountStrings = {
  'zh-CN': {
  },
  en: {
  },
} as const satisfies { 'zh-CN': Record<string, string>; en: Record<string, string> };
