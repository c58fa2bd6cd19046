import { App, Button, Dropdown, Tag, Typography } from 'antd'
import type { MenuProps } from 'antd'
import UserOutlined from '@ant-design/icons/UserOutlined'
import KeyOutlined from '@ant-design/icons/KeyOutlined'
import LogoutOutlined from '@ant-design/icons/LogoutOutlined'
import HomeOutlined from '@ant-design/icons/HomeOutlined'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { SessionInfo } from '@portrait/core'
import { useSignOut } from '../api/useSignOut'
import { useErrorText } from '../components/ErrorAlert'
import { useCurrentSession } from '../auth/SessionContext'

/** The principal's name in the header: the user's email, or "API key (kind)" for a key session. */
function identity(session: SessionInfo, t: TFunction): { name: string; role: string | null } {
  if (session.user) return { name: session.user.email, role: t(`auth.roles.${session.user.role}`) }
  if (session.key) return { name: t('auth.user.apiKey', { kind: t(`auth.keyKinds.${session.key.kind}`) }), role: null }
  return { name: t('common.unknown'), role: null }
}

/**
 * The workspace and the signed-in user in the header: email and role on the button; the menu
 * repeats them with the workspace and offers signing out.
 */
export function UserMenu() {
  const { t } = useTranslation()
  const session = useCurrentSession()
  const signOut = useSignOut()
  const { message } = App.useApp()
  const errorText = useErrorText()
  if (!session) return null
  const { name, role } = identity(session, t)

  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div className="user-menu-details" data-testid="user-menu-details">
          <Typography.Text type="secondary">{t('auth.user.email')}</Typography.Text>
          <Typography.Text strong>{name}</Typography.Text>
          {role && (
            <Typography.Text type="secondary">
              {t('auth.user.role')}: {role}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">
            {t('auth.user.workspace')}: {session.workspace.name}
          </Typography.Text>
        </div>
      ),
    },
    { type: 'divider' },
    {
      key: 'sign-out',
      icon: <LogoutOutlined />,
      label: <span data-testid="sign-out">{t('auth.user.signOut')}</span>,
      onClick: () =>
        signOut.mutate(undefined, { onError: (e) => void message.error(t('auth.user.signOutFailed', { message: errorText(e) })) }),
    },
  ]

  return (
    <>
      <span className="header-workspace" data-testid="header-workspace" title={t('auth.user.workspace')}>
        <HomeOutlined aria-hidden="true" /> {session.workspace.name}
      </span>
      <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
        <Button
          type="text"
          className="user-menu-button"
          aria-label={t('auth.user.menu', { name })}
          data-testid="user-menu"
          loading={signOut.isPending}
        >
          {session.user ? <UserOutlined aria-hidden="true" /> : <KeyOutlined aria-hidden="true" />}
          <span className="user-menu-email" data-testid="user-email">
            {name}
          </span>
          {role && (
            <Tag color="blue" data-testid="user-role" style={{ marginInlineEnd: 0 }}>
              {role}
            </Tag>
          )}
        </Button>
      </Dropdown>
    </>
  )
}
