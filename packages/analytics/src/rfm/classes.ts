/**
 * The eight customer classes of the RFM scheme common in Chinese marketing practice (RFM 八类客户):
 * each of recency, frequency and monetary value is "high" or "low", and the 2 × 2 × 2 combinations get
 * names. Monetary value decides 重要 (important) against 一般 (ordinary); recency and frequency decide
 * 价值 / 发展 / 保持 / 挽留 (value / develop / retain / win back).
 */

/** Stable identifier of a class, safe to store and to use in URLs or translation tables. */
export type RfmClassKey =
  'champions' | 'potential' | 'atRiskLoyal' | 'winBack' | 'loyalLowSpend' | 'promising' | 'needsAttention' | 'hibernating'

/** High or low on one RFM dimension (high recency score = bought recently). */
export type RfmLevel = 'high' | 'low'

/** One of the eight RFM classes. */
export interface RfmClass {
  /** Position in {@link RFM_CLASSES}; the value stored in `classIndex` by `scoreRfm`. */
  readonly index: number
  readonly key: RfmClassKey
  /** Chinese name as used in the scheme. */
  readonly zh: string
  /** English name. */
  readonly en: string
  readonly r: RfmLevel
  readonly f: RfmLevel
  readonly m: RfmLevel
  /** One-line suggested marketing action. */
  readonly action: { readonly zh: string; readonly en: string }
}

/**
 * The eight classes. The order is part of the API (class indices are stored): index =
 * 4·(M low) + 2·(R low) + (F low), so the four 重要 classes (high M) come first.
 */
export const RFM_CLASSES: readonly RfmClass[] = Object.freeze([
  {
    index: 0,
    key: 'champions',
    zh: '重要价值客户',
    en: 'Champions',
    r: 'high',
    f: 'high',
    m: 'high',
    action: {
      zh: '提供 VIP 权益、新品优先体验和推荐奖励，重在维系关系而非打折。',
      en: 'Reward them with VIP perks, early access and referral incentives; keep the relationship, skip the discounts.',
    },
  },
  {
    index: 1,
    key: 'potential',
    zh: '重要发展客户',
    en: 'Potential high-value',
    r: 'high',
    f: 'low',
    m: 'high',
    action: {
      zh: '提升购买频次：推荐会员或订阅计划，并在复购周期内推送优惠。',
      en: 'Raise purchase frequency: offer membership or subscriptions and timely repeat-purchase offers.',
    },
  },
  {
    index: 2,
    key: 'atRiskLoyal',
    zh: '重要保持客户',
    en: "At-risk loyal (can't lose them)",
    r: 'low',
    f: 'high',
    m: 'high',
    action: {
      zh: '在流失前主动联系：专属客服回访、定制优惠，并征求反馈。',
      en: 'Reach out personally before they churn: a service call, a tailored offer and a request for feedback.',
    },
  },
  {
    index: 3,
    key: 'winBack',
    zh: '重要挽留客户',
    en: 'High-value to win back',
    r: 'low',
    f: 'low',
    m: 'high',
    action: {
      zh: '用有吸引力的个性化优惠召回，并了解其流失原因。',
      en: 'Win them back with a strong personalised offer and find out why they left.',
    },
  },
  {
    index: 4,
    key: 'loyalLowSpend',
    zh: '一般价值客户',
    en: 'Loyal low-spend',
    r: 'high',
    f: 'high',
    m: 'low',
    action: {
      zh: '提高客单价：交叉销售、组合套餐和满额包邮。',
      en: 'Grow the basket: cross-sell, bundles and free-shipping thresholds.',
    },
  },
  {
    index: 5,
    key: 'promising',
    zh: '一般发展客户',
    en: 'New / promising',
    r: 'high',
    f: 'low',
    m: 'low',
    action: {
      zh: '做好新客培育：欢迎礼遇、二次购买优惠券和产品使用引导。',
      en: 'Onboard them: a welcome series, a second-purchase coupon and product guidance.',
    },
  },
  {
    index: 6,
    key: 'needsAttention',
    zh: '一般保持客户',
    en: 'Needs attention',
    r: 'low',
    f: 'high',
    m: 'low',
    action: {
      zh: '用提醒和其常购品类的限时优惠重新激活。',
      en: 'Re-engage with reminders and limited-time offers on the categories they used to buy.',
    },
  },
  {
    index: 7,
    key: 'hibernating',
    zh: '一般挽留客户',
    en: 'Lost / hibernating',
    r: 'low',
    f: 'low',
    m: 'low',
    action: {
      zh: '低优先级：只做低成本的自动化唤醒，无响应即停止投入。',
      en: 'Low priority: low-cost automated reactivation only; stop spending if there is no response.',
    },
  },
])

/** Index into {@link RFM_CLASSES} of the class with the given high/low pattern. */
export function rfmClassIndex(rHigh: boolean, fHigh: boolean, mHigh: boolean): number {
  return (mHigh ? 0 : 4) + (rHigh ? 0 : 2) + (fHigh ? 0 : 1)
}

/** The class with the given key. */
export function rfmClassByKey(key: RfmClassKey): RfmClass {
  const found = RFM_CLASSES.find((c) => c.key === key)
  if (found === undefined) throw new Error(`unknown RFM class key ${key}`)
  return found
}
