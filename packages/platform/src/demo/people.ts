/**
 * The people behind the demo customers: demographics, psychographics, contact details and the
 * purchase propensities the order generator uses. Traits are drawn jointly (income from city
 * tier, age, education and occupation; lifestyle from income, age and family; categories from
 * all of these), so segments and personas found later describe real structure.
 */
import { DAY_MS, type DemoCalendar, chinaMidnight, sampleDay } from './calendar.js'
import { DEMO_CATEGORIES } from './catalogue.js'
import type { Random } from './random.js'
import {
  type Barrier,
  DEMO_CITIES,
  type DemoCity,
  type DemoCityGroup,
  type Education,
  EDUCATION_LEVELS,
  EMAIL_DOMAINS,
  ENGLISH_NICKNAMES,
  type FamilyStatus,
  GIVEN_NAME_CHARS,
  INTERESTS,
  type Interest,
  type Lifestyle,
  LIFESTYLES,
  MARKETING_CHANNELS,
  MOBILE_PREFIXES,
  type Occupation,
  ORGANIC_ACQUISITION,
  type OrderChannel,
  PAIN_POINT_BARRIER,
  PAIN_POINTS,
  type PainPoint,
  SURNAMES,
  type Value,
  VALUES,
} from './reference.js'

export type DemoSource = 'shop' | 'crm' | 'wechat'
export type Gender = 'male' | 'female'
export type Segment = 'never' | 'one' | 'repeat'

export interface Person {
  readonly index: number
  id: string
  readonly source: DemoSource
  dupId: string | null
  dupSource: DemoSource | null
  /** When the person joined the second source (orders there use `dupId` from then on). */
  dupRegisteredMs: number
  readonly gender: Gender
  readonly surname: string
  readonly surnamePinyin: string
  readonly given: string
  readonly givenPinyin: string
  /** 00:00 China time of the birthday. */
  readonly birthMs: number
  readonly age: number
  readonly city: DemoCity
  readonly education: Education
  readonly occupation: Occupation
  readonly family: FamilyStatus
  readonly income: number
  readonly lifestyle: Lifestyle
  readonly value: Value
  readonly interests: readonly Interest[]
  readonly pet: 'cat' | 'dog' | null
  readonly painPoint: PainPoint
  readonly barrier: Barrier
  readonly preferredChannel: OrderChannel
  readonly acquisition: string
  readonly registeredMs: number
  /** Registered inside the window. */
  readonly isNew: boolean
  /** Canonical 11-digit mobile number, or null. */
  readonly mobile: string | null
  /** Canonical lower-case e-mail, or null. */
  readonly email: string | null
  /** Relative spending level (1 = typical). */
  readonly spend: number
  /** Exponent on relative price when choosing products (> 0 favours dearer products). */
  readonly priceElasticity: number
  /** Share of orders placed on sale days on purpose. */
  readonly promoAffinity: number
  readonly categoryWeights: Float64Array
  readonly segment: Segment
  /** Expected orders per year for repeat buyers. */
  readonly rate: number
  /** First and last active day index in the window (inclusive). */
  readonly activeFrom: number
  activeTo: number
  churned: boolean
}

const CATEGORY_INDEX: Readonly<Record<string, number>> = Object.fromEntries(DEMO_CATEGORIES.map((c, i) => [c, i]))
const INTEREST_INDEX = Object.fromEntries(INTERESTS.map((interest, i) => [interest, i])) as Readonly<Record<Interest, number>>

const AGE_BANDS: ReadonlyArray<readonly [number, number, number]> = [
  [18, 24, 0.15],
  [25, 29, 0.17],
  [30, 34, 0.17],
  [35, 39, 0.14],
  [40, 44, 0.11],
  [45, 49, 0.09],
  [50, 54, 0.07],
  [55, 59, 0.05],
  [60, 64, 0.03],
  [65, 70, 0.02],
]

const AGE_BAND_WEIGHTS: readonly number[] = AGE_BANDS.map(([, , w]) => w)
const SURNAME_WEIGHTS: readonly number[] = SURNAMES.map(([, , w]) => w)

const GROUP_SHARE: ReadonlyArray<readonly [DemoCityGroup, number]> = [
  ['tier1', 0.35],
  ['new_tier1', 0.35],
  ['other', 0.3],
]

