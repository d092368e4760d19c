import { describe, expect, it } from 'vitest';
import { recogniseSource } from '../bronze/recognise.js';
import { parseFleet } from '../fleet/load.js';

/**
 * Which source a file is: by its name, else by its header. When neither tells, the one-line
 * rejection says what was tried, so that a renamed file or a drafted `files:` that names one
 * file can be fixed from the message alone.
 */
const DRIVES = parseFleet(
  `
sensors:
  temp:
sources:
  drives: { files: "2013-04-10.csv.gz", holds: readings, asset: serial_number, time: date, sensors: { temp: smart_194_raw } }
  removals: { files: ["removed*", "*retired*"], holds: failures, asset: serial_number, time: removed_at }
`,
  'lakescore.yaml',
);

const rejection = (fleet: typeof DRIVES, path: string, firstLine: string): string => {
  try {
    recogniseSource(fleet, path, firstLine);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${path} was recognised`);
};

describe('recognising a source', () => {
  it('takes a renamed file by its header when the header fits one source', () => {
    expect(recogniseSource(DRIVES, '/in/2013-04-11.csv.gz', 'date,serial_number,model,smart_194_raw').name).toBe('drives');
  });

  it('says which patterns each source has and which columns each lacks when neither tells', () => {
    const message = rejection(DRIVES, '/in/2013-04-11.csv.gz', 'date,serial_number,model,smart_9_raw');
    expect(message).toBe(
      '/in/2013-04-11.csv.gz: unknown source: the name 2013-04-11.csv.gz matches no source\'s files pattern ' +
        '(tried drives: 2013-04-10.csv.gz; removals: removed* or *retired*), ' +
        'and the header (date, serial_number, model, smart_9_raw) has the columns of no source ' +
        '(drives lacks smart_194_raw; removals lacks removed_at)',
    );
  });

  it('says a headerless source is known by its name only, and which sources a header fits when several do', () => {
    const engines = parseFleet(
      `
sensors:
  s2:
sources:
  train: { files: "train_*", holds: readings, csv: { header: false, columns: [unit, cycle, s2] }, asset: unit, time: cycle, sensors: [s2] }
  early: { files: "early_*", holds: readings, asset: unit, time: cycle, sensors: [s2] }
  late: { files: "late_*", holds: readings, asset: unit, time: cycle, sensors: [s2] }
`,
      'lakescore.yaml',
    );
    expect(rejection(engines, 'engines.txt', '1 1 641.82')).toMatch(/\(train: headerless, known by name only; early lacks cycle, unit, s2; late lacks cycle, unit, s2\)$/);
    expect(rejection(engines, 'engines.csv', 'unit,cycle,s2')).toMatch(/and the header \(unit, cycle, s2\) has the columns of more than one source \(early, late\)$/);
  });

  it('stays one capped line with many sources and a long header', () => {
    const sources = Array.from({ length: 9 }, (_, i) => `  s${i}: { files: "s${i}_*", holds: readings, asset: id, time: ts, sensors: [a, b, c, d, e] }`);
    const many = parseFleet(`sensors: { a: , b: , c: , d: , e: }\nsources:\n${sources.join('\n')}\n`, 'lakescore.yaml');
    const header = Array.from({ length: 400 }, (_, i) => `column_${i}`).join(',');
    const message = rejection(many, 'x.csv', header);
    expect(message).not.toContain('\n');
    expect(message).toContain('s5: s5_*; 3 more sources)');
    expect(message).toContain('(s0 lacks ts, id, a and 4 more; s1 lacks');
    expect(message).toMatch(/s5 lacks ts, id, a and 4 more; 3 more sources\)$/);
    expect(message.length).toBeLessThan(700);
  });
});
