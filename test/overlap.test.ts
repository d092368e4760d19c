import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { LakeSession } from '../sql/duckdb.js';
import { BusyError } from '../sql/errors.js';
import { eachTestInTempLake, FLEET, readLake, type TempDir } from './helpers.js';

/**
 * Two writers that overlap (an operator deleted `_writer.lock`, or a file system without working
 * locks): the loser must fail its commit without touching what the winner published.
 */
let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

function machinesFile(name: string, count: number): string {
  const path = join(dir.path, name);
  writeFileSync(path, ['machineID,model,age', ...Array.from({ length: count }, (_, i) => `${i + 1},model${(i % 4) + 1},${i % 20}`)].join('\n') + '\n');
  return path;
}

describe('writers that overlap or crash', () => {
  it('never write over a published file: the load that lost the race fails, the one that won keeps its rows', async () => {
    const first = await LakeSession.open(lake, { write: { command: 'first', waitSeconds: 0 } });
    rmSync(join(lake, '_writer.lock'));
    const second = await LakeSession.open(lake, { write: { command: 'second', waitSeconds: 0 } });
    try {
      const won = await ingest(first, FLEET, [machinesFile('machines-a.csv', 100)]);
      expect(won.outcomes).toMatchObject([{ status: 'loaded', rows: 100, loadId: 1 }]);
      await expect(ingest(second, FLEET, [machinesFile('machines-b.csv', 7)])).rejects.toThrow(BusyError);
    } finally {
      first.close();
      second.close();
    }
    const loads = await readLake(lake, `SELECT load_id, row_count, (SELECT count(*) FROM bronze_machines b WHERE b._load_id = l.load_id) AS bronze_rows FROM loads l`);
    expect(loads).toEqual([{ load_id: 1, row_count: 100, bronze_rows: 100 }]);
  });

  it.each([
    ['empty', ''],
    ['garbled', 'not a database at all, just the bytes a crash left behind'],
  ])('replaces an %s lock file that nobody holds, and still refuses one that is being created', async (_kind, content) => {
    const lock = join(lake, '_writer.lock');
    mkdirSync(lake, { recursive: true });
    writeFileSync(lock, content);
    await expect(LakeSession.using(lake, { write: { command: 'too soon', waitSeconds: 0 } }, async () => undefined)).rejects.toThrow(BusyError);
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    const loaded = await LakeSession.using(lake, { write: { command: 'after a crash', waitSeconds: 0 } }, (s) => ingest(s, FLEET, [machinesFile('machines.csv', 3)]));
    expect(loaded.outcomes).toMatchObject([{ status: 'loaded', rows: 3 }]);
  });
});

