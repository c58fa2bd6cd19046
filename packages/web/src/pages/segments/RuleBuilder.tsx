import { Fragment, useMemo, useState, type ReactNode } from 'react'
import {
  AutoComplete,
  Button,
  Checkbox,
  DatePicker,
  Dropdown,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import DeleteOutlined from '@ant-design/icons/DeleteOutlined'
import PlusOutlined from '@ant-design/icons/PlusOutlined'
import dayjs from 'dayjs'
import { useTranslation } from 'react-i18next'
import type { RuleOperator, RuleScalar, SegmentFieldsResponse } from '@portrait/core'
import {
  newCondition,
  newFilter,
  newGroup,
  removeNode,
  updateNode,
  valueForOperator,
  type BehaviorNode,
  type ConditionNode,
  type EditorValue,
  type FieldType,
  type FilterNode,
  type GroupNode,
  type RuleNode,
  type ScoreNode,
  type SegmentRefNode,
  type TraitNode,
  type WindowState,
} from './ruleModel'
import type { RuleText } from './useRuleText'

const TRAITS_PREFIX = 'traits.'
const PROPERTIES_PREFIX = 'properties.'
const DAY = 'YYYY-MM-DD'
/** Fields whose values are codes the interface translates (tier1 → 一线城市). */
const CODED_FIELDS = new Set(['city_tier', 'gender', 'channel', 'family_status'])

interface BuilderContext {
  fields: SegmentFieldsResponse
  /** Saved segments a condition may refer to (the segment being edited left out). */
  segments: readonly { id: string; name: string }[]
  text: RuleText
  change: (id: string, fn: (node: RuleNode) => RuleNode) => void
  remove: (id: string) => void
}

export interface RuleBuilderProps {
  root: GroupNode
  onChange: (root: GroupNode) => void
  fields: SegmentFieldsResponse
  segments: readonly { id: string; name: string }[]
  text: RuleText
}

/** The visual rule editor: nested AND / OR groups, NOT on any group or condition, every condition kind. */
export function RuleBuilder({ root, onChange, fields, segments, text }: RuleBuilderProps) {
  const ctx: BuilderContext = {
    fields,
    segments,
    text,
    change: (id, fn) => onChange(updateNode(root, id, fn)),
    remove: (id) => onChange(removeNode(root, id)),
  }
  return <GroupEditor node={root} ctx={ctx} isRoot />
}

function GroupEditor({ node, ctx, isRoot = false }: { node: GroupNode; ctx: BuilderContext; isRoot?: boolean }) {
  const { t } = useTranslation()
  const add = (child: RuleNode) => ctx.change(node.id, (n) => ({ ...(n as GroupNode), children: [...(n as GroupNode).children, child] }))
  const kinds = ['trait', 'behavior', 'score', 'segment'] as const
  return (
    <div
      className={`rule-group${node.negate ? ' rule-negated' : ''}`}
      data-testid={isRoot ? 'rule-root' : 'rule-group'}
      data-join={node.join}
      role="group"
      aria-label={node.join === 'and' ? t('segments.group.all') : t('segments.group.any')}
    >
      <div className="rule-group-head">
        <Segmented
          size="small"
          value={node.join}
          onChange={(v) => ctx.change(node.id, (n) => ({ ...(n as GroupNode), join: v as 'and' | 'or' }))}
          options={[
            { label: t('segments.group.all'), value: 'and' },
            { label: t('segments.group.any'), value: 'or' },
          ]}
          data-testid="group-join"
        />
        <Tooltip title={t('segments.group.notHint')}>
          <Checkbox
            checked={node.negate}
            onChange={(e) => ctx.change(node.id, (n) => ({ ...n, negate: e.target.checked }))}
            data-testid="group-not"
          >
            {t('segments.group.not')}
          </Checkbox>
        </Tooltip>
        <Space size={4} wrap className="rule-group-actions">
          <Dropdown
            trigger={['click']}
            menu={{
              items: kinds.map((k) => ({ key: k, label: <span data-testid={`add-${k}`}>{t(`segments.kind.${k}`)}</span> })),
              onClick: ({ key }) => add(newCondition(key as ConditionNode['kind'])),
            }}
          >
            <Button size="small" icon={<PlusOutlined />} data-testid="group-add-condition">
              {t('segments.group.addCondition')}
            </Button>
          </Dropdown>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => add(newGroup(node.join === 'and' ? 'or' : 'and', [newCondition('trait')]))}
            data-testid="group-add-group"
          >
            {t('segments.group.addGroup')}
          </Button>
          {!isRoot && (
            <Tooltip title={t('segments.group.remove')}>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('segments.group.remove')}
                onClick={() => ctx.remove(node.id)}
              />
            </Tooltip>
          )}
        </Space>
      </div>
      <div className="rule-group-body">
        {node.children.length === 0 && (
          <Typography.Text type="secondary" className="rule-empty">
            {t('segments.group.empty')}
          </Typography.Text>
        )}
        {node.children.map((child, i) => (
          <Fragment key={child.id}>
            {i > 0 && (
              <div className={`rule-join rule-join-${node.join}`}>
                {node.join === 'and' ? t('segments.group.and') : t('segments.group.or')}
              </div>
            )}
            {child.kind === 'group' ? <GroupEditor node={child} ctx={ctx} /> : <ConditionEditor node={child} ctx={ctx} />}
          </Fragment>
        ))}
      </div>
    </div>
  )
}

