/**
 * Reference lists for the demo data set: cities with their provinces, Chinese surnames and given
 * names (with pinyin, for e-mail addresses), and the vocabulary of the profile traits.
 *
 * The demo keeps its own city list instead of importing the tier table from `@portrait/core`: the
 * first two groups below are the 一线 and 新一线 cities of 第一财经·新一线城市研究所《城市商业魅力排行榜》
 * 2025; the third group holds other real prefecture-level cities, which the tier table reports as
 * "unclassified".
 */

export type DemoCityGroup = 'tier1' | 'new_tier1' | 'other'

export interface DemoCity {
  readonly name: string
  readonly province: string
  /** Pinyin / English spelling, used for the occasional English-written city. */
  readonly latin: string
  readonly group: DemoCityGroup
  /** Relative share of customers within its group (roughly the size of its retail market). */
  readonly weight: number
}

const city = (name: string, province: string, latin: string, group: DemoCityGroup, weight: number): DemoCity => ({
  name,
  province,
  latin,
  group,
  weight,
})

export const DEMO_CITIES: readonly DemoCity[] = [
  city('上海', '上海', 'Shanghai', 'tier1', 30),
  city('北京', '北京', 'Beijing', 'tier1', 28),
  city('深圳', '广东', 'Shenzhen', 'tier1', 22),
  city('广州', '广东', 'Guangzhou', 'tier1', 20),

  city('成都', '四川', 'Chengdu', 'new_tier1', 11),
  city('杭州', '浙江', 'Hangzhou', 'new_tier1', 9),
  city('重庆', '重庆', 'Chongqing', 'new_tier1', 10),
  city('武汉', '湖北', 'Wuhan', 'new_tier1', 8),
  city('苏州', '江苏', 'Suzhou', 'new_tier1', 7),
  city('西安', '陕西', "Xi'an", 'new_tier1', 7),
  city('南京', '江苏', 'Nanjing', 'new_tier1', 6),
  city('长沙', '湖南', 'Changsha', 'new_tier1', 6),
  city('郑州', '河南', 'Zhengzhou', 'new_tier1', 6),
  city('天津', '天津', 'Tianjin', 'new_tier1', 6),
  city('合肥', '安徽', 'Hefei', 'new_tier1', 5),
  city('青岛', '山东', 'Qingdao', 'new_tier1', 5),
  city('东莞', '广东', 'Dongguan', 'new_tier1', 5),
  city('宁波', '浙江', 'Ningbo', 'new_tier1', 4),
  city('佛山', '广东', 'Foshan', 'new_tier1', 5),

  city('无锡', '江苏', 'Wuxi', 'other', 5),
  city('厦门', '福建', 'Xiamen', 'other', 5),
  city('昆明', '云南', 'Kunming', 'other', 5),
  city('济南', '山东', 'Jinan', 'other', 5),
  city('福州', '福建', 'Fuzhou', 'other', 5),
  city('温州', '浙江', 'Wenzhou', 'other', 4),
  city('泉州', '福建', 'Quanzhou', 'other', 4),
  city('南宁', '广西', 'Nanning', 'other', 4),
  city('贵阳', '贵州', 'Guiyang', 'other', 4),
  city('沈阳', '辽宁', 'Shenyang', 'other', 5),
  city('大连', '辽宁', 'Dalian', 'other', 4),
  city('哈尔滨', '黑龙江', 'Harbin', 'other', 4),
  city('长春', '吉林', 'Changchun', 'other', 4),
  city('石家庄', '河北', 'Shijiazhuang', 'other', 4),
  city('太原', '山西', 'Taiyuan', 'other', 3),
  city('南昌', '江西', 'Nanchang', 'other', 4),
  city('兰州', '甘肃', 'Lanzhou', 'other', 2),
  city('乌鲁木齐', '新疆', 'Urumqi', 'other', 2),
  city('呼和浩特', '内蒙古', 'Hohhot', 'other', 2),
  city('海口', '海南', 'Haikou', 'other', 2),
  city('常州', '江苏', 'Changzhou', 'other', 3),
  city('南通', '江苏', 'Nantong', 'other', 3),
  city('徐州', '江苏', 'Xuzhou', 'other', 3),
  city('嘉兴', '浙江', 'Jiaxing', 'other', 2),
  city('绍兴', '浙江', 'Shaoxing', 'other', 2),
  city('金华', '浙江', 'Jinhua', 'other', 2),
  city('台州', '浙江', 'Taizhou', 'other', 2),
  city('珠海', '广东', 'Zhuhai', 'other', 2),
  city('中山', '广东', 'Zhongshan', 'other', 2),
  city('惠州', '广东', 'Huizhou', 'other', 2),
  city('汕头', '广东', 'Shantou', 'other', 2),
  city('湛江', '广东', 'Zhanjiang', 'other', 2),
  city('烟台', '山东', 'Yantai', 'other', 2),
  city('潍坊', '山东', 'Weifang', 'other', 2),
  city('临沂', '山东', 'Linyi', 'other', 2),
  city('保定', '河北', 'Baoding', 'other', 2),
  city('唐山', '河北', 'Tangshan', 'other', 2),
  city('洛阳', '河南', 'Luoyang', 'other', 2),
  city('襄阳', '湖北', 'Xiangyang', 'other', 2),
  city('宜昌', '湖北', 'Yichang', 'other', 2),
  city('岳阳', '湖南', 'Yueyang', 'other', 1),
  city('株洲', '湖南', 'Zhuzhou', 'other', 1),
  city('芜湖', '安徽', 'Wuhu', 'other', 2),
  city('桂林', '广西', 'Guilin', 'other', 1),
  city('柳州', '广西', 'Liuzhou', 'other', 1),
  city('遵义', '贵州', 'Zunyi', 'other', 1),
  city('绵阳', '四川', 'Mianyang', 'other', 2),
  city('宜宾', '四川', 'Yibin', 'other', 1),
  city('南充', '四川', 'Nanchong', 'other', 1),
  city('赣州', '江西', 'Ganzhou', 'other', 2),
  city('九江', '江西', 'Jiujiang', 'other', 1),
  city('漳州', '福建', 'Zhangzhou', 'other', 1),
  city('宝鸡', '陕西', 'Baoji', 'other', 1),
  city('包头', '内蒙古', 'Baotou', 'other', 1),
  city('大庆', '黑龙江', 'Daqing', 'other', 1),
  city('三亚', '海南', 'Sanya', 'other', 1),
]

