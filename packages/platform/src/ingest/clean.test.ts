import { describe, expect, it } from 'vitest'
import * as clean from './clean.js'
import { Invalid } from './clean.js'
import { detectDelimiter, detectEncoding } from './read-source.js'
import iconv from 'iconv-lite'

describe('cleaning', () => {
  it.each([
    ['+86 138-0000-2629', '13800002629'],
    ['138 0000 2629', '13800002629'],
    ['0086 13800002629', '13800002629'],
    ['8613800002629', '13800002629'],
    ['(020) 8888-1234', '02088881234'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('phone %s → %s', (raw, want) => expect(clean.phone(raw)).toBe(want))

  it('rejects phones with letters or the wrong length', () => {
    expect(clean.phone('call me')).toBeInstanceOf(Invalid)
    expect(clean.phone('123')).toBeInstanceOf(Invalid)
  })

  it.each([
    [' Li.Na@QQ.com ', 'li.na@qq.com'],
    ['WANG@163.COM', 'wang@163.com'],
  ])('email %s → %s', (raw, want) => expect(clean.email(raw)).toBe(want))

  it.each(['li.na@', 'no-at-sign.com', 'a@b', 'a b@c.com@'])('rejects malformed email %s', (raw) => {
    const r = clean.email(raw)
    expect(r).toBeInstanceOf(Invalid)
    expect((r as Invalid).reason).toMatch(/malformed email/)
  })

  it.each([
    ['女', 'female'],
    ['F', 'female'],
    ['Female', 'female'],
    ['男', 'male'],
    ['m', 'male'],
    ['其他', 'other'],
    ['保密', 'unknown'],
  ])('gender %s → %s', (raw, want) => expect(clean.gender(raw)).toBe(want))

  it.each([
    ['2011-12-01 08:26:00', '2011-12-01T08:26:00.000Z'],
    ['2011/12/1', '2011-12-01T00:00:00.000Z'],
    ['2011年12月1日', '2011-12-01T00:00:00.000Z'],
    ['20111201', '2011-12-01T00:00:00.000Z'],
    ['12/1/2011 8:26', '2011-12-01T08:26:00.000Z'],
    ['25/12/2011', '2011-12-25T00:00:00.000Z'],
    ['2026-06-18T20:15:00+08:00', '2026-06-18T12:15:00.000Z'],
    ['2026-06-18T12:15:00Z', '2026-06-18T12:15:00.000Z'],
    ['1781784900', '2026-06-18T12:15:00.000Z'],
  ])('timestamp %s → %s', (raw, want) => {
    const t = clean.timestamp(raw, 'at')
    expect(t).toBeInstanceOf(Date)
    expect((t as Date).toISOString()).toBe(want)
  })

  it.each(['1990-13-45', '2021-02-30', 'yesterday', '2011-12-01 25:00'])('rejects the date %s', (raw) => {
    expect(clean.timestamp(raw, 'birth_date')).toBeInstanceOf(Invalid)
  })

  it('reads numbers with separators and currency signs, and rejects text', () => {
    expect(clean.number('¥1,234.50', 'income')).toBe(1234.5)
    expect(clean.number('8000元', 'income')).toBe(8000)
    expect((clean.number('abc', 'income') as Invalid).reason).toBe("income 'abc' is not a number")
  })

  it('derives age and age band', () => {
    expect(clean.ageOn('1990-06-15', new Date('2026-06-14T00:00:00Z'))).toBe(35)
    expect(clean.ageOn('1990-06-15', new Date('2026-06-15T00:00:00Z'))).toBe(36)
    expect(clean.ageBand(24)).toBe('18-24')
    expect(clean.ageBand(65)).toBe('65+')
  })

  it('treats the usual spellings of "no value" as empty', () => {
    for (const s of ['', '  ', 'NULL', 'n/a', '-', '\u3000']) expect(clean.text(s)).toBeNull()
  })
})

describe('source sniffing', () => {
  it('detects the delimiter of a header line', () => {
    expect(detectDelimiter('a,b,c')).toBe(',')
    expect(detectDelimiter('"age";"job";"marital"')).toBe(';')
    expect(detectDelimiter('a\tb\tc')).toBe('\t')
    expect(detectDelimiter('"a,b";c;d')).toBe(';')
  })

  it('tells UTF-8 from GBK', () => {
    expect(detectEncoding(Buffer.from('姓名,城市\n张三,北京', 'utf-8'))).toBe('utf-8')
    expect(detectEncoding(iconv.encode('姓名,城市\n张三,北京', 'gbk'))).toBe('gb18030')
    // A sample cut in the middle of a multi-byte character is still UTF-8.
    expect(detectEncoding(Buffer.from('北京上海', 'utf-8').subarray(0, 7))).toBe('utf-8')
  })
})
