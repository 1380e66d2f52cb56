// What the end-to-end scripts share: a Chromium per person (its own profile), screenshots, axe-core.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const env = process.env;
export const CHROMIUM = env.WERKPLAATS_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = env.WERKPLAATS_E2E_ARTIFACTS ?? join(tmpdir(), 'werkplaats-e2e');
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The people of one test run: each gets a fresh Chromium profile; `close()` ends them all. */
export function actors() {
  const contexts = [];
  const tempDirs = [];
  /** Uncaught script errors on any page: there must be none. */
  const pageErrors = [];
  return {
    contexts,
    pageErrors,
    async open(name, viewport = { width: 1366, height: 900 }) {
      const dir = mkdtempSync(join(tmpdir(), `wp-e2e-${name}-`));
      tempDirs.push(dir);
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        viewport,
        locale: 'nl-NL',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      });
      contexts.push(context);
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => {
        console.error(`[${name}] page error: ${e.message}`);
        pageErrors.push(`${name}: ${e.message}`);
      });
      page.on('console', (m) => {
        if (m.type() === 'error') console.error(`[${name}] console: ${m.text()}`);
      });
      page.on('dialog', (d) => d.accept());
      return page;
    },
    /** A screenshot of every page of every person (after a failure). */
    async screenshotAll(prefix) {
      for (const [i, c] of contexts.entries()) {
        for (const [j, pg] of c.pages().entries()) {
          await pg.screenshot({ path: join(ARTIFACTS, `${prefix}-${i}-${j}.png`), fullPage: true }).catch(() => undefined);
        }
      }
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page. Returns the violations and the colour-contrast checks
 * axe could not decide (`incomplete`), each as short lines.
 */
export async function axe(page) {
  // Evaluated through the debugging protocol, not as a <script> tag: the app's CSP allows no inline script.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(`${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')}\n;undefined`);
  }
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      })),
      contrastUndecided: r.incomplete
        .filter((i) => i.id === 'color-contrast')
        .flatMap((i) => i.nodes.map((n) => `${n.target.join(' ')}: ${n.any.map((c) => c.message).join(' ')}`)),
    };
  }, WCAG_21_AA);
}

/** Fails on any WCAG 2.1 A/AA violation. */
export async function checkAccessibility(page, name) {
  const { violations } = await axe(page);
  assert.deepEqual(violations, [], `axe violations on the ${name} screen:\n${JSON.stringify(violations, null, 2)}`);
}

/**
 * `step(name, [options,] fn)`: a node:test `it` whose test needs the ones before it. After a failure the
 * rest is skipped instead of timing out, and `onFailure()` keeps what everybody saw at that moment.
 */
export function dependentSteps(it, onFailure) {
  let broken = null;
  return function step(name, options, fn) {
    if (typeof options === 'function') {
      fn = options;
      options = {};
    }
    it(name, options, async (t) => {
      if (broken) {
        t.skip(`an earlier step failed: ${broken}`);
        return;
      }
      try {
        await fn(t);
      } catch (e) {
        broken = name;
        await onFailure();
        throw e;
      }
    });
  };
}

/**
 * A page in a context of its own (own storage: one person) of a shared Chromium, its script errors kept in
 * `pageErrors` and the page in `pages` (for the screenshots after a failure).
 */
export async function openPage(browser, name, pages, pageErrors, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'nl-NL', ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => {
    console.error(`[${name}] page error: ${e.message}`);
    pageErrors.push(`${name}: ${e.message}`);
  });
  pages.push(page);
  return page;
}

/** Joins a room through its join link on `node` as `name` of `organisation` (typed, not chosen from a list). */
export async function joinAs(page, node, roomId, name, organisation) {
  await page.goto(`${node}/j/${encodeURIComponent(roomId)}`);
  await page.getByLabel('Je naam', { exact: true }).fill(name);
  const other = page.getByLabel('Een andere organisatie', { exact: true });
  if ((await other.count()) > 0) await other.check();
  await page.getByLabel('Naam van je organisatie', { exact: true }).fill(organisation);
  await page.getByRole('button', { name: 'Meedoen', exact: true }).click();
  await page.getByText(`Jij: ${name} (${organisation})`).waitFor();
}

/** Waits until `page` shows step `index`. */
export const atStep = (page, index) => page.locator(`[data-testid=step][data-step="${index}"]`).waitFor();
