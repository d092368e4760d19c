import type { Command } from 'commander';
import { z } from 'zod';
import { describeParams } from '../gold/params.js';
import { encodedNames } from '../ml/encoding.js';
import { chooseAlertRuleAgain } from '../ml/alert-rule-again.js';
import { declareModelTables, loadModel, parseModelRef, promoteModel } from '../ml/registry.js';
import { latestEvaluations } from '../ml/retrain/evaluations.js';
import { runReadOnlyQuery } from '../sql/adhoc.js';
import type { LakeSession, Row } from '../sql/duckdb.js';
import { renderResult } from './format.js';
import { asCaretaker, asReader } from './lake.js';
import { action, parseOptions, waitOption } from './options.js';
import { formatDecision, formatEvents, formatRule } from './decision-format.js';
import { addAlertOptions, alertOptionsSchema } from './alert-options.js';
import { formatEvaluation } from './train.js';

const LIST_QUERY = `SELECT name, version, aliases, created_at, train_from, train_to, test_to, round(macro_f1, 4) AS macro_f1,
  round(accuracy, 4) AS accuracy, round(alert_threshold, 4) AS alert_threshold, rows_trained, left(gold_fingerprint, 12) AS gold_fingerprint, artifact_path
  FROM models ORDER BY name, version`;

/** How many of the newest retrain decisions `models list` shows, and `models show` of one version. */
const LIST_DECISIONS = 10;
const SHOW_DECISIONS = 20;

/** The newest retrain decisions as a table after the versions (docs/retraining.md); nothing before the first. */
function decisionsTable(rows: Row[]): string {
  const columns = Object.keys(rows[0] ?? {});
  return columns.length === 0 ? '' : `\nlatest retrain decisions\n${renderResult({ columns, rows: rows.map((row) => columns.map((c) => row[c])) }, 'table')}`;
}

/** The retrain decisions a version took part in, one line each: what was compared and what came of it. */
function decisionLines(rows: Row[]): string {
  if (rows.length === 0) return '';
  const figure = (x: unknown): string => (x === null || x === undefined ? '-' : String(x));
  const lines = rows.map(
    (r) =>
      `  #${figure(r.evaluation_id)} ${(r.evaluated_at as Date).toISOString().slice(0, 16).replace('T', ' ')}: challenger ${figure(r.challenger)} ${figure(r.challenger_value)}` +
      ` against champion ${figure(r.champion)} ${figure(r.champion_value)} (${figure(r.metric)}): ${r.promoted ? 'promoted' : 'not promoted'}; ${figure(r.reason)}`,
  );
  return `\nretrain decisions\n${lines.join('\n')}\n`;
}

async function withReader(command: Command, fn: (session: LakeSession) => Promise<void>): Promise<void> {
  await asReader(command, undefined, async (session) => {
    await declareModelTables(session);
    await fn(session);
  });
}

