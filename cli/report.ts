import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { writeReport } from '../deliver/report/index.js';
import { InputError } from '../sql/errors.js';
import { asFleetReader } from './lake.js';
import { action, dateOption, parseOptions } from './options.js';

const schema = z.object({ out: z.string().min(1), asOf: dateOption.optional() });

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML page: the riskiest assets, risk over time, the production model, data health and recent runs')
    .requiredOption('--out <file>', 'the HTML file to write (replaced whole)')
    .option(
      '--as-of <date>',
      'risk as the fleet stood at the end of this day (UTC), YYYY-MM-DD: only predictions for times before then count; the model, data health and runs are shown as the lake is now',
    )
    .action(
      action(async (raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        const out = resolve(options.out);
        if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) throw new InputError(`--out: no directory ${dirname(out)}`);
        await asFleetReader(command, undefined, async (session, fleet) => {
          const report = await writeReport(session, fleet, { out, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) });
          process.stdout.write(`wrote ${report.path} (${Math.round(report.bytes / 1024)} KB)\n`);
        });
      }),
    );
}
