import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { CustomerListQuery, CustomerListResponse } from '@portrait/core'
import { getJson, withQuery } from './client'
import { queryKeys } from './queryKeys'

export type CustomerSort = CustomerListQuery['sort']
export type SortOrder = CustomerListQuery['order']
export const CUSTOMER_SORTS: readonly CustomerSort[] = ['revenue', 'orders', 'last_order_at', 'customer_id', 'age']

export interface CustomerListParams {
  q: string
  limit: number
  offset: number
  sort: CustomerSort
  order: SortOrder
}

export function customerListPath(params: CustomerListParams): string {
  return withQuery('/api/v1/customers', {
    q: params.q.trim(),
    limit: params.limit,
    offset: params.offset,
    sort: params.sort,
    order: params.order,
  })
}

export function useCustomers(params: CustomerListParams) {
  return useQuery({
    queryKey: queryKeys.customerList(params),
    queryFn: ({ signal }) => getJson<CustomerListResponse>(customerListPath(params), { signal }),
    // keep the current page on screen while the next one loads
    placeholderData: keepPreviousData,
  })
}
