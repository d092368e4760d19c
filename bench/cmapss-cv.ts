import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { packageRoot } from '../sql/paths.js';
import { EXAMPLE, exampleDefinition, withoutRegimes } from './cmapss-definition.js';
import { benchRoot, intEnv, printTable } from './harness.js';

/**
 * How the C-MAPSS example's features were chosen: cross-validation on the TRAINING engines only
 * (the test engines and their RUL files are never read). Each subset's training engines are cut
 * into folds by engine; each fold in turn plays the test engines: each cut off at CUTS seeded
 * random cycles (each cut a test engine), the remaining life written as the RUL file, and the
 * other folds' engines train. Every
 * candidate definition runs the example's own run.sh on each fold, so the figure is the one the
 * example reports (F1 at the last row of each held-out engine, at the model's own alert rule),
 * summed over the folds' engines. Measures; asserts nothing.
 *
 *   npm run bench:cmapss-cv   # LAKESCORE_CV_FOLDS (5), LAKESCORE_CV_CUTS (3), LAKESCORE_CV_SUBSETS (FD001,FD002), LAKESCORE_CV_CANDIDATES (letters; all)
 */
const FOLDS = intEnv('LAKESCORE_CV_FOLDS', 5);
/** Each held-out engine is cut off this many times, each cut a test engine of its own: more cuts, less noise. */
const CUTS = intEnv('LAKESCORE_CV_CUTS', 3);
const SUBSETS = (process.env.LAKESCORE_CV_SUBSETS ?? 'FD001,FD002').split(',');
const DATA = join(packageRoot, '..', 'shared', 'data', 'cmapss');

type Features = Record<string, unknown>;
const CANDIDATES: Record<string, { features: Features; regimes?: 'off' | string[] }> = {
  'A windows 10,30,50 x mean,std,slope': { features: { windows: ['10d', '30d', '50d'], aggregates: ['mean', 'std', 'slope'] } },
  'B A + age': { features: { windows: ['10d', '30d', '50d'], aggregates: ['mean', 'std', 'slope'], age: true } },
  'C 10 mean; 50 std,slope': { features: { windows: { '10d': ['mean'], '50d': ['std', 'slope'] } } },
  'D C + age': { features: { windows: { '10d': ['mean'], '50d': ['std', 'slope'] }, age: true } },
  'E 10 mean; 30 mean,slope; 50 std,slope + age': { features: { windows: { '10d': ['mean'], '30d': ['mean', 'slope'], '50d': ['std', 'slope'] }, age: true } },
  'F D + regime shares': { features: { windows: { '10d': ['mean'], '50d': ['std', 'slope'] }, age: true }, regimes: ['share'] },
  'G D, regimes off': { features: { windows: { '10d': ['mean'], '50d': ['std', 'slope'] }, age: true }, regimes: 'off' },
};
/** Candidates by their letter: LAKESCORE_CV_CANDIDATES=A,D,F. */
const letters = process.env.LAKESCORE_CV_CANDIDATES?.split(',');
const chosen = Object.keys(CANDIDATES).filter((name) => letters === undefined || letters.includes(name.split(' ')[0] as string));

/** Every row of a subset's training file, by engine, in file order. */
function trainingEngines(subset: string): Map<number, string[]> {
  const text = gunzipSync(readFileSync(join(DATA, `train_${subset}.txt.gz`))).toString('utf8');
  const engines = new Map<number, string[]>();
  for (const line of text.split('\n')) {
    const unit = Number(line.trim().split(/\s+/)[0]);
    if (line.trim() === '' || !Number.isInteger(unit)) continue;
    engines.set(unit, [...(engines.get(unit) ?? []), line]);
  }
  return engines;
}

/** A small deterministic generator (LCG): the same cuts on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * One fold as the example's data directory: the other engines as training, the fold's engines
 * renumbered from 1, each cut off CUTS times with a remaining life of 1 to 150 cycles (at least 20 kept),
 * as the published test engines are.
 */
