/**
 * Phrases for the demo's customer comments, by sentiment and aspect. The generator combines one or
 * two phrases of the same sentiment, sometimes names the product, and adds a closing word, so the
 * comments read like real short reviews and vary.
 */
import type { Random } from './random.js'

export type Sentiment = 'positive' | 'neutral' | 'negative'
export type Aspect = 'delivery' | 'quality' | 'price' | 'service' | 'packaging'

export const ASPECTS: readonly Aspect[] = ['delivery', 'quality', 'price', 'service', 'packaging']

const POSITIVE: Readonly<Record<Aspect, readonly string[]>> = {
  delivery: [
    '物流很快，隔天就到了',
    '下单第二天就收到了，速度给力',
    '快递小哥态度很好，送货上门',
    '比预计时间早到了两天',
    '同城当天就送到了，太方便了',
    '大促期间发货也很及时',
  ],
  quality: ['质量很好，和描述一致', '做工精细，用着很舒服', '正品无疑，已经回购好几次了', '效果不错，会继续回购'],
  price: ['活动价很划算', '性价比很高，比超市便宜', '双11囤货价格很实惠', '会员价挺优惠的', '用券之后很便宜', '618买的，比平时便宜不少'],
  service: [
    '客服回复及时，解决问题很耐心',
    '售后处理很快，点赞',
    '门店导购很专业，推荐得很合适',
    '客服讲解得很清楚，选到了合适的',
    '换货很顺利，没有任何麻烦',
  ],
  packaging: ['包装很严实，没有任何破损', '包装精美，送人很有面子', '包装简洁环保，很喜欢'],
}

const NEUTRAL: readonly string[] = [
  '东西还行，就是物流有点慢',
  '一般般，和图片差不多',
  '中规中矩，价格可以再低一点',
  '还可以，没有特别惊喜',
  '包装有点简单，东西没问题',
  '客服回复慢了点，不过最后解决了',
  '质量还行，希望以后活动多一些',
  '用了几天，效果还需要再观察',
  '门店人有点多，排队久了点',
  '小程序下单有点卡，东西还可以',
  '和上次买的比，感觉差不多',
]

const NEGATIVE: Readonly<Record<Aspect, readonly string[]>> = {
  delivery: [
    '物流太慢了，等了一个星期',
    '快递信息一直不更新，催了好几次',
    '说好次日达，结果三天才到',
    '快递直接放驿站，也没有通知',
    '双11发货太慢了',
  ],
  quality: ['和描述严重不符', '质量很一般，对不起这个价格', '收到的东西有瑕疵'],
  price: ['刚买完就降价了，也不给保价', '价格比别家贵不少', '活动规则太复杂，算下来也不便宜', '运费太贵了'],
  service: ['客服态度很差，问题一直没解决', '退货流程太麻烦了', '售后推来推去，体验很不好', '打客服电话一直在排队', '门店店员爱答不理'],
  packaging: ['包装破损，东西撒了一地', '包装太简陋，盒子都压扁了', '过度包装，很不环保'],
}

/** Phrases that only fit some categories, added to the general ones above. */
const BY_CATEGORY: Readonly<Record<string, Partial<Record<Sentiment, Partial<Record<Aspect, readonly string[]>>>>>> = {
  食品生鲜: {
    positive: { quality: ['很新鲜，家里人都说好吃', '口感很好，会回购'], packaging: ['冷链包装很好，到手还是冰的'] },
    negative: { quality: ['不新鲜，有点失望', '有几个已经坏了'], packaging: ['生鲜没有放冰袋，到手已经化了'] },
  },
  母婴用品: {
    positive: { quality: ['宝宝用着没有过敏，很放心', '很柔软，宝宝用着舒服'] },
    negative: { quality: ['宝宝用了起红疹，不敢再用'] },
  },
  宠物用品: {
    positive: { quality: ['家里毛孩子很喜欢', '猫主子很爱吃'] },
    negative: { quality: ['毛孩子不太喜欢，剩了大半袋'] },
  },
  服饰鞋包: {
    positive: { quality: ['面料柔软，穿着很舒服', '版型很好，尺码标准'] },
    negative: { quality: ['衣服洗一次就起球了', '尺码不准，只能退货'] },
  },
  美妆个护: {
    positive: { quality: ['用着很温和，不刺激', '保湿效果很明显'] },
    negative: { quality: ['用了之后皮肤过敏'] },
  },
  数码家电: {
    positive: { quality: ['运行流畅，续航也不错', '做工扎实，手感很好'] },
    negative: { quality: ['用了两周就坏了', '发热严重，续航也差'] },
  },
  运动户外: {
    positive: { quality: ['跑起来很轻，缓震不错', '透气速干，运动穿正合适'] },
    negative: { quality: ['穿了一个月就开胶了'] },
  },
}

const POSITIVE_CLOSING = ['', '', '推荐！', '五星好评！', '下次还来。', '很满意。', '会推荐给朋友。']
const NEUTRAL_CLOSING = ['', '', '再观察看看。', '希望改进。', '凑合吧。']
const NEGATIVE_CLOSING = ['', '不会再买了。', '很失望。', '希望尽快改进。', '差评！', '已经申请退款了。']

export interface Comment {
  readonly text: string
  readonly aspect: Aspect
}

function phrases(sentiment: 'positive' | 'negative', aspect: Aspect, category: string | null): readonly string[] {
  const general = (sentiment === 'positive' ? POSITIVE : NEGATIVE)[aspect]
  const extra = category === null ? undefined : BY_CATEGORY[category]?.[sentiment]?.[aspect]
  return extra === undefined ? general : [...general, ...extra, ...extra]
}

/**
 * One comment of the given sentiment about a product (`productName` is mentioned in some of the
 * comments; `category` selects phrases that only fit some products).
 */
export function composeComment(rng: Random, sentiment: Sentiment, productName: string | null, category: string | null): Comment {
  const aspect = rng.pick(ASPECTS)
  const parts: string[] = []
  if (sentiment === 'neutral') {
    parts.push(rng.pick(NEUTRAL))
  } else {
    parts.push(rng.pick(phrases(sentiment, aspect, category)))
    if (rng.chance(0.4)) {
      const other = rng.pick(ASPECTS.filter((a) => a !== aspect))
      parts.push(rng.pick(phrases(sentiment, other, category)))
    }
  }
  let text = parts.join('，')
  if (productName !== null && rng.chance(0.3)) text = `买的${productName}，${text}`
  const closing = rng.pick(sentiment === 'positive' ? POSITIVE_CLOSING : sentiment === 'neutral' ? NEUTRAL_CLOSING : NEGATIVE_CLOSING)
  text = closing === '' ? `${text}。` : `${text}，${closing}`
  return { text, aspect }
}

/** A star rating consistent with the sentiment. */
export function ratingFor(rng: Random, sentiment: Sentiment): number {
  if (sentiment === 'positive') return rng.chance(0.72) ? 5 : 4
  if (sentiment === 'negative') return rng.chance(0.6) ? 1 : 2
  return 3
}
