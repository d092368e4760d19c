import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { namedColumns } from '../../bronze/columns.js';
import { COMPONENTS, ERROR_CODES, MODELS, SENSORS, SOURCE_COLUMNS, SOURCE_TABLES } from '../../bronze/simulate/shape.js';
import type { Fleet } from '../../fleet/fleet.js';
import { BUILT_IN_FLEET_FILE, builtInFleet, parseFleet, readFleetFile } from '../../fleet/load.js';
import { InputError } from '../../sql/errors.js';
import { fleetDifference } from '../../fleet/difference.js';

const FILE = 'bad.yaml';
/** The built-in definition's hash before regimes, windows of their own and age existed. */
const BUILT_IN_HASH = '22b265f940b878a627add1593d25947b201a1b97801a1eaee3e48cc45c96b341';

/** A valid definition with one readings source; the cases below each break one rule of it. */
const READINGS = `
  tele: { files: "tele*", holds: readings, asset: id, time: ts, sensors: [volt] }`;
const valid = (head: string, sources = ''): string => `
asset_id: text
sensors:
  volt:
${head}
sources:${READINGS}${sources}
`;

/** The valid definition with a second sensor, `speed`, to tell regimes by; FIT stands for a fit range. */
const regimeFleet = (head: string): string =>
  valid(head.replaceAll('FIT', '{ from: 2000-01-01, to: 2000-02-01 }')).replace('  volt:\n', '  volt:\n  speed:\n').replace('sensors: [volt]', 'sensors: [volt, speed]');

/** Either a definition's text (read by parseFleet) or a file to read (readFleetFile). */
type Input = string | { path: string };
const load = (input: Input): Fleet => (typeof input === 'string' ? parseFleet(input, FILE) : readFleetFile(input.path));

