import type { TFunction } from 'i18next'
import type { Rule } from 'antd/es/form'

/** The server's password rule (10–200 characters), checked before sending. */
export function passwordRules(t: TFunction): Rule[] {
  return [
    { required: true, message: t('auth.settings.password.required') },
    { min: 10, message: t('auth.settings.password.tooShort') },
    { max: 200, message: t('auth.settings.password.tooLong') },
  ]
}
