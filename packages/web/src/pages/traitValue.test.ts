import { describe, expect, it } from 'vitest'
import { traitDisplay } from './traitValue'

describe('profile trait values', () => {
  it('shows |-separated lists as items', () => {
    expect(traitDisplay('烘焙|音乐|美妆护肤')).toEqual({ kind: 'list', items: ['烘焙', '音乐', '美妆护肤'] })
    expect(traitDisplay(' a | | b ')).toEqual({ kind: 'list', items: ['a', 'b'] })
    expect(traitDisplay('only|')).toEqual({ kind: 'text', text: 'only' })
    expect(traitDisplay(['x', 'y'])).toEqual({ kind: 'list', items: ['x', 'y'] })
  })

  it('recognises ISO date-times, with or without an offset', () => {
    expect(traitDisplay('2024-06-19T17:52:11+08:00')).toEqual({ kind: 'dateTime', iso: '2024-06-19T17:52:11+08:00' })
    expect(traitDisplay('2026-10-31T16:30:00Z')).toEqual({ kind: 'dateTime', iso: '2026-10-31T16:30:00Z' })
    expect(traitDisplay('2024-06-19 17:52')).toEqual({ kind: 'dateTime', iso: '2024-06-19 17:52' })
  })

  it('keeps plain text, calendar dates, numbers and booleans', () => {
    expect(traitDisplay('钻石会员')).toEqual({ kind: 'text', text: '钻石会员' })
    expect(traitDisplay('1992-03-21')).toEqual({ kind: 'text', text: '1992-03-21' })
    expect(traitDisplay(12.5)).toEqual({ kind: 'number', value: 12.5 })
    expect(traitDisplay(false)).toEqual({ kind: 'boolean', value: false })
    expect(traitDisplay({ a: 1 })).toEqual({ kind: 'text', text: '{"a":1}' })
  })

  it('treats blanks as empty', () => {
    expect(traitDisplay('')).toEqual({ kind: 'empty' })
    expect(traitDisplay('  ')).toEqual({ kind: 'empty' })
    expect(traitDisplay(null)).toEqual({ kind: 'empty' })
    expect(traitDisplay('|')).toEqual({ kind: 'empty' })
  })
})
