import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_FOREST_PARAMS } from '../ml/forest/index.js';
import { inMacroF1, type Evaluation } from '../ml/metrics.js';
import { trainModel, type PartCount, type TrainReport } from '../ml/train.js';
import type { ValidationSplit } from '../ml/train-ranges.js';
import { addAlertOptions, alertOptionsSchema } from './alert-options.js';
import { formatDecision } from './decision-format.js';
import { asWriter } from './lake.js';
import { action, dateOption, dayOption, dayStart, intOption, parseOptions, waitOption } from './options.js';


const VALIDATE_FORMS = 'expected a share of the range between 0 and 1 (0.25), a date (YYYY-MM-DD), or assets:SHARE';
const shareOf = z.string().regex(/^0?\.\d+$/).transform(Number).pipe(z.number().gt(0).lt(1));

const schema = z.object({
  from: dayOption,
  to: dayOption,
  testTo: dayOption,
  validate: z.string().transform((text, ctx): ValidationSplit => {
    const asAssets = /^assets:/.test(text);
    const share = shareOf.safeParse(asAssets ? text.slice('assets:'.length) : text);
    if (share.success) return asAssets ? { kind: 'assets', share: share.data } : { kind: 'share', share: share.data };
    if (!asAssets && dateOption.safeParse(text).success) return { kind: 'date', from: dayStart(text) };
    ctx.addIssue({ code: 'custom', message: VALIDATE_FORMS });
    return z.NEVER;
  }),
  refit: z.boolean(),
  labelCutoff: dayOption.optional(),
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
  trees: intOption(1, 10_000),
  maxDepth: intOption(1, 64),
  minSamplesLeaf: intOption(1, 1_000_000),
  maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.coerce.number().positive()], { error: 'expected sqrt, log2, all, a count or a fraction' }),
  sampleFraction: z.coerce.number().gt(0).lte(1),
  classWeight: z.enum(['none', 'balanced']),
  seed: intOption(0, Number.MAX_SAFE_INTEGER),
  threads: intOption(1, 256),
  wait: waitOption,
});

/** Every score as a fraction, as the README and the benchmarks give them. */
const fraction = (x: number): string => x.toFixed(4);
const count = (n: number): string => n.toLocaleString('en-US');

/** Why the macro F1 leaves classes out, when it does: otherwise a reader averaging the column gets another number. */
function leftOutOfMacro(e: Evaluation): string[] {
  const absent = e.classes.filter((_, c) => !inMacroF1(e.confusion, c));
  if (absent.length === 0) return [];
  return [`macro F1 leaves out ${absent.join(', ')}: no test rows and none predicted (as scikit-learn)`];
}

/**
 * The evaluation on the test range, with each class's rows in the test range and, when the model
 * kept them, in training: a class with few training rows explains a poor score. A class with no
 * test rows and no predictions has no scores, and shows none.
 */
export function formatEvaluation(e: Evaluation & { classPrAuc?: (number | null)[] | undefined }, trainRows: readonly number[] | undefined): string {
  const width = Math.max(...e.classes.map((c) => c.length), 6);
  const prAuc = e.classPrAuc;
  const headings = ['precision', 'recall', 'f1', ...(prAuc ? ['PR-AUC'] : []), 'test rows', ...(trainRows ? ['train rows'] : [])];
  // as wide as its heading or a fraction (0.1234), two spaces apart
  const cells = (values: readonly string[]): string => values.map((v, i) => v.padStart(Math.max((headings[i] ?? '').length, 6) + 2)).join('');
  const auc = (c: number): string[] => (prAuc ? [prAuc[c] === null || prAuc[c] === undefined ? '-' : fraction(prAuc[c])] : []);
  const scores = (m: Evaluation['perClass'][number], c: number): string[] =>
    inMacroF1(e.confusion, c) ? [fraction(m.precision), fraction(m.recall), fraction(m.f1), ...auc(c)] : ['-', '-', '-', ...auc(c)];
  const lines = [
    `confusion matrix (rows: actual, columns: predicted)`,
    `${''.padEnd(width)} ${e.classes.map((c) => c.padStart(8)).join('')}`,
    ...e.confusion.map((row, i) => `${(e.classes[i] ?? '').padEnd(width)} ${row.map((n) => String(n).padStart(8)).join('')}`),
    '',
    `${'class'.padEnd(width)}${cells(headings)}`,
    ...e.perClass.map((m, i) => `${m.label.padEnd(width)}${cells([...scores(m, i), count(m.support), ...(trainRows ? [count(trainRows[i] ?? 0)] : [])])}`),
    '',
    ...leftOutOfMacro(e),
    `macro F1 ${fraction(e.macroF1)}   accuracy ${fraction(e.accuracy)}   (${count(e.rows)} test rows)`,
  ];
  return lines.join('\n') + '\n';
}

const day = (d: Date): string => d.toISOString().slice(0, 10);
const span = (p: PartCount): string => `[${day(p.from)}, ${day(p.to)})`;

/** A test window that ends within a horizon of the data judges fewer rows than it holds: say so, and why. */
const UNDECIDED_SHARE_WORTH_SAYING = 0.02;