/** Official province-level names, for the rows that spell the province in full. */
export const PROVINCE_FULL_NAMES: Readonly<Record<string, string>> = {
  北京: '北京市',
  上海: '上海市',
  天津: '天津市',
  重庆: '重庆市',
  广西: '广西壮族自治区',
  内蒙古: '内蒙古自治区',
  新疆: '新疆维吾尔自治区',
  宁夏: '宁夏回族自治区',
  西藏: '西藏自治区',
}

export function provinceFullName(short: string): string {
  return PROVINCE_FULL_NAMES[short] ?? `${short}省`
}

/**
 * Common surnames with their approximate share of the population in percent (after the 2020
 * census household-register statistics), and pinyin.
 */
export const SURNAMES: ReadonlyArray<readonly [string, string, number]> = [
  ['王', 'wang', 7.1],
  ['李', 'li', 7.0],
  ['张', 'zhang', 6.7],
  ['刘', 'liu', 5.1],
  ['陈', 'chen', 4.6],
  ['杨', 'yang', 3.2],
  ['黄', 'huang', 2.5],
  ['赵', 'zhao', 2.2],
  ['吴', 'wu', 2.1],
  ['周', 'zhou', 2.0],
  ['徐', 'xu', 1.7],
  ['孙', 'sun', 1.5],
  ['马', 'ma', 1.3],
  ['朱', 'zhu', 1.3],
  ['胡', 'hu', 1.2],
  ['郭', 'guo', 1.2],
  ['何', 'he', 1.2],
  ['林', 'lin', 1.1],
  ['高', 'gao', 1.1],
  ['罗', 'luo', 1.1],
  ['郑', 'zheng', 1.0],
  ['梁', 'liang', 0.9],
  ['谢', 'xie', 0.8],
  ['宋', 'song', 0.8],
  ['唐', 'tang', 0.8],
  ['许', 'xu', 0.7],
  ['韩', 'han', 0.7],
  ['冯', 'feng', 0.7],
  ['邓', 'deng', 0.7],
  ['曹', 'cao', 0.65],
  ['彭', 'peng', 0.64],
  ['曾', 'zeng', 0.63],
  ['肖', 'xiao', 0.61],
  ['田', 'tian', 0.58],
  ['董', 'dong', 0.56],
  ['袁', 'yuan', 0.54],
  ['潘', 'pan', 0.53],
  ['于', 'yu', 0.52],
  ['蒋', 'jiang', 0.51],
  ['蔡', 'cai', 0.5],
  ['余', 'yu', 0.49],
  ['杜', 'du', 0.48],
  ['叶', 'ye', 0.47],
  ['程', 'cheng', 0.46],
  ['苏', 'su', 0.45],
  ['魏', 'wei', 0.44],
  ['吕', 'lv', 0.43],
  ['丁', 'ding', 0.42],
  ['任', 'ren', 0.41],
  ['沈', 'shen', 0.4],
  ['姚', 'yao', 0.39],
  ['卢', 'lu', 0.38],
  ['姜', 'jiang', 0.37],
  ['崔', 'cui', 0.36],
  ['钟', 'zhong', 0.35],
  ['谭', 'tan', 0.34],
  ['陆', 'lu', 0.33],
  ['汪', 'wang', 0.32],
  ['范', 'fan', 0.31],
  ['金', 'jin', 0.3],
  ['石', 'shi', 0.29],
  ['廖', 'liao', 0.28],
  ['贾', 'jia', 0.27],
  ['夏', 'xia', 0.26],
  ['韦', 'wei', 0.25],
  ['付', 'fu', 0.24],
  ['方', 'fang', 0.23],
  ['白', 'bai', 0.22],
  ['邹', 'zou', 0.21],
  ['孟', 'meng', 0.2],
  ['熊', 'xiong', 0.2],
  ['秦', 'qin', 0.19],
  ['邱', 'qiu', 0.19],
  ['江', 'jiang', 0.18],
  ['尹', 'yin', 0.17],
  ['薛', 'xue', 0.17],
  ['闫', 'yan', 0.16],
  ['段', 'duan', 0.16],
  ['雷', 'lei', 0.15],
  ['侯', 'hou', 0.15],
  ['龙', 'long', 0.14],
  ['史', 'shi', 0.14],
  ['黎', 'li', 0.13],
  ['贺', 'he', 0.13],
  ['顾', 'gu', 0.12],
  ['毛', 'mao', 0.12],
  ['郝', 'hao', 0.12],
  ['龚', 'gong', 0.11],
  ['邵', 'shao', 0.11],
  ['万', 'wan', 0.1],
  ['钱', 'qian', 0.1],
  ['覃', 'qin', 0.1],
  ['武', 'wu', 0.1],
  ['戴', 'dai', 0.1],
  ['孔', 'kong', 0.09],
  ['汤', 'tang', 0.09],
  ['庞', 'pang', 0.08],
  ['严', 'yan', 0.08],
  ['陶', 'tao', 0.08],
  ['洪', 'hong', 0.07],
  ['欧阳', 'ouyang', 0.05],
  ['上官', 'shangguan', 0.01],
  ['司马', 'sima', 0.01],
  ['诸葛', 'zhuge', 0.005],
]

