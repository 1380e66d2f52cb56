// End-to-end test of pre-work in Debian's Chromium (playwright-core) against two cluster nodes whose clock is a
// day back (WERKPLAATS_CLOCK_OFFSET=-P1D). Run by PreWorkEndToEndIT.
//
// The scenario: the organiser makes a Checklist session on the organiser page with its first two questions open
// for answering beforehand, from a moment that has passed by the nodes' clock, until the planned start. The
// facilitator opens the console on node 1; Anna (Gemeente Gouda, node 1) and Chris (Provincie Utrecht, node 2)
// answer a question each from the lobby, and Chris sees Anna's answer appear live. The facilitator sees who
// answered per organisation and copies the reminder. Then the nodes restart on the real clock ("the next day",
// asked of the Java side through WERKPLAATS_E2E_SIGNALS) and the facilitator starts the session: both answers
// are there, per organisation, on every screen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { ARTIFACTS, actors, checkAccessibility, dependentSteps, joinAs, screenshot } from './support.mjs';

const env = process.env;
const NODE1 = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const NODE2 = (env.WERKPLAATS_E2E_NODE2 ?? '').replace(/\/+$/, '');
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const SIGNALS = env.WERKPLAATS_E2E_SIGNALS ?? '';
const configured = Boolean(NODE1 && NODE2 && ORGANISER_KEY && SIGNALS);
const DAY = 24 * 3600 * 1000;
const TITLE = 'Datadelen jeugdzorg (vooraf)';
const GOUDA = 'Gemeente Gouda';
const UTRECHT = 'Provincie Utrecht';
const ANNA_ANSWER = 'Gouda deelt alleen cijfers per wijk.';
const CHRIS_ANSWER = 'Utrecht wil de doelen eerst samen vastleggen.';

const people = actors();
let organiser;
let facilitator;
let anna;
let chris;
let session;
const step = dependentSteps(it, () => people.screenshotAll('prework-failure'));

