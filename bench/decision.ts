import { chooseThreshold } from '../ml/decision/choose.js';
import type { AlertPolicy } from '../ml/decision/types.js';
import { generatedFleet, HOUR } from './decision-fleet.js';

/**
 * Choosing an alert threshold on a generated hourly fleet (about 200,000 rows by default): the
 * median time of each policy over three runs, with its candidate count and what it caught.
 *
 *   node dist/bench/decision.js [assets (200)] [steps (1250)]
 */
const [assets = 200, steps = 1250] = process.argv.slice(2).map(Number);
const rows = generatedFleet({ seed: 1, assets, steps, stepMs: HOUR, horizonMs: 48 * HOUR, failureRate: 0.002 });
const policies: AlertPolicy[] = [
  { kind: 'best-f1' },
  { kind: 'cost', costs: { missedFailure: 100, falseAlarm: 5, caughtFailure: 10 } },
  { kind: 'capacity', maxPerDay: 5 },
];
console.log(`${rows.ts.length} rows`);
for (const policy of policies) {
  const seconds: number[] = [];
  let caught = '';
  let candidates = 0;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const choice = chooseThreshold(rows, policy, HOUR, 48 * HOUR);
    seconds.push((performance.now() - started) / 1000);
    caught = `${choice.figures.caught}/${choice.figures.failures}`;
    candidates = choice.candidates;
  }
  const median = seconds.sort((a, b) => a - b)[1] as number;
  console.log(`${policy.kind}: ${median.toFixed(2)} s, ${candidates} candidates, caught ${caught}`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
