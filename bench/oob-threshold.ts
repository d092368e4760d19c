import type { Fleet } from '../fleet/fleet.js';
import { labelsOf } from '../gold/params.js';
import { currentGoldParams } from '../gold/tables.js';
import { declareAllTables } from '../jobs/lake-tables.js';
import { readingFleet } from '../jobs/lake-fleet.js';
import { categoriesIn, loadDataset, type Dataset, type RowsKept } from '../ml/dataset.js';
import { alertRule } from '../ml/decision/alerts.js';
import { averagePrecision } from '../ml/decision/curves.js';
import { chooseThreshold } from '../ml/decision/choose.js';
import { figureRule } from '../ml/decision/events.js';
import type { AlertPolicy, Costs, DecisionRows, EventFigures } from '../ml/decision/types.js';
import { encodingFor } from '../ml/encoding.js';
import { oobProbabilities, predictProbaParallel, trainForest, type Forest } from '../ml/forest/index.js';
import { decisionRows, riskOf, rowsWhere } from '../ml/judge.js';
import type { Part } from '../ml/train-parts.js';
import { testLabelCutoff, type ValidationSplit } from '../ml/train-ranges.js';
import { heldOutParts } from '../ml/train-rule.js';
import { LakeSession } from '../sql/duckdb.js';
import { printTable } from './harness.js';
import { cmapss, demoDays, demoFleet, rareDays, rareDrives, type Scenario } from './oob-lakes.js';

/**
 * Does an alert threshold chosen on the out-of-bag risks of the forest fitted on the whole
 * training range do as well on the test window as one chosen as `train` does, on a held-out part
 * scored by a first forest fitted on the rest (docs/decisions.md)? For each lake (bench/oob-lakes.ts)
 * and policy, the threshold chosen on: the held-out part; the out-of-bag risks of the decided
 * training rows (whose horizon lies before --to, as the held-out part keeps) and of every
 * labelled one; and, for scale, the test rows themselves (the best any threshold does there).
 * Each is then judged on the final forest's test risks. demo-6d and rare-16d are histories too
 * short to split by time, where train then held out a quarter of the assets (it now chooses on
 * the out-of-bag risks there, from what this bench showed).
 *
 *   node dist/bench/oob-threshold.js [demo,demo-6d,cmapss,rare,rare-16d] [forest seeds (1: each lake's own)]
 */

const COSTS: Costs = { missedFailure: 40_000, falseAlarm: 1_500, caughtFailure: 0 };
const POLICIES: [string, AlertPolicy][] = [['best F1', { kind: 'best-f1' }], ['cost', { kind: 'cost', costs: COSTS }]];
const SCENARIOS: Record<string, () => Scenario> = { demo: demoFleet, 'demo-6d': demoDays, cmapss, rare: rareDrives, 'rare-16d': rareDays };

/** Where train, before out-of-bag choices, held out a share of the assets: a range too short to split by time. */
const FALLBACK_ASSET_SHARE = 0.25;

/** The rows of one lake, loaded once for every seed. */
interface Loaded {
  /** The held-out part train would choose on. */
  split: ValidationSplit;
  stepMs: number;
  horizonMs: number;
  classCount: number;
  test: Dataset;
  fit: Dataset;
  heldOut: Dataset;
  train: Dataset;
}

