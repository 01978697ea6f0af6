// A path input with partition folders is read through a glob with one `*` per level, not DuckDB's
// recursive `**` (the same files, expanded much faster over thousands of folders); files at mixed
// depths keep `**`, so none is left out.
import { inputGlobs } from '../../src/targets/local/sql-job.js';

const file = (rel: string) => ({ abs: `/lake/raw/${rel}`, dirs: rel.split('/').slice(0, -1) });

test('files all at one depth: one * per folder level', () => {
  const files = [
    'year=2024/month=05/day=01/hour=00/minute=00/a.json',
    'year=2024/month=05/day=02/hour=03/minute=59/b.json',
  ];
  expect(inputGlobs(files.map(file), 'json')).toEqual(['*/*/*/*/*/*.json']);
  expect(inputGlobs([file('a.csv'), file('b.csv.gz')], 'csv')).toEqual(['*.csv', '*.csv.gz']);
});

test('files at different depths: the recursive glob', () => {
  expect(inputGlobs([file('day=01/a.json'), file('day=01/hour=00/b.json')], 'json')).toEqual(['**/*.json']);
});