const CITIES_BY_GROUP: Readonly<Record<DemoCityGroup, readonly DemoCity[]>> = {
  tier1: DEMO_CITIES.filter((c) => c.group === 'tier1'),
  new_tier1: DEMO_CITIES.filter((c) => c.group === 'new_tier1'),
  other: DEMO_CITIES.filter((c) => c.group === 'other'),
}

const CITY_WEIGHTS: Readonly<Record<DemoCityGroup, readonly number[]>> = {
  tier1: CITIES_BY_GROUP.tier1.map((c) => c.weight),
  new_tier1: CITIES_BY_GROUP.new_tier1.map((c) => c.weight),
  other: CITIES_BY_GROUP.other.map((c) => c.weight),
}

function educationWeights(age: number, group: DemoCityGroup): number[] {
  const base =
    age < 23
      ? [0.25, 0.3, 0.4, 0.05, 0]
      : age < 35
        ? [0.12, 0.25, 0.45, 0.15, 0.03]
        : age < 45
          ? [0.2, 0.28, 0.38, 0.11, 0.03]
          : age < 55
            ? [0.38, 0.3, 0.25, 0.06, 0.01]
            : [0.55, 0.25, 0.17, 0.03, 0]
  const lift = group === 'tier1' ? 1.35 : group === 'new_tier1' ? 1.15 : 1
  return base.map((w, i) => (i >= 2 ? w * lift : w))
}

function familyWeights(age: number): number[] {
  // 单身, 已婚无子女, 已婚有幼儿, 已婚有学龄子女, 子女已独立
  if (age < 25) return [0.85, 0.1, 0.05, 0, 0]
  if (age < 30) return [0.5, 0.25, 0.23, 0.02, 0]
  if (age < 35) return [0.25, 0.17, 0.43, 0.15, 0]
  if (age < 45) return [0.12, 0.08, 0.25, 0.55, 0]
  if (age < 55) return [0.08, 0.05, 0.02, 0.55, 0.3]
  return [0.06, 0.04, 0, 0.1, 0.8]
}

const FAMILIES: readonly FamilyStatus[] = ['单身', '已婚无子女', '已婚有幼儿', '已婚有学龄子女', '子女已独立']

const OCCUPATION_INCOME: Readonly<Record<Occupation, number>> = {
  企业职员: 0.95,
  'IT/互联网从业者': 1.4,
  '公务员/事业单位': 1.0,
  教师: 0.95,
  医护人员: 1.1,
  金融从业者: 1.5,
  '销售/市场': 1.0,
  '设计/创意': 1.0,
  企业管理者: 1.8,
  个体经营: 1.15,
  自由职业: 0.9,
  '工人/技术工': 0.75,
  服务业从业者: 0.65,
  全职家长: 0.25,
  学生: 0.25,
  退休: 0.5,
}

function chooseOccupation(rng: Random, age: number, gender: Gender, education: Education, family: FamilyStatus): Occupation {
  if (age <= 22 && rng.chance(0.7)) return '学生'
  if (age <= 24 && rng.chance(0.15)) return '学生'
  const retireAge = gender === 'female' ? 52 : 60
  if (age >= retireAge + 3 && rng.chance(0.85)) return '退休'
  if (age >= retireAge && rng.chance(0.45)) return '退休'
  if (gender === 'female' && (family === '已婚有幼儿' || family === '已婚有学龄子女') && rng.chance(0.09)) return '全职家长'
  const high = education === '本科' || education === '硕士' || education === '博士'
  const pairs: Array<readonly [Occupation, number]> = high
    ? [
        ['企业职员', 24],
        ['IT/互联网从业者', 14],
        ['公务员/事业单位', 10],
        ['教师', 7],
        ['医护人员', 6],
        ['金融从业者', 7],
        ['销售/市场', 9],
        ['设计/创意', 5],
        ['企业管理者', age >= 32 ? 8 : 2],
        ['个体经营', 4],
        ['自由职业', 4],
      ]
    : [
        ['企业职员', 18],
        ['销售/市场', 10],
        ['个体经营', 13],
        ['自由职业', 7],
        ['工人/技术工', 17],
        ['服务业从业者', 18],
        ['医护人员', 3],
        ['公务员/事业单位', 3],
        ['企业管理者', age >= 35 ? 3 : 1],
      ]
  if (gender === 'male') {
    for (let i = 0; i < pairs.length; i++) {
      const [o, w] = pairs[i] as readonly [Occupation, number]
      if (o === 'IT/互联网从业者' || o === '工人/技术工') pairs[i] = [o, w * 1.6]
      if (o === '教师' || o === '医护人员') pairs[i] = [o, w * 0.6]
    }
  }
  return rng.weightedPair(pairs)
}

