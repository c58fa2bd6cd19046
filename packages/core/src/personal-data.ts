/**
 * Which profile fields are personal data: they are encrypted at rest, and rules and searches can
 * only test them for presence or exact equality (through a keyed blind index). Pure: no I/O.
 */

/** The typed profile columns that hold personal data. */
export const PERSONAL_FIELDS = ['name', 'email', 'phone'] as const
export type PersonalField = (typeof PERSONAL_FIELDS)[number]

/**
 * Trait keys (free-form profile columns) that hold personal data, compared after folding case and
 * dropping spaces, `_`, `-` and `.`: addresses, identity documents, messenger accounts, further
 * phone numbers and emails.
 */
export const PERSONAL_TRAIT_KEYS = [
  'address',
  'addr',
  'street',
  'homeaddress',
  'shippingaddress',
  'deliveryaddress',
  'postaddress',
  'fullname',
  'realname',
  'firstname',
  'lastname',
  'surname',
  'mobile',
  'tel',
  'telephone',
  'idcard',
  'idnumber',
  'nationalid',
  'passport',
  'passportnumber',
  'ssn',
  'wechat',
  'wechatid',
  'weixin',
  'qq',
  'whatsapp',
  'telegram',
  '地址',
  '住址',
  '家庭地址',
  '收货地址',
  '联系地址',
  '详细地址',
  '姓名',
  '真实姓名',
  '手机',
  '手机号',
  '手机号码',
  '电话',
  '联系电话',
  '固定电话',
  '邮箱',
  '电子邮箱',
  '身份证',
  '身份证号',
  '身份证号码',
  '护照',
  '护照号',
  '微信',
  '微信号',
  'qq号',
] as const

/** Substrings that make any trait key personal (`work_email`, `备用手机`, `billing_address`). */
const PERSONAL_KEY_PARTS = [
  'email',
  'phone',
  'mobile',
  'address',
  'wechat',
  'passport',
  '邮箱',
  '手机',
  '电话',
  '地址',
  '身份证',
  '护照',
  '微信',
]

const foldKey = (key: string): string =>
  key
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.]/g, '')

const PERSONAL_KEYS = new Set<string>(PERSONAL_TRAIT_KEYS)

/** Whether a trait key names personal data (encrypted at rest). */
export function isPersonalTraitKey(key: string): boolean {
  const k = foldKey(key)
  return PERSONAL_KEYS.has(k) || PERSONAL_KEY_PARTS.some((p) => k.includes(p))
}

/** The rule-language prefix of trait keys, repeated here so this module stands alone. */
const TRAITS_PREFIX = 'traits.'

/** Whether a rule field (`email`, `traits.地址`) is encrypted personal data. */
export function isPersonalRuleField(field: string): boolean {
  if ((PERSONAL_FIELDS as readonly string[]).includes(field)) return true
  return field.startsWith(TRAITS_PREFIX) && isPersonalTraitKey(field.slice(TRAITS_PREFIX.length))
}

/**
 * The operators a rule may use on an encrypted field: presence on every one, exact matches on the
 * typed columns (they keep a blind index), presence only on personal traits.
 */
export function personalFieldOperators(field: string): readonly ('exists' | 'eq' | 'neq' | 'in' | 'nin')[] {
  return (PERSONAL_FIELDS as readonly string[]).includes(field) ? ['exists', 'eq', 'neq', 'in', 'nin'] : ['exists']
}

/** The value a blind index is computed on: the same for every spelling a lookup should find. */
export function normaliseForIndex(kind: string, value: string): string {
  const v = value.normalize('NFKC').trim()
  if (kind === 'email') return v.replace(/\s+/g, '').toLowerCase()
  if (kind === 'phone') return v.replace(/[\s\-()]/g, '')
  return v.replace(/\s+/g, ' ').toLowerCase()
}

/**
 * The encrypted personal fields a segment rule (or a versioned rule document) tests, found
 * anywhere in it. Someone who may not read personal data may not test them either: a rule such as
 * `email eq …` would tell them whether a person they know is a customer.
 */
export function personalFieldsInRule(rule: unknown): string[] {
  const found = new Set<string>()
  const walk = (v: unknown, depth: number): void => {
    if (depth > 64 || v === null || typeof v !== 'object') return
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1)
      return
    }
    const o = v as Record<string, unknown>
    if (typeof o.trait === 'string' && isPersonalRuleField(o.trait)) found.add(o.trait)
    for (const x of Object.values(o)) walk(x, depth + 1)
  }
  walk(rule, 0)
  return [...found]
}
