import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useExportFixture } from './export-fixture.js';
import type { CliOutcome } from './helpers.js';

/**
 * `run --export-table`: the nightly job's export, with its own watermark, against a real
 * PostgreSQL server (see export-fixture.ts). March arrives in the inbox for the first night.
 */
const f = useExportFixture();

describe('lakescore run --export-table', () => {
  it('exports after scoring; a failed export keeps the scoring and is caught up by the next night', async () => {
    f.drop(2);
    const first = f.lakescore(['run', '--inbox', f.inbox, '--export-table', 'nightly']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/ {2}export {2}export \d+: [\d,]+ rows for \[2015-01-01 00:00, 2015-04-01 00:00\)/);
    expect(await f.delivered('nightly', '2014-01-01', '2016-01-01')).toEqual(await f.expected('2014-01-01', '2016-01-01'));

    // a re-score, then a night whose export cannot reach the server
    expect(f.lakescore(['score', '--from', '2015-03-10', '--to', '2015-03-12']).code).toBe(0);
    f.server.stop();
    let night: CliOutcome;
    try {
      night = f.lakescore(['run', '--inbox', f.inbox, '--export-table', 'nightly']);
    } finally {
      f.server.start();
    }
    expect(night.code).toBe(75);
    expect(night.stderr).toContain("export  failed (below); the night's scoring stands");
    expect(night.stderr).toMatch(/lakescore: cannot reach .*\n$/);

    const caughtUp = f.lakescore(['run', '--inbox', f.inbox, '--export-table', 'nightly']);
    expect(caughtUp.code, caughtUp.stderr).toBe(0);
    expect(caughtUp.stderr).toMatch(/export \d+: [\d,]+ rows for \[2015-03-10 00:00, 2015-03-12 00:00\)/);
    expect(await f.delivered('nightly', '2014-01-01', '2016-01-01')).toEqual(await f.expected('2014-01-01', '2016-01-01'));
    // two late re-scores far apart: only their two days are replaced, not the weeks between
    await f.postgres((c) => c.query(`INSERT INTO nightly (machine_id, ts, predicted) VALUES (99, '2015-03-10 00:00', 'between')`));
    expect(f.lakescore(['score', '--from', '2015-01-05', '--to', '2015-01-06']).code).toBe(0);
    expect(f.lakescore(['score', '--from', '2015-03-20', '--to', '2015-03-21']).code).toBe(0);
    const twoRanges = f.lakescore(['run', '--inbox', f.inbox, '--export-table', 'nightly']);
    expect(twoRanges.stderr).toMatch(/export \d+: [\d,]+ rows for \[2015-01-05 00:00, 2015-03-21 00:00\) in 2 ranges/);
    expect(await f.count(`SELECT count(*)::int AS n FROM nightly WHERE predicted = 'between'`)).toBe(1);
    await f.postgres((c) => c.query(`DELETE FROM nightly WHERE predicted = 'between'`));
    expect(await f.delivered('nightly', '2014-01-01', '2016-01-01')).toEqual(await f.expected('2014-01-01', '2016-01-01'));
    expect(f.lakescore(['runs', '--format', 'csv']).stdout).toMatch(/^export,\d+,"nightly at \S+ \[2015-01-05 00:00, 2015-03-21 00:00\) in 2 ranges",succeeded/m);

    const quiet = f.lakescore(['run', '--inbox', f.inbox, '--export-table', 'nightly']);
    expect(quiet.stderr).toContain('nothing new to export');
    expect(quiet.stderr).toContain('nothing new: nothing was done');
  });

  it('exits 2 when files were rejected, even if the export failed too, and says both', () => {
    writeFileSync(join(f.inbox, 'telemetry-broken.csv'), 'not,the,columns\n1,2,3\n');
    f.server.stop();
    let night: CliOutcome;
    try {
      expect(f.lakescore(['score', '--from', '2015-03-25', '--to', '2015-03-26']).code).toBe(0);
      night = f.lakescore(['run', '--inbox', f.inbox, '--export-table', 'nightly']);
    } finally {
      f.server.start();
    }
    expect(night.code).toBe(2);
    expect(night.stderr).toMatch(/lakescore: 1 file\(s\) in the inbox were rejected; the rest was processed; the export failed too: cannot reach .*\n$/);
  });

  it('refuses a bad table name before the night starts', () => {
    const { code, stderr } = f.lakescore(['run', '--inbox', f.inbox, '--export-table', 'Risks;drop']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^lakescore: table Risks;drop: expected NAME or SCHEMA\.NAME/);
  });
});
