/**
 * What the items of a basket are called: association rules run on SKUs or categories (short,
 * stable keys), and pages show the product names next to them.
 */
export type CatalogueLevel = 'sku' | 'category' | 'product_name'

export interface CatalogueItem {
  /** The item key at the requested level: a SKU, a category or a product name. */
  readonly item: string
  /** The product name most often recorded for a SKU; the item itself at the other levels. */
  readonly name: string
  /** The category most often recorded for the item; the item itself at the category level. */
  readonly category: string | null
  /** Orders (returns excluded) that contain the item. */
  readonly orders: number
}

export interface CatalogueStore {
  /** Every item sold at `level`, most-ordered first (ties by item). */
  items(workspaceId: string, level: CatalogueLevel): Promise<CatalogueItem[]>
}