type Syllable = readonly [string, string]
const parse = (spec: string): readonly Syllable[] =>
  spec.split(' ').map((pair) => {
    const [hanzi, pinyin] = pair.split(':')
    return [hanzi ?? '', pinyin ?? ''] as const
  })

/**
 * Given-name characters by gender and generation (names follow fashions), split into characters
 * that usually come first and characters that usually come second; one-character names use the
 * second list (王伟, 张敏).
 */
export const GIVEN_NAME_CHARS = {
  male: {
    older: {
      first: parse('建:jian 国:guo 志:zhi 永:yong 卫:wei 德:de 海:hai 庆:qing 金:jin 文:wen 新:xin 春:chun 红:hong 长:chang'),
      second: parse('国:guo 军:jun 华:hua 明:ming 强:qiang 平:ping 伟:wei 福:fu 林:lin 东:dong 忠:zhong 荣:rong 民:min 生:sheng 成:cheng'),
    },
    middle: {
      first: parse('晓:xiao 建:jian 志:zhi 文:wen 海:hai 俊:jun 永:yong 宏:hong 家:jia 伟:wei 振:zhen 立:li'),
      second: parse(
        '伟:wei 磊:lei 勇:yong 杰:jie 涛:tao 斌:bin 超:chao 鹏:peng 飞:fei 波:bo 刚:gang 辉:hui 鑫:xin 健:jian 峰:feng 亮:liang 凯:kai 浩:hao 宇:yu 帅:shuai 阳:yang 龙:long 军:jun 明:ming',
      ),
    },
    younger: {
      first: parse('子:zi 梓:zi 浩:hao 宇:yu 俊:jun 博:bo 一:yi 昊:hao 皓:hao 逸:yi 嘉:jia 天:tian 奕:yi 睿:rui 泽:ze 明:ming'),
      second: parse(
        '轩:xuan 辰:chen 然:ran 航:hang 铭:ming 烨:ye 晨:chen 哲:zhe 诚:cheng 宇:yu 睿:rui 泽:ze 阳:yang 杰:jie 霖:lin 川:chuan',
      ),
    },
  },
  female: {
    older: {
      first: parse('秀:xiu 桂:gui 玉:yu 淑:shu 凤:feng 素:su 翠:cui 金:jin 春:chun 丽:li 美:mei 月:yue'),
      second: parse('英:ying 兰:lan 芳:fang 珍:zhen 霞:xia 梅:mei 华:hua 萍:ping 琴:qin 云:yun 艳:yan 敏:min 莲:lian 红:hong 荣:rong 娥:e'),
    },
    middle: {
      first: parse('晓:xiao 丽:li 雪:xue 佳:jia 静:jing 春:chun 海:hai 彩:cai 小:xiao 文:wen 婷:ting 秀:xiu'),
      second: parse(
        '静:jing 敏:min 燕:yan 艳:yan 娟:juan 婷:ting 琳:lin 晶:jing 颖:ying 倩:qian 洁:jie 蕾:lei 慧:hui 丹:dan 娜:na 莉:li 玲:ling 媛:yuan 薇:wei 芳:fang 丽:li',
      ),
    },
    younger: {
      first: parse('欣:xin 梓:zi 思:si 语:yu 诗:shi 雨:yu 可:ke 一:yi 若:ruo 佳:jia 心:xin 子:zi 梦:meng 依:yi 安:an 紫:zi'),
      second: parse('怡:yi 琪:qi 悦:yue 雯:wen 瑶:yao 涵:han 萱:xuan 彤:tong 馨:xin 月:yue 诺:nuo 然:ran 琳:lin 妍:yan 溪:xi 晴:qing'),
    },
  },
} as const

