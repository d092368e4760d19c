import type { Command } from 'commander';
import { z } from 'zod';
import { checkExportSettings } from '../deliver/postgres/export.js';
import { nightlyRun, type NightlyReport } from '../jobs/nightly.js';
import { driftedNames } from '../ml/monitor/night-drift.js';
import { InputError, LakescoreError, listed } from '../sql/errors.js';
import { describeDrift, describePerformanceNight } from './monitor-format.js';
import { asWriter } from './lake.js';
import { action, modelRefOption, parseOptions, waitOption } from './options.js';
import { describeExport } from './export.js';
import { describeScore } from './score.js';
import { duration } from '../fleet/schema.js';
import { retrainSummary } from '../ml/retrain/retrain.js';
import { describeVacuum, retentionFlags, retentionSchema } from './vacuum.js';

const schema = z.object({
  inbox: z.string().min(1),
  model: modelRefOption,
  wait: waitOption,
  vacuum: z.boolean().default(false),
  failOnDrift: z.boolean().default(false),
  exportTable: z.string().min(1).optional(),
  retrainEvery: duration.optional(),
  ...retentionSchema,
}).refine((o) => o.retrainEvery === undefined || o.model.alias !== undefined, {
  message: '--retrain-every needs --model NAME@ALIAS: a retrain promotes to an alias',
  path: ['model'],
});

/** A night whose features drifted, under --fail-on-drift: not an error of the run, but cron should mail it. */
class DriftError extends LakescoreError {
  constructor(message: string) {
    super(message, 3);
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A failed retrain's error is the run's last line, unless rejected files or a failed export come first: then it is here. */
function describeRetrain(retrained: NonNullable<NightlyReport['retrain']>, last: boolean): string {
  if ('notDue' in retrained) return `not due: a decision was made within the last ${retrained.notDue.text}`;
  if ('notYet' in retrained) return `not yet: ${retrained.notYet}; the night trains the first model once the data allows`;
  if ('failure' in retrained) return `failed${last ? ' (below)' : `: ${message(retrained.failure)}`}; nothing was promoted, and the next night retrains again`;
  return retrainSummary(retrained.report);
}

function summary(report: NightlyReport): string {
  const loaded = report.files.filter((f) => f.status === 'loaded');
  const rejected = report.files.filter((f) => f.status === 'rejected');
  const skipped = report.files.length - loaded.length - rejected.length;
  const silver = report.silver.buildId === undefined
    ? 'up to date'
    : `build ${report.silver.buildId}: ${count(report.silver.tables.reduce((n, t) => n + t.silverRows, 0))} rows, ${count(report.silver.tables.reduce((n, t) => n + t.quarantined, 0))} quarantined`;
  const gold = report.gold
    ? `build ${report.gold.buildId}: ${count(report.gold.rows)} rows for [${report.gold.from.toISOString().slice(0, 10)}, ${report.gold.to.toISOString().slice(0, 10)})`
    : 'up to date';
  const lines = [
    `lakescore run finished in ${report.seconds.toFixed(1)} s`,
    `  ingest  ${loaded.length} file(s) loaded (${count(loaded.reduce((n, f) => n + f.rows, 0))} rows), ${skipped} already loaded, ${rejected.length} rejected`,
    ...rejected.map((f) => `          rejected: ${f.message}`),
    `  silver  ${silver}`,
    `  gold    ${gold}`,
    ...(report.retrain ? [`  retrain ${describeRetrain(report.retrain, rejected.length === 0 && !(report.exported && 'failure' in report.exported))}`] : []),
    `  score   ${'skipped' in report.score ? report.score.skipped : describeScore(report.score).trim()}`,
    ...('drift' in report.score && report.score.drift ? [`  drift   ${describeDrift(report.score.drift)}`] : []),
    `  monitor ${describePerformanceNight(report.monitor)}`,
    ...(report.exported && 'report' in report.exported ? [`  export  ${describeExport(report.exported.report).trim()}`] : []),
    ...(report.exported && 'failure' in report.exported ? ['  export  failed (below); the night\'s scoring stands, and the next night exports what this one did not'] : []),
    ...(report.vacuum ? [`  vacuum  ${describeVacuum(report.vacuum).trim()}`] : []),
  ];
  const exportedNothing = !report.exported || ('report' in report.exported && report.exported.report.exportId === undefined);
  const nothingNew = loaded.length === 0 && report.silver.buildId === undefined && !report.gold && ('skipped' in report.score || report.score.runId === undefined) && report.monitor.night === undefined && exportedNothing && !report.vacuum && (!report.retrain || 'notDue' in report.retrain || 'notYet' in report.retrain);
  if (nothingNew) lines.push('nothing new: nothing was done');
  return lines.join('\n') + '\n';
}

export function registerRun(program: Command): void {
  retentionFlags(
    program
      .command('run')
      .description('the nightly job for cron: ingest the inbox, rebuild silver and the affected gold, score incrementally')
      .requiredOption('--inbox <dir>', 'directory where new source files arrive')
      .option('--model <ref>', 'model to score with', 'pdm@production')
      .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
      .option('--export-table <name>', 'then deliver new results to this PostgreSQL table (connection from the PG* environment and ~/.pgpass; see `lakescore export postgres`)')
      .option('--retrain-every <duration>', 'retrain the model when no retrain decision was made in this long, e.g. 7d, before scoring (docs/retraining.md); --model must name an alias')
      .option('--vacuum', 'end with a vacuum (see `lakescore vacuum`; off by default)')
      .option('--fail-on-drift', 'exit 3 when a feature drifted from the model\'s training data (docs/monitoring.md); the night\'s work stands'),
  )
    .action(
      action(async (raw: unknown, command: Command) => {
        const o = parseOptions(schema, raw);
        await asWriter(command, 'run', o.wait, async (session, fleet) => {
          // a night that would fail only at its end on a bad export setting fails now
          if (o.exportTable !== undefined) checkExportSettings(fleet, o.exportTable);
          const retention = o.vacuum ? { keepVersions: o.keepVersions, olderThanSeconds: o.olderThan, dryRun: false } : undefined;
          const report = await nightlyRun(session, fleet, { inbox: o.inbox, model: o.model, exportTable: o.exportTable, vacuum: retention, retrainEvery: o.retrainEvery });
          process.stderr.write(summary(report));
          const rejected = report.files.filter((f) => f.status === 'rejected').length;
          const exportFailure = report.exported && 'failure' in report.exported ? report.exported.failure : undefined;
          // rejected files need a person, which retrying the export would not: their exit 2 comes first
          if (rejected) {
            const alsoExport = exportFailure === undefined ? '' : `; the export failed too: ${message(exportFailure)}`;
            throw new InputError(`${rejected} file(s) in the inbox were rejected; the rest was processed${alsoExport}`);
          }
          if (exportFailure !== undefined) throw exportFailure;
          if (report.retrain && 'failure' in report.retrain) throw report.retrain.failure;
          const drifted = 'skipped' in report.score ? [] : driftedNames(report.score.drift);
          if (o.failOnDrift && drifted.length) throw new DriftError(`drift from training in ${listed(drifted, 5)}; the night's work is published (lakescore monitor)`);
        });
      }),
    );
}