export function registerModels(program: Command): void {
  const models = program.command('models').description('the model registry: list, show, promote');
  models
    .command('list')
    .description('every model version with its aliases and metrics')
    .action(
      action(async (_raw: unknown, command: Command) =>
        withReader(command, async (s) => {
          const decisions = await latestEvaluations(s, LIST_DECISIONS);
          process.stdout.write(renderResult(await runReadOnlyQuery(s, LIST_QUERY), 'table') + decisionsTable(decisions));
        }),
      ),
    );
  models
    .command('show')
    .description('one model version in full: parameters, training range, features, metrics')
    .argument('<model>', 'NAME, NAME@VERSION or NAME@ALIAS')
    .action(
      action(async (ref: string, _raw: unknown, command: Command) =>
        withReader(command, async (s) => {
          const { meta, alertRule } = await loadModel(s, parseModelRef(ref));
          const decisions = await latestEvaluations(s, SHOW_DECISIONS, `${meta.name}@${meta.version}`);
          const changed = alertRule && alertRule.setAt !== meta.decision?.rule.setAt;
          process.stdout.write(
            `${meta.name}@${meta.version}, created ${meta.createdAt}\n` +
              `training  [${meta.training.from}, ${meta.training.to}) ${meta.training.rows} rows, evaluated to ${meta.training.testTo}` +
              `${meta.evaluation.labelCutoff ? ` with labels decided by the data up to ${meta.evaluation.labelCutoff}` : ''}\n` +
              (meta.training.validation
                ? `validation [${meta.training.validation.from}, ${meta.training.validation.to}) ${meta.training.validation.rows} rows` +
                  `${meta.training.validation.assetShare ? ` of ${Math.round(meta.training.validation.assetShare * 100)}% of the assets` : ''}` +
                  `${meta.training.validation.outOfBag ? ': out-of-bag predictions of the training rows' : ''}` +
                  `${meta.training.validation.refit ? ', then fitted again on the whole range' : ''}\n`
                : '') +
              `gold      ${describeParams(meta.featureParams)}, fingerprint ${meta.training.goldFingerprint}\n` +
              `fleet     definition ${meta.fleet.hash.slice(0, 12)}\n` +
              `forest    ${JSON.stringify(meta.forestParams)}\n` +
              `features  ${encodedNames(meta.encoding).length}${meta.encoding.categorical.map((c) => `; ${c.column}: ${c.categories.join(', ')}`).join('')}\n\n` +
              formatEvaluation(meta.evaluation, meta.training.rowsPerClass) +
              '\n' +
              formatDecision(meta) +
              (changed ? `\nthe rule was set again on ${alertRule.setAt.slice(0, 16).replace('T', ' ')}; scoring applies it:\n${formatRule(alertRule)}${alertRule.figures ? `on the validation rows:\n${formatEvents(alertRule.figures)}` : ''}` : '') +
              `\nfeature importance\n${meta.importance.slice(0, 15).map(([n, v]) => `  ${n.padEnd(32)} ${(v * 100).toFixed(2).padStart(6)}%`).join('\n')}\n` +
              decisionLines(decisions),
          );
        }),
      ),
    );
  addAlertOptions(
    models
      .command('set-alerts')
      .description("choose a model version's alert rule again, on the validation rows it was chosen on at training, without training (docs/decisions.md)")
      .argument('<model>', 'NAME@VERSION or NAME@ALIAS')
      .option('--wait <seconds>', 'wait this long for another writer to finish', '0'),
  ).action(
    action(async (ref: string, raw: unknown, command: Command) => {
      const options = parseOptions(z.object({ wait: waitOption }), raw);
      const asked = parseOptions(alertOptionsSchema, raw);
      await asCaretaker(command, `models set-alerts ${ref}`, options.wait, async (session, fleet) => {
        // no flag: the default train takes, the definition's alerts: or else the best F1
        const policy = asked ?? fleet.alertPolicy ?? { kind: 'best-f1' };
        const { model, rule } = await chooseAlertRuleAgain(session, parseModelRef(ref), policy);
        process.stdout.write(`${model.name}@${model.version}: ${formatRule(rule)}${rule.figures ? `on the validation rows:\n${formatEvents(rule.figures)}` : ''}`);
      });
    }),
  );
  models
    .command('promote')
    .description('point an alias (e.g. production) at a model version')
    .argument('<model>', 'NAME@VERSION')
    .requiredOption('--alias <alias>', 'alias to set', 'production')
    .option('--wait <seconds>', 'wait this long for another writer to finish', '0')
    .action(
      action(async (ref: string, raw: unknown, command: Command) => {
        const options = parseOptions(z.object({ alias: z.string(), wait: waitOption }), raw);
        await asCaretaker(command, `models promote ${ref}`, options.wait, async (session) => {
          const promoted = await promoteModel(session, parseModelRef(ref), options.alias);
          process.stdout.write(`${promoted.name}@${options.alias} -> version ${promoted.version}\n`);
        });
      }),
    );
}