function incomeOf(rng: Random, age: number, group: DemoCityGroup, education: Education, occupation: Occupation): number {
  const cityBase = group === 'tier1' ? 12500 : group === 'new_tier1' ? 8800 : 6600
  if (occupation === '学生') return Math.round((rng.float(1200, 3500) * (group === 'tier1' ? 1.2 : 1)) / 100) * 100
  if (occupation === '退休') return Math.round(rng.logNormal(cityBase * 0.42, 0.3) / 100) * 100
  const edu: Record<Education, number> = { 高中及以下: 0.62, 大专: 0.8, 本科: 1, 硕士: 1.45, 博士: 1.7 }
  const ageCurve = age < 23 ? 0.55 : age < 28 ? 0.8 : age < 35 ? 1 : age < 45 ? 1.15 : age < 55 ? 1.05 : 0.9
  const sigma = occupation === '个体经营' ? 0.6 : 0.35
  const value = rng.logNormal(cityBase * edu[education] * ageCurve * OCCUPATION_INCOME[occupation], sigma)
  return Math.max(1500, Math.min(200000, Math.round(value / 100) * 100))
}

function chooseLifestyle(rng: Random, age: number, income: number, family: FamilyStatus): Lifestyle {
  const kids = family === '已婚有幼儿' || family === '已婚有学龄子女'
  const weights = [
    1.0 * Math.pow(income / 9000, 0.8),
    1.0 * Math.pow(9000 / income, 0.6) * (age >= 45 ? 1.3 : 1),
    age < 30 ? 2.2 : age < 40 ? 1 : age < 46 ? 0.5 : 0.2,
    kids ? 3 : family === '单身' ? 0.15 : 0.8,
    age >= 25 && age <= 45 ? 1.2 : 0.9,
  ]
  return rng.weighted(LIFESTYLES, weights)
}

const VALUE_WEIGHTS: Readonly<Record<Lifestyle, readonly number[]>> = {
  // 环保, 性价比, 品牌, 国潮, 便利
  品质生活: [0.2, 0.05, 0.4, 0.1, 0.25],
  精打细算: [0.05, 0.7, 0.05, 0.1, 0.1],
  潮流尝鲜: [0.1, 0.1, 0.3, 0.4, 0.1],
  家庭优先: [0.15, 0.35, 0.15, 0.05, 0.3],
  健康运动: [0.35, 0.15, 0.2, 0.15, 0.15],
}

function chooseInterests(
  rng: Random,
  age: number,
  gender: Gender,
  lifestyle: Lifestyle,
  family: FamilyStatus,
  pet: 'cat' | 'dog' | null,
): Interest[] {
  const w = new Float64Array(INTERESTS.length).fill(1)
  const mul = (interest: Interest, factor: number): void => {
    const i = INTEREST_INDEX[interest]
    w[i] = (w[i] ?? 1) * factor
  }
  mul('宠物', 0)
  mul('育儿', 0)
  if (gender === 'female') {
    mul('美妆护肤', 3)
    mul('时尚穿搭', 2.2)
    mul('瑜伽', 2.5)
    mul('烘焙', 2)
    mul('游戏', 0.5)
    mul('钓鱼', 0.2)
    mul('数码科技', 0.5)
  } else {
    mul('数码科技', 2.5)
    mul('游戏', 2)
    mul('钓鱼', 2)
    mul('健身', 1.5)
    mul('美妆护肤', 0.1)
    mul('瑜伽', 0.2)
    mul('时尚穿搭', 0.5)
  }
  if (age < 30) {
    mul('动漫', 3)
    mul('游戏', 2)
    mul('电影', 1.5)
    mul('音乐', 1.5)
    mul('广场舞', 0)
    mul('茶文化', 0.3)
  } else if (age >= 50) {
    mul('广场舞', 4)
    mul('茶文化', 3)
    mul('园艺', 3)
    mul('钓鱼', 1.5)
    mul('动漫', 0.05)
    mul('游戏', 0.2)
  } else {
    mul('广场舞', 0.1)
    mul('理财', 1.8)
  }
  if (lifestyle === '健康运动') {
    mul('健身', 4)
    mul('跑步', 4)
    mul('瑜伽', 3)
    mul('户外露营', 2.5)
  }
  if (lifestyle === '品质生活') {
    mul('旅行', 2.5)
    mul('家居装饰', 2)
    mul('摄影', 1.5)
  }
  if (lifestyle === '潮流尝鲜') {
    mul('时尚穿搭', 2)
    mul('数码科技', 1.8)
    mul('摄影', 1.5)
  }
  if (lifestyle === '精打细算') {
    mul('美食', 1.5)
    mul('理财', 1.5)
  }
  if (lifestyle === '家庭优先') {
    mul('美食', 1.5)
    mul('烘焙', 1.5)
  }
  const count = rng.weighted([2, 3, 4], [0.4, 0.4, 0.2])
  const chosen: Interest[] = []
  if (pet !== null) chosen.push('宠物')
  if ((family === '已婚有幼儿' || family === '已婚有学龄子女') && rng.chance(0.75)) chosen.push('育儿')
  for (const interest of chosen) mul(interest, 0)
  while (chosen.length < count) {
    let total = 0
    for (let i = 0; i < w.length; i++) total += w[i] ?? 0
    if (total === 0) break
    const interest = INTERESTS[rng.weightedIndex(w)] as Interest
    chosen.push(interest)
    mul(interest, 0)
  }
  return chosen
}

