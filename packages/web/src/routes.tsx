import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react'
import type { TFunction } from 'i18next'
import { Link, type RouteObject } from 'react-router'
import CloudUploadOutlined from '@ant-design/icons/CloudUploadOutlined'
import DashboardOutlined from '@ant-design/icons/DashboardOutlined'
import MergeCellsOutlined from '@ant-design/icons/MergeCellsOutlined'
import TeamOutlined from '@ant-design/icons/TeamOutlined'
import ApartmentOutlined from '@ant-design/icons/ApartmentOutlined'
import CrownOutlined from '@ant-design/icons/CrownOutlined'
import ClusterOutlined from '@ant-design/icons/ClusterOutlined'
import FundOutlined from '@ant-design/icons/FundOutlined'
import ShoppingCartOutlined from '@ant-design/icons/ShoppingCartOutlined'
import LineChartOutlined from '@ant-design/icons/LineChartOutlined'
import AimOutlined from '@ant-design/icons/AimOutlined'
import AuditOutlined from '@ant-design/icons/AuditOutlined'
import SafetyCertificateOutlined from '@ant-design/icons/SafetyCertificateOutlined'
import type { Permission } from '@portrait/core'
import { allows, type PermissionRequirement } from './auth/permissions'
import { RequirePermission } from './auth/RequirePermission'

/**
 * The one route table. The router and the left menu are both built from it: a new page (segments,
 * personas, value, plans, …) is one entry here.
 */
export interface AppRoute {
  id: string
  /** Absolute path as the browser shows it, e.g. `/customers/:id`. */
  path: string
  /** Page component, loaded on first visit (its own bundle chunk). */
  page: LazyExoticComponent<ComponentType>
  /** Present when the route has an entry in the left menu. */
  nav?: {
    labelKey:
      | 'nav.dashboard'
      | 'nav.customers'
      | 'nav.import'
      | 'nav.merges'
      | 'segments.nav'
      | 'evaluation.nav'
      | 'rfm.nav'
      | 'clusters.nav'
      | 'value.nav'
      | 'crossSell.nav'
      | 'predictions.nav'
      | 'privacy.nav'
      | 'auth.nav'
    icon: ReactNode
  }
  /**
   * What the signed-in principal needs to see the page (a list: any one of them); `data.read`
   * when absent. Without it the menu leaves the entry out and a direct visit shows "no access".
   */
  permission?: PermissionRequirement
}

