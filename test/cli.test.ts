import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, lockHolder, PUBLIC_DATA, runCli, tempDir } from './helpers.js';


const lakescore = runCli;

let dir: ReturnType<typeof tempDir>;
let lake: string;
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
  dir = tempDir();
  lake = join(dir.path, 'lake');
  expect(lakescore(['--lake', lake, 'ingest', PUBLIC_DATA]).code).toBe(0);
  expect(lakescore(['--lake', lake, 'build', 'all', '--from', '2015-01-01', '--to', '2015-04-01']).code).toBe(0);
});
afterAll(() => dir.remove());

describe('lakescore CLI', () => {
  it('prints help listing every command', () => {
    const { code, stdout } = lakescore(['--help']);
    expect(code).toBe(0);
    for (const command of ['simulate', 'ingest', 'build', 'sql']) expect(stdout).toContain(command);
  });

  it('reports a bad flag or value in one line with exit code 2', () => {
    const cases = [
      ['--lake', lake, 'build', 'gold', '--windows', '12,x'],
      ['--lake', lake, 'build', 'platinum'],
      ['--lake', lake, 'build', 'gold', '--from', '2015-02-30'],
      ['--lake', lake, 'sql', 'SELECT 1', '--format', 'xml'],
      ['--lake', lake, 'ingest', '--no-such-flag', PUBLIC_DATA],
      ['--lake', lake, '--fleet', '/no/such/fleet.yaml', 'runs'],
      ['--lake', '', 'runs'],
      ['--lake', join(PUBLIC_DATA, 'SOURCE.md'), 'runs'],
      ['--lake', join(PUBLIC_DATA, 'SOURCE.md'), 'ingest', PUBLIC_DATA],
      ['--lake', lake, '--memory-limit', '10XB', 'runs'],
    ];
    for (const args of cases) {
      const { code, stderr } = lakescore(args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^(lakescore: |error: )/);
    }
    expect(lakescore(['--lake', lake, 'build', 'platinum']).stderr).toContain('layer: expected silver, gold or all');
  });

  it('refuses to read a lake that does not exist, and creates nothing', () => {
    const missing = join(dir.path, 'no-such-lake');
    for (const command of [['sql', 'SELECT 1'], ['history'], ['check'], ['runs']]) {
      const { code, stderr } = lakescore(['--lake', missing, ...command]);
      expect({ command, code }).toEqual({ command, code: 2 });
      expect(stderr).toContain(`no lake at ${missing}`);
    }
    expect(existsSync(missing)).toBe(false);
  });

  it('ends quietly when the reader of its output stops early', () => {
    const query = 'SELECT * FROM range(2000000)';
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --lake "${lake}" sql "${query}" --format csv | head -n 2`], { encoding: 'utf8' });
    expect(piped.stdout).toBe('range\n0\n');
    expect(piped.stderr).not.toContain('EPIPE');
  });

  it('gives the engine the memory limit asked for, and leaves no spill files behind', () => {
    const setting = "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t";
    const flag = JSON.parse(lakescore(['--lake', lake, '--memory-limit', '1GB', 'sql', setting, '--format', 'json']).stdout) as { m: string; t: string }[];
    expect(flag[0]?.m).toBe('953.6 MiB');
    expect(existsSync(flag[0]?.t as string)).toBe(false);
    const env = JSON.parse(lakescore(['--lake', lake, 'sql', setting, '--format', 'json'], { LAKESCORE_MEMORY_LIMIT: '512MiB' }).stdout) as { m: string }[];
    expect(env[0]?.m).toBe('512.0 MiB');
    expect(lakescore(['--lake', lake, 'build', 'silver']).code).toBe(0);
    expect(existsSync(join(lake, '_tmp'))).toBe(false);
  });

  it('takes the lake from LAKESCORE_LAKE', () => {
    const { code, stdout } = lakescore(['sql', 'SELECT count(*) AS n FROM silver_failures', '--format', 'csv'], { LAKESCORE_LAKE: lake });
    expect(code).toBe(0);
    expect(stdout).toBe('n\n761\n');
  });

  it('answers SQL as table, csv and json with ISO timestamps and plain numbers', () => {
    const query = 'SELECT machine_id, ts, error_id FROM silver_errors ORDER BY machine_id, ts LIMIT 2';
    expect(lakescore(['--lake', lake, 'sql', query, '--format', 'json']).stdout).toBe(
      '[{"machine_id":1,"ts":"2015-01-03T07:00:00.000Z","error_id":"error1"},{"machine_id":1,"ts":"2015-01-03T20:00:00.000Z","error_id":"error3"}]\n',
    );
    expect(lakescore(['--lake', lake, 'sql', query, '--format', 'csv']).stdout).toBe(
      'machine_id,ts,error_id\n1,2015-01-03T07:00:00.000Z,error1\n1,2015-01-03T20:00:00.000Z,error3\n',
    );
    const table = lakescore(['--lake', lake, 'sql', 'SELECT count(*) AS rows_in_gold FROM gold_features']).stdout;
    expect(table).toContain('rows_in_gold');
    expect(table).toContain('3580');
  });

  it('refuses statements that write, with exit code 2', () => {
    for (const query of ['DROP VIEW loads', "INSERT INTO loads SELECT * FROM loads", "COPY (SELECT 1) TO '/tmp/x.csv'", 'CREATE TABLE t (a INT)', 'SELECT 1; SELECT 2']) {
      const { code, stderr } = lakescore(['--lake', lake, 'sql', query]);
      expect({ query, code }).toEqual({ query, code: 2 });
      expect(stderr).toMatch(/^lakescore: query: /);
    }
  });

  it('says "empty file" for an empty file, and one line for a symlink loop', () => {
    const empty = join(dir.path, 'telemetry-empty.csv');
    writeFileSync(empty, '');
    const other = join(dir.path, 'lake-empty');
    const rejected = lakescore(['--lake', other, 'ingest', empty]);
    expect(rejected.code).toBe(2);
    expect(rejected.stdout).toContain('empty file');
    const loop = join(dir.path, 'loop');
    mkdirSync(loop);
    symlinkSync(join(loop, 'a'), join(loop, 'b'));
    symlinkSync(join(loop, 'b'), join(loop, 'a'));
    symlinkSync(join(loop, 'a'), join(loop, 'telemetry-loop.csv'));
    const looped = lakescore(['--lake', other, 'ingest', loop]);
    expect(looped.code).toBe(2);
    expect(looped.stderr.trim().split('\n')).toEqual([expect.stringMatching(/ELOOP/)]);
  });

  it('keeps a long value from padding every row of a table, and whole in csv', () => {
    const table = lakescore(['--lake', lake, 'sql', "SELECT repeat('x', 5000) AS big"]);
    expect(Math.max(...table.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(200);
    expect(lakescore(['--lake', lake, 'sql', "SELECT repeat('x', 5000) AS big", '--format', 'csv']).stdout).toContain('x'.repeat(5000));
  });

  it('exits 2 when a file is rejected, naming it', () => {
    const { code, stdout, stderr } = lakescore(['--lake', lake, 'ingest', join(PUBLIC_DATA, 'SOURCE.md')]);
    expect(code).toBe(2);
    expect(stdout + stderr).toContain('SOURCE.md');
  });

  it('still exits 2 for a rejected file when its stderr is closed', async () => {
    const child = spawn(process.execPath, [BIN, '--lake', lake, 'ingest', join(PUBLIC_DATA, 'SOURCE.md')], { stdio: ['ignore', 'ignore', 'pipe'] });
    // nobody reads: the message meets a closed pipe
    child.stderr.destroy();
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(2);
  });

  it('makes a second writer wait, then exit 75 naming the process that holds the lake', async () => {
    const holder = await lockHolder(lake, 'hold for test');
    try {
      const started = Date.now();
      const { code, stderr } = lakescore(['--lake', lake, 'build', 'silver', '--force', '--wait', '1']);
      expect(code).toBe(75);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(stderr).toContain(`process ${holder.pid}`);
      expect(stderr).toContain('hold for test');
      // readers are never blocked by a writer
      expect(lakescore(['--lake', lake, 'sql', 'SELECT count(*) AS n FROM loads', '--format', 'csv']).stdout).toBe('n\n5\n');
    } finally {
      await holder.kill();
    }
    // the lock dies with its holder, even on kill -9
    expect(lakescore(['--lake', lake, 'build', 'silver']).code).toBe(0);
  });
});
