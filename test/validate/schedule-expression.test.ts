import { checkAt, checkCron, checkRate, checkScheduleExpression } from '../../src/validate/schedule-expression.js';

test.each([
  'cron(0 * * * ? *)',
  'cron(15 10 ? * MON-FRI *)',
  'cron(0/15 8-17 ? * 2-6 2024-2030)',
  'cron(0 12 L * ? *)',
  'cron(0 12 15W * ? *)',
  'cron(0 9 ? * 3#2 *)',
  'cron(0 9 ? * 6L *)',
  'cron(0 0 1 JAN,JUL ? *)',
  'cron(*/5 * * * ? *)',
])('valid cron %s', (e) => {
  expect(checkCron(e)).toBeUndefined();
});

test.each([
  ['cron(0 * * * *)', /6 fields/],
  ['cron(0 * * * ? * *)', /6 fields/],
  ['cron(0 * * * * *)', /must be "\?"/],
  ['cron(0 * ? * ? *)', /cannot both be "\?"/],
  ['cron(60 * * * ? *)', /minutes value 60 is out of range 0-59/],
  ['cron(0 24 * * ? *)', /hours value 24 is out of range/],
  ['cron(0 0 32 * ? *)', /out of range 1-31/],
  ['cron(0 0 ? 13 MON *)', /month value 13/],
  ['cron(0 0 ? * 8 *)', /day-of-week value 8/],
  ['cron(0 0 ? * FUN *)', /"FUN" is not a day-of-week value/],
  ['cron(? 0 * * ? *)', /only allowed in day-of-month and day-of-week/],
  ['cron(0 0 ? * 3#6 *)', /must be 1-5/],
  ['cron(0 0 ? * 3#1,6#3 *)', /"#"/],
  ['cron(0/0 * * * ? *)', /positive whole number/],
  ['cron(30-10 * * * ? *)', /goes backwards/],
  ['cron(0 0 * * ? 1969)', /out of range 1970-2199/],
  ['cron(0 0 15W * ? *)x', /not a cron/],
])('invalid cron %s', (e, message) => {
  expect(checkCron(e)?.message).toMatch(message);
});

test('cron problems point at the offending field', () => {
  const e = 'cron(0 24 * * ? *)';
  expect(e.slice(checkCron(e)!.offset!)).toMatch(/^24/);
});

test.each(['rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'rate(7 days)'])(
  'valid rate %s',
  (e) => {
    expect(checkRate(e)).toBeUndefined();
  },
);

test.each([
  ['rate(1 minutes)', /singular/],
  ['rate(5 minute)', /plural/],
  ['rate(0 minutes)', /positive/],
  ['rate(5 weeks)', /minute\(s\), hour\(s\) or day\(s\)/],
  ['rate(five minutes)', /value unit/],
  ['rate(5)', /value unit/],
])('invalid rate %s', (e, message) => {
  expect(checkRate(e)?.message).toMatch(message);
});

test('at() takes a real date and time', () => {
  expect(checkAt('at(2030-01-31T09:00:00)')).toBeUndefined();
  expect(checkAt('at(2030-02-29T09:00:00)')?.message).toMatch(/not a real date/);
  expect(checkAt('at(2028-02-29T23:59:59)')).toBeUndefined();
  expect(checkAt('at(2030-01-31 09:00:00)')?.message).toMatch(/yyyy-mm-ddThh:mm:ss/);
  expect(checkAt('at(2030-01-31T24:00:00)')?.message).toMatch(/not a real date/);
});

test('each service accepts only its kinds of expression', () => {
  expect(checkScheduleExpression('rate(1 hour)', ['cron']).problem?.message).toMatch(/not accepted here/);
  expect(checkScheduleExpression('at(2030-01-31T09:00:00)', ['cron', 'rate']).problem).toBeDefined();
  expect(checkScheduleExpression('every hour', ['cron', 'rate', 'at'])).toMatchObject({ kind: 'schedule' });
  expect(checkScheduleExpression('rate(1 hour)', ['cron', 'rate'])).toEqual({ kind: 'rate', problem: undefined });
});
