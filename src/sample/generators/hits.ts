// Raw webpage hits in seed 004's schema (GroupID, CountryCode, UserAgent, Language, Domain,
// Timestamp) under year=/month=/day=/hour=/minute= folders, one file per minute, spanning six
// hours of a fixed day so tests can pick an hour (e.g. 2024-05-01T10:00:00Z) and know its rows.
import { SampleRandom, cumulativeWeights } from '../random.js';
import {
  COUNTRIES,
  COUNTRY_WEIGHTS,
  DOMAINS,
  DOMAIN_WEIGHTS,
  LANGUAGES,
  USER_AGENTS,
  USER_AGENT_WEIGHTS,
} from '../vocabulary.js';
import { hivePath, pad2, spread, type Column, type SampleTable, type Value } from '../table.js';

export const HIT_COLUMNS: readonly Column[] = [
  { name: 'GroupID', type: 'BIGINT' },
  { name: 'CountryCode', type: 'VARCHAR' },
  { name: 'UserAgent', type: 'VARCHAR' },
  { name: 'Language', type: 'VARCHAR' },
  { name: 'Domain', type: 'VARCHAR' },
  { name: 'Timestamp', type: 'TIMESTAMP' },
];

export const HIT_DAY = { year: 2024, month: 5, day: 1 } as const;
/** First hour (UTC) and number of hours the sample covers: 06:00 to 11:59. */
export const HIT_FIRST_HOUR = 6;
export const HIT_HOURS = 6;

/** How many rows land in each hour for a given total (rows are spread evenly over the minutes). */
export function hitsPerHour(rows: number): number[] {
  const perMinute = spread(rows, HIT_HOURS * 60);
  return Array.from({ length: HIT_HOURS }, (_, h) => perMinute.slice(h * 60, h * 60 + 60).reduce((a, b) => a + b, 0));
}

export function* hits(rows: number, seed: number): Iterable<SampleTable> {
  const rng = new SampleRandom(seed);
  const countryWeights = cumulativeWeights(COUNTRY_WEIGHTS);
  const domainWeights = cumulativeWeights(DOMAIN_WEIGHTS);
  const agentWeights = cumulativeWeights(USER_AGENT_WEIGHTS);
  const perMinute = spread(rows, HIT_HOURS * 60);
  for (let m = 0; m < perMinute.length; m++) {
    const hour = HIT_FIRST_HOUR + Math.floor(m / 60);
    const minute = m % 60;
    // "2024-05-01T10:07:" - each row adds seconds and milliseconds (cheaper than a Date per row).
    const minutePrefix = new Date(Date.UTC(HIT_DAY.year, HIT_DAY.month - 1, HIT_DAY.day, hour, minute))
      .toISOString()
      .slice(0, 17);
    const out: Value[][] = new Array(perMinute[m]!);
    for (let i = 0; i < out.length; i++) {
      const country = rng.pickWeighted(COUNTRIES, countryWeights);
      const ms = rng.int(0, 59_999);
      const milli = ms % 1000;
      out[i] = [
        rng.int(1, 20),
        country,
        rng.pickWeighted(USER_AGENTS, agentWeights),
        LANGUAGES[country] ?? 'en-US',
        rng.pickWeighted(DOMAINS, domainWeights),
        `${minutePrefix}${pad2((ms - milli) / 1000)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`,
      ];
    }
    const folder = hivePath([
      ['year', HIT_DAY.year],
      ['month', HIT_DAY.month],
      ['day', HIT_DAY.day],
      ['hour', hour],
      ['minute', minute],
    ]);
    yield { key: `${folder}/hits-00000`, columns: HIT_COLUMNS, rows: out };
  }
}
