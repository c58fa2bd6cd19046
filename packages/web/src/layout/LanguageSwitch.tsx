import { Segmented } from 'antd'
import { useTranslation } from 'react-i18next'
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../i18n'

export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  const value = currentLanguage(i18n.resolvedLanguage ?? i18n.language)
  return (
    <Segmented<Language>
      aria-label={t('header.language')}
      data-testid="language-switch"
      size="small"
      value={value}
      options={LANGUAGES.map((l) => ({ value: l.code, label: <span lang={l.code}>{l.label}</span>, title: l.label }))}
      onChange={(lang) => void setLanguage(lang)}
    />
  )
}
