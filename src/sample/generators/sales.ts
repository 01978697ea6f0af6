// Sales orders for the BYOD curation pipeline (seed 002): orders over the first half of 2024 by
// customers C000001..C000400 (the customers sample's default ids), with
// total_amount = quantity x unit_price to the cent.
import { SampleRandom, cumulativeWeights } from '../random.js';
import { COUNTRIES, COUNTRY_WEIGHTS, PRODUCT_CATEGORIES, SALES_CHANNELS } from '../vocabulary.js';
import type { Column, SampleTable, Value } from '../table.js';

export const SALES_COLUMNS: readonly Column[] = [
  { name: 'order_id', type: 'VARCHAR' },
  { name: 'order_date', type: 'DATE' },
  { name: 'customer_id', type: 'VARCHAR' },
  { name: 'product_id', type: 'VARCHAR' },
  { name: 'product_category', type: 'VARCHAR' },
  { name: 'quantity', type: 'BIGINT' },
  { name: 'unit_price', type: 'DOUBLE' },
  { name: 'total_amount', type: 'DOUBLE' },
  { name: 'country', type: 'VARCHAR' },
  { name: 'channel', type: 'VARCHAR' },
];

const ROWS_PER_FILE = 100_000;
const FIRST_DAY = Date.UTC(2024, 0, 1);
const DAYS = 182;
const CUSTOMERS = 400;
const PRODUCTS = 50;

export function* sales(rows: number, seed: number): Iterable<SampleTable> {
  const rng = new SampleRandom(seed);
  const countryWeights = cumulativeWeights(COUNTRY_WEIGHTS);
  // Each product has a fixed category and list price.
  const products = Array.from({ length: PRODUCTS }, (_, i) => ({
    id: `P${String(i + 1).padStart(4, '0')}`,
    category: rng.pick(PRODUCT_CATEGORIES),
    price: rng.money(2, 250),
  }));
  for (let start = 0, part = 0; start < rows; start += ROWS_PER_FILE, part++) {
    const count = Math.min(ROWS_PER_FILE, rows - start);
    const out: Value[][] = new Array(count);
    for (let i = 0; i < count; i++) {
      const p = rng.pick(products);
      const quantity = rng.int(1, 5);
      out[i] = [
        `O${String(start + i + 1).padStart(7, '0')}`,
        new Date(FIRST_DAY + rng.int(0, DAYS - 1) * 86_400_000).toISOString().slice(0, 10),
        `C${String(rng.int(1, CUSTOMERS)).padStart(6, '0')}`,
        p.id,
        p.category,
        quantity,
        p.price,
        Math.round(quantity * p.price * 100) / 100,
        rng.pickWeighted(COUNTRIES, countryWeights),
        rng.pick(SALES_CHANNELS),
      ];
    }
    yield { key: `sales-${String(part).padStart(5, '0')}`, columns: SALES_COLUMNS, rows: out };
  }
}
