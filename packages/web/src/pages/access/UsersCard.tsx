import { useMemo, useState } from 'react'
import { App, Button, Card, Flex, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableProps } from 'antd'
import DeleteOutlined from '@ant-design/icons/DeleteOutlined'
import KeyOutlined from '@ant-design/icons/KeyOutlined'
import UserAddOutlined from '@ant-design/icons/UserAddOutlined'
import { useTranslation } from 'react-i18next'
import { assignableRoles, type Role, type UserCreateRequest, type UserInfo } from '@portrait/core'
import { ApiError } from '../../api/client'
import { useUsers } from '../../api/useUsers'
import { useCreateUser } from '../../api/useCreateUser'
import { useUpdateUser } from '../../api/useUpdateUser'
import { useDeleteUser } from '../../api/useDeleteUser'
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert'
import { ConfirmAction } from '../../components/ConfirmAction'
import { useCurrentSession } from '../../auth/SessionContext'
import { useFormat } from '../../i18n/useFormat'
import { passwordRules } from './passwordRules'

/** The role picker's options: each role with what it may do. */
function useRoleOptions(roles: readonly Role[]) {
  const { t } = useTranslation()
  return useMemo(
    () =>
      roles.map((role) => ({
        value: role,
        label: t(`auth.roles.${role}`),
        title: t(`auth.roleHints.${role}`),
      })),
    [roles, t],
  )
}

