import { describe, expect, it } from 'vitest';
import { parseColumnMapping } from '../deliver/postgres/columns.js';
import { resolveConnection } from '../deliver/postgres/connection.js';
import { CommitUncertainError, explainFailure } from '../deliver/postgres/failures.js';
import { mergeRanges, type Range } from '../deliver/postgres/ranges.js';

/** A driver error as pg raises it: a message and a code (a SQLSTATE, or a socket's errno name). */
const driverError = (message: string, code?: string): Error => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('an export failure', () => {
  const connection = resolveConnection('postgresql://planner:S3cret-Value@db.example.com:6543/plant');

  it('names the target without its password', () => {
    expect(connection.target).toBe('postgresql://planner@db.example.com:6543/plant');
  });

  it('is exit 75 when trying again later may help, 2 when a person must change something', () => {
    const cases: Array<[Error, number]> = [
      [driverError('connect ECONNREFUSED 10.0.0.1:6543', 'ECONNREFUSED'), 75],
      [driverError('getaddrinfo ENOTFOUND db.example.com', 'ENOTFOUND'), 75],
      [driverError('Connection terminated unexpectedly'), 75],
      [driverError('timeout expired'), 75],
      [driverError('sorry, too many clients already', '53300'), 75],
      [driverError('could not extend file: No space left on device', '53100'), 75],
      [driverError('the database system is shutting down', '57P03'), 75],
      [driverError('deadlock detected', '40P01'), 75],
      [driverError('canceling statement due to lock timeout', '55P03'), 75],
      [driverError('password authentication failed for user "planner"', '28P01'), 2],
      [driverError('column "p_comp9" of relation "risks" does not exist', '42703'), 2],
      [driverError('duplicate key value violates unique constraint "risks_pkey"', '23505'), 2],
      [driverError('permission denied for table risks', '42501'), 2],
    ];
    for (const [err, code] of cases) expect([err.message, explainFailure(err, connection, 'risks').exitCode]).toEqual([err.message, code]);
  });

  it('says the outcome is unknown when the connection failed during the COMMIT', () => {
    const explained = explainFailure(new CommitUncertainError(driverError('Connection terminated unexpectedly')), connection, 'risks');
    expect([explained.exitCode, explained.message]).toEqual([75, 'cannot reach postgresql://planner@db.example.com:6543/plant: Connection terminated unexpectedly; the COMMIT may or may not have landed: export the range again (try again later)']);
  });

  it('never repeats a password, even one the server or driver echoes', () => {
    const explained = explainFailure(driverError('invalid connection option S3cret-Value', '08001'), connection, 'risks');
    expect(explained.message).not.toContain('S3cret-Value');
    expect(explained.message).toBe('export to postgresql://planner@db.example.com:6543/plant table risks failed: invalid connection option *** (SQLSTATE 08001); the table is unchanged (try again later)');
  });
});

describe('the ranges of pending scoring runs', () => {
  const at = (day: string): Date => new Date(`${day}T00:00:00Z`);
  const range = (from: string, to: string): Range => ({ from: at(from), to: at(to) });

  it('merge where they overlap or touch, and stay apart where they do not', () => {
    expect(mergeRanges([range('2015-03-20', '2015-03-21'), range('2015-01-01', '2015-02-01'), range('2015-01-15', '2015-02-10'), range('2015-02-10', '2015-02-11')])).toEqual([
      range('2015-01-01', '2015-02-11'),
      range('2015-03-20', '2015-03-21'),
    ]);
    expect(mergeRanges([range('2015-01-01', '2015-03-01'), range('2015-01-10', '2015-01-11')])).toEqual([range('2015-01-01', '2015-03-01')]);
    expect(mergeRanges([])).toEqual([]);
  });
});

describe('a --columns list', () => {
  it('reads COLUMN and COLUMN:NAME entries and refuses anything else', () => {
    expect(parseColumnMapping('machine_id:asset, ts ,p_none:healthy')).toEqual([['machine_id', 'asset'], ['ts', 'ts'], ['p_none', 'healthy']]);
    for (const bad of ['machine_id:', 'a:b:c', ',ts']) expect(() => parseColumnMapping(bad)).toThrow(/--columns: ".*" is not COLUMN or COLUMN:NAME/);
  });
});
