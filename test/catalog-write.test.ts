import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WriteCall } from '../sql/atomic-file.js';
import { catalogFile, catalogVersions, commitCatalog, emptyCatalog, readCatalog, type Catalog } from '../sql/catalog.js';
import { DiskFullError } from '../sql/errors.js';
import { eachTestInTempLake } from './helpers.js';

/**
 * The catalog is the one file whose truncation jams the whole lake (every command refuses a
 * newest catalog it cannot read), so its write is pinned here with write(2) made to behave as on
 * a full disk, through the seam commitCatalog itself writes with.
 */
let lake: string;
eachTestInTempLake((_dir, l) => {
  lake = l;
});

/** A catalog big enough to take several writes: one table with many files. */
function changes(files: number): Omit<Catalog, 'version' | 'committedAt' | 'format'> {
  const names = Array.from({ length: files }, (_, i) => `bronze/machines/load-${String(i).padStart(8, '0')}-0badcafe.parquet`);
  return { command: 'test', tables: { bronze_machines: { files: names, columns: [['machine_id', 'VARCHAR']] } }, counters: { load: files }, files: {} };
}

/** write(2) on a disk with `room` bytes left: it writes what fits, then fails with ENOSPC. */
function diskWithRoom(room: number): WriteCall {
  let left = room;
  return (fd, buffer, offset, length) => {
    if (left === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    const written = writeSync(fd, buffer, offset, Math.min(length, left));
    left -= written;
    return written;
  };
}

const strayFiles = (): string[] => readdirSync(`${lake}/_catalog`).filter((name) => !/^\d{10}\.json$/.test(name));

describe('writing a catalog version', () => {
  it('publishes nothing when the disk takes only part of it, and the next commit publishes it whole', () => {
    const first = commitCatalog(lake, emptyCatalog(), changes(2));
    const next = changes(400);
    expect(JSON.stringify(next, null, 1).length).toBeGreaterThan(12_288);

    const failed = (() => {
      try {
        commitCatalog(lake, first, next, diskWithRoom(12_288));
        return undefined;
      } catch (err) {
        return err;
      }
    })();
    expect(failed).toBeInstanceOf(DiskFullError);
    expect((failed as DiskFullError).exitCode).toBe(75);
    expect((failed as DiskFullError).message).toMatch(/^disk full: no space left to write \S+\/_catalog\/\.tmp-\d+-2\.json; that write published nothing/);
    expect(catalogVersions(lake)).toEqual([1]);
    expect(readCatalog(lake)).toEqual(first);
    expect(strayFiles()).toEqual([]);

    const published = commitCatalog(lake, first, next);
    expect(readCatalog(lake)).toEqual(published);
    expect(readCatalog(lake).tables.bronze_machines?.files).toHaveLength(400);
  });

  it('writes on where a short write stopped, so a disk that takes a little at a time still gets the whole file', () => {
    let calls = 0;
    const trickle: WriteCall = (fd, buffer, offset, length) => {
      calls++;
      return writeSync(fd, buffer, offset, Math.min(length, 1000));
    };
    const published = commitCatalog(lake, emptyCatalog(), changes(100), trickle);
    expect(calls).toBeGreaterThan(5);
    expect(JSON.parse(readFileSync(catalogFile(lake, 1), 'utf8'))).toEqual(published);
  });

  it('fails rather than spins when write(2) makes no progress', () => {
    expect(() => commitCatalog(lake, emptyCatalog(), changes(1), () => 0)).toThrow(DiskFullError);
    expect(catalogVersions(lake)).toEqual([]);
    expect(strayFiles()).toEqual([]);
  });
});