function choosePainPoint(rng: Random, p: { age: number; lifestyle: Lifestyle; value: Value; group: DemoCityGroup }): PainPoint {
  const w = PAIN_POINTS.map(() => 1)
  const mul = (pain: PainPoint, factor: number): void => {
    const i = PAIN_POINTS.indexOf(pain)
    w[i] = (w[i] ?? 1) * factor
  }
  if (p.lifestyle === '精打细算' || p.value === '性价比') {
    mul('价格偏高', 3.5)
    mul('会员权益少', 2)
  }
  if (p.lifestyle === '品质生活' || p.value === '品牌') {
    mul('担心买到假货', 2.5)
    mul('质量不稳定', 1.8)
    mul('价格偏高', 0.4)
  }
  if (p.lifestyle === '潮流尝鲜') mul('选择太多难以比较', 2.5)
  if (p.lifestyle === '家庭优先') {
    mul('缺乏专业建议', 2)
    mul('售后退换麻烦', 1.4)
  }
  if (p.value === '环保') mul('包装不环保', 5)
  else mul('包装不环保', 0.4)
  if (p.value === '便利') mul('配送慢', 2)
  if (p.group === 'other') {
    mul('配送慢', 2)
    mul('门店距离远', 2)
  }
  if (p.age >= 55) {
    mul('操作复杂不会用', 5)
    mul('门店距离远', 1.5)
  } else if (p.age < 35) mul('操作复杂不会用', 0.15)
  return rng.weighted(PAIN_POINTS, w)
}

function chooseBarrier(rng: Random, pain: PainPoint, income: number, age: number): Barrier {
  if (rng.chance(0.7)) return PAIN_POINT_BARRIER[pain]
  return rng.weighted<Barrier>(['经济障碍', '信息障碍', '心理障碍', '使用障碍'], [income < 6000 ? 3 : 1, 1.2, 1, age >= 55 ? 2.5 : 0.6])
}

function channelWeights(age: number): number[] {
  // online, store, wechat, app
  if (age < 25) return [0.4, 0.08, 0.12, 0.4]
  if (age < 35) return [0.38, 0.15, 0.15, 0.32]
  if (age < 45) return [0.32, 0.25, 0.21, 0.22]
  if (age < 55) return [0.22, 0.38, 0.3, 0.1]
  return [0.12, 0.5, 0.33, 0.05]
}

export const CHANNELS: readonly OrderChannel[] = ['online', 'store', 'wechat', 'app']

/** An order channel drawn for a person of this age. */
export function channelForAge(rng: Random, age: number): OrderChannel {
  return rng.weighted(CHANNELS, channelWeights(age))
}

