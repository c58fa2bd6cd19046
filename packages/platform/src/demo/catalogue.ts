/**
 * The demo product catalogue: 120 products in 10 categories, prices in yuan. Product names are
 * generic descriptions, not brands. `companions` say which products tend to go into the same
 * basket (the generator adds them with the given probability), so association rules have real
 * structure to find.
 */

export const DEMO_CATEGORIES = [
  '美妆个护',
  '服饰鞋包',
  '食品生鲜',
  '母婴用品',
  '数码家电',
  '家居日用',
  '运动户外',
  '图书文具',
  '保健品',
  '宠物用品',
] as const
export type DemoCategory = (typeof DEMO_CATEGORIES)[number]

export interface DemoProduct {
  readonly sku: string
  readonly name: string
  readonly category: DemoCategory
  /** List price in yuan. */
  readonly price: number
  /** Relative popularity within its category. */
  readonly popularity: number
  /** Bought again and again (food, diapers, pet food…); quantities above 1 are common. */
  readonly consumable: boolean
  /** Bought once (a phone, a stroller): a customer does not buy it twice in a year. */
  readonly durable: boolean
  /** Mostly bought by one gender. */
  readonly gender: 'female' | 'male' | null
  /** Demand multiplier per calendar month (index 0 = January); absent = flat. */
  readonly season: readonly number[] | null
  /** SKUs often bought in the same order, with the probability of being added. */
  readonly companions: ReadonlyArray<readonly [string, number]>
}

interface ProductSpec {
  readonly name: string
  readonly price: number
  readonly popularity?: number
  readonly consumable?: boolean
  readonly durable?: boolean
  readonly gender?: 'female' | 'male'
  readonly season?: readonly number[]
  readonly with?: ReadonlyArray<readonly [number, number]>
}

const WINTER = [2.2, 1.6, 0.7, 0.3, 0.1, 0.05, 0.05, 0.1, 0.3, 1.2, 2.6, 2.8]
const SUMMER = [0.1, 0.15, 0.4, 1, 1.8, 2.4, 2.4, 1.8, 0.8, 0.3, 0.1, 0.1]
const OUTDOOR = [0.3, 0.3, 0.8, 1.5, 1.8, 1.5, 1.3, 1.3, 1.4, 1.6, 0.6, 0.3]
const NEW_YEAR_GOODS = [3.5, 2.5, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1.5]
const CHERRIES = [3, 2, 0.3, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.8, 2.5]
const ORANGES = [2.5, 1.2, 0.3, 0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.4, 2.2, 2.8]
const MOONCAKES = [0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.1, 1.5, 4.5, 1.5, 0.02, 0.02]
const EXAMS = [0.6, 0.8, 1.4, 1.4, 1.2, 1.3, 1.5, 1.5, 1.3, 1.2, 0.6, 0.4]
const SCHOOL = [0.8, 1.1, 1.3, 0.8, 0.7, 0.8, 1, 1.9, 1.9, 0.8, 0.8, 0.8]

