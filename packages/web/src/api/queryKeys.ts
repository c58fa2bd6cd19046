import type { CustomerListParams } from './useCustomers'

/** Query keys in one place so mutations invalidate exactly what they change. */
export const queryKeys = {
  health: ['health'] as const,
  overview: ['overview'] as const,
  customers: ['customers'] as const,
  customerList: (params: CustomerListParams) => ['customers', 'list', params] as const,
  profiles: ['profile'] as const,
  profile: (id: string) => ['profile', id] as const,
  merges: ['merges'] as const,
}
