import type { PageAssets } from './assets.js';
import type { ReportData } from './data.js';
import { escapeHtml as h, jsonForScript } from './escape.js';
import type { DataHealth } from './health.js';
import { leadTimesSection } from './lead-times-html.js';
import { modelSection } from './model-html.js';
import { monitoringSection } from './monitoring-html.js';
import { fleetNowSection } from './now-html.js';
import { chart, count, empty, plural, section } from './page-parts.js';
import { HEATMAP_ASSETS, HISTORY_DAYS } from './risk.js';
import type { Runs } from './runs.js';
import { riskText, scalesNote } from './scale.js';

/** Inline scripts and styles only; nothing may be fetched, so a page opened from disk stays offline. */
const CONTENT_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";

/** Fractions as the charts need them: four significant digits say more than a reader can see. */
const roundFractions = (_key: string, value: unknown): unknown => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value);

const card = (label: string, value: string, note: string): string =>
  `<div class="card"><div class="card-label">${h(label)}</div><div class="card-value">${h(value)}</div><div class="card-note">${h(note)}</div></div>`;

/** How many reporting assets are in alert by the production model's rule (or at high risk without one), and their diagnoses. */
function alertCard(d: ReportData): string {
  const { alerting: a, now } = d;
  const label = a.byRule ? `In alert (${a.label})` : `High risk (${a.label})`;
  const note = now?.inAlert
    ? `${d.scoredBy ?? ''}, diagnoses: ${now.inAlertByDiagnosis.map(([f, n]) => `${f} ${n}`).join(', ')}`
    : `none of the reporting assets${a.byRule ? '' : `; ${d.scoredBy ?? 'the model'} has no alert rule`}`;
  return card(label, now ? count(now.inAlert) : '0', note);
}

/** Which model's results the risk is, and which results it leaves out. */
function scoredByLine(d: ReportData): string {
  if (!d.scoredBy) return '';
  const which = d.model?.inProduction ? 'the production model' : 'the newest model (no version is aliased production)';
  const others = d.otherResults.map((o) => `${o.model} (${plural(o.predictions, 'prediction', 'predictions')}, newest ${o.newest})`);
  return `<p class="meta">Every risk on this page is ${h(d.scoredBy)}'s, ${h(which)}${others.length ? `; not shown: the results of ${h(others.join(', '))}` : ''}.</p>`;
}

function header(d: ReportData): string {
  const lastScoring = [...d.runs.recent].reverse().find((r) => r.kind === 'scoring');
  const silent = d.now?.reporting.count ? `${count(d.now.reporting.count)} not reporting · ` : '';
  const cards = [
    card('Assets reporting', d.now ? count(d.now.assets) : '0', d.window?.newestScored ? `${silent}newest result ${d.window.newestScored}` : 'no results yet'),
    alertCard(d),
    card('Production model', d.model ? `${d.model.name}@${d.model.version}` : 'none', d.model ? `macro F1 ${d.model.macroF1.toFixed(3)}` : 'no model trained yet'),
    card('Last scoring run', lastScoring ? `#${lastScoring.id} ${lastScoring.status}` : 'none', lastScoring?.started ?? ''),
  ];
  const asOf = d.asOf
    ? `Risk as the fleet stood at the end of ${d.asOf} (UTC): predictions for times before then; the model, its monitoring, data health and runs as the lake is now.`
    : 'Risk as of the newest scoring results.';
  return `<header>
<h1>Fleet risk report</h1>
<p class="meta">Lake <code>${h(d.lake)}</code> · ${d.catalog.version ? `catalog version ${d.catalog.version} (${h(d.catalog.committedAt)} UTC)` : 'nothing published yet'} · fleet definition <code>${h(d.fleet.hash.slice(0, 12))}</code> · failure classes: ${h(d.fleet.classes.join(', '))}</p>
<p class="meta">Generated ${h(d.generatedAt)} UTC by <code>lakescore report</code>. ${h(asOf)}</p>
${scoredByLine(d)}
<div class="cards">${cards.join('')}</div>
</header>`;
}

