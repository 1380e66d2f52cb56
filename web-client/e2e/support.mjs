// What the browser test scripts share: axe-core in a page, and steps that run in order.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Runs axe-core on the page and fails on any WCAG 2.1 A/AA violation. */
export async function checkAccessibility(page, name) {
  // Evaluated through the debugging protocol, not as a <script> tag: the app's CSP allows no inline script.
  await page.evaluate(`${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')}\n;undefined`);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  assert.deepEqual(result, [], `axe violations on the ${name} screen:\n${JSON.stringify(result, null, 2)}`);
}

/**
 * `step(name, [options], fn)`: a test that needs the ones before it. After a failure the rest is skipped
 * instead of timing out, and `onFailure` keeps what the pages showed at that moment.
 */
export function stepsInOrder(onFailure) {
  let broken = null;
  return (name, options, fn) => {
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
