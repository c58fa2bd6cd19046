// @vitest-environment happy-dom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { QueryClientProvider } from '@tanstack/react-query'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import i18n, { setLanguage } from './i18n'
import { AppProviders, createQueryClient, routeObjects } from './App'
import { appRoutes, navMenuItems, selectedNavKey } from './routes'

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
      '*',
    ])
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

describe('the app shell', () => {
  let root: Root | undefined
  let container: HTMLElement | undefined

  beforeAll(() => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json({
          status: 'ok',
          version: '0.1.0',
          engine: 'duckdb',
          database: 'portrait.duckdb',
          workspace: 'default',
          timezone: 'Asia/Shanghai',
        }),
      ),
    )
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
    return container
  }

  it('renders the menu from the route table and a not-found page for unknown paths', async () => {
    await setLanguage('zh-CN')
    const view = await render('/no/such/page')
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
    ])
    expect(view.querySelector('[data-testid=not-found]')?.textContent).toContain('页面不存在')
    expect(view.querySelector('[data-testid=app-name]')?.textContent).toBe('Portrait 客户画像')
    expect(view.querySelector('[data-testid=health]')?.textContent).toContain('duckdb')
    expect(view.querySelector('[data-testid=timezone]')?.textContent).toBe('Asia/Shanghai · UTC+8')
  })

  it('switches the whole shell to English', async () => {
    await setLanguage('zh-CN')
    const view = await render('/nowhere')
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
    ])
    expect(view.querySelector('[data-testid=not-found]')?.textContent).toContain('Page not found')
    await act(async () => {
      await setLanguage('zh-CN')
    })
  })
})
