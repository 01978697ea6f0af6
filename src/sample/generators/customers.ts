// Customers in the TPC-DS naming the seed workshops use (c_full_name, c_email_address, ...), with
// what a dedup pipeline must cope with: ~15% near-duplicates of earlier customers (another id, the
// email upper-cased or padded with spaces, the name's case changed) and some missing values.
import { SampleRandom, cumulativeWeights } from '../random.js';
import { COUNTRIES, COUNTRY_WEIGHTS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from '../vocabulary.js';
import type { Column, SampleTable, Value } from '../table.js';

export const CUSTOMER_COLUMNS: readonly Column[] = [
  { name: 'c_customer_id', type: 'VARCHAR' },
  { name: 'c_first_name', type: 'VARCHAR' },
  { name: 'c_last_name', type: 'VARCHAR' },
  { name: 'c_full_name', type: 'VARCHAR' },
  { name: 'c_email_address', type: 'VARCHAR' },
  { name: 'c_birth_country', type: 'VARCHAR' },
  { name: 'c_birth_year', type: 'BIGINT' },
  { name: 'c_signup_date', type: 'DATE' },
  { name: 'c_lifetime_value', type: 'DOUBLE' },
];

export const DUPLICATE_SHARE = 0.15;
const ROWS_PER_FILE = 100_000;
const SIGNUP_START = Date.UTC(2019, 0, 1);
const SIGNUP_DAYS = 5 * 365;

export const customerId = (n: number): string => `C${String(n).padStart(6, '0')}`;

function variantEmail(rng: SampleRandom, email: string): string {
  switch (rng.int(0, 2)) {
    case 0:
      return email.toUpperCase();
    case 1:
      return `  ${email} `;
    default:
      return email.replace(/^./, (c) => c.toUpperCase());
  }
}

/** Every customer row, in id order; near-duplicates refer back to an earlier original. */
export function customerRows(rows: number, seed: number): Value[][] {
  const rng = new SampleRandom(seed);
  const countryWeights = cumulativeWeights(COUNTRY_WEIGHTS);
  const out: Value[][] = [];
  for (let i = 1; i <= rows; i++) {
    const id = customerId(i);
    if (out.length > 10 && rng.chance(DUPLICATE_SHARE)) {
      const original = out[rng.int(0, out.length - 1)]!;
      const email = original[4] === null ? null : variantEmail(rng, original[4] as string);
      const fullName = rng.chance(0.5) ? (original[3] as string).toUpperCase() : (original[3] as string);
      out.push([
        id,
        original[1],
        original[2],
        fullName,
        email,
        original[5],
        original[6],
        original[7],
        rng.money(0, 5000),
      ]);
      continue;
    }
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const email = rng.chance(0.03) ? null : `${first}.${last}${i}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase();
    const country = rng.chance(0.05) ? null : rng.pickWeighted(COUNTRIES, countryWeights);
    const birthYear = rng.chance(0.05) ? null : rng.int(1950, 2005);
    const signup = rng.chance(0.02)
      ? null
      : new Date(SIGNUP_START + rng.int(0, SIGNUP_DAYS) * 86_400_000).toISOString().slice(0, 10);
    out.push([id, first, last, `${first} ${last}`, email, country, birthYear, signup, rng.money(0, 5000)]);
  }
  return out;
}

export function* customers(rows: number, seed: number): Iterable<SampleTable> {
  const all = customerRows(rows, seed);
  for (let start = 0, part = 0; start < all.length; start += ROWS_PER_FILE, part++) {
    yield {
      key: `customers-${String(part).padStart(5, '0')}`,
      columns: CUSTOMER_COLUMNS,
      rows: all.slice(start, start + ROWS_PER_FILE),
    };
  }
}
