import { describeBasis, describeRule, type AlertRule } from '../ml/decision/rule.js';
import type { EventFigures } from '../ml/decision/types.js';
import type { ModelMeta } from '../ml/model-file.js';

/** What a planner asks of a model, as train and models show print it (docs/decisions.md). */

const count = (n: number): string => n.toLocaleString('en-US');
const share = (part: number, whole: number): string => (whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`);
const hours = (h: number | null): string => (h === null ? '-' : h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(0)} h`);
const money = (x: number | null): string => (x === null ? '-' : Math.round(x).toLocaleString('en-US'));
const maybe = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? '-' : x.toFixed(digits));
/** A share as a percentage with two significant digits: a rare-failure fleet's risks are tenths of a percent. */
const percent = (x: number): string => `${x === 0 ? '0' : x >= 0.1 ? (100 * x).toFixed(0) : Number((100 * x).toPrecision(2)).toString()}%`;

export const formatRule = (rule: AlertRule): string => `alert rule: ${describeRule(rule)}\n  ${describeBasis(rule)}\n`;

/** The event figures of one period: failures caught and how far ahead, false alert episodes, cost. */
export function formatEvents(f: EventFigures): string {
  return (
    `  failures ${count(f.failures)}: ${count(f.caught)} alerted beforehand (${share(f.caught, f.failures)}), ` +
    `lead time median ${hours(f.leadHoursMedian)}, 10th percentile ${hours(f.leadHoursP10)}\n` +
    `  alert episodes ${count(f.episodes)}, ${count(f.falseEpisodes)} not followed by a failure ` +
    `(${f.falsePer1000AssetDays.toFixed(2)} per 1,000 asset-days); at most ${count(f.maxStartsPerDay)} new on one day\n` +
    `  rows: precision ${f.precision.toFixed(4)}, recall ${f.recall.toFixed(4)}, F1 ${f.f1.toFixed(4)} of "fails within the horizon"\n`
  );
}

function formatBaselines(test: NonNullable<ModelMeta['decision']>['test']): string {
  const rows: [string, EventFigures][] = [
    ['the rule', test.figures],
    ['alert nothing', test.baselines.nothing],
    ['alert everything', test.baselines.everything],
    ['threshold 0.5', test.baselines.half],
  ];
  const withCost = test.figures.cost !== null;
  const head = `  ${'against'.padEnd(18)}${'caught'.padStart(10)}${'false episodes'.padStart(16)}${withCost ? 'expected cost'.padStart(16) : ''}`;
  const lines = rows.map(
    ([name, f]) => `  ${name.padEnd(18)}${`${count(f.caught)}/${count(f.failures)}`.padStart(10)}${count(f.falseEpisodes).padStart(16)}${withCost ? money(f.cost).padStart(16) : ''}`,
  );
  return [head, ...lines].join('\n') + '\n';
}

/** The test window's PR-AUC, Brier score and calibration of the risk of any failure. */
export function formatScores(meta: ModelMeta): string {
  const e = meta.evaluation;
  const scores = `risk of any failure: PR-AUC ${maybe(e.riskPrAuc)}, Brier score ${maybe(e.brier)}\n`;
  const calibration = e.calibration?.length
    ? `calibration (equal-count bins of risk): ${e.calibration.map((b) => `${percent(b.meanRisk)}→${percent(b.observed)}`).join('  ')}\n`
    : '';
  return scores + calibration;
}

/** The model's rule at training and what it did on the test rows, beside the baselines. */
export function formatAlertJudgement(meta: ModelMeta): string {
  if (!meta.decision) return 'no alert rule: trained before lakescore chose one; train again for alerts\n';
  return formatRule(meta.decision.rule) + `at that rule on the test rows:\n${formatEvents(meta.decision.test.figures)}` + formatBaselines(meta.decision.test);
}

export const formatDecision = (meta: ModelMeta): string => `${formatScores(meta)}\n${formatAlertJudgement(meta)}`;