function sourceFor(rng: Random, channel: OrderChannel): DemoSource {
  const natural: DemoSource = channel === 'store' ? 'crm' : channel === 'wechat' ? 'wechat' : 'shop'
  if (rng.chance(0.8)) return natural
  return rng.weighted<DemoSource>(['shop', 'crm', 'wechat'], [0.5, 0.3, 0.2])
}

const ACQUISITION = [...MARKETING_CHANNELS.map((c) => c.name), ...ORGANIC_ACQUISITION]

function chooseAcquisition(rng: Random, age: number, gender: Gender, source: DemoSource): string {
  // 抖音, 小红书, 微信广告, 百度搜索, 天猫直通车, 线下活动, 自然流量, 老客推荐, 门店到访
  const w =
    age < 30
      ? [0.22, 0.2, 0.1, 0.05, 0.12, 0.04, 0.15, 0.07, 0.05]
      : age < 45
        ? [0.15, 0.12, 0.13, 0.08, 0.12, 0.06, 0.15, 0.1, 0.09]
        : [0.12, 0.03, 0.15, 0.08, 0.05, 0.12, 0.12, 0.15, 0.18]
  w[1] = (w[1] ?? 0) * (gender === 'female' ? 1.8 : 0.35)
  if (source === 'crm') {
    w[5] = (w[5] ?? 0) * 2
    w[8] = (w[8] ?? 0) * 3.5
  } else {
    w[8] = (w[8] ?? 0) * 0.3
  }
  if (source === 'wechat') w[2] = (w[2] ?? 0) * 2
  return rng.weighted(ACQUISITION, w)
}

function categoryWeights(
  rng: Random,
  p: {
    gender: Gender
    age: number
    family: FamilyStatus
    lifestyle: Lifestyle
    interests: readonly Interest[]
    pet: 'cat' | 'dog' | null
  },
): Float64Array {
  const w = new Float64Array(DEMO_CATEGORIES.length)
  const set = (category: string, value: number): void => {
    w[CATEGORY_INDEX[category] ?? 0] = value
  }
  const mul = (category: string, factor: number): void => {
    const i = CATEGORY_INDEX[category] ?? 0
    w[i] = (w[i] ?? 0) * factor
  }
  set('美妆个护', 1.0)
  set('服饰鞋包', 1.2)
  set('食品生鲜', 1.6)
  set('母婴用品', 0)
  set('数码家电', 0.6)
  set('家居日用', 1.0)
  set('运动户外', 0.5)
  set('图书文具', 0.4)
  set('保健品', 0.5)
  set('宠物用品', 0)
  if (p.gender === 'female') {
    mul('美妆个护', 2.2)
    mul('服饰鞋包', 1.3)
  } else {
    mul('美妆个护', 0.45)
    mul('数码家电', 1.8)
    mul('运动户外', 1.4)
  }
  if (p.family === '已婚有幼儿') {
    set('母婴用品', 3.5)
    mul('食品生鲜', 1.2)
  } else if (p.family === '已婚有学龄子女') {
    set('母婴用品', 0.3)
    mul('图书文具', 2.5)
  }
  if (p.pet !== null) set('宠物用品', 2.2)
  switch (p.lifestyle) {
    case '健康运动':
      mul('运动户外', 3)
      mul('保健品', 1.8)
      break
    case '品质生活':
      mul('美妆个护', 1.3)
      mul('保健品', 1.3)
      mul('家居日用', 1.3)
      break
    case '潮流尝鲜':
      mul('服饰鞋包', 1.5)
      mul('数码家电', 1.5)
      mul('美妆个护', 1.3)
      break
    case '精打细算':
      mul('食品生鲜', 1.4)
      mul('家居日用', 1.5)
      break
    case '家庭优先':
      mul('食品生鲜', 1.3)
      mul('家居日用', 1.3)
      break
  }
  if (p.age >= 50) {
    mul('保健品', 2.5)
    mul('美妆个护', 0.5)
    mul('数码家电', 0.6)
    mul('服饰鞋包', 0.7)
  }
  const has = (i: Interest): boolean => p.interests.includes(i)
  if (has('阅读')) mul('图书文具', 2.2)
  if (has('跑步') || has('健身') || has('瑜伽') || has('户外露营')) mul('运动户外', 1.6)
  if (has('数码科技')) mul('数码家电', 1.7)
  if (has('美妆护肤')) mul('美妆个护', 1.5)
  if (has('时尚穿搭')) mul('服饰鞋包', 1.5)
  if (has('美食') || has('烘焙')) mul('食品生鲜', 1.3)
  if (has('家居装饰')) mul('家居日用', 1.5)
  for (let i = 0; i < w.length; i++) w[i] = (w[i] ?? 0) * rng.logNormal(1, 0.4)
  return w
}

