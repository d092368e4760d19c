import { it } from 'vitest';
import { findDataFiles, readHead } from '../fleet/draft-files.js';
import { detectDialect } from '../fleet/draft-dialect.js';
import { DraftDatabase } from '../fleet/draft-profile.js';

it('scratch', async () => {
  const db = await DraftDatabase.open();
  for (const dir of ['/work/shared/data/azure-pdm', '/work/shared/data/cmapss']) {
    for (const f of findDataFiles(dir)) {
      const t0 = Date.now();
      let d;
      if (f.kind === 'text') {
        const head = await readHead(f);
        if (head === undefined) { console.log(f.name, 'not utf8'); continue; }
        const g = detectDialect(head);
        if ('skip' in g) { console.log(f.name, g.skip); continue; }
        d = g.dialect; console.log(f.name, g.why, JSON.stringify(d).slice(0, 200));
      }
      const p = await db.profile(f, d);
      console.log(f.name, p.rows, Date.now() - t0, 'ms');
      for (const c of p.columns) console.log('  ', JSON.stringify({ ...c, values: c.values?.slice(0, 6) }));
    }
  }
  db.close();
}, 60000);