function failure(input: Input): Error {
  try {
    load(input);
  } catch (err) {
    return err as Error;
  }
  throw new Error('the definition was accepted');
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `${file}: ${key path}: ` at the start of the message. */
const at = (path: string, file = FILE): RegExp => new RegExp(`^${escapeRegex(`${file}: ${path}: `)}`);

describe('an invalid fleet definition', () => {
  it('is accepted when valid, so that each case below breaks exactly one rule', () => {
    expect(parseFleet(valid(''), FILE).sources.map((s) => s.name)).toEqual(['tele']);
  });

  // [what, definition, the message's start (file and key path), a fragment of the reason]
  it.each<[string, Input, RegExp, string]>([
    ['an unknown top-level key', valid('colour: blue'), at('top level'), 'colour'],
    ['asset_id: int', valid('asset_id: int').replace('asset_id: text\n', ''), at('asset_id'), 'expected integer or text'],
    ['a sensor name with upper case', valid('').replace('  volt:\n', '  volt:\n  Temp:\n'), at('sensors.Temp'), ''],
    ['a sensor name with a dash', valid('').replace('  volt:\n', '  volt:\n  oil-temp:\n'), at('sensors.oil-temp'), ''],
    [
      'a source naming an undeclared sensor',
      valid('').replace('sensors: [volt]', 'sensors: [volt, temp]'),
      at('sources.tele.sensors.temp'),
      'sensor "temp" is not declared under sensors',
    ],
    [
      'a required sensor missing from one of two readings sources',
      valid('  temp:').replace('sensors: [volt]', 'sensors: [volt, temp]') +
        `  old: { files: "old*", holds: readings, asset: id, time: ts, sensors: [volt] }\n`,
      at('sensors.temp'),
      'source old does not provide this required sensor',
    ],
    ['a readings source without time', valid('').replace(' time: ts,', ''), at('sources.tele.time'), 'a source that holds readings needs time'],
    [
      'an alarms source without an alarms block',
      valid('', `\n  alarms: { files: "alarm*", holds: alarms, asset: id, time: ts, code: code }`),
      at('alarms'),
      'source alarms holds alarms: declare alarms',
    ],
    [
      'top: N with a code list',
      valid('alarms: { codes: [E1, E2], top: 5 }', `\n  alarms: { files: "alarm*", holds: alarms, asset: id, time: ts, code: code }`),
      at('alarms'),
      'top: N is for open alarms without a code list',
    ],
    ['a counter origin that is no calendar date', valid('').replace(' time: ts,', ' time: { column: ts, counter: { origin: 2000-02-30, unit: 1d } },'), at('sources.tele.time.counter.origin'), 'not a calendar date'],
    ['a duration 12x', valid('label: { horizon: 12x }'), at('label.horizon'), 'expected a duration such as 30m, 12h, 7d or 2w, got "12x"'],
    ['a sensor named like an SQL keyword', valid('').replace('  volt:\n', '  volt:\n  order:\n'), at('sensors.order'), 'not an SQL keyword'],
    ['a sensor named like a column lakescore uses itself', valid('').replace('  volt:\n', '  volt:\n  reason:\n'), at('sensors.reason'), 'a column lakescore uses itself'],
    ['a name starting with _', valid('').replace('  volt:\n', '  volt:\n  _volt:\n'), at('sensors._volt'), 'starting with a letter'],
    ['a format with its own offset and a zone', valid('').replace(' time: ts,', ' time: { column: ts, format: "%Y-%m-%d %H:%M:%S%z", zone: Europe/Berlin },'), at('sources.tele.time.zone'), 'needs no zone'],
    ['a component that names the none column', valid('components: [pump, "none-"]', `\n  fail: { files: "fail*", holds: failures, asset: id, time: ts, component: comp }`), at('components'), '"none" is the class of no failure'],
    ['the same window twice (12h and 720m)', valid('features: { windows: [12h, 720m] }'), at('features.windows.1'), '720m is the same window as an earlier one'],
    [
      'an asset prefix with integer ids',
      valid('').replace('asset_id: text', 'asset_id: integer').replace('asset: id', 'asset: { column: id, prefix: "a-" }'),
      at('sources.tele.asset.prefix'),
      'an id prefix needs text ids',
    ],
    [
      'a headerless csv without columns',
      valid('').replace('holds: readings,', 'holds: readings, csv: { delimiter: whitespace, header: false },'),
      at('sources.tele.csv'),
      'a headerless file needs its column names declared',
    ],
    [
      'a named column not among the declared csv columns',
      valid('').replace('holds: readings,', 'holds: readings, csv: { header: false, columns: [id, ts, v] },'),
      at('sources.tele.sensors.volt'),
      'column "volt" is not among the declared csv.columns',
    ],
    [
      'a strptime format with %Q',
      valid('').replace('time: ts', 'time: { column: ts, format: "%Y-%m-%d %Q" }'),
      at('sources.tele.time.format'),
      '"%Y-%m-%d %Q" has an unknown % specifier',
    ],
    [
      'an unknown time zone',
      valid('').replace('time: ts', 'time: { column: ts, zone: Europe/Atlantis }'),
      at('sources.tele.time.zone'),
      'unknown time zone "Europe/Atlantis"',
    ],
    [
      'components containing none',
      valid('components: [pump, None]', `\n  fail: { files: "fail*", holds: failures, asset: id, time: ts, component: comp }`),
      at('components'),
      '"none" is the class of no failure',
    ],
    [
      'two alarm codes naming one column (E-1 and e_1)',
      valid('alarms: { codes: [E-1, e_1] }', `\n  alarms: { files: "alarm*", holds: alarms, asset: id, time: ts, code: code }`),
      at('alarms.codes.1'),
      '"e_1" and "E-1" would name the same column (e_1)',
    ],
    [
      'a failure flag timed other than at the reading or the end of its step',
      valid('').replace('sensors: [volt]', 'sensors: [volt], failure_flag: { column: failed, at: next_day }'),
      at('sources.tele.failure_flag.at'),
      'expected end_of_step',
    ],
    ['a failure flag without its column', valid('').replace('sensors: [volt]', 'sensors: [volt], failure_flag: { at: reading }'), at('sources.tele.failure_flag.column'), ''],
    ['attributes no source provides', valid('attributes: { model: { kind: categorical } }'), at('attributes.model'), 'no source provides this attribute'],
    [
      'failures with and without a component',
      valid(
        'components: [pump]',
        `\n  f1: { files: "f1*", holds: failures, asset: id, time: ts, component: comp }\n  f2: { files: "f2*", holds: failures, asset: id, time: ts }`,
      ),
      at('sources'),
      'either every failure names its component, or none does',
    ],
    ['normalize: regime without regimes', regimeFleet('').replace('  volt:\n', '  volt: { normalize: regime }\n'), at('sensors.volt.normalize'), 'needs a regimes: declaration'],
    ['normalize other than within the regime', regimeFleet('regimes: { settings: [speed], round: 0, fit: FIT }').replace('  volt:\n', '  volt: { normalize: zscore }\n'), at('sensors.volt.normalize'), 'expected regime'],
    ['a regime setting that is no sensor', regimeFleet('regimes: { settings: [load], round: 0, fit: FIT }'), at('regimes.settings.0'), '"load" is not declared under sensors'],
    ['a setting normalised within its own regime', regimeFleet('regimes: { settings: [speed], round: 0, fit: FIT }').replace('  speed:\n', '  speed: { normalize: regime }\n'), at('sensors.speed.normalize'), 'a setting tells the regime'],
    ['regimes with neither round nor clusters', regimeFleet('regimes: { settings: [speed], fit: FIT }'), at('regimes'), 'declare how the regime is told'],
    ['regimes with both round and clusters', regimeFleet('regimes: { settings: [speed], round: 0, clusters: 3, fit: FIT }'), at('regimes'), 'declare how the regime is told'],
    ['round decimals not one per setting', regimeFleet('regimes: { settings: [speed], round: [0, 1], fit: FIT }'), at('regimes.round'), 'one number of decimals for every setting (1)'],
    ['a fit range that ends before it starts', regimeFleet('regimes: { settings: [speed], round: 0, fit: { from: 2001-01-01, to: 2000-01-01 } }'), at('regimes.fit'), 'fit.from must be before fit.to'],
    ['every sensor a setting', regimeFleet('regimes: { settings: [speed, volt], round: 0, fit: FIT }'), at('regimes.settings'), 'no sensor is left'],
    ['one cluster', regimeFleet('regimes: { settings: [speed], clusters: 1, fit: FIT }'), at('regimes.clusters'), ''],
    ['an unknown regime feature', regimeFleet('regimes: { settings: [speed], round: 0, fit: FIT, features: [history] }'), at('regimes.features.0'), 'expected current or share'],
    ['a sensor named regime beside regimes', regimeFleet('regimes: { settings: [speed], round: 0, fit: FIT }').replace('  volt:\n', '  volt:\n  regime:\n').replace('sensors: [volt, speed]', 'sensors: [volt, speed, regime]'), at('sensors.regime'), 'the column of a reading\'s regime'],
    ['a window map key that is no duration', valid('features: { windows: { 10d: [mean], ten: [std] } }'), at('features.windows.ten'), 'expected a duration'],
    ['the same window twice in a map (1d and 24h)', valid('features: { windows: { 1d: [mean], 24h: [std] } }'), at('features.windows.24h'), '24h is the same window as an earlier one'],
    ['an aggregate twice in a window of its own', valid('features: { windows: { 1d: [mean, mean] } }'), at('features.windows.1d.1'), 'mean is listed twice'],
    ['invalid YAML syntax', 'asset_id: text\nsensors:\n  volt: x: y\nsources: {}\n', new RegExp(`^${escapeRegex(FILE)}(:\\d+)?: not valid YAML: `), 'compact mappings'],
    [
      'a file that does not exist',
      { path: '/nonexistent/lakescore.yaml' },
      /^\/nonexistent\/lakescore\.yaml: cannot read the fleet definition/,
      'ENOENT',
    ],
  ])('rejects %s, naming the key path', (_what, input, start, reason) => {
    const err = failure(input);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(start);
    expect(err.message).toContain(reason);
  });

  it('reads windows with their own aggregates, the age, and regimes with one number of decimals for every setting', () => {
    const fleet = parseFleet(regimeFleet('features: { windows: { 10d: [mean], 50d: [std, slope], 30d: }, age: true }\nregimes: { settings: [speed], round: 1, fit: FIT }'), FILE);
    expect(fleet.features.windows.map((w) => w.text)).toEqual(['10d', '50d', '30d']);
    expect(fleet.features.byWindow).toEqual({ '10d': ['mean'], '50d': ['std', 'slope'] });
    expect(fleet.features.age).toBe(true);
    expect(fleet.regimes).toEqual({
      settings: ['speed'],
      method: { kind: 'round', decimals: [1] },
      fit: { from: '2000-01-01 00:00:00.000', to: '2000-02-01 00:00:00.000' },
      unseen: 'nearest',
      features: [],
      normalize: [],
    });
  });

  it('names a change of regimes, windows of their own or age as what differs', () => {
    const before = parseFleet(regimeFleet(''), FILE);
    const after = parseFleet(regimeFleet('features: { windows: { 1d: [mean] }, age: true }\nregimes: { settings: [speed], round: 1, fit: FIT }').replace('  volt:\n', '  volt: { normalize: regime }\n'), FILE);
    expect(fleetDifference(before, after).parts).toEqual([
      'sensors: ~volt',
      "features: windows 12h,24h,36h -> 1d, windows' own aggregates {} -> {\"1d\":[\"mean\"]}, age false -> true",
      'regimes: none -> regimes of speed rounded to 1 decimals, fitted on [2000-01-01, 2000-02-01), unseen nearest, normalising volt',
    ]);
  });

  it('keeps the hash of a definition without the new keys as it was', () => {
    // the built-in definition's hash, as lakes built before regimes recorded it
    expect(builtInFleet().hash).toBe(BUILT_IN_HASH);
  });

  it('names the line of a YAML syntax error', () => {
    expect(failure('asset_id: text\nsensors:\n  volt: x: y\nsources: {}\n').message).toMatch(/^bad\.yaml:3: not valid YAML: /);
  });

  it('says why a sensor name is not valid', () => {
    expect(failure(valid('').replace('  volt:\n', '  volt:\n  Temp:\n')).message).toContain('lower-case letters, digits and _');
  });
});

describe('the built-in definition', () => {
  const text = readFileSync(BUILT_IN_FLEET_FILE, 'utf8');

  it('parses, and its hash is the same on every parse', () => {
    const first = builtInFleet();
    const second = parseFleet(text, 'other-name.yaml');
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.hash).toBe(first.hash);
    expect(second.canonical).toBe(first.canonical);
  });

  it('reads an export mapping as a list or a map, which leaves the hash as it was', () => {
    const mapped = parseFleet(`${text}\nexport:\n  columns:\n    machine_id: asset\n    ts: at_time\n`, FILE);
    expect(mapped.exportColumns).toEqual([['machine_id', 'asset'], ['ts', 'at_time']]);
    expect(mapped.hash).toBe(builtInFleet().hash);
    expect(parseFleet(`${text}\nexport:\n  columns: [machine_id, ts, p_none]\n`, FILE).exportColumns).toEqual([['machine_id', 'machine_id'], ['ts', 'ts'], ['p_none', 'p_none']]);
    expect(failure(`${text}\nexport:\n  columns: []\n`).message).toMatch(at('export.columns'));
    expect(builtInFleet().exportColumns).toBeUndefined();
  });

  it('has a hash that comments and blank lines do not change, but a changed value does', () => {
    const bare = text
      .split('\n')
      .filter((line) => !/^\s*(#|$)/.test(line))
      .map((line) => line.replace(/\s+#.*$/, ''))
      .join('\n');
    expect(bare).not.toContain('#');
    const commented = `# my fleet\n\n${text.replace('sensors:\n', 'sensors:   # four of them\n')}\n# the end\n`;
    const hash = builtInFleet().hash;
    expect(parseFleet(bare, 'bare.yaml').hash).toBe(hash);
    expect(parseFleet(commented, 'commented.yaml').hash).toBe(hash);
    expect(parseFleet(bare.replace('horizon: 48h', 'horizon: 24h'), 'changed.yaml').hash).not.toBe(hash);
  });

  it("matches the simulator's shape: source columns, sensors, alarm codes, components and models", () => {
    const fleet = builtInFleet();
    expect(fleet.sources.map((s) => s.name).sort()).toEqual([...SOURCE_TABLES].sort());
    const lowerSet = (names: readonly string[]): Set<string> => new Set(names.map((n) => n.toLowerCase()));
    for (const table of SOURCE_TABLES) {
      const source = fleet.sources.find((s) => s.name === table);
      expect(source, table).toBeDefined();
      const declared = namedColumns(source as NonNullable<typeof source>).map((c) => c.source);
      expect(declared.length, table).toBe(SOURCE_COLUMNS[table].length);
      expect(lowerSet(declared), table).toEqual(lowerSet(SOURCE_COLUMNS[table]));
    }
    expect(fleet.sensors.map((s) => s.name)).toEqual([...SENSORS]);
    expect(fleet.alarms?.codes).toEqual([...ERROR_CODES]);
    expect(fleet.components).toEqual([...COMPONENTS]);
    expect(fleet.attributes.find((a) => a.name === 'model')?.values).toEqual([...MODELS]);
  });
});
