import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { disableSchemaCompilation } from '@portrait/core/schema-config'
import './i18n'
import './styles.css'
import { App } from './App'

// No `new Function` under the Content-Security-Policy (see docs/security.md).
disableSchemaCompilation()

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