/** `with` refers to products of the same category by their number (1–12); cross-category links below. */
const SPECS: Readonly<Record<DemoCategory, readonly [string, readonly ProductSpec[]]>> = {
  美妆个护: [
    'MZ',
    [
      { name: '氨基酸洁面乳 120g', price: 59.9, popularity: 9, consumable: true, gender: 'female', with: [[7, 0.3]] },
      {
        name: '玻尿酸补水精华液 30ml',
        price: 199,
        popularity: 7,
        consumable: true,
        gender: 'female',
        with: [
          [3, 0.45],
          [5, 0.2],
        ],
      },
      { name: '保湿修护面霜 50g', price: 169, popularity: 6, consumable: true, gender: 'female' },
      { name: '清爽防晒霜 SPF50+ 50ml', price: 89, popularity: 7, consumable: true, season: SUMMER, with: [[5, 0.15]] },
      { name: '补水面膜 10片装', price: 79, popularity: 9, consumable: true, gender: 'female' },
      { name: '丝绒哑光口红', price: 129, popularity: 6, gender: 'female' },
      { name: '温和卸妆水 400ml', price: 69.9, popularity: 6, consumable: true, gender: 'female' },
      { name: '控油去屑洗发水 500ml', price: 49.9, popularity: 10, consumable: true, with: [[9, 0.55]] },
      { name: '柔顺护发素 500ml', price: 45.9, popularity: 5, consumable: true },
      { name: '男士控油洁面套装', price: 99, popularity: 5, consumable: true, gender: 'male' },
      { name: '声波电动牙刷', price: 199, popularity: 5, durable: true, with: [[12, 0.4]] },
      { name: '美白牙膏 3支装', price: 39.9, popularity: 8, consumable: true },
    ],
  ],
  服饰鞋包: [
    'FS',
    [
      {
        name: '纯棉圆领T恤',
        price: 79,
        popularity: 10,
        consumable: true,
        season: [0.5, 0.5, 0.8, 1.2, 1.6, 1.8, 1.8, 1.5, 1, 0.7, 0.6, 0.5],
      },
      { name: '高腰直筒牛仔裤', price: 199, popularity: 7, with: [[1, 0.35]] },
      { name: '轻薄羽绒服', price: 499, popularity: 6, season: WINTER, with: [[10, 0.3]] },
      { name: '针织开衫', price: 169, popularity: 5, gender: 'female', season: [1.3, 1.2, 1.3, 1, 0.5, 0.3, 0.3, 0.5, 1.2, 1.6, 1.5, 1.3] },
      { name: '商务休闲衬衫', price: 159, popularity: 5, gender: 'male' },
      {
        name: '真丝连衣裙',
        price: 599,
        popularity: 4,
        gender: 'female',
        season: [0.3, 0.4, 0.8, 1.3, 1.7, 1.8, 1.7, 1.4, 1, 0.6, 0.4, 0.3],
      },
      { name: '经典小白板鞋', price: 259, popularity: 6, with: [[11, 0.3]] },
      { name: '双肩通勤背包', price: 229, popularity: 4, durable: true },
      { name: '真皮斜挎包', price: 699, popularity: 3, gender: 'female', durable: true },
      { name: '羊毛围巾', price: 189, popularity: 3, season: WINTER },
      { name: '纯棉袜子 5双装', price: 39.9, popularity: 8, consumable: true },
      { name: '冰丝防晒衣 UPF50+', price: 129, popularity: 5, gender: 'female', season: SUMMER },
    ],
  ],
  食品生鲜: [
    'SP',
    [
      { name: '东北五常大米 5kg', price: 69.9, popularity: 9, consumable: true },
      { name: '有机纯牛奶 250ml×12', price: 69, popularity: 10, consumable: true, with: [[3, 0.2]] },
      { name: '每日坚果 30袋', price: 129, popularity: 7, consumable: true },
      { name: '阿拉比卡咖啡豆 500g', price: 98, popularity: 4, consumable: true },
      { name: '挂耳咖啡 20包', price: 59, popularity: 6, consumable: true },
      { name: '智利车厘子 2.5kg', price: 299, popularity: 4, consumable: true, season: CHERRIES },
      { name: '赣南脐橙 5kg', price: 59.9, popularity: 5, consumable: true, season: ORANGES },
      { name: '冷冻鸡胸肉 1kg', price: 39.9, popularity: 6, consumable: true },
      { name: '厄瓜多尔白虾 1.5kg', price: 139, popularity: 5, consumable: true },
      {
        name: '明前龙井茶 250g',
        price: 268,
        popularity: 3,
        consumable: true,
        season: [0.7, 0.8, 1.6, 2.2, 1.5, 0.9, 0.7, 0.7, 0.9, 0.9, 0.8, 0.9],
      },
      { name: '广式月饼礼盒', price: 168, popularity: 5, season: MOONCAKES },
      { name: '新春坚果礼盒', price: 199, popularity: 5, season: NEW_YEAR_GOODS },
    ],
  ],
  母婴用品: [
    'MY',
    [
      {
        name: '婴儿配方奶粉 3段 800g',
        price: 298,
        popularity: 10,
        consumable: true,
        with: [
          [2, 0.55],
          [3, 0.3],
        ],
      },
      { name: '婴儿纸尿裤 L码 54片', price: 139, popularity: 10, consumable: true, with: [[3, 0.35]] },
      { name: '婴儿湿巾 80抽×6包', price: 59.9, popularity: 8, consumable: true },
      { name: '宝宝辅食米粉', price: 69, popularity: 6, consumable: true },
      { name: '婴儿洗护套装', price: 129, popularity: 5, consumable: true },
      { name: '宽口径玻璃奶瓶', price: 99, popularity: 4, with: [[1, 0.25]] },
      { name: '儿童安全座椅', price: 1299, popularity: 2, durable: true },
      { name: '轻便婴儿推车', price: 899, popularity: 2, durable: true, with: [[7, 0.2]] },
      { name: '儿童益智积木', price: 159, popularity: 4 },
      { name: '纯棉婴儿连体衣', price: 89, popularity: 5, consumable: true },
      { name: '孕妇叶酸片', price: 89, popularity: 3, consumable: true, gender: 'female' },
      { name: '电动吸奶器', price: 399, popularity: 2, durable: true, gender: 'female' },
    ],
  ],
  数码家电: [
    'SM',
    [
      {
        name: '5G智能手机 128GB',
        price: 2999,
        popularity: 6,
        durable: true,
        with: [
          [2, 0.6],
          [3, 0.45],
          [4, 0.3],
        ],
      },
      { name: '手机保护壳', price: 49, popularity: 7 },
      { name: '钢化膜 2片装', price: 29.9, popularity: 6, consumable: true },
      { name: '65W氮化镓快充充电器', price: 129, popularity: 5 },
      { name: '真无线蓝牙耳机', price: 399, popularity: 6, durable: true },
      { name: '轻薄笔记本电脑 14英寸', price: 5499, popularity: 2, durable: true, with: [[7, 0.45]] },
      { name: '无线鼠标', price: 89, popularity: 5 },
      { name: '智能手表', price: 1299, popularity: 3, durable: true },
      { name: '空气炸锅 5L', price: 399, popularity: 4, durable: true },
      { name: '扫地机器人', price: 1999, popularity: 2, durable: true },
      { name: '高速吹风机', price: 599, popularity: 3, durable: true },
      { name: '20000mAh 移动电源', price: 149, popularity: 4, durable: true },
    ],
  ],
  家居日用: [
    'JJ',
    [
      { name: '原木抽纸 24包', price: 49.9, popularity: 10, consumable: true, with: [[10, 0.3]] },
      { name: '洗衣凝珠 52颗', price: 59.9, popularity: 8, consumable: true },
      { name: '纯棉四件套', price: 399, popularity: 4, with: [[4, 0.3]] },
      { name: '天然乳胶枕', price: 199, popularity: 4 },
      { name: '不粘炒锅 32cm', price: 259, popularity: 4, durable: true },
      { name: '不锈钢保温杯 500ml', price: 129, popularity: 5 },
      { name: '透明收纳箱 3只装', price: 89, popularity: 5 },
      { name: '香薰蜡烛', price: 79, popularity: 3, gender: 'female' },
      { name: '厨房湿巾 80抽×3包', price: 29.9, popularity: 6, consumable: true },
      { name: '加厚垃圾袋 200只', price: 25.9, popularity: 7, consumable: true },
      { name: '记忆棉拖鞋', price: 39.9, popularity: 5 },
      { name: '无线除螨仪', price: 299, popularity: 2, durable: true },
    ],
  ],
  运动户外: [
    'YD',
    [
      {
        name: '缓震跑步鞋',
        price: 599,
        popularity: 8,
        with: [
          [2, 0.45],
          [4, 0.35],
          [3, 0.25],
        ],
      },
      { name: '速干运动T恤', price: 129, popularity: 8 },
      { name: '运动短裤', price: 99, popularity: 6 },
      { name: '专业运动袜 3双装', price: 59, popularity: 6, consumable: true },
      { name: '加厚瑜伽垫 6mm', price: 129, popularity: 5, gender: 'female', with: [[6, 0.4]] },
      { name: '高腰瑜伽裤', price: 199, popularity: 6, gender: 'female' },
      { name: '可调节哑铃 20kg', price: 399, popularity: 3, gender: 'male', durable: true },
      { name: '户外露营帐篷 4人', price: 699, popularity: 3, durable: true, season: OUTDOOR, with: [[9, 0.5]] },
      { name: '折叠露营椅', price: 159, popularity: 3, season: OUTDOOR },
      { name: '防水冲锋衣', price: 799, popularity: 4, season: [1.2, 0.9, 1, 1, 0.8, 0.5, 0.5, 0.7, 1.2, 1.6, 1.6, 1.3] },
      { name: '计数跳绳', price: 49, popularity: 5 },
      { name: '大容量运动水壶 1L', price: 69, popularity: 5 },
    ],
  ],
  图书文具: [
    'TS',
    [
      { name: '畅销长篇小说（精装）', price: 49.8, popularity: 8 },
      { name: '经济管理类图书', price: 68, popularity: 5 },
      { name: '儿童绘本套装 10册', price: 128, popularity: 6 },
      { name: '中性笔 12支装', price: 19.9, popularity: 7, consumable: true, season: SCHOOL, with: [[5, 0.35]] },
      { name: 'A5 笔记本 3本装', price: 29.9, popularity: 6, consumable: true, season: SCHOOL },
      { name: '彩色铅笔 48色', price: 59, popularity: 4, season: SCHOOL },
      { name: '历史人文图书', price: 78, popularity: 5 },
      { name: '考研英语词汇', price: 45, popularity: 3, season: EXAMS },
      { name: '手账胶带套装', price: 39, popularity: 3, gender: 'female' },
      { name: 'LED 护眼台灯', price: 199, popularity: 3, durable: true, season: SCHOOL },
      { name: '少儿百科全书', price: 168, popularity: 3 },
      { name: '书法练字帖套装', price: 35, popularity: 3 },
    ],
  ],
  保健品: [
    'BJ',
    [
      { name: '复合维生素片 100片', price: 168, popularity: 9, consumable: true, with: [[11, 0.2]] },
      { name: '深海鱼油软胶囊', price: 238, popularity: 7, consumable: true },
      { name: '益生菌粉 30条', price: 199, popularity: 6, consumable: true },
      { name: '钙+维生素D3 咀嚼片', price: 129, popularity: 6, consumable: true },
      { name: '乳清蛋白粉 2磅', price: 299, popularity: 5, consumable: true, gender: 'male' },
      { name: '胶原蛋白肽饮', price: 398, popularity: 4, consumable: true, gender: 'female' },
      { name: '叶黄素护眼软糖', price: 139, popularity: 4, consumable: true },
      { name: '辅酶Q10 胶囊', price: 258, popularity: 3, consumable: true },
      { name: '即食燕窝礼盒', price: 588, popularity: 2, gender: 'female', season: NEW_YEAR_GOODS.map((v) => 0.5 + v / 2) },
      { name: '阿胶糕 500g', price: 168, popularity: 3, gender: 'female', consumable: true, season: WINTER.map((v) => 0.4 + v / 2) },
      { name: '维生素C泡腾片', price: 49.9, popularity: 6, consumable: true },
      { name: '氨糖软骨素钙片', price: 218, popularity: 3, consumable: true },
    ],
  ],
  宠物用品: [
    'CW',
    [
      {
        name: '全价成猫粮 2kg',
        price: 139,
        popularity: 10,
        consumable: true,
        with: [
          [2, 0.5],
          [3, 0.35],
        ],
      },
      { name: '豆腐猫砂 6L×4包', price: 89, popularity: 9, consumable: true },
      { name: '猫条零食 30支', price: 49.9, popularity: 7, consumable: true },
      { name: '瓦楞纸猫抓板', price: 39, popularity: 4 },
      { name: '全价成犬粮 10kg', price: 299, popularity: 7, consumable: true, with: [[6, 0.4]] },
      { name: '狗狗磨牙零食', price: 59, popularity: 6, consumable: true },
      { name: '宠物牵引绳', price: 69, popularity: 3 },
      { name: '宠物自动饮水机', price: 159, popularity: 3, durable: true },
      { name: '四季宠物窝', price: 129, popularity: 3 },
      { name: '体内外驱虫滴剂 3支', price: 119, popularity: 5, consumable: true },
      { name: '宠物除臭湿巾', price: 25.9, popularity: 4, consumable: true },
      { name: '宠物梳毛器', price: 45, popularity: 3 },
    ],
  ],
}

