import { gzipSync } from 'node:zlib';

/**
 * Random damage to valid source files, for the ingest fuzz test. Every choice comes from a seeded
 * generator, so a case is reproduced from the run's seed and its index alone.
 */

/** A small seeded generator (mulberry32): enough spread for picking mutations, and reproducible. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator of one case: independent of how many numbers the earlier cases drew. */
  static forCase(seed: number, index: number): Rng {
    return new Rng(seed ^ Math.imul(index + 1, 0x9e3779b1));
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 0 <= n < below. */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

export type BaseFormat = 'csv' | 'parquet';

export interface Mutation {
  name: string;
  /** The formats whose files it applies to: column and line edits only make sense on text. */
  formats: readonly BaseFormat[];
  apply: (bytes: Buffer, rng: Rng) => Buffer;
}

// Text edits work on latin1 strings, one character per byte, so that bytes an earlier mutation
// made invalid UTF-8 pass through later ones unchanged.
const asText = (bytes: Buffer): string => bytes.toString('latin1');
const asBytes = (text: string): Buffer => Buffer.from(text, 'latin1');
/** UTF-8 text as the latin1 string of its bytes, to splice into a latin1-decoded file. */
const utf8Bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

const onText = (edit: (text: string, rng: Rng) => string) => (bytes: Buffer, rng: Rng) => asBytes(edit(asText(bytes), rng));

/** Edits the lines of a file (the header is line 0), keeping whether it ended with a newline. */
const onLines = (edit: (lines: string[], rng: Rng) => string[]) =>
  onText((text, rng) => {
    const lines = text.split('\n');
    const ended = lines.length > 1 && lines[lines.length - 1] === '';
    if (ended) lines.pop();
    return edit(lines, rng).join('\n') + (ended ? '\n' : '');
  });

/** Edits every line's comma-separated fields; the simulator's files quote nothing, so a split is exact. */
const onFields = (edit: (rows: string[][], rng: Rng) => string[][]) =>
  onLines((lines, rng) => edit(lines.map((l) => l.split(',')), rng).map((fields) => fields.join(',')));

/** Replaces one random field of one random data row. */
const onOneValue = (value: (old: string, rng: Rng) => string) =>
  onFields((rows, rng) => {
    if (rows.length < 2) return rows;
    const row = rows[rng.between(1, rows.length - 1)] as string[];
    const at = rng.int(row.length);
    row[at] = value(row[at] ?? '', rng);
    return rows;
  });

const atRandomPlaces = (count: number, bytes: Buffer, rng: Rng, insert: () => Buffer): Buffer => {
  let out = bytes;
  for (let i = 0; i < count; i++) {
    const at = rng.int(out.length + 1);
    out = Buffer.concat([out.subarray(0, at), insert(), out.subarray(at)]);
  }
  return out;
};

const randomBytes = (rng: Rng, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rng.int(256)));
const column = (rows: string[][], rng: Rng): number => rng.int(Math.max(1, rows[0]?.length ?? 1));
const hugeText = (rng: Rng): string => (rng.chance(0.5) ? '9' : 'x').repeat(rng.between(100_000, 1_000_000));

const HUGE_NUMBERS = ['1e308', '-1e308', '1e309', '99999999999999999999999', '-99999999999999999999999', '1.7976931348623157e308', 'NaN', 'Infinity', '-0', '4.9e-324'];
const ODD_IDS = ['1.5', '0x2', '1_0', ' 3 ', '-1', '', '+4', '007', '1e2', '9223372036854775808', 'NULL', 'ⅷ'];
const NON_ASCII = ['Müller', 'é', '漢字', '😀', '\u200b', '\uFEFF'];

const TEXT: readonly BaseFormat[] = ['csv'];
const ANY: readonly BaseFormat[] = ['csv', 'parquet'];

