// UI language: zh-CN by default, English by ?lang=en or the learner's saved choice (kept in the
// storage the app makes at start-up and passes in).
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale, Localized } from '../course/schema.ts';
import type { KeyValueStorage } from '../client/storage.ts';
import { uiStrings, type UiKey } from './strings.ts';

const LANG_KEY = 'shixun.lang';

export function initialLocale(storage: KeyValueStorage, search: string = globalThis.location?.search ?? ''): Locale {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') return fromUrl;
  const saved = storage.get(LANG_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function initI18n(locale: Locale) {
  void i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'zh-CN',
    resources: { 'zh-CN': { translation: uiStrings['zh-CN'] }, en: { translation: uiStrings.en } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = locale;
  return i18next;
}

/** Switches the interface language and remembers the choice in `storage`. */
export function setLocale(storage: KeyValueStorage, locale: Locale) {
  storage.set(LANG_KEY, locale);
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  const url = new URL(location.href);
  url.searchParams.set('lang', locale);
  history.replaceState(history.state, '', url);
}

/** Typed translation plus a localizer for course text. */
export function useT() {
  const { t, i18n } = useTranslation();
  const locale = (i18n.language === 'en' ? 'en' : 'zh-CN') as Locale;
  return {
    t: (key: UiKey, values?: Record<string, string | number>) => t(key, values ?? {}),
    l: (text: Localized) => text[locale],
    locale,
  };
}
