import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BIN, eachTestInTempLake, readLake, type TempDir } from './helpers.js';

/**
 * Files named like a source's files that ingest must not read as they come: a FIFO or a device
 * would hold the writer lock for ever, a file with no line end would be read whole for a header.
 * Each is refused in one line naming it, and the other files of the ingest load as usual.
 */
let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

/** The CLI with a deadline: a hang fails the test instead of stalling the suite. */
function ingestWithin(seconds: number, inbox: string): { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, '--lake', lake, 'ingest', inbox], { encoding: 'utf8', timeout: seconds * 1000 });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

function inboxWithOneGoodFile(): string {
  const inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  writeFileSync(join(inbox, 'telemetry-good.csv'), 'datetime,machineID,volt,rotate,pressure,vibration\n2015-01-01 06:00:00,1,170,450,100,40\n');
  return inbox;
}

const rejectedLine = (stdout: string, name: string): string => stdout.split('\n').find((line) => line.startsWith('rejected') && line.includes(name)) ?? '';

describe('ingest reads only regular files, and a first line only so far', () => {
  it('refuses a FIFO and a link to /dev/zero named like telemetry files, without waiting on them, and loads the rest, a link to a file too', async () => {
    const inbox = inboxWithOneGoodFile();
    execFileSync('mkfifo', [join(inbox, 'telemetry-pipe.csv')]);
    symlinkSync('/dev/zero', join(inbox, 'telemetry-zero.csv'));
    const elsewhere = join(dir.path, 'elsewhere.csv');
    writeFileSync(elsewhere, 'datetime,machineID,volt,rotate,pressure,vibration\n2015-01-01 07:00:00,1,171,451,101,41\n');
    symlinkSync(elsewhere, join(inbox, 'telemetry-link.csv'));
    const result = ingestWithin(60, inbox);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(rejectedLine(result.stdout, 'telemetry-pipe.csv')).toMatch(/telemetry-pipe\.csv: a FIFO \(named pipe\), not a regular file: only regular files are read$/);
    expect(rejectedLine(result.stdout, 'telemetry-zero.csv')).toMatch(/telemetry-zero\.csv: a character device, not a regular file: only regular files are read$/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    // a link to a regular file is that file
    expect(await readLake(lake, `SELECT count(*) AS n FROM bronze_telemetry`)).toEqual([{ n: 2 }]);
    expect(await readLake(lake, `SELECT status, count(*) AS n FROM loads GROUP BY ALL ORDER BY ALL`)).toEqual([
      { status: 'loaded', n: 2 },
      { status: 'rejected', n: 2 },
    ]);
  });

  it('refuses a file with no line end in its first MiB after reading that much, however large the file or its decompressed content', async () => {
    const inbox = inboxWithOneGoodFile();
    // 100 GB of zeros (a sparse file): reading it whole would take far longer than the deadline
    writeFileSync(join(inbox, 'telemetry-zeros.csv'), '');
    truncateSync(join(inbox, 'telemetry-zeros.csv'), 100 * 2 ** 30);
    writeFileSync(join(inbox, 'telemetry-bomb.csv.gz'), gzipSync(Buffer.alloc(256 * 2 ** 20)));
    const result = ingestWithin(60, inbox);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    for (const name of ['telemetry-zeros.csv', 'telemetry-bomb.csv.gz']) {
      expect(rejectedLine(result.stdout, name)).toMatch(/: no line end in the first 1 MiB: the first line is longer than that$/);
    }
    expect(await readLake(lake, `SELECT count(*) AS n FROM bronze_telemetry`)).toEqual([{ n: 1 }]);
  });
});
