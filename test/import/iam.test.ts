// import runs with the plan role, whose policy `lakeops iam` derives from the commands the plan
// read path sends (READ_PATH_COMMANDS). Every SDK command a src/import/ file sends must be one of
// them, or the plan role would be denied it (test/iam/recorded-calls.test.ts checks the calls of a
// real import against the policy; this catches a new command before any call is recorded).
import { READ_PATH_COMMANDS, SDK_COMMANDS } from '../../src/iam/sdk-commands.generated.js';

test('every AWS SDK command of src/import/ is on the plan role read path', () => {
  const own = SDK_COMMANDS.filter((u) => u.files.some((f) => f.startsWith('src/import/')));
  expect(own.length).toBeGreaterThan(5);
  const read = new Set(READ_PATH_COMMANDS.map((u) => `${u.client} ${u.command}`));
  expect(own.map((u) => `${u.client} ${u.command}`).filter((c) => !read.has(c))).toEqual([]);
});
