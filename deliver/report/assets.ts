import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../sql/paths.js';
import { inlineScript } from './escape.js';

/** What the page inlines, so that it opens from disk with no network. */
export interface PageAssets {
  /** Chart.js and its matrix chart type, in load order. */
  libraries: string[];
  client: string;
  styles: string;
}

const require = createRequire(import.meta.url);

/** A package's browser build, which sits beside the file the package exports for require(). */
function browserBuild(pkg: string, file: string): string {
  const path = join(dirname(require.resolve(pkg)), file);
  // the map it names is not inlined: a browser's developer tools would look for it beside the page
  return inlineScript(readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), path);
}

/** Read at run time, like the .sql files: they live in the sources, beside this module's source. */
const ownFile = (name: string): string => readFileSync(join(packageRoot, 'deliver', 'report', name), 'utf8');

/** In load order: the section charts that client.js calls, then client.js. */
const CLIENT_SCRIPTS = ['monitoring-chart.js', 'client.js'];

export function pageAssets(): PageAssets {
  return {
    libraries: [browserBuild('chart.js', 'chart.umd.min.js'), browserBuild('chartjs-chart-matrix', 'chartjs-chart-matrix.min.js')],
    client: CLIENT_SCRIPTS.map((name) => inlineScript(ownFile(name), `deliver/report/${name}`)).join('\n'),
    styles: ownFile('styles.css'),
  };
}
