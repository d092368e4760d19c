import { describe, expect, it } from 'vitest';
import type { EventFigures } from '../ml/decision/types.js';
import { decide, type DecisionInput } from '../ml/retrain/decide.js';
import { beatsByMargin, comparisonFor, metricValue } from '../ml/retrain/metric.js';
import { retrainRanges } from '../ml/retrain/ranges.js';
import { readFileSync } from 'node:fs';
import { BUILT_IN_FLEET_FILE, parseFleet } from '../fleet/load.js';
import { InputError } from '../sql/errors.js';
import { hourParams } from './helpers.js';

/** The pure parts of a retrain: the order of its rules, the margin, the metrics and the ranges. */

const input = (over: Partial<DecisionInput>): DecisionInput => ({
  place: 'pdm@production',
  challenger: { id: 'pdm@2', value: 0.6 },
  champion: { kind: 'ready', id: 'pdm@1', value: 0.5 },
  otherDefinition: undefined,
  holdoutFailures: 4,
  metric: 'event-f1',
  margin: 0.05,
  ...over,
});

describe('the decision', () => {
  it('never promotes a challenger of another definition, before anything else counts', () => {
    expect(decide(input({ otherDefinition: 'was trained under fleet definition abc', champion: { kind: 'none' } }))).toEqual({
      promoted: false,
      reason: 'pdm@2 was trained under fleet definition abc: a model trained under another fleet definition is never promoted',
    });
  });

  it('promotes without a champion, or over one that cannot score the current gold, whatever the holdout holds', () => {
    expect(decide(input({ champion: { kind: 'none' }, holdoutFailures: 0 }))).toEqual({ promoted: true, reason: 'there was no pdm@production yet' });
    expect(decide(input({ champion: { kind: 'unusable', id: 'pdm@1', why: 'gold has no column volt_mean_3h' }, challenger: { id: 'pdm@2', value: 0 } }))).toEqual({
      promoted: true,
      reason: 'the champion pdm@1 cannot score the current gold (gold has no column volt_mean_3h)',
    });
  });

  it('keeps the champion when the holdout holds no failure, or gives no figure', () => {
    expect(decide(input({ holdoutFailures: 0 })).promoted).toBe(false);
    expect(decide(input({ metric: 'pr-auc', challenger: { id: 'pdm@2', value: null } })).reason).toBe('the holdout gives no PR-AUC to compare: pdm@1 stays');
  });

  it('promotes at the margin exactly, not below it', () => {
    expect(decide(input({ challenger: { id: 'pdm@2', value: 0.525 } })).promoted).toBe(true);
    expect(decide(input({ challenger: { id: 'pdm@2', value: 0.5249 } }))).toEqual({
      promoted: false,
      reason: "pdm@2's event F1 0.5249 against pdm@1's 0.5000: not better by the 5% margin (at least 0.5250 needed)",
    });
  });
});

describe('the margin', () => {
  it('asks a lower cost of the challenger, a higher figure otherwise, and more than a tie at zero', () => {
    expect(beatsByMargin('cost', 950, 1000, 0.05)).toBe(true);
    expect(beatsByMargin('cost', 951, 1000, 0.05)).toBe(false);
    expect(beatsByMargin('cost', 0, 0, 0.05)).toBe(false);
    expect(beatsByMargin('event-f1', 0.01, 0, 0.05)).toBe(true);
    expect(beatsByMargin('event-f1', 0, 0, 0.05)).toBe(false);
    expect(beatsByMargin('row-f1', 0.5, 0.5, 0)).toBe(false);
  });
});

/** Figures with only what the metrics read set; the rest zero. */
const figures = (f: Partial<EventFigures>): EventFigures => ({
  rows: 0, assetDays: 0, confusion: { tp: 0, fp: 0, fn: 0, tn: 0 }, precision: 0, recall: 0, f1: 0, failures: 0, caught: 0,
  leadHoursMedian: null, leadHoursP10: null, episodes: 0, falseEpisodes: 0, falsePer1000AssetDays: 0, maxStartsPerDay: 0, cost: null, ...f,
});

