import type { CatalogueItem, CatalogueLevel, CatalogueStore } from '../catalogue.js'
import type { DuckDbSql } from './duckdb-sql.js'

/** Column of `order_lines` per level: identifiers come from this whitelist only. */
const LEVEL_COLUMN: Record<CatalogueLevel, string> = { sku: 'sku', category: 'category', product_name: 'product_name' }

export class DuckDbCatalogueStore implements CatalogueStore {
  constructor(private readonly sql: DuckDbSql) {}

  async items(workspaceId: string, level: CatalogueLevel): Promise<CatalogueItem[]> {
    const column = LEVEL_COLUMN[level]
    // Deterministic names: the most frequent product name and category, ties by value.
    const rows = await this.sql.all(
      `WITH named AS (
         SELECT ${column} AS item, product_name, category, count(*) AS n
         FROM order_lines
         WHERE workspace_id = $1 AND NOT is_return AND ${column} IS NOT NULL
         GROUP BY ALL
       ), ordered AS (
         SELECT ${column} AS item, count(DISTINCT order_id) AS orders
         FROM order_lines
         WHERE workspace_id = $1 AND NOT is_return AND ${column} IS NOT NULL
         GROUP BY ALL
       ), names AS (
         SELECT item,
           first(product_name ORDER BY n DESC, product_name) FILTER (WHERE product_name IS NOT NULL) AS name,
           first(category ORDER BY n DESC, category) FILTER (WHERE category IS NOT NULL) AS category
         FROM named GROUP BY item
       )
       SELECT o.item, o.orders, names.name, names.category
       FROM ordered o JOIN names ON names.item = o.item
       ORDER BY o.orders DESC, o.item`,
      [workspaceId],
    )
    return rows.map((r) => {
      const item = String(r.item)
      const named = r.name === null || r.name === undefined ? item : String(r.name)
      return {
        item,
        name: level === 'sku' ? named : item,
        category: level === 'category' ? item : r.category === null || r.category === undefined ? null : String(r.category),
        orders: Number(r.orders),
      }
    })
  }
}
