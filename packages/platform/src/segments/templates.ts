/**
 * Ready-made segments on the five bases of market segmentation — demographic, geographic,
 * behavioural, psychographic and value contribution. The rule builder offers them as starting
 * points; `init --demo` saves a selection of them (and one segment built from two others) and
 * records their monthly history.
 */
import { ok, type PortraitError, type Result, type SegmentTemplate } from '@portrait/core'
import { zonedDayStart } from '@portrait/store'
import type { Portrait } from '../portrait.js'
import { createSegment, recordSegmentHistory } from './segments.js'

interface Template extends SegmentTemplate {
  /** Saved by `init --demo`. */
  readonly demo: boolean
}

const T = (t: Template): Template => t

const TEMPLATES: readonly Template[] = [
  // demographic: age bands (the bands import derives from age or birth date)
  T({
    key: 'age-18-24',
    basis: 'demographic',
    demo: true,
    name_zh: '18–24 岁',
    name_en: 'Aged 18–24',
    description_zh: '年龄段为 18–24 岁的客户（学生与职场新人）',
    description_en: 'Customers in the 18–24 age band (students and young professionals)',
    rule: { trait: 'age_band', op: 'eq', value: '18-24' },
  }),
  T({
    key: 'age-25-34',
    basis: 'demographic',
    demo: true,
    name_zh: '25–34 岁',
    name_en: 'Aged 25–34',
    description_zh: '年龄段为 25–34 岁的客户',
    description_en: 'Customers in the 25–34 age band',
    rule: { trait: 'age_band', op: 'eq', value: '25-34' },
  }),
  T({
    key: 'age-35-44',
    basis: 'demographic',
    demo: true,
    name_zh: '35–44 岁',
    name_en: 'Aged 35–44',
    description_zh: '年龄段为 35–44 岁的客户',
    description_en: 'Customers in the 35–44 age band',
    rule: { trait: 'age_band', op: 'eq', value: '35-44' },
  }),
  T({
    key: 'age-45-plus',
    basis: 'demographic',
    demo: true,
    name_zh: '45 岁及以上',
    name_en: 'Aged 45 and over',
    description_zh: '年龄段为 45–54、55–64 或 65 岁以上的客户',
    description_en: 'Customers in the 45–54, 55–64 and 65+ age bands',
    rule: { trait: 'age_band', op: 'in', value: ['45-54', '55-64', '65+'] },
  }),
  T({
    key: 'young-women',
    basis: 'demographic',
    demo: false,
    name_zh: '25–34 岁女性',
    name_en: 'Women aged 25–34',
    description_zh: '25–34 岁的女性客户',
    description_en: 'Female customers in the 25–34 age band',
    rule: {
      and: [
        { trait: 'gender', op: 'eq', value: 'female' },
        { trait: 'age_band', op: 'eq', value: '25-34' },
      ],
    },
  }),
  // geographic: city tiers
  T({
    key: 'tier1-cities',
    basis: 'geographic',
    demo: true,
    name_zh: '一线城市客户',
    name_en: 'Tier-1 cities',
    description_zh: '居住在一线城市（北上广深）的客户',
    description_en: 'Customers in tier-1 cities (Beijing, Shanghai, Guangzhou, Shenzhen)',
    rule: { trait: 'city_tier', op: 'eq', value: 'tier1' },
  }),
  T({
    key: 'new-tier1-cities',
    basis: 'geographic',
    demo: true,
    name_zh: '新一线城市客户',
    name_en: 'New tier-1 cities',
    description_zh: '居住在新一线城市的客户',
    description_en: 'Customers in new tier-1 cities',
    rule: { trait: 'city_tier', op: 'eq', value: 'new_tier1' },
  }),
  T({
    key: 'other-cities',
    basis: 'geographic',
    demo: false,
    name_zh: '其他城市客户',
    name_en: 'Other cities',
    description_zh: '城市不在一线、新一线之列的客户',
    description_en: 'Customers in cities outside the tier-1 and new tier-1 lists',
    rule: { trait: 'city_tier', op: 'eq', value: 'unclassified' },
  }),
  // behavioural: purchase frequency and recency
  T({
    key: 'frequent-buyers',
    basis: 'behavioral',
    demo: true,
    name_zh: '高频购买客户',
    name_en: 'Frequent buyers',
    description_zh: '近 365 天购买 6 次及以上',
    description_en: 'Six or more purchases in the last 365 days',
    rule: { behavior: 'orders', measure: 'count', op: 'gte', value: 6, within: { days: 365 } },
  }),
  T({
    key: 'one-time-buyers',
    basis: 'behavioral',
    demo: true,
    name_zh: '一次性购买客户',
    name_en: 'One-time buyers',
    description_zh: '只购买过一次：适合复购提醒',
    description_en: 'Exactly one purchase so far: candidates for a repeat-purchase reminder',
    rule: { behavior: 'orders', measure: 'count', op: 'eq', value: 1 },
  }),
  T({
    key: 'lapsed-buyers',
    basis: 'behavioral',
    demo: true,
    name_zh: '沉睡客户',
    name_en: 'Lapsed buyers',
    description_zh: '买过，但近 90 天没有再购买',
    description_en: 'Bought before, but not in the last 90 days',
    rule: {
      and: [
        { behavior: 'orders', measure: 'count', op: 'gte', value: 1 },
        { behavior: 'orders', measure: 'count', op: 'lt', value: 1, within: { days: 90 } },
      ],
    },
  }),
  T({
    key: 'never-purchased',
    basis: 'behavioral',
    demo: false,
    name_zh: '未购买客户',
    name_en: 'Never purchased',
    description_zh: '有档案但从未下单（含只有退货的客户）',
    description_en: 'A profile but no purchase yet (including customers with returns only)',
    rule: { behavior: 'orders', measure: 'count', op: 'lt', value: 1 },
  }),
  T({
    key: 'cart-abandoners',
    basis: 'behavioral',
    demo: false,
    name_zh: '加购未下单',
    name_en: 'Cart abandoners',
    description_zh: '近 30 天加购过商品，但近 30 天没有下单',
    description_en: 'Added to cart in the last 30 days, but no order in the last 30 days',
    rule: {
      and: [
        { behavior: 'events', measure: 'count', event: 'Product Added', op: 'gte', value: 1, within: { days: 30 } },
        { behavior: 'orders', measure: 'count', op: 'lt', value: 1, within: { days: 30 } },
      ],
    },
  }),
  // psychographic: lifestyle and values from the survey
  T({
    key: 'quality-seekers',
    basis: 'psychographic',
    demo: true,
    name_zh: '品质生活派',
    name_en: 'Quality seekers',
    description_zh: '问卷生活方式为「品质生活」',
    description_en: "Survey lifestyle: quality living ('品质生活')",
    rule: { trait: 'traits.lifestyle', op: 'eq', value: '品质生活' },
  }),
  T({
    key: 'bargain-hunters',
    basis: 'psychographic',
    demo: true,
    name_zh: '精打细算派',
    name_en: 'Bargain hunters',
    description_zh: '生活方式为「精打细算」，或看重「性价比」',
    description_en: "Lifestyle 'thrifty' ('精打细算') or value-for-money ('性价比') as their value",
    rule: {
      or: [
        { trait: 'traits.lifestyle', op: 'eq', value: '精打细算' },
        { trait: 'traits.values', op: 'eq', value: '性价比' },
      ],
    },
  }),
  T({
    key: 'trend-chasers',
    basis: 'psychographic',
    demo: false,
    name_zh: '潮流尝鲜派',
    name_en: 'Trend chasers',
    description_zh: '问卷生活方式为「潮流尝鲜」',
    description_en: "Survey lifestyle: early adopters ('潮流尝鲜')",
    rule: { trait: 'traits.lifestyle', op: 'eq', value: '潮流尝鲜' },
  }),
  T({
    key: 'family-first',
    basis: 'psychographic',
    demo: false,
    name_zh: '家庭优先派',
    name_en: 'Family first',
    description_zh: '问卷生活方式为「家庭优先」',
    description_en: "Survey lifestyle: family first ('家庭优先')",
    rule: { trait: 'traits.lifestyle', op: 'eq', value: '家庭优先' },
  }),
  T({
    key: 'health-fitness',
    basis: 'psychographic',
    demo: false,
    name_zh: '健康运动派',
    name_en: 'Health and fitness',
    description_zh: '问卷生活方式为「健康运动」',
    description_en: "Survey lifestyle: health and fitness ('健康运动')",
    rule: { trait: 'traits.lifestyle', op: 'eq', value: '健康运动' },
  }),
  T({
    key: 'eco-minded',
    basis: 'psychographic',
    demo: true,
    name_zh: '环保理念客户',
    name_en: 'Eco-minded',
    description_zh: '问卷价值观为「环保」',
    description_en: "Survey values: sustainability ('环保')",
    rule: { trait: 'traits.values', op: 'eq', value: '环保' },
  }),
  T({
    key: 'guochao-fans',
    basis: 'psychographic',
    demo: false,
    name_zh: '国潮爱好者',
    name_en: 'Guochao fans',
    description_zh: '问卷价值观为「国潮」',
    description_en: "Survey values: Chinese brands and design ('国潮')",
    rule: { trait: 'traits.values', op: 'eq', value: '国潮' },
  }),
  // value contribution: revenue, CLV, RFM class, churn risk (the model scores fill once computed)
  T({
    key: 'top-spenders',
    basis: 'value',
    demo: true,
    name_zh: '高消费客户',
    name_en: 'Top spenders',
    description_zh: '近 365 天净消费 5000 元及以上',
    description_en: 'Net spend of 5,000 or more in the last 365 days',
    rule: { behavior: 'orders', measure: 'sum', op: 'gte', value: 5000, within: { days: 365 } },
  }),
  T({
    key: 'high-clv',
    basis: 'value',
    demo: true,
    name_zh: '高 CLV 客户',
    name_en: 'High CLV',
    description_zh: '预测客户终身价值 2000 元及以上（运行 CLV 模型后生效）',
    description_en: 'Predicted lifetime value of 2,000 or more (fills once the CLV model has run)',
    rule: { score: 'clv', op: 'gte', value: 2000 },
  }),
  T({
    key: 'rfm-champions',
    basis: 'value',
    demo: false,
    name_zh: '重要价值客户（RFM）',
    name_en: 'RFM champions',
    description_zh: 'RFM 分类为重要价值客户（运行 RFM 后生效）',
    description_en: 'RFM class: champions (fills once RFM has run)',
    rule: { score: 'rfm.segment', op: 'eq', value: 'champions' },
  }),
  T({
    key: 'valuable-at-risk',
    basis: 'value',
    demo: false,
    name_zh: '高价值流失风险',
    name_en: 'Valuable customers at risk',
    description_zh: '近 365 天净消费 2000 元及以上，且流失概率 60% 以上（运行流失模型后生效）',
    description_en: 'Net spend of 2,000 or more in the last 365 days and churn risk above 60% (fills once the churn model has run)',
    rule: {
      and: [
        { behavior: 'orders', measure: 'sum', op: 'gte', value: 2000, within: { days: 365 } },
        { score: 'churn_risk', op: 'gt', value: 0.6 },
      ],
    },
  }),
]

