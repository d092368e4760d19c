import { escapeHtml as h } from './escape.js';

/** The pieces every section of the page is made of. */

export const pct = (x: number, digits = 0): string => `${(x * 100).toFixed(digits)}%`;
export const count = (n: number): string => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many: string): string => `${count(n)} ${n === 1 ? one : many}`;

export const chart = (id: string, label: string, size = ''): string =>
  `<div class="chart ${size}"><canvas id="${id}" role="img" aria-label="${h(label)}"></canvas></div>`;
export const empty = (text: string): string => `<p class="empty">${h(text)}</p>`;

export function section(id: string, title: string, caption: string, body: string): string {
  return `<section id="${id}"><h2>${h(title)}</h2><p class="caption">${h(caption)}</p>${body}</section>`;
}

/** A table from its header cells (`num` right-aligns a column) and rows of cell HTML. */
export function table(className: string, headers: [string, string?][], rows: string[][]): string {
  const head = headers.map(([label, cls]) => `<th${cls ? ` class="${cls}"` : ''}>${h(label)}</th>`).join('');
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n')}</tbody></table>`;
}