function ConditionEditor({ node, ctx }: { node: ConditionNode; ctx: BuilderContext }) {
  const { t } = useTranslation()
  let editor: ReactNode
  switch (node.kind) {
    case 'trait':
      editor = <TraitEditor node={node} ctx={ctx} />
      break
    case 'behavior':
      editor = <BehaviorEditor node={node} ctx={ctx} />
      break
    case 'score':
      editor = <ScoreEditor node={node} ctx={ctx} />
      break
    case 'segment':
      editor = <SegmentRefEditor node={node} ctx={ctx} />
      break
  }
  return (
    <div className={`rule-condition${node.negate ? ' rule-negated' : ''}`} data-testid="condition" data-kind={node.kind}>
      <Tag className={`rule-kind rule-kind-${node.kind}`}>{t(`segments.kind.${node.kind}`)}</Tag>
      <div className="rule-condition-body">{editor}</div>
      <div className="rule-condition-tools">
        <Tooltip title={t('segments.condition.notHint')}>
          <Checkbox
            checked={node.negate}
            onChange={(e) => ctx.change(node.id, (n) => ({ ...n, negate: e.target.checked }))}
            data-testid="condition-not"
          >
            {t('segments.condition.not')}
          </Checkbox>
        </Tooltip>
        <Tooltip title={t('segments.condition.remove')}>
          <Button
            type="text"
            danger
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('segments.condition.remove')}
            onClick={() => ctx.remove(node.id)}
            data-testid="condition-remove"
          />
        </Tooltip>
      </div>
    </div>
  )
}

// -- pickers --------------------------------------------------------------------------------------

/**
 * A searchable field picker; typing a key that is not listed offers it under `prefix` (a trait or
 * event property the data has not shown yet).
 */
function FieldPicker({
  value,
  onChange,
  options,
  prefix,
  testId,
  width = 190,
}: {
  value: string | null
  onChange: (field: string) => void
  options: { label: string; options: { value: string; label: string }[] }[] | { value: string; label: string }[]
  prefix?: string
  testId: string
  width?: number
}) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const typed = search.trim()
  const flat = (options as { value?: string; label?: string; options?: { value: string; label: string }[] }[]).flatMap((o) =>
    o.options ? o.options : [o as { value: string; label: string }],
  )
  const needle = typed.toLowerCase()
  // offered only when nothing listed matches what was typed, after the listed fields
  const custom =
    prefix && typed && !flat.some((o) => o.value.toLowerCase().includes(needle) || o.label.toLowerCase().includes(needle))
      ? [{ value: typed.startsWith(prefix) ? typed : `${prefix}${typed}`, label: typed.startsWith(prefix) ? typed : `${prefix}${typed}` }]
      : []
  return (
    <Select
      showSearch={{ optionFilterProp: 'label', onSearch: setSearch }}
      value={value ?? undefined}
      placeholder={t('segments.condition.field')}
      aria-label={t('segments.condition.field')}
      options={[...(options as { value: string; label: string }[]), ...custom]}
      onChange={(v: string) => {
        setSearch('')
        onChange(v)
      }}
      style={{ width }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  )
}

function OperatorPicker({
  value,
  operators,
  onChange,
  text,
}: {
  value: RuleOperator
  operators: readonly RuleOperator[]
  onChange: (op: RuleOperator) => void
  text: RuleText
}) {
  const { t } = useTranslation()
  return (
    <Select
      value={value}
      onChange={onChange}
      options={operators.map((op) => ({ value: op, label: text.opLabel(op) }))}
      style={{ width: 128 }}
      popupMatchSelectWidth={false}
      aria-label={t('segments.condition.op')}
      data-testid="condition-op"
    />
  )
}

