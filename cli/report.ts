import type { Command } from 'commander';
import { z } from 'zod';
import { writeReport } from '../deliver/report/index.js';
import { checkedOutputFile } from '../sql/output-path.js';
import { asFleetReader, lakeDir } from './lake.js';
import { action, dateOption, parseOptions } from './options.js';

const schema = z.object({ out: z.string().min(1), force: z.boolean().default(false), asOf: dateOption.optional() });

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML page: the assets in alert, alerts and risk over time, lead times of recent failures, the production model and its rule, data health and recent runs (docs/report.md)')
    .requiredOption('--out <file>', 'the HTML file to write, outside the lake')
    .option('--force', 'replace the --out file if it exists')
    .option(
      '--as-of <date>',
      'risk as the fleet stood at the end of this day (UTC), YYYY-MM-DD: only predictions for times before then count; the model, data health and runs are shown as the lake is now',
    )
    .action(
      action(async (raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        const out = checkedOutputFile(lakeDir(command), options.out, options.force);
        await asFleetReader(command, undefined, async (session, fleet) => {
          const report = await writeReport(session, fleet, { out, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) });
          process.stdout.write(`wrote ${report.path} (${Math.round(report.bytes / 1024)} KB)\n`);
        });
      }),
    );
}
