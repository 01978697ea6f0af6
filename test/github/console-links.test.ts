// Console links of deployed resources and the deploy summary's applied list.
import { appliedMarkdown, consoleUrl } from '../../src/github/console-links.js';
import type { DeployResult } from '../../src/report/model.js';

const o = { region: 'eu-west-1', account: '123456789012' };

describe('AWS console links', () => {
  test('each kind links to its console page in the region, names encoded', () => {
    expect(consoleUrl({ kind: 'job', name: 'prod-order totals' }, o)).toBe(
      'https://eu-west-1.console.aws.amazon.com/gluestudio/home?region=eu-west-1#/editor/job/prod-order%20totals/details',
    );
    expect(consoleUrl({ kind: 'stateMachine', name: 'prod-orders' }, o)).toBe(
      'https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/statemachines/view/arn%3Aaws%3Astates%3Aeu-west-1%3A123456789012%3AstateMachine%3Aprod-orders',
    );
    // Without the account, the state machines list (an ARN cannot be made up).
    expect(consoleUrl({ kind: 'stateMachine', name: 'x' }, { region: 'us-east-1' })).toMatch(/#\/statemachines$/);
    expect(consoleUrl({ kind: 'view', name: 'prod_sales.top_customers' }, o)).toMatch(
      /#\/v2\/data-catalog\/tables\/view\/top_customers\?database=prod_sales$/,
    );
    expect(consoleUrl({ kind: 'artifact', name: 's3://bkt/lakeops/ab12/x.py' }, o)).toBe(
      'https://s3.console.aws.amazon.com/s3/object/bkt?region=eu-west-1&prefix=lakeops%2Fab12%2Fx.py',
    );
    expect(consoleUrl({ kind: 'tag', name: 'x' }, o)).toBeUndefined();
    expect(consoleUrl({ kind: 'crawler', name: 'c' }, { region: 'cn-north-1', partition: 'aws-cn' })).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\/glue\//,
    );
  });

  test('the applied list links each AWS resource and the reviewed plan; local deploys get no links', () => {
    const d: DeployResult = {
      env: 'prod',
      target: 'aws',
      applied: [{ kind: 'job', name: 'prod-order-totals', pipeline: 'orders', action: 'update', diffs: [] }],
      failed: [],
      skipped: [],
    };
    const md = appliedMarkdown(d, { ...o, planUrl: 'https://github.com/o/r/actions/runs/9/artifacts/1' });
    expect(md).toContain('The plan that was reviewed: [plan](https://github.com/o/r/actions/runs/9/artifacts/1)');
    expect(md).toContain(
      '- update job [`prod-order-totals`](https://eu-west-1.console.aws.amazon.com/gluestudio/home?region=eu-west-1#/editor/job/prod-order-totals/details) (orders)',
    );
    expect(appliedMarkdown({ ...d, target: 'local' }, o)).toContain('- update job `prod-order-totals` (orders)');
  });
});
