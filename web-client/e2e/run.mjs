// End-to-end test of the web client against two running cluster nodes, driving Debian's Chromium with
// playwright-core. Run with node 20+: `node e2e/run.mjs` (node:test reports the results).
//
// Environment (set by the Java integration test that starts PostgreSQL and the nodes):
//   WERKPLAATS_E2E_NODE1, WERKPLAATS_E2E_NODE2            base URLs, e.g. http://127.0.0.1:18081
//   WERKPLAATS_E2E_NODE1_PID, WERKPLAATS_E2E_NODE2_PID    process ids (node 2 is killed with SIGKILL)
//   WERKPLAATS_E2E_ORGANISER_KEY                          the organiser key both nodes accept
//   WERKPLAATS_E2E_ARTIFACTS                              directory for screenshots (created if missing)
//   WERKPLAATS_E2E_CHROMIUM (optional)                    browser binary, default /usr/bin/chromium
//
// The scenario: the organiser signs in (an account the administrator made) and creates a room from the
// data-team-start template on node 1; a facilitator
// (node 1) and two participants from different organisations (one on node 1, one on node 2) run three steps
// and see each other's answers within a second; a participant reloads and is still the same participant;
// three people (one on a phone-sized viewport, on node 2) type at one spot of a canvas field at once and
// every screen shows the same text within a second, each sentence in one piece; the facilitator locks the
// step while a participant is still typing, sees who was, and the typing is kept (not saved, copyable) and
// saved after unlocking; node 2 is killed and its participant carries on through node 1 without losing an answer; the
// organiser downloads the summary and signs out. axe-core checks
// the join, participant, facilitator and organiser screens; a screenshot of each screen is saved.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, actors, checkAccessibility, dependentSteps, screenshot } from './support.mjs';

const env = process.env;
const NODE1 = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const NODE2 = (env.WERKPLAATS_E2E_NODE2 ?? '').replace(/\/+$/, '');
const NODE2_PID = Number(env.WERKPLAATS_E2E_NODE2_PID ?? 0);
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const configured = Boolean(NODE1 && NODE2 && ORGANISER_KEY);

/** Live updates must reach the others within this many ms. */
const LIVE_MS = 1000;
const TEMPLATE = 'data-team-start';
// Steps of data-team-start used here: 1 check-in (cards), 2 project canvas, 3 competences.
const STEP_CARDS = 1;
const STEP_CANVAS = 2;
const STEP_COMPETENCES = 3;

const ws = (httpUrl) => httpUrl.replace(/^http/, 'ws') + '/ws';
const people = actors();
/** Uncaught script errors on any page: there must be none. */
const pageErrors = people.pageErrors;
const newActor = (name) => people.open(name);

/** Waits for the step with this index to be shown. */
async function atStep(page, index, timeout = 5000) {
  await page.locator(`[data-testid=step][data-step="${index}"]`).waitFor({ timeout });
}

/** Each step needs the ones before it; after a failure, a screenshot of every page. */
const step = dependentSteps(it, () => people.screenshotAll('failure'));

