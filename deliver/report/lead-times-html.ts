import type { ReportData } from './data.js';
import { escapeHtml as h } from './escape.js';
import { LEAD_WEEKS, type LeadTimes } from './lead-times.js';
import { count, empty, pct, plural, section, table } from './page-parts.js';

const OUTCOME_CLASS = { alerted: 'ok', missed: 'bad', 'not scored': 'muted' } as const;

function summary(l: LeadTimes, name: string): string {
  const alerted = l.scored ? ` of the ${count(l.scored)} scored, ${count(l.alerted)} ${name} beforehand (${pct(l.alerted / l.scored)})` : ' none scored beforehand';
  const ahead = l.aheadMedian ? `, a median ${l.aheadMedian} ahead (10th percentile ${l.aheadP10 ?? '-'})` : '';
  const unscored = l.failures > l.scored ? `; ${count(l.failures - l.scored)} not scored` : '';
  return `<p>${h(`${plural(l.failures, 'failure', 'failures')} since ${l.from} UTC:${alerted}${ahead}${unscored}.`)}</p>`;
}

/** The failures of the last weeks and whether the model had their asset in alert within the horizon before. */
export function leadTimesSection(d: ReportData): string {
  const { leadTimes: l, alerting: a, scoredBy } = d;
  const caption = `The failures of the last ${LEAD_WEEKS} weeks before the report's cut-off, of every asset, reporting or not: whether ${scoredBy ?? 'the production model'} had the asset ${a.name} (${a.label}) within the horizon before the failure${l ? ` (${l.horizon})` : ''}, and how far ahead of the failure its first such row was. Not scored: the model has no result for the asset in that horizon.`;
  const title = 'Failures and lead times';
  if (!l) return section('lead-times', title, caption, empty('No scoring results yet.'));
  if (l.failures === 0) return section('lead-times', title, caption, empty(`No failure since ${l.from} UTC.`));
  const rows = l.listed.map((f) => [
    `<td>${h(f.failedAt)}</td>`,
    `<td class="asset">${h(f.asset)}</td>`,
    `<td>${h(f.failure)}</td>`,
    `<td class="${OUTCOME_CLASS[f.outcome]}">${h(f.outcome === 'alerted' ? a.name : f.outcome)}</td>`,
    `<td class="num">${h(f.ahead ?? '-')}</td>`,
  ]);
  const listed = l.listed.length < l.failures ? `<h3>${h(`The ${l.listed.length} newest`)}</h3>` : '';
  const headers: [string, string?][] = [['Failed at (UTC)'], ['Asset'], ['Failure'], [`Beforehand`], ['Ahead', 'num']];
  return section('lead-times', title, caption, summary(l, a.name) + listed + table('lead-times', headers, rows));
}
