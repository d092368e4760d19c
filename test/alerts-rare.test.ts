import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelMetaSchema } from '../ml/model-file.js';
import { runCli, tempDir, type CliOutcome, type TempDir } from './helpers.js';
import { RARE_FLEET, rareDay, rareFleet, writeRareDays } from './rare-fleet.js';

/**
 * A rare-failure fleet through the real binary (docs/decisions.md): the argmax never alerts, the
 * default rule chosen on validation rows does and catches most failures; the test window is judged
 * only where the data decides it; a capacity rule set without training never exceeds its count.
 */

const FLEET = rareFleet(1200, 150, 3);
let dir: TempDir;
let lake: string;
let fleetFile: string;

const lakescore = (args: string[]): CliOutcome => runCli(['--lake', lake, '--fleet', fleetFile, ...args]);
const json = <T>(sql: string): T[] => {
  const out = lakescore(['sql', sql, '--format', 'json']);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as T[];
};
const modelMeta = (version: number) => {
  const [row] = json<{ artifact_path: string }>(`SELECT artifact_path FROM models WHERE version = ${version}`);
  return modelMetaSchema.parse(JSON.parse(readFileSync(join(lake, String(row?.artifact_path), 'model.json'), 'utf8')));
};

beforeAll(() => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  const inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  fleetFile = join(dir.path, 'drives.yaml');
  writeFileSync(fleetFile, RARE_FLEET);
  const file = writeRareDays(FLEET, inbox, 0, FLEET.days, 3);
  expect(lakescore(['ingest', file]).code).toBe(0);
  expect(lakescore(['build', 'all']).code).toBe(0);
});
afterAll(() => dir.remove());

