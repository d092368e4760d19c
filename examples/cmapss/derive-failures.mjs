// The one preparation C-MAPSS needs: its failures are implicit. Each training engine fails at its
// last cycle; each test engine at its last cycle plus its remaining useful life (RUL_<subset>.txt,
// line i for engine i). Writes two headerless files (unit, cycle) for the fleet definition.
// Plain Node, no dependency, so that a copy of this folder runs anywhere.
//   node derive-failures.mjs DATA_DIR SUBSET OUT_DIR      (SUBSET: FD001, FD002, ...)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [data, subset, out] = process.argv.slice(2);
if (!data || !subset || !out) {
  process.stderr.write('usage: node derive-failures.mjs DATA_DIR SUBSET OUT_DIR\n');
  process.exit(2);
}

/** The text of a data file, gzip-compressed or not. */
function text(name) {
  for (const file of [join(data, `${name}.gz`), join(data, name)]) {
    try {
      const bytes = readFileSync(file);
      return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
  }
  process.stderr.write(`derive-failures: ${join(data, name)}(.gz) not found\n`);
  process.exit(2);
}

/** Each engine's last cycle, in the order engines first appear. */
function lastCycles(name) {
  const last = new Map();
  text(name).split('\n').forEach((line, i) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 2 || fields[0] === '') return;
    const [unit, cycle] = fields.map(Number);
    if (!Number.isInteger(unit) || !Number.isInteger(cycle)) {
      process.stderr.write(`derive-failures: ${name}: line ${i + 1}: unit and cycle must be whole numbers\n`);
      process.exit(2);
    }
    last.set(unit, Math.max(last.get(unit) ?? cycle, cycle));
  });
  return last;
}

const rul = text(`RUL_${subset}.txt`).split('\n').map((l) => l.trim()).filter((l) => l !== '').map(Number);
const write = (file, rows) => writeFileSync(join(out, file), rows.map(([unit, cycle]) => `${unit},${cycle}\n`).join(''));
write('train_failures.csv', [...lastCycles(`train_${subset}.txt`)]);
write('test_failures.csv', [...lastCycles(`test_${subset}.txt`)].map(([unit, cycle]) => {
  if (rul[unit - 1] === undefined) {
    process.stderr.write(`derive-failures: RUL_${subset}.txt has no line ${unit} for test engine ${unit}\n`);
    process.exit(2);
  }
  return [unit, cycle + rul[unit - 1]];
}));
