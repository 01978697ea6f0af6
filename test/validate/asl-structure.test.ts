// The structural rules AWS's ASL language service applies (asl-structure.ts): valid definitions
// written after AWS's published examples stay valid, and each mistake is reported at its line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAslStructure } from '../../src/validate/asl-structure.js';
import type { RuleScope } from '../../src/validate/asl-rules.js';
import { SourceFile } from '../../src/model/source-file.js';
import { REPO_ROOT } from './support/corpus.js';

function scopes(node: any, path: (string | number)[] = [], out: RuleScope[] = []): RuleScope[] {
  if (!node?.States) return out;
  out.push({ path, node, states: node.States });
  for (const [name, s] of Object.entries<any>(node.States)) {
    (s.Branches ?? []).forEach((b: unknown, i: number) => scopes(b, [...path, 'States', name, 'Branches', i], out));
    if (s.ItemProcessor) scopes(s.ItemProcessor, [...path, 'States', name, 'ItemProcessor'], out);
    if (s.Iterator) scopes(s.Iterator, [...path, 'States', name, 'Iterator'], out);
  }
  return out;
}

function structure(text: string) {
  const data = JSON.parse(text);
  return checkAslStructure(new SourceFile('sm.asl.json', text), data, scopes(data)).map((d) => ({
    line: d.line,
    rule: d.rule,
    message: d.message,
  }));
}

const definitionFiles = [
  ...readdirSync(join(REPO_ROOT, 'test/fixtures/asl-examples'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join('test/fixtures/asl-examples', f)),
  ...readdirSync(join(REPO_ROOT, 'pipelines'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .flatMap((p) =>
      readdirSync(join(REPO_ROOT, 'pipelines', p))
        .filter((f) => f.endsWith('.asl.json'))
        .map((f) => join('pipelines', p, f)),
    ),
];

test.each(definitionFiles)('%s passes the structural rules', (file) => {
  expect(structure(readFileSync(join(REPO_ROOT, file), 'utf8'))).toEqual([]);
});

// Written after the examples of the Step Functions Developer Guide (state-choice.html,
// concepts-error-handling.html, state-fail.html, state-map-distributed.html, state-parallel.html),
// in both query languages.
const PUBLISHED: Record<string, object> = {
  'choice rules with And, Not and the Path operators (JSONPath)': {
    StartAt: 'ChoiceStateX',
    States: {
      ChoiceStateX: {
        Type: 'Choice',
        Choices: [
          { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
          {
            And: [
              { Variable: '$.value', IsPresent: true },
              { Variable: '$.value', NumericGreaterThanEquals: 20 },
              { Variable: '$.value', NumericLessThan: 30 },
            ],
            Next: 'ValueInTwenties',
          },
          { Variable: '$.rating', NumericGreaterThanPath: '$.auditThreshold', Next: 'StartAudit' },
          { Variable: '$.name', StringMatches: 'log-*.txt', Comment: 'wildcards', Next: 'Public' },
        ],
        Default: 'DefaultState',
      },
      Public: { Type: 'Pass', Next: 'NextState' },
      ValueInTwenties: { Type: 'Pass', Next: 'NextState' },
      StartAudit: { Type: 'Pass', Next: 'NextState' },
      DefaultState: { Type: 'Fail', Error: 'DefaultStateError', Cause: 'No Matches!' },
      NextState: { Type: 'Pass', End: true },
    },
  },
  'JSONata choice rules with Condition, Output and Assign': {
    QueryLanguage: 'JSONata',
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [{ Condition: '{% $states.input.foo = 1 %}', Output: { n: 1 }, Assign: { seen: true }, Next: 'Done' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  },
  'retriers and catchers of the error-handling guide': {
    StartAt: 'HelloWorld',
    States: {
      HelloWorld: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [
          { ErrorEquals: ['ErrorA', 'ErrorB'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2 },
          {
            ErrorEquals: ['States.Timeout'],
            IntervalSeconds: 3,
            MaxAttempts: 5,
            MaxDelaySeconds: 10,
            JitterStrategy: 'FULL',
            Comment: 'capped',
          },
        ],
        Catch: [
          { ErrorEquals: ['java.lang.Exception'], ResultPath: '$.error-info', Next: 'RecoveryState' },
          { ErrorEquals: ['States.ALL'], Assign: { failed: true }, Next: 'EndState' },
        ],
        End: true,
      },
      RecoveryState: { Type: 'Pass', End: true },
      EndState: { Type: 'Succeed' },
    },
  },
  'a JSONata catcher with Output': {
    QueryLanguage: 'JSONata',
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f' },
        Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'Failed' }],
        End: true,
      },
      Failed: { Type: 'Fail', Error: '{% $states.input.Error %}', Cause: 'x' },
    },
  },
  'Fail states with ErrorPath and CausePath': {
    StartAt: 'A',
    States: {
      A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'B' }], Default: 'C' },
      B: { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$$.Execution.Name' },
      C: {
        Type: 'Fail',
        ErrorPath: "States.Format('{} failed', $.step)",
        CausePath: 'States.JsonToString($.details)',
      },
    },
  },
  'a distributed Map with ProcessorConfig and a Parallel state': {
    StartAt: 'Map',
    TimeoutSeconds: 3600,
    Version: '1.0',
    States: {
      Map: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:listObjectsV2',
          Parameters: { Bucket: 'b', Prefix: 'p' },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Each',
          States: { Each: { Type: 'Pass', End: true } },
        },
        Next: 'Both',
      },
      Both: {
        Type: 'Parallel',
        Branches: [
          { Comment: 'one', StartAt: 'L', States: { L: { Type: 'Pass', End: true } } },
          { StartAt: 'R', QueryLanguage: 'JSONata', States: { R: { Type: 'Succeed' } } },
        ],
        End: true,
      },
    },
  },
};