/** The editor of a value for a field type and operator: numbers, dates, text with suggestions, lists, yes/no. */
function ValueEditor({
  field,
  type,
  op,
  value,
  suggestions,
  onChange,
  text,
  existsLabels,
}: {
  field: string
  type: FieldType
  op: RuleOperator
  value: EditorValue
  suggestions: readonly string[]
  onChange: (v: EditorValue) => void
  text: RuleText
  existsLabels?: [string, string]
}) {
  const { t } = useTranslation()
  const aria = t('segments.condition.value')
  const options = suggestions.map((s) => ({ value: s, label: text.scalarText(field, s) }))
  if (op === 'exists') {
    return (
      <Select
        value={value === false ? 'no' : 'yes'}
        onChange={(v) => onChange(v === 'yes')}
        options={[
          { value: 'yes', label: existsLabels?.[0] ?? t('segments.condition.present') },
          { value: 'no', label: existsLabels?.[1] ?? t('segments.condition.missing') },
        ]}
        style={{ width: 120 }}
        aria-label={aria}
        data-testid="condition-value"
      />
    )
  }
  const list = Array.isArray(value) ? value : []
  if (type === 'boolean') {
    return (
      <Select
        value={typeof value === 'boolean' ? String(value) : undefined}
        onChange={(v) => onChange(v === 'true')}
        options={[
          { value: 'true', label: t('segments.condition.yes') },
          { value: 'false', label: t('segments.condition.no') },
        ]}
        style={{ width: 100 }}
        aria-label={aria}
        data-testid="condition-value"
      />
    )
  }
  if (op === 'in' || op === 'nin') {
    const numeric = type === 'number'
    return (
      <Select
        mode="tags"
        value={list.filter((x) => x !== null).map(String)}
        onChange={(vs: string[]) => onChange(numeric ? vs.map(Number).filter(Number.isFinite) : vs)}
        tokenSeparators={[',', '，']}
        options={numeric ? [] : options}
        placeholder={t('segments.condition.values')}
        style={{ minWidth: 220 }}
        popupMatchSelectWidth={false}
        aria-label={aria}
        data-testid="condition-value"
      />
    )
  }
  if (type === 'date' || type === 'timestamp') {
    if (op === 'between') {
      const [a, b] = list
      return (
        <DatePicker.RangePicker
          value={[typeof a === 'string' ? dayjs(a) : null, typeof b === 'string' ? dayjs(b) : null]}
          onChange={(d) => onChange([d?.[0]?.format(DAY) ?? null, d?.[1]?.format(DAY) ?? null])}
          aria-label={aria}
          data-testid="condition-value"
        />
      )
    }
    return (
      <DatePicker
        value={typeof value === 'string' ? dayjs(value) : null}
        onChange={(d) => onChange(d ? d.format(DAY) : undefined)}
        aria-label={aria}
        data-testid="condition-value"
      />
    )
  }
  if (type === 'number') {
    if (op === 'between') {
      const [a, b] = list
      return (
        <Space.Compact data-testid="condition-value">
          <InputNumber
            value={typeof a === 'number' ? a : null}
            onChange={(v) => onChange([v ?? null, typeof b === 'number' ? b : null])}
            placeholder={t('segments.condition.low')}
            aria-label={t('segments.condition.low')}
            style={{ width: 100 }}
          />
          <InputNumber
            value={typeof b === 'number' ? b : null}
            onChange={(v) => onChange([typeof a === 'number' ? a : null, v ?? null])}
            placeholder={t('segments.condition.high')}
            aria-label={t('segments.condition.high')}
            style={{ width: 100 }}
          />
        </Space.Compact>
      )
    }
    return (
      <InputNumber
        value={typeof value === 'number' ? value : null}
        onChange={(v) => onChange(v ?? undefined)}
        style={{ width: 120 }}
        aria-label={aria}
        data-testid="condition-value"
      />
    )
  }
  if (CODED_FIELDS.has(field) && options.length > 0 && (op === 'eq' || op === 'neq')) {
    // a code such as tier1 or female is picked by its translated name
    return (
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        value={typeof value === 'string' ? value : undefined}
        onChange={(v: string) => onChange(v)}
        options={options}
        style={{ width: 180 }}
        popupMatchSelectWidth={false}
        aria-label={aria}
        data-testid="condition-value"
      />
    )
  }
  if (op === 'between') {
    const [a, b] = list
    return (
      <Space.Compact data-testid="condition-value">
        <Input
          value={typeof a === 'string' ? a : ''}
          onChange={(e) => onChange([e.target.value, (b as RuleScalar | null) ?? null])}
          placeholder={t('segments.condition.low')}
          style={{ width: 110 }}
        />
        <Input
          value={typeof b === 'string' ? b : ''}
          onChange={(e) => onChange([(a as RuleScalar | null) ?? null, e.target.value])}
          placeholder={t('segments.condition.high')}
          style={{ width: 110 }}
        />
      </Space.Compact>
    )
  }
  return (
    <AutoComplete
      value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
      onChange={(v: string) => onChange(v)}
      options={options}
      showSearch={{
        filterOption: (input, option) =>
          String(option?.label ?? '')
            .toLowerCase()
            .includes(input.toLowerCase()) || String(option?.value ?? '').includes(input),
      }}
      style={{ width: 180 }}
      popupMatchSelectWidth={false}
      aria-label={aria}
      data-testid="condition-value"
    />
  )
}

