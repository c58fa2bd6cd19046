import type { ReactNode } from 'react'
import { Tag, Typography } from 'antd'
import CheckCircleFilled from '@ant-design/icons/CheckCircleFilled'
import CloseCircleFilled from '@ant-design/icons/CloseCircleFilled'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { RuleExplanation, SegmentRule } from '@portrait/core'
import type { RuleText } from './useRuleText'

/** A saved rule drawn as a tree: groups with their join, NOT, and each condition in words. */
export function RuleTree({ rule, text, segmentName }: { rule: SegmentRule; text: RuleText; segmentName?: (id: string) => string }) {
  return (
    <ul className="rule-tree" data-testid="rule-tree">
      <RuleTreeItem rule={rule} text={text} segmentName={segmentName} />
    </ul>
  )
}

function RuleTreeItem({ rule, text, segmentName }: { rule: SegmentRule; text: RuleText; segmentName?: (id: string) => string }) {
  const { t } = useTranslation()
  if ('and' in rule || 'or' in rule) {
    const list = 'and' in rule ? rule.and : rule.or
    return (
      <li>
        <Tag color={'and' in rule ? 'blue' : 'orange'}>{'and' in rule ? t('segments.group.all') : t('segments.group.any')}</Tag>
        <ul className="rule-tree">
          {list.map((r, i) => (
            <RuleTreeItem key={i} rule={r} text={text} segmentName={segmentName} />
          ))}
        </ul>
      </li>
    )
  }
  if ('not' in rule) {
    return (
      <li>
        <Tag color="red">{t('segments.group.not')}</Tag>
        <ul className="rule-tree">
          <RuleTreeItem rule={rule.not} text={text} segmentName={segmentName} />
        </ul>
      </li>
    )
  }
  if ('segment' in rule) {
    return (
      <li>
        <span className="rule-tree-label">
          <Tag className="rule-kind rule-kind-segment">{t('segments.kind.segment')}</Tag>
          <Link to={`/segments/${encodeURIComponent(rule.segment)}`}>{text.describe(rule, segmentName)}</Link>
        </span>
      </li>
    )
  }
  const kind = 'trait' in rule ? 'trait' : 'score' in rule ? 'score' : 'behavior'
  return (
    <li>
      <span className="rule-tree-label">
        <Tag className={`rule-kind rule-kind-${kind}`}>{t(`segments.kind.${kind}`)}</Tag>
        <span>{text.describe(rule)}</span>
      </span>
    </li>
  )
}

/** One customer's explanation: every condition met or failed, with the actual value. */
export function ExplanationTree({
  explanation,
  text,
  formatActual,
}: {
  explanation: RuleExplanation
  text: RuleText
  formatActual: (e: RuleExplanation) => ReactNode
}) {
  return (
    <ul className="rule-tree" data-testid="explain-tree">
      <ExplanationItem node={explanation} text={text} formatActual={formatActual} />
    </ul>
  )
}

function Mark({ met }: { met: boolean }) {
  const { t } = useTranslation()
  return met ? (
    <CheckCircleFilled className="explain-met" aria-label={t('segments.explain.met')} />
  ) : (
    <CloseCircleFilled className="explain-failed" aria-label={t('segments.explain.failed')} />
  )
}

function ExplanationItem({
  node,
  text,
  formatActual,
}: {
  node: RuleExplanation
  text: RuleText
  formatActual: (e: RuleExplanation) => ReactNode
}) {
  const { t } = useTranslation()
  const children = node.children ?? []
  if ((node.kind === 'and' || node.kind === 'or') && children.length === 1) {
    return <ExplanationItem node={children[0] as RuleExplanation} text={text} formatActual={formatActual} />
  }
  let label: ReactNode
  switch (node.kind) {
    case 'and':
      label = t('segments.explain.allOf')
      break
    case 'or':
      label = t('segments.explain.anyOf')
      break
    case 'not':
      label = t('segments.explain.not')
      break
    case 'segment':
      label = t('segments.explain.inSegment', { name: node.segment?.name ?? '' })
      break
    default:
      label = node.condition ? text.describe(node.condition) : node.description
  }
  return (
    <li data-testid="explain-node" data-met={String(node.met)} data-path={node.path}>
      <span className="rule-tree-label">
        <Mark met={node.met} />
        <span>{label}</span>
        <Typography.Text type={node.met ? 'success' : 'danger'} className="explain-status">
          {node.met ? t('segments.explain.met') : t('segments.explain.failed')}
        </Typography.Text>
        {node.actual !== undefined && (
          <span className="explain-actual" data-testid="explain-actual">
            {t('segments.explain.actual')}: {formatActual(node)}
          </span>
        )}
      </span>
      {children.length > 0 && (
        <ul className="rule-tree">
          {children.map((c, i) => (
            <ExplanationItem key={i} node={c} text={text} formatActual={formatActual} />
          ))}
        </ul>
      )}
    </li>
  )
}
