import { parse } from 'yaml';
import type { TimeGuess } from './columns.js';
import type { FleetDraft } from './plan.js';
import type { NamedColumn, SourceDraft } from './sources.js';

/**
 * The draft as YAML text. Written line by line rather than through the yaml package's Document
 * API because every guess gets its reason as a trailing comment, and the layout should read like
 * the built-in definition; every value goes through `scalar`, so the text always parses.
 */

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A string as YAML: plain when it reads back as the same string, else double-quoted (JSON is valid YAML). */
export function scalar(text: string): string {
  return PLAIN.test(text) && parse(text) === text ? text : JSON.stringify(text);
}

const WIDTH = 100;

/** A flow list, wrapped onto lines indented by `indent` when long (YAML allows that inside [ ]). */
function flow(items: readonly string[], indent = 4): string {
  const rows: string[][] = [[]];
  let width = indent;
  for (const item of items.map(scalar)) {
    const row = rows[rows.length - 1] as string[];
    if (row.length > 0 && width + item.length + 2 > WIDTH) {
      rows.push([item]);
      width = indent + item.length + 2;
    } else {
      row.push(item);
      width += item.length + 2;
    }
  }
  return `[${rows.map((row) => row.join(', ')).join(`,\n${' '.repeat(indent)}`)}]`;
}

const short = (n: number | undefined): string => (n === undefined ? '?' : String(Number(n.toPrecision(6))));
const comment = (text: string | undefined): string => (text ? `   # ${text}` : '');
const guessed = (why: string): string => `guessed: ${why}`;

class Lines {
  readonly out: string[] = [];
  /** Whether any line asks the user to do something: the header and the summary say so only then. */
  todos = false;
  add(indent: number, text: string, note?: string): void {
    const line = `${' '.repeat(indent)}${text}${comment(note)}`;
    if (line.includes('TODO:')) this.todos = true;
    this.out.push(line);
  }
  blank(): void {
    this.out.push('');
  }
}

function header(lines: Lines, dir: string, files: number, sampleRows: number, todos: boolean): void {
  lines.add(0, `# A fleet definition drafted by \`lakescore init --from-data\` from ${files} file${files === 1 ? '' : 's'} in ${dir},`);
  lines.add(0, `# each source judged on up to ${sampleRows.toLocaleString('en-US')} rows from its files. Check every "guessed:"${todos ? ' and fill in every "TODO"' : ''};`);
  lines.add(0, '# `lakescore init` (without --from-data) writes a starter that explains every key.');
}

function features(lines: Lines, draft: FleetDraft): void {
  const f = draft.features.value;
  lines.blank();
  if (f.defaults) {
    lines.add(0, `# features and label: the defaults, as ${draft.features.why}:`);
    lines.add(0, '# a feature row every 12h; mean and std over 12h, 24h and 36h; alarms counted over 24h;');
    lines.add(0, '# failures within 48h are predicted.');
    if (draft.sources.some((s) => s.time?.value.kind === 'counter')) lines.add(0, '# Time is a counter here: one count lasts its `unit`, so at 1h, 12h means 12 counts.');
    return;
  }
  lines.add(0, 'features:', guessed(draft.features.why));
  lines.add(2, `step: ${f.step}`, 'a feature row at most twice a day, and no more often than the readings come');
  lines.add(2, `windows: ${flow(f.windows)}`, 'each holds a few readings at least, for a mean and a spread');
  if (f.alarmWindow) lines.add(2, `alarm_window: ${f.alarmWindow}`, 'a step at least');
  if (f.horizon) {
    lines.add(0, 'label:');
    lines.add(2, `horizon: ${f.horizon}`, 'failures within two steps are predicted');
  }
}

function fleetParts(lines: Lines, draft: FleetDraft): void {
  for (const todo of draft.todos) lines.add(0, `# TODO: ${todo}`);
  lines.blank();
  lines.add(0, `asset_id: ${draft.idType.value}`, guessed(draft.idType.why));
  lines.blank();
  lines.add(0, draft.sensors.length ? 'sensors:' : 'sensors: {}', draft.sensors.length ? undefined : 'TODO: the sensors of the readings');
  for (const s of draft.sensors) {
    const range = `numbers, ${short(s.min)} to ${short(s.max)} in the sample`;
    const keys = [...(s.optional ? ['optional: true'] : []), ...(s.normalize ? ['normalize: regime'] : [])];
    lines.add(2, `${s.name}:${keys.length ? ` { ${keys.join(', ')} }` : ''}`, guessed(s.optional ? `${range}; not in every readings source` : range));
  }
  regimes(lines, draft);
  if (draft.alarms) {
    lines.blank();
    const alarms = draft.alarms.value;
    if ('codes' in alarms) lines.add(0, `alarms:\n  codes: ${flow(alarms.codes)}`, guessed(draft.alarms.why));
    else lines.add(0, `alarms:\n  open: true\n  top: ${alarms.top}`, guessed(draft.alarms.why));
  }
  if (draft.components) {
    lines.blank();
    lines.add(0, `components: ${flow(draft.components.value)}`, guessed(draft.components.why));
  }
  if (draft.attributes.length) {
    lines.blank();
    lines.add(0, 'attributes:');
    for (const a of draft.attributes) {
      const values = a.values ? `, values: ${flow(a.values)}` : '';
      lines.add(2, `${a.name}: { kind: ${a.kind}${values} }`, guessed(`${a.kind === 'categorical' ? 'a few text values' : a.kind === 'integer' ? 'whole numbers' : 'numbers'}, from ${a.from}.${a.column.name}`));
    }
  }
  features(lines, draft);
}

