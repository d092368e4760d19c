import type { Command } from 'commander';
import { z } from 'zod';
import { balances, buildSilver, type SilverBuildReport } from '../silver/build.js';
import { LakeSession } from '../sql/duckdb.js';
import { LakescoreError } from '../sql/errors.js';
import { lakeDir } from './lake.js';
import { action, parseOptions, waitOption } from './options.js';

const schema = z.object({ wait: waitOption, force: z.boolean().default(false) });

function printSilverReport(report: SilverBuildReport): void {
  if (report.buildId === undefined) {
    process.stdout.write(`silver is up to date with bronze (last load ${report.lastLoadId}); nothing to build (--force rebuilds)\n`);
    return;
  }
  process.stdout.write(`silver build ${report.buildId} from bronze up to load ${report.lastLoadId} in ${report.seconds.toFixed(1)} s\n`);
  process.stdout.write('table        bronze =   silver + exact dup + conflict dup + quarantined\n');
  for (const t of report.tables) {
    const check = balances(t) ? 'ok' : 'MISMATCH';
    process.stdout.write(
      `${t.table.padEnd(10)} ${String(t.bronzeRows).padStart(8)} = ${String(t.silverRows).padStart(8)} + ${String(t.exactDuplicates).padStart(9)} + ${String(t.conflictingDuplicates).padStart(12)} + ${String(t.quarantined).padStart(11)}  ${check}\n`,
    );
    for (const [reason, n] of Object.entries(t.reasons)) process.stdout.write(`${''.padEnd(13)}quarantined ${n} x ${reason}\n`);
  }
  if (!report.tables.every(balances)) throw new LakescoreError('silver build does not account for every bronze row', 1);
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('rebuild a layer from the one below it')
    .argument('<layer>', 'silver')
    .option('--force', 'rebuild even when nothing new was loaded')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (layer: string, raw: unknown, command: Command) => {
        const options = parseOptions(schema.extend({ layer: z.enum(['silver']) }), { ...(raw as object), layer });
        const session = await LakeSession.open(lakeDir(command), { write: { command: `build ${options.layer}`, waitSeconds: options.wait } });
        try {
          printSilverReport(await buildSilver(session, { force: options.force }));
        } finally {
          session.close();
        }
      }),
    );
}
