import type { Command } from 'commander';
import { z } from 'zod';
import { buildGold, type GoldBuildReport } from '../gold/build.js';
import { hoursDuration } from '../fleet/duration.js';
import { describeParams, fleetParams, type FeatureParams } from '../gold/params.js';
import { buildSilver, type SilverBuildReport } from '../silver/build.js';
import { asWriter } from './lake.js';
import { action, dayOption, intOption, parseOptions, waitOption } from './options.js';


const windowsOption = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'expected whole hours separated by commas, e.g. 12,24,36')
  .transform((s) => s.split(',').map(Number))
  .refine((ws) => ws.every((w) => w >= 1 && w <= 24 * 90), 'each window must be 1 to 2160 hours')
  .refine((ws) => new Set(ws).size === ws.length, 'a window is listed twice');

const schema = z.object({
  layer: z.enum(['silver', 'gold', 'all'], { error: 'expected silver, gold or all' }),
  wait: waitOption,
  force: z.boolean().default(false),
  reset: z.boolean().default(false),
  from: dayOption.optional(),
  to: dayOption.optional(),
  labelCutoff: dayOption.optional(),
  stepHours: intOption(1, 24 * 7).optional(),
  windows: windowsOption.optional(),
  horizonHours: intOption(1, 24 * 90).optional(),
});

/** The fleet definition's features, with what the flags override. */
function paramsFrom(defaults: FeatureParams, o: z.infer<typeof schema>): FeatureParams {
  return {
    ...defaults,
    ...(o.stepHours !== undefined ? { step: hoursDuration(o.stepHours) } : {}),
    ...(o.windows !== undefined ? { windows: o.windows.map(hoursDuration) } : {}),
    ...(o.horizonHours !== undefined ? { horizon: hoursDuration(o.horizonHours) } : {}),
  };
}

function printSilverReport(report: SilverBuildReport): void {
  if (report.buildId === undefined) {
    process.stdout.write(`silver is up to date with bronze (last load ${report.lastLoadId}); nothing to build (--force rebuilds)\n`);
    return;
  }
  process.stdout.write(`silver build ${report.buildId} from bronze up to load ${report.lastLoadId} in ${report.seconds.toFixed(1)} s\n`);
  // a build that does not balance publishes nothing and never gets here (silver/build.ts)
  process.stdout.write('table        bronze =   silver + exact dup + conflict dup + quarantined\n');
  for (const t of report.tables) {
    process.stdout.write(
      `${t.table.padEnd(10)} ${String(t.bronzeRows).padStart(8)} = ${String(t.silverRows).padStart(8)} + ${String(t.exactDuplicates).padStart(9)} + ${String(t.conflictingDuplicates).padStart(12)} + ${String(t.quarantined).padStart(11)}\n`,
    );
    for (const [reason, n] of Object.entries(t.reasons)) process.stdout.write(`${''.padEnd(13)}quarantined ${n} x ${reason}\n`);
  }
}

function printGoldReport(report: GoldBuildReport): void {
  const day = (d: Date): string => d.toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
  process.stdout.write(
    `gold build ${report.buildId}: ${report.rows} rows for [${day(report.from)}, ${day(report.to)}) ` +
      `in ${report.seconds.toFixed(1)} s (${Math.round(report.inputRows / Math.max(report.seconds, 1e-3))} input rows/s)\n` +
      `  months ${report.months.join(', ')}; labels known up to ${day(report.labelCutoff)}; inputs ${report.inputFingerprint.slice(0, 12)}\n`,
  );
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('rebuild a layer from the one below it: silver, gold, or all (silver then gold)')
    .argument('<layer>', 'silver | gold | all')
    .option('--force', 'silver: rebuild even when nothing new was loaded')
    .option('--from <date>', 'gold: first day of the grid (default: first telemetry day)')
    .option('--to <date>', 'gold: day after the last grid day (default: after the last telemetry day)')
    .option('--step-hours <n>', "gold: hours between grid points (default: the fleet definition's features.step)")
    .option('--windows <list>', "gold: telemetry windows in hours, e.g. 12,24,36 (default: the definition's features.windows)")
    .option('--horizon-hours <n>', "gold: label horizon in hours (default: the definition's label.horizon)")
    .option('--label-cutoff <date>', 'gold: labels after this are unknown (default: end of observed data)')
    .option('--reset', 'gold: replace all of gold when the parameters differ from the existing gold')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (layer: string, raw: Record<string, unknown>, command: Command) => {
        const options = parseOptions(schema, { ...raw, layer }, ['layer']);
        await asWriter(command, `build ${options.layer}`, options.wait, async (session, fleet) => {
          if (options.layer !== 'gold') printSilverReport(await buildSilver(session, fleet, { force: options.force }));
          if (options.layer === 'silver') return;
          const params = paramsFrom(fleetParams(fleet), options);
          process.stdout.write(`building gold with ${describeParams(params)}\n`);
          printGoldReport(
            await buildGold(session, {
              fleet,
              params,
              reset: options.reset,
              ...(options.from ? { from: options.from } : {}),
              ...(options.to ? { to: options.to } : {}),
              ...(options.labelCutoff ? { labelCutoff: options.labelCutoff } : {}),
            }),
          );
        });
      }),
    );
}
