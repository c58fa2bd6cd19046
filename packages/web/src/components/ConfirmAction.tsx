import type { ReactNode } from 'react'
import { App, Button, Popconfirm } from 'antd'
import { useErrorText } from './ErrorAlert'

export interface ConfirmActionProps {
  /** The button's text and icon. */
  readonly label: string
  readonly icon: ReactNode
  readonly ariaLabel: string
  readonly testId: string
  /** The confirmation's question, explanation and buttons. */
  readonly title: string
  readonly description?: ReactNode
  readonly okText: string
  readonly cancelText: string
  /** A destructive action: red button, red confirmation. */
  readonly danger?: boolean
  readonly loading: boolean
  /** Does the work once confirmed. */
  readonly run: () => Promise<unknown>
  /** What to say when it worked, and when it failed (given the server's message). */
  readonly success: string
  readonly failure: (message: string) => string
}

/** A small table-row button that asks before it acts, then reports success or the failure. */
export function ConfirmAction(props: ConfirmActionProps) {
  const { message } = App.useApp()
  const errorText = useErrorText()
  return (
    <Popconfirm
      placement="topRight"
      title={props.title}
      description={props.description}
      okText={props.okText}
      cancelText={props.cancelText}
      okButtonProps={{ danger: true, loading: props.loading }}
      onConfirm={() =>
        props
          .run()
          .then(() => void message.success(props.success))
          .catch((e: unknown) => void message.error(props.failure(errorText(e))))
      }
    >
      <Button size="small" danger={props.danger} icon={props.icon} aria-label={props.ariaLabel} data-testid={props.testId}>
        {props.label}
      </Button>
    </Popconfirm>
  )
}