export const appRoutes: readonly AppRoute[] = [
  {
    id: 'dashboard',
    path: '/',
    page: lazy(() => import('./pages/DashboardPage')),
    nav: { labelKey: 'nav.dashboard', icon: <DashboardOutlined /> },
  },
  {
    id: 'customers',
    path: '/customers',
    page: lazy(() => import('./pages/CustomersPage')),
    nav: { labelKey: 'nav.customers', icon: <TeamOutlined /> },
  },
  {
    id: 'customer-profile',
    path: '/customers/:id',
    page: lazy(() => import('./pages/ProfilePage')),
  },
  {
    id: 'segments',
    path: '/segments',
    page: lazy(() => import('./pages/SegmentsPage')),
    nav: { labelKey: 'segments.nav', icon: <ApartmentOutlined /> },
  },
  {
    id: 'segment-evaluation',
    path: '/segments/evaluate',
    page: lazy(() => import('./pages/SegmentEvaluationPage')),
    nav: { labelKey: 'evaluation.nav', icon: <AimOutlined /> },
  },
  { id: 'segment-new', path: '/segments/new', page: lazy(() => import('./pages/SegmentBuilderPage')), permission: 'data.write' },
  {
    id: 'segment-edit',
    path: '/segments/:id/edit',
    page: lazy(() => import('./pages/SegmentBuilderPage')),
    permission: 'data.write',
  },
  { id: 'segment-detail', path: '/segments/:id', page: lazy(() => import('./pages/SegmentDetailPage')) },
  {
    id: 'rfm',
    path: '/rfm',
    page: lazy(() => import('./pages/RfmPage')),
    nav: { labelKey: 'rfm.nav', icon: <CrownOutlined /> },
  },
  {
    id: 'clusters',
    path: '/clusters',
    page: lazy(() => import('./pages/ClustersPage')),
    nav: { labelKey: 'clusters.nav', icon: <ClusterOutlined /> },
  },
  {
    id: 'value',
    path: '/value',
    page: lazy(() => import('./pages/ValuePage')),
    nav: { labelKey: 'value.nav', icon: <FundOutlined /> },
  },
  {
    id: 'cross-sell',
    path: '/cross-sell',
    page: lazy(() => import('./pages/CrossSellPage')),
    nav: { labelKey: 'crossSell.nav', icon: <ShoppingCartOutlined /> },
  },
  {
    id: 'predictions',
    path: '/predictions',
    page: lazy(() => import('./pages/PredictionsPage')),
    nav: { labelKey: 'predictions.nav', icon: <LineChartOutlined /> },
  },
  {
    id: 'import',
    path: '/import',
    page: lazy(() => import('./pages/ImportPage')),
    nav: { labelKey: 'nav.import', icon: <CloudUploadOutlined /> },
    permission: 'data.write',
  },
  {
    id: 'merges',
    path: '/merges',
    page: lazy(() => import('./pages/MergesPage')),
    nav: { labelKey: 'nav.merges', icon: <MergeCellsOutlined /> },
  },
  {
    id: 'audit',
    path: '/audit',
    page: lazy(() => import('./pages/AuditPage')),
    nav: { labelKey: 'privacy.nav', icon: <AuditOutlined /> },
    permission: 'audit.read',
  },
  {
    id: 'access-settings',
    path: '/settings/access',
    page: lazy(() => import('./pages/AccessSettingsPage')),
    nav: { labelKey: 'auth.nav', icon: <SafetyCertificateOutlined /> },
    permission: ['users.manage', 'keys.manage'],
  },
]

/** Every page shows workspace data, so a page without a requirement of its own needs this. */
const DEFAULT_ROUTE_PERMISSION: Permission = 'data.read'

const routePermission = (route: AppRoute): PermissionRequirement => route.permission ?? DEFAULT_ROUTE_PERMISSION

/** The routes a principal with `permissions` may use: the menu is built from these. */
export function permittedRoutes(routes: readonly AppRoute[], permissions: readonly Permission[]): AppRoute[] {
  return routes.filter((route) => allows(permissions, routePermission(route)))
}

export type NavMenuItem = {
  key: string
  icon: ReactNode
  label: ReactNode
  title: string
} & { [data: `data-${string}`]: string }

/** The left menu: one item per route with `nav`, in table order, keyed by path, labelled as a link. */
export function navMenuItems(routes: readonly AppRoute[], t: TFunction): NavMenuItem[] {
  return routes.flatMap((route) => {
    if (!route.nav) return []
    const label = t(route.nav.labelKey)
    return [
      {
        key: route.path,
        icon: route.nav.icon,
        title: label,
        label: <Link to={route.path}>{label}</Link>,
        'data-testid': `nav-${route.id}`,
      },
    ]
  })
}

/**
 * The menu item to highlight for a location: the longest menu path that is the pathname or one of
 * its parent segments (`/customers/C1` → `/customers`). `/` only matches itself.
 */
export function selectedNavKey(routes: readonly AppRoute[], pathname: string): string | undefined {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  let best: string | undefined
  for (const route of routes) {
    if (!route.nav) continue
    const path = route.path
    const matches = path === '/' ? normalized === '/' : normalized === path || normalized.startsWith(`${path}/`)
    if (matches && (best === undefined || path.length > best.length)) best = path
  }
  return best
}

/** The route table as react-router route objects, children of the layout route. */
export function childRouteObjects(routes: readonly AppRoute[], notFound: ReactNode): RouteObject[] {
  const children: RouteObject[] = routes.map((route) => {
    const Page = route.page
    const element = (
      <RequirePermission permission={routePermission(route)}>
        <Page />
      </RequirePermission>
    )
    return route.path === '/' ? { id: route.id, index: true, element } : { id: route.id, path: route.path.replace(/^\//, ''), element }
  })
  children.push({ id: 'not-found', path: '*', element: notFound })
  return children
}
