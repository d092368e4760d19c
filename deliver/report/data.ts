import type { Fleet } from '../../fleet/fleet.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { alertingOf, type Alerting } from './alerting.js';
import { dataHealth, type DataHealth } from './health.js';
import { leadTimes, type LeadTimes } from './lead-times.js';
import { productionModel, type ModelSummary } from './model.js';
import { monitoringOf, type Monitoring } from './monitoring.js';
import { driftThresholdsFor } from '../../ml/monitor/thresholds.js';
import { fleetNow, type FleetNow } from './now.js';
import { riskHistory, riskWindow, type RiskHistory, type RiskWindow } from './risk.js';
import { runsOverview, type Runs } from './runs.js';
import { modelText, showResultsOf, type OtherResults } from './shown-results.js';

const RISKIEST_ASSETS = 15;

/** Everything the page shows; also embedded in it as JSON for the charts. */
export interface ReportData {
  lake: string;
  catalog: { version: number; committedAt: string };
  fleet: { hash: string; classes: string[] };
  generatedAt: string;
  /** The day given with --as-of, if any. */
  asOf: string | null;
  /** What puts an asset in alert: the production model's rule, or without one the high-risk mark. */
  alerting: Alerting;
  /** The model version whose results every risk on the page is (`pdm@3`); none without a model. */
  scoredBy: string | null;
  /** Versions with results the page leaves out. */
  otherResults: OtherResults[];
  window: RiskWindow | null;
  now: FleetNow | null;
  history: RiskHistory | null;
  leadTimes: LeadTimes | null;
  model: ModelSummary | null;
  /** The production model's realised performance, drift and the retrain decisions; null without a model. */
  monitoring: Monitoring | null;
  health: DataHealth;
  runs: Runs;
}

/** The sections drawn from the shown model's results within the window. */
async function riskSections(session: LakeSession, fleet: Fleet, model: ModelSummary, window: RiskWindow): Promise<Pick<ReportData, 'now' | 'history' | 'leadTimes'>> {
  const now = await fleetNow(session, fleet, window, RISKIEST_ASSETS);
  return {
    now,
    history: await riskHistory(session, window, model.grid),
    leadTimes: await leadTimes(session, window, model, now.reporting.stepSeconds),
  };
}

/**
 * Reads every section of the report from the session's tables, which must all be declared. The
 * risk sections show the production model's results (see productionModel) with a time before
 * the end of `asOf` (UTC), when given.
 */
export async function gatherReport(session: LakeSession, fleet: Fleet, asOf: string | undefined, generatedAt: Date): Promise<ReportData> {
  const before = asOf === undefined ? undefined : new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000);
  const model = await productionModel(session);
  const otherResults = model ? await showResultsOf(session, fleet, model) : [];
  const window = model ? await riskWindow(session, before) : undefined;
  const risk = model && window ? await riskSections(session, fleet, model, window) : { now: null, history: null, leadTimes: null };
  return {
    lake: session.lake,
    catalog: { version: session.catalog.version, committedAt: session.catalog.committedAt.slice(0, 16).replace('T', ' ') },
    fleet: { hash: fleet.hash, classes: fleet.classes },
    generatedAt: generatedAt.toISOString().slice(0, 16).replace('T', ' '),
    asOf: asOf ?? null,
    alerting: alertingOf(model?.decision?.rule),
    scoredBy: model ? modelText(model) : null,
    otherResults,
    window: window ?? null,
    ...risk,
    model: model ?? null,
    monitoring: model ? await monitoringOf(session, model, driftThresholdsFor(fleet)) : null,
    health: await dataHealth(session, fleet),
    runs: await runsOverview(session),
  };
}
