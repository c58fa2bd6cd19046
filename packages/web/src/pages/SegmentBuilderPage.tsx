import { useEffect, useMemo, useState } from 'react'
import { Alert, App, Button, Card, Col, Collapse, Flex, Form, Input, Row, Select, Space, Spin, Typography } from 'antd'
import { useNavigate, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { SegmentBasis, SegmentRule, SegmentTemplate } from '@portrait/core'
import { useCreateSegment } from '../api/useCreateSegment'
import { useSegment } from '../api/useSegment'
import { useSegmentCount } from '../api/useSegmentCount'
import { useSegmentFields } from '../api/useSegmentFields'
import { useSegments } from '../api/useSegments'
import { useSegmentTemplates } from '../api/useSegmentTemplates'
import { useUpdateSegment } from '../api/useUpdateSegment'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import { useFormat } from '../i18n/useFormat'
import { currentLanguage } from '../i18n/index'
import { RuleBuilder } from './segments/RuleBuilder'
import { newCondition, newGroup, rootFromRule, toRule, type GroupNode } from './segments/ruleModel'
import { SEGMENT_BASES } from './segments/basis'
import { useRuleText } from './segments/useRuleText'
import './segments/segments.css'

/** How long the rule must stay unchanged before the live count asks the server. */
const COUNT_DEBOUNCE_MS = 400

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, delayMs])
  return debounced
}

const sameRule = (a: SegmentRule | null, b: SegmentRule | null): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The live member count of the rule being edited: debounced, with the server's message for a bad rule. */
function LiveCount({ rule, segmentId }: { rule: SegmentRule | null; segmentId?: string }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const debounced = useDebounced(rule, COUNT_DEBOUNCE_MS)
  const { data, error, isFetching } = useSegmentCount(debounced, segmentId)
  const settled = sameRule(rule, debounced) && !isFetching
  const state = rule === null ? 'incomplete' : error && settled ? 'invalid' : settled && data ? 'ready' : 'counting'
  return (
    <Card
      title={<h2 className="card-title">{t('segments.builder.count.title')}</h2>}
      variant="borderless"
      data-testid="builder-count-card"
      data-state={state}
    >
      {state === 'incomplete' ? (
        <Typography.Text type="secondary" data-testid="builder-count-incomplete">
          {t('segments.builder.count.incomplete')}
        </Typography.Text>
      ) : state === 'invalid' ? (
        <Alert
          type="error"
          showIcon
          title={t('segments.builder.count.invalid')}
          description={error instanceof Error ? error.message : String(error)}
          data-testid="builder-count-error"
        />
      ) : (
        <Spin spinning={state === 'counting'} description={t('segments.builder.count.counting')}>
          <div className="segment-count" aria-live="polite">
            <div>
              <span className="segment-count-number" data-testid="builder-count">
                {data ? fmt.number(data.size) : '—'}
              </span>{' '}
              <Typography.Text type="secondary">{t('segments.builder.count.members')}</Typography.Text>
            </div>
            {data && (
              <>
                <div className="segment-count-share">{t('segments.builder.count.share', { share: fmt.percent(data.share) })}</div>
                <div className="segment-count-share">{t('segments.builder.count.revenue', { revenue: fmt.money(data.revenue) })}</div>
              </>
            )}
          </div>
        </Spin>
      )}
    </Card>
  )
}

