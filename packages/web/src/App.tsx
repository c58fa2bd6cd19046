import { useMemo } from 'react'
import { App as AntApp, ConfigProvider } from 'antd'
import zhCNLocale from 'antd/locale/zh_CN'
import enUSLocale from 'antd/locale/en_US'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createBrowserRouter, type RouteObject } from 'react-router'
import { RouterProvider } from 'react-router/dom'
import { useTranslation } from 'react-i18next'
import { ApiError } from './api/client'
import { currentLanguage } from './i18n'
import { AppLayout } from './layout/AppLayout'
import { RequireSession } from './auth/RequireSession'
import NotFoundPage from './pages/NotFoundPage'
import SignInPage from './pages/SignInPage'
import { RouteErrorPage } from './pages/RouteErrorPage'
import { appRoutes, childRouteObjects } from './routes'

/**
 * The whole route tree: the layout (only for a signed-in session) with one child per route-table
 * entry and a catch-all not-found page; the sign-in page outside the layout.
 */
export function routeObjects(): RouteObject[] {
  return [
    {
      id: 'root',
      path: '/',
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      errorElement: <RouteErrorPage />,
      children: childRouteObjects(appRoutes, <NotFoundPage />),
    },
    { id: 'sign-in', path: '/sign-in', element: <SignInPage />, errorElement: <RouteErrorPage /> },
  ]
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // a 4xx answer (not found, invalid input) will not change by asking again
        retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
    },
  })
}

const router = createBrowserRouter(routeObjects())
const queryClient = createQueryClient()

const theme = {
  token: {
    colorPrimary: '#1f6feb',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
}

export function AppProviders({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation()
  const lang = currentLanguage(i18n.resolvedLanguage ?? i18n.language)
  const locale = useMemo(() => (lang === 'en' ? enUSLocale : zhCNLocale), [lang])
  return (
    <ConfigProvider locale={locale} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  )
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AppProviders>
        <RouterProvider router={router} />
      </AppProviders>
    </QueryClientProvider>
  )
}