test.each(Object.entries(PUBLISHED))('published example: %s passes', (_, def) => {
  expect(structure(JSON.stringify(def, null, 2))).toEqual([]);
});

const machine = (states: object, extra: object = {}) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], ...extra, States: states }, null, 2);
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

test.each<[string, string, string, string]>([
  [
    'TimeoutSeconds in a Parallel branch',
    machine({
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'B', TimeoutSeconds: 5, States: { B: { Type: 'Succeed' } } }],
        End: true,
      },
    }),
    '"TimeoutSeconds"',
    'asl-field',
  ],
  [
    'ProcessorConfig in a Parallel branch',
    machine({
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'B', ProcessorConfig: { Mode: 'INLINE' }, States: { B: { Type: 'Succeed' } } }],
        End: true,
      },
    }),
    '"ProcessorConfig"',
    'asl-field',
  ],
  [
    'no terminal state',
    machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } }),
    '"States"',
    'asl-terminal',
  ],
  [
    'no terminal state in a Map item processor',
    machine({
      M: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', Next: 'X' } } },
        End: true,
      },
    }),
    '"States": {\n          "X"',
    'asl-terminal',
  ],
  [
    'two comparison operators in one Choice rule',
    machine({
      C: {
        Type: 'Choice',
        Choices: [{ Variable: '$.a', StringEquals: 'x', NumericEquals: 1, Next: 'D' }],
        Default: 'D',
      },
      D: { Type: 'Succeed' },
    }),
    '"NumericEquals"',
    'asl-choice',
  ],
  [
    'Next inside a nested Choice rule',
    machine({
      C: { Type: 'Choice', Choices: [{ Not: { Variable: '$.a', IsNull: true, Next: 'D' }, Next: 'D' }], Default: 'D' },
      D: { Type: 'Succeed' },
    }),
    '"Next": "D"\n',
    'asl-field',
  ],
  [
    'a misspelt Choice rule field',
    machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Nxt: 'D', Next: 'D' }], Default: 'D' },
      D: { Type: 'Succeed' },
    }),
    '"Nxt"',
    'asl-field',
  ],
  [
    'MaxAttempts in a Catcher',
    machine({
      A: { Type: 'Pass', Next: 'T' },
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Catch: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, Next: 'B' }],
        End: true,
      },
      B: { Type: 'Succeed' },
    }),
    '"MaxAttempts"',
    'asl-field',
  ],
  [
    'Next in a Retrier',
    machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [{ ErrorEquals: ['States.ALL'], Next: 'B' }],
        End: true,
      },
      B: { Type: 'Succeed' },
    }),
    '"Next": "B"',
    'asl-field',
  ],
  [
    'ErrorPath with an intrinsic that returns no string',
    machine({ F: { Type: 'Fail', ErrorPath: 'States.ArrayLength($.a)' } }),
    '"ErrorPath"',
    'asl-path',
  ],
  ['CausePath that is no path', machine({ F: { Type: 'Fail', CausePath: 'cause' } }), '"CausePath"', 'asl-path'],
])('%s is reported at its line', (_, text, needle, rule) => {
  const found = structure(text);
  expect(found).toEqual([expect.objectContaining({ line: lineOf(text, needle), rule })]);
});
