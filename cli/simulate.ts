import type { Command } from 'commander';
import { z } from 'zod';
import { simulate, type SimulationSummary } from '../bronze/simulate/simulate.js';
import { CHANGE_FORMS, changeOption } from '../bronze/simulate/change-spec.js';
import { UNKNOWN_MACHINE_ID_BASE } from '../bronze/simulate/dirt-apply.js';
import { OUTPUT_FORMATS } from '../bronze/simulate/sinks.js';
import { SOURCE_TABLES } from '../bronze/simulate/shape.js';
import { checkOutsideLake } from '../sql/output-path.js';
import { namedLake } from './lake.js';
import { action, dateOption, intOption, parseOptions } from './options.js';

const simulateSchema = z.object({
  // machine ids stay below the range --dirty uses for unknown machines
  machines: intOption(1, UNKNOWN_MACHINE_ID_BASE - 1),
  from: dateOption,
  days: intOption(1, 36_500),
  seed: intOption(0, Number.MAX_SAFE_INTEGER),
  out: z.string().min(1, 'expected a directory'),
  format: z.enum(OUTPUT_FORMATS),
  dirty: z.coerce.number().min(0).max(0.5),
  change: z.array(changeOption).default([]),
});

function printSummary(summary: SimulationSummary): void {
  const width = Math.max(...SOURCE_TABLES.map((t) => t.length));
  const lines = SOURCE_TABLES.map((t) => `  ${t.padEnd(width)}  ${summary.rows[t].toLocaleString('en-US').padStart(12)} rows`);
  process.stdout.write(
    `simulated into ${summary.out} (${summary.format}) in ${summary.seconds.toFixed(1)} s\n${lines.join('\n')}\n  manifest: ${summary.manifest}\n`,
  );
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('write the five source tables of the built-in definition (docs/tables.md) for a simulated fleet, shaped like the public Azure data set')
    .requiredOption('--out <dir>', 'output directory')
    .option('--machines <n>', 'number of machines', '100')
    .option('--from <date>', 'first day of telemetry (YYYY-MM-DD, UTC)', '2015-01-01')
    .option('--days <n>', 'days of hourly telemetry', '365')
    .option('--seed <n>', 'random seed; the same options give the same bytes', '1')
    .option('--format <format>', `file format: ${OUTPUT_FORMATS.join(', ')}`, 'csv')
    .option('--dirty <rate>', 'fraction of rows to make bad or duplicate (0 = clean)', '0')
    .option(
      '--change <spec>',
      `plant a change from day D (0 = --from) on, recorded in manifest.json; repeatable. ${CHANGE_FORMS.join(' | ')}; S a sensor, C a component, K standard deviations, F a share of the machines (default 1) (docs/simulator.md)`,
      (spec: string, specs: string[] = []) => [...specs, spec],
    )
    .action(
      action(async (raw: unknown, command: Command) => {
        const { change, ...options } = parseOptions(simulateSchema, raw);
        checkOutsideLake(namedLake(command), options.out);
        printSummary(await simulate({ ...options, changes: change }));
      }),
    );
}
