import { DuckDBInstance } from '@duckdb/node-api';
import { transpile, Dialect } from '@polyglot-sql/sdk';
test('duckdb', async () => {
  const i = await DuckDBInstance.create(':memory:');
  const c = await i.connect();
  const r = await c.runAndReadAll('select 42 as x');
  expect(r.getRowObjects()).toEqual([{ x: 42 }]);
  expect(transpile('SELECT 1', Dialect.Spark, Dialect.DuckDB).success).toBe(true);
});
