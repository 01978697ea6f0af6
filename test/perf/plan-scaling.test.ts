// Plan that scales: the desired state's ${Name} lookups are built once per plan, not once per
// pipeline. Counted, not timed: the number of physical names computed grows linearly with the
// number of pipelines (it grew with their square when each pipeline rebuilt the project's lookup).
import { jest } from '@jest/globals';
import { resolveEnvironment } from '../../src/model/environment.js';
import { loadProjectOrThrow } from '../../src/model/project.js';
import { buildDesiredState } from '../../src/planner/desired.js';
import { accountContext } from '../../src/planner/names.js';
import { syntheticProject } from '../fixtures/aws/synthetic.js';

function physicalNamesComputed(pipelines: number): { calls: number; resources: number } {
  const synthetic = syntheticProject(pipelines);
  try {
    const project = loadProjectOrThrow(synthetic.root);
    const env = resolveEnvironment(project, 'dev');
    const spy = jest.spyOn(env, 'physicalName');
    const desired = buildDesiredState(project, env, { ctx: accountContext(env, '123456789012') });
    return { calls: spy.mock.calls.length, resources: desired.resources.length };
  } finally {
    synthetic.cleanup();
  }
}

test('physical names computed per plan grow linearly with the number of pipelines', () => {
  const small = physicalNamesComputed(8);
  const large = physicalNamesComputed(32);
  expect(large.resources).toBeGreaterThanOrEqual(4 * small.resources * 0.9); // the fixture scales
  // 4x the pipelines: about 4x the names (quadratic would be 16x).
  expect(large.calls / small.calls).toBeLessThan(6);
});