describe('the metrics', () => {
  it('event F1: of the failures caught and of the episodes a failure followed', () => {
    // 3 of 4 failures caught; 6 episodes, 2 false: precision 4/6, recall 3/4, F1 = 2pr/(p+r) = 12/17
    expect(metricValue('event-f1', { figures: figures({ failures: 4, caught: 3, episodes: 6, falseEpisodes: 2 }), riskPrAuc: null })).toBeCloseTo(12 / 17, 12);
    expect(metricValue('event-f1', { figures: figures({ failures: 4 }), riskPrAuc: null })).toBe(0);
    expect(metricValue('event-recall', { figures: figures({ failures: 4, caught: 3 }), riskPrAuc: null })).toBe(0.75);
    expect(metricValue('pr-auc', { figures: figures({}), riskPrAuc: null })).toBeNull();
  });

  it('compares on cost when the rule prices alerts, unless a metric is asked; the cost metric needs costs', () => {
    const costs = { missedFailure: 1, falseAlarm: 1, caughtFailure: 0 };
    expect(comparisonFor(undefined, { kind: 'cost', costs })).toEqual({ metric: 'cost', costs });
    expect(comparisonFor('row-f1', { kind: 'cost', costs })).toEqual({ metric: 'row-f1', costs: undefined });
    expect(comparisonFor(undefined, { kind: 'capacity', maxPerDay: 3 })).toEqual({ metric: 'event-f1', costs: undefined });
    expect(() => comparisonFor('cost', { kind: 'best-f1' })).toThrow(InputError);
  });
});

describe('the ranges', () => {
  const params = hourParams({ stepHours: 12, windowsHours: [12], horizonHours: 48 });
  const day = (s: string): Date => new Date(`${s}Z`);

  it('end the holdout a horizon before the cutoff on the step grid, and the window where the holdout starts', () => {
    const ranges = retrainRanges(day('2015-04-01T05:00:00'), params, 30 * 86_400, 10 * 86_400, day('2015-01-01T00:00:00'));
    // decided rows end at 03-30 05:00; ten days before, floored to 12 h: 03-20 00:00
    expect(ranges.holdout).toEqual({ from: day('2015-03-20T00:00:00'), to: day('2015-04-01T05:00:00') });
    expect(ranges.window).toEqual({ from: day('2015-02-18T00:00:00'), to: day('2015-03-20T00:00:00') });
  });

  it('start the window no earlier than gold, and refuse a holdout with nothing before it', () => {
    expect(retrainRanges(day('2015-04-01T00:00:00'), params, 365 * 86_400, 10 * 86_400, day('2015-01-10T07:00:00')).window.from).toEqual(day('2015-01-10T00:00:00'));
    expect(() => retrainRanges(day('2015-04-01T00:00:00'), params, 30 * 86_400, 90 * 86_400, day('2015-01-10T00:00:00'))).toThrow(/gold has no rows before the holdout/);
    expect(() => retrainRanges(day('2015-04-01T00:00:00'), params, 30 * 86_400, 3_600, day('2015-01-10T00:00:00'))).toThrow(/at least a step/);
  });
});

describe('the definition\'s retrain key', () => {
  const builtIn = readFileSync(BUILT_IN_FLEET_FILE, 'utf8');
  const withKey = (yaml: string) => parseFleet(`${builtIn}\n${yaml}\n`, 'test.yaml');

  it('is read checked, and left out of the definition\'s hash as alerts is', () => {
    const fleet = withKey('retrain: { window: 26w, holdout: 6w, metric: event-recall, margin: 0.1 }');
    expect(fleet.retrain).toEqual({ window: { text: '26w', seconds: 26 * 604_800 }, holdout: { text: '6w', seconds: 6 * 604_800 }, metric: 'event-recall', margin: 0.1 });
    expect(fleet.hash).toBe(parseFleet(builtIn, 'test.yaml').hash);
    expect(parseFleet(builtIn, 'test.yaml').retrain).toBeUndefined();
  });

  it('refuses an unknown metric, a margin of 1 or more, and keys it does not know', () => {
    expect(() => withKey('retrain: { metric: accuracy }')).toThrow(/retrain\.metric/);
    expect(() => withKey('retrain: { margin: 1 }')).toThrow(/retrain\.margin/);
    expect(() => withKey('retrain: { every: 7d }')).toThrow(/retrain/);
  });
});
