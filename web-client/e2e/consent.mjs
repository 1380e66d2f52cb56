// End-to-end test of the organisations' assent to a joint answer and of anonymity, in Debian's Chromium
// (playwright-core) against two running cluster nodes. Run by ConsentEndToEndIT (environment: e2e/run.mjs).
//
// The scenario: a checklist session; the facilitator's console on node 1, Anna (Gemeente Gouda) on node 1 and
// Chris (Provincie Utrecht) on node 2, each in a browser of their own. Anna writes the joint answer of the
// first question and assents for Gouda: the question stays open, Utrecht is waiting. Chris assents: agreed.
// Chris then changes the text: both organisations are asked again. Anna looks back at the question after the
// facilitator moved on, and the facilitator calls everybody back. Then an anonymous Data Team Start session
// (minimum group size 3) in which two people of Waterschap Rijnland and three of Gemeente Gouda rate a
// competence (over WebSockets in a page): the facilitator's screen shows no figures for Rijnland.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, atStep, dependentSteps, joinAs, openPage, screenshot } from './support.mjs';

const env = process.env;
const NODE1 = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const NODE2 = (env.WERKPLAATS_E2E_NODE2 ?? '').replace(/\/+$/, '');
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const configured = Boolean(NODE1 && NODE2 && ORGANISER_KEY);
const QUESTION = 1;
const COMPETENCES = 3;

// One Chromium, a context (own storage) per person: cheaper than a browser each on a busy CI machine.
let browser;
const pages = [];
const pageErrors = [];
const open = (name) => openPage(browser, name, pages, pageErrors);
const step = dependentSteps(it, async () => {
  for (const [i, page] of pages.entries()) {
    await page.screenshot({ path: joinPath(ARTIFACTS, `consent-failure-${i}.png`), fullPage: true }).catch(() => undefined);
  }
});

async function createRoom(body) {
  const res = await fetch(`${NODE1}/api/rooms`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ORGANISER_KEY}` },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 201);
  return res.json();
}

async function openConsole(page, room) {
  await page.goto(`${NODE1}/f/${encodeURIComponent(room.roomId)}#${room.facilitatorToken}`);
  await page.getByLabel('Je naam', { exact: true }).fill('Bea de Begeleider');
  await page.getByLabel('Organisatie', { exact: true }).fill('Datawerkplaats');
  await page.getByRole('button', { name: 'Sessie openen' }).click();
  await page.getByRole('button', { name: 'Sessie starten' }).waitFor();
}

const join = (page, node, room, name, organisation) => joinAs(page, node, room.roomId, name, organisation);

const consent = (page, organisation, state) =>
  page.locator(`[data-testid=consent-org][data-organisation="${organisation}"][data-state="${state}"]`).waitFor();