// -- condition editors ----------------------------------------------------------------------------

function TraitEditor({ node, ctx }: { node: TraitNode; ctx: BuilderContext }) {
  const { t } = useTranslation()
  const info = ctx.fields.traits.find((f) => f.field === node.field)
  const type: FieldType = info?.type ?? (node.field?.startsWith(TRAITS_PREFIX) ? 'text' : 'text')
  const operators = (ctx.fields.operators_by_type[type] ?? ctx.fields.operators) as RuleOperator[]
  const options = useMemo(
    () => [
      {
        label: t('segments.condition.profileFields'),
        options: ctx.fields.traits
          .filter((f) => !f.field.startsWith(TRAITS_PREFIX))
          .map((f) => ({ value: f.field, label: ctx.text.fieldLabel(f.field) })),
      },
      {
        label: t('segments.condition.traitFields'),
        options: ctx.fields.traits
          .filter((f) => f.field.startsWith(TRAITS_PREFIX))
          .map((f) => ({ value: f.field, label: ctx.text.fieldLabel(f.field) })),
      },
    ],
    [ctx.fields, ctx.text, t],
  )
  const set = (patch: Partial<TraitNode>) => ctx.change(node.id, (n) => ({ ...(n as TraitNode), ...patch }))
  return (
    <Space wrap size={6}>
      <FieldPicker
        value={node.field}
        options={options}
        prefix={TRAITS_PREFIX}
        testId="condition-field"
        onChange={(field) => {
          const nextType = ctx.fields.traits.find((f) => f.field === field)?.type ?? 'text'
          const allowed = (ctx.fields.operators_by_type[nextType] ?? []) as RuleOperator[]
          const op = allowed.includes(node.op) ? node.op : nextType === 'list' ? 'contains' : (allowed[0] ?? 'eq')
          set({ field, op, value: valueForOperator(op, undefined) })
        }}
      />
      <OperatorPicker
        value={node.op}
        operators={operators}
        text={ctx.text}
        onChange={(op) => set({ op, value: valueForOperator(op, node.value) })}
      />
      <ValueEditor
        field={node.field ?? ''}
        type={type}
        op={node.op}
        value={node.value}
        suggestions={info?.values ?? []}
        text={ctx.text}
        onChange={(value) => set({ value })}
      />
    </Space>
  )
}

function ScoreEditor({ node, ctx }: { node: ScoreNode; ctx: BuilderContext }) {
  const { t } = useTranslation()
  const info = ctx.fields.scores.find((s) => s.field === node.score)
  const type: FieldType = info?.type ?? 'number'
  const set = (patch: Partial<ScoreNode>) => ctx.change(node.id, (n) => ({ ...(n as ScoreNode), ...patch }))
  return (
    <Space wrap size={6}>
      <Select
        value={node.score ?? undefined}
        placeholder={t('segments.condition.field')}
        aria-label={t('segments.condition.field')}
        style={{ width: 220 }}
        popupMatchSelectWidth={false}
        data-testid="condition-field"
        options={ctx.fields.scores.map((s) => ({
          value: s.field,
          label: s.available ? ctx.text.scoreLabel(s.field) : t('segments.condition.scoreMissing', { name: ctx.text.scoreLabel(s.field) }),
        }))}
        onChange={(score: string) => {
          const nextType = ctx.fields.scores.find((s) => s.field === score)?.type ?? 'number'
          const allowed = (ctx.fields.operators_by_type[nextType] ?? []) as RuleOperator[]
          const op = allowed.includes(node.op) ? node.op : (allowed[0] ?? 'eq')
          set({ score, op, value: valueForOperator(op, undefined) })
        }}
      />
      <OperatorPicker
        value={node.op}
        operators={(ctx.fields.operators_by_type[type] ?? ctx.fields.operators) as RuleOperator[]}
        text={ctx.text}
        onChange={(op) => set({ op, value: valueForOperator(op, node.value) })}
      />
      <ValueEditor
        field={node.score ?? ''}
        type={type}
        op={node.op}
        value={node.value}
        suggestions={info?.values ?? []}
        text={ctx.text}
        onChange={(value) => set({ value })}
      />
    </Space>
  )
}

