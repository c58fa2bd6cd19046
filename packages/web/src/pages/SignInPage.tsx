import { useEffect } from 'react'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import LockOutlined from '@ant-design/icons/LockOutlined'
import MailOutlined from '@ant-design/icons/MailOutlined'
import { useQueryClient } from '@tanstack/react-query'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { SignInRequest } from '@portrait/core'
import { ApiError } from '../api/client'
import { authKeys } from '../api/authKeys'
import { useSession } from '../api/useSession'
import { useSignIn } from '../api/useSignIn'
import { useDocumentTitle } from '../components/PageHeader'
import { useErrorText } from '../components/ErrorAlert'
import { PageLoading } from '../components/PageLoading'
import { LanguageSwitch } from '../layout/LanguageSwitch'
import { safeNextPath } from '../auth/nextPath'

/** The sign-in form's message for a failed attempt: wrong credentials and rate limiting have their own. */
function useSignInErrorText(): (error: unknown) => string {
  const { t } = useTranslation()
  const errorText = useErrorText()
  return (error) => {
    if (error instanceof ApiError && error.status === 401) return t('auth.signIn.wrongCredentials')
    if (error instanceof ApiError && error.status === 429) return t('auth.signIn.rateLimited')
    return t('auth.signIn.failed', { message: errorText(error) })
  }
}

/**
 * Email + password, outside the app's layout. After signing in the browser goes to `?next=` (the
 * page that was asked for), or to the dashboard. Someone already signed in goes there at once.
 */
export default function SignInPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const next = safeNextPath(params.get('next'))
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { data: session, isPending } = useSession()
  const signIn = useSignIn()
  const signInErrorText = useSignInErrorText()
  useDocumentTitle(t('auth.signIn.documentTitle'))

  // Whatever the previous session loaded (customer records included) is not kept for the next one.
  useEffect(() => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.session[0] })
  }, [queryClient])

  if (session) return <Navigate to={next} replace />

  const onFinish = (values: SignInRequest) =>
    signIn.mutate({ email: values.email.trim(), password: values.password }, { onSuccess: () => void navigate(next, { replace: true }) })

  return (
    <div className="auth-screen sign-in-screen">
      <div className="sign-in-language">
        <LanguageSwitch />
      </div>
      <main className="sign-in-main">
        <div className="sign-in-brand" data-testid="app-name">
          <span className="app-logo-mark" aria-hidden="true">
            P
          </span>
          <span className="sign-in-product">{t('app.name')}</span>
        </div>
        <Card variant="borderless" className="sign-in-card" data-testid="sign-in">
          {isPending ? (
            <PageLoading />
          ) : (
            <>
              <Typography.Title level={1} className="sign-in-title">
                {t('auth.signIn.title')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('auth.signIn.subtitle')}</Typography.Paragraph>
              {signIn.error && (
                <Alert
                  type="error"
                  showIcon
                  role="alert"
                  className="sign-in-error"
                  data-testid="sign-in-error"
                  title={signInErrorText(signIn.error)}
                />
              )}
              <Form<SignInRequest> layout="vertical" requiredMark={false} onFinish={onFinish} disabled={signIn.isPending}>
                <Form.Item
                  name="email"
                  label={t('auth.signIn.email')}
                  rules={[
                    { required: true, whitespace: true, message: t('auth.signIn.emailRequired') },
                    { type: 'email', message: t('auth.signIn.emailInvalid') },
                  ]}
                >
                  <Input
                    type="email"
                    autoComplete="username"
                    autoFocus
                    prefix={<MailOutlined aria-hidden="true" />}
                    placeholder={t('auth.signIn.emailPlaceholder')}
                    data-testid="sign-in-email"
                  />
                </Form.Item>
                <Form.Item
                  name="password"
                  label={t('auth.signIn.password')}
                  rules={[{ required: true, message: t('auth.signIn.passwordRequired') }]}
                >
                  <Input.Password
                    autoComplete="current-password"
                    prefix={<LockOutlined aria-hidden="true" />}
                    data-testid="sign-in-password"
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending} data-testid="sign-in-submit">
                  {t('auth.signIn.submit')}
                </Button>
              </Form>
              <Typography.Paragraph type="secondary" className="sign-in-help">
                {t('auth.signIn.help')}
              </Typography.Paragraph>
            </>
          )}
        </Card>
      </main>
    </div>
  )
}
