import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInFleet } from '../fleet/load.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { LakeSession } from '../sql/duckdb.js';
import { startPostgresServer } from './postgres-server.js';
import { benchRoot, intEnv, CLI, measure, measureProgram, printTable, repeat, simulatedFleet } from './harness.js';

/**
 * `lakescore export postgres` of about a million predictions (1,370 simulated machines x 365 days,
 * every 12 hours) into an empty table of a local PostgreSQL server, against the peer: psql's
 * `\copy` of the same rows from a CSV file into an empty table of the same definition. The export
 * also opens the lake, writes the rows out of DuckDB and records itself twice in the lake; the
 * ratio is what that costs. Measures; asserts nothing.
 */
const RUNS = intEnv('LAKESCORE_BENCH_RUNS', 3);
const MACHINES = 1370;
const root = benchRoot();
const lake = join(root, `export-lake-${MACHINES}`);

/** A scored lake, made once and reused: the setup is not what this benchmark measures. */
function scoredLake(): void {
  const ready = join(lake, '.bench-ready');
  if (existsSync(ready)) return;
  rmSync(lake, { recursive: true, force: true });
  const fleet = simulatedFleet(root, MACHINES, 365);
  const steps = [
    ['ingest', fleet],
    ['build', 'all'],
    ['train', '--from', '2015-01-01', '--to', '2015-02-01', '--test-to', '2015-03-01', '--trees', '10'],
    ['models', 'promote', 'pdm@1', '--alias', 'production'],
    ['score', '--from', '2015-01-01', '--to', '2016-01-01'],
  ];
  for (const step of steps) measure([CLI, '--lake', lake, ...step]);
  writeFileSync(ready, '');
}

async function resultsAsCsv(file: string): Promise<number> {
  return LakeSession.using(lake, {}, async (session) => {
    await declareAllTables(session, builtInFleet());
    const [written] = await session.query(`COPY (SELECT * FROM results_latest ORDER BY machine_id, ts) TO $out (FORMAT csv, HEADER false)`, { out: file });
    return Number(written?.Count);
  });
}

scoredLake();
const server = await startPostgresServer();
try {
  const psql = (sql: string): string =>
    execFileSync(join(server.bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { env: { ...process.env, ...server.env, PGOPTIONS: '-c client_min_messages=warning' }, encoding: 'utf8' });
  const csv = join(root, 'export-peer.csv');
  const rows = await resultsAsCsv(csv);

  const ours = repeat(RUNS, () => {
    psql('DROP TABLE IF EXISTS risks');
    return measure([CLI, '--lake', lake, 'export', 'postgres', '--table', 'risks', '--run', '1'], { env: server.env });
  });
  const delivered = Number(psql('SELECT count(*) FROM risks'));

  const peer = repeat(RUNS, () => {
    psql('DROP TABLE IF EXISTS peer_risks; CREATE TABLE peer_risks (LIKE risks INCLUDING ALL)');
    return measureProgram(join(server.bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy peer_risks FROM '${csv}' WITH (FORMAT csv)`], server.env);
  });
  if (Number(psql('SELECT count(*) FROM peer_risks')) !== delivered) throw new Error('the peer copied a different number of rows');

  const rate = (seconds: number): string => Math.round(rows / seconds).toLocaleString('en-US');
  printTable(`export of ${rows.toLocaleString('en-US')} predictions into an empty PostgreSQL table (median of ${RUNS})`, ['run', 'seconds', 'rows/s', 'peak MB'], [
    ['lakescore export postgres', ours.seconds.toFixed(2), rate(ours.seconds), ours.peakRssMb.toFixed(0)],
    ['peer: psql \\copy of the CSV', peer.seconds.toFixed(2), rate(peer.seconds), peer.peakRssMb.toFixed(0)],
  ]);
  process.stdout.write(`ratio lakescore / peer: ${(ours.seconds / peer.seconds).toFixed(2)}x time\n`);
  rmSync(csv, { force: true });
} finally {
  server.remove();
}
