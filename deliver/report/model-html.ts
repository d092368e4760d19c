import { describeBasis, describeRule } from '../../ml/decision/rule.js';
import type { EventFigures } from '../../ml/decision/types.js';
import { percentText } from './alerting.js';
import { escapeHtml as h } from './escape.js';
import type { ModelDecision, ModelSummary } from './model.js';
import { chart, count, empty, pct, plural, section, table } from './page-parts.js';
import { spanText } from './times.js';

const seconds = (s: number): string => (s < 60 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);
const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
const hours = (h: number | null): string => (h === null ? '-' : spanText(h * 3600));
const share = (part: number, whole: number): string => (whole === 0 ? '' : ` (${pct(part / whole)})`);
const maybe = (x: number | null): string => (x === null ? '-' : x.toFixed(4));

/** A period's figures in one line: failures alerted beforehand and how far ahead, false alert episodes. */
function eventsText(f: EventFigures): string {
  return (
    `${count(f.caught)} of ${plural(f.failures, 'failure', 'failures')} alerted beforehand${share(f.caught, f.failures)}, lead time median ${hours(f.leadHoursMedian)}, ` +
    `${plural(f.episodes, 'alert episode', 'alert episodes')} of which ${count(f.falseEpisodes)} false (${f.falsePer1000AssetDays.toFixed(2)} per 1,000 asset-days)`
  );
}

function ruleFacts(d: ModelDecision): [string, string][] {
  const { rule, atTraining } = d;
  const set = atTraining
    ? `again on ${minute(rule.setAt)} UTC by lakescore models set-alerts, after training; the rule chosen at training was: ${describeRule(atTraining)}, ${describeBasis(atTraining)}`
    : `at training, ${minute(rule.setAt)} UTC`;
  const facts: [string, string][] = [
    ['Alert rule', describeRule(rule)],
    ['How chosen', describeBasis(rule)],
    ['Set', set],
  ];
  if (rule.figures) facts.push(['On the rows chosen on', eventsText(rule.figures)]);
  return facts;
}

/** The test window's figures at the rule chosen at training, beside what needs no choice. */
function expectedTable(d: ModelDecision, m: ModelSummary): string {
  const { test } = d;
  const ruleName = d.atTraining ? `the rule at training (${describeRule(d.atTraining)})` : `the rule (${describeRule(d.rule)})`;
  const rows: [string, EventFigures][] = [
    [ruleName, test.figures],
    ['alert nothing', test.baselines.nothing],
    ['alert everything', test.baselines.everything],
    ['threshold 0.5', test.baselines.half],
  ];
  const withCost = test.figures.cost !== null;
  const headers: [string, string?][] = [
    ['On the test window'],
    ['Failures alerted beforehand', 'num'],
    ['Lead time median', 'num'],
    ['10th percentile', 'num'],
    ['Alert episodes', 'num'],
    ['False', 'num'],
    ['False per 1,000 asset-days', 'num'],
    ...(withCost ? [['Expected cost', 'num'] as [string, string]] : []),
  ];
  const cells = rows.map(([name, f], i) => [
    `<td${i === 0 ? ' class="asset"' : ''}>${h(name)}</td>`,
    `<td class="num">${count(f.caught)} of ${count(f.failures)}${share(f.caught, f.failures)}</td>`,
    `<td class="num">${hours(f.leadHoursMedian)}</td>`,
    `<td class="num">${hours(f.leadHoursP10)}</td>`,
    `<td class="num">${count(f.episodes)}</td>`,
    `<td class="num">${count(f.falseEpisodes)}</td>`,
    `<td class="num">${f.falsePer1000AssetDays.toFixed(2)}</td>`,
    ...(withCost ? [`<td class="num">${f.cost === null ? '-' : Math.round(f.cost).toLocaleString('en-US')}</td>`] : []),
  ]);
  const title = `Expected: the test window [${m.training.testFrom}, ${m.training.testTo}), ${count(test.figures.rows)} rows where the data decides the label, ${plural(test.figures.failures, 'failure', 'failures')}`;
  const note = d.atTraining ? `<p class="scale-note">${h('These figures are of the rule chosen at training: the rule set since was not judged on the test window.')}</p>` : '';
  return `<h3>${h(title)}</h3>` + table('expected', headers, cells) + note;
}

/** Mean risk against the observed share of failing rows, per bin of equal row counts. */
function calibrationPart(m: ModelSummary): string {
  const { calibration } = m.scores;
  if (calibration.length === 0) return '';
  const rows = calibration.map((b, i) => [`<td class="num">${i + 1}</td>`, `<td class="num">${count(b.rows)}</td>`, `<td class="num">${percentText(b.meanRisk)}</td>`, `<td class="num">${percentText(b.observed)}</td>`]);
  const binTable = table('calibration', [['Bin', 'num'], ['Test rows', 'num'], ['Mean risk', 'num'], ['Observed', 'num']], rows);
  return `<h3>Calibration: mean risk against the share of rows that failed within the horizon, in bins of equal row counts</h3><div class="grid2">${chart('chart-calibration', 'calibration of the risk', 'square')}<div>${binTable}</div></div>`;
}

function decisionPart(m: ModelSummary): string {
  const scores = `<p>${h(`Risk of any failure on the test rows: PR-AUC ${maybe(m.scores.riskPrAuc)}, Brier score ${maybe(m.scores.brier)}.`)}</p>`;
  if (!m.decision) return scores + empty(`No alert rule: ${m.name}@${m.version} was trained before lakescore chose one; train again for alerts.`) + calibrationPart(m);
  return expectedTable(m.decision, m) + scores + calibrationPart(m);
}

/** The model that scores the fleet: how it was trained, its alert rule, and how both did on the test window. */
export function modelSection(m: ModelSummary | null): string {
  const caption = `The model that scores the fleet, judged on a later period it never saw in training: its alert rule and what that rule is expected to do, beside alerting nothing, everything or at 0.5; how well its risk ranks and is calibrated. The confusion matrix counts test rows by actual class (rows) and predicted class (columns); shading is the share of each actual class.`;
  if (!m) return section('model', 'Production model', caption, empty('No model trained yet: run lakescore train.'));
  const facts: [string, string][] = [
    ['Model', `${m.name}@${m.version}${m.aliases.length ? ` (${m.aliases.join(', ')})` : ''}${m.inProduction ? '' : ', newest version: no version is aliased production'}`],
    ['Trained', `${m.createdAt} UTC on [${m.training.from}, ${m.training.to}), ${count(m.training.rows)} rows in ${seconds(m.training.seconds)}`],
    ['Tested on', `[${m.training.testFrom}, ${m.training.testTo}), ${count(m.testRows)} rows`],
    ['Predicts', `failure within ${m.horizon}: ${m.classes.join(', ')}`],
    ['Forest', `${m.trees} trees over ${m.features} features`],
    ['Scores', `macro F1 ${m.macroF1.toFixed(3)}, accuracy ${pct(m.accuracy, 1)}`],
    ...(m.decision ? ruleFacts(m.decision) : []),
  ];
  const list = `<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
  return section(
    'model',
    'Production model',
    caption,
    list +
      decisionPart(m) +
      `<div class="grid2">${chart('chart-confusion', 'confusion matrix', 'square')}${chart('chart-metrics', 'precision, recall and F1 per class', 'square')}</div>` +
      `<h3>Feature importance (top ${m.importance.length})</h3>` +
      chart('chart-importance', 'feature importance', 'importance'),
  );
}
