import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../sql/paths.js';
import { benchRoot, intEnv, CLI, measure, printTable, repeat, simulatedFleet } from './harness.js';
import { benchManyFiles } from './ingest-files.js';

/**
 * Bronze ingestion of the simulated 1,000 machines x 365 days telemetry file (8.76 M rows), against
 * the peer: DuckDB converting the same CSV to Parquet with nothing else (no header checks, no
 * hashing, no lineage, no catalog). The ratio is what lakescore's guarantees cost. Then many
 * small files (ingest-files.ts), where what counts is the cost of a commit.
 */
const RUNS = intEnv('LAKESCORE_BENCH_RUNS', 3);
const root = benchRoot();
const fleet = simulatedFleet(root, 1000, 365);
const telemetry = join(fleet, 'telemetry.csv');
const rows = 1000 * 365 * 24;

const ours = repeat(RUNS, () => {
  const lake = join(root, 'ingest-lake');
  rmSync(lake, { recursive: true, force: true });
  return measure([CLI, '--lake', lake, 'ingest', telemetry]);
});

const peerScript = `
  import { DuckDBInstance } from '@duckdb/node-api';
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run("COPY (SELECT * FROM read_csv($src, all_varchar = true)) TO $out (FORMAT parquet, COMPRESSION zstd)", { src: process.argv[1], out: process.argv[2] });`;
const peer = repeat(RUNS, () => measure(['--input-type=module', '-e', peerScript, telemetry, join(root, 'peer.parquet')], { cwd: packageRoot }));

printTable(`bronze ingest, ${rows.toLocaleString('en-US')} telemetry rows (median of ${RUNS})`, ['run', 'seconds', 'rows/s', 'peak MB'], [
  ['lakescore ingest', ours.seconds.toFixed(2), Math.round(rows / ours.seconds).toLocaleString('en-US'), ours.peakRssMb.toFixed(0)],
  ['peer: DuckDB CSV -> Parquet', peer.seconds.toFixed(2), Math.round(rows / peer.seconds).toLocaleString('en-US'), peer.peakRssMb.toFixed(0)],
]);
process.stdout.write(`ratio lakescore / peer: ${(ours.seconds / peer.seconds).toFixed(2)}x time, ${(ours.peakRssMb / peer.peakRssMb).toFixed(2)}x memory\n`);

benchManyFiles(root);