/** A moment as a datetime-local field wants it, in this machine's zone (which Chromium shares). */
function localInput(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Asks the Java side for `name` and waits until it is done. */
async function signal(name, timeoutMs) {
  writeFileSync(joinPath(SIGNALS, `${name}.request`), name);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(joinPath(SIGNALS, `${name}.done`))) return;
    if (existsSync(joinPath(SIGNALS, `${name}.failed`))) throw new Error(`${name} failed`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} took longer than ${timeoutMs} ms`);
}

const join = (page, node, name, organisation) => joinAs(page, node, session.roomId, name, organisation);

/** Waits until `organisation`'s answer to `step` shows `text`: as text, or in the field of whoever may edit it. */
const answerShown = (page, step, organisation, text) =>
  page.waitForFunction(
    ([s, o, t]) => {
      const el = document.querySelector(`[data-testid=step][data-step="${s}"] [data-testid=org-answer][data-organisation="${o}"]`);
      const field = el?.querySelector('textarea');
      return !!el && (field ? field.value : el.textContent).includes(t);
    },
    [step, organisation, text],
    { timeout: 30_000 },
  );
const row = (page, step, organisation, answered) =>
  page.locator(`[data-testid=prework-answered][data-step="${step}"] [data-testid=prework-row][data-organisation="${organisation}"][data-answered="${answered}"]`);

/** Back on line after the nodes restarted: no "connection lost" banner. */
const reconnected = (page) =>
  page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=connection-banner]');
    return !b || b.getAttribute('data-state') === 'back';
  }, null, { timeout: 90_000 });

describe('pre-work: answered the day before, there when the session starts', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1/2, _ORGANISER_KEY and _SIGNALS are not set' }, () => {
  before(() => mkdirSync(ARTIFACTS, { recursive: true }));
  after(async () => {
    assert.deepEqual(people.pageErrors, [], 'no script errors on any page');
    await people.close();
  });

  step('the organiser makes a session with its first two questions open beforehand, by the nodes\' clock a day back', async () => {
    organiser = await people.open('organiser');
    await organiser.goto(`${NODE1}/o`);
    await organiser.getByLabel('Organisatorsleutel', { exact: true }).fill(ORGANISER_KEY);
    await organiser.getByRole('button', { name: 'Doorgaan' }).click();
    const form = organiser.getByRole('region', { name: 'Nieuwe sessie' });
    await form.getByLabel('Werkvorm', { exact: true }).selectOption('checklist-samen-data-delen');
    await form.getByLabel('Titel van de sessie', { exact: true }).fill(TITLE);
    await form.getByText('Vooraf invullen (optioneel)').click();
    await form.locator('[data-testid=prework-step][data-step="1"]').check();
    await form.locator('[data-testid=prework-step][data-step="2"]').check();
    // The nodes live a day back: "from" lies an hour before their now, the planned start a day after it.
    await form.getByLabel('Vanaf', { exact: true }).fill(localInput(Date.now() - DAY - 3600_000));
    await form.getByLabel('Start van de sessie (deadline, optioneel)', { exact: true }).fill(localInput(Date.now() + 3600_000));
    await form.getByRole('button', { name: 'Sessie aanmaken' }).click();
    await form.getByTestId('created-title').waitFor();
    const facilitatorUrl = await form.getByTestId('created-facilitator-url').textContent();
    const participantUrl = await form.getByTestId('created-participant-url').textContent();
    session = { roomId: new URL(participantUrl).pathname.split('/').pop(), facilitatorPath: facilitatorUrl.replace(/^https?:\/\/[^/]+/, '') };
    await screenshot(organiser, 'prework-01-organiser');
  });

  step('the facilitator opens the console; Anna (node 1) and Chris (node 2) answer from the lobby, live to each other', async () => {
    facilitator = await people.open('facilitator');
    await facilitator.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: NODE1 });
    await facilitator.goto(`${NODE1}${session.facilitatorPath}`);
    await facilitator.getByLabel('Je naam', { exact: true }).fill('Bea de Begeleider');
    await facilitator.getByLabel('Organisatie', { exact: true }).fill('Datawerkplaats');
    await facilitator.getByRole('button', { name: 'Sessie openen' }).click();
    await facilitator.getByRole('button', { name: 'Sessie starten' }).waitFor();
    anna = await people.open('anna');
    chris = await people.open('chris');
    await join(anna, NODE1, 'Anna de Wit', GOUDA);
    await join(chris, NODE2, 'Chris Smit', UTRECHT);
    await anna.locator('[data-testid=prework-open][data-step="1"]').click();
    await chris.locator('[data-testid=prework-open][data-step="1"]').click();
    await anna.getByTestId(`text-org:${GOUDA}`).fill(ANNA_ANSWER);
    await answerShown(chris, 1, GOUDA, ANNA_ANSWER);
    await checkAccessibility(chris, 'pre-work step in the lobby');
    await screenshot(chris, 'prework-02-live');
    await chris.getByTestId('prework-back').click();
    await chris.locator('[data-testid=prework-open][data-step="2"]').click();
    await chris.getByTestId(`text-org:${UTRECHT}`).fill(CHRIS_ANSWER);
  });

  step('the facilitator sees who answered per organisation and copies the reminder', async () => {
    await row(facilitator, 1, GOUDA, 'yes').waitFor();
    await row(facilitator, 1, UTRECHT, 'no').waitFor();
    await row(facilitator, 2, UTRECHT, 'yes').waitFor();
    await row(facilitator, 2, GOUDA, 'no').waitFor();
    assert.match(await row(facilitator, 1, GOUDA, 'yes').textContent(), /1 van 1/);
    await facilitator.getByRole('button', { name: 'Kopieer herinnering' }).click();
    await facilitator.getByText('Gekopieerd').waitFor();
    const reminder = await facilitator.evaluate(() => navigator.clipboard.readText());
    assert.match(reminder, new RegExp(TITLE.replace(/[()]/g, '\\$&')));
    assert.match(reminder, /Invullen kan vanaf/);
    assert.match(reminder, /Graag vóór de start van de sessie op/);
    assert.match(reminder, new RegExp(`/j/${session.roomId}`));
    assert.match(reminder, /deelnamecode [A-Z0-9]{3}-[A-Z0-9]{3}/);
    await checkAccessibility(facilitator, 'facilitator with who answered beforehand');
    await screenshot(facilitator, 'prework-03-who-answered');
  });

  step('the next day (the nodes restart on the real clock) the facilitator starts: the answers are there per organisation on every screen', async () => {
    await signal('next-day', 180_000);
    for (const page of [facilitator, anna, chris]) await reconnected(page);
    await facilitator.getByRole('button', { name: 'Sessie starten' }).click();
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    for (const page of [facilitator, anna, chris]) {
      await answerShown(page, 1, GOUDA, ANNA_ANSWER);
    }
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    for (const page of [facilitator, anna, chris]) {
      await answerShown(page, 2, UTRECHT, CHRIS_ANSWER);
    }
    await screenshot(anna, 'prework-04-in-the-session');
  });
});
