// @vitest-environment happy-dom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { QueryClientProvider } from '@tanstack/react-query'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { KEY_PERMISSIONS, ROLE_PERMISSIONS, type Permission, type Role, type SessionInfo } from '@portrait/core'
import i18n, { setLanguage } from './i18n'
import { AppProviders, createQueryClient, routeObjects } from './App'
import { appRoutes, navMenuItems, permittedRoutes, selectedNavKey } from './routes'
import { allows } from './auth/permissions'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

// In Node, antd's CommonJS build `require()`s ESM-only icon files and fails; the tests use antd's ES
// build (and its locales), which Vitest transforms, as the browser bundle does.
vi.mock('antd', () => import('antd/es/index.js'))
vi.mock('antd/locale/zh_CN', () => import('antd/es/locale/zh_CN.js'))
vi.mock('antd/locale/en_US', () => import('antd/es/locale/en_US.js'))

describe('route table → menu', () => {
  it('lists the navigable routes in table order, keyed by path', async () => {
    await setLanguage('zh-CN')
    const items = navMenuItems(appRoutes, i18n.t)
    expect(items.map((i) => i.key)).toEqual([
      '/',
      '/customers',
      '/segments',
      '/segments/evaluate',
      '/rfm',
      '/clusters',
      '/value',
      '/cross-sell',
      '/predictions',
      '/import',
      '/merges',
      '/audit',
      '/settings/access',
    ])
    expect(items.map((i) => i.title)).toEqual([
      '概览',
      '客户',
      '客户细分',
      '评估与选择',
      '价值分层 RFM',
      '聚类分析',
      '客户价值',
      '关联推荐',
      '预测模型',
      '数据导入',
      '身份合并',
      '审计日志',
      '成员与密钥',
    ])
    await setLanguage('en')
    expect(navMenuItems(appRoutes, i18n.t).map((i) => i.title)).toEqual([
      'Dashboard',
      'Customers',
      'Segments',
      'Evaluation',
      'RFM',
      'Clustering',
      'Customer value',
      'Cross-sell',
      'Predictions',
      'Import',
      'Merges',
      'Audit log',
      'Users and API keys',
    ])
    await setLanguage('zh-CN')
  })

  it('keeps the profile route out of the menu but in the router', () => {
    expect(appRoutes.find((r) => r.path === '/customers/:id')?.nav).toBeUndefined()
    const children = routeObjects()[0]?.children ?? []
    expect(children.map((c) => (c.index ? '(index)' : c.path))).toEqual([
      '(index)',
      'customers',
      'customers/:id',
      'segments',
      'segments/evaluate',
      'segments/new',
      'segments/:id/edit',
      'segments/:id',
      'rfm',
      'clusters',
      'value',
      'cross-sell',
      'predictions',
      'import',
      'merges',
      'audit',
      'settings/access',
      '*',
    ])
  })

  it('puts the sign-in page outside the layout', () => {
    const [layout, signIn] = routeObjects()
    expect(layout?.path).toBe('/')
    expect(signIn).toMatchObject({ id: 'sign-in', path: '/sign-in' })
    expect(signIn?.children).toBeUndefined()
  })

  it('highlights the menu item of the current section', () => {
    expect(selectedNavKey(appRoutes, '/')).toBe('/')
    expect(selectedNavKey(appRoutes, '/customers')).toBe('/customers')
    expect(selectedNavKey(appRoutes, '/customers/')).toBe('/customers')
    expect(selectedNavKey(appRoutes, '/customers/C10001')).toBe('/customers')
    expect(selectedNavKey(appRoutes, '/customersX')).toBeUndefined()
    expect(selectedNavKey(appRoutes, '/merges')).toBe('/merges')
    expect(selectedNavKey(appRoutes, '/audit')).toBe('/audit')
    expect(selectedNavKey(appRoutes, '/segments/evaluate')).toBe('/segments/evaluate')
    expect(selectedNavKey(appRoutes, '/segments/tier1-cities')).toBe('/segments')
    expect(selectedNavKey(appRoutes, '/nowhere')).toBeUndefined()
  })
})

/** A session as `GET /api/v1/session` answers it, for a user with `role`. */
function sessionFor(role: Role): SessionInfo {
  return {
    user: { id: `u-${role}`, email: `${role}@example.com`, role, created_at: '2026-01-05T02:00:00Z', last_sign_in_at: null },
    key: null,
    workspace: { id: 'default', name: 'Demo shop', timezone: 'Asia/Shanghai' },
    permissions: [...ROLE_PERMISSIONS[role]],
    csrf_token: `csrf-${role}`,
  }
}

