// Vietnamese first, English second. A missing key is a bug: in development and tests it is reported on
// the console (the e2e suite fails on it) instead of silently showing the key.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../src-main/contract';
import en from './en.json';
import vi from './vi.json';

export const resources = { vi: { translation: vi }, en: { translation: en } } as const;

export async function initI18n(language: Language): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    saveMissing: true,
    missingKeyHandler: (_languages, _namespace, key) => console.error(`i18n: missing key "${key}"`),
  });
  document.documentElement.lang = language;
  return i18next;
}
