import { Flex } from 'antd'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '../components/PageHeader'
import { Can } from '../auth/SessionContext'
import { UsersCard } from './access/UsersCard'
import { ApiKeysCard } from './access/ApiKeysCard'

/** 成员与密钥: the workspace's users (for `users.manage`) and API keys (for `keys.manage`). */
export default function AccessSettingsPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('auth.settings.title')} subtitle={t('auth.settings.subtitle')} testId="access-settings" />
      <Flex vertical gap={16}>
        <Can permission="users.manage">
          <UsersCard />
        </Can>
        <Can permission="keys.manage">
          <ApiKeysCard />
        </Can>
      </Flex>
    </>
  )
}