describe('route table → permissions', () => {
  const navPaths = (permissions: readonly Permission[]) =>
    permittedRoutes(appRoutes, permissions)
      .filter((r) => r.nav)
      .map((r) => r.path)

  it('gives each role the menu entries it may use', () => {
    const viewer = navPaths(ROLE_PERMISSIONS.viewer)
    expect(viewer).not.toContain('/import')
    expect(viewer).not.toContain('/audit')
    expect(viewer).not.toContain('/settings/access')
    expect(viewer).toContain('/customers')
    expect(viewer).toContain('/segments')

    const analyst = navPaths(ROLE_PERMISSIONS.analyst)
    expect(analyst).toContain('/import')
    expect(analyst).not.toContain('/audit')
    expect(analyst).not.toContain('/settings/access')

    const admin = navPaths(ROLE_PERMISSIONS.admin)
    expect(admin).toContain('/settings/access')
    expect(admin).not.toContain('/audit')

    expect(navPaths(ROLE_PERMISSIONS.owner)).toEqual(appRoutes.filter((r) => r.nav).map((r) => r.path))
  })

  it('keeps the write-only pages out of a read-only principal’s routes', () => {
    const ids = (permissions: readonly Permission[]) => permittedRoutes(appRoutes, permissions).map((r) => r.id)
    expect(ids(ROLE_PERMISSIONS.viewer)).not.toEqual(expect.arrayContaining(['segment-new']))
    expect(ids(ROLE_PERMISSIONS.viewer)).not.toEqual(expect.arrayContaining(['segment-edit']))
    expect(ids(ROLE_PERMISSIONS.analyst)).toEqual(expect.arrayContaining(['segment-new', 'segment-edit', 'import']))
    // an admin key manages keys but not users: the settings page is still its to use
    expect(ids(KEY_PERMISSIONS.admin)).toContain('access-settings')
    expect(ids(KEY_PERMISSIONS.write)).toEqual([])
  })

  it('accepts any one of a list of permissions', () => {
    expect(allows([], undefined)).toBe(true)
    expect(allows(['keys.manage'], ['users.manage', 'keys.manage'])).toBe(true)
    expect(allows(['data.read'], ['users.manage', 'keys.manage'])).toBe(false)
    expect(allows(['data.write'], 'data.write')).toBe(true)
    expect(allows(['data.read'], 'data.write')).toBe(false)
  })
})

const HEALTH = {
  status: 'ok',
  version: '0.1.0',
  engine: 'duckdb',
  database: 'portrait.duckdb',
  workspace: 'default',
  timezone: 'Asia/Shanghai',
}

