import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';
import { packageRoot } from '../sql/paths.js';

/** The system Chromium (Debian package `chromium`), which CI installs: the report tests need it. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where tests leave files for a person to look at (gitignored). */
export function testOutput(name: string): string {
  const dir = join(packageRoot, 'test-output');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export interface PageFindings {
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every request for something other than a file: URL; all of them are refused. */
  requests: string[];
  /** Each canvas with whether anything was drawn on it. */
  canvases: { name: string; painted: boolean }[];
  text: string;
  /** Each section's text by its id, and the header's as `header`. */
  sections: Record<string, string>;
}

/** Whether the page's text names an asset as a whole word (not `7` inside `17`). */
function mentions(text: string, asset: string): boolean {
  const literal = asset.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|\\s)${literal}(\\s|$)`).test(text);
}

/** Opens a report from disk in headless Chromium with the network cut off, and saves a full-page screenshot. */
export async function inspectReport(file: string, screenshot: string): Promise<PageFindings> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the report tests open the page in Chromium (Debian: apt-get install chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const findings: PageFindings = { errors: [], requests: [], canvases: [], text: '', sections: {} };
    page.on('console', (message) => {
      if (message.type() === 'error') findings.errors.push(message.text());
    });
    page.on('pageerror', (err) => findings.errors.push(err.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) findings.requests.push(request.url());
    });
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    findings.canvases = await page.evaluate(() =>
      Array.from(document.querySelectorAll('canvas')).map((canvas) => {
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let painted = false;
        for (let i = 3; i < pixels.length && !painted; i += 4) painted = pixels[i] !== 0;
        return { name: canvas.id || `${canvas.className} ${canvas.dataset.index ?? ''}`, painted };
      }),
    );
    findings.text = await page.innerText('body');
    findings.sections = await page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll('header, section')).map((e) => [e.id || e.tagName.toLowerCase(), (e as HTMLElement).innerText])),
    );
    await page.screenshot({ path: screenshot, fullPage: true });
    return findings;
  } finally {
    await browser.close();
  }
}

/** Rendered without errors or network, every chart drawn, the riskiest asset named. */
export function expectSound(findings: PageFindings, riskiest: string): void {
  expect(findings.errors).toEqual([]);
  expect(findings.requests).toEqual([]);
  expect(findings.canvases.filter((c) => !c.painted)).toEqual([]);
  expect(mentions(findings.text, riskiest)).toBe(true);
}
