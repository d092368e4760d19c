import type { Command } from 'commander';
import { z } from 'zod';
import { restoreVersion } from '../sql/restore.js';
import { asCaretaker } from './lake.js';
import { action, intOption, parseOptions, waitOption } from './options.js';

const schema = z.object({ version: intOption(1, Number.MAX_SAFE_INTEGER), wait: waitOption });

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('publish the tables of an earlier version as the newest one (a rollback that keeps the history)')
    .requiredOption('--version <n>', 'the version to return to (see `lakescore history`)')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (raw: unknown, command: Command) => {
        const options = parseOptions(schema, raw);
        await asCaretaker(command, `restore ${options.version}`, options.wait, async (session) => {
          const report = await restoreVersion(session, options.version);
          process.stdout.write(`restored version ${report.restoredFrom} as version ${report.version} (${report.tables} tables); undo with: lakescore restore --version ${report.version - 1}\n`);
        });
      }),
    );
}
