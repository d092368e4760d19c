import type { Command } from 'commander';
import { z } from 'zod';
import { score, type ScoreReport } from '../ml/score.js';
import { describeDrift } from './monitor-format.js';
import { asWriter } from './lake.js';
import { action, dayOption, modelRefOption, parseOptions, waitOption } from './options.js';


const schema = z
  .object({
    from: dayOption.optional(),
    to: dayOption.optional(),
    incremental: z.boolean().default(false),
    model: modelRefOption,
    wait: waitOption,
  })
  .refine((o) => o.incremental !== Boolean(o.from && o.to) && (o.from === undefined) === (o.to === undefined), {
    message: 'give either --from and --to, or --incremental',
    path: ['incremental'],
  });

export function describeScore(report: ScoreReport): string {
  const model = `${report.model.name}@${report.model.version}`;
  const recovered = report.interruptedRunsMarked ? `marked ${report.interruptedRunsMarked} interrupted run(s) failed\n` : '';
  if (report.runId === undefined) return `${recovered}nothing new to score for ${report.model.name} (${model})\n`;
  return (
    recovered +
    `score run ${report.runId}: ${report.rows} predictions by ${model} for [${report.from?.toISOString()}, ${report.to?.toISOString()}) ` +
    `in ${report.seconds.toFixed(1)} s; watermark ${report.watermark?.toISOString() ?? '-'}` +
    `${report.assetsAlerted === undefined ? '' : `; ${report.assetsAlerted} asset${report.assetsAlerted === 1 ? '' : 's'} alerted in it (now: lakescore alerts)`}\n`
  );
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score gold with a model into a new version of results')
    .option('--from <date>', 'first day to score')
    .option('--to <date>', 'day after the last day to score')
    .option('--incremental', "score all gold after the model's last successful run")
    .option('--model <ref>', 'NAME@ALIAS or NAME@VERSION', 'pdm@production')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (raw: unknown, command: Command) => {
        const o = parseOptions(schema, raw);
        await asWriter(command, 'score', o.wait, async (session, fleet) => {
          const range = o.incremental ? { mode: 'incremental' as const } : { mode: 'range' as const, from: o.from as Date, to: o.to as Date };
          const report = await score(session, fleet, o.model, range);
          process.stdout.write(describeScore(report) + (report.drift ? `${describeDrift(report.drift)}\n` : ''));
        });
      }),
    );
}
