import type { Command } from 'commander';
import { z } from 'zod';
import { parseColumnMapping } from '../deliver/postgres/columns.js';
import { exportToPostgres, type ExportReport } from '../deliver/postgres/export.js';
import { spanOf, type ExportSelection } from '../deliver/postgres/ranges.js';
import { timestampText } from '../sql/text.js';
import { asWriter } from './lake.js';
import { action, dayOption, intOption, parseOptions, waitOption } from './options.js';


const schema = z
  .object({
    table: z.string().min(1),
    url: z.string().min(1).optional(),
    from: dayOption.optional(),
    to: dayOption.optional(),
    run: intOption(1, Number.MAX_SAFE_INTEGER).optional(),
    columns: z.string().min(1).optional(),
    wait: waitOption,
  })
  .refine((o) => (o.from === undefined) === (o.to === undefined), { message: 'give --from and --to together', path: ['to'] })
  .refine((o) => o.run === undefined || o.from === undefined, { message: 'give either --run or --from and --to', path: ['run'] });

/** `2015-03-01 00:00`, with seconds and milliseconds only when a bound has them. */
const moment = (date: Date): string => timestampText(date).replace(/\.000$/, '').replace(/(\d\d:\d\d):00$/, '$1');

export function describeExport(report: ExportReport): string {
  if (report.exportId === undefined) return `nothing new to export to ${report.target} table ${report.table}\n`;
  const span = spanOf(report.ranges);
  const parts = report.ranges.length > 1 ? ` in ${report.ranges.length} ranges` : '';
  return (
    `export ${report.exportId}: ${report.rows.toLocaleString('en-US')} rows for [${moment(span.from)}, ${moment(span.to)})${parts} ` +
    `into ${report.target} table ${report.table} in ${report.seconds.toFixed(1)} s\n`
  );
}

function selectionOf(o: z.infer<typeof schema>): ExportSelection {
  if (o.run !== undefined) return { kind: 'run', runId: o.run };
  if (o.from && o.to) return { kind: 'range', from: o.from, to: o.to };
  return { kind: 'latest-run' };
}

export function registerExport(program: Command): void {
  const exportCommand = program.command('export').description('deliver results outside the lake');
  exportCommand
    .command('postgres')
    .description('copy results_latest for a range into a PostgreSQL table, replacing exactly that range, in one transaction')
    .requiredOption('--table <name>', 'target table, NAME or SCHEMA.NAME (created if missing)')
    .option('--url <url>', 'postgresql://user@host:port/database (default: the PG* environment variables); the password belongs in PGPASSWORD or ~/.pgpass')
    .option('--from <date>', 'first day of the range to export')
    .option('--to <date>', 'day after the last day of the range')
    .option('--run <id>', 'the range that scoring run covered (default: the newest successful run)')
    .option('--columns <list>', "results columns to export, each COLUMN or COLUMN:TARGET_NAME (default: the fleet definition's export.columns, else all)")
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (raw: unknown, command: Command) => {
        const o = parseOptions(schema, raw);
        const columns = o.columns === undefined ? undefined : parseColumnMapping(o.columns);
        await asWriter(command, 'export postgres', o.wait, async (session, fleet) => {
          const report = await exportToPostgres(session, fleet, { url: o.url, table: o.table, columns, selection: selectionOf(o) });
          process.stdout.write(describeExport(report));
        });
      }),
    );
}
