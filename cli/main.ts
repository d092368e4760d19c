#!/usr/bin/env node
import { Command } from 'commander';
import { registerAlerts } from './alerts.js';
import { registerBuild } from './build.js';
import { registerCheck } from './check.js';
import { registerDemo } from './demo.js';
import { registerExport } from './export.js';
import { registerFleet } from './fleet.js';
import { registerHistory } from './history.js';
import { registerIngest } from './ingest.js';
import { registerInit } from './init.js';
import { registerModels } from './models.js';
import { registerReport } from './report.js';
import { registerRestore } from './restore.js';
import { registerRetrain } from './retrain.js';
import { registerRun } from './run.js';
import { registerRuns } from './runs.js';
import { registerScore } from './score.js';
import { registerSimulate } from './simulate.js';
import { registerSql } from './sql.js';
import { registerTrain } from './train.js';
import { registerMonitor } from './monitor.js';
import { registerVacuum } from './vacuum.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('lakescore')
    .description('Predictive-maintenance batch scoring over a DuckDB + Parquet lake')
    .option('--lake <dir>', 'lake directory (env LAKESCORE_LAKE)', process.env.LAKESCORE_LAKE ?? './lake')
    .option('--memory-limit <size>', 'most memory the query engine may use before it spills to disk, e.g. 4GB (env LAKESCORE_MEMORY_LIMIT; default 1GiB)', process.env.LAKESCORE_MEMORY_LIMIT)
    .option('--fleet <file>', "fleet definition (env LAKESCORE_FLEET; default ./lakescore.yaml); on a lake that has one it must be the lake's (see `lakescore fleet`)", process.env.LAKESCORE_FLEET)
    .exitOverride((err) => {
      // commander's own usage errors (unknown flag, missing argument) are exit code 2 too
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerInit(program);
  registerFleet(program);
  registerSimulate(program);
  registerIngest(program);
  registerBuild(program);
  registerTrain(program);
  registerRetrain(program);
  registerModels(program);
  registerScore(program);
  registerAlerts(program);
  registerMonitor(program);
  registerRun(program);
  registerExport(program);
  registerRuns(program);
  registerHistory(program);
  registerReport(program);
  registerRestore(program);
  registerVacuum(program);
  registerDemo(program);
  registerSql(program);
  registerCheck(program);
  return program;
}

// A reader that stops early (`lakescore sql ... | head`) closes the pipe: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
// Nor is a closed stderr: the command still ends with its own exit code (2 for a rejected input).
process.stderr.on('error', () => {});

await buildProgram().parseAsync(process.argv);
