import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePipe, streamRows, type RowPipe } from '../deliver/postgres/row-pipe.js';
import { tempDir, type TempDir } from './helpers.js';

/**
 * The named pipe between DuckDB and the COPY, with DuckDB and the destination failing at every
 * point: it always settles (a hang fails the test by its timeout), reports the first failure,
 * and leaves DuckDB able to run the next query.
 */
let dir: TempDir;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = tempDir();
  connection = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => dir.remove());

let pipes = 0;
function pipeFor(select: string): RowPipe {
  const path = join(dir.path, `rows-${pipes++}.csv`);
  makePipe(path);
  const write = async (): Promise<number> => {
    const result = await connection.runAndReadAll(`COPY (${select}) TO '${path}' (FORMAT csv, HEADER false, USE_TMP_FILE false)`);
    return Number(result.getRows()[0]?.[0]);
  };
  return { path, write };
}

/** A destination that keeps what it is given, or fails after taking `failAfter` bytes. */
function destination(failAfter = Infinity): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  let taken = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      taken += chunk.length;
      if (taken > failAfter) return done(new Error('the server refused a row'));
      chunks.push(chunk);
      done();
    },
  });
  return Object.assign(sink, { text: () => Buffer.concat(chunks).toString('utf8') });
}

const stillWorks = async (): Promise<void> => {
  expect((await connection.runAndReadAll('SELECT 42')).getRows()).toEqual([[42]]);
};

describe('the pipe from DuckDB to the COPY', () => {
  it('delivers every row DuckDB writes, and none when there are none', async () => {
    const all = destination();
    expect(await streamRows(pipeFor('SELECT range AS n, \'x,"y\' AS s FROM range(200000)'), all)).toBe(200_000);
    const lines = all.text().trimEnd().split('\n');
    expect([lines.length, lines[0], lines.at(-1)]).toEqual([200_000, '0,"x,""y"', '199999,"x,""y"']);
    const none = destination();
    expect(await streamRows(pipeFor('SELECT 1 AS n WHERE false'), none)).toBe(0);
    expect(none.text()).toBe('');
  }, 20_000);

  it('fails with DuckDB\'s error when DuckDB fails mid-stream or before it opens the pipe', async () => {
    const midway = destination();
    await expect(streamRows(pipeFor(`SELECT CASE WHEN range < 150000 THEN range ELSE error('gold is damaged') END AS n FROM range(300000)`), midway)).rejects.toThrow(/gold is damaged/);
    expect(midway.destroyed).toBe(true);
    await expect(streamRows(pipeFor('SELECT * FROM no_such_table'), destination())).rejects.toThrow(/no_such_table/);
    await stillWorks();
  }, 20_000);

  it('fails with the destination\'s error, DuckDB\'s remaining rows drained, whenever the destination fails', async () => {
    for (const failAfter of [0, 100_000]) {
      await expect(streamRows(pipeFor('SELECT range AS n FROM range(2000000) ORDER BY n DESC'), destination(failAfter))).rejects.toThrow('the server refused a row');
    }
    await stillWorks();
  }, 20_000);
});
