import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, measure, printTable } from './harness.js';

/**
 * Many small files, as an inbox fed file by file collects them: 1,000 one-row telemetry files,
 * ingested as 300 and then the other 700. What grows with them is the catalog (every version
 * lists every file) and the time a file costs: the second command shows both.
 */
const FIRST = 300;
const TOTAL = 1000;

const HEADER = 'datetime,machineID,volt,rotate,pressure,vibration';

function writeOneRowFiles(dir: string, from: number, to: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++) {
    const hour = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    writeFileSync(join(dir, `telemetry-${String(i).padStart(5, '0')}.csv`), `${HEADER}\n${hour},1,170.5,450.1,100.2,40.3\n`);
  }
}

function catalogBytes(lake: string): { versions: number; newest: number; total: number } {
  const dir = join(lake, '_catalog');
  const sizes = readdirSync(dir)
    .filter((name) => /^\d{10}\.json$/.test(name))
    .sort()
    .map((name) => statSync(join(dir, name)).size);
  return { versions: sizes.length, newest: sizes.at(-1) ?? 0, total: sizes.reduce((a, b) => a + b, 0) };
}

export function benchManyFiles(root: string): void {
  const lake = join(root, 'ingest-files-lake');
  const first = join(root, 'ingest-files', 'first');
  const rest = join(root, 'ingest-files', 'rest');
  rmSync(lake, { recursive: true, force: true });
  rmSync(join(root, 'ingest-files'), { recursive: true, force: true });
  writeOneRowFiles(first, 0, FIRST);
  writeOneRowFiles(rest, FIRST, TOTAL);
  const early = measure([CLI, '--lake', lake, 'ingest', first]);
  const late = measure([CLI, '--lake', lake, 'ingest', rest]);
  const catalogs = catalogBytes(lake);
  printTable(`bronze ingest, ${TOTAL.toLocaleString('en-US')} one-row files`, ['step', 'seconds', 'catalog versions', 'newest catalog KB', 'all catalogs KB'], [
    [`first ${FIRST} files`, early.seconds.toFixed(2), '', '', ''],
    [`last ${TOTAL - FIRST} files`, late.seconds.toFixed(2), catalogs.versions, (catalogs.newest / 1024).toFixed(1), (catalogs.total / 1024).toFixed(0)],
  ]);
}