describe('the app shell', () => {
  let root: Root | undefined
  let container: HTMLElement | undefined
  /** What `GET /api/v1/session` answers: a session, or 401 when null. */
  let session: SessionInfo | null = null
  /** Paths the server answers 401 for although the session check succeeds (the session expired meanwhile). */
  let expired = new Set<string>()
  /** How the server refuses a sign-in attempt. */
  let signInAnswer = { status: 401, code: 'UNAUTHORIZED' }

  beforeAll(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const path = input.split('?')[0] ?? input
        const unauthorized = () => Response.json({ error: { code: 'UNAUTHORIZED', message: 'sign in first' } }, { status: 401 })
        if (path === '/api/health') return Response.json(HEALTH)
        if (path === '/api/v1/session' && init?.method === 'POST') {
          return Response.json({ error: { code: signInAnswer.code, message: 'refused' } }, { status: signInAnswer.status })
        }
        if (path === '/api/v1/session') return session ? Response.json(session) : unauthorized()
        if (!session || expired.has(path)) return unauthorized()
        return Response.json({ error: { code: 'NOT_FOUND', message: `no ${path} in this test` } }, { status: 404 })
      }),
    )
  })

  beforeEach(() => {
    session = sessionFor('owner')
    expired = new Set()
    signInAnswer = { status: 401, code: 'UNAUTHORIZED' }
  })

  afterEach(async () => {
    await act(async () => root?.unmount())
    container?.remove()
  })

  async function render(path: string) {
    container = document.createElement('div')
    document.body.append(container)
    const router = createMemoryRouter(routeObjects(), { initialEntries: [path] })
    root = createRoot(container)
    await act(async () => {
      root!.render(
        <QueryClientProvider client={createQueryClient()}>
          <AppProviders>
            <RouterProvider router={router} />
          </AppProviders>
        </QueryClientProvider>,
      )
    })
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)))
    return { view: container, router }
  }

  /** Lets requests answer and lazy pages load until `done()` holds (or gives up after ~5 s). */
  async function until(done: () => boolean) {
    for (let i = 0; i < 100 && !done(); i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 50)))
  }

  it('renders the menu from the route table and a not-found page for unknown paths', async () => {
    await setLanguage('zh-CN')
    const { view } = await render('/no/such/page')
    await until(() => view.querySelector('[data-testid=health][data-status=ok]') !== null)
    const links = [...view.querySelectorAll('nav a')].map((a) => [a.textContent, a.getAttribute('href')])
    expect(links).toEqual([
      ['概览', '/'],
      ['客户', '/customers'],
      ['客户细分', '/segments'],
      ['评估与选择', '/segments/evaluate'],
      ['价值分层 RFM', '/rfm'],
      ['聚类分析', '/clusters'],
      ['客户价值', '/value'],
      ['关联推荐', '/cross-sell'],
      ['预测模型', '/predictions'],
      ['数据导入', '/import'],
      ['身份合并', '/merges'],
      ['审计日志', '/audit'],
      ['成员与密钥', '/settings/access'],
    ])
    expect(view.querySelector('[data-testid=not-found]')?.textContent).toContain('页面不存在')
    expect(view.querySelector('[data-testid=app-name]')?.textContent).toBe('Portrait 客户画像')
    expect(view.querySelector('[data-testid=health]')?.textContent).toContain('duckdb')
    expect(view.querySelector('[data-testid=timezone]')?.textContent).toBe('Asia/Shanghai · UTC+8')
    expect(view.querySelector('[data-testid=user-email]')?.textContent).toBe('owner@example.com')
    expect(view.querySelector('[data-testid=user-role]')?.textContent).toBe('所有者')
    expect(view.querySelector('[data-testid=header-workspace]')?.textContent).toContain('Demo shop')
  })

  it('switches the whole shell to English', async () => {
    await setLanguage('zh-CN')
    const { view } = await render('/nowhere')
    await act(async () => {
      await setLanguage('en')
    })
    expect([...view.querySelectorAll('nav a')].map((a) => a.textContent)).toEqual([
      'Dashboard',
      'Customers',
      'Segments',
      'Evaluation',
      'RFM',
      'Clustering',
      'Customer value',
      'Cross-sell',
      'Predictions',
      'Import',
      'Merges',
      'Audit log',
      'Users and API keys',
    ])
    expect(view.querySelector('[data-testid=not-found]')?.textContent).toContain('Page not found')
    expect(view.querySelector('[data-testid=user-role]')?.textContent).toBe('Owner')
    await act(async () => {
      await setLanguage('zh-CN')
    })
  })

  it('shows a viewer only what a viewer may use, and "no access" for the rest', async () => {
    await setLanguage('zh-CN')
    session = sessionFor('viewer')
    const { view } = await render('/import')
    const hrefs = [...view.querySelectorAll('nav a')].map((a) => a.getAttribute('href'))
    expect(hrefs).toContain('/customers')
    expect(hrefs).not.toContain('/import')
    expect(hrefs).not.toContain('/audit')
    expect(hrefs).not.toContain('/settings/access')
    expect(view.querySelector('[data-testid=no-access]')?.textContent).toContain('无权访问')
    expect(view.querySelector('[data-testid=user-role]')?.textContent).toBe('只读成员')
  })

  it('sends a visitor without a session to the sign-in page, remembering the page', async () => {
    await setLanguage('zh-CN')
    session = null
    const { view, router } = await render('/customers?q=%E6%88%90%E9%83%BD')
    expect(router.state.location.pathname).toBe('/sign-in')
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/customers?q=%E6%88%90%E9%83%BD')
    expect(view.querySelector('[data-testid=sign-in]')?.textContent).toContain('登录')
    expect(view.querySelector('nav')).toBeNull()
  })

  it('goes to the sign-in page without an error alert when the session expires', async () => {
    await setLanguage('zh-CN')
    expired = new Set(['/api/v1/stats/overview'])
    const { view, router } = await render('/')
    await until(() => router.state.location.pathname === '/sign-in')
    expect(router.state.location.pathname).toBe('/sign-in')
    expect(router.state.location.search).toBe('')
    expect(view.querySelector('[role=alert]')).toBeNull()
    expect(view.querySelector('[data-testid=sign-in]')).not.toBeNull()
  })

  /** Types into an input the way a user does, so React sees the change. */
  function type(input: HTMLInputElement, value: string) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  }

  async function attemptSignIn(view: HTMLElement) {
    await act(async () => {
      type(view.querySelector<HTMLInputElement>('[data-testid=sign-in-email]')!, 'owner@example.com')
      type(view.querySelector<HTMLInputElement>('[data-testid=sign-in-password]')!, 'wrong password')
    })
    await act(async () => view.querySelector<HTMLButtonElement>('[data-testid=sign-in-submit]')!.click())
    await until(() => view.querySelector('[data-testid=sign-in-error]') !== null)
    return view.querySelector('[data-testid=sign-in-error]')?.textContent
  }

  it('tells wrong credentials and too many attempts apart on the sign-in form', async () => {
    await setLanguage('zh-CN')
    session = null
    const first = await render('/sign-in')
    expect(await attemptSignIn(first.view)).toBe('邮箱或密码不正确，请重试。')
    expect(first.router.state.location.pathname).toBe('/sign-in')
    await act(async () => root?.unmount())
    first.view.remove()

    await setLanguage('en')
    signInAnswer = { status: 429, code: 'RATE_LIMITED' }
    const second = await render('/sign-in')
    expect(await attemptSignIn(second.view)).toBe('Too many sign-in attempts. Wait a minute, then try again.')
    await act(async () => {
      await setLanguage('zh-CN')
    })
  })
})
