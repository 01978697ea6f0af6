// asl-validator runs in a worker thread that reuses one Ajv instance across definitions; its
// answers must equal plain asl-validator's, definition by definition, valid or not.
import { loadAslValidator, runAslValidator, validateInWorker } from '../../src/validate/asl.js';

const valid = {
  StartAt: 'A',
  States: {
    A: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', Parameters: { JobName: 'j' }, End: true },
  },
};
const badPath = { StartAt: 'A', States: { A: { Type: 'Pass', ResultPath: '$$bad', End: true } } };
const badType = { StartAt: 'A', States: { A: { Type: 'Tusk', End: true } } };
const badWait = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 'thirty', Next: 'D' }, D: { Type: 'Succeed' } } };
const noTerminal = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' } } };
const definitions = [valid, badPath, valid, badType, badWait, noTerminal, badPath];

test('the worker reports what asl-validator reports for each definition', async () => {
  const plain = definitions.map(
    (d) => loadAslValidator()(structuredClone(d), { checkPaths: true, checkArn: true }).errors,
  );
  const fromWorker = await validateInWorker(definitions);
  expect(fromWorker).toEqual(plain);
  expect(fromWorker[0]).toEqual([]);
  expect(fromWorker[1]!.length).toBeGreaterThan(0);
  expect(fromWorker[6]).toEqual(fromWorker[1]);
});

test('no definitions, no worker', async () => {
  expect(await runAslValidator([])).toEqual([]);
});