describe('assent to a joint answer, and anonymity, end to end', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1/2 and _ORGANISER_KEY are not set' }, () => {
  let facilitator;
  let anna;
  let chris;
  let room;

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

  step('a checklist session: the facilitator on node 1, Anna on node 1, Chris on node 2, at the first question', async () => {
    room = await createRoom({ templateId: 'checklist-samen-data-delen', title: 'Instemming per organisatie' });
    facilitator = await open('facilitator');
    anna = await open('anna');
    chris = await open('chris');
    await openConsole(facilitator, room);
    await join(anna, NODE1, room, 'Anna de Wit', 'Gemeente Gouda');
    await join(chris, NODE2, room, 'Chris Smit', 'Provincie Utrecht');
    await facilitator.getByRole('button', { name: 'Sessie starten' }).click();
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    await atStep(anna, QUESTION);
    await atStep(chris, QUESTION);
  });

  step('one organisation assenting leaves the answer open; the last one makes it agreed', async () => {
    await anna.getByTestId('text-joint').fill('Wij delen alleen geaggregeerde cijfers.');
    await chris.waitForFunction(() => document.querySelector('[data-testid=text-joint]')?.value.includes('geaggregeerde cijfers'));
    await anna.getByTestId('assent').click();
    await consent(chris, 'Gemeente Gouda', 'assented');
    await consent(chris, 'Provincie Utrecht', 'waiting');
    assert.equal(await facilitator.getByLabel('Overeenstemming', { exact: true }).isChecked(), false, 'not agreed yet');
    // A participant cannot mark it agreed for everybody.
    assert.equal(await anna.getByLabel('Overeenstemming', { exact: true }).isDisabled(), true);
    await chris.getByTestId('assent').click();
    await consent(anna, 'Provincie Utrecht', 'assented');
    await anna.getByTestId('consent-mine').waitFor();
    await facilitator.getByLabel('Overeenstemming', { exact: true }).and(facilitator.locator(':checked')).waitFor();
    await screenshot(anna, 'consent-01-agreed');
  });

  step('an edit after the assents asks every organisation again', async () => {
    await chris.getByTestId('text-joint').fill('Wij delen alleen geaggregeerde cijfers, per wijk.');
    await consent(anna, 'Gemeente Gouda', 'changed-since');
    await consent(anna, 'Provincie Utrecht', 'changed-since');
    await anna.getByTestId('assent').waitFor();
    await facilitator.getByLabel('Nog open', { exact: true }).and(facilitator.locator(':checked')).waitFor();
    await screenshot(anna, 'consent-02-asked-again');
  });

  step('Anna looks back at the question while the session goes on; the facilitator calls everybody back', async () => {
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    await atStep(anna, QUESTION + 1);
    await anna.locator(`[data-testid=look-back][data-step="${QUESTION}"]`).click();
    await anna.getByTestId('look-back-banner').waitFor();
    await atStep(anna, QUESTION);
    await facilitator.getByTestId('call-back').click();
    await anna.getByTestId('look-back-banner').waitFor({ state: 'detached' });
    await atStep(anna, QUESTION + 1);
  });

  step('an anonymous session: the facilitator sees no figures for a two-person organisation', async () => {
    const anonymous = await createRoom({
      templateId: 'data-team-start',
      title: 'Anoniem datateam',
      anonymous: true,
      minimumGroupSize: 3,
    });
    await openConsole(facilitator, anonymous);
    // Five raters over WebSockets in one page on node 2: three of Gemeente Gouda, two of Waterschap Rijnland.
    const sockets = await open('raters');
    await sockets.goto(`${NODE2}/`);
    const raters = [
      ['Anna', 'Gemeente Gouda', 5],
      ['Bram', 'Gemeente Gouda', 5],
      ['Cas', 'Gemeente Gouda', 5],
      ['Dirk', 'Waterschap Rijnland', 1],
      ['Eva', 'Waterschap Rijnland', 2],
    ];
    await sockets.evaluate(
      async ({ url, roomId, raters }) => {
        const wait = (found) =>
          new Promise((resolve, reject) => {
            const started = Date.now();
            const tick = () => {
              const v = found();
              if (v) resolve(v);
              else if (Date.now() - started > 10_000) reject(new Error('no answer in time'));
              else setTimeout(tick, 20);
            };
            tick();
          });
        window.raters = [];
        for (const [name, organisation, value] of raters) {
          const socket = new WebSocket(url);
          const inbox = [];
          socket.onmessage = (e) => inbox.push(JSON.parse(e.data));
          await new Promise((resolve) => (socket.onopen = resolve));
          socket.send(JSON.stringify({ type: 'hello', protocol: 1, roomId, auth: { kind: 'join', name, organisation } }));
          await wait(() => inbox.find((m) => m.type === 'welcome'));
          window.raters.push({ socket, inbox, value });
        }
      },
      { url: `${NODE2.replace(/^http/, 'ws')}/ws`, roomId: anonymous.roomId, raters },
    );
    await facilitator.getByRole('button', { name: 'Sessie starten' }).click();
    for (let i = 1; i <= COMPETENCES; i++) {
      await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
      await atStep(facilitator, i);
    }
    await sockets.evaluate(async (step) => {
      for (const [i, r] of window.raters.entries()) {
        const commandId = `rate-${i}`;
        r.socket.send(JSON.stringify({ type: 'rate', commandId, step, competenceId: 'data-analysis', value: r.value }));
        const started = Date.now();
        while (!r.inbox.find((m) => m.commandId === commandId)) {
          if (Date.now() - started > 10_000) throw new Error('rating not acknowledged');
          await new Promise((res) => setTimeout(res, 20));
        }
        const answer = r.inbox.find((m) => m.commandId === commandId);
        if (answer.type !== 'ack') throw new Error(JSON.stringify(answer));
      }
    }, COMPETENCES);
    const stepView = facilitator.locator(`[data-testid=step][data-step="${COMPETENCES}"]`);
    await stepView.getByTestId('no-breakdown').waitFor();
    await facilitator.waitForFunction(
      (raters) => document.querySelector('[data-testid=step]')?.textContent?.includes(String(raters)),
      raters.length,
    );
    assert.equal(await stepView.getByTestId('coverage-per-organisation').count(), 0, 'no table per organisation');
    const text = await stepView.textContent();
    assert.ok(!text.includes('Waterschap Rijnland'), 'the step names no organisation with figures');
    assert.ok(!text.includes('1,5'), "the small group's average (1,5) is nowhere");
    await screenshot(facilitator, 'consent-03-anonymous-facilitator');
  });
});
