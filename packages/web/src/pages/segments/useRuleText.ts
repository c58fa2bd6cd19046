import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { BehaviorCondition, RuleOperator, RuleValue, SegmentRule } from '@portrait/core'
import i18n from '../../i18n/index'
import { useLabels } from '../../i18n/useLabels'

const TRAITS_PREFIX = 'traits.'
const PROPERTIES_PREFIX = 'properties.'

/**
 * Rule wording in the interface language: field, operator and score names, values (codes such as
 * `tier1` or `female` translated) and one-line descriptions of conditions.
 */
export function useRuleText() {
  const { t } = useTranslation()
  const labels = useLabels()
  return useMemo(() => {
    const translate = t as unknown as (key: string, options?: Record<string, unknown>) => string
    const fieldLabel = (field: string): string => {
      if (field.startsWith(TRAITS_PREFIX)) return labels.traitKey(field.slice(TRAITS_PREFIX.length))
      if (field.startsWith(PROPERTIES_PREFIX)) return field
      const key = `segments.fields.${field}`
      return i18n.exists(key) ? translate(key) : field
    }
    const scoreLabel = (score: string): string => {
      const key = `segments.scores.${score.replace('.', '_')}`
      return i18n.exists(key) ? translate(key) : score
    }
    const opLabel = (op: RuleOperator): string => translate(`segments.op.${op}`)
    const basisLabel = (basis: string | null | undefined): string =>
      basis && i18n.exists(`segments.basis.${basis}`) ? translate(`segments.basis.${basis}`) : translate('segments.basis.none')
    const sourceLabel = (b: BehaviorCondition['behavior']): string => translate(`segments.behavior.source.${b}`)
    const measureLabel = (m: BehaviorCondition['measure']): string => translate(`segments.behavior.measure.${m}`)

    /** A value as shown: codes of known dimensions translated, booleans as yes/no. */
    const scalarText = (field: string, v: unknown): string => {
      if (typeof v === 'boolean') return translate(v ? 'segments.condition.yes' : 'segments.condition.no')
      const s = String(v)
      if (field === 'city_tier') return labels.cityTier(s)
      if (field === 'gender') return labels.gender(s)
      if (field === 'channel') return labels.channel(s)
      if (field === 'family_status') return labels.familyStatus(s)
      return s
    }
    const comparison = (field: string, subject: string, op: RuleOperator, value: RuleValue | undefined): string => {
      if (op === 'exists')
        return translate(value === false ? 'segments.describe.isMissing' : 'segments.describe.isPresent', { field: subject })
      if (Array.isArray(value)) {
        if (op === 'between')
          return `${subject} ${opLabel(op)} ${translate('segments.describe.between', { low: scalarText(field, value[0]), high: scalarText(field, value[1]) })}`
        return `${subject} ${opLabel(op)} ${value.map((v) => scalarText(field, v)).join(' / ')}`
      }
      return `${subject} ${opLabel(op)} ${scalarText(field, value)}`
    }
    const windowText = (w: BehaviorCondition['within']): string => {
      if (!w) return ''
      if ('days' in w) return translate('segments.describe.lastDays', { days: w.days })
      if (w.from && w.to) return translate('segments.describe.range', { from: w.from, to: w.to })
      return w.from ? translate('segments.describe.from', { from: w.from }) : translate('segments.describe.to', { to: w.to })
    }
    const behaviorText = (r: BehaviorCondition): string => {
      const what = [
        sourceLabel(r.behavior),
        r.event ? translate('segments.describe.event', { name: r.event }) : '',
        windowText(r.within),
        r.where?.length
          ? translate('segments.describe.where', {
              filters: r.where
                .map((f) => comparison(f.field, fieldLabel(f.field), f.op, f.value))
                .join(` ${translate('segments.describe.and')} `),
            })
          : '',
      ]
        .filter(Boolean)
        .join(' ')
      if (r.op === 'exists') return translate(r.value === false ? 'segments.describe.hasNot' : 'segments.describe.has', { what })
      const field = r.measure === 'count' ? '' : (r.field ?? (r.measure === 'distinct' ? '' : 'amount'))
      const measure = field
        ? translate('segments.describe.measureOf', { measure: measureLabel(r.measure), field: fieldLabel(field) })
        : measureLabel(r.measure)
      return comparison('', `${what} ${measure}`, r.op, r.value)
    }
    /** One condition in words; groups are drawn as trees by the components, not described here. */
    const describe = (rule: SegmentRule, segmentName?: (id: string) => string): string => {
      if ('trait' in rule) return comparison(rule.trait, fieldLabel(rule.trait), rule.op, rule.value)
      if ('score' in rule) return comparison(rule.score, scoreLabel(rule.score), rule.op, rule.value)
      if ('segment' in rule) return translate('segments.describe.inSegment', { name: segmentName?.(rule.segment) ?? rule.segment })
      if ('behavior' in rule) return behaviorText(rule)
      if ('not' in rule) return `${translate('segments.describe.not')} ${describe(rule.not, segmentName)}`
      const list = 'and' in rule ? rule.and : rule.or
      const join = translate('and' in rule ? 'segments.describe.and' : 'segments.describe.or')
      return list.map((r) => `(${describe(r, segmentName)})`).join(` ${join} `)
    }
    return { fieldLabel, scoreLabel, opLabel, basisLabel, sourceLabel, measureLabel, scalarText, describe }
  }, [t, labels])
}

export type RuleText = ReturnType<typeof useRuleText>
