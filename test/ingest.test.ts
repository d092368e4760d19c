import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../bronze/ingest.js';
import { declareBronzeTables } from '../bronze/tables.js';
import { FLEET, PUBLIC_DATA, eachTestInTempLake, readLake, type TempDir, withWriter } from './helpers.js';

let dir: TempDir;
let lake: string;
eachTestInTempLake((d, l) => {
  dir = d;
  lake = l;
});

const bronzeCounts = (lakeDir: string) =>
  readLake(
    lakeDir,
    `SELECT (SELECT count(*) FROM bronze_telemetry) t, (SELECT count(*) FROM bronze_errors) e, (SELECT count(*) FROM bronze_maint) m,
            (SELECT count(*) FROM bronze_failures) f, (SELECT count(*) FROM bronze_machines) k`,
    (s) => declareBronzeTables(s, FLEET),
  );

function writeFile(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

describe('ingest', () => {
  it('loads the five public files once, with their content hashes, and skips them the second time', async () => {
    const first = await withWriter(lake, (s) => ingest(s, FLEET, [PUBLIC_DATA]));
    expect(first.outcomes.map((o) => o.status)).toEqual(['loaded', 'loaded', 'loaded', 'loaded', 'loaded']);
    expect(first.ignored.map((p) => p.split('/').pop())).toEqual(['SOURCE.md']);
    expect(await bronzeCounts(lake)).toEqual([{ t: 43200, e: 3919, m: 3286, f: 761, k: 100 }]);

    const second = await withWriter(lake, (s) => ingest(s, FLEET, [PUBLIC_DATA]));
    expect(second.outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(await bronzeCounts(lake)).toEqual([{ t: 43200, e: 3919, m: 3286, f: 761, k: 100 }]);

    // SOURCE.md lists the sha256 of each uncompressed CSV: the content hash must be exactly that
    const source = readFileSync(join(PUBLIC_DATA, 'SOURCE.md'), 'utf8');
    const loads = await readLake(lake, `SELECT file, sha256, status, row_count FROM loads ORDER BY load_id`);
    expect(loads).toHaveLength(5);
    for (const load of loads) {
      const name = String(load.file).split('/').pop() as string;
      expect(source).toContain(`| ${name} | ${Number(load.row_count).toLocaleString('en-US')} |`);
      expect(source).toContain(String(load.sha256));
      expect(load.status).toBe('loaded');
    }
  });

  it('keeps values as text with lineage: file, sha256, load id, row number, load time', async () => {
    await withWriter(lake, (s) => ingest(s, FLEET, [join(PUBLIC_DATA, 'PdM_errors.csv.gz')]));
    const rows = await readLake(lake, `SELECT * FROM bronze_errors ORDER BY _row_number LIMIT 2`);
    expect(rows[0]).toMatchObject({ datetime: '2015-01-03 07:00:00', machineid: '1', errorid: 'error1', _load_id: 1, _row_number: 1 });
    expect(rows[1]).toMatchObject({ _row_number: 2 });
    expect(String(rows[0]?._source_file)).toMatch(/PdM_errors\.csv\.gz$/);
    expect(rows[0]?._loaded_at).toBeInstanceOf(Date);
  });

  it('rejects a truncated gzip file, names it, and leaves bronze unchanged', async () => {
    await withWriter(lake, (s) => ingest(s, FLEET, [join(PUBLIC_DATA, 'PdM_machines.csv.gz')]));
    const whole = readFileSync(join(PUBLIC_DATA, 'PdM_errors.csv.gz'));
    const truncated = join(dir.path, 'errors_truncated.csv.gz');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const before = await bronzeCounts(lake);
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [truncated]));
    expect(result.outcomes[0]?.status).toBe('rejected');
    expect(result.outcomes[0]?.message).toContain(truncated);
    expect(result.outcomes[0]?.message).toMatch(/gzip/);
    expect(await bronzeCounts(lake)).toEqual(before);
    const loads = await readLake(lake, `SELECT status, error FROM loads WHERE status = 'rejected'`);
    expect(loads).toHaveLength(1);
  });

  it('rejects a CSV with a missing column, naming the file and the column', async () => {
    const path = writeFile('telemetry_bad.csv', 'datetime,machineID,volt,rotate,pressure\n2015-01-01 06:00:00,1,170,440,100\n');
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [path]));
    expect(result.outcomes[0]).toMatchObject({ status: 'rejected' });
    expect(result.outcomes[0]?.message).toContain(path);
    expect(result.outcomes[0]?.message).toContain('missing column vibration');
    expect(await bronzeCounts(lake)).toEqual([{ t: 0, e: 0, m: 0, f: 0, k: 0 }]);
  });

  it('rejects an unknown header and a row with too many fields, naming the line', async () => {
    const unknown = writeFile('batch.csv', 'a,b,c\n1,2,3\n');
    const ragged = writeFile('errors_ragged.csv', 'datetime,machineID,errorID\n2015-01-01 06:00:00,1,error1\n2015-01-01 07:00:00,1,error2,extra\n');
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [unknown, ragged]));
    expect(result.outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(result.outcomes[0]?.message).toMatch(/unknown source/);
    expect(result.outcomes[1]?.message).toMatch(/errors_ragged\.csv: line 3: Expected Number of Columns: 3 Found: 4 \(line: 2015-01-01 07:00:00,1,error2,extra\)$/);
    expect(await bronzeCounts(lake)).toEqual([{ t: 0, e: 0, m: 0, f: 0, k: 0 }]);
  });

  it('reads a file by its own name, even one DuckDB would take for a glob pattern', async () => {
    writeFile('errors1.csv', 'datetime,machineID,errorID\n2015-01-01 06:00:00,1,error1\n');
    writeFile('errors2.csv', 'datetime,machineID,errorID\n2015-01-01 06:00:00,2,error2\n');
    const bracketed = writeFile('errors[1].csv', 'datetime,machineID,errorID\n2015-01-01 06:00:00,3,error3\n2015-01-01 07:00:00,3,error4\n');
    const starred = writeFile('errors*.csv', 'datetime,machineID,errorID\n2015-01-01 08:00:00,4,error5\n');
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [bracketed, starred]));
    expect(result.outcomes.map((o) => [o.status, o.rows])).toEqual([['loaded', 2], ['loaded', 1]]);
    expect(await readLake(lake, 'SELECT machineid, errorid FROM bronze_errors ORDER BY ALL', (s) => declareBronzeTables(s, FLEET))).toEqual([
      { machineid: '3', errorid: 'error3' },
      { machineid: '3', errorid: 'error4' },
      { machineid: '4', errorid: 'error5' },
    ]);
  });

  it('echoes the names of columns it leaves out escaped, short and few, and names the reason a quote breaks a file', async () => {
    const names = ['n\x1b[1mote\x07', 'x'.repeat(5000), ...Array.from({ length: 15 }, (_, i) => `extra${i}`)];
    const wide = writeFile('machines-wide.csv', `machineID,model,age,${names.join(',')}\n1,model3,18${',v'.repeat(names.length)}\n`);
    const quoted = writeFile('maint-quote.csv', 'datetime,machineID,comp\n2015-01-01 06:00:00,2,"comp3\n2015-01-02 06:00:00,2,comp1\n');
    const [loaded, broken] = (await withWriter(lake, (s) => ingest(s, FLEET, [wide, quoted]))).outcomes;
    expect(loaded?.status).toBe('loaded');
    expect(loaded?.message).toMatch(/17 column\(s\) the definition does not name left out: n\\x1b\[1mote\\x07, x{60}\.\.\. \(5000 characters\), extra0, .* and 7 more$/);
    expect(loaded?.message.length).toBeLessThan(400);
    expect(broken?.message).toMatch(/maint-quote\.csv: line 2: Value with unterminated quote found\. \(line: 2015-01-01 06:00:00,2,"comp3\\x0a2015/);
  });

  it('recognises a table by its header, with quoted names in any case, CRLF ends and a BOM', async () => {
    const path = writeFile('batch-0001.csv', '\uFEFF"DateTime","MachineId","ErrorId"\r\n"1/3/2015 7:00:00 AM","1","error1"\r\n"2015-01-03T08:00:00Z","2","error2"\r\n');
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [path]));
    expect(result.outcomes[0]).toMatchObject({ status: 'loaded', table: 'errors', rows: 2 });
    expect(await readLake(lake, `SELECT datetime, machineid, errorid FROM bronze_errors ORDER BY _row_number`)).toEqual([
      { datetime: '1/3/2015 7:00:00 AM', machineid: '1', errorid: 'error1' },
      { datetime: '2015-01-03T08:00:00Z', machineid: '2', errorid: 'error2' },
    ]);
  });

  it('reads Parquet, keeping typed values as text, and rejects a file that is not Parquet', async () => {
    const parquet = join(dir.path, 'machines.parquet');
    await withWriter(join(dir.path, 'scratch'), (s) =>
      s.run(`COPY (SELECT * FROM read_csv($src)) TO $out (FORMAT parquet)`, { src: join(PUBLIC_DATA, 'PdM_machines.csv.gz'), out: parquet }),
    );
    const fake = writeFile('telemetry.parquet', 'datetime,machineID\n');
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [parquet, fake]));
    expect(result.outcomes.map((o) => o.status)).toEqual(['loaded', 'rejected']);
    expect(result.outcomes[1]?.message).toContain(fake);
    expect(await readLake(lake, `SELECT machineid, model, age FROM bronze_machines WHERE _row_number = 1`)).toEqual([
      { machineid: '1', model: 'model3', age: '18' },
    ]);
  });

  it('counts the same content under another name or compression as already loaded', async () => {
    const copy = join(dir.path, 'telemetry-copy.csv');
    copyFileSync(join(PUBLIC_DATA, 'PdM_telemetry_machines01-20_2015-Q1.csv'), copy);
    const result = await withWriter(lake, (s) => ingest(s, FLEET, [join(PUBLIC_DATA, 'PdM_telemetry_machines01-20_2015-Q1.csv'), copy]));
    expect(result.outcomes.map((o) => o.status)).toEqual(['loaded', 'skipped']);
  });

  it('passes over a file loaded before without reading it while it is unchanged, and reads it again once rewritten', async () => {
    const header = 'datetime,machineID,volt,rotate,pressure,vibration';
    const path = writeFile('telemetry-night.csv', `${header}\n2015-01-01 06:00:00,1,170.1,450.2,100.3,40.4\n`);
    const again = async () => (await withWriter(lake, (s) => ingest(s, FLEET, [path]))).outcomes[0];
    expect((await again())?.status).toBe('loaded');
    expect(await again()).toMatchObject({ status: 'skipped', message: 'unchanged since load 1 (same path, size and modification time)' });
    // the same size, new content: the modification time tells it
    writeFileSync(path, `${header}\n2015-01-01 06:00:00,1,170.1,450.2,100.3,40.5\n`);
    expect((await again())?.status).toBe('loaded');
    // touched but the same content: read again, and known by its hash
    writeFileSync(path, readFileSync(path));
    expect((await again())?.message).toMatch(/^same content already loaded \(load 2/);
    const [loads] = await readLake(lake, 'SELECT count(*) AS n, min(file_bytes) AS bytes FROM loads', (s) => declareBronzeTables(s, FLEET));
    expect({ n: Number(loads?.n), bytes: Number(loads?.bytes) }).toEqual({ n: 2, bytes: readFileSync(path).length });
  });
});
