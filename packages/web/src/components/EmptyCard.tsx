import type { ReactNode } from 'react'
import { Card, Empty, Typography } from 'antd'

/** A page's empty state: nothing computed or loaded yet, what it is and how to get it, and an action. */
export function EmptyCard({
  title,
  description,
  testId,
  children,
}: {
  title: string
  description: string
  testId?: string
  children?: ReactNode
}) {
  return (
    <Card variant="borderless" data-testid={testId}>
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <Typography.Title level={2} className="card-title">
              {title}
            </Typography.Title>
            <Typography.Text type="secondary">{description}</Typography.Text>
          </>
        }
      >
        {children}
      </Empty>
    </Card>
  )
}