function historySection(d: ReportData): string {
  const { history, alerting: a, scoredBy } = d;
  const episodes = `new ${a.byRule ? 'alert' : 'high-risk'} episodes (a row ${a.name} whose asset was not a step before, or whose episode had lasted a horizon)`;
  const caption = `Each asset's highest risk per day over the last ${HISTORY_DAYS} days of ${scoredBy ?? 'the production model'}'s results, failed assets included. Above: how many assets were ${a.name} (${a.label}) on each day, the ${episodes}, and the fleet's mean risk. Below: up to ${HEATMAP_ASSETS} assets whose risk peaked highest, the highest on top (on a tie, the one longer at risk); darker is riskier, blank is not scored.`;
  if (!history || history.days.length === 0) return section('history', 'Risk and alerts over time', caption, empty('No scoring results in the window.'));
  const { meanScale, heatmap } = history;
  return section(
    'history',
    'Risk and alerts over time',
    caption,
    chart('chart-fleet-daily', `assets ${a.name} per day`) +
      `<p class="scale-note">${h(scalesNote([['The mean risk axis runs', meanScale], ["the heat map's colours", heatmap.scale]]))}</p>` +
      `<div class="legend-scale"><span>0%</span><span class="gradient"></span><span>${riskText(heatmap.scale.top, heatmap.scale)}</span></div>` +
      chart('chart-heatmap', 'heat map of risk per asset and day', 'heatmap'),
  );
}

function healthSection(health: DataHealth): string {
  const caption = `What came into the lake and what silver set aside. Rows per day are silver's rows by the day of the time they carry, whenever they were loaded, so a backlog loaded at once shows as the days it covers. Every bronze row ends in silver, as a duplicate, or in quarantine: the balance per source checks that none was lost.`;
  const rejected = health.rejectedFiles ? ` (${plural(health.rejectedFiles, 'file', 'files')} rejected, see Runs)` : '';
  const loads = health.loads.categories.length
    ? `<h3>Rows per day of their data${rejected}</h3>${chart('chart-loads', 'rows per day of their data')}`
    : empty(rejected ? `No row in silver${rejected}.` : 'Nothing loaded yet.');
  const quarantine = health.quarantine.categories.length ? `<h3>Quarantined rows by reason</h3>${chart('chart-quarantine', 'quarantined rows by reason', 'bars')}` : empty('No row was quarantined.');
  const rows = health.balances.map(
    (b) =>
      `<tr><td>${h(b.source)}</td><td class="num">${count(b.bronzeRows)}</td><td class="num">${count(b.silverRows)}</td><td class="num">${count(b.duplicates)}</td><td class="num">${count(b.quarantined)}</td><td class="${b.balanced ? 'ok' : 'bad'}">${b.balanced ? '✓ balanced' : '✗ rows lost'}</td></tr>`,
  );
  const balance = health.silverBuild
    ? `<h3>Conservation, silver build ${health.silverBuild.id} (${h(health.silverBuild.builtAt)} UTC)</h3><table><thead><tr><th>Source</th><th class="num">Bronze rows</th><th class="num">Silver</th><th class="num">Duplicates</th><th class="num">Quarantined</th><th>Balance</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : empty('Silver was never built.');
  return section('health', 'Data health', caption, loads + quarantine + balance);
}

function runsSection(runs: Runs): string {
  const caption = `How long the newest builds, trainings, scoring runs and exports took, oldest on the left; failed runs are red. Below, the newest rejected files, failed scoring runs and failed exports with their errors.`;
  const durations = runs.recent.length ? chart('chart-runs', 'duration of recent runs') : empty('Nothing has run yet.');
  const failures = runs.failures.length
    ? `<h3>Newest failures</h3><table><thead><tr><th>What</th><th>When (UTC)</th><th>Subject</th><th>Error</th></tr></thead><tbody>${runs.failures
        .map((f) => `<tr><td>${h(f.kind)} ${f.id}</td><td>${h(f.at)}</td><td class="wrap">${h(f.what)}</td><td class="wrap">${h(f.error)}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p class="ok">No rejected file, no failed scoring run and no failed export.</p>`;
  return section('runs', 'Runs', caption, durations + failures);
}

/** The whole page: one file with its data, styles, libraries and drawing script inlined. */
export function renderPage(d: ReportData, assets: PageAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_POLICY}">
<title>lakescore report · ${h(d.lake)}</title>
<style>${assets.styles}</style>
</head>
<body>
${header(d)}
<main>
${fleetNowSection(d)}
${historySection(d)}
${leadTimesSection(d)}
${modelSection(d.model)}
${monitoringSection(d.monitoring)}
${healthSection(d.health)}
${runsSection(d.runs)}
</main>
<footer>lakescore report · charts drawn with Chart.js, inlined in this file</footer>
<script type="application/json" id="report-data">${jsonForScript(d, roundFractions)}</script>
${assets.libraries.map((s) => `<script>${s}</script>`).join('\n')}
<script>${assets.client}</script>
</body>
</html>
`;
}
