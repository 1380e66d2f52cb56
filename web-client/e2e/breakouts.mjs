// End-to-end test of breakout groups in Debian's Chromium (playwright-core) against two running cluster nodes.
// Run by BreakoutsEndToEndIT (environment: e2e/run.mjs).
//
// The scenario: a checklist session; the facilitator's console on node 1, Anna (Gemeente Gouda) on node 1,
// Bram (Provincie Utrecht) on node 2 and Chris (Gemeente Woerden) on node 1, each in a browser context of their
// own. The facilitator splits the first question into three mixed groups: one person each. All three write
// their group's joint answer at once and see their own group's text, never another's. The facilitator looks
// into group 2 and sees Bram's typing arrive live, then sends a message that all three see. Back in plenary the
// three results stand side by side for everyone; the facilitator takes group 2's into the plenary, and every
// screen shows it in the plenary's joint answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, dependentSteps, joinAs, openPage, screenshot } from './support.mjs';

const env = process.env;
const NODE1 = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const NODE2 = (env.WERKPLAATS_E2E_NODE2 ?? '').replace(/\/+$/, '');
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const configured = Boolean(NODE1 && NODE2 && ORGANISER_KEY);
const QUESTION = 1;

let browser;
const pages = [];
const pageErrors = [];
const open = (name) => openPage(browser, name, pages, pageErrors);
const step = dependentSteps(it, async () => {
  for (const [i, page] of pages.entries()) {
    await page.screenshot({ path: joinPath(ARTIFACTS, `breakouts-failure-${i}.png`), fullPage: true }).catch(() => undefined);
  }
});

async function openConsole(page, room) {
  await page.goto(`${NODE1}/f/${encodeURIComponent(room.roomId)}#${room.facilitatorToken}`);
  await page.getByLabel('Je naam', { exact: true }).fill('Bea de Begeleider');
  await page.getByLabel('Organisatie', { exact: true }).fill('Datawerkplaats');
  await page.getByRole('button', { name: 'Sessie openen' }).click();
  await page.getByRole('button', { name: 'Sessie starten' }).waitFor();
}

const join = (page, node, room, name, organisation) => joinAs(page, node, room.roomId, name, organisation);

/** Waits until the joint answer field on `page` holds `text` (or, with `exact`, is exactly it). */
const jointHolds = (page, text, exact = false) =>
  page.waitForFunction(
    ({ text, exact }) => {
      const el = document.querySelector('[data-testid=text-joint]');
      const v = !el ? '' : el instanceof HTMLTextAreaElement ? el.value : el.textContent ?? '';
      return exact ? v === text : v.includes(text);
    },
    { text, exact },
  );

describe('breakout groups, end to end', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1/2 and _ORGANISER_KEY are not set' }, () => {
  let facilitator;
  const people = [];
  const texts = ['Gouda deelt alleen met toestemming.', 'Utrecht wil eerst een DPIA.', 'Woerden levert de adressen.'];

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    assert.deepEqual(pageErrors, [], 'no script errors on any page');
  });

  step('the facilitator splits the first question into three groups, one person of each organisation in each', async () => {
    const res = await fetch(`${NODE1}/api/rooms`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ORGANISER_KEY}` },
      body: JSON.stringify({ templateId: 'checklist-samen-data-delen', title: 'Groepswerk' }),
    });
    assert.equal(res.status, 201);
    const room = await res.json();
    facilitator = await open('facilitator');
    await openConsole(facilitator, room);
    const who = [
      ['Anna de Wit', 'Gemeente Gouda', NODE1],
      ['Bram Smit', 'Provincie Utrecht', NODE2],
      ['Chris Bos', 'Gemeente Woerden', NODE1],
    ];
    for (const [name, organisation, node] of who) {
      const page = await open(name);
      await join(page, node, room, name, organisation);
      people.push(page);
    }
    await facilitator.getByRole('button', { name: 'Sessie starten' }).click();
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    await facilitator.getByLabel('Aantal groepen', { exact: true }).fill('3');
    await facilitator.getByTestId('start-breakout').click();
    for (const [i, page] of people.entries()) {
      await page.getByTestId('my-group').getByText(`Groep ${i + 1}`).waitFor();
    }
    await facilitator.getByTestId('group-picker').waitFor();
    assert.equal(await facilitator.getByTestId('pick-group').count(), 3);
  });

  step("all three write in their group at once and each sees their own group's text, never another's", async () => {
    await Promise.all(people.map((page, i) => page.getByTestId('text-joint').fill(texts[i])));
    for (const [i, page] of people.entries()) {
      await jointHolds(page, texts[i], true);
      const seen = await page.getByTestId('step').textContent();
      for (const [j, other] of texts.entries()) {
        if (j !== i) assert.ok(!seen.includes(other), `${i + 1} does not see group ${j + 1}'s text`);
      }
    }
    await screenshot(people[0], 'breakouts-01-own-group');
  });

  step('the facilitator looks into group 2 and sees its typing arrive live', async () => {
    await facilitator.locator('[data-testid=pick-group][data-group="2"]').click();
    await jointHolds(facilitator, texts[1]);
    await people[1].getByTestId('text-joint').fill(`${texts[1]} En een verwerkersovereenkomst.`);
    await jointHolds(facilitator, 'En een verwerkersovereenkomst.');
    await screenshot(facilitator, 'breakouts-02-facilitator-in-group-2');
  });

  step('a message from the facilitator reaches every group', async () => {
    await facilitator.getByLabel('Bericht aan alle groepen', { exact: true }).fill('Nog twee minuten');
    await facilitator.getByTestId('broadcast-send').click();
    for (const page of people) {
      await page.getByTestId('broadcast').getByText('Nog twee minuten').waitFor();
    }
  });

  step("back in plenary the groups' results stand side by side; merging group 2 puts its answer in the plenary", async () => {
    await facilitator.getByTestId('end-breakout').click();
    for (const page of [...people, facilitator]) {
      await page.getByTestId('side-by-side').waitFor();
      assert.equal(await page.getByTestId('group-column').count(), 3);
      for (const [i, text] of texts.entries()) {
        await page.locator(`[data-testid=group-column][data-group="${i + 1}"]`).getByText(text.slice(0, 20)).waitFor();
      }
    }
    await screenshot(people[2], 'breakouts-03-side-by-side');
    await facilitator.locator('[data-testid=merge-group][data-group="2"]').click();
    for (const page of [...people, facilitator]) {
      await jointHolds(page, '[Groep 2] Utrecht wil eerst een DPIA. En een verwerkersovereenkomst.');
      await page.locator('[data-testid=group-column][data-group="2"] [data-testid=group-merged]').waitFor();
    }
    await screenshot(people[0], 'breakouts-04-merged');
  });
});
