import { useMemo, useState } from 'react'
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Radio, Table, Tag, Tooltip, Typography } from 'antd'
import type { TableProps } from 'antd'
import PlusOutlined from '@ant-design/icons/PlusOutlined'
import StopOutlined from '@ant-design/icons/StopOutlined'
import { useTranslation } from 'react-i18next'
import { KEY_KINDS, type ApiKeyCreated, type ApiKeyInfo, type KeyKind } from '@portrait/core'
import { useApiKeys } from '../../api/useApiKeys'
import { useCreateApiKey } from '../../api/useCreateApiKey'
import { useRevokeApiKey } from '../../api/useRevokeApiKey'
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert'
import { ConfirmAction } from '../../components/ConfirmAction'
import { useFormat } from '../../i18n/useFormat'

const KIND_COLORS: Record<KeyKind, string> = { write: 'cyan', read: 'blue', admin: 'volcano' }

interface CreateKeyValues {
  kind: KeyKind
  name?: string
}

/** The full key, once: copy it now, it is stored only as a hash and cannot be shown again. */
function NewKeyModal({ created, onClose }: { created: ApiKeyCreated | null; onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <Modal
      open={created !== null}
      title={t('auth.settings.keys.created.title')}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="new-key-close">
          {t('auth.settings.keys.created.close')}
        </Button>
      }
      data-testid="new-key-dialog"
    >
      {created && (
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t('auth.settings.keys.created.warning')} data-testid="new-key-warning" />
          <div>
            <Typography.Text type="secondary">{t('auth.settings.keys.created.label')}</Typography.Text>
            <Typography.Paragraph
              className="new-api-key"
              code
              copyable={{ text: created.key, tooltips: [t('common.copy'), t('common.copied')] }}
              data-testid="new-key"
            >
              {created.key}
            </Typography.Paragraph>
          </div>
          <Flex gap={8} wrap>
            <Tag color={KIND_COLORS[created.kind]}>{t(`auth.keyKinds.${created.kind}`)}</Tag>
            {created.name && <Typography.Text>{created.name}</Typography.Text>}
          </Flex>
        </Flex>
      )}
    </Modal>
  )
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKeyCreated) => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const create = useCreateApiKey()
  const [form] = Form.useForm<CreateKeyValues>()
  const submit = (values: CreateKeyValues) => {
    const name = values.name?.trim()
    create.mutate(
      { kind: values.kind, ...(name ? { name } : {}) },
      {
        onSuccess: (key) => {
          form.resetFields()
          onCreated(key)
        },
        onError: (e) => void message.error(t('auth.settings.keys.create.failed', { message: errorText(e) })),
      },
    )
  }
  return (
    <>
      <h3 className="card-subtitle">{t('auth.settings.keys.create.title')}</h3>
      <Form<CreateKeyValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{ kind: 'read' }}
        data-testid="create-key-form"
      >
        <Form.Item name="kind" label={t('auth.settings.keys.create.kind')}>
          <Radio.Group data-testid="create-key-kind" className="key-kind-options">
            <Flex vertical gap={8}>
              {KEY_KINDS.map((kind) => (
                <Radio key={kind} value={kind} data-testid={`create-key-kind-${kind}`}>
                  <Typography.Text strong>{t(`auth.keyKinds.${kind}`)}</Typography.Text>
                  <Typography.Text type="secondary"> — {t(`auth.keyKindHints.${kind}`)}</Typography.Text>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Flex gap={12} wrap align="flex-start">
          <Form.Item
            name="name"
            label={t('auth.settings.keys.create.name')}
            extra={t('auth.settings.keys.create.nameHint')}
            rules={[{ max: 100 }]}
            style={{ minWidth: 260, flex: '0 1 360px' }}
          >
            <Input maxLength={100} placeholder={t('auth.settings.keys.create.namePlaceholder')} data-testid="create-key-name" />
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending} data-testid="create-key-submit">
              {t('auth.settings.keys.create.submit')}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
    </>
  )
}

