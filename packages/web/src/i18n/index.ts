import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import 'dayjs/locale/en'
import { zhCN } from './zh-CN'
import { en } from './en'

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文', shortLabel: '中文' },
  { code: 'en', label: 'English', shortLabel: 'EN' },
] as const
export type Language = (typeof LANGUAGES)[number]['code']
export const DEFAULT_LANGUAGE: Language = 'zh-CN'
export const LANGUAGE_STORAGE_KEY = 'portrait.language'

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value)
}

/** The language chosen earlier (localStorage), otherwise the default. */
export function storedLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY)
    if (isLanguage(saved)) return saved
  } catch {
    // storage disabled (private mode, sandboxed iframe): fall back to the default
  }
  return DEFAULT_LANGUAGE
}

/** Normalises whatever i18next reports (`en-US`, `zh`, …) to a supported language. */
export function currentLanguage(lang: string | undefined = i18n.resolvedLanguage ?? i18n.language): Language {
  if (isLanguage(lang)) return lang
  if (lang?.toLowerCase().startsWith('en')) return 'en'
  return DEFAULT_LANGUAGE
}

function applyLanguageSideEffects(lang: Language): void {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn')
  if (typeof document !== 'undefined') document.documentElement.lang = lang
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang)
  } catch {
    // not persisted; the switch still applies to this page
  }
  applyLanguageSideEffects(lang)
  await i18n.changeLanguage(lang)
}

const initial = storedLanguage()
applyLanguageSideEffects(initial)
void i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES.map((l) => l.code),
  // React escapes rendered text itself
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
})

export default i18n