function SegmentRefEditor({ node, ctx }: { node: SegmentRefNode; ctx: BuilderContext }) {
  const { t } = useTranslation()
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      value={node.segment ?? undefined}
      placeholder={t('segments.condition.segment')}
      aria-label={t('segments.condition.segment')}
      options={ctx.segments.map((s) => ({ value: s.id, label: s.name }))}
      onChange={(segment: string) => ctx.change(node.id, (n) => ({ ...(n as SegmentRefNode), segment }))}
      style={{ width: 260 }}
      data-testid="condition-field"
    />
  )
}

function WhereEditor({ node, filter, ctx }: { node: BehaviorNode; filter: FilterNode; ctx: BuilderContext }) {
  const { t } = useTranslation()
  const table = ctx.fields.behaviors.find((b) => b.behavior === node.behavior)
  const info = table?.fields.find((f) => f.field === filter.field)
  const type: FieldType = info?.type ?? (filter.field?.startsWith(PROPERTIES_PREFIX) ? 'text' : 'text')
  const setFilter = (patch: Partial<FilterNode>) =>
    ctx.change(node.id, (n) => ({
      ...(n as BehaviorNode),
      where: (n as BehaviorNode).where.map((f) => (f.id === filter.id ? { ...f, ...patch } : f)),
    }))
  return (
    <Space wrap size={6} className="rule-where" data-testid="behavior-where">
      <FieldPicker
        value={filter.field}
        options={(table?.fields ?? []).map((f) => ({ value: f.field, label: ctx.text.fieldLabel(f.field) }))}
        prefix={node.behavior === 'events' ? PROPERTIES_PREFIX : undefined}
        testId="where-field"
        width={160}
        onChange={(field) => {
          const nextType = table?.fields.find((f) => f.field === field)?.type ?? 'text'
          const allowed = (ctx.fields.operators_by_type[nextType] ?? []) as RuleOperator[]
          const op = allowed.includes(filter.op) ? filter.op : (allowed[0] ?? 'eq')
          setFilter({ field, op, value: valueForOperator(op, undefined) })
        }}
      />
      <OperatorPicker
        value={filter.op}
        operators={(ctx.fields.operators_by_type[type] ?? ctx.fields.operators) as RuleOperator[]}
        text={ctx.text}
        onChange={(op) => setFilter({ op, value: valueForOperator(op, filter.value) })}
      />
      <ValueEditor
        field={filter.field ?? ''}
        type={type}
        op={filter.op}
        value={filter.value}
        suggestions={info?.values ?? []}
        text={ctx.text}
        onChange={(value) => setFilter({ value })}
      />
      <Button
        type="text"
        size="small"
        icon={<DeleteOutlined />}
        aria-label={t('segments.behavior.removeWhere')}
        onClick={() =>
          ctx.change(node.id, (n) => ({ ...(n as BehaviorNode), where: (n as BehaviorNode).where.filter((f) => f.id !== filter.id) }))
        }
      />
    </Space>
  )
}

