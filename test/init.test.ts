import { mkdirSync, readFileSync, rmSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerInit } from '../cli/init.js';
import { detectDialect } from '../fleet/draft/dialect.js';
import { scalar } from '../fleet/draft/yaml.js';
import type { Fleet, Source } from '../fleet/fleet.js';
import { initFleet } from '../fleet/init.js';
import { BUILT_IN_FLEET_FILE, builtInFleet, parseFleet } from '../fleet/load.js';
import { InputError } from '../sql/errors.js';
import { packageRoot } from '../sql/paths.js';

/** The public data sets, read in place from ../shared (never copied into the repository). */
const DATA = resolve(packageRoot, '..', 'shared', 'data');
const AZURE = join(DATA, 'azure-pdm');
const CMAPSS = join(DATA, 'cmapss');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lakescore-init-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const readFleet = (file: string): Fleet => parseFleet(readFileSync(file, 'utf8'), file);
const holding = (fleet: Fleet, holds: Source['holds']): Source[] => fleet.sources.filter((s) => s.holds === holds);

/** A file-name pattern as bronze matches it: `*` any run, `?` one character, whole name, any case. */
const matches = (pattern: string, name: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i').test(name);

describe('lakescore init', () => {
  it('writes the commented built-in definition, whose meaning is the built-in one', async () => {
    const out = join(dir, 'lakescore.yaml');
    const result = await initFleet({ out, force: false });
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(readFileSync(BUILT_IN_FLEET_FILE, 'utf8'));
    expect(readFleet(out).hash).toBe(builtInFleet().hash);
    // the comments explain the keys the default does not use
    for (const key of ['whitespace', 'header: false', 'counter', 'zone', 'prefix', 'min:', 'optional: true', 'open: true', 'top: 20', 'failure_flag', 'slope']) {
      expect(text).toContain(key);
    }
    expect(text.split('\n').length).toBeLessThanOrEqual(120);
    expect(result.lines.join('\n')).toContain('wrote');
  });

  it('writes to ./lakescore.yaml by default', async () => {
    const result = await initFleet({ out: 'lakescore.yaml', force: false }, dir);
    expect(result.out).toBe(join(dir, 'lakescore.yaml'));
    expect(readFleet(result.out).hash).toBe(builtInFleet().hash);
  });

  it('refuses to overwrite a file without --force', async () => {
    const out = join(dir, 'lakescore.yaml');
    writeFileSync(out, 'mine\n');
    for (const fromData of [undefined, AZURE]) {
      const refusal = initFleet({ out, force: false, fromData });
      await expect(refusal).rejects.toBeInstanceOf(InputError);
      await expect(refusal).rejects.toThrow(/already exists \(use --force/);
    }
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    await initFleet({ out, force: true });
    expect(readFleet(out).hash).toBe(builtInFleet().hash);
  });

  it('through the command line: one line on stderr and exit code 2 when the file exists', async () => {
    const out = join(dir, 'lakescore.yaml');
    const program = new Command().exitOverride();
    registerInit(program);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['init', '--out', out], { from: 'user' });
      expect(process.exitCode ?? 0).toBe(0);
      await program.parseAsync(['init', '--out', out], { from: 'user' });
      expect(process.exitCode).toBe(2);
      const message = String(stderr.mock.calls.at(-1)?.[0]);
      expect(message).toMatch(/^lakescore: .*already exists/);
      expect(message.trim().split('\n')).toHaveLength(1);
    } finally {
      process.exitCode = undefined;
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });
});

describe('lakescore init --from-data', () => {
  it('drafts the Azure sample into a definition parseFleet accepts', async () => {
    const out = join(dir, 'lakescore.yaml');
    const result = await initFleet({ out, force: false, fromData: AZURE });
    const fleet = readFleet(out);
    expect(fleet.idType).toBe('integer');
    const [readings] = holding(fleet, 'readings');
    expect(readings?.sensors.map(([name]) => name)).toEqual(['volt', 'rotate', 'pressure', 'vibration']);
    expect(readings?.asset.column).toBe('machineID');
    expect(readings?.time).toMatchObject({ kind: 'clock', column: 'datetime' });
    expect(fleet.alarms?.codes).toEqual(['error1', 'error2', 'error3', 'error4', 'error5']);
    expect(holding(fleet, 'alarms')[0]?.code).toBe('errorID');
    expect(fleet.components).toEqual(['comp1', 'comp2', 'comp3', 'comp4']);
    expect(holding(fleet, 'maintenance')[0]?.component).toBe('comp');
    expect(holding(fleet, 'failures')[0]?.component).toBe('failure');
    expect(fleet.attributes).toEqual(
      expect.arrayContaining([
        { name: 'model', kind: 'categorical', values: ['model1', 'model2', 'model3', 'model4'] },
        { name: 'age', kind: 'integer' },
      ]),
    );
    expect(fleet.sources.map((s) => s.name).sort()).toEqual(['errors', 'failures', 'machines', 'maint', 'telemetry_machines01_20_2015_q1']);
    const files = ['PdM_errors.csv.gz', 'PdM_failures.csv.gz', 'PdM_machines.csv.gz', 'PdM_maint.csv.gz', 'PdM_telemetry_machines01-20_2015-Q1.csv'];
    for (const file of files) expect(fleet.sources.filter((s) => s.patterns.some((p) => matches(p, file)))).toHaveLength(1);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# guessed:');
    const summary = result.lines.join('\n');
    expect(summary).toContain('PdM_errors.csv.gz -> source errors, holds alarms');
    expect(summary).toContain('is a valid fleet definition');
  });

  it('drafts C-MAPSS: headerless, whitespace-separated, cycles for time, and files it cannot place', async () => {
    const out = join(dir, 'lakescore.yaml');
    const result = await initFleet({ out, force: false, fromData: CMAPSS });
    const fleet = readFleet(out);
    const readings = holding(fleet, 'readings');
    // one header, but train_FD001 and train_FD002 are other engines under the same ids: one source each
    expect(readings.map((s) => s.name).sort()).toEqual(['test_fd001', 'test_fd002', 'train_fd001', 'train_fd002']);
    for (const source of readings) {
      expect(source.csv).toMatchObject({ delimiter: 'whitespace', header: false });
      expect(source.csv.columns).toHaveLength(26);
      expect(source.time).toMatchObject({ kind: 'counter', column: 'col2' });
      // test engines 1-100 are not train engines 1-100: same ids, same cycles, so each file's ids get a prefix
      expect(source.asset).toEqual({ column: 'col1', prefix: `${source.name}_` });
    }
    expect(fleet.idType).toBe('text');
    // cycles counted in hours: the hourly defaults
    expect(fleet.features.step.text).toBe('12h');
    // setting3 and s1, s5, s10, s16, s18, s19 never change in FD001: left out there, with a comment
    const fd001 = readings.find((s) => s.name === 'train_fd001')?.sensors.map(([name]) => name) ?? [];
    expect(fd001).toHaveLength(17);
    for (const constant of ['col5', 'col6', 'col10', 'col15', 'col21', 'col23', 'col24']) expect(fd001).not.toContain(constant);
    expect(readFileSync(out, 'utf8')).toContain('# left out col5: never changes in the sample (always 100.0)');
    const summary = result.lines.join('\n');
    expect(summary).toMatch(/RUL_FD001\.txt: no source/);
    expect(summary).toMatch(/readme\.txt: skipped/);
    expect(summary).toContain('no file looks like failures');
  });

  it('proposes regimes for FD002, whose settings take six conditions, and none for FD001 or the Azure sample', async () => {
    const subset = (name: string): string => {
      const only = join(dir, name);
      mkdirSync(only);
      for (const file of [`train_${name}.txt.gz`, `test_${name}.txt.gz`]) symlinkSync(join(CMAPSS, file), join(only, file));
      return only;
    };
    const fd002 = join(dir, 'fd002.yaml');
    await initFleet({ out: fd002, force: false, fromData: subset('FD002') });
    const fleet = readFleet(fd002);
    // altitude, Mach number and throttle (col3-col5), and the sensors the condition alone fixes
    expect(fleet.regimes?.settings.slice(0, 3)).toEqual(['col3', 'col4', 'col5']);
    expect(fleet.regimes?.method).toMatchObject({ kind: 'round' });
    expect(readFileSync(fd002, 'utf8')).toMatch(/regimes: +# guessed: .* take 6 combinations/);
    const settings = new Set(fleet.regimes?.settings);
    expect(fleet.regimes?.normalize).toEqual(fleet.sensors.map((s) => s.name).filter((n) => !settings.has(n)));
    expect(fleet.regimes?.normalize).toContain('col7');
    for (const [name, data] of [['fd001.yaml', subset('FD001')], ['azure.yaml', AZURE]] as const) {
      await initFleet({ out: join(dir, name), force: false, fromData: data });
      expect(readFleet(join(dir, name)).regimes).toBeUndefined();
    }
  });

  it('reads other dialects, formats, text ids, attributes repeated in readings and a failure flag', async () => {
    const data = join(dir, 'data');
    mkdirSync(join(data, 'old'), { recursive: true });
    const readings = ['stamp;pump;model;temp (C);flow;broken'];
    for (let p = 1; p <= 4; p++) {
      for (let h = 0; h < 48; h++) {
        const stamp = `${String(1 + Math.floor(h / 24) + 12).padStart(2, '0')}.03.2021 ${String(h % 24).padStart(2, '0')}:00`;
        readings.push(`${stamp};P-0${p};m${p % 2};${(20 + ((p * 7 + h * 3) % 11) / 2).toFixed(2)};${(h * p) % 17}.5;${h === 40 && p === 2 ? 1 : 0}`);
      }
    }
    writeFileSync(join(data, 'pump_readings.csv'), `${readings.join('\r\n')}\r\n`);
    writeFileSync(join(data, 'old', 'pump_readings.csv'), `${readings.slice(0, 10).join('\n')}\n`);
    const alarms = ['time\tpump\talarm', ...Array.from({ length: 30 }, (_, i) => `2021-03-13T${String(i % 24).padStart(2, '0')}:00:00Z\tP-0${1 + (i % 4)}\t${['HIGH TEMP', 'E-17', 'LOW FLOW'][i % 3]}`)];
    writeFileSync(join(data, 'pump_alarms.tsv'), `${alarms.join('\n')}\n`);
    writeFileSync(join(data, 'notes.txt'), 'These files come from the pumps of the north station.\nAsk Jo about the gaps in March.\n');

    const out = join(dir, 'lakescore.yaml');
    await initFleet({ out, force: false, fromData: data });
    const fleet = readFleet(out);
    expect(fleet.idType).toBe('text');
    const [source] = holding(fleet, 'readings');
    expect(source?.name).toBe('readings');
    expect(source?.csv.delimiter).toBe(';');
    expect(source?.time).toMatchObject({ kind: 'clock', column: 'stamp', formats: ['%d.%m.%Y %H:%M'] });
    expect(source?.sensors).toEqual([['temp_c', 'temp (C)'], ['flow', 'flow']]);
    expect(source?.attributes).toEqual([['model', 'model']]);
    expect(source?.failureFlag?.column).toBe('broken');
    expect(fleet.classes).toEqual(['failure']);
    expect(holding(fleet, 'alarms')[0]?.csv.delimiter).toBe('\t');
    expect(fleet.alarms?.codes).toEqual(['E-17', 'HIGH TEMP', 'LOW FLOW']);
    expect(readFileSync(out, 'utf8')).toContain('# also matches old/pump_readings.csv');
  });

  it('is one clear error for a directory without data files', async () => {
    writeFileSync(join(dir, 'README.md'), 'no data here\n');
    const out = join(dir, 'lakescore.yaml');
    const attempt = initFleet({ out, force: false, fromData: dir });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(/no data files in it or below/);
    await expect(initFleet({ out, force: false, fromData: join(dir, 'missing') })).rejects.toThrow(/no such directory/);
  });
});

describe('draft details', () => {
  it('tells delimiters and headers apart', () => {
    const dialect = (text: string) => {
      const guess = detectDialect(text);
      return 'dialect' in guess ? guess.dialect : guess.skip;
    };
    expect(dialect('a;b;c\n1;2;3\n4;5;6\n')).toEqual({ delimiter: ';', header: true, names: ['a', 'b', 'c'] });
    expect(dialect('1 1  0.5 \n1 2  0.7 \n')).toEqual({ delimiter: 'whitespace', header: false, names: ['col1', 'col2', 'col3'] });
    expect(dialect('"x, y",b\n"1,5",2\n')).toEqual({ delimiter: ',', header: true, names: ['x, y', 'b'] });
    expect(dialect('112 \n98 \n')).toEqual({ delimiter: 'whitespace', header: false, names: ['col1'] });
    expect(dialect('This is a note.\nIt has words in it.\n')).toMatch(/not a table/);
  });

  it('quotes exactly the YAML values that need it', () => {
    expect(['machineID', 'error1', '1', 'true', 'null', 'temp (C)', '*x*', '%Y-%m-%d', '\t'].map(scalar)).toEqual([
      'machineID', 'error1', '"1"', '"true"', '"null"', '"temp (C)"', '"*x*"', '"%Y-%m-%d"', '"\\t"',
    ]);
  });
});
