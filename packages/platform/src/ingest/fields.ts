import { CANONICAL_FIELDS, REQUIRED_FIELDS, type ImportKind } from '@portrait/core'

export { CANONICAL_FIELDS, REQUIRED_FIELDS }

/**
 * Header spellings recognised without a `--map` file: English variants as exports write them,
 * and the usual Chinese column names. Headers are compared after lower-casing and dropping
 * spaces, underscores and punctuation.
 */
const ALIASES: Record<string, readonly string[]> = {
  customer_id: [
    'customerid',
    'custid',
    'customerno',
    'customernumber',
    'clientid',
    'memberid',
    'customer',
    '客户id',
    '客户编号',
    '客户号',
    '会员id',
    '会员编号',
    '会员号',
  ],
  name: ['name', 'fullname', 'customername', '姓名', '名字', '客户姓名', '客户名称'],
  email: ['email', 'emailaddress', 'mail', 'email地址', '邮箱', '电子邮件', '电子邮箱'],
  phone: [
    'phone',
    'mobile',
    'phonenumber',
    'mobilephone',
    'tel',
    'telephone',
    'cellphone',
    '手机',
    '手机号',
    '手机号码',
    '电话',
    '联系电话',
    '联系方式',
  ],
  gender: ['gender', 'sex', 'genre', '性别'],
  birth_date: ['birthdate', 'birthday', 'dob', 'dateofbirth', '出生日期', '生日'],
  age: ['age', '年龄'],
  income: ['income', 'annualincome', 'monthlyincome', 'salary', '收入', '月收入', '年收入'],
  education: ['education', 'educationlevel', '学历', '教育程度', '教育水平'],
  occupation: ['occupation', 'job', 'profession', 'jobtitle', '职业', '工作'],
  city: ['city', 'town', '城市', '所在城市'],
  province: ['province', 'state', 'region', '省份', '省', '地区'],
  country: ['country', 'countrycode', 'nation', '国家', '国家地区'],
  family_status: ['familystatus', 'maritalstatus', 'marital', 'household', '婚姻状况', '家庭状况', '家庭结构'],
  order_id: [
    'orderid',
    'orderno',
    'ordernumber',
    'invoiceno',
    'invoice',
    'invoicenumber',
    'invoiceid',
    'transactionid',
    '订单号',
    '订单编号',
    '订单id',
    '单号',
  ],
  ordered_at: [
    'orderedat',
    'orderdate',
    'ordertime',
    'invoicedate',
    'purchasedate',
    'purchasedat',
    'transactiondate',
    'date',
    'datetime',
    'createdat',
    '下单时间',
    '订单时间',
    '购买时间',
    '日期',
  ],
  amount: ['amount', 'total', 'ordertotal', 'totalamount', 'revenue', 'value', '金额', '订单金额', '实付金额', '支付金额'],
  currency: ['currency', 'currencycode', '币种', '货币'],
  channel: ['channel', 'saleschannel', 'source', '渠道', '销售渠道'],
  store: ['store', 'shop', 'storeid', 'storename', '门店', '店铺'],
  line_no: ['lineno', 'linenumber', 'line', 'lineid', 'item', '行号'],
  sku: ['sku', 'stockcode', 'productid', 'productcode', 'itemid', 'itemcode', '商品编码', '商品id', '货号'],
  product_name: ['productname', 'description', 'product', 'itemname', 'title', '商品名称', '商品', '品名'],
  category: ['category', 'productcategory', 'department', '类目', '品类', '分类', '商品类别'],
  quantity: ['quantity', 'qty', 'units', 'count', '数量', '件数'],
  unit_price: ['unitprice', 'price', 'itemprice', '单价', '价格'],
  type: ['type', 'eventtype'],
  event: ['event', 'eventname', 'name', '事件', '事件名'],
  userId: ['userid', 'user', 'customerid', 'customer_id'],
  anonymousId: ['anonymousid', 'deviceid', 'anonid', 'cookieid'],
  timestamp: ['timestamp', 'time', 'ts', 'eventtime', 'sentat', 'receivedat', 'date', '时间'],
  properties: ['properties', 'props', 'attributes'],
  messageId: ['messageid', 'eventid', 'id'],
  context: ['context'],
  traits: ['traits'],
  purpose: ['purpose', 'consentpurpose', 'scope', '用途', '授权用途'],
  granted: ['granted', 'consent', 'optin', 'value', 'status', '是否同意', '同意'],
  recorded_at: ['recordedat', 'recorded', 'timestamp', 'time', 'date', 'updatedat', '记录时间', '时间'],
  feedback_id: ['feedbackid', 'reviewid', 'commentid', 'id'],
  text: ['text', 'comment', 'content', 'review', 'feedback', 'message', 'body', '评论', '内容', '评价', '反馈'],
  rating: ['rating', 'score', 'stars', 'star', '评分', '星级'],
  created_at: ['createdat', 'created', 'date', 'time', 'timestamp', 'submittedat', '时间', '日期', '评论时间'],
  date: ['date', 'day', 'spenddate', '日期'],
  campaign: ['campaign', 'campaignname', 'campaignid', '活动', '活动名称', '广告活动'],
  spend: ['spend', 'cost', 'amount', 'spent', '花费', '费用', '消耗', '支出'],
}