// ---- names and contact details ----------------------------------------------------------------

function chooseGivenName(rng: Random, gender: Gender, birthYear: number): { given: string; pinyin: string } {
  const pools = GIVEN_NAME_CHARS[gender]
  const generation = (): (typeof pools)[keyof typeof pools] => {
    const u = rng.next()
    if (birthYear < 1970) return u < 0.8 ? pools.older : pools.middle
    if (birthYear < 1985) return u < 0.3 ? pools.older : u < 0.9 ? pools.middle : pools.younger
    if (birthYear < 1995) return u < 0.65 ? pools.middle : pools.younger
    return u < 0.2 ? pools.middle : pools.younger
  }
  const pool = generation()
  const last = rng.pick(pool.second)
  if (rng.chance(birthYear < 1995 ? 0.22 : 0.1)) return { given: last[0], pinyin: last[1] }
  if (gender === 'female' && rng.chance(0.05)) return { given: last[0] + last[0], pinyin: last[1] + last[1] }
  let first = rng.pick(pool.first)
  for (let i = 0; i < 4 && first[0] === last[0]; i++) first = rng.pick(pool.first)
  return { given: first[0] + last[0], pinyin: first[1] + last[1] }
}

function uniqueMobile(rng: Random, used: Set<string>): string {
  for (;;) {
    const number = rng.pick(MOBILE_PREFIXES) + rng.digits(8)
    if (!used.has(number)) {
      used.add(number)
      return number
    }
  }
}

function emailLocal(
  rng: Random,
  p: { surnamePinyin: string; givenPinyin: string; gender: Gender; birthYear: number },
  domain: string,
): string {
  if (domain === 'qq.com' && rng.chance(0.55)) return String(rng.int(1, 9)) + rng.digits(rng.int(6, 9))
  const yy = String(p.birthYear).slice(2)
  const initials = (p.givenPinyin[0] ?? 'x') + (p.surnamePinyin[0] ?? 'x')
  const style = rng.weighted([0, 1, 2, 3, 4, 5], [0.3, 0.15, 0.15, 0.12, 0.14, 0.14])
  switch (style) {
    case 0:
      return `${p.surnamePinyin}${p.givenPinyin}${rng.chance(0.5) ? yy : rng.digits(rng.int(2, 4))}`
    case 1:
      return `${p.givenPinyin}.${p.surnamePinyin}`
    case 2:
      return `${p.surnamePinyin}_${p.givenPinyin}${rng.chance(0.4) ? String(p.birthYear) : ''}`
    case 3:
      return `${p.surnamePinyin[0] ?? ''}${p.givenPinyin}${rng.digits(3)}`
    case 4:
      return `${rng.pick(ENGLISH_NICKNAMES[p.gender])}${rng.chance(0.5) ? `.${p.surnamePinyin}` : rng.digits(rng.int(2, 4))}`
    default:
      return `${initials}${String(p.birthYear)}${rng.chance(0.3) ? rng.digits(2) : ''}`
  }
}

function uniqueEmail(
  rng: Random,
  p: { surnamePinyin: string; givenPinyin: string; gender: Gender; birthYear: number },
  used: Set<string>,
): string {
  const domain = rng.weightedPair(EMAIL_DOMAINS)
  let local = emailLocal(rng, p, domain)
  while (used.has(`${local}@${domain}`)) local += String(rng.int(0, 9))
  const email = `${local}@${domain}`
  used.add(email)
  return email
}

/** The ways the same mobile number is written in real exports. */
export type PhoneFormat = 'plain' | 'spaced' | 'dashed' | 'intl_dashed' | 'intl_plain' | 'intl_spaced' | 'prefixed'

export const PHONE_FORMATS: readonly PhoneFormat[] = ['plain', 'spaced', 'dashed', 'intl_dashed', 'intl_plain', 'intl_spaced', 'prefixed']