function ResetPasswordModal({ user, onClose }: { user: UserInfo | null; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const update = useUpdateUser()
  const [form] = Form.useForm<{ password: string }>()
  const submit = ({ password }: { password: string }) => {
    if (!user) return
    update.mutate(
      { id: user.id, change: { password } },
      {
        onSuccess: () => {
          void message.success(t('auth.settings.users.passwordReset', { email: user.email }))
          onClose()
        },
        onError: (e) => void message.error(t('auth.settings.users.resetFailed', { message: errorText(e) })),
      },
    )
  }
  return (
    <Modal
      open={user !== null}
      title={user ? t('auth.settings.users.resetTitle', { email: user.email }) : null}
      okText={t('auth.settings.users.resetOk')}
      cancelText={t('auth.settings.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      destroyOnHidden
      data-testid="reset-password-dialog"
    >
      <Typography.Paragraph type="secondary">{t('auth.settings.users.resetHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} preserve={false}>
        <Form.Item
          name="password"
          label={t('auth.settings.users.newPassword')}
          rules={passwordRules(t)}
          extra={t('auth.settings.password.hint')}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function CreateUserForm({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const create = useCreateUser()
  const [form] = Form.useForm<UserCreateRequest>()
  const roleOptions = useRoleOptions(roles)
  const submit = (values: UserCreateRequest) => {
    const email = values.email.trim()
    create.mutate(
      { ...values, email },
      {
        onSuccess: (user) => {
          void message.success(t('auth.settings.users.create.created', { email: user.email }))
          form.resetFields()
        },
        onError: (e) =>
          void message.error(
            e instanceof ApiError && e.status === 409
              ? t('auth.settings.users.create.emailTaken', { email })
              : t('auth.settings.users.create.failed', { message: errorText(e) }),
          ),
      },
    )
  }
  return (
    <>
      <h3 className="card-subtitle">{t('auth.settings.users.create.title')}</h3>
      <Form<UserCreateRequest>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{ role: 'analyst' }}
        data-testid="create-user-form"
      >
        <Flex gap={12} wrap align="flex-start">
          <Form.Item
            name="email"
            label={t('auth.settings.users.create.email')}
            rules={[
              { required: true, whitespace: true, message: t('auth.signIn.emailRequired') },
              { type: 'email', message: t('auth.signIn.emailInvalid') },
            ]}
            style={{ minWidth: 240, flex: '1 1 240px' }}
          >
            <Input type="email" autoComplete="off" placeholder={t('auth.signIn.emailPlaceholder')} data-testid="create-user-email" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.settings.users.create.password')}
            rules={passwordRules(t)}
            extra={t('auth.settings.password.hint')}
            style={{ minWidth: 220, flex: '1 1 220px' }}
          >
            <Input.Password autoComplete="new-password" data-testid="create-user-password" />
          </Form.Item>
          <Form.Item name="role" label={t('auth.settings.users.create.role')} style={{ minWidth: 160 }}>
            <Select<Role> options={roleOptions} data-testid="create-user-role" aria-label={t('auth.settings.users.create.role')} />
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Button type="primary" htmlType="submit" icon={<UserAddOutlined />} loading={create.isPending} data-testid="create-user-submit">
              {t('auth.settings.users.create.submit')}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
    </>
  )
}

/** The workspace's users: role changes limited to the roles the signed-in user may hand out. */
export function UsersCard() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const session = useCurrentSession()
  const me = session?.user ?? null
  const roles = useMemo(() => (me ? assignableRoles(me.role) : []), [me])
  const roleOptions = useRoleOptions(roles)
  const { data, error, isPending, refetch } = useUsers()
  const update = useUpdateUser()
  const remove = useDeleteUser()
  const [resetting, setResetting] = useState<UserInfo | null>(null)

  const columns = useMemo<TableProps<UserInfo>['columns']>(
    () => [
      {
        key: 'email',
        dataIndex: 'email',
        title: t('auth.settings.users.columns.email'),
        render: (email: string, user) => (
          <Space size={6}>
            <span>{email}</span>
            {user.id === me?.id && <Tag>{t('auth.settings.users.you')}</Tag>}
          </Space>
        ),
      },
      {
        key: 'role',
        dataIndex: 'role',
        title: t('auth.settings.users.columns.role'),
        render: (role: Role, user) =>
          // your own role and roles above yours are not yours to change
          user.id === me?.id || !roles.includes(role) ? (
            <Tooltip title={t(`auth.roleHints.${role}`)}>
              <Tag color={role === 'owner' ? 'gold' : 'blue'} data-testid={`user-role-${user.email}`}>
                {t(`auth.roles.${role}`)}
              </Tag>
            </Tooltip>
          ) : (
            <Select<Role>
              size="small"
              style={{ minWidth: 120 }}
              value={role}
              options={roleOptions}
              aria-label={t('auth.settings.users.changeRole', { email: user.email })}
              data-testid={`user-role-${user.email}`}
              disabled={update.isPending && update.variables?.id === user.id}
              onChange={(next) =>
                update.mutate(
                  { id: user.id, change: { role: next } },
                  {
                    onSuccess: () =>
                      void message.success(t('auth.settings.users.roleChanged', { email: user.email, role: t(`auth.roles.${next}`) })),
                    onError: (e) => void message.error(t('auth.settings.users.roleChangeFailed', { message: errorText(e) })),
                  },
                )
              }
            />
          ),
      },
      {
        key: 'created',
        dataIndex: 'created_at',
        title: t('auth.settings.users.columns.created'),
        render: (at: string) => <span className="num">{fmt.dateTime(at)}</span>,
      },
      {
        key: 'lastSignIn',
        dataIndex: 'last_sign_in_at',
        title: t('auth.settings.users.columns.lastSignIn'),
        render: (at: string | null) =>
          at ? (
            <span className="num">{fmt.dateTime(at)}</span>
          ) : (
            <Typography.Text type="secondary">{t('auth.settings.users.neverSignedIn')}</Typography.Text>
          ),
      },
      {
        key: 'actions',
        title: t('auth.settings.users.columns.actions'),
        render: (_: unknown, user) => {
          const editable = roles.includes(user.role)
          const self = user.id === me?.id
          return (
            <Space size={4} wrap>
              {editable && (
                <Button size="small" icon={<KeyOutlined />} onClick={() => setResetting(user)} data-testid={`reset-password-${user.email}`}>
                  {t('auth.settings.users.resetPassword')}
                </Button>
              )}
              {editable && !self && (
                <ConfirmAction
                  danger
                  label={t('auth.settings.users.delete')}
                  icon={<DeleteOutlined />}
                  ariaLabel={t('auth.settings.users.deleteAria', { email: user.email })}
                  testId={`delete-user-${user.email}`}
                  title={t('auth.settings.users.deleteConfirm', { email: user.email })}
                  description={t('auth.settings.users.deleteDescription')}
                  okText={t('auth.settings.users.deleteOk')}
                  cancelText={t('auth.settings.cancel')}
                  loading={remove.isPending && remove.variables === user.id}
                  run={() => remove.mutateAsync(user.id)}
                  success={t('auth.settings.users.deleted', { email: user.email })}
                  failure={(m) => t('auth.settings.users.deleteFailed', { message: m })}
                />
              )}
            </Space>
          )
        },
      },
    ],
    [t, fmt, me, roles, roleOptions, update, remove, message, errorText],
  )

  return (
    <Card variant="borderless" title={<h2 className="card-title">{t('auth.settings.users.title')}</h2>} data-testid="users-card">
      {error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<UserInfo>
          data-testid="users-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('auth.settings.users.empty') }}
        />
      )}
      {roles.length > 0 && <CreateUserForm roles={roles} />}
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  )
}
