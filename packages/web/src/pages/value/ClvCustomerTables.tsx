import { Alert, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { ClvCustomer } from '@portrait/core'
import { useClvCustomers, type ClvCustomersParams } from '../../api/useClvCustomers'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useValueFormat } from './useValueFormat'

const ROWS = 10

function pAliveColor(p: number): string {
  if (p >= 0.7) return 'green'
  if (p >= 0.4) return 'gold'
  return 'red'
}

function useColumns(): TableProps<ClvCustomer>['columns'] {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  return [
    {
      key: 'customer',
      dataIndex: 'customer_id',
      title: t('value.customers.columns.customer'),
      render: (id: string, row) => (
        <Link to={`/customers/${encodeURIComponent(id)}`}>
          {row.name ?? id}
          {row.name && (
            <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
              {id}
            </Typography.Text>
          )}
        </Link>
      ),
    },
    {
      key: 'clv',
      dataIndex: 'clv',
      title: t('value.customers.columns.clv'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.money(v)}</span>,
    },
    {
      key: 'p_alive',
      dataIndex: 'p_alive',
      title: t('value.customers.columns.pAlive'),
      align: 'right',
      render: (v: number) => <Tag color={pAliveColor(v)}>{fmt.probability(v)}</Tag>,
    },
    {
      key: 'expected_purchases',
      dataIndex: 'expected_purchases',
      title: t('value.customers.columns.expectedPurchases'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.number(v, 1)}</span>,
    },
    {
      key: 'orders',
      dataIndex: 'orders',
      title: t('value.customers.columns.orders'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.number(v)}</span>,
    },
    {
      key: 'revenue',
      dataIndex: 'revenue',
      title: t('value.customers.columns.revenue'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.money(v)}</span>,
    },
    {
      key: 'last_purchase',
      dataIndex: 'last_purchase',
      title: t('value.customers.columns.lastPurchase'),
      render: (v: string) => <span className="num">{fmt.date(v)}</span>,
    },
  ]
}

/** One of the two customer lists of the value page (top by CLV, or valuable but probably lapsed). */
export function ClvCustomerTable({ params, testId }: { params: ClvCustomersParams; testId: string }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  const columns = useColumns()
  const { data, error, isPending, refetch } = useClvCustomers({ ...params, limit: ROWS }, true)
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />
  const rule = data?.atRiskRule
  return (
    <>
      {rule && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('value.customers.atRiskHint', { min: fmt.money(rule.minRevenue), max: fmt.probability(rule.maxPAlive) })}
        />
      )}
      <Table<ClvCustomer>
        rowKey="customer_id"
        size="small"
        loading={isPending}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: t('value.customers.none') }}
        data-testid={testId}
      />
    </>
  )
}
