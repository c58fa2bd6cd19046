/**
 * The field catalogue of the rule builder: every field the rule language accepts, with the values
 * found in the workspace's data for the pickers (city tiers, trait keys and their values, event
 * names, model scores that exist).
 */
import {
  BEHAVIOR_MEASURES,
  BEHAVIOR_SOURCES,
  BEHAVIOR_TABLES,
  MEASURE_OPERATORS,
  OPERATORS_BY_TYPE,
  RULE_OPERATORS,
  SCORE_RULE_FIELDS,
  TRAIT_FIELDS,
  TRAIT_JSON_PREFIX,
  isPersonalRuleField,
  personalFieldOperators,
  type RuleFieldType,
  type RuleOperator,
  type SegmentFieldsResponse,
} from '@portrait/core'
import type { Portrait } from '../portrait.js'

/** Encrypted personal fields support only presence and exact matches (through their blind index). */
const encryptedOperators = (field: string): { operators?: RuleOperator[] } =>
  isPersonalRuleField(field) ? { operators: [...personalFieldOperators(field)] } : {}

export async function segmentFields(p: Portrait): Promise<SegmentFieldsResponse> {
  const cat = await p.store.segments.fieldCatalogue(p.workspaceId)
  const traits = [
    ...Object.entries(TRAIT_FIELDS).map(([field, type]) => ({
      field,
      type: type as RuleFieldType,
      values: [...(cat.traitValues[field] ?? [])],
      ...encryptedOperators(field),
    })),
    // a traits key is typed by the values found in the data, so the builder offers fitting operators
    ...cat.traitKeys.map((k) => ({
      field: `${TRAIT_JSON_PREFIX}${k.key}`,
      type: (k.numeric ? 'number' : 'text') as RuleFieldType,
      values: [...k.values],
      ...encryptedOperators(`${TRAIT_JSON_PREFIX}${k.key}`),
    })),
  ]
  const behaviors = BEHAVIOR_SOURCES.map((behavior) => {
    const table = BEHAVIOR_TABLES[behavior]
    return {
      behavior,
      fields: Object.entries(table.columns).map(([field, type]) => ({
        field,
        type: type as RuleFieldType,
        values: [...(cat.behaviorValues[`${behavior}.${field}`] ?? [])],
      })),
      numeric: [...table.numeric],
    }
  })
  return {
    operators: [...RULE_OPERATORS],
    operators_by_type: Object.fromEntries(Object.entries(OPERATORS_BY_TYPE).map(([k, v]) => [k, [...v]])),
    measure_operators: [...MEASURE_OPERATORS],
    traits,
    behaviors,
    measures: [...BEHAVIOR_MEASURES],
    events: [...cat.events],
    scores: Object.entries(SCORE_RULE_FIELDS).map(([field, type]) => ({
      field,
      type,
      values: [...(cat.scoreValues[field] ?? [])],
      available: cat.scores.includes(field),
    })),
  }
}