function writeFold(subset: string, engines: Map<number, string[]>, fold: number, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const next = random(1000 * fold + subset.length);
  const train: string[] = [];
  const test: string[] = [];
  const rul: number[] = [];
  for (const [unit, lines] of engines) {
    if (unit % FOLDS !== fold) {
      train.push(...lines);
      continue;
    }
    for (let cut = 0; cut < CUTS; cut++) {
      const remaining = Math.max(1, Math.min(1 + Math.floor(next() * 150), lines.length - 20));
      const renumbered = rul.length + 1;
      test.push(...lines.slice(0, lines.length - remaining).map((l) => l.replace(/^\s*\d+/, String(renumbered))));
      rul.push(remaining);
    }
  }
  writeFileSync(join(dir, `train_${subset}.txt`), `${train.join('\n')}\n`);
  writeFileSync(join(dir, `test_${subset}.txt`), `${test.join('\n')}\n`);
  writeFileSync(join(dir, `RUL_${subset}.txt`), `${rul.join('\n')}\n`);
}

/** The example folder with the candidate's features in its definition. */
function writeExample(candidate: (typeof CANDIDATES)[string], dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const file of ['run.sh', 'derive-failures.mjs', 'evaluate.sql']) writeFileSync(join(dir, file), readFileSync(join(EXAMPLE, file)));
  const example = exampleDefinition();
  const definition = candidate.regimes === 'off' ? withoutRegimes(example) : example;
  definition.features = { step: '1d', ...candidate.features };
  if (Array.isArray(candidate.regimes) && definition.regimes) definition.regimes.features = candidate.regimes;
  writeFileSync(join(dir, 'lakescore.yaml'), stringify(definition));
}

const counts = (output: string): { tp: number; fp: number; fn: number } => {
  const lines = output.trim().split('\n');
  const [, , tp = 0, fp = 0, fn = 0] = (lines[lines.length - 2] ?? '').trim().split(/\s+/).map(Number);
  return { tp, fp, fn };
};

const root = join(benchRoot(), 'cmapss-cv');
rmSync(root, { recursive: true, force: true });
const rows: string[][] = [];
for (const subset of SUBSETS) {
  const engines = trainingEngines(subset);
  for (let fold = 0; fold < FOLDS; fold++) writeFold(subset, engines, fold, join(root, subset, `fold-${fold}`));
  for (const name of chosen) {
    const candidate = CANDIDATES[name];
    if (!candidate) throw new Error(`no candidate ${name}`);
    const example = join(root, 'examples', name.split(' ')[0] as string);
    writeExample(candidate, example);
    const total = { tp: 0, fp: 0, fn: 0 };
    const perFold: string[] = [];
    for (let fold = 0; fold < FOLDS; fold++) {
      const lake = join(root, subset, `lake-${name.split(' ')[0]}-${fold}`);
      const run = spawnSync('bash', [join(example, 'run.sh'), lake, subset, join(root, subset, `fold-${fold}`)], { encoding: 'utf8', env: { ...process.env, LAKESCORE: `node ${join(packageRoot, 'dist', 'cli', 'main.js')}` } });
      if (run.status !== 0) throw new Error(`${name}, ${subset} fold ${fold}:\n${run.stdout}${run.stderr}`);
      const c = counts(run.stdout);
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
      perFold.push((2 * c.tp / Math.max(1, 2 * c.tp + c.fp + c.fn)).toFixed(2));
      rmSync(lake, { recursive: true, force: true });
    }
    const f1 = (2 * total.tp) / Math.max(1, 2 * total.tp + total.fp + total.fn);
    rows.push([subset, name, f1.toFixed(3), perFold.join(' '), `${total.tp}/${total.tp + total.fn}`, String(total.fp)]);
    process.stdout.write(`${subset} ${name}: F1 ${f1.toFixed(3)} (folds ${perFold.join(' ')})\n`);
  }
}
printTable(`C-MAPSS training engines only, ${FOLDS} folds by engine; F1 at the last row of each held-out engine`, ['subset', 'candidate', 'F1', 'per fold', 'caught', 'false alarms'], rows);
