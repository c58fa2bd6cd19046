import 'i18next'
import type { Messages } from './zh-CN'

// Typed translation keys: `t('some.key')` fails to compile when the key is not in the messages.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: Messages }
  }
}
