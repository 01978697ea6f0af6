// The AWS acceptance rules of asl-rules.ts: valid definitions written after AWS's published
// examples stay valid (asl-validator and the rules agree: no error), and each mistake the issue
// lists is reported at its own line.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkAslRules, checkResource, normaliseJsonataSpacing, type RuleScope } from '../../src/validate/asl-rules.js';
import { SourceFile } from '../../src/model/source-file.js';
import { REPO_ROOT } from './support/corpus.js';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (d: unknown, o: object) => { isValid: boolean; errors: unknown[] };
const EXAMPLES = join(REPO_ROOT, 'test', 'fixtures', 'asl-examples');

function scopes(node: any, path: (string | number)[] = [], out: RuleScope[] = []): RuleScope[] {
  if (!node?.States) return out;
  out.push({ path, node, states: node.States });
  for (const [name, s] of Object.entries<any>(node.States)) {
    (s.Branches ?? []).forEach((b: unknown, i: number) => scopes(b, [...path, 'States', name, 'Branches', i], out));
    if (s.ItemProcessor) scopes(s.ItemProcessor, [...path, 'States', name, 'ItemProcessor'], out);
  }
  return out;
}

function rules(text: string) {
  const source = new SourceFile('sm.asl.json', text);
  const data = JSON.parse(text);
  return checkAslRules(source, data, scopes(data)).map((d) => ({ line: d.line, rule: d.rule, message: d.message }));
}

describe.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')))('valid example %s', (file) => {
  const text = readFileSync(join(EXAMPLES, file), 'utf8');
  test('passes the lakeops ASL rules', () => expect(rules(text)).toEqual([]));
  test('passes asl-validator once JSONata spacing is normalised', () => {
    const r = aslValidator(normaliseJsonataSpacing(JSON.parse(text)), { checkPaths: true, checkArn: true });
    expect(r.errors).toEqual([]);
  });
});

const machine = (states: object, extra: object = {}) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], ...extra, States: states }, null, 2);

test('glue:startCrawler.sync is not an integration; the SDK one is suggested', () => {
  expect(checkResource('arn:aws:states:::glue:startCrawler.sync')).toMatch(
    /not an optimised integration.*aws-sdk:glue:startCrawler/,
  );
  expect(checkResource('arn:aws:states:::glue:startJobRun.sync')).toBeUndefined();
  expect(checkResource('arn:aws:states:::glue:startJobRun.waitForTaskToken')).toMatch(/no ".waitForTaskToken" pattern/);
});

test('aws-sdk:glue:startCrawlr is an unknown action, with the near name suggested', () => {
  expect(checkResource('arn:aws:states:::aws-sdk:glue:startCrawlr')).toMatch(
    /not an action of the glue API; did you mean "startCrawler"/,
  );
  expect(checkResource('arn:aws:states:::aws-sdk:glue:startCrawler')).toBeUndefined();
  expect(checkResource('arn:aws:states:::aws-sdk:glue:startCrawler.sync')).toMatch(
    /request-response and .waitForTaskToken only/,
  );
});

test('ResultSelector on a Pass state is reported at its line', () => {
  const text = machine({ P: { Type: 'Pass', ResultSelector: { 'a.$': '$.b' }, End: true } });
  expect(rules(text)).toEqual([expect.objectContaining({ line: 6, rule: 'asl-field' })]);
});

test('States.ALL must be alone and last in Retry and Catch', () => {
  const text = machine({
    T: {
      Type: 'Task',
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['Glue.X'] }],
      Catch: [{ ErrorEquals: ['Glue.Y', 'States.ALL'], Next: 'F' }],
      End: true,
    },
    F: { Type: 'Fail' },
  });
  const found = rules(text);
  expect(found.filter((d) => d.rule === 'asl-error-order').map((d) => d.message)).toEqual([
    expect.stringMatching(/last retrier/),
    expect.stringMatching(/alone/),
  ]);
});

test('HeartbeatSeconds must be below TimeoutSeconds', () => {
  const text = machine({
    T: {
      Type: 'Task',
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      TimeoutSeconds: 60,
      HeartbeatSeconds: 60,
      End: true,
    },
  });
  expect(rules(text)).toEqual([expect.objectContaining({ rule: 'asl-timeout', line: 8 })]);
});

test('JSONPath fields in a JSONata state and JSONata in a JSONPath state are named as mix-ups', () => {
  const jsonata = machine(
    {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Parameters: { 'JobName.$': '$.j' },
        End: true,
      },
    },
    { QueryLanguage: 'JSONata' },
  );
  expect(rules(jsonata).map((d) => d.rule)).toEqual(['asl-query-language', 'asl-query-language']);
  expect(rules(jsonata)[0]!.message).toMatch(/use Arguments/);
  const jsonpath = machine({ P: { Type: 'Pass', Output: '{% $states.input %}', End: true } });
  expect(rules(jsonpath).map((d) => d.rule)).toEqual(['asl-query-language', 'asl-query-language']);
});

test('{% $states.input%} (no space before %}) is valid JSONata spacing', () => {
  const text = machine({ P: { Type: 'Pass', Output: '{% $states.input%}', End: true } }, { QueryLanguage: 'JSONata' });
  expect(rules(text)).toEqual([]);
  const r = aslValidator(normaliseJsonataSpacing(JSON.parse(text)), { checkPaths: true, checkArn: true });
  expect(r.errors).toEqual([]);
});

test('a JSONata expression that does not parse is reported', () => {
  const text = machine(
    { P: { Type: 'Pass', Output: '{% $states.input. %}', End: true } },
    { QueryLanguage: 'JSONata' },
  );
  expect(rules(text).map((d) => d.rule)).toEqual(['asl-jsonata']);
});

test('the SDK action list is current with the installed AWS SDK clients', async () => {
  const { sdkActions } = await import('../../scripts/generate-sfn-sdk-actions.js');
  const { SDK_ACTIONS } = await import('../../src/validate/sfn-sdk-actions.generated.js');
  expect(SDK_ACTIONS).toEqual(await sdkActions());
});