export default function SegmentBuilderPage() {
  const { id } = useParams()
  const { t, i18n } = useTranslation()
  const lang = currentLanguage(i18n.resolvedLanguage ?? i18n.language)
  const { message } = App.useApp()
  const errorText = useErrorText()
  const navigate = useNavigate()
  const text = useRuleText()
  const existing = useSegment(id)
  const fields = useSegmentFields()
  const templates = useSegmentTemplates()
  const saved = useSegments()
  const create = useCreateSegment()
  const update = useUpdateSegment(id ?? '')

  const [root, setRoot] = useState<GroupNode>(() => newGroup('and', [newCondition('trait')]))
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [basis, setBasis] = useState<SegmentBasis | null>(null)
  const [nameError, setNameError] = useState(false)
  const [loadedId, setLoadedId] = useState<string | null>(null)

  // an edited segment fills the form once, when it has loaded
  useEffect(() => {
    if (!id || !existing.data || loadedId === id) return
    setRoot(rootFromRule(existing.data.rule))
    setName(existing.data.name)
    setDescription(existing.data.description ?? '')
    setBasis(existing.data.basis)
    setLoadedId(id)
  }, [id, existing.data, loadedId])

  const rule = useMemo(() => toRule(root), [root])
  const references = useMemo(
    () => (saved.data?.items ?? []).filter((s) => s.id !== id).map((s) => ({ id: s.id, name: s.name })),
    [saved.data, id],
  )

  const applyTemplate = (key: string) => {
    const tpl = templates.data?.items.find((x) => x.key === key)
    if (!tpl) return
    const tplName = lang === 'en' ? tpl.name_en : tpl.name_zh
    setRoot(rootFromRule(tpl.rule))
    if (!name.trim()) setName(tplName)
    if (!description.trim()) setDescription(lang === 'en' ? tpl.description_en : tpl.description_zh)
    if (!basis) setBasis(tpl.basis)
    void message.info(t('segments.builder.templateApplied', { name: tplName }))
  }

  const save = () => {
    if (!name.trim()) {
      setNameError(true)
      return
    }
    if (!rule) return
    const body = { name: name.trim(), description: description.trim() || null, basis, rule }
    const done = {
      onSuccess: (s: { id: string; name: string }) => {
        void message.success(t('segments.builder.saved', { name: s.name }))
        void navigate(`/segments/${encodeURIComponent(s.id)}`)
      },
      onError: (e: unknown) => void message.error(t('segments.builder.saveFailed', { message: errorText(e) })),
    }
    if (id) update.mutate(body, done)
    else create.mutate(body, done)
  }

  if (id && existing.error)
    return <ErrorAlert error={existing.error} title={t('segments.builder.loadFailed')} onRetry={() => void existing.refetch()} />
  if (fields.error) return <ErrorAlert error={fields.error} onRetry={() => void fields.refetch()} />
  if (!fields.data || (id && loadedId !== id)) return <PageLoading />

  const templateOptions = SEGMENT_BASES.map((b) => ({
    label: text.basisLabel(b),
    options: (templates.data?.items ?? [])
      .filter((x: SegmentTemplate) => x.basis === b)
      .map((x) => ({
        value: x.key,
        label: lang === 'en' ? x.name_en : x.name_zh,
        title: lang === 'en' ? x.description_en : x.description_zh,
      })),
  }))

  return (
    <>
      <PageHeader
        title={id ? t('segments.builder.titleEdit', { name: existing.data?.name ?? '' }) : t('segments.builder.titleNew')}
        subtitle={t('segments.builder.subtitle')}
        testId="builder-header"
      />
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} xl={16}>
          <Card
            title={<h2 className="card-title">{t('segments.builder.rule')}</h2>}
            variant="borderless"
            extra={
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('segments.builder.templatePlaceholder')}
                aria-label={t('segments.builder.template')}
                options={templateOptions}
                value={null}
                onChange={(key: string) => applyTemplate(key)}
                style={{ width: 280 }}
                popupMatchSelectWidth={false}
                data-testid="builder-template"
              />
            }
          >
            <RuleBuilder root={root} onChange={setRoot} fields={fields.data} segments={references} text={text} />
            <Collapse
              ghost
              size="small"
              style={{ marginTop: 12 }}
              items={[
                {
                  key: 'json',
                  label: t('segments.builder.json'),
                  children: (
                    <pre className="rule-json" data-testid="builder-json">
                      {JSON.stringify(rule, null, 2)}
                    </pre>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16} style={{ position: 'sticky', top: 80 }}>
            <LiveCount rule={rule} segmentId={id} />
            <Card title={<h2 className="card-title">{t('segments.builder.settings')}</h2>} variant="borderless">
              <Form layout="vertical" onFinish={save} requiredMark={false}>
                <Form.Item
                  label={t('segments.builder.name')}
                  validateStatus={nameError ? 'error' : undefined}
                  help={nameError ? t('segments.builder.nameRequired') : undefined}
                >
                  <Input
                    value={name}
                    maxLength={200}
                    onChange={(e) => {
                      setName(e.target.value)
                      setNameError(false)
                    }}
                    placeholder={t('segments.builder.namePlaceholder')}
                    data-testid="builder-name"
                  />
                </Form.Item>
                <Form.Item label={t('segments.builder.description')}>
                  <Input.TextArea
                    value={description}
                    maxLength={2000}
                    autoSize={{ minRows: 2, maxRows: 5 }}
                    onChange={(e) => setDescription(e.target.value)}
                    placeholder={t('segments.builder.descriptionPlaceholder')}
                    data-testid="builder-description"
                  />
                </Form.Item>
                <Form.Item label={t('segments.builder.basis')}>
                  <Select
                    value={basis ?? 'none'}
                    onChange={(v: string) => setBasis(v === 'none' ? null : (v as SegmentBasis))}
                    options={[
                      { value: 'none', label: t('segments.builder.basisNone') },
                      ...SEGMENT_BASES.map((b) => ({ value: b, label: text.basisLabel(b) })),
                    ]}
                    data-testid="builder-basis"
                  />
                </Form.Item>
                <Space>
                  <Button
                    type="primary"
                    htmlType="submit"
                    disabled={!rule}
                    loading={create.isPending || update.isPending}
                    data-testid="builder-save"
                  >
                    {t('segments.builder.save')}
                  </Button>
                  <Button onClick={() => void navigate(id ? `/segments/${encodeURIComponent(id)}` : '/segments')}>
                    {t('segments.builder.cancel')}
                  </Button>
                </Space>
              </Form>
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  )
}
