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

function riskCell(risk: number, scale: RiskScale, high: boolean): string {
  const width = Math.min(100, (risk / scale.top) * 100).toFixed(1);
  return `<td class="risk"><span class="num">${riskText(risk, scale, 1)}</span><span class="bar ${high ? 'high' : 'low'}"><span style="width:${width}%"></span></span></td>`;
}

function atRiskTable(now: FleetNow, highRisk: number, scoredBy: string): string {
  const rows = now.riskiest.map((a, i) => [
    `<td class="num">${i + 1}</td>`,
    `<td class="asset">${h(a.asset)}</td>`,
    `<td>${h(a.scoredAt)}</td>`,
    riskCell(a.risk, now.scale, a.risk >= highRisk),
    `<td>${h(a.failure)} <span class="muted">(${riskText(a.failureProbability, now.scale, 1)})</span></td>`,
    `<td><canvas class="spark" data-index="${i}" width="160" height="34" role="img" aria-label="${h(`risk trend of ${a.asset}`)}"></canvas></td>`,
  ]);
  const headers: [string, string?][] = [['#', 'num'], ['Asset'], ['Scored at (UTC)'], [`Risk (${scoredBy})`], ['Likeliest failure'], ['Trend']];
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

/** The reporting assets most at risk, the rule that says which assets report, and those that do not. */
export function fleetNowSection(d: ReportData): string {
  const { now, asOf, scoredBy } = d;
  const title = asOf ? `The fleet at the end of ${asOf}` : 'The fleet now';
  const caption = `The reporting assets most likely to fail within the model's horizon, at their latest scored time: risk is the probability of any failure as ${scoredBy ?? 'the production model'} predicts it, with the likeliest one. The trend is each asset's highest risk per day over its last ${TREND_DAYS} days of results.`;
  if (!scoredBy) return section('now', title, caption, empty('No model trained yet: run lakescore train.'));
  if (!now || !d.window?.newestScored) {
    return section('now', title, caption, empty(asOf ? `No scoring results of ${scoredBy} for times before the end of ${asOf}.` : `No scoring results of ${scoredBy} yet: run lakescore score.`));
  }
  const listed = now.riskiest.length ? atRiskTable(now, d.highRisk, scoredBy) : empty(`No reporting asset has a result of ${scoredBy}.`);
  return section('now', title, caption, ruleLine(now.reporting) + listed + notReportingTable(now.reporting));
}
