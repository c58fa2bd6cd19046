import { Suspense, useState } from 'react'
import { Layout, Menu, Typography } from 'antd'
import { Outlet, useLocation } from 'react-router'
import { useTranslation } from 'react-i18next'
import { appRoutes, navMenuItems, selectedNavKey, type NavMenuItem } from '../routes'
import { PageLoading } from '../components/PageLoading'
import { HealthIndicator } from './HealthIndicator'
import { LanguageSwitch } from './LanguageSwitch'

const { Header, Sider, Content } = Layout

export function AppLayout() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const [collapsed, setCollapsed] = useState(false)
  const selected = selectedNavKey(appRoutes, pathname)

  return (
    <Layout className="app-layout">
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Sider
        theme="light"
        width={208}
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        className="app-sider"
        trigger={<span aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}>{collapsed ? '›' : '‹'}</span>}
      >
        <div className="app-logo" aria-hidden="true">
          <span className="app-logo-mark">P</span>
          {!collapsed && <span className="app-logo-text">{t('app.brand')}</span>}
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu<NavMenuItem>
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={navMenuItems(appRoutes, t)}
            data-testid="nav-menu"
          />
        </nav>
      </Sider>
      <Layout>
        <Header className="app-header">
          <Typography.Text strong className="app-name" data-testid="app-name">
            {t('app.name')}
          </Typography.Text>
          <div className="app-header-right">
            <HealthIndicator />
            <LanguageSwitch />
          </div>
        </Header>
        <Content className="app-content">
          <main id="main-content" tabIndex={-1}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </main>
        </Content>
      </Layout>
    </Layout>
  )
}
