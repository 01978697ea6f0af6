// Athena views are read back from Glue: ViewOriginalText is "/* Presto View: <base64 JSON> */".
import { decodePrestoView, decodePrestoViewDocument, encodePrestoView } from '../../src/targets/aws/presto-view.js';

test('decodes the original SQL Athena stored', () => {
  const doc = {
    originalSql: 'SELECT 1 AS "x"',
    catalog: 'awsdatacatalog',
    schema: 'db',
    columns: [{ name: 'x', type: 'integer' }],
    owner: 'arn:aws:iam::1:user/a',
    runAsInvoker: false,
  };
  const text = `/* Presto View: ${Buffer.from(JSON.stringify(doc)).toString('base64')} */`;
  expect(decodePrestoView(text)).toBe('SELECT 1 AS "x"');
  expect(decodePrestoViewDocument(encodePrestoView(doc))).toEqual(doc);
});

test('anything else is not a Presto view', () => {
  expect(decodePrestoView(undefined)).toBeUndefined();
  expect(decodePrestoView('SELECT 1')).toBeUndefined();
  expect(decodePrestoView('/* Presto View: not-base64-json */')).toBeUndefined();
});
