import type { Alerting } from './alerting.js';
import type { ReportData } from './data.js';
import { escapeHtml as h } from './escape.js';
import { TREND_DAYS, type FleetNow } from './now.js';
import { count, empty, plural, section, table } from './page-parts.js';
import { SILENT_STEPS, type Reporting } from './reporting.js';
import { riskText, scalesNote, type RiskScale } from './scale.js';

/** The rule that decides which assets the fleet now counts, in one line. */
function ruleLine(r: Reporting): string {
  const newest = r.newestReading ? ` (${r.newestReading} UTC)` : '';
  return `<p class="rule">Counted and listed: the assets that report, with a reading at most ${SILENT_STEPS} gold steps of ${h(r.step)} (${h(r.silentAfter)}) older than the fleet's newest${h(newest)} and no failure since their last reading.</p>`;
}

function riskCell(risk: number, scale: RiskScale, inAlert: boolean): string {
  const width = Math.min(100, (risk / scale.top) * 100).toFixed(1);
  return `<td class="risk"><span class="num">${riskText(risk, scale, 1)}</span><span class="bar ${inAlert ? 'high' : 'low'}"><span style="width:${width}%"></span></span></td>`;
}

/** What the list marks, in one line: the rule, or the high-risk mark for want of one. */
function alertLine(a: Alerting, scoredBy: string): string {
  const what = a.byRule
    ? `In alert: the asset's latest row is an alert by ${scoredBy}'s rule as it was when scored (now ${a.label}); since: its first row after its last row not in alert.`
    : `${scoredBy} has no alert rule (trained before lakescore chose one): the assets at ${a.label} are marked instead; since: their first row after their last row below it.`;
  return `<p class="rule">${h(what)}</p>`;
}

function listTitle(now: FleetNow, a: Alerting): string {
  if (now.inAlert === 0) return `<h3>${h(`No asset ${a.name} (${a.label}); the riskiest`)}</h3>`;
  const shown = now.listed.filter((l) => l.inAlert).length;
  const named = shown < now.inAlert ? `, the ${shown} riskiest listed` : '';
  const others = now.listed.length > shown ? `; below them the riskiest others` : '';
  return `<h3>${h(`${plural(now.inAlert, 'asset', 'assets')} ${a.name} (${a.label})${named}${others}`)}</h3>`;
}

function listedTable(now: FleetNow, scoredBy: string): string {
  const rows = now.listed.map((a, i) => [
    `<td class="num">${i + 1}</td>`,
    `<td class="asset">${h(a.asset)}</td>`,
    a.since ? `<td class="bad">${h(a.since)}</td>` : `<td class="muted">no</td>`,
    `<td>${h(a.scoredAt)}</td>`,
    riskCell(a.risk, now.scale, a.inAlert),
    `<td>${h(a.diagnosis)} <span class="muted">(${riskText(a.diagnosisProbability, now.scale, 1)})</span></td>`,
    `<td><canvas class="spark" data-index="${i}" width="160" height="34" role="img" aria-label="${h(`risk trend of ${a.asset}`)}"></canvas></td>`,
  ]);
  const headers: [string, string?][] = [['#', 'num'], ['Asset'], ['In alert since (UTC)'], ['Scored at (UTC)'], [`Risk (${scoredBy})`], ['Diagnosis'], ['Trend']];
  const note = scalesNote([['Risk bars run', now.scale], ['trend lines', now.trendScale]]);
  return table('at-risk', headers, rows) + `<p class="scale-note">${h(note)}</p>`;
}

function notReportingTable(r: Reporting): string {
  if (r.count === 0) return `<p class="ok">Every asset reports.</p>`;
  const rows = r.listed.map((a) => [
    `<td class="asset">${h(a.asset)}</td>`,
    `<td>${h(a.lastReading)}</td>`,
    `<td class="num">${h(a.silentFor)}</td>`,
    a.failedAt ? `<td class="bad">yes, ${h(a.failedAt)} (${h(a.failure ?? '')})</td>` : `<td>no</td>`,
  ]);
  const title = `Not reporting: ${plural(r.count, 'asset', 'assets')}, ${count(r.failed)} of them failed${r.listed.length < r.count ? `; the ${r.listed.length} that stopped last` : ''}`;
  return `<h3>${h(title)}</h3>` + table('silent', [['Asset'], ['Last reading (UTC)'], ['Silent for', 'num'], ['Failed since (UTC)']], rows);
}

/** The reporting assets in alert and most at risk, the rules that say which, and the assets that do not report. */
export function fleetNowSection(d: ReportData): string {
  const { now, asOf, scoredBy, alerting } = d;
  const title = asOf ? `The fleet at the end of ${asOf}` : 'The fleet now';
  const caption = `The reporting assets ${alerting.name} at their latest scored time, riskiest first, then the others most likely to fail within the model's horizon: risk is the probability of any failure as ${scoredBy ?? 'the production model'} predicts it, the diagnosis the likeliest failure. The trend is each asset's highest risk per day over its last ${TREND_DAYS} days of results.`;
  if (!scoredBy) return section('now', title, caption, empty('No model trained yet: run lakescore train.'));
  if (!now || !d.window?.newestScored) {
    return section('now', title, caption, empty(asOf ? `No scoring results of ${scoredBy} for times before the end of ${asOf}.` : `No scoring results of ${scoredBy} yet: run lakescore score.`));
  }
  const listed = now.listed.length ? listTitle(now, alerting) + listedTable(now, scoredBy) : empty(`No reporting asset has a result of ${scoredBy}.`);
  return section('now', title, caption, ruleLine(now.reporting) + alertLine(alerting, scoredBy) + listed + notReportingTable(now.reporting));
}