export const normaliseHeader = (h: string): string => h.toLowerCase().replace(/[\s_\-.()（）:：/\\]+/g, '')

export type FieldMap = Readonly<Record<string, string>>

export interface Resolver {
  /** canonical field → source column */
  readonly columns: ReadonlyMap<string, string>
  /** source columns that no canonical field took */
  readonly extra: readonly string[]
}

/**
 * Matches a file's columns to the canonical fields of a kind: `--map` entries first (exact source
 * column names), then the known spellings. Each source column is used once.
 */
export function resolveColumns(
  kind: ImportKind,
  headers: readonly string[],
  map: FieldMap = {},
): { ok: true; value: Resolver } | { ok: false; message: string } {
  const canonical = CANONICAL_FIELDS[kind]
  const columns = new Map<string, string>()
  const used = new Set<string>()
  for (const [field, column] of Object.entries(map)) {
    if (!canonical.includes(field)) {
      return { ok: false, message: `--map names '${field}', which is not a ${kind} field (known: ${canonical.join(', ')})` }
    }
    if (!headers.includes(column)) {
      return {
        ok: false,
        message: `--map points ${field} at column '${column}', which the file does not have (columns: ${headers.join(', ')})`,
      }
    }
    columns.set(field, column)
    used.add(column)
  }
  const byNorm = new Map<string, string>()
  for (const h of headers) if (!byNorm.has(normaliseHeader(h))) byNorm.set(normaliseHeader(h), h)
  // Exact canonical names win over aliases, so a file with both `date` and `ordered_at` maps cleanly.
  for (const field of canonical) {
    if (columns.has(field)) continue
    const exact = byNorm.get(normaliseHeader(field))
    if (exact && !used.has(exact)) {
      columns.set(field, exact)
      used.add(exact)
    }
  }
  for (const field of canonical) {
    if (columns.has(field)) continue
    for (const alias of ALIASES[field] ?? []) {
      const h = byNorm.get(alias)
      if (h && !used.has(h)) {
        columns.set(field, h)
        used.add(h)
        break
      }
    }
  }
  const missing = REQUIRED_FIELDS[kind].filter((f) => !columns.has(f))
  if (missing.length) {
    return {
      ok: false,
      message: `the file has no ${missing.join(', ')} column (columns: ${headers.join(', ')}); name it in a --map file: {"${missing[0]}": "YourColumn"}`,
    }
  }
  return { ok: true, value: { columns, extra: headers.filter((h) => !used.has(h)) } }
}