function BehaviorEditor({ node, ctx }: { node: BehaviorNode; ctx: BuilderContext }) {
  const { t } = useTranslation()
  const table = ctx.fields.behaviors.find((b) => b.behavior === node.behavior)
  const set = (patch: Partial<BehaviorNode>) => ctx.change(node.id, (n) => ({ ...(n as BehaviorNode), ...patch }))
  const measures = ctx.fields.measures
  const fieldOptions =
    node.measure === 'distinct'
      ? (table?.fields ?? []).map((f) => ({ value: f.field, label: ctx.text.fieldLabel(f.field) }))
      : (table?.numeric ?? []).map((f) => ({ value: f, label: ctx.text.fieldLabel(f) }))
  const window = node.window
  const setWindow = (w: WindowState) => set({ window: w })
  return (
    <div className="rule-behavior">
      <Space wrap size={6}>
        <Select
          value={node.behavior}
          onChange={(behavior) =>
            set({
              behavior,
              field: null,
              where: [],
              event: null,
              measure: behavior === 'events' && !['count', 'distinct'].includes(node.measure) ? 'count' : node.measure,
            })
          }
          options={(['orders', 'order_lines', 'events'] as const).map((b) => ({ value: b, label: ctx.text.sourceLabel(b) }))}
          style={{ width: 120 }}
          aria-label={t('segments.kind.behavior')}
          data-testid="behavior-source"
        />
        {node.behavior === 'events' && (
          <Select
            showSearch
            allowClear
            value={node.event ?? undefined}
            placeholder={t('segments.behavior.anyEvent')}
            onChange={(event?: string) => set({ event: event ?? null })}
            options={ctx.fields.events.map((e) => ({ value: e, label: e }))}
            style={{ width: 170 }}
            popupMatchSelectWidth={false}
            aria-label={t('segments.behavior.event')}
            data-testid="behavior-event"
          />
        )}
        <Select
          value={node.measure}
          onChange={(measure) =>
            set({ measure, field: measure === 'count' ? null : measure === 'distinct' ? null : (table?.numeric[0] ?? node.field) })
          }
          options={measures.map((m) => ({ value: m, label: ctx.text.measureLabel(m as BehaviorNode['measure']) }))}
          style={{ width: 120 }}
          aria-label={t('segments.behavior.measureField')}
          data-testid="behavior-measure"
        />
        {node.measure !== 'count' && (
          <FieldPicker
            value={node.field ?? (node.measure === 'distinct' ? null : (table?.numeric[0] ?? null))}
            options={fieldOptions}
            prefix={node.behavior === 'events' ? PROPERTIES_PREFIX : undefined}
            testId="behavior-field"
            width={150}
            onChange={(field) => set({ field })}
          />
        )}
        <OperatorPicker
          value={node.op}
          operators={ctx.fields.measure_operators as RuleOperator[]}
          text={ctx.text}
          onChange={(op) => set({ op, value: valueForOperator(op, node.value) })}
        />
        <ValueEditor
          field=""
          type="number"
          op={node.op}
          value={node.value}
          suggestions={[]}
          text={ctx.text}
          onChange={(value) => set({ value })}
          existsLabels={[t('segments.behavior.exists.yes'), t('segments.behavior.exists.no')]}
        />
      </Space>
      <Space wrap size={6} className="rule-behavior-window">
        <Typography.Text type="secondary">{t('segments.behavior.window.label')}</Typography.Text>
        <Segmented
          size="small"
          value={window.mode}
          onChange={(mode) =>
            setWindow(mode === 'days' ? { mode, days: 30 } : mode === 'range' ? { mode, from: null, to: null } : { mode: 'all' })
          }
          options={[
            { value: 'all', label: t('segments.behavior.window.all') },
            { value: 'days', label: t('segments.behavior.window.days') },
            { value: 'range', label: t('segments.behavior.window.range') },
          ]}
          data-testid="behavior-window"
        />
        {window.mode === 'days' && (
          <InputNumber
            min={1}
            max={36600}
            value={window.days}
            onChange={(days) => setWindow({ mode: 'days', days: days ?? null })}
            suffix={t('segments.behavior.days')}
            style={{ width: 120 }}
            aria-label={t('segments.behavior.window.days')}
            data-testid="behavior-days"
          />
        )}
        {window.mode === 'range' && (
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            value={[window.from ? dayjs(window.from) : null, window.to ? dayjs(window.to) : null]}
            onChange={(d) => setWindow({ mode: 'range', from: d?.[0]?.format(DAY) ?? null, to: d?.[1]?.format(DAY) ?? null })}
            aria-label={t('segments.behavior.window.range')}
            data-testid="behavior-range"
          />
        )}
      </Space>
      <div className="rule-behavior-where">
        {node.where.length > 0 && <Typography.Text type="secondary">{t('segments.behavior.where')}</Typography.Text>}
        {node.where.map((f) => (
          <WhereEditor key={f.id} node={node} filter={f} ctx={ctx} />
        ))}
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => set({ where: [...node.where, newFilter()] })}
          data-testid="behavior-add-where"
        >
          {t('segments.behavior.addWhere')}
        </Button>
      </div>
    </div>
  )
}