describe('Werkplaats web client end to end', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1/2 and _ORGANISER_KEY are not set' }, () => {
  let organiser;
  let facilitator;
  let p1; // Gemeente Gouda, on node 1
  let p2; // Provincie Utrecht, on node 2, falls back to node 1
  let dropOpsOfP1 = false; // participant 1's text operations are dropped on the way (the removal step)
  const room = {};

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    organiser = await newActor('organiser');
  });

  after(async () => {
    await people.close();
  });

  step('the organiser signs in with the account the administrator made on node 2, and creates a room on node 1', async () => {
    // The administrator makes the account with the organiser key, on the other node.
    const made = await fetch(`${NODE2}/api/organisers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ORGANISER_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'olga@gemeente.example', displayName: 'Olga Organisator', password: 'een lang wachtwoord' }),
    });
    assert.equal(made.status, 201, await made.text());
    await organiser.goto(`${NODE1}/o`);
    await organiser.getByLabel('E-mailadres', { exact: true }).fill('olga@gemeente.example');
    await organiser.getByLabel('Wachtwoord', { exact: true }).fill('een verkeerd wachtwoord');
    await organiser.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await organiser.getByText('Het e-mailadres of het wachtwoord klopt niet.').waitFor();
    await organiser.getByLabel('Wachtwoord', { exact: true }).fill('een lang wachtwoord');
    await organiser.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await organiser.getByTestId('signed-in-as').filter({ hasText: 'Ingelogd als Olga Organisator (olga@gemeente.example).' }).waitFor();
    const select = organiser.getByLabel('Werkvorm', { exact: true });
    await select.locator(`option[value="${TEMPLATE}"]`).waitFor({ state: 'attached' });
    await select.selectOption(TEMPLATE);
    await organiser.getByLabel('Titel van de sessie', { exact: true }).fill('E2E: startsessie dataproject');
    await organiser.getByRole('button', { name: 'Sessie aanmaken' }).click();
    const created = organiser.getByTestId('created-room');
    await created.waitFor();
    room.code = (await organiser.getByTestId('created-code').textContent()).trim();
    const facilitatorUrl = new URL(await organiser.getByTestId('created-facilitator-url').getAttribute('href'));
    const participantUrl = new URL(await organiser.getByTestId('created-participant-url').getAttribute('href'));
    room.id = decodeURIComponent(participantUrl.pathname.split('/').pop());
    room.facilitatorToken = facilitatorUrl.hash.slice(1);
    assert.match(room.id, /\S/);
    assert.ok(room.facilitatorToken.length > 10, 'the facilitator link carries a token');
    assert.match(room.code, /^[A-Z0-9]{3}-?[A-Z0-9]{3}$/);
    // The session appears in the list of sessions.
    await organiser.getByRole('button', { name: 'Lijst vernieuwen' }).click();
    await organiser.getByTestId('session').filter({ hasText: 'E2E: startsessie dataproject' }).first().waitFor({ timeout: 5000 });
    await checkAccessibility(organiser, 'organiser');
    await screenshot(organiser, '01-organiser');
  });

  step('the organiser uploads an invalid template and sees where it is wrong', async () => {
    await organiser.getByLabel('JSON-bestand met de werkvorm', { exact: true }).setInputFiles({
      name: 'kapot.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ id: 'Kapot!', version: 1, steps: [] })),
    });
    await organiser.getByRole('button', { name: 'Werkvorm uploaden' }).click();
    const problems = organiser.getByTestId('template-problems');
    await problems.waitFor();
    assert.ok((await problems.locator('tbody tr').count()) >= 1, 'at least one problem is listed');
    assert.match(await problems.textContent(), /\/steps|\/id/);
    await checkAccessibility(organiser, 'organiser with template problems');
    await screenshot(organiser, '01b-organiser-template-problems');
  });

  step('the facilitator opens the console on node 1 and sees the join code', async () => {
    facilitator = await newActor('facilitator');
    await facilitator.goto(`${NODE1}/f/${encodeURIComponent(room.id)}#${room.facilitatorToken}`);
    await facilitator.getByLabel('Je naam', { exact: true }).fill('Bea de Begeleider');
    await facilitator.getByLabel('Organisatie', { exact: true }).fill('Datawerkplaats');
    await facilitator.getByRole('button', { name: 'Sessie openen' }).click();
    const code = facilitator.getByTestId('join-code');
    await code.waitFor();
    assert.equal((await code.textContent()).replace('-', ''), room.code.replace('-', ''));
    await facilitator.getByRole('button', { name: 'Sessie starten' }).waitFor();
    await checkAccessibility(facilitator, 'facilitator (lobby)');
    await screenshot(facilitator, '02a-facilitator-lobby');
  });

  step('participant 1 joins on node 1 with the join code', async () => {
    p1 = await newActor('participant1');
    await p1.goto(`${NODE1}/`);
    await checkAccessibility(p1, 'home');
    await screenshot(p1, '02b-home');
    await p1.getByLabel('Deelnamecode', { exact: true }).fill(room.code.toLowerCase());
    await p1.getByRole('button', { name: 'Naar de sessie' }).click();
    await p1.waitForURL(`**/j/${encodeURIComponent(room.id)}`);
    await p1.getByLabel('Je naam', { exact: true }).fill('Fatima El Amrani');
    await newOrganisation(p1, 'Gemeente Gouda');
    await p1.getByLabel('Je functie (niet verplicht)').fill('data-analist');
    await checkAccessibility(p1, 'join');
    await screenshot(p1, '02-join');
    await p1.getByRole('button', { name: 'Meedoen', exact: true }).click();
    await p1.getByText('Jij: Fatima El Amrani (Gemeente Gouda)').waitFor();
    // The interface speaks English too.
    await p1.getByRole('button', { name: 'English' }).click();
    await p1.getByText('You: Fatima El Amrani (Gemeente Gouda)').waitFor();
    await p1.getByRole('heading', { name: 'Agenda' }).waitFor();
    await p1.getByRole('button', { name: 'Nederlands' }).click();
    await p1.getByText('Jij: Fatima El Amrani (Gemeente Gouda)').waitFor();
    await checkAccessibility(p1, 'participant (lobby)');
    await screenshot(p1, '02c-participant-lobby');
  });

  step('participant 2 joins on node 2, with node 1 as fallback', async () => {
    p2 = await newActor('participant2');
    const nodes = `${ws(NODE2)},${ws(NODE1)}`;
    await p2.goto(`${NODE2}/j/${encodeURIComponent(room.id)}?nodes=${encodeURIComponent(nodes)}`);
    await p2.getByLabel('Je naam', { exact: true }).fill('Jan de Vries');
    // Gemeente Gouda is offered as an organisation already.
    await p2.getByLabel('Gemeente Gouda', { exact: true }).waitFor();
    await newOrganisation(p2, 'Provincie Utrecht');
    await p2.getByRole('button', { name: 'Meedoen', exact: true }).click();
    await p2.getByText('Jij: Jan de Vries (Provincie Utrecht)').waitFor();
    // Everybody sees who is present, per organisation.
    await facilitator.getByTestId('presence-org').filter({ hasText: 'Provincie Utrecht' }).getByText('Jan de Vries').waitFor();
    await p1.getByTestId('presence-org').filter({ hasText: 'Provincie Utrecht' }).waitFor();
  });

  step('step 1 (cards): each sees the other\'s cards within a second', async () => {
    await facilitator.getByRole('button', { name: 'Sessie starten' }).click();
    await atStep(p1, 0);
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    await atStep(p1, STEP_CARDS);
    await atStep(p2, STEP_CARDS);
    await p1.getByLabel(/^Nieuwe kaart bij:/).first().fill('Nieuwsgierig naar de data van de provincie');
    await p1.getByRole('button', { name: 'Kaart toevoegen' }).first().click();
    await p2.getByTestId('card').filter({ hasText: 'Nieuwsgierig naar de data van de provincie' }).waitFor({ timeout: LIVE_MS });
    await p2.getByLabel(/^Nieuwe kaart bij:/).first().fill('Ik wil weten wie eigenaar is van de data');
    await p2.getByRole('button', { name: 'Kaart toevoegen' }).first().click();
    await p1.getByTestId('card').filter({ hasText: 'Ik wil weten wie eigenaar is van de data' }).waitFor({ timeout: LIVE_MS });
    await facilitator.getByTestId('card').filter({ hasText: 'Ik wil weten wie eigenaar is van de data' }).waitFor({ timeout: LIVE_MS });
    await screenshot(p2, '03a-participant-cards');
    // The projector view: its own read-only link, large type, no controls.
    await facilitator.getByTestId('make-projector-link').click();
    const projectorUrl = await facilitator.getByTestId('projector-link').getAttribute('href');
    assert.ok(!projectorUrl.includes(room.facilitatorToken), 'the facilitator token is in no projector link');
    const projector = await facilitator.context().newPage();
    await projector.goto(projectorUrl);
    await projector.locator('.pj-note').filter({ hasText: 'Ik wil weten wie eigenaar is van de data' }).waitFor();
    assert.equal(await projector.getByRole('button', { name: 'Volgende stap' }).count(), 0, 'no controls on the projector');
    await checkAccessibility(projector, 'projector');
    await screenshot(projector, '03b-projector');
    await projector.close();
  });

  step('step 2 (canvas): shared text fields update live on both nodes', async () => {
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    await atStep(p1, STEP_CANVAS);
    await atStep(p2, STEP_CANVAS);
    const fieldsP1 = p1.locator('[data-testid^="text-field:"]');
    const fieldsP2 = p2.locator('[data-testid^="text-field:"]');
    await fieldsP1.first().fill('Armoede onder jongeren in de regio');
    await assertValue(fieldsP2.first(), 'Armoede onder jongeren in de regio', LIVE_MS + 500);
    await fieldsP2.nth(1).fill('Welke jongeren lopen risico op schulden?');
    await assertValue(fieldsP1.nth(1), 'Welke jongeren lopen risico op schulden?', LIVE_MS + 500);
    await checkAccessibility(p1, 'participant');
    await screenshot(p1, '03-participant-canvas');
  });

  step('three people type at one spot at once (one on a phone): every screen shows the same text within a second', async () => {
    // Participant 2 (node 2) on a phone-sized screen.
    await p2.setViewportSize({ width: 390, height: 844 });
    const field = (page) => page.getByTestId('text-field:stakeholders');
    const box = (page) => page.locator('.wp-shared:has([data-testid="text-field:stakeholders"])');
    await field(p1).fill('Betrokkenen: ');
    for (const page of [facilitator, p2]) await assertValue(field(page), 'Betrokkenen: ', LIVE_MS + 500);
    const sentences = new Map([
      [facilitator, 'de begeleider noemt het datateam. '],
      [p1, 'Gouda noemt de wijkteams en de GGD. '],
      [p2, 'Utrecht noemt het RIEC en de scholen. '],
    ]);
    const typers = [...sentences.keys()];
    // Everybody puts the caret at the end, then all type at once with real keystrokes.
    for (const page of typers) {
      await field(page).click();
      await page.keyboard.press('Control+End');
    }
    const started = Date.now();
    await Promise.all(typers.map((page) => page.keyboard.type(sentences.get(page), { delay: 35 })));
    const lastKey = Date.now();
    // Somebody else's typing is shown while it happens (checked on one screen, it has long expired otherwise).
    let values;
    let converged = -1;
    while (Date.now() - lastKey < 5000) {
      values = await Promise.all(typers.map((page) => field(page).inputValue()));
      const saved = await Promise.all(typers.map((page) => box(page).getByTestId('text-status').getAttribute('data-unsaved')));
      if (values.every((v) => v === values[0]) && saved.every((u) => u === 'false')) {
        converged = Date.now() - lastKey;
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    console.log(`[typing] three people typed for ${lastKey - started} ms; every screen showed the same text ${converged} ms after the last keystroke`);
    assert.ok(converged >= 0, `the screens did not converge: ${JSON.stringify(values)}`);
    assert.ok(converged <= LIVE_MS, `every screen showed the same text ${converged} ms after the last keystroke (at most ${LIVE_MS})`);
    const text = values[0];
    assert.ok(text.startsWith('Betrokkenen: '), text);
    for (const sentence of sentences.values()) assert.ok(text.includes(sentence), `[${sentence}] in one piece in [${text}]`);
    assert.equal(text.length, 'Betrokkenen: '.length + [...sentences.values()].join('').length, 'nothing lost or doubled');
    assert.ok(!text.includes('⇄'), 'no conflict marker');
    await screenshot(p2, '03c-participant-phone-typing');
    // Leaving the field ends one's typing notice at once (not after its 3 s).
    for (const page of typers) await field(page).blur();
    await box(p1).getByTestId('text-typing').waitFor({ state: 'detached', timeout: 2000 });
    await p2.setViewportSize({ width: 1366, height: 900 });
  });

  step('the facilitator locks while a participant is still typing: the typing is kept, the facilitator sees who, unlocking saves it', async () => {
    const field = (page) => page.getByTestId('text-field:data-sources');
    const box = (page) => page.locator('.wp-shared:has([data-testid="text-field:data-sources"])');
    // Hold back what node 1 sends participant 1 on demand (so that the lock reaches the room while the
    // participant's typing is still on its way, as on a slow connection); the page reconnects through it.
    let hold = false;
    const held = [];
    const flush = [];
    await p1.routeWebSocket(/\/ws$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (dropOpsOfP1 && typeof m === 'string' && m.includes('"text-op"')) return;
        server.send(m);
      });
      server.onMessage((m) => {
        if (hold) held.push(m);
        else ws.send(m);
      });
      flush.push(() => {
        for (const m of held.splice(0)) ws.send(m);
      });
    });
    await p1.reload();
    await atStep(p1, STEP_CANVAS);
    const sentence = 'Gouda levert de registratie van schuldhulpverlening aan, per wijk en per kwartaal.';
    await field(p1).click();
    const typing = p1.keyboard.type(sentence, { delay: 60 });
    // The others see who is typing where.
    await box(facilitator).getByTestId('text-typing').filter({ hasText: 'Fatima El Amrani (Gemeente Gouda) typt…' }).waitFor({ timeout: 3000 });
    await box(p2).getByTestId('text-typing').filter({ hasText: 'Fatima El Amrani (Gemeente Gouda) typt…' }).waitFor({ timeout: 3000 });
    hold = true;
    await facilitator.getByRole('button', { name: 'Antwoorden vergrendelen' }).click();
    const notice = facilitator.locator('.wp-notice').filter({ hasText: 'nog aan het typen:' });
    await notice.waitFor({ timeout: 3000 });
    assert.match(await notice.textContent(), /Eén persoon was nog aan het typen: Fatima El Amrani\. .*bewaard tot de stap weer opengaat/);
    await p1.waitForTimeout(400); // participant 1 goes on typing, the lock not yet on their screen
    hold = false;
    for (const f of flush) f();
    await typing;
    // Participant 1 keeps what they typed, marked as not saved, with a button to copy it.
    const heldNote = box(p1).getByTestId('text-held');
    await heldNote.waitFor({ timeout: 3000 });
    assert.equal(await heldNote.getAttribute('data-reason'), 'locked');
    await box(p1).getByTestId('text-copy').waitFor();
    const kept = await field(p1).inputValue();
    assert.ok(kept.length > 0 && sentence.startsWith(kept), `the typed text stays on screen: [${kept}]`);
    const others = await field(facilitator).inputValue();
    assert.ok(others.length < kept.length, `the room has less than participant 1 typed: [${others}] vs [${kept}]`);
    await screenshot(p1, '03d-participant-typing-held');
    await screenshot(facilitator, '03e-facilitator-still-typing');
    // Unlocked: the kept text is saved and reaches the others.
    await facilitator.getByRole('button', { name: 'Antwoorden ontgrendelen' }).click();
    await assertValue(field(facilitator), kept, LIVE_MS + 1000);
    await assertValue(field(p2), kept, LIVE_MS + 1000);
    await box(p1).getByTestId('text-held').waitFor({ state: 'detached', timeout: 3000 });
    assert.equal(await box(p1).getByTestId('text-status').getAttribute('data-unsaved'), 'false');
    await notice.getByRole('button', { name: 'Sluiten' }).click();
  });

  step('a participant reloads and is still the same participant, with their answers', async () => {
    await p1.reload();
    await p1.getByText('Jij: Fatima El Amrani (Gemeente Gouda)').waitFor();
    await atStep(p1, STEP_CANVAS);
    await assertValue(p1.locator('[data-testid^="text-field:"]').first(), 'Armoede onder jongeren in de regio', 3000);
    // Still one Fatima in the room.
    assert.equal(await facilitator.getByTestId('presence-org').getByText('Fatima El Amrani').count(), 1);
  });

  step('step 3 (competences): ratings and the coverage appear live', async () => {
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    await atStep(p1, STEP_COMPETENCES);
    await atStep(p2, STEP_COMPETENCES);
    const first = p1.locator('fieldset.wp-rating').first();
    await first.getByLabel('5', { exact: true }).check();
    await p2.getByText('1 persoon heeft zichzelf ingeschat.').or(p2.getByText('Eén persoon heeft zichzelf ingeschat.')).waitFor({ timeout: LIVE_MS });
    await p2.locator('fieldset.wp-rating').first().getByLabel('2', { exact: true }).check();
    await p1.getByText('2 personen hebben zichzelf ingeschat.').waitFor({ timeout: LIVE_MS });
    await checkAccessibility(facilitator, 'facilitator');
    await screenshot(facilitator, '04-facilitator');
  });

  step('node 2 dies; its participant carries on through node 1 without losing an answer', { skip: NODE2_PID ? false : 'WERKPLAATS_E2E_NODE2_PID not set' }, async () => {
    process.kill(NODE2_PID, 'SIGKILL');
    // The participant's page says the connection is lost or reconnecting, then back.
    await p2.getByTestId('connection-banner').waitFor({ timeout: 30_000 });
    // An answer given while the node is gone is kept and sent once the client reaches node 1.
    await p2.locator('fieldset.wp-rating').nth(1).getByLabel('4', { exact: true }).check();
    // Reconnected through node 1: no "reconnecting" banner any more.
    await p2.waitForFunction(() => !document.querySelector('[data-testid=connection-banner][data-state=reconnecting]'), null, { timeout: 30_000 });
    await screenshot(p2, '05-participant-after-failover');
    // The earlier answers are all there.
    const myRating = p2.locator('fieldset.wp-rating').first().getByLabel('2', { exact: true });
    assert.equal(await myRating.isChecked(), true, 'the rating given before the failover is still there');
    assert.equal(await p2.locator('fieldset.wp-rating').nth(1).getByLabel('4', { exact: true }).isChecked(), true);
    // ... and the others see the answer given during the failover.
    await p1.getByText(/van 2 tot 4|van 4 tot 4|\(hoogste 4\)/).first().waitFor({ timeout: 10_000 });
    // The work of step 2 is intact for everybody.
    await facilitator.getByRole('button', { name: 'Vorige stap' }).click();
    await atStep(p2, STEP_CANVAS);
    await assertValue(p2.locator('[data-testid^="text-field:"]').nth(1), 'Welke jongeren lopen risico op schulden?', 3000);
    // New edits after the failover still reach the others live.
    await p2.locator('[data-testid^="text-field:"]').nth(2).fill('Hoeveel jongeren hebben een betalingsachterstand?');
    await assertValue(p1.locator('[data-testid^="text-field:"]').nth(2), 'Hoeveel jongeren hebben een betalingsachterstand?', LIVE_MS + 500);
  });

  step('a participant removed while typing keeps, to copy, what the room never took', async () => {
    // Participant 1's socket runs through the route of the lock step: from now on it drops the text
    // operations the page sends, so that the typing has not reached the room when the facilitator removes them.
    dropOpsOfP1 = true;
    await atStep(p1, STEP_CANVAS);
    const field = p1.locator('[data-testid^="text-field:"]').nth(3);
    const sentence = 'Gouda levert de cijfers per wijk aan.';
    await field.click();
    await p1.keyboard.type(sentence, { delay: 20 });
    await facilitator.getByText(/^Deelnemers beheren/).click();
    await facilitator.getByRole('button', { name: /Verwijderen.*Fatima El Amrani/ }).click(); // the confirm dialog is accepted
    await p1.getByText('De begeleider heeft je uit deze sessie verwijderd.', { exact: false }).waitFor({ timeout: 10_000 });
    const kept = p1.getByTestId('unsaved-texts');
    await kept.waitFor({ timeout: 3000 });
    const text = await kept.locator('textarea').first().inputValue();
    assert.ok(text.includes(sentence), `the typing the room never took is shown to copy: [${text}]`);
    await kept.getByRole('button', { name: 'Kopieer mijn tekst' }).first().waitFor();
    await screenshot(p1, '05b-participant-removed-unsaved');
  });

  step('the facilitator ends the session; everything becomes read-only; the organiser downloads the summary and signs out', async () => {
    await facilitator.getByRole('button', { name: 'Sessie beëindigen' }).click(); // the confirm dialog is accepted
    await p2.getByTestId('room-status').filter({ hasText: 'Afgelopen' }).waitFor();
    await p2.getByTestId('readonly-reason').waitFor();
    assert.equal(await p2.locator('textarea').count(), 0, 'no editable text after the end');
    await screenshot(p2, '06-participant-ended');
    // The frozen summary shows up in the organiser's list, with its downloads.
    const session = organiser.getByTestId('session').filter({ hasText: 'E2E: startsessie dataproject' }).first();
    const deadline = Date.now() + 20_000;
    while (!(await session.getByRole('button', { name: /^JSON/ }).count()) && Date.now() < deadline) {
      await organiser.getByRole('button', { name: 'Lijst vernieuwen' }).click();
      await organiser.waitForTimeout(1000);
    }
    const [download] = await Promise.all([
      organiser.waitForEvent('download'),
      session.getByRole('button', { name: /^JSON/ }).first().click(),
    ]);
    assert.match(download.suggestedFilename(), /-v1\.json$/);
    const file = join(ARTIFACTS, 'summary-v1.json');
    await download.saveAs(file);
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(JSON.stringify(summary).includes('Welke jongeren lopen risico op schulden?'), 'the summary holds the canvas answer');
    await screenshot(organiser, '07-organiser-summary');
    // Signing out ends the session on the server: after a reload the page asks to sign in again.
    await organiser.getByRole('button', { name: 'Uitloggen' }).click();
    await organiser.getByLabel('E-mailadres', { exact: true }).waitFor();
    await organiser.reload();
    await organiser.getByLabel('E-mailadres', { exact: true }).waitFor();
    assert.equal(await organiser.getByTestId('session').count(), 0, 'no session is listed once signed out');
  });

  step('everyone still in the session gets the results link and downloads their session\'s summary without a key', async () => {
    for (const page of [p2, facilitator]) {
      const link = page.getByTestId('results-link');
      await link.waitFor({ timeout: 10_000 });
      const href = new URL(await link.getAttribute('href'), NODE1);
      assert.equal(decodeURIComponent(href.pathname), `/s/${room.id}`, 'the link opens this session\'s results');
      assert.match(href.hash, /^#[A-Za-z0-9_-]{32}$/, 'the credential only in the fragment');
    }
    // The facilitator console offers every download too.
    const downloads = facilitator.getByTestId('summary-versions');
    await downloads.getByTestId('summary-version').first().waitFor({ timeout: 10_000 });
    assert.equal(await downloads.locator('button[data-format]').count(), 9, 'every format, the agreements as CSV and calendar');
    // Participant 2 follows the link (on node 1: their own node 2 was killed above): the versions, and each
    // format downloads.
    await p2.goto(`${NODE1}${await p2.getByTestId('results-link').getAttribute('href')}`);
    await p2.getByRole('heading', { level: 1, name: 'Resultaten van de sessie' }).waitFor();
    const version = p2.getByTestId('summary-version').first();
    await version.waitFor({ timeout: 10_000 });
    for (const format of ['pdf', 'docx', 'html', 'md', 'json', 'csv', 'xlsx', 'agreements.csv', 'agreements.ics']) {
      const [download] = await Promise.all([p2.waitForEvent('download'), version.locator(`button[data-format="${format}"]`).click()]);
      assert.ok(download.suggestedFilename().endsWith(`-v1.${format}`), `${format}: ${download.suggestedFilename()}`);
      const file = join(ARTIFACTS, `results-v1.${format}`);
      await download.saveAs(file);
      assert.ok(readFileSync(file).length > 0, `${format} has content`);
    }
    const summary = JSON.parse(readFileSync(join(ARTIFACTS, 'results-v1.json'), 'utf8'));
    assert.equal(summary.room.id, room.id, 'the summary of their own session');
    assert.equal(readFileSync(join(ARTIFACTS, 'results-v1.docx')).subarray(0, 2).toString(), 'PK', 'a DOCX is a zip');
    await checkAccessibility(p2, 'results page');
    await screenshot(p2, '08-participant-results');
  });

  step('the organiser signs in again and sees the session in the evaluation over time, as a chart and as a table', async () => {
    await organiser.goto(`${NODE1}/o`);
    await organiser.getByLabel('E-mailadres', { exact: true }).fill('olga@gemeente.example');
    await organiser.getByLabel('Wachtwoord', { exact: true }).fill('een lang wachtwoord');
    await organiser.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await organiser.getByTestId('signed-in-as').waitFor();
    const evaluations = organiser.getByTestId('evaluations');
    await evaluations.getByLabel('Werkvorm om te evalueren', { exact: true }).selectOption(TEMPLATE);
    const table = evaluations.getByTestId('marks-table');
    await table.getByText('E2E: startsessie dataproject').first().waitFor({ timeout: 10_000 });
    await evaluations.getByTestId('marks-chart').waitFor();
    await checkAccessibility(organiser, 'organiser with evaluations');
    await screenshot(organiser, '09-organiser-evaluations');
  });

  step('no page had an uncaught script error', async () => {
    assert.deepEqual(pageErrors, []);
  });
});

/** On the join form: a new organisation (after "another organisation" when the room offers some already). */
async function newOrganisation(page, name) {
  await page.getByRole('heading', { level: 1, name: 'E2E: startsessie dataproject' }).waitFor();
  const other = page.getByLabel('Een andere organisatie', { exact: true });
  if ((await other.count()) > 0) {
    await other.check();
    await page.getByLabel('Naam van je organisatie', { exact: true }).fill(name);
  } else {
    await page.getByLabel('Naam van je organisatie', { exact: true }).fill(name);
  }
}

/** Waits until a textarea (or read-only text) shows exactly `expected`. */
async function assertValue(locator, expected, timeout) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await locator.evaluate((el) => ('value' in el ? el.value : el.textContent)).catch(() => undefined);
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(last, expected);
}