export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'flip-bytes',
    formats: ANY,
    apply: (bytes, rng) => {
      const out = Buffer.from(bytes);
      for (let n = rng.between(1, 8); n > 0 && out.length > 0; n--) {
        const at = rng.int(out.length);
        out[at] = (out[at] as number) ^ rng.between(1, 255);
      }
      return out;
    },
  },
  { name: 'insert-nul', formats: ANY, apply: (bytes, rng) => atRandomPlaces(rng.between(1, 4), bytes, rng, () => Buffer.alloc(rng.between(1, 3))) },
  { name: 'insert-binary', formats: ANY, apply: (bytes, rng) => atRandomPlaces(1, bytes, rng, () => randomBytes(rng, rng.between(1, 64))) },
  { name: 'append-binary', formats: ANY, apply: (bytes, rng) => Buffer.concat([bytes, randomBytes(rng, rng.between(1, 256))]) },
  { name: 'truncate', formats: ANY, apply: (bytes, rng) => bytes.subarray(0, rng.int(bytes.length)) },
  { name: 'empty', formats: ANY, apply: () => Buffer.alloc(0) },
  { name: 'all-nul', formats: ANY, apply: (_bytes, rng) => Buffer.alloc(rng.between(1, 4096)) },
  { name: 'header-only', formats: TEXT, apply: onLines((lines, rng) => lines.slice(0, 1).concat(rng.chance(0.5) ? [''] : [])) },
  { name: 'only-newlines', formats: TEXT, apply: (_bytes, rng) => asBytes('\n'.repeat(rng.between(1, 5))) },
  {
    name: 'duplicate-lines',
    formats: TEXT,
    apply: onLines((lines, rng) => {
      for (let n = rng.between(1, 5); n > 0; n--) {
        const at = rng.int(lines.length);
        lines.splice(rng.chance(0.5) ? at : lines.length, 0, lines[at] ?? '');
      }
      return lines;
    }),
  },
  {
    name: 'delete-lines',
    formats: TEXT,
    apply: onLines((lines, rng) => {
      for (let n = rng.between(1, 5); n > 0 && lines.length > 0; n--) lines.splice(rng.int(lines.length), 1);
      return lines;
    }),
  },
  { name: 'no-header', formats: TEXT, apply: onLines((lines) => lines.slice(1)) },
  {
    name: 'blank-lines',
    formats: TEXT,
    apply: onLines((lines, rng) => {
      for (let n = rng.between(1, 5); n > 0; n--) lines.splice(rng.int(lines.length + 1), 0, rng.pick(['', ' ', '\t', '\r']));
      return lines;
    }),
  },
  {
    name: 'drop-column',
    formats: TEXT,
    apply: onFields((rows, rng) => {
      const at = column(rows, rng);
      return rows.map((r) => r.filter((_, i) => i !== at));
    }),
  },
  {
    name: 'swap-columns',
    formats: TEXT,
    apply: onFields((rows, rng) => {
      const [a, b] = [column(rows, rng), column(rows, rng)];
      return rows.map((r) => r.map((v, i) => (i === a ? (r[b] ?? v) : i === b ? (r[a] ?? v) : v)));
    }),
  },
  {
    name: 'add-column',
    formats: TEXT,
    apply: onFields((rows, rng) => {
      const at = rng.int((rows[0]?.length ?? 0) + 1);
      const name = rng.pick(['extra', 'note', 'Extra Column', 'machineID2', '', 'n\x1b[1mote\x07']);
      return rows.map((r, i) => [...r.slice(0, at), i === 0 ? name : String(rng.int(1000)), ...r.slice(at)]);
    }),
  },
  {
    name: 'add-header-column-only',
    formats: TEXT,
    apply: onFields((rows) => rows.map((r, i) => (i === 0 ? [...r, 'extra'] : r))),
  },
  {
    name: 'shuffle-header',
    formats: TEXT,
    apply: onFields((rows, rng) => rows.map((r, i) => (i === 0 ? rng.shuffle(r) : r))),
  },
  {
    name: 'repeat-header-name',
    formats: TEXT,
    apply: onFields((rows, rng) => {
      const header = rows[0] ?? [];
      header[column(rows, rng)] = header[column(rows, rng)] ?? '';
      return rows;
    }),
  },
  {
    name: 'restyle-header',
    formats: TEXT,
    apply: onFields((rows, rng) => {
      const style = rng.pick([(n: string) => n.toUpperCase(), (n: string) => `"${n}"`, (n: string) => ` ${n} `, (n: string) => `'${n}'`]);
      return rows.map((r, i) => (i === 0 ? r.map(style) : r));
    }),
  },
  { name: 'huge-header-name', formats: TEXT, apply: onFields((rows, rng) => rows.map((r, i) => (i === 0 ? [...r, hugeText(rng)] : [...r, '']))) },
  { name: 'crlf', formats: TEXT, apply: onText((text) => text.replaceAll('\n', '\r\n')) },
  { name: 'cr-only', formats: TEXT, apply: onText((text) => text.replaceAll('\n', '\r')) },
  { name: 'bom', formats: TEXT, apply: (bytes) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) },
  {
    name: 'utf16le',
    formats: TEXT,
    apply: (bytes, rng) => Buffer.concat([rng.chance(0.5) ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(asText(bytes), 'utf16le')]),
  },
  { name: 'latin1-value', formats: TEXT, apply: onOneValue((old) => `${old}\xe9\xfc`) },
  { name: 'utf8-value', formats: TEXT, apply: onOneValue((old, rng) => utf8Bytes(rng.pick(NON_ASCII)) + old) },
  { name: 'huge-value', formats: TEXT, apply: onOneValue((_old, rng) => hugeText(rng)) },
  { name: 'huge-number', formats: TEXT, apply: onOneValue((_old, rng) => rng.pick(HUGE_NUMBERS)) },
  {
    name: 'odd-id',
    formats: TEXT,
    apply: onFields((rows, rng) => {
      const at = rows[0]?.findIndex((n) => n.toLowerCase() === 'machineid') ?? -1;
      if (at < 0) return rows;
      for (let n = rng.between(1, 5); n > 0 && rows.length > 1; n--) (rows[rng.between(1, rows.length - 1)] as string[])[at] = utf8Bytes(rng.pick(ODD_IDS));
      return rows;
    }),
  },
  { name: 'unbalanced-quote', formats: TEXT, apply: onOneValue((old, rng) => (rng.chance(0.5) ? `"${old}` : `${old.slice(0, 1)}"${old.slice(1)}`)) },
  { name: 'quoted-newline', formats: TEXT, apply: onOneValue((old) => `"${old}\n${old}"`) },
  { name: 'control-char', formats: TEXT, apply: onOneValue((old, rng) => `${old}${rng.pick(['\r', '\x1f', '\x0b', '\x07', '\x1b[31m'])}${old}`) },
  {
    name: 'change-delimiter',
    formats: TEXT,
    apply: onLines((lines, rng) => {
      const delimiter = rng.pick([';', '\t', '|', ' ']);
      return lines.map((l) => (rng.chance(0.2) ? l.replaceAll(',', delimiter) : l));
    }),
  },
  {
    name: 'ragged-row',
    formats: TEXT,
    apply: onLines((lines, rng) => {
      if (lines.length < 2) return lines;
      const at = rng.between(1, lines.length - 1);
      const line = lines[at] ?? '';
      const edit = rng.pick([(l: string) => `${l},`, (l: string) => `${l},x`, (l: string) => l.slice(0, Math.max(0, l.lastIndexOf(',')))]);
      lines[at] = edit(line);
      return lines;
    }),
  },
];

