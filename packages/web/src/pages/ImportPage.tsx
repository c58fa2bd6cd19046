import { useEffect, useRef, useState } from 'react'
import { Alert, App, Card, Col, Collapse, Flex, Form, Input, Row, Select, Space, Statistic, Table, Tag, Typography, Upload } from 'antd'
import InboxOutlined from '@ant-design/icons/InboxOutlined'
import { useTranslation } from 'react-i18next'
import type { ImportKind, ImportResult } from '@portrait/core'
import { CANONICAL_FIELDS } from '@portrait/core/import-fields'
import { IMPORT_KINDS, useImport } from '../api/useImport'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { useFormat } from '../i18n/useFormat'
import { useLabels } from '../i18n/useLabels'
import { importReasonText } from '../i18n/serverText'

/** The canonical column names the importer recognises, per kind (the importer's own list). */
export const CANONICAL_COLUMNS: Record<ImportKind, readonly string[]> = CANONICAL_FIELDS

const ACCEPTED_EXTENSIONS = '.csv,.json,.ndjson,.jsonl,.parquet'

interface Completed {
  fileName: string
  kind: ImportKind
  result: ImportResult
}

export default function ImportPage() {
  const { t } = useTranslation()
  const labels = useLabels()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const [kind, setKind] = useState<ImportKind>('customers')
  const [source, setSource] = useState('')
  const [completed, setCompleted] = useState<Completed | null>(null)
  const [uploadingName, setUploadingName] = useState<string | null>(null)
  const importMutation = useImport()

  const startImport = (file: File) => {
    setCompleted(null)
    setUploadingName(file.name)
    const importKind = kind
    importMutation.mutate(
      { kind: importKind, source: source.trim() || undefined, file },
      {
        onSuccess: (result) => {
          setCompleted({ fileName: file.name, kind: importKind, result })
          void message.success(t('import.success', { name: file.name }))
        },
        onError: (error) => {
          void message.error(t('import.failed', { message: errorText(error) }))
        },
        onSettled: () => setUploadingName(null),
      },
    )
  }

  return (
    <>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card variant="borderless" style={{ height: '100%' }}>
            <Form layout="vertical" requiredMark={false} onSubmitCapture={(e) => e.preventDefault()}>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item label={t('import.kindLabel')} htmlFor="import-kind">
                    <Select<ImportKind>
                      id="import-kind"
                      data-testid="import-kind"
                      value={kind}
                      onChange={setKind}
                      options={IMPORT_KINDS.map((k) => ({ value: k, label: labels.importKind(k) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={t('import.sourceLabel')} htmlFor="import-source" extra={t('import.sourceHelp')}>
                    <Input
                      id="import-source"
                      data-testid="import-source"
                      value={source}
                      maxLength={100}
                      placeholder={t('import.sourcePlaceholder')}
                      onChange={(e) => setSource(e.target.value)}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={t('import.fileLabel')} style={{ marginBottom: 0 }}>
                <Upload.Dragger
                  name="file"
                  accept={ACCEPTED_EXTENSIONS}
                  multiple={false}
                  maxCount={1}
                  showUploadList={false}
                  disabled={importMutation.isPending}
                  beforeUpload={(file) => {
                    startImport(file)
                    // the request is sent by startImport, not by the Upload component
                    return false
                  }}
                  data-testid="import-dropzone"
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">
                    {uploadingName ? t('import.uploading', { name: uploadingName }) : t('import.draggerText')}
                  </p>
                  <p className="ant-upload-hint">{t('import.draggerHint')}</p>
                </Upload.Dragger>
              </Form.Item>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Collapse
            defaultActiveKey={['help']}
            items={[
              {
                key: 'help',
                label: <h2 className="card-title">{t('import.help.title')}</h2>,
                children: <ColumnHelp selected={kind} />,
              },
            ]}
          />
        </Col>
      </Row>

      {importMutation.isError && !importMutation.isPending && (
        <div style={{ marginTop: 16 }} data-testid="import-error">
          <ErrorAlert error={importMutation.error} title={t('import.failedTitle')} />
        </div>
      )}
      {completed && (
        <div style={{ marginTop: 16 }}>
          <ImportResultView completed={completed} />
        </div>
      )}
    </>
  )
}

function ImportResultView({ completed }: { completed: Completed }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const labels = useLabels()
  const { result } = completed
  const cardRef = useRef<HTMLDivElement>(null)
  // the result appears below the form: bring it into view
  useEffect(() => {
    cardRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'nearest' })
  }, [completed])
  return (
    <Card
      ref={cardRef}
      variant="borderless"
      data-testid="import-result"
      title={<h2 className="card-title">{t('import.result.title')}</h2>}
      extra={
        <Typography.Text type="secondary">
          {t('import.result.file', { name: completed.fileName, kind: labels.importKind(completed.kind) })}
        </Typography.Text>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('import.result.imported')} value={fmt.number(result.imported)} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('import.result.rejected')}
            value={fmt.number(result.rejected)}
            styles={{ content: result.rejected > 0 ? { color: '#cf1322' } : {} }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('import.result.duplicates')} value={fmt.number(result.duplicates)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('import.result.merged')} value={fmt.number(result.merged)} />
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        {result.rejected > 0 ? (
          <Alert type="warning" showIcon title={t('import.result.someRejected', { value: fmt.number(result.rejected) })} />
        ) : (
          <Alert type="success" showIcon title={t('import.result.allValid')} />
        )}
      </div>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 4 }}>
        <Typography.Text strong>{t('import.result.quarantine')}: </Typography.Text>
        {result.quarantine ? (
          <Typography.Text code copyable={{ text: result.quarantine }} data-testid="import-quarantine">
            {result.quarantine}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('import.result.noQuarantine')}</Typography.Text>
        )}
      </Typography.Paragraph>
      {result.quarantine && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('import.result.quarantineHint')}
        </Typography.Paragraph>
      )}
      {result.errors.length > 0 && (
        <>
          <Flex align="baseline" gap={8} wrap style={{ marginTop: 16 }}>
            <h3 className="card-title">{t('import.result.errors')}</h3>
            <Typography.Text type="secondary">{t('import.result.errorsHint')}</Typography.Text>
          </Flex>
          <Table
            data-testid="import-errors"
            style={{ marginTop: 8 }}
            size="small"
            rowKey={(row) => `${row.line}|${row.reason}`}
            dataSource={result.errors}
            pagination={result.errors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              {
                key: 'line',
                dataIndex: 'line',
                title: t('import.result.line'),
                width: 100,
                align: 'right',
                render: (v: number) => <span className="num">{fmt.number(v, 0)}</span>,
              },
              {
                key: 'reason',
                dataIndex: 'reason',
                title: t('import.result.reason'),
                render: (reason: string) => {
                  const text = importReasonText(t, reason)
                  // the server's own wording on hover, to match it with the quarantine file
                  return text === reason ? reason : <span title={reason}>{text}</span>
                },
              },
            ]}
          />
        </>
      )}
    </Card>
  )
}

function ColumnHelp({ selected }: { selected: ImportKind }) {
  const { t } = useTranslation()
  const labels = useLabels()
  return (
    <div data-testid="import-help">
      <Typography.Paragraph type="secondary">{t('import.help.intro')}</Typography.Paragraph>
      <Collapse
        size="small"
        accordion
        defaultActiveKey={[selected]}
        key={selected}
        items={IMPORT_KINDS.map((k) => ({
          key: k,
          label: (
            <Space>
              <span>{labels.importKind(k)}</span>
              <Typography.Text type="secondary" code>
                {k}
              </Typography.Text>
            </Space>
          ),
          children: (
            <>
              <Typography.Paragraph>{t(`import.help.${k}`)}</Typography.Paragraph>
              <div className="column-tags" aria-label={t('import.help.columns')}>
                {CANONICAL_COLUMNS[k].map((column) => (
                  <Tag key={column}>{column}</Tag>
                ))}
              </div>
            </>
          ),
        }))}
      />
    </div>
  )
}