async function loaded(session: LakeSession, fleet: Fleet, s: Scenario): Promise<Loaded> {
  const params = await currentGoldParams(session, fleet);
  const classes = labelsOf(fleet);
  const encoding = encodingFor(fleet, params, await categoriesIn(session, fleet, params, s.from, s.to));
  const load = (part: Part, keep: RowsKept): Promise<Dataset> =>
    loadDataset(session, { encoding, classes, from: part.from, to: part.to, horizonSeconds: params.horizon.seconds, labelCutoff: part.cutoff, keep, ...(part.assets ? { assets: part.assets } : {}) });
  let split = s.validate;
  let parts = heldOutParts(split, s.from, s.to, params.step.seconds);
  let heldOut = await load(parts.validate, 'decided');
  if (heldOut.rows === 0 && split.kind !== 'assets') {
    // as train did before out-of-bag choices, to compare with them
    split = { kind: 'assets', share: split.kind === 'share' ? split.share : FALLBACK_ASSET_SHARE };
    parts = heldOutParts(split, s.from, s.to, params.step.seconds);
    heldOut = await load(parts.validate, 'decided');
  }
  if (heldOut.rows === 0) throw new Error(`${s.name}: no decided row in the held-out part`);
  return {
    split,
    stepMs: params.step.seconds * 1000,
    horizonMs: params.horizon.seconds * 1000,
    classCount: classes.length,
    test: await load({ from: s.to, to: s.testTo, cutoff: await testLabelCutoff(session, undefined) }, 'decided'),
    fit: await load(parts.fit, 'labelled'),
    heldOut,
    train: await load({ from: s.from, to: s.to, cutoff: s.to }, 'labelled'),
  };
}

interface Outcome {
  test: DecisionRows;
  /** What each threshold is chosen on. */
  bases: [string, DecisionRows][];
  withoutOob: number;
  oobSeconds: number;
}

/** The forests of one seed: the first one's risks on the held-out part, the final one's out of bag and on the test rows. */
async function outcome(d: Loaded, s: Scenario, seed: number): Promise<Outcome> {
  const forestParams = { ...s.forest, seed };
  const fit = (data: Dataset): Promise<Forest> => trainForest({ features: data.features, labels: data.labels, classCount: d.classCount }, forestParams);
  const risksOf = async (forest: Forest, data: Dataset): Promise<DecisionRows> => decisionRows(data, riskOf(await predictProbaParallel(forest, data.features, s.forest.threads), d.classCount));
  const held = await risksOf(await fit(d.fit), d.heldOut);
  const forest = await fit(d.train);
  const started = performance.now();
  const oob = await oobProbabilities(forest, d.train.features, s.forest.threads);
  const oobSeconds = (performance.now() - started) / 1000;
  const outOfBag = decisionRows(d.train, riskOf(oob, d.classCount));
  const labelled = rowsWhere(outOfBag, (i) => !Number.isNaN(outOfBag.risk[i] as number));
  const decided = rowsWhere(labelled, (i) => (labelled.ts[i] as number) + d.horizonMs <= s.to.getTime());
  const test = await risksOf(forest, d.test);
  return {
    test,
    bases: [[`held out (${describe(d.split)})`, held], ['oob, decided rows', decided], ['oob, labelled rows', labelled], ['test itself (best possible)', test]],
    withoutOob: d.train.rows - labelled.ts.length,
    oobSeconds,
  };
}

const describe = (split: ValidationSplit): string => (split.kind === 'assets' ? `assets:${split.share}` : split.kind === 'share' ? `last ${split.share}` : 'by date');

function failuresIn(rows: DecisionRows): number {
  const events = new Set<string>();
  rows.failureAt.forEach((f, i) => {
    if (!Number.isNaN(f)) events.add(`${rows.asset[i]} ${f}`);
  });
  return events.size;
}

/** A threshold chosen on some rows under a policy, and what it does on the test rows. */
interface Judged {
  lake: string;
  policy: string;
  basis: string;
  rows: number;
  failures: number;
  threshold: number;
  f1There: number;
  /** Average precision of the risks chosen on: how well they separate failing rows there. */
  prAucThere: number | null;
  test: EventFigures;
}

function judged(lake: string, o: Outcome, d: Loaded): Judged[] {
  const alertsAt = alertRule(o.test, d.stepMs, d.horizonMs);
  const judge = figureRule(o.test, d.stepMs, d.horizonMs);
  return POLICIES.flatMap(([policy, asked]) =>
    o.bases.map(([basis, rows]) => {
      const choice = chooseThreshold(rows, asked, d.stepMs, d.horizonMs);
      const test = judge(alertsAt(choice.threshold), COSTS);
      const prAucThere = averagePrecision(rows.risk, Uint8Array.from(rows.failureAt, (f) => (Number.isNaN(f) ? 0 : 1)));
      return { lake, policy, basis, rows: rows.ts.length, failures: failuresIn(rows), threshold: choice.threshold, f1There: choice.figures.f1, prAucThere, test };
    }),
  );
}

