import { Tooltip, Typography } from 'antd'

/** A long generated id (a UUID) shortened to its first characters; the whole id on hover and when copied. */
export function ShortId({ id, keep = 8 }: { id: string; keep?: number }) {
  if (id.length <= keep + 4) return <span className="num">{id}</span>
  return (
    <Tooltip title={id}>
      <Typography.Text className="num" copyable={{ text: id }}>
        {`${id.slice(0, keep)}…`}
      </Typography.Text>
    </Tooltip>
  )
}