/** The proposed regimes, their fit range left to the user: only they know which readings train the model. */
function regimes(lines: Lines, draft: FleetDraft): void {
  if (!draft.regimes) return;
  const { settings } = draft.regimes.value;
  lines.blank();
  lines.add(0, 'regimes:', guessed(draft.regimes.why));
  lines.add(2, `settings: ${flow(settings.map((s) => s.name))}`);
  lines.add(2, `round: [${settings.map((s) => s.decimals).join(', ')}]`, 'decimals that keep each setting\'s values apart and its noise out');
  lines.add(2, 'fit: { from: "2000-01-01", to: "2100-01-01" }', 'TODO: the range the model is trained on, so that no test or scored reading shapes the normalisation (docs/regimes.md)');
}

/** Sensors or attributes: a list when names are the columns' own, else a map from name to column. */
function namedColumns(lines: Lines, key: string, named: readonly NamedColumn[]): void {
  if (named.length === 0) return;
  if (named.every((n) => n.name === n.column.name)) {
    lines.add(4, `${key}: ${flow(named.map((n) => n.name), 6)}`);
    return;
  }
  lines.add(4, `${key}:`);
  for (const n of named) lines.add(6, `${n.name}: ${scalar(n.column.name)}`);
}

function time(lines: Lines, guess: { value: TimeGuess; why: string }): void {
  const t = guess.value;
  if (t.kind === 'counter') {
    lines.add(4, 'time:', guessed(guess.why));
    lines.add(6, `column: ${scalar(t.column.name)}`);
    lines.add(6, 'counter: { origin: "2000-01-01", unit: 1h }', 'TODO: when count 0 was (any date will do) and how long one count lasts');
    return;
  }
  const also = t.alternatives.length ? `; also reads as ${t.alternatives.join(' or ')}: TODO: check the day and month order` : '';
  if (t.format) lines.add(4, `time: { column: ${scalar(t.column.name)}, format: ${scalar(t.format)} }`, guessed(guess.why + also));
  else lines.add(4, `time: ${scalar(t.column.name)}`, guessed(guess.why));
}

function csv(lines: Lines, source: SourceDraft): void {
  const d = source.dialect;
  if (!d || (d.value.delimiter === ',' && d.value.header)) return;
  lines.add(4, 'csv:', guessed(d.why));
  if (d.value.delimiter !== ',') lines.add(6, `delimiter: ${d.value.delimiter === 'whitespace' ? 'whitespace' : JSON.stringify(d.value.delimiter)}`);
  if (!d.value.header) {
    lines.add(6, 'header: false');
    lines.add(6, `columns: ${flow(d.value.names, 8)}`, 'named by the draft: rename them here and below if you like');
  }
}

function source(lines: Lines, s: SourceDraft): void {
  lines.add(2, `${s.name}:`);
  const word = s.name.split('_').find((w) => w.length > 1) ?? s.name;
  const [pattern, ...more] = s.pattern.value;
  const files = more.length ? flow(s.pattern.value) : scalar(pattern as string);
  lines.add(4, `files: ${files}`, s.pattern.single ? `this file only: widen it (e.g. "*${word}*") for files to come` : guessed(s.pattern.why));
  if (s.pattern.single) for (const other of s.files.filter((f) => f !== s.file)) lines.add(4, `# also matches ${other.relative}`);
  lines.add(4, `holds: ${s.holds.value}`, guessed(s.holds.why));
  csv(lines, s);
  if (s.prefix) lines.add(4, `asset: { column: ${scalar(s.asset.value.name)}, prefix: ${scalar(s.prefix.value)} }`, guessed(`${s.asset.why}; prefixed: ${s.prefix.why}`));
  else lines.add(4, `asset: ${scalar(s.asset.value.name)}`, guessed(s.asset.why));
  if (s.time) time(lines, s.time);
  namedColumns(lines, 'sensors', s.sensors);
  namedColumns(lines, 'attributes', s.attributes);
  if (s.code) lines.add(4, `code: ${scalar(s.code.name)}`, guessed(`${s.code.distinct} distinct values`));
  if (s.component) lines.add(4, `component: ${scalar(s.component.name)}`, guessed(`${s.component.distinct} distinct values`));
  if (s.failureFlag) lines.add(4, `failure_flag: ${scalar(s.failureFlag.name)}`, guessed('two values, named like a failure'));
  for (const left of s.leftOut) lines.add(4, `# left out ${left.column}: ${left.why}`);
  for (const todo of s.todos) lines.add(4, `# TODO: ${todo}`);
}

/** The draft's text, and whether it holds any TODO. */
export function fleetYaml(draft: FleetDraft, dir: string, files: number, sampleRows: number): { text: string; todos: boolean } {
  const body = new Lines();
  fleetParts(body, draft);
  body.blank();
  body.add(0, draft.sources.length ? 'sources:' : 'sources: {}', draft.sources.length ? undefined : 'TODO: no file could be drafted as a source');
  for (const s of draft.sources) source(body, s);
  for (const skipped of draft.skipped) body.add(2, `# ${skipped.todo ? 'TODO: ' : ''}${skipped.file.relative}: no source (${skipped.why})`);
  const top = new Lines();
  header(top, dir, files, sampleRows, body.todos);
  return { text: `${[...top.out, ...body.out].join('\n')}\n`, todos: body.todos };
}
