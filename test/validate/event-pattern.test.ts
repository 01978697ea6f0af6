import { checkEventPattern } from '../../src/validate/event-pattern.js';

test.each([
  { source: ['aws.s3'], 'detail-type': ['Object Created'] },
  { detail: { bucket: { name: ['b'] }, object: { key: [{ prefix: 'raw/' }, { suffix: '.csv' }] } } },
  { detail: { key: [{ prefix: { 'equals-ignore-case': 'RAW/' } }] } },
  { detail: { state: [{ 'anything-but': ['stopped', 'failed'] }], n: [{ 'anything-but': 5 }] } },
  { detail: { state: [{ 'anything-but': { prefix: 'init' } }, { 'anything-but': { wildcard: ['*/lib/*'] } }] } },
  { detail: { size: [{ numeric: ['>', 0, '<=', 5] }], c: [{ numeric: ['=', 3] }] } },
  { detail: { gone: [{ exists: false }], ip: [{ cidr: '10.0.0.0/24' }], v6: [{ cidr: '2001:db8::/32' }] } },
  {
    detail: {
      name: [{ 'equals-ignore-case': 'x' }],
      path: [{ wildcard: 'a/*/b' }],
      empty: [''],
      nul: [null],
      flag: [true],
    },
  },
  { source: ['aws.s3'], $or: [{ detail: { a: ['1'] } }, { detail: { b: [{ numeric: ['>=', 2] }] } }] },
])('valid pattern %#', (pattern) => {
  expect(checkEventPattern(pattern)).toEqual([]);
});

test.each([
  [{ source: 'aws.s3' }, ['source'], /values to match go in a list/],
  [{ source: [] }, ['source'], /empty list/],
  [{ detail: { key: [{ startswith: 'x' }] } }, ['detail', 'key', 0, 'startswith'], /unknown operator "startswith"/],
  [{ detail: { key: [{ prefix: 'a', suffix: 'b' }] } }, ['detail', 'key', 0], /exactly one operator/],
  [{ detail: { key: [{ prefix: 5 }] } }, ['detail', 'key', 0, 'prefix'], /takes a string/],
  [{ detail: { n: [{ numeric: ['>', '5'] }] } }, ['detail', 'n', 0, 'numeric'], /"numeric" takes/],
  [{ detail: { n: [{ numeric: ['<', 5, '>', 1] }] } }, ['detail', 'n', 0, 'numeric'], /"numeric" takes/],
  [{ detail: { n: [{ numeric: ['>', 9, '<', 1] }] } }, ['detail', 'n', 0, 'numeric'], /"numeric" takes/],
  [{ detail: { n: [{ exists: 'yes' }] } }, ['detail', 'n', 0, 'exists'], /true or false/],
  [{ detail: { ip: [{ cidr: '300.0.0.0/8' }] } }, ['detail', 'ip', 0, 'cidr'], /IP range/],
  [
    { detail: { s: [{ 'anything-but': ['a', 1] }] } },
    ['detail', 's', 0, 'anything-but'],
    /only strings or only numbers/,
  ],
  [
    { detail: { s: [{ 'anything-but': { exists: true } }] } },
    ['detail', 's', 0, 'anything-but'],
    /"anything-but" takes/,
  ],
  [{ detail: { s: [['a']] } }, ['detail', 's', 0], /not nested lists/],
  [{ $or: [{ a: ['1'] }] }, ['$or'], /at least two patterns/],
  [{ $or: [{ a: ['1'] }, { b: 'x' }] }, ['$or', 1, 'b'], /in a list/],
  [{}, [], /empty pattern/],
])('invalid pattern %#', (pattern, path, message) => {
  const problems = checkEventPattern(pattern);
  expect(problems).toHaveLength(1);
  expect(problems[0]!.path).toEqual(path);
  expect(problems[0]!.message).toMatch(message);
});