export function formatMobile(number: string, format: PhoneFormat): string {
  const a = number.slice(0, 3)
  const b = number.slice(3, 7)
  const c = number.slice(7)
  switch (format) {
    case 'plain':
      return number
    case 'spaced':
      return `${a} ${b} ${c}`
    case 'dashed':
      return `${a}-${b}-${c}`
    case 'intl_dashed':
      return `+86 ${a}-${b}-${c}`
    case 'intl_plain':
      return `+86${number}`
    case 'intl_spaced':
      return `+86 ${a} ${b} ${c}`
    case 'prefixed':
      return `86-${number}`
  }
}

export function randomPhoneFormat(rng: Random, except?: PhoneFormat): PhoneFormat {
  const weights = [0.6, 0.14, 0.08, 0.07, 0.05, 0.03, 0.03]
  for (;;) {
    const format = rng.weighted(PHONE_FORMATS, weights)
    if (format !== except) return format
  }
}

/** How an e-mail address appears in an export: mostly as typed in lower case, sometimes not. */
export function displayEmail(rng: Random, email: string, style: 'clean' | 'upper' | 'spaced' | 'upper_spaced'): string {
  const [local = '', domain = ''] = email.split('@')
  const capitalised = (s: string): string =>
    s
      .split(/([._])/)
      .map((part) => (part.length > 0 ? (part[0] ?? '').toUpperCase() + part.slice(1) : part))
      .join('')
  switch (style) {
    case 'clean':
      return email
    case 'upper':
      return /[a-z]/.test(local) && rng.chance(0.5) ? `${capitalised(local)}@${domain}` : `${local}@${domain.toUpperCase()}`
    case 'spaced':
      return rng.chance(0.5) ? ` ${email} ` : `${email}  `
    case 'upper_spaced':
      return ` ${capitalised(local)}@${rng.chance(0.5) ? domain.toUpperCase() : domain} `
  }
}

export function randomEmailStyle(rng: Random): 'clean' | 'upper' | 'spaced' | 'upper_spaced' {
  return rng.weighted(['clean', 'upper', 'spaced', 'upper_spaced'] as const, [0.88, 0.06, 0.04, 0.02])
}

/** The ways gender is written across sources. */
export function displayGender(rng: Random, gender: Gender): string {
  const variants = gender === 'male' ? ['男', 'M', 'male', 'Male', '男性'] : ['女', 'F', 'female', 'Female', '女性']
  return rng.weighted(variants, [0.72, 0.1, 0.07, 0.07, 0.04])
}

export interface PeopleContext {
  readonly rng: Random
  readonly calendar: DemoCalendar
  /** 00:00 China time of the last day. */
  readonly endMs: number
  readonly usedMobiles: Set<string>
  readonly usedEmails: Set<string>
}

/** How many orders a repeat buyer places a year (median; log-normal spread). */
const REPEAT_RATE_MEDIAN = 12.5

