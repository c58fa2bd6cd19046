import { useMemo } from 'react'
import { Tag } from 'antd'
import type { TableProps } from 'antd'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { CustomerListItem, CustomerListQuery } from '@portrait/core'
import { useFormat } from '../i18n/useFormat'
import { useLabels } from '../i18n/useLabels'

type Sort = CustomerListQuery['sort']

/**
 * The columns of a customer table (the customer list, a segment's members): id linking to the
 * profile, demographics, orders, revenue and last order, sortable server-side by `sort`/`order`.
 */
export function useCustomerColumns(sort: Sort, order: 'asc' | 'desc'): NonNullable<TableProps<CustomerListItem>['columns']> {
  const { t } = useTranslation()
  const fmt = useFormat()
  const labels = useLabels()
  return useMemo(() => {
    const sortOrderOf = (key: Sort) => (sort === key ? (order === 'asc' ? 'ascend' : 'descend') : null)
    const columns: NonNullable<TableProps<CustomerListItem>['columns']> = [
      {
        key: 'customer_id',
        dataIndex: 'customer_id',
        title: t('customers.columns.id'),
        sorter: true,
        sortOrder: sortOrderOf('customer_id'),
        render: (id: string, row) => (
          <Link
            to={`/customers/${encodeURIComponent(id)}`}
            onClick={(e) => e.stopPropagation()}
            aria-label={t('customers.openProfile', { name: row.name ?? id })}
          >
            {id}
          </Link>
        ),
      },
      {
        key: 'name',
        dataIndex: 'name',
        title: t('customers.columns.name'),
        render: (name: string | null) => name ?? t('common.empty'),
      },
      {
        key: 'gender',
        dataIndex: 'gender',
        title: t('customers.columns.gender'),
        render: (gender: string | null) => labels.gender(gender),
      },
      {
        key: 'age',
        dataIndex: 'age',
        title: t('customers.columns.age'),
        align: 'right',
        sorter: true,
        sortOrder: sortOrderOf('age'),
        render: (age: number | null) => <span className="num">{fmt.number(age, 0)}</span>,
      },
      {
        key: 'city',
        dataIndex: 'city',
        title: t('customers.columns.city'),
        render: (city: string | null) => city ?? t('common.empty'),
      },
      {
        key: 'city_tier',
        dataIndex: 'city_tier',
        title: t('customers.columns.cityTier'),
        render: (tier: string | null) => (tier ? <Tag>{labels.cityTier(tier)}</Tag> : t('common.empty')),
      },
      {
        key: 'orders',
        dataIndex: 'orders',
        title: t('customers.columns.orders'),
        align: 'right',
        sorter: true,
        sortOrder: sortOrderOf('orders'),
        render: (n: number) => <span className="num">{fmt.number(n)}</span>,
      },
      {
        key: 'revenue',
        dataIndex: 'revenue',
        title: t('customers.columns.revenue'),
        align: 'right',
        sorter: true,
        sortOrder: sortOrderOf('revenue'),
        render: (n: number) => <span className="num">{fmt.money(n)}</span>,
      },
      {
        key: 'last_order_at',
        dataIndex: 'last_order_at',
        title: t('customers.columns.lastOrder'),
        sorter: true,
        sortOrder: sortOrderOf('last_order_at'),
        render: (at: string | null) => <span className="num">{fmt.date(at)}</span>,
      },
    ]
    return columns
  }, [t, fmt, labels, sort, order])
}