/** The ready-made segments the rule builder can start from. */
export function segmentTemplates(): SegmentTemplate[] {
  return TEMPLATES.map(({ demo: _demo, ...t }) => structuredClone(t))
}

export interface DemoSegmentsOptions {
  /** The last day of the demo history: snapshots are recorded as of each month end up to it. */
  readonly endDate: Date
  /** How many month ends of history to record; default 12. */
  readonly months?: number
}

/**
 * Saves the demo's segments (a selection of the templates, by their Chinese names, plus one built
 * from two of them) and records their size and revenue as of each month end of the demo history.
 */
export async function createDemoSegments(p: Portrait, options: DemoSegmentsOptions): Promise<Result<string[], PortraitError>> {
  const ids: string[] = []
  for (const t of TEMPLATES.filter((x) => x.demo)) {
    const r = await createSegment(p, { id: t.key, name: t.name_zh, description: t.description_zh, basis: t.basis, rule: t.rule })
    if (!r.ok) return r
    ids.push(r.value.id)
  }
  const combined = await createSegment(p, {
    id: 'tier1-frequent-buyers',
    name: '一线城市高频客户',
    description: '一线城市客户中的高频购买客户（由两个细分组合而成）',
    basis: 'behavioral',
    rule: { and: [{ segment: 'tier1-cities' }, { segment: 'frequent-buyers' }] },
  })
  if (!combined.ok) return combined
  ids.push(combined.value.id)
  const months = options.months ?? 12
  const end = options.endDate
  // the last instant of each month of the history in the workspace zone, oldest first
  const monthEnds = Array.from({ length: months }, (_, i) => {
    const next = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (months - 1 - i) + 1, 1))
    return new Date(zonedDayStart(next.toISOString().slice(0, 10), p.timezone).getTime() - 1)
  })
  const history = await recordSegmentHistory(p, ids, monthEnds)
  return history.ok ? ok(ids) : history
}
