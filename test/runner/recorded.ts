// Loads AWS responses recorded under test/fixtures/recorded/ (shaped as the API references
// document them). The SDK hands timestamps to callers as Date objects, so ISO strings under
// timestamp-like keys are revived as Dates, as the SDK's deserialisers would.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../fixtures/recorded/', import.meta.url));
const DATE_KEY = /(DateTime|Date|On|timestamp|Time)$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

export function recorded<T = any>(name: string): T {
  return JSON.parse(readFileSync(ROOT + name, 'utf8'), (key, value) =>
    typeof value === 'string' && DATE_KEY.test(key) && ISO.test(value) ? new Date(value) : value,
  ) as T;
}
