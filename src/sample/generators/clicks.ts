// What the workshop's Glue streaming job writes to .../gluestreaming/total_clicks/ (seed 000):
// clicks per customer and web page over one-minute windows, one JSON-lines file per hour
// partition (year=/month=/day=/hour=). Customers are drawn with a skew, so the top-customers view
// has a clear top.
import { SampleRandom, cumulativeWeights } from '../random.js';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, WEB_PAGES } from '../vocabulary.js';
import { hivePath, spread, type Column, type SampleTable, type Value } from '../table.js';

export const CLICK_COLUMNS: readonly Column[] = [
  { name: 'c_full_name', type: 'VARCHAR' },
  { name: 'c_email_address', type: 'VARCHAR' },
  { name: 'total_clicks', type: 'BIGINT' },
  { name: 'c_customer_id', type: 'VARCHAR' },
  { name: 'web_page', type: 'VARCHAR' },
  { name: 'window_start', type: 'TIMESTAMP' },
  { name: 'window_end', type: 'TIMESTAMP' },
];

/** The sample spans these UTC hours of 2024-05-01. */
export const CLICK_DAY = { year: 2024, month: 5, day: 1 } as const;
export const CLICK_HOURS = [8, 9, 10, 11] as const;

export function* clicks(rows: number, seed: number): Iterable<SampleTable> {
  const rng = new SampleRandom(seed);
  const customerCount = Math.max(20, Math.min(5000, Math.floor(rows / 20)));
  const pool = Array.from({ length: customerCount }, (_, i) => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    return {
      id: `C${String(i + 1).padStart(6, '0')}`,
      name: `${first} ${last}`,
      email: `${first}.${last}${i + 1}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase(),
    };
  });
  // Zipf-like weights: customer k is picked in proportion to 1/k.
  const weights = cumulativeWeights(pool.map((_, k) => 1 / (k + 1)));
  const perHour = spread(rows, CLICK_HOURS.length);
  for (let h = 0; h < CLICK_HOURS.length; h++) {
    const hour = CLICK_HOURS[h]!;
    const hourStart = Date.UTC(CLICK_DAY.year, CLICK_DAY.month - 1, CLICK_DAY.day, hour);
    const out: Value[][] = [];
    for (let i = 0; i < perHour[h]!; i++) {
      const c = rng.pickWeighted(pool, weights);
      const start = hourStart + rng.int(0, 59) * 60_000;
      out.push([
        c.name,
        c.email,
        rng.int(1, 40),
        c.id,
        rng.pick(WEB_PAGES),
        new Date(start).toISOString(),
        new Date(start + 60_000).toISOString(),
      ]);
    }
    yield {
      key: `${hivePath([
        ['year', CLICK_DAY.year],
        ['month', CLICK_DAY.month],
        ['day', CLICK_DAY.day],
        ['hour', hour],
      ])}/total-clicks-00000`,
      columns: CLICK_COLUMNS,
      rows: out,
    };
  }
}