/** The workspace's API keys, revoked ones included, and a form for a new one. */
export function ApiKeysCard() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const { data, error, isPending, refetch } = useApiKeys()
  const revoke = useRevokeApiKey()
  const [created, setCreated] = useState<ApiKeyCreated | null>(null)

  const columns = useMemo<TableProps<ApiKeyInfo>['columns']>(
    () => [
      {
        key: 'prefix',
        dataIndex: 'prefix',
        title: t('auth.settings.keys.columns.prefix'),
        render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
      },
      {
        key: 'kind',
        dataIndex: 'kind',
        title: t('auth.settings.keys.columns.kind'),
        render: (kind: KeyKind) => (
          <Tooltip title={t(`auth.keyKindHints.${kind}`)}>
            <Tag color={KIND_COLORS[kind]}>{t(`auth.keyKinds.${kind}`)}</Tag>
          </Tooltip>
        ),
      },
      {
        key: 'name',
        dataIndex: 'name',
        title: t('auth.settings.keys.columns.name'),
        render: (name: string | null) => name ?? t('common.empty'),
      },
      {
        key: 'created',
        dataIndex: 'created_at',
        title: t('auth.settings.keys.columns.created'),
        render: (at: string) => <span className="num">{fmt.dateTime(at)}</span>,
      },
      {
        key: 'lastUsed',
        dataIndex: 'last_used_at',
        title: t('auth.settings.keys.columns.lastUsed'),
        render: (at: string | null) =>
          at ? (
            <span className="num">{fmt.dateTime(at)}</span>
          ) : (
            <Typography.Text type="secondary">{t('auth.settings.keys.neverUsed')}</Typography.Text>
          ),
      },
      {
        key: 'status',
        dataIndex: 'revoked_at',
        title: t('auth.settings.keys.columns.status'),
        render: (at: string | null) =>
          at ? (
            <Flex gap={6} align="center" data-state="revoked">
              <Tag>{t('auth.settings.keys.revokedTag')}</Tag>
              <Typography.Text type="secondary" className="num">
                {fmt.dateTime(at)}
              </Typography.Text>
            </Flex>
          ) : (
            <Tag color="success" data-state="active">
              {t('auth.settings.keys.active')}
            </Tag>
          ),
      },
      {
        key: 'actions',
        title: t('auth.settings.keys.columns.actions'),
        render: (_: unknown, key) =>
          key.revoked_at ? null : (
            <ConfirmAction
              danger
              label={t('auth.settings.keys.revoke')}
              icon={<StopOutlined />}
              ariaLabel={t('auth.settings.keys.revokeAria', { prefix: key.prefix })}
              testId={`revoke-key-${key.prefix}`}
              title={t('auth.settings.keys.revokeConfirm', { prefix: key.prefix })}
              description={t('auth.settings.keys.revokeDescription')}
              okText={t('auth.settings.keys.revokeOk')}
              cancelText={t('auth.settings.cancel')}
              loading={revoke.isPending && revoke.variables === key.id}
              run={() => revoke.mutateAsync(key.id)}
              success={t('auth.settings.keys.revoked', { prefix: key.prefix })}
              failure={(m) => t('auth.settings.keys.revokeFailed', { message: m })}
            />
          ),
      },
    ],
    [t, fmt, revoke, message, errorText],
  )

  return (
    <Card variant="borderless" title={<h2 className="card-title">{t('auth.settings.keys.title')}</h2>} data-testid="keys-card">
      <Typography.Paragraph type="secondary">{t('auth.settings.keys.subtitle')}</Typography.Paragraph>
      {error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<ApiKeyInfo>
          data-testid="keys-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(key) => (key.revoked_at ? 'api-key-revoked' : '')}
          locale={{ emptyText: t('auth.settings.keys.empty') }}
        />
      )}
      <CreateKeyForm onCreated={setCreated} />
      <NewKeyModal created={created} onClose={() => setCreated(null)} />
    </Card>
  )
}
