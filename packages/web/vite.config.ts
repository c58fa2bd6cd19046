import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Puts the big libraries in their own long-lived chunks; the pages themselves are split per route. */
function manualChunks(id: string): string | undefined {
  if (!id.includes('/node_modules/')) return undefined
  if (/\/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
  if (
    /\/node_modules\/(antd|@ant-design|@rc-component|rc-[^/]+|@emotion|stylis|dayjs|compute-scroll-into-view|scroll-into-view-if-needed|throttle-debounce|classnames|clsx)\//.test(
      id,
    )
  )
    return 'antd'
  if (/\/node_modules\/(react|react-dom|scheduler|react-router|cookie|set-cookie-parser)\//.test(id)) return 'react'
  return undefined
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    // `@portrait/core` resolves to its TypeScript sources (only its types are imported)
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: { manualChunks },
    },
  },
})
