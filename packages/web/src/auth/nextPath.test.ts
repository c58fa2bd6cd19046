import { describe, expect, it } from 'vitest'
import { safeNextPath, signInPath } from './nextPath'

describe('where sign-in leads', () => {
  it('keeps paths on this site, with their query', () => {
    expect(safeNextPath('/customers?q=%E6%88%90%E9%83%BD')).toBe('/customers?q=%E6%88%90%E9%83%BD')
    expect(safeNextPath('/segments/s1#members')).toBe('/segments/s1#members')
  })

  it('refuses other sites and the sign-in page itself', () => {
    for (const raw of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', null, undefined]) {
      expect(safeNextPath(raw)).toBe('/')
    }
    expect(safeNextPath('/sign-in?next=/customers')).toBe('/')
    expect(safeNextPath('/sign-in')).toBe('/')
  })

  it('remembers the page asked for, except the dashboard', () => {
    expect(signInPath({ pathname: '/customers', search: '?q=x', hash: '' })).toBe('/sign-in?next=%2Fcustomers%3Fq%3Dx')
    expect(signInPath({ pathname: '/' })).toBe('/sign-in')
  })
})
