import type { evaluationZhCN } from './evaluation.zh-CN'

/** English strings of the segment evaluation page. Same keys as `evaluation.zh-CN.ts`. */
export const evaluationEn: typeof evaluationZhCN = {
  nav: 'Evaluation',
  title: 'Segment evaluation and targeting',
  subtitle:
    'Measure each segment’s size, growth, value, conversion and reach, rank the segments by an attractiveness score with weights you choose, and pick the targets.',
  window: 'Activity window {{from}} – {{to}} ({{days}} days, up to the latest order or event)',
  customers: '{{count}} customers in all',
  marketing: 'Marketing spend in the window {{spend}}; {{active}} active customers; {{cost}} per active customer',
  marketingNone: 'No marketing spend or no active customers in the window: revenue after marketing is not computed',
  criteria: {
    size: 'Size',
    growth: 'Growth',
    value_per_member: 'Revenue per member',
    clv: 'Average CLV',
    conversion: 'Conversion',
    reachable: 'Reachable share',
    low_churn: 'Low churn risk',
  },
  weights: {
    title: 'Weights',
    note: 'Weights are relative: move a slider and the ranking updates at once. Each criterion is min–max normalised across the evaluated segments.',
    unavailable: 'No data, left out of the score: {{list}}',
    reset: 'Reset',
  },
  ranking: {
    title: 'Target ranking',
    note: 'Bar length is the attractiveness score (0–1); each block is one criterion’s contribution.',
    rank: 'Rank',
    score: 'Score',
  },
  scorecard: {
    title: 'Scorecard',
    name: 'Segment',
    size: 'Members',
    share: 'Share',
    growth: 'Growth',
    revenue: 'Revenue',
    revenueShare: 'Revenue share',
    aov: 'Avg order value',
    frequency: 'Orders / member',
    clv: 'Avg CLV',
    pAlive: 'Avg P(alive)',
    churn: 'Avg churn risk',
    conversion: 'Conversion',
    reachable: 'Reachable',
    contribution: 'Revenue after marketing',
    none: '—',
  },
  bubble: {
    title: 'Segment bubbles',
    note: 'Across: members; up: {{y}}; bubble size: revenue; colour: growth.',
    x: 'Members',
    growth: 'Growth',
    revenue: 'Revenue',
  },
  overlap: {
    title: 'Segment overlap',
    note: 'Each cell: the share of the row segment’s members who are also in the column segment.',
    cell: '{{row}} also in {{col}}: {{count}} ({{share}})',
  },
  empty: {
    title: 'No segments yet',
    description: 'Create segments on the Segments page first, or run init --demo for the sample segments.',
  },
}
