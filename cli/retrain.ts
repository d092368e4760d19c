import type { Command } from 'commander';
import { z } from 'zod';
import { marginSchema, RETRAIN_METRICS } from '../fleet/retrain.js';
import { duration } from '../fleet/schema.js';
import { describeRule } from '../ml/decision/rule.js';
import { METRIC_NAMES } from '../ml/retrain/metric.js';
import { retrain, retrainSummary, type JudgedModel, type RetrainReport } from '../ml/retrain/retrain.js';
import { MODEL_NAME } from '../ml/model-file.js';
import { asWriter } from './lake.js';
import { action, intOption, parseOptions, waitOption } from './options.js';

const schema = z.object({
  window: duration.optional(),
  holdout: duration.optional(),
  name: z.string().regex(MODEL_NAME, 'lower-case letters, digits, - and _'),
  alias: z.string().regex(MODEL_NAME, 'lower-case letters, digits, - and _'),
  metric: z.enum(RETRAIN_METRICS).optional(),
  margin: z.coerce.number().pipe(marginSchema).optional(),
  trees: intOption(1, 10_000).optional(),
  seed: intOption(0, Number.MAX_SAFE_INTEGER).optional(),
  threads: intOption(1, 256).optional(),
  wait: waitOption,
});

const count = (n: number): string => n.toLocaleString('en-US');
const day = (d: Date): string => d.toISOString().slice(0, 10);
const minute = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');
const value = (report: RetrainReport, x: number | null): string =>
  x === null ? '-' : report.metric === 'cost' ? Math.round(x).toLocaleString('en-US') : x.toFixed(4);

function judgedLine(report: RetrainReport, role: string, m: JudgedModel): string {
  const f = m.figures.figures;
  const cells = [value(report, m.value), `${count(f.caught)}/${count(f.failures)}`, count(f.falseEpisodes), f.f1.toFixed(4), m.figures.riskPrAuc?.toFixed(4) ?? '-'];
  return `  ${`${role} ${m.id}`.padEnd(26)}${cells.map((c, i) => c.padStart([14, 9, 16, 8, 8][i] ?? 8)).join('')}\n`;
}

/** Both models' figures on the holdout, the compared one first. */
function figuresTable(report: RetrainReport): string {
  const { champion } = report;
  const head = `  ${''.padEnd(26)}${METRIC_NAMES[report.metric].padStart(14)}${'caught'.padStart(9)}${'false episodes'.padStart(16)}${'row F1'.padStart(8)}${'PR-AUC'.padStart(8)}\n`;
  const championLine = champion === undefined ? '' : 'unusable' in champion ? `  champion ${champion.id}: not judged, ${champion.unusable}\n` : judgedLine(report, 'champion', champion);
  const fitted = champion && !('unusable' in champion) && champion.fittedHoldout ? `  note: ${champion.id} was fitted on part of the holdout, which flatters it\n` : '';
  return head + judgedLine(report, 'challenger', report.challenger) + championLine + fitted;
}

function printReport(report: RetrainReport): void {
  const { training, figures } = report.challenger;
  const { meta } = training.model;
  const { window, holdout, cutoff } = report.ranges;
  process.stdout.write(
    `challenger ${report.challenger.id}: ${meta.forestParams.trees} trees on ${count(training.train.rows)} rows of [${day(window.from)}, ${day(window.to)}), ` +
      `${meta.decision ? describeRule(meta.decision.rule) : 'no alert rule'} (chosen on ${training.validation.outOfBag ? 'out-of-bag predictions' : 'validation rows'} inside that window)\n` +
      `holdout [${day(holdout.from)}, ${day(holdout.to)}): ${count(figures.rows)} decided rows with ${count(figures.failures)} failures, labels decided by the data up to ${minute(cutoff)}\n\n` +
      figuresTable(report) +
      `\n${retrainSummary(report)}\n`,
  );
}

export function registerRetrain(program: Command): void {
  program
    .command('retrain')
    .description('train a challenger on the newest decided window, judge it and the champion on the newest holdout, promote it when it is better by the margin (docs/retraining.md)')
    .option('--window <duration>', "the challenger's training range before the holdout (default: the definition's retrain.window, else 180d)")
    .option('--holdout <duration>', 'the newest decided stretch both models are judged on (default: retrain.holdout, else a quarter of the window)')
    .option('--name <name>', 'model name in the registry', 'pdm')
    .option('--alias <alias>', 'the alias the champion holds and the challenger would take', 'production')
    .option('--metric <metric>', `what the models are compared on: ${RETRAIN_METRICS.join(', ')} (default: retrain.metric, else cost when the alert rule prices alerts, else event-f1)`)
    .option('--margin <fraction>', 'how much better the challenger must be, relative: 0.05 is 5% (default: retrain.margin, else 0.05)')
    .option('--trees <n>', "the challenger's trees (default: the champion's)")
    .option('--seed <n>', "the challenger's random seed (default: the champion's)")
    .option('--threads <n>', 'worker threads (the model does not depend on it)')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (raw: unknown, command: Command) => {
        const o = parseOptions(schema, raw);
        const forest = { ...(o.trees === undefined ? {} : { trees: o.trees }), ...(o.seed === undefined ? {} : { seed: o.seed }), ...(o.threads === undefined ? {} : { threads: o.threads }) };
        await asWriter(command, `retrain ${o.name}`, o.wait, async (session, fleet) => {
          const report = await retrain(session, fleet, {
            name: o.name,
            alias: o.alias,
            forest,
            ...(o.window ? { window: o.window } : {}),
            ...(o.holdout ? { holdoutSeconds: o.holdout.seconds } : {}),
            ...(o.metric ? { metric: o.metric } : {}),
            ...(o.margin === undefined ? {} : { margin: o.margin }),
          });
          printReport(report);
        });
      }),
    );
}