/** Companions across categories (by SKU). */
const CROSS_COMPANIONS: ReadonlyArray<readonly [string, string, number]> = [
  ['YD-1007', 'BJ-1005', 0.25], // dumbbells → whey protein
  ['BJ-1005', 'SP-1008', 0.2], // whey protein → chicken breast
  ['MY-1009', 'TS-1003', 0.25], // building blocks → picture books
  ['SP-1004', 'JJ-1006', 0.1], // coffee beans → vacuum flask
]

function buildCatalogue(): readonly DemoProduct[] {
  const products: DemoProduct[] = []
  for (const category of DEMO_CATEGORIES) {
    const [code, specs] = SPECS[category]
    const skuOf = (n: number): string => `${code}-${1000 + n}`
    specs.forEach((spec, i) => {
      const sku = skuOf(i + 1)
      const companions: Array<readonly [string, number]> = (spec.with ?? []).map(([n, p]) => [skuOf(n), p] as const)
      for (const [from, to, p] of CROSS_COMPANIONS) if (from === sku) companions.push([to, p])
      products.push(
        Object.freeze({
          sku,
          name: spec.name,
          category,
          price: spec.price,
          popularity: spec.popularity ?? 4,
          consumable: spec.consumable ?? false,
          durable: spec.durable ?? false,
          gender: spec.gender ?? null,
          season: spec.season ?? null,
          companions: Object.freeze(companions),
        }),
      )
    })
  }
  return Object.freeze(products)
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = buildCatalogue()

export const DEMO_PRODUCTS_BY_SKU: ReadonlyMap<string, DemoProduct> = new Map(DEMO_PRODUCTS.map((p) => [p.sku, p]))