/** One person; `index` numbers people from 0. */
export function makePerson(ctx: PeopleContext, index: number): Person {
  const { rng, calendar, endMs } = ctx
  const gender: Gender = rng.chance(0.56) ? 'female' : 'male'
  const [ageMin, ageMax] = rng.weighted(AGE_BANDS, AGE_BAND_WEIGHTS)
  const age = rng.int(ageMin, ageMax)
  // Born between `age` and `age + 1` years before the end date, so the age at the end is `age`.
  const birthMs = endMs - Math.floor((age + rng.next() * 0.995) * 365.2425) * DAY_MS
  const birthYear = new Date(birthMs + 8 * 3600 * 1000).getUTCFullYear()
  const exactAge = age

  const group = rng.weightedPair(GROUP_SHARE)
  const city = rng.weighted(CITIES_BY_GROUP[group], CITY_WEIGHTS[group])
  const education = rng.weighted(EDUCATION_LEVELS, educationWeights(exactAge, group))
  const family = rng.weighted(FAMILIES, familyWeights(exactAge))
  const occupation = chooseOccupation(rng, exactAge, gender, education, family)
  const income = incomeOf(rng, exactAge, group, education, occupation)
  const lifestyle = chooseLifestyle(rng, exactAge, income, family)
  const value = rng.weighted(VALUES, VALUE_WEIGHTS[lifestyle])
  const petChance = family === '单身' || family === '已婚无子女' || family === '子女已独立' ? 0.3 : 0.14
  const pet = rng.chance(petChance) ? (rng.chance(0.6) ? 'cat' : 'dog') : null
  const interests = chooseInterests(rng, exactAge, gender, lifestyle, family, pet)
  const painPoint = choosePainPoint(rng, { age: exactAge, lifestyle, value, group })
  const barrier = chooseBarrier(rng, painPoint, income, exactAge)
  const preferredChannel = rng.weighted(CHANNELS, channelWeights(exactAge))
  const source = sourceFor(rng, preferredChannel)
  const acquisition = chooseAcquisition(rng, exactAge, gender, source)

  const { given, pinyin } = chooseGivenName(rng, gender, birthYear)
  const [surname, surnamePinyin] = rng.weighted(SURNAMES, SURNAME_WEIGHTS)
  const nameParts = { surnamePinyin, givenPinyin: pinyin, gender, birthYear }
  const emailChance = exactAge < 30 ? 0.85 : exactAge < 45 ? 0.78 : exactAge < 55 ? 0.62 : 0.45
  let email = rng.chance(emailChance) ? uniqueEmail(rng, nameParts, ctx.usedEmails) : null
  let mobile = rng.chance(0.95) ? uniqueMobile(rng, ctx.usedMobiles) : null
  if (email === null && mobile === null) mobile = uniqueMobile(rng, ctx.usedMobiles)
  if (mobile === null && email === null) email = uniqueEmail(rng, nameParts, ctx.usedEmails)

  // Registration: a third joined during the window (more of them around the big campaigns).
  const isNew = rng.chance(0.35)
  let registeredMs: number
  let regDay: number
  if (isNew) {
    regDay = sampleDay(calendar.cumulative, 0, calendar.days - 1, rng.next()) ?? 0
    registeredMs = calendar.start + regDay * DAY_MS + rng.int(8 * 3600, 23 * 3600 + 59 * 60) * 1000
  } else {
    const earliest = chinaMidnight(2018, 3, 1)
    const span = Math.max(1, Math.floor((calendar.start - earliest) / DAY_MS))
    const daysBefore = Math.max(1, Math.floor(Math.pow(rng.next(), 1.4) * span))
    registeredMs = calendar.start - daysBefore * DAY_MS + rng.int(8 * 3600, 23 * 3600) * 1000
    regDay = 0
  }
  // A person never registers before turning 16.
  registeredMs = Math.max(registeredMs, birthMs + 16 * 365 * DAY_MS)

  const lifestyleSpend: Record<Lifestyle, number> = { 品质生活: 1.3, 精打细算: 0.8, 潮流尝鲜: 1.05, 家庭优先: 1, 健康运动: 1.05 }
  const spend = Math.pow(income / 9000, 0.45) * rng.logNormal(1, 0.35) * lifestyleSpend[lifestyle]
  const priceElasticity = Math.max(-1.3, Math.min(0.9, Math.log(spend) * 1.2 - 0.35))
  const promoAffinity = lifestyle === '精打细算' ? 0.32 : lifestyle === '潮流尝鲜' ? 0.18 : lifestyle === '家庭优先' ? 0.14 : 0.08

  const segment = rng.weightedPair<Segment>([
    ['never', 0.1],
    ['one', 0.33],
    ['repeat', 0.57],
  ])
  let rate = rng.logNormal(REPEAT_RATE_MEDIAN, 0.85)
  if (family === '已婚有幼儿') rate *= 1.5
  if (pet !== null) rate *= 1.2
  if (lifestyle === '精打细算') rate *= 1.1
  if (exactAge >= 55) rate *= 0.85
  rate = Math.min(rate, 140)

  const activeFrom = Math.min(regDay, calendar.days - 1)
  return {
    index,
    id: '',
    source,
    dupId: null,
    dupSource: null,
    dupRegisteredMs: 0,
    gender,
    surname,
    surnamePinyin,
    given,
    givenPinyin: pinyin,
    birthMs,
    age: exactAge,
    city,
    education,
    occupation,
    family,
    income,
    lifestyle,
    value,
    interests,
    pet,
    painPoint,
    barrier,
    preferredChannel,
    acquisition,
    registeredMs,
    isNew,
    mobile,
    email,
    spend,
    priceElasticity,
    promoAffinity,
    categoryWeights: categoryWeights(rng, { gender, age: exactAge, family, lifestyle, interests, pet }),
    segment,
    rate,
    activeFrom,
    activeTo: calendar.days - 1,
    churned: false,
  }
}
