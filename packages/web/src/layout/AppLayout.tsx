import { Suspense, useMemo, useState } from 'react'
import { Layout, Menu, Typography } from 'antd'
import { Outlet, useLocation } from 'react-router'
import { useTranslation } from 'react-i18next'
import { appRoutes, navMenuItems, permittedRoutes, selectedNavKey, type NavMenuItem } from '../routes'
import { usePermissions } from '../auth/SessionContext'
import { PageLoading } from '../components/PageLoading'
import { HealthIndicator } from './HealthIndicator'
import { LanguageSwitch } from './LanguageSwitch'
import { UserMenu } from './UserMenu'

const { Header, Sider, Content } = Layout

export function AppLayout() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const [collapsed, setCollapsed] = useState(false)
  const permissions = usePermissions()
  const routes = useMemo(() => permittedRoutes(appRoutes, permissions), [permissions])
  const selected = selectedNavKey(routes, pathname)

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
            items={navMenuItems(routes, t)}
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
            <UserMenu />
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
