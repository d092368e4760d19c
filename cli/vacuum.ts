import type { Command } from 'commander';
import { z } from 'zod';
import { parseDuration } from '../fleet/duration.js';
import { vacuumLake, type VacuumReport } from '../sql/vacuum.js';
import { asCaretaker } from './lake.js';
import { action, intOption, parseOptions, waitOption } from './options.js';

/** `0`, or a duration such as `12h` or `7d`, in seconds. */
const ageOption = z.string().transform((text, ctx) => {
  const seconds = text === '0' ? 0 : parseDuration(text)?.seconds;
  if (seconds === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected 0 or a duration such as 30m, 12h, 7d or 2w' });
    return z.NEVER;
  }
  return seconds;
});

/** The retention flags `vacuum` and `run --vacuum` share. */
export const retentionSchema = { keepVersions: intOption(1, 1_000_000), olderThan: ageOption };

export function retentionFlags(command: Command): Command {
  return command
    .option('--keep-versions <n>', 'keep the newest this many versions', '1')
    .option('--older-than <age>', 'keep versions superseded less than this long ago too (0, 30m, 12h, 7d)', '1h');
}

const schema = z.object({ ...retentionSchema, dryRun: z.boolean().default(false), wait: waitOption });

const megabytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export function describeVacuum(report: VacuumReport, dryRun = false): string {
  const versions = report.removedVersions.length === 0 ? 'no version' : `${report.removedVersions.length} version(s) (${report.removedVersions[0]} to ${report.removedVersions.at(-1)})`;
  const verb = dryRun ? 'would remove' : 'removed';
  const kept = report.keptVersions.length === 0 ? 'the lake has no version yet' : `kept versions ${report.keptVersions[0]} to ${report.keptVersions.at(-1)}`;
  return `${verb} ${versions} and ${report.removedFiles} file(s), ${megabytes(report.freedBytes)}; ${kept}\n`;
}

export function registerVacuum(program: Command): void {
  retentionFlags(
    program
      .command('vacuum')
      .description("delete old versions and every data file of lakescore's that no kept version names (crashed commands, superseded builds)"),
  )
    .option('--dry-run', 'say what would be deleted, delete nothing')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (raw: unknown, command: Command) => {
        const o = parseOptions(schema, raw);
        await asCaretaker(command, 'vacuum', o.wait, async (session) => {
          const report = vacuumLake(session, { keepVersions: o.keepVersions, olderThanSeconds: o.olderThan, dryRun: o.dryRun });
          process.stdout.write(describeVacuum(report, o.dryRun));
        });
      }),
    );
}