describe('alerts on a rare-failure fleet', () => {
  it('alerts by the default rule where the argmax never would, and catches most failures', () => {
    const trained = lakescore(['train', '--from', rareDay(0), '--to', rareDay(110), '--test-to', rareDay(140), '--trees', '30', '--seed', '5', '--min-samples-leaf', '40']);
    expect(trained.code, trained.stderr).toBe(0);
    const meta = modelMeta(1);
    const rule = meta.decision?.rule;
    expect(rule?.policy.kind).toBe('best-f1');
    expect(rule?.threshold).toBeLessThan(0.5);
    expect(trained.stdout).toContain(`alert when risk >= ${rule?.threshold?.toPrecision(3)}`);
    const figures = meta.decision?.test.figures;
    expect(figures?.failures).toBeGreaterThan(5);
    expect((figures?.caught ?? 0) / (figures?.failures ?? 1)).toBeGreaterThan(0.5);

    const scored = lakescore(['score', '--model', 'pdm@1', '--from', rareDay(110), '--to', rareDay(150)]);
    expect(scored.code).toBe(0);
    const [counts] = json<{ argmax: number; alerts: number; assets: number }>(
      `SELECT count(*) FILTER (WHERE predicted <> 'none') AS argmax, count(*) FILTER (WHERE alert) AS alerts, count(DISTINCT machine_id) FILTER (WHERE alert) AS assets FROM results`,
    );
    expect(scored.stdout).toContain(`; ${counts?.assets} assets alerted in it (now: lakescore alerts)`);
    expect(counts?.argmax).toBe(0);
    expect(counts?.alerts).toBeGreaterThan(0);
    const alerts = lakescore(['alerts', '--as-of', rareDay(149), '--model', 'pdm@1']);
    expect(alerts.code, alerts.stderr).toBe(0);
    expect(alerts.stdout).toMatch(/asset +in alert since +diagnosis +risk/);
    expect(alerts.stdout).toMatch(/DR-\d{5} .* failure .* pdm@1/);
  });

  it('judges a test window that ends within a horizon of the data only where the data decides it', () => {
    const late = lakescore(['train', '--from', rareDay(0), '--to', rareDay(110), '--test-to', rareDay(150), '--trees', '5']);
    expect(late.code, late.stderr).toBe(0);
    const meta = modelMeta(2);
    // the data ends on day 149; a row is decided once its 5-day horizon lies within it
    const [decided] = json<{ n: number; failing: number }>(
      `SELECT count(*) AS n FROM gold_features WHERE ts >= '${rareDay(110)}' AND ts + INTERVAL 5 DAY <= (SELECT max(ts) FROM silver_telemetry)`,
    );
    expect(meta.evaluation.rows).toBe(decided?.n);
    expect(meta.evaluation.unlabeled).toBeGreaterThan(0);
    expect(late.stdout).toMatch(/rows undecided, left out: [\d,]+ healthy so far and \d+ failing/);
    expect(late.stdout).toMatch(/only its decided part is judged/);

    const early = lakescore(['train', '--from', rareDay(0), '--to', rareDay(110), '--test-to', rareDay(140), '--trees', '5']);
    const [all] = json<{ n: number }>(`SELECT count(*) AS n FROM gold_features WHERE ts >= '${rareDay(110)}' AND ts < '${rareDay(140)}'`);
    expect(modelMeta(3).evaluation.rows).toBe(all?.n);
    expect(modelMeta(3).evaluation.unlabeled).toBe(0);
    expect(early.stdout).not.toMatch(/undecided/);
  });

  it('changes the rule without training: a capacity rule never starts more alerts a day than it allows', () => {
    const set = lakescore(['models', 'set-alerts', 'pdm@1', '--alert-max-per-day', '2']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/at most 2 new alerts per day/);
    const [row] = json<{ rule: string; versions: number }>(`SELECT alert_rule AS rule, (SELECT count(*) FROM models) AS versions FROM models WHERE version = 1`);
    expect(JSON.parse(String(row?.rule)).maxPerDay).toBe(2);
    expect(row?.versions).toBe(3);
    expect(lakescore(['models', 'show', 'pdm@1']).stdout).toMatch(/the rule was set again .*\n.*at most 2 new alerts per day/);

    // scored night by night, each night continuing from the published alerts of the last
    for (let d = 110; d < 150; d += 10) expect(lakescore(['score', '--model', 'pdm@1', '--from', rareDay(d), '--to', rareDay(d + 10)]).code).toBe(0);
    const starts = json<{ day: string; n: number }>(`
      WITH latest AS (SELECT machine_id, ts, alert FROM results_latest WHERE ts >= '${rareDay(110)}'),
      marked AS (SELECT *, alert AND NOT coalesce(lag(alert) OVER (PARTITION BY machine_id ORDER BY ts), false) AS starts FROM latest)
      SELECT CAST(ts AS DATE)::VARCHAR AS day, count(*) FILTER (WHERE starts) AS n FROM marked GROUP BY ALL ORDER BY day`);
    expect(Math.max(...starts.map((s) => s.n))).toBeLessThanOrEqual(2);
    expect(starts.some((s) => s.n > 0)).toBe(true);

    const cost = lakescore(['models', 'set-alerts', 'pdm@1', '--cost-missed-failure', '40000', '--cost-false-alarm', '1500']);
    expect(cost.code, cost.stderr).toBe(0);
    expect(cost.stdout).toMatch(/lowest expected cost/);
    const bad = lakescore(['models', 'set-alerts', 'pdm@1', '--cost-missed-failure', '40000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--cost-false-alarm: give both/);
  });
  it('chooses on out-of-bag predictions where the training range is too short to hold out its last part', () => {
    const short = lakescore(['train', '--from', rareDay(94), '--to', rareDay(110), '--test-to', rareDay(140), '--trees', '20', '--min-samples-leaf', '40']);
    expect(short.code, short.stderr).toBe(0);
    expect(short.stdout).toMatch(/too short to hold out its last part beyond a horizon, so the alert rule was chosen on the forest's out-of-bag predictions/);
    const meta = modelMeta(4);
    expect(meta.training.validation?.outOfBag).toBe(true);
    expect(meta.decision?.rule.chosenOn.source).toBe('out-of-bag');
    expect(meta.decision?.rule.threshold).toBeLessThan(0.5);
  });
});
