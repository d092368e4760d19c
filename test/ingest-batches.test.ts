import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { catalogFile, catalogVersions, readCatalog } from '../sql/catalog.js';
import { BIN, eachTestInTempLake, FLEET, readLake, runCli, type TempDir, withWriter } from './helpers.js';

/** Ingest publishes files in batches: a commit per batch, each file still whole or not at all. */
let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

const HEADER = 'datetime,machineID,volt,rotate,pressure,vibration';

/** `count` one-row telemetry files in a directory of their own, an hour apart. */
function oneRowFiles(count: number, name = 'inbox'): string {
  const inbox = join(dir.path, name);
  mkdirSync(inbox, { recursive: true });
  for (let i = 0; i < count; i++) {
    const hour = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    writeFileSync(join(inbox, `telemetry-${String(i).padStart(4, '0')}.csv`), `${HEADER}\n${hour},1,170.5,450.1,100.2,${i}\n`);
  }
  return inbox;
}

/** How often each file was loaded, and how many bronze rows each load left. */
const loadCounts = async (): Promise<{ files: number; loads: number; rows: number; rowLoads: number }> => {
  const [row] = await readLake(
    lake,
    `SELECT (SELECT count(DISTINCT file) FROM loads WHERE status = 'loaded') AS files, (SELECT count(*) FROM loads WHERE status = 'loaded') AS loads,
            (SELECT count(*) FROM bronze_telemetry) AS rows, (SELECT count(DISTINCT _load_id) FROM bronze_telemetry) AS rowLoads`,
  );
  return { files: Number(row?.files), loads: Number(row?.loads), rows: Number(row?.rows), rowLoads: Number(row?.rowLoads) };
};

describe('ingest in batches', () => {
  it('commits 250 files in 3 batches of at most 100, one bronze file per batch and one loads file, and a rerun loads nothing', async () => {
    const inbox = oneRowFiles(250);
    const first = await withWriter(lake, (s) => ingest(s, FLEET, [inbox]));
    expect(first.outcomes.filter((o) => o.status === 'loaded')).toHaveLength(250);
    expect(first.versions).toEqual([1, 2, 3]);
    expect(catalogVersions(lake)).toEqual([1, 2, 3]);
    expect(readCatalog(lake, 1).counters.load_id).toBe(100);
    expect(readCatalog(lake).tables.bronze_telemetry?.files).toHaveLength(3);
    expect(readCatalog(lake).tables.loads?.files).toHaveLength(1);
    expect(await loadCounts()).toEqual({ files: 250, loads: 250, rows: 250, rowLoads: 250 });

    const again = await withWriter(lake, (s) => ingest(s, FLEET, [inbox]));
    expect(new Set(again.outcomes.map((o) => o.status))).toEqual(new Set(['skipped']));
    expect(again.versions).toEqual([]);
    expect(catalogVersions(lake)).toEqual([1, 2, 3]);
    expect(await loadCounts()).toEqual({ files: 250, loads: 250, rows: 250, rowLoads: 250 });
  });

  it('keeps the size of a catalog version independent of how many files a batch held', async () => {
    await withWriter(lake, (s) => ingest(s, FLEET, [oneRowFiles(3, 'few')]));
    const few = statSync(catalogFile(lake, 1)).size;
    await withWriter(lake, (s) => ingest(s, FLEET, [oneRowFiles(30, 'many')]));
    // the newest version lists one more bronze file, however many files it holds
    expect(statSync(catalogFile(lake, catalogVersions(lake).at(-1) as number)).size - few).toBeLessThan(few);
  });

  it('publishes a batch once it has been open for its time, and records a rejected file without stopping the others', async () => {
    const inbox = oneRowFiles(2);
    writeFileSync(join(inbox, 'telemetry-bad.csv'), 'datetime,machineID\n2015-01-01 00:00:00,1\n');
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [inbox], () => {}, { files: 100, seconds: 0 }));
    expect(result.outcomes.map((o) => o.status)).toEqual(['loaded', 'loaded', 'rejected']);
    expect(catalogVersions(lake)).toEqual([1, 2, 3]);
    expect(await readLake(lake, 'SELECT load_id, status FROM loads ORDER BY load_id')).toEqual([
      { load_id: 1, status: 'loaded' },
      { load_id: 2, status: 'loaded' },
      { load_id: 3, status: 'rejected' },
    ]);
  });

  it('rejects a Parquet file whose value cannot become text alone, not the batch it would have joined', async () => {
    const inbox = oneRowFiles(2);
    await withWriter(join(dir.path, 'scratch'), (s) =>
      s.run(`COPY (SELECT DATE '5000000-01-01' AS datetime, '1' AS machineID, 1.0 AS volt, 2.0 AS rotate, 3.0 AS pressure, 4.0 AS vibration) TO $out (FORMAT parquet)`, {
        out: join(inbox, 'telemetry-far.parquet'),
      }),
    );
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [inbox]));
    expect(result.outcomes.map((o) => [o.file.split('/').pop(), o.status])).toEqual([
      ['telemetry-0000.csv', 'loaded'],
      ['telemetry-0001.csv', 'loaded'],
      ['telemetry-far.parquet', 'rejected'],
    ]);
    expect(result.outcomes[2]?.message).toMatch(/telemetry-far\.parquet: .*can't be cast/);
    expect(await loadCounts()).toEqual({ files: 2, loads: 2, rows: 2, rowLoads: 2 });
  });

  it('leaves only whole batches visible when killed -9 after its first commit, and a rerun loads the rest exactly once', async () => {
    const inbox = oneRowFiles(250);
    const child = spawn(process.execPath, [BIN, '--lake', lake, 'ingest', inbox], { stdio: 'ignore' });
    const ended = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!existsSync(catalogFile(lake, 1))) {
      if (Date.now() > deadline) throw new Error('the first batch was never committed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await ended;
    const published = catalogVersions(lake);
    // killed before its last batch: otherwise this test would show nothing
    expect(published.length).toBeLessThan(3);
    const partial = await loadCounts();
    expect(partial.loads).toBe(100 * published.length);
    expect(partial).toEqual({ files: partial.loads, loads: partial.loads, rows: partial.loads, rowLoads: partial.loads });

    const rerun = runCli(['--lake', lake, 'ingest', inbox]);
    expect(rerun.code).toBe(0);
    const rest = published.length === 1 ? 'published in 2 batches, versions 2 to 3' : 'published as version 3';
    expect(rerun.stdout).toContain(`${250 - partial.loads} file(s) loaded (${250 - partial.loads} rows), ${partial.loads} already loaded, 0 rejected; ${rest}`);
    expect(await loadCounts()).toEqual({ files: 250, loads: 250, rows: 250, rowLoads: 250 });
  });
});