export const ENGLISH_NICKNAMES = {
  male: ['kevin', 'jason', 'tony', 'eric', 'jack', 'leo', 'david', 'allen', 'frank', 'peter', 'sam', 'ryan'],
  female: ['lily', 'amy', 'grace', 'cherry', 'vivian', 'coco', 'anna', 'sunny', 'iris', 'emma', 'elaine', 'judy'],
} as const

/** Mobile number prefixes in use (China Mobile, China Unicom, China Telecom, China Broadnet). */
export const MOBILE_PREFIXES: readonly string[] = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '193',
  '195',
  '196',
  '198',
  '199',
]

export const EMAIL_DOMAINS: ReadonlyArray<readonly [string, number]> = [
  ['qq.com', 40],
  ['163.com', 20],
  ['126.com', 10],
  ['gmail.com', 8],
  ['foxmail.com', 8],
  ['outlook.com', 7],
  ['sina.com', 4],
  ['139.com', 3],
]

// ---- trait vocabularies ----------------------------------------------------------------------

export const EDUCATION_LEVELS = ['高中及以下', '大专', '本科', '硕士', '博士'] as const
export type Education = (typeof EDUCATION_LEVELS)[number]

export const LIFESTYLES = ['品质生活', '精打细算', '潮流尝鲜', '家庭优先', '健康运动'] as const
export type Lifestyle = (typeof LIFESTYLES)[number]