export interface Mutated {
  bytes: Buffer;
  /** The mutations applied, in order: the case's name in a failure message. */
  steps: string[];
  /** The file's extension: gzip may wrap a text file. */
  ext: string;
}

/** How a text file ends up named .csv.gz: compressed whole, cut short, twice, or not at all. */
const GZIP_STEPS: readonly { name: string; apply: (bytes: Buffer, rng: Rng) => Buffer }[] = [
  // listed twice: a whole gzip file is the common case
  { name: 'gzip', apply: (bytes) => gzipSync(bytes) },
  { name: 'gzip', apply: (bytes) => gzipSync(bytes) },
  {
    name: 'gzip-cut',
    apply: (bytes, rng) => {
      const zipped = gzipSync(bytes);
      return zipped.subarray(0, rng.int(zipped.length));
    },
  },
  { name: 'gzip-twice', apply: (bytes) => gzipSync(gzipSync(bytes)) },
  { name: 'gz-name-only', apply: (bytes) => bytes },
];

/**
 * One to three mutations stacked on a valid file, a text file sometimes gzipped. A Parquet file is
 * sometimes left as it is: the variants (columns dropped, reordered, of exotic types) are
 * mutations of their own that byte edits would only hide.
 */
export function mutate(bytes: Buffer, format: BaseFormat, rng: Rng): Mutated {
  if (format === 'parquet' && rng.chance(0.3)) return { bytes, steps: ['as-is'], ext: 'parquet' };
  const fitting = MUTATIONS.filter((m) => m.formats.includes(format));
  const count = 1 + (rng.chance(0.3) ? 1 : 0) + (rng.chance(0.1) ? 1 : 0);
  let out = bytes;
  const steps: string[] = [];
  for (let i = 0; i < count; i++) {
    const mutation = rng.pick(fitting);
    out = mutation.apply(out, rng);
    steps.push(mutation.name);
  }
  if (format === 'parquet') return { bytes: out, steps, ext: 'parquet' };
  if (rng.chance(0.1)) {
    const gzip = rng.pick(GZIP_STEPS);
    steps.push(gzip.name);
    return { bytes: gzip.apply(out, rng), steps, ext: 'csv.gz' };
  }
  return { bytes: out, steps, ext: 'csv' };
}
