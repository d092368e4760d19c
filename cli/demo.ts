import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { runDemo, type DemoReport } from '../jobs/demo.js';
import { action, intOption, parseOptions } from './options.js';
import { formatAlertJudgement, formatScores } from './decision-format.js';
import { formatEvaluation } from './train.js';

const schema = z.object({ dir: z.string().min(1), machines: intOption(10, 5000), seed: intOption(0, Number.MAX_SAFE_INTEGER) });

function printOutcome(report: DemoReport): void {
  const { meta } = report.trained.model;
  const lines = [
    '',
    `How well does the model catch failures ${meta.featureParams.horizon.text} ahead? (Oct-Dec, never seen in training)`,
    '',
    formatEvaluation(meta.evaluation, meta.training.rowsPerClass),
    formatScores(meta),
    `What a planner gets: alerts by a rule chosen on ${meta.training.validation ? `[${meta.training.validation.from.slice(0, 10)}, ${meta.training.validation.to.slice(0, 10)})` : 'the validation rows'} by a forest fitted before it, judged on Oct-Dec`,
    '',
    formatAlertJudgement(meta),
    `The assets in alert now: npx lakescore --lake ${report.lake} alerts`,
    '',
    'Machines most at risk at the end of December',
    '',
    '  machine  as of              risk  likeliest failure',
    ...report.atRisk.map(
      (r) =>
        `  ${String(r.machine_id).padStart(7)}  ${(r.ts as Date).toISOString().slice(0, 16).replace('T', ' ')}  ${(Number(r.risk) * 100).toFixed(0).padStart(4)}%  ${String(r.component)} (${(Number(r.component_probability) * 100).toFixed(0)}%)`,
    ),
    '',
    `The report, one HTML file that opens offline in any browser: ${report.report}`,
    '',
    `The lake is in ${report.lake}; look around with, for example:`,
    `  npx lakescore --lake ${report.lake} sql "SELECT * FROM results_latest ORDER BY p_none LIMIT 5"`,
    `  npx lakescore --lake ${report.lake} runs`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole pipeline on a simulated fleet, start to finish, in under a minute')
    .option('--dir <dir>', 'working directory for the demo (recreated on each run)', 'lakescore-demo')
    .option('--machines <n>', 'fleet size', '100')
    .option('--seed <n>', 'simulation seed', '7')
    .action(
      action(async (raw: unknown) => {
        const options = parseOptions(schema, raw);
        const started = Date.now();
        process.stdout.write('lakescore demo: a year of a simulated fleet, from raw files to a table of failure risks\n\n');
        const report = await runDemo({ ...options, dir: resolve(options.dir) }, (step, detail, seconds) =>
          process.stdout.write(`  ${step.padEnd(9)} ${detail} (${seconds.toFixed(1)} s)\n`),
        );
        printOutcome(report);
        process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      }),
    );
}
