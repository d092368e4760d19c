import { MIN_FAILURES } from '../../ml/monitor/performance-rollup.js';
import { escapeHtml as h } from './escape.js';
import type { DriftNow } from './drift-now.js';
import type { RetrainDecision } from './decisions.js';
import type { Monitoring } from './monitoring.js';
import { chart, count, empty, pct, plural, section, table } from './page-parts.js';

const rate = (x: number | null): string => (x === null ? '-' : x.toFixed(2));
const beside = (now: number | null, expected: number | null | undefined): string => `${rate(now)}${expected === null || expected === undefined ? '' : ` <span class="muted">(${rate(expected)})</span>`}`;
const num = (html: string): string => `<td class="num">${html}</td>`;

function expectedLine(m: Monitoring): string {
  const e = m.expected;
  if (!e) return `<p>${h(`${m.model} has no alert figures stored at training to compare with (no alert rule, or trained before they were kept).`)}</p>`;
  return `<p>${h(`Expected, from the test window at training: precision ${rate(e.precision)}, recall ${rate(e.recall)}, ${rate(e.falsePer1000AssetDays)} false alert episodes per 1,000 asset-days (in parentheses below).`)}</p>`;
}

function weeksPart(m: Monitoring): string {
  const title = `<h3>${h(`Realised against expected, per week${m.range ? ` of [${m.range.from}, ${m.range.to})` : ''}`)}</h3>`;
  if (m.weeks.length === 0) return title + empty(`No prediction of ${m.model} has matured and been judged yet: the nightly job (lakescore run) judges a prediction once its horizon has passed.`);
  const e = m.expected;
  const rows = m.weeks.map((w) => [
    `<td>${h(w.from)}</td>`,
    num(count(w.rows)),
    num(count(w.failures)),
    num(w.caught === null ? '-' : count(w.caught)),
    w.enough
      ? num(beside(w.precision, e?.precision)) + num(beside(w.recall, e?.recall))
      : `<td class="too-few" colspan="2">${h(`too few failures (${w.failures} of ${m.minFailures} needed)`)}</td>`,
    num(beside(w.falsePer1000AssetDays, e?.falsePer1000AssetDays)),
  ]);
  const headers: [string, string?][] = [['Week from'], ['Predictions judged', 'num'], ['Failures', 'num'], ['Alerted beforehand', 'num'], ['Precision', 'num'], ['Recall', 'num'], ['False episodes per 1,000 asset-days', 'num']];
  return title + expectedLine(m) + chart('chart-monitoring', `realised precision, recall and false alert episodes per week of ${m.model}`) + table('monitoring', headers, rows);
}

const missingText = (r: DriftNow['rows'][number]): string => `${pct(r.missingShare)} (${pct(r.referenceMissingShare)})`;

function driftPart(m: Monitoring): string {
  const title = `<h3>${h('Drifting features')}</h3>`;
  if (!m.drift) return title + empty(`No drift stored for ${m.model}${m.range ? ` in [${m.range.from}, ${m.range.to})` : ' yet'}: a scoring run stores it when its model kept a training profile.`);
  const { rows, more } = m.drift;
  if (rows.length === 0) return title + empty(`No feature of ${m.model} is at moderate or drifted in its newest judged week.`);
  const cells = rows.map((r) => [
    `<td class="asset">${h(r.feature)}</td>`,
    `<td>${h(r.group ?? 'whole fleet')}</td>`,
    `<td class="${r.level === 'drifted' ? 'bad' : 'warn'}">${h(r.level)}</td>`,
    `<td>${h(`${r.sinceRangeStart ? 'on or before ' : ''}${r.since}`)}</td>`,
    `<td>${h(r.week)}</td>`,
    num(h(rate(r.psi))),
    num(count(r.rows)),
    num(h(missingText(r))),
  ]);
  const headers: [string, string?][] = [['Feature'], ['Rows of'], ['Level'], ['Since'], ['Week judged'], ['PSI', 'num'], ['Rows', 'num'], ['Missing (training)', 'num']];
  const rest = more ? `<p class="scale-note">${h(`and ${plural(more, 'more feature', 'more features')} at moderate or drifted: lakescore monitor --model ${m.model} lists every one.`)}</p>` : '';
  return title + table('drift', headers, cells) + rest;
}

const value = (x: number | null): string => (x === null ? '-' : x.toFixed(4));

function decisionRow(d: RetrainDecision): string[] {
  return [
    `<td>${h(d.at)}</td>`,
    `<td>${h(d.champion ?? 'none')}</td>`,
    `<td>${h(d.challenger)}</td>`,
    `<td>${h(d.metric)}</td>`,
    num(h(value(d.championValue))),
    num(h(value(d.challengerValue))),
    `<td>${h(`[${d.holdout.from}, ${d.holdout.to}), ${count(d.holdout.rows)} rows`)}</td>`,
    `<td class="${d.promoted ? 'ok' : 'muted'}">${d.promoted ? 'promoted' : 'kept champion'}</td>`,
    `<td class="wrap">${h(d.reason)}</td>`,
  ];
}

function decisionsPart(decisions: readonly RetrainDecision[]): string {
  const title = `<h3>${h('Retraining decisions, newest first')}</h3>`;
  if (decisions.length === 0) return title + empty('No retrain decision yet: lakescore retrain, or lakescore run --retrain-every, makes one.');
  const headers: [string, string?][] = [['When (UTC)'], ['Champion'], ['Challenger'], ['Metric'], ['Champion value', 'num'], ['Challenger value', 'num'], ['Holdout'], ['Decision'], ['Reason']];
  return title + table('decisions', headers, decisions.map(decisionRow));
}

/** Whether the production model is still right: how it did once the data decided, whether its inputs moved, and what retraining decided. */
export function monitoringSection(m: Monitoring | null): string {
  const caption = `How the production model did on its predictions once the data decided them, per week beside what its test window promised; which features its scored rows drift on from its training rows; and what the newest retrain decisions were. Precision and recall count rows at the stored alerts; a week with fewer than ${MIN_FAILURES} failures has no precision or recall (grey in the chart), since a handful of failures makes them noise.`;
  const title = 'Monitoring: is the model still right?';
  if (!m) return section('monitoring', title, caption, empty('No model trained yet: nothing to monitor.'));
  return section('monitoring', title, caption, weeksPart(m) + driftPart(m) + decisionsPart(m.decisions));
}
