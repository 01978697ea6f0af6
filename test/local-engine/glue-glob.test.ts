// Crawler exclude patterns with the examples of Glue's "Include and exclude patterns"
// (https://docs.aws.amazon.com/glue/latest/dg/define-crawler.html#crawler-data-stores-exclude).
import { excludedBy, glueGlob } from '../../src/targets/local/glue-glob.js';

// The page's layout under the include path s3://mybucket/myfolder/.
const keys = [
  'departments/finance.json',
  'departments/market-us.json',
  'departments/market-emea.json',
  'departments/market-ap.json',
  'employees/hr.json',
  'employees/john.csv',
  'employees/jane.csv',
  'employees/juan.txt',
];
const excluded = (pattern: string) => keys.filter(glueGlob(pattern));

test.each([
  ['departments/**', keys.slice(0, 4)],
  ['departments/market*', ['departments/market-us.json', 'departments/market-emea.json', 'departments/market-ap.json']],
  // "Excludes all objects below myfolder that have a name ending with .csv": ** crosses folders.
  ['**.csv', ['employees/john.csv', 'employees/jane.csv']],
  ['employees/*.csv', ['employees/john.csv', 'employees/jane.csv']],
])('the documented S3 example %s', (pattern, expected) => {
  expect(excluded(pattern)).toEqual(expected);
});

test('the pattern table: * stays in a name, ** crosses folders, ?, sets, groups, escapes, leading dots', () => {
  expect(glueGlob('*.csv')('a.csv')).toBe(true);
  expect(glueGlob('*.csv')('x/a.csv')).toBe(false);
  expect(glueGlob('*.{csv,avro}')('a.avro')).toBe(true);
  expect(glueGlob('foo.?')('foo.c')).toBe(true);
  expect(glueGlob('foo.?')('foo.cc')).toBe(false);
  expect(glueGlob('myfolder/*')('myfolder/mysource')).toBe(true);
  expect(glueGlob('myfolder/*')('myfolder/mysource/data')).toBe(false);
  expect(glueGlob('myfolder/*/*')('myfolder/mysource/data')).toBe(true);
  // "Matches subfolder myfolder as well as files below myfolder".
  expect(glueGlob('myfolder**')('myfolder')).toBe(true);
  expect(glueGlob('myfolder**')('myfolder/mydata.txt')).toBe(true);
  expect(glueGlob('[!a-c]*')('dog')).toBe(true);
  expect(glueGlob('[!a-c]*')('cat')).toBe(false);
  expect(glueGlob('\\{x\\}')('{x}')).toBe(true);
  expect(glueGlob('*')('.hidden')).toBe(true);
});

test('the documented partition example keeps only the first week of January 2015', () => {
  const days = [
    '2015/01/01',
    '2015/01/07',
    '2015/01/08',
    '2015/01/09',
    '2015/01/10',
    '2015/01/31',
    '2015/02/01',
    '2015/12/31',
  ];
  const files = days.map((d) => `${d}/part-0.json`);
  const exclude = excludedBy(['2015/01/{[!0],0[8-9]}**', '2015/0[2-9]/**', '2015/1[0-2]/**']);
  expect(files.filter((f) => !exclude(f))).toEqual(['2015/01/01/part-0.json', '2015/01/07/part-0.json']);
});