export const VALUES = ['环保', '性价比', '品牌', '国潮', '便利'] as const
export type Value = (typeof VALUES)[number]

export const FAMILY_STATUSES = ['单身', '已婚无子女', '已婚有幼儿', '已婚有学龄子女', '子女已独立'] as const
export type FamilyStatus = (typeof FAMILY_STATUSES)[number]

export const MEMBER_LEVELS = ['普通会员', '银卡会员', '金卡会员', '钻石会员'] as const

export const BARRIERS = ['经济障碍', '信息障碍', '心理障碍', '使用障碍'] as const
export type Barrier = (typeof BARRIERS)[number]

export const DECISION_STAGES = ['需求识别', '信息搜索', '方案评估', '购买决策', '购后行为'] as const

export const PAIN_POINTS = [
  '价格偏高',
  '配送慢',
  '质量不稳定',
  '售后退换麻烦',
  '选择太多难以比较',
  '缺乏专业建议',
  '担心买到假货',
  '会员权益少',
  '门店距离远',
  '包装不环保',
  '操作复杂不会用',
] as const
export type PainPoint = (typeof PAIN_POINTS)[number]

/** Which barrier each pain point most often goes with. */
export const PAIN_POINT_BARRIER: Readonly<Record<PainPoint, Barrier>> = {
  价格偏高: '经济障碍',
  配送慢: '使用障碍',
  质量不稳定: '心理障碍',
  售后退换麻烦: '使用障碍',
  选择太多难以比较: '信息障碍',
  缺乏专业建议: '信息障碍',
  担心买到假货: '心理障碍',
  会员权益少: '经济障碍',
  门店距离远: '使用障碍',
  包装不环保: '心理障碍',
  操作复杂不会用: '使用障碍',
}

export const OCCUPATIONS = [
  '企业职员',
  'IT/互联网从业者',
  '公务员/事业单位',
  '教师',
  '医护人员',
  '金融从业者',
  '销售/市场',
  '设计/创意',
  '企业管理者',
  '个体经营',
  '自由职业',
  '工人/技术工',
  '服务业从业者',
  '全职家长',
  '学生',
  '退休',
] as const
export type Occupation = (typeof OCCUPATIONS)[number]

export const INTERESTS = [
  '旅行',
  '美食',
  '健身',
  '跑步',
  '瑜伽',
  '摄影',
  '阅读',
  '电影',
  '音乐',
  '游戏',
  '动漫',
  '宠物',
  '育儿',
  '烘焙',
  '户外露营',
  '数码科技',
  '时尚穿搭',
  '美妆护肤',
  '家居装饰',
  '理财',
  '茶文化',
  '广场舞',
  '钓鱼',
  '园艺',
] as const
export type Interest = (typeof INTERESTS)[number]

/** Order channels. */
export const ORDER_CHANNELS = ['online', 'store', 'wechat', 'app'] as const
export type OrderChannel = (typeof ORDER_CHANNELS)[number]

export interface MarketingChannel {
  /** As it appears in `costs.channel` and `customers.acquisition_channel`. */
  readonly name: string
  /** As it appears in `utm_source` of tracked events. */
  readonly utmSource: string
  readonly utmMedium: string
  /** Typical daily spend in yuan for a 5,000-customer business outside campaigns. */
  readonly dailySpend: number
}

export const MARKETING_CHANNELS: readonly MarketingChannel[] = [
  { name: '抖音', utmSource: 'douyin', utmMedium: 'feed', dailySpend: 1300 },
  { name: '小红书', utmSource: 'xiaohongshu', utmMedium: 'social', dailySpend: 800 },
  { name: '微信广告', utmSource: 'wechat_ads', utmMedium: 'feed', dailySpend: 900 },
  { name: '百度搜索', utmSource: 'baidu', utmMedium: 'cpc', dailySpend: 500 },
  { name: '天猫直通车', utmSource: 'tmall', utmMedium: 'cpc', dailySpend: 1100 },
  { name: '线下活动', utmSource: 'offline_event', utmMedium: 'qrcode', dailySpend: 0 },
]

/** Acquisition channels: the paid ones above plus organic and referral. */
export const ORGANIC_ACQUISITION = ['自然流量', '老客推荐', '门店到访'] as const