function testLines(report: TrainReport): string {
  const { test } = report;
  const horizon = report.model.meta.featureParams.horizon.text;
  const left = test.unlabeled + test.undecidedFailing;
  const lines = [`tested on ${count(test.rows)} rows of ${span(test)}, labels decided by the data up to ${test.cutoff.toISOString().slice(0, 16).replace('T', ' ')}`];
  if (left > 0) {
    lines.push(
      `  ${count(left)} rows undecided, left out: ${count(test.unlabeled)} healthy so far and ${count(test.undecidedFailing)} failing, within a horizon (${horizon}) of the data's end`,
    );
  }
  if (test.unlabeled > UNDECIDED_SHARE_WORTH_SAYING * (test.rows + left)) {
    lines.push(`  note: the test window ends within a horizon of the data: only its decided part is judged (give an earlier --test-to, or wait for more data)`);
  }
  return lines.join('\n') + '\n';
}

/** What the alert rule was chosen on: held-out rows (by time or asset), or out-of-bag predictions. */
function validationLine(report: TrainReport): string {
  const validation = report.model.meta.training.validation;
  if (report.validation.outOfBag) {
    return (
      `validation: the training range is too short to hold out its last part beyond a horizon, so the alert rule was chosen on ` +
      `the forest's out-of-bag predictions of its ${count(report.validation.rows)} training rows (each judged only by trees that did not draw it)\n`
    );
  }
  const fitted = validation?.assetShare ? 'on the other assets' : `on [${day(report.train.from)}, ${day(report.validation.from)})`;
  const scored = `${validation?.assetShare ? `${Math.round(validation.assetShare * 100)}% of the assets over ` : ''}${span(report.validation)}`;
  return (
    `validation: a forest fitted ${fitted} scored ${count(report.validation.rows)} rows of ${scored} to choose the alert rule` +
    `${validation?.refit ? '; the model was then fitted on the whole training range' : ''}\n`
  );
}

function printReport(report: TrainReport): void {
  const { meta } = report.model;
  process.stdout.write(
    `trained ${meta.name}@${meta.version}: ${meta.forestParams.trees} trees on ${count(report.train.rows)} rows of ${span(report.train)} in ${meta.training.seconds.toFixed(1)} s ` +
      `(${count(report.train.unlabeled)} rows with unknown labels skipped)\n` +
      validationLine(report) +
      testLines(report) +
      '\n' +
      formatEvaluation(meta.evaluation, meta.training.rowsPerClass) +
      '\n' +
      formatDecision(meta) +
      `\ntop features: ${meta.importance.slice(0, 5).map(([name, v]) => `${name} ${(v * 100).toFixed(1)}%`).join(', ')}\n` +
      `promote it with: lakescore models promote ${meta.name}@${meta.version} --alias production\n`,
  );
}

function treeProgress(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r\x1b[Ktrees [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write('\r\x1b[K');
  };
}

export function registerTrain(program: Command): void {
  const d = DEFAULT_FOREST_PARAMS;
  const command = program
    .command('train')
    .description('fit a random forest on gold [from, to), choose its alert rule on the later part of that range, judge it on [to, test-to), register it (docs/decisions.md)')
    .requiredOption('--from <date>', 'first day of training data')
    .requiredOption('--to <date>', 'end of training (exclusive); labels are cut off here')
    .requiredOption('--test-to <date>', 'end of the evaluation range (exclusive)')
    .option('--validate <share|date|assets:share>', 'what the alert rule is chosen on: the last share of the training range, the range from a day, or a share of the assets (run-to-failure fleets)', '0.25')
    .option('--no-refit', 'keep the forest fitted before the validation part instead of fitting again on the whole range')
    .option('--label-cutoff <date>', "judge with the data up to the start of that day (UTC) only (default: all the lake's data)")
    .option('--name <name>', 'model name in the registry', 'pdm')
    .option('--trees <n>', 'number of trees', String(d.trees))
    .option('--max-depth <n>', 'maximum tree depth', String(d.maxDepth))
    .option('--min-samples-leaf <n>', 'minimum rows in a leaf', String(d.minSamplesLeaf))
    .option('--max-features <m>', 'features tried per split: sqrt, log2, all, a count or a fraction', String(d.maxFeatures))
    .option('--sample-fraction <f>', 'bootstrap sample size as a fraction of the rows', String(d.sampleFraction))
    .option('--class-weight <w>', 'none or balanced', d.classWeight)
    .option('--seed <n>', 'random seed: the same seed and data give the same model', String(d.seed))
    .option('--threads <n>', 'worker threads (the model does not depend on it)', String(availableParallelism()))
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0');
  addAlertOptions(command).action(
    action(async (raw: unknown, command: Command) => {
      const o = parseOptions(schema, raw);
      const policy = parseOptions(alertOptionsSchema, raw);
      await asWriter(command, `train ${o.name}`, o.wait, async (session, fleet) => {
        const onTreeDone = treeProgress();
        const report = await trainModel(session, fleet, {
          name: o.name,
          from: o.from,
          to: o.to,
          testTo: o.testTo,
          validate: o.validate,
          refit: o.refit,
          ...(policy ? { policy } : {}),
          ...(o.labelCutoff ? { labelCutoff: o.labelCutoff } : {}),
          forest: {
            trees: o.trees,
            maxDepth: o.maxDepth,
            minSamplesLeaf: o.minSamplesLeaf,
            maxFeatures: o.maxFeatures,
            sampleFraction: o.sampleFraction,
            classWeight: o.classWeight,
            seed: o.seed,
            threads: o.threads,
          },
          ...(onTreeDone ? { onTreeDone } : {}),
        });
        printReport(report);
      });
    }),
  );
}
