import { useEffect, useRef, useState } from 'react'
import { Card, Input, Table, Typography } from 'antd'
import type { TableProps } from 'antd'
import { useNavigate, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { CustomerListItem } from '@portrait/core'
import { CUSTOMER_SORTS, useCustomers, type CustomerListParams, type CustomerSort } from '../api/useCustomers'
import { ErrorAlert } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { useCustomerColumns } from '../components/customerColumns'
import { useFormat } from '../i18n/useFormat'

const PAGE_SIZES = [20, 50, 100, 200]
const DEFAULT_PAGE_SIZE = 20
const SEARCH_DEBOUNCE_MS = 350

/** Reads the list state from the address bar, so the back button and shared links keep the view. */
export function listParamsFromSearch(search: URLSearchParams): CustomerListParams & { page: number } {
  const size = Number(search.get('size'))
  const limit = PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE
  const page = Math.max(1, Math.floor(Number(search.get('page'))) || 1)
  const sortParam = search.get('sort')
  const sort: CustomerSort = CUSTOMER_SORTS.includes(sortParam as CustomerSort) ? (sortParam as CustomerSort) : 'revenue'
  const order = search.get('order') === 'asc' ? 'asc' : 'desc'
  return { q: search.get('q') ?? '', limit, offset: (page - 1) * limit, sort, order, page }
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, delayMs])
  return debounced
}

export default function CustomersPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const navigate = useNavigate()
  const [searchParams, setSearchParams] = useSearchParams()
  const params = listParamsFromSearch(searchParams)
  const [searchText, setSearchText] = useState(params.q)
  const debouncedSearch = useDebounced(searchText, SEARCH_DEBOUNCE_MS)

  const update = (changes: Record<string, string | number | null>) => {
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key)
          else next.set(key, String(value))
        }
        return next
      },
      { replace: true },
    )
  }

  // the search term this page last wrote to the address bar
  const pushedSearch = useRef(params.q)

  // a new search term starts again on page 1
  useEffect(() => {
    const term = debouncedSearch.trim()
    if (term !== params.q.trim()) {
      pushedSearch.current = term
      update({ q: term || null, page: null })
    }
  }, [debouncedSearch])

  // the address changed from outside (menu link, back button): show its term in the box
  useEffect(() => {
    if (params.q !== pushedSearch.current) {
      pushedSearch.current = params.q
      setSearchText(params.q)
    }
  }, [params.q])

  const { q, limit, offset, sort, order, page } = params
  const { data, error, isFetching, refetch } = useCustomers({ q, limit, offset, sort, order })

  const columns = useCustomerColumns(sort, order)

  const onChange: TableProps<CustomerListItem>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter
    const key = s?.columnKey as CustomerSort | undefined
    const changes: Record<string, string | number | null> = {}
    if (s?.order && key && CUSTOMER_SORTS.includes(key)) {
      changes.sort = key
      changes.order = s.order === 'ascend' ? 'asc' : 'desc'
    } else {
      changes.sort = null
      changes.order = null
    }
    const newSize = pagination.pageSize ?? limit
    const sortChanged = (changes.sort ?? 'revenue') !== sort || (changes.order ?? 'desc') !== order
    changes.size = newSize === DEFAULT_PAGE_SIZE ? null : newSize
    changes.page = sortChanged || newSize !== limit ? null : (pagination.current ?? 1) === 1 ? null : (pagination.current ?? 1)
    update(changes)
  }

  return (
    <>
      <PageHeader title={t('customers.title')} subtitle={t('customers.subtitle')} />
      <Card variant="borderless">
        <Input.Search
          allowClear
          aria-label={t('customers.searchLabel')}
          placeholder={t('customers.searchPlaceholder')}
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          onSearch={(value) => {
            setSearchText(value)
            pushedSearch.current = value.trim()
            update({ q: value.trim() || null, page: null })
          }}
          style={{ maxWidth: 480, marginBottom: 16 }}
          data-testid="customers-search"
        />
        {error ? (
          <ErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<CustomerListItem>
            data-testid="customers-table"
            className="clickable-rows"
            rowKey="customer_id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isFetching}
            scroll={{ x: 960 }}
            locale={{ emptyText: t('customers.empty') }}
            onChange={onChange}
            sortDirections={['descend', 'ascend']}
            onRow={(row) => ({
              onClick: () => void navigate(`/customers/${encodeURIComponent(row.customer_id)}`),
            })}
            pagination={{
              current: page,
              pageSize: limit,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (total) => (
                <Typography.Text type="secondary">{t('customers.total', { total: fmt.number(total) })}</Typography.Text>
              ),
            }}
          />
        )}
      </Card>
    </>
  )
}