const thresholdText = (t: number): string => (Number.isFinite(t) ? t.toPrecision(3) : 'none');

const lineOf = (j: Judged): (string | number)[] => [
  j.lake, j.policy, j.basis, j.rows, j.failures, j.prAucThere?.toFixed(3) ?? '', thresholdText(j.threshold), j.f1There.toFixed(3), `${j.test.caught}/${j.test.failures}`, j.test.falseEpisodes, j.test.cost ?? '', j.test.f1.toFixed(3),
];

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Whether the test figures beat those of the held-out part's threshold under the policy: 1, 0 (a tie) or -1. */
function against(j: Judged, held: Judged): number {
  const score = (x: Judged): number => (x.policy === 'cost' ? -(x.test.cost as number) : x.test.f1);
  return Math.sign(score(j) - score(held));
}

/** Per lake, policy and basis, over the seeds: mean test figures, and wins/ties/losses against the held-out part. */
function summaryLines(runs: Judged[][]): (string | number)[][] {
  return (runs[0] ?? []).map((first, k) => {
    const same = runs.map((run) => run[k] as Judged);
    const held = runs.map((run) => run.find((j) => j.lake === first.lake && j.policy === first.policy) as Judged);
    const outcomes = same.map((j, i) => against(j, held[i] as Judged));
    const count = (sign: number): number => outcomes.filter((o) => o === sign).length;
    return [
      first.lake, first.policy, first.basis, mean(same.map((j) => j.threshold)).toPrecision(3), mean(same.map((j) => j.test.caught)).toFixed(1), first.test.failures,
      mean(same.map((j) => j.test.falseEpisodes)).toFixed(1), mean(same.map((j) => j.test.cost as number)).toFixed(0), mean(same.map((j) => j.test.f1)).toFixed(3), `${count(1)}/${count(0)}/${count(-1)}`,
    ];
  });
}

async function main(): Promise<void> {
  const names = (process.argv[2] ?? Object.keys(SCENARIOS).join(',')).split(',');
  const seeds = Number(process.argv[3] ?? 1);
  const runs: Judged[][] = Array.from({ length: seeds }, () => []);
  for (const name of names) {
    const make = SCENARIOS[name];
    if (make === undefined) throw new Error(`unknown scenario ${name}: expected some of ${Object.keys(SCENARIOS).join(', ')}`);
    const scenario = make();
    await LakeSession.using(scenario.lake, {}, async (session) => {
      const fleet = await readingFleet(session, undefined);
      await declareAllTables(session, fleet);
      const d = await loaded(session, fleet, scenario);
      for (let k = 0; k < seeds; k++) {
        const o = await outcome(d, scenario, scenario.forest.seed + k);
        console.log(`${name}, seed ${scenario.forest.seed + k}: ${d.train.rows} training rows, out-of-bag risks in ${o.oobSeconds.toFixed(2)} s (${scenario.forest.trees} trees, ${scenario.forest.threads} threads), ${o.withoutOob} rows drawn by every tree`);
        runs[k]?.push(...judged(name, o, d));
      }
    });
  }
  printTable(
    `threshold chosen on each part, judged on the test window (cost: missed failure ${COSTS.missedFailure}, false alarm ${COSTS.falseAlarm}); each lake's own seed`,
    ['lake', 'policy', 'chosen on', 'rows', 'failures', 'PR-AUC there', 'threshold', 'F1 there', 'test caught', 'false episodes', 'cost', 'row F1'],
    (runs[0] ?? []).map(lineOf),
  );
  if (seeds > 1) {
    printTable(
      `means over ${seeds} forest seeds; against held out: seeds where the policy's own figure on the test window (row F1, cost) is better/equal/worse`,
      ['lake', 'policy', 'chosen on', 'threshold', 'caught', 'of', 'false episodes', 'cost', 'row F1', 'against held out'],
      summaryLines(runs),
    );
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

await main();
