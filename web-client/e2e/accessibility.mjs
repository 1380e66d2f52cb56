// Keyboard, screen-reader and phone checks in Debian's Chromium (playwright-core), against a running node.
// Run with node 20+: `node --test e2e/accessibility.mjs`; the Java test AccessibilityIT starts the nodes.
//
// Environment: WERKPLAATS_E2E_NODE1 (base URL), WERKPLAATS_E2E_ORGANISER_KEY, WERKPLAATS_E2E_ARTIFACTS
// (screenshots), WERKPLAATS_E2E_CHROMIUM (optional).
//
// A whole Data Team Start run with the keyboard only: the facilitator (1280×800) and a participant (on a
// phone, 390×844) use nothing but key presses (Tab, Shift+Tab, Enter, Space, arrows, typing). On the way:
// the focus goes to what changed (the new step's heading, the form being edited, the item just added, the
// notice of a lock or pause; never <body>), radio groups work with the arrow keys, text typed while a card is
// being sent stays, a "locked" refusal disappears on unlock, tables fit the phone, the ten marks fit one row,
// the facilitator's essential controls fit 1280×800 without scrolling, and announcements follow the chosen
// language. axe-core (WCAG 2.1 A and AA) runs on every screen at 1280×800 and 390×844 and must find no
// violation and leave no colour contrast undecided; a screenshot of each screen at each size is saved.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, actors, axe, dependentSteps, screenshot } from './support.mjs';

const env = process.env;
const NODE = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const configured = Boolean(NODE && ORGANISER_KEY);

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const TITLE = 'Toegankelijkheid: Data Team Start';
/** The house style of the session: its main colour, and a 1×1 PNG as its logo. */
const BRAND = '#00557f';
const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const people = actors();
/** Each step needs the ones before it; after a failure, a screenshot of every page. */
const step = dependentSteps(it, () => people.screenshotAll('a11y-failure'));

// ------------------------------------------------------------------ keyboard helpers

/** What has the focus: tag, its label or text, and whether it matches `selector`. */
async function focused(page, selector = '*') {
  return page.evaluate((sel) => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { body: true, matches: false, name: '' };
    const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? '';
    const name = (label || el.textContent || '').trim().replace(/\s+/g, ' ');
    return { body: false, matches: el.matches(sel), name, tag: el.tagName.toLowerCase(), id: el.id, testid: el.getAttribute('data-testid') ?? '' };
  }, selector);
}

/** Presses Tab (or Shift+Tab) until the focus is on an element matching `selector` whose name starts with `name`. */
async function tabTo(page, selector, name = '', { back = false, max = 300 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page, selector);
    if (f.matches && f.name.startsWith(name)) return f;
  }
  throw new Error(`Tab did not reach ${selector} "${name}"`);
}

/** Tab to a button and press Enter. */
async function press(page, name, opts) {
  await tabTo(page, 'button, a', name, opts);
  await page.keyboard.press('Enter');
}

/** Tab to a field and type into it. */
async function typeInto(page, selector, label, text, opts) {
  await tabTo(page, selector, label, opts);
  await page.keyboard.type(text, { delay: 5 });
}

/** Waits until the focus is on an element matching `selector` (and never on <body>). */
async function focusLandsOn(page, selector, what, timeout = 4000) {
  const deadline = Date.now() + timeout;
  let f;
  while (Date.now() < deadline) {
    f = await focused(page, selector);
    if (f.matches) return f;
    await page.waitForTimeout(50);
  }
  assert.fail(`the focus should be on ${what}, it is on ${JSON.stringify(f)}`);
}

/** Waits (a few seconds at most) until the radio button is checked, and stays so. */
async function isChecked(locator) {
  const deadline = Date.now() + 3000;
  while (!(await locator.isChecked()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await locator.isChecked(), true, 'the radio button chosen with the keyboard is checked');
}

async function atStep(page, index, timeout = 5000) {
  await page.locator(`[data-testid=step][data-step="${index}"]`).waitFor({ timeout });
}

// ------------------------------------------------------------------ screens

/**
 * axe-core on the screen at desktop and phone size (no violations, no undecided colour contrast) and a
 * screenshot of each; the page goes back to its own size afterwards.
 */
async function checkScreen(page, name) {
  const own = page.viewportSize();
  // Checked from the top of the page: further down, the notices that stay in view (sticky) cover the content
  // under them, and axe cannot tell that content's background. The scroll position is put back afterwards.
  const scrolled = await page.evaluate(() => window.scrollY);
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    const { violations, contrastUndecided } = await axe(page);
    assert.deepEqual(violations, [], `axe violations on the ${name} screen at ${size.width}×${size.height}:\n${JSON.stringify(violations, null, 2)}`);
    assert.deepEqual(contrastUndecided, [], `colour contrast axe could not decide on the ${name} screen at ${size.width}×${size.height}`);
    await screenshot(page, `a11y-${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(own);
  await page.evaluate((y) => window.scrollTo(0, y), scrolled);
}

/** At phone size nothing scrolls sideways: not the page, not a table. */
async function fitsSideways(page, what) {
  const r = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll('table')].map((t) => ({
      id: t.getAttribute('data-testid') ?? t.caption?.textContent ?? '',
      over: t.getBoundingClientRect().right - window.innerWidth,
      scrolls: (t.parentElement?.scrollWidth ?? 0) - (t.parentElement?.clientWidth ?? 0),
    })),
  }));
  assert.ok(r.page <= 0, `${what}: the page is ${r.page}px wider than the phone`);
  for (const t of r.tables) assert.ok(t.over <= 0 && t.scrolls <= 0, `${what}: table ${t.id} does not fit: ${JSON.stringify(t)}`);
}

/** The element is (at least partly) inside the visible part of the page. */
async function inView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
  });
}

describe('Werkplaats accessibility: keyboard only, screen reader, phone', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1 and _ORGANISER_KEY are not set' }, () => {
  let organiser;
  let facilitator;
  let participant;
  /** Holds back what the server sends the participant (a slow connection), while true. */
  let hold = false;
  let release = () => undefined;
  const room = {};

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    organiser = await people.open('organiser', DESKTOP);
  });

  after(async () => {
    await people.close();
  });

  step('the organiser page passes axe at both sizes; the "created" box names the session and the title is cleared', async () => {
    await organiser.goto(`${NODE}/o`);
    await organiser.getByLabel('Organisatorsleutel', { exact: true }).waitFor();
    await checkScreen(organiser, 'organiser-key');
    await organiser.getByLabel('Organisatorsleutel', { exact: true }).fill(ORGANISER_KEY);
    await organiser.getByRole('button', { name: 'Doorgaan' }).click();
    const select = organiser.getByLabel('Werkvorm', { exact: true });
    await select.locator('option[value="data-team-start"]').waitFor({ state: 'attached' });
    await select.selectOption('data-team-start');
    await organiser.getByLabel('Titel van de sessie', { exact: true }).fill(TITLE);
    // The session's house style: a colour too light for white text is refused on the spot.
    const primary = organiser.getByLabel('Hoofdkleur', { exact: true });
    await primary.fill('#ffdd00');
    await organiser.getByText('Deze kleur is te licht').waitFor();
    assert.equal(await primary.getAttribute('aria-invalid'), 'true');
    await checkScreen(organiser, 'organiser-theme-refused');
    await primary.fill(BRAND);
    await organiser.getByLabel('Lichte kleur', { exact: true }).fill('#e5f1f8');
    await organiser.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: LOGO_PNG });
    await organiser.getByRole('img', { name: 'Voorbeeld van het logo' }).waitFor();
    await organiser.getByRole('button', { name: 'Sessie aanmaken' }).click();
    await organiser.getByTestId('created-room').waitFor();
    assert.equal((await organiser.getByTestId('created-title').textContent()).trim(), `Sessie aangemaakt: ${TITLE}`);
    assert.equal(await organiser.getByLabel('Titel van de sessie', { exact: true }).inputValue(), '', 'the title field is empty again');
    room.code = (await organiser.getByTestId('created-code').textContent()).trim();
    room.facilitatorUrl = await organiser.getByTestId('created-facilitator-url').getAttribute('href');
    await checkScreen(organiser, 'organiser');
  });

  step('the facilitator opens the console with the keyboard; the essential controls fit 1280×800; ending is apart from starting', async () => {
    facilitator = await people.open('facilitator', DESKTOP);
    await facilitator.goto(room.facilitatorUrl);
    await facilitator.getByLabel('Je naam', { exact: true }).waitFor();
    await checkScreen(facilitator, 'facilitator-identity');
    await typeInto(facilitator, 'input', 'Je naam', 'Bea de Begeleider');
    await typeInto(facilitator, 'input', 'Organisatie', 'Datawerkplaats');
    await facilitator.keyboard.press('Enter');
    await facilitator.getByRole('button', { name: 'Sessie starten' }).waitFor();
    await checkScreen(facilitator, 'facilitator-lobby');
    const apart = await facilitator.evaluate(() => {
      const buttons = [...document.querySelectorAll('button')];
      const start = buttons.find((b) => b.textContent.trim() === 'Sessie starten');
      const end = buttons.find((b) => b.textContent.trim() === 'Sessie beëindigen');
      return { sameSection: start.closest('section') === end.closest('section'), distance: end.getBoundingClientRect().top - start.getBoundingClientRect().bottom };
    });
    assert.equal(apart.sameSection, false, '"Sessie beëindigen" is not among the flow buttons');
    assert.ok(apart.distance > 100, `"Sessie beëindigen" is well away from "Sessie starten" (${apart.distance}px)`);
  });

  step('the participant joins on a phone with the keyboard only', async () => {
    participant = await people.open('participant', PHONE);
    // A slow connection on demand: the server's messages wait while `hold` is set.
    await participant.routeWebSocket(/\/ws$/, (socket) => {
      const server = socket.connectToServer();
      const waiting = [];
      socket.onMessage((m) => server.send(m));
      server.onMessage((m) => (hold ? waiting.push(m) : socket.send(m)));
      release = () => {
        hold = false;
        for (const m of waiting.splice(0)) socket.send(m);
      };
    });
    await participant.goto(`${NODE}/`);
    await participant.getByLabel('Deelnamecode', { exact: true }).waitFor();
    await checkScreen(participant, 'home');
    await typeInto(participant, 'input', 'Deelnamecode', room.code.toLowerCase());
    await participant.keyboard.press('Enter');
    await participant.getByLabel('Je naam', { exact: true }).waitFor();
    await checkScreen(participant, 'join');
    await typeInto(participant, 'input', 'Je naam', 'Fatima El Amrani');
    // The organisations of the room are a radio group: Tab into it, the arrow keys choose.
    if ((await participant.getByLabel('Een andere organisatie', { exact: true }).count()) > 0) {
      await tabTo(participant, 'input[type=radio]');
      for (let i = 0; i < 10 && !(await focused(participant)).name.startsWith('Een andere organisatie'); i++) {
        await participant.keyboard.press('ArrowDown');
      }
    }
    await typeInto(participant, 'input', 'Naam van je organisatie', 'Gemeente Gouda');
    await participant.keyboard.press('Enter');
    await participant.getByText('Jij: Fatima El Amrani (Gemeente Gouda)').waitFor();
    // The room is in the session's house style: the header in its colour, its logo beside the name.
    assert.equal(await participant.locator('.wp-header').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(0, 85, 127)');
    assert.match(await participant.getByTestId('theme-logo').getAttribute('src'), /^data:image\/png;base64,/);
    await checkScreen(participant, 'participant-lobby');
  });

  step('the session starts: the participant\'s focus goes to the step heading; the agenda is folded on the phone', async () => {
    await press(facilitator, 'Sessie starten');
    await atStep(participant, 0);
    await focusLandsOn(participant, '#step-title', 'the heading of the first step');
    // On the phone the agenda is one line at the top that opens with Enter.
    const toggle = participant.getByTestId('agenda-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(await participant.locator('.wp-agenda__list').isHidden());
    await press(participant, 'Agenda', { back: true });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await participant.locator('.wp-agenda__list').waitFor();
    await checkScreen(participant, 'participant-info-step');
    await participant.keyboard.press('Enter'); // folds it again
    // The facilitator's essential controls are on screen at 1280×800 without scrolling.
    for (const name of ['Volgende stap', 'Pauzeren', 'Antwoorden vergrendelen', 'Timer zetten']) {
      const box = await facilitator.getByRole('button', { name, exact: true }).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= DESKTOP.height, `"${name}" is visible without scrolling (${JSON.stringify(box)})`);
    }
    assert.equal(await facilitator.evaluate(() => window.scrollY), 0);
    await checkScreen(facilitator, 'facilitator-running');
  });

  step('cards: the new card gets the focus; typing during the send is kept; a "locked" refusal goes away on unlock', async () => {
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 1);
    await focusLandsOn(participant, '#step-title', 'the heading of the cards step');
    // The first card: sent while the connection is slow; the next one is typed meanwhile.
    hold = true;
    await typeInto(participant, 'textarea', 'Nieuwe kaart bij: Waarmee kom je vandaag binnen?', 'Zin in een goede start');
    await tabTo(participant, 'button', 'Kaart toevoegen');
    await participant.keyboard.press('Enter');
    await tabTo(participant, 'textarea', 'Nieuwe kaart bij: Waarmee kom je vandaag binnen?', { back: true });
    await participant.keyboard.type('Benieuwd naar de anderen', { delay: 5 });
    release();
    const first = participant.getByTestId('card').filter({ hasText: 'Zin in een goede start' });
    await first.waitFor();
    const box = participant.getByLabel('Nieuwe kaart bij: Waarmee kom je vandaag binnen?');
    assert.equal(await box.inputValue(), 'Benieuwd naar de anderen', 'what was typed while the first card was sent is still there');
    // Sending the second: the focus goes to the new card.
    await tabTo(participant, 'button', 'Kaart toevoegen');
    await participant.keyboard.press('Enter');
    await focusLandsOn(participant, '[data-testid=card]', 'the card just added');
    assert.match((await focused(participant)).name, /Benieuwd naar de anderen/);
    // "Bewerken" puts the focus in the form; saving brings it back to the card's edit button.
    await press(participant, 'Bewerken: Benieuwd naar de anderen');
    await focusLandsOn(participant, '.wp-card--editing textarea', 'the field of the card being edited');
    await participant.keyboard.type(' en hun data', { delay: 5 });
    await tabTo(participant, 'button', 'Opslaan');
    await participant.keyboard.press('Enter');
    await participant.getByTestId('card').filter({ hasText: 'Benieuwd naar de anderen en hun data' }).waitFor();
    await focusLandsOn(participant, '[data-edit-button]', 'the edit button of the card');
    await checkScreen(participant, 'participant-cards');
    // A card sent while the lock is on its way is refused: the notice says so, and goes when unlocked.
    hold = true;
    await press(facilitator, 'Antwoorden vergrendelen');
    await typeInto(participant, 'textarea', 'Nieuwe kaart bij: Waarmee kom je vandaag binnen?', 'Te laat verstuurd', { back: true });
    await tabTo(participant, 'button', 'Kaart toevoegen');
    await participant.keyboard.press('Enter');
    await participant.waitForTimeout(300);
    release();
    const refused = participant.locator('.wp-notice').filter({ hasText: 'vergrendeld' });
    await refused.waitFor();
    assert.ok(await inView(refused), 'the refusal is on screen where the person is');
    await participant.getByTestId('readonly-reason').filter({ hasText: 'vergrendeld' }).waitFor();
    assert.ok(await inView(participant.getByTestId('readonly-reason')), 'the reason is on screen');
    assert.equal((await focused(participant)).body, false, 'the focus is not on <body>');
    await press(facilitator, 'Antwoorden ontgrendelen');
    await refused.waitFor({ state: 'detached', timeout: 3000 });
    await participant.getByTestId('readonly-reason').waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), 'Te laat verstuurd', 'the refused card is back in the box');
  });

  step('canvas on the phone: a pause keeps the person where they were, with the reason in view and the focus on it', async () => {
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 2);
    await focusLandsOn(participant, '#step-title', 'the heading of the canvas step');
    // No "Opgeslagen" under fields nobody wrote in.
    const statuses = await participant.getByTestId('text-status').allTextContents();
    assert.ok(statuses.length >= 6 && statuses.every((s) => s.trim() === ''), `empty fields say nothing: ${JSON.stringify(statuses)}`);
    // The person types in the fifth field, far down the phone screen.
    const fields = participant.locator('textarea[data-testid^="text-field:"]');
    for (let i = 0; i < 5; i++) await tabTo(participant, 'textarea[data-testid^="text-field:"]');
    await participant.keyboard.type('Cijfers per wijk', { delay: 5 });
    const fifth = fields.nth(4);
    await participant.waitForFunction(() => document.querySelectorAll('[data-testid=text-status]')[4]?.textContent === 'Opgeslagen');
    const before = await participant.evaluate(() => window.scrollY);
    assert.ok(before > 300, `the fifth field is down the page (${before})`);
    await press(facilitator, 'Pauzeren');
    const reason = participant.getByTestId('readonly-reason').filter({ hasText: 'gepauzeerd' });
    await reason.waitFor();
    await participant.waitForTimeout(200);
    assert.ok(await inView(reason), 'the pause notice is on screen');
    const after = await participant.evaluate(() => window.scrollY);
    assert.ok(Math.abs(after - before) < 400, `the page stayed where the person was (${before} → ${after})`);
    assert.equal((await focused(participant)).body, false, 'the focus did not fall to <body>');
    await focusLandsOn(participant, '.wp-sticky-note', 'the pause notice');
    await checkScreen(participant, 'participant-canvas-paused');
    await press(facilitator, 'Hervatten');
    await reason.waitFor({ state: 'detached' });
    await fifth.waitFor();
    await checkScreen(participant, 'participant-canvas');
  });

  step('competences: radio groups with the arrow keys; the coverage tables fit the phone', async () => {
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 3);
    await focusLandsOn(participant, '#step-title', 'the heading of the competences step');
    await participant.getByText('Ga met Tab naar de keuzes en kies met de pijltjestoetsen.').first().waitFor();
    // Tab reaches the first group; the arrows choose 4; Tab goes on to the next group.
    await tabTo(participant, 'fieldset.wp-rating input[type=radio]');
    for (let i = 0; i < 3; i++) await participant.keyboard.press('ArrowRight');
    await participant.keyboard.press('Space');
    const first = participant.locator('fieldset.wp-rating').first();
    await isChecked(first.getByLabel('4', { exact: true }));
    await tabTo(participant, 'fieldset.wp-rating input[type=radio]');
    await participant.keyboard.press('ArrowRight');
    await participant.keyboard.press('Space');
    await isChecked(participant.locator('fieldset.wp-rating').nth(1).getByLabel('2', { exact: true }));
    await participant.getByText(/persoon heeft zichzelf ingeschat/).waitFor();
    const lines = await first.locator('label').evaluateAll((labels) => new Set(labels.map((l) => Math.round(l.getBoundingClientRect().top))).size);
    assert.equal(lines, 1, 'the five ratings are on one line on the phone');
    await fitsSideways(participant, 'competences');
    await checkScreen(participant, 'participant-competences');
    await checkScreen(facilitator, 'facilitator-competences');
  });

  step('a break, then roles: taking a role with the keyboard', async () => {
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 4);
    await focusLandsOn(participant, '#step-title', 'the heading of the break');
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 5);
    await focusLandsOn(participant, '#step-title', 'the heading of the roles step');
    await press(participant, 'Ik neem de rol Data-analist');
    await participant.getByRole('button', { name: 'Ik laat de rol Data-analist los' }).waitFor();
    await checkScreen(participant, 'participant-roles');
  });

  step('private cards with dot voting after the reveal', async () => {
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 6);
    await focusLandsOn(participant, '#step-title', 'the heading of the reflection step');
    await typeInto(participant, 'textarea', 'Nieuwe kaart bij: Wat gaat goed in onze samenwerking?', 'We delen snel');
    await tabTo(participant, 'button', 'Kaart toevoegen');
    await participant.keyboard.press('Enter');
    await focusLandsOn(participant, '[data-testid=card]', 'the card just added');
    await facilitator.getByTestId('card').first().waitFor();
    await press(facilitator, 'Onthullen');
    await facilitator.getByRole('button', { name: 'Onthuld' }).waitFor();
    await press(participant, 'Stip geven: We delen snel');
    await participant.getByTestId('card').filter({ hasText: 'We delen snel' }).filter({ hasText: 'één stip' }).waitFor();
    await checkScreen(participant, 'participant-voting');
    await checkScreen(facilitator, 'facilitator-cards');
  });

  step('agreements: the agreement just added gets the focus; "Bewerken" moves it into the form', async () => {
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 7);
    await focusLandsOn(participant, '#step-title', 'the heading of the agreements step');
    await typeInto(participant, 'input', 'Wat spreken jullie af?', 'Elke maand een datasessie');
    await typeInto(participant, 'input', 'Wie', 'Fatima');
    await tabTo(participant, 'button', 'Afspraak toevoegen');
    await participant.keyboard.press('Enter');
    await focusLandsOn(participant, '[data-testid=agreement]', 'the agreement just added');
    await press(participant, 'Bewerken: Elke maand een datasessie');
    await focusLandsOn(participant, '.wp-agreement input', 'the first field of the agreement being edited');
    await participant.keyboard.press('End');
    await participant.keyboard.type(' op dinsdag', { delay: 5 });
    await tabTo(participant, 'button', 'Opslaan');
    await participant.keyboard.press('Enter');
    await participant.getByTestId('agreement').filter({ hasText: 'Elke maand een datasessie op dinsdag' }).waitFor();
    await focusLandsOn(participant, '[data-edit-button]', 'the edit button of the agreement');
    await checkScreen(participant, 'participant-agreements');
  });

  step('evaluation: the ten marks in one row on the phone, chosen with the arrow keys', async () => {
    await press(facilitator, 'Volgende stap');
    await atStep(participant, 8);
    await focusLandsOn(participant, '#step-title', 'the heading of the evaluation');
    const rows = await participant.locator('[data-testid=marks] label').evaluateAll((labels) => new Set(labels.map((l) => Math.round(l.getBoundingClientRect().top))).size);
    assert.equal(rows, 1, 'the ten marks are on one line');
    await fitsSideways(participant, 'evaluation');
    await tabTo(participant, '[data-testid=marks] input[type=radio]');
    for (let i = 0; i < 7; i++) await participant.keyboard.press('ArrowRight');
    await participant.keyboard.press('Space');
    await isChecked(participant.locator('[data-testid=marks]').getByLabel('8', { exact: true }));
    await typeInto(participant, 'textarea', 'Wat is jouw tip', 'Meer pauzes');
    await press(participant, 'Cijfer geven');
    await participant.getByText('Jouw cijfer: 8.', { exact: false }).first().waitFor();
    await press(facilitator, 'Onthullen');
    await participant.getByTestId('evaluation-average').waitFor();
    await fitsSideways(participant, 'evaluation results');
    await checkScreen(participant, 'participant-evaluation');
    await checkScreen(facilitator, 'facilitator-evaluation');
  });

  step('the end: read-only for everybody; the announcement switches language with the interface', async () => {
    await press(facilitator, 'Sessie beëindigen'); // the confirmation is accepted
    await participant.getByTestId('room-status').filter({ hasText: 'Afgelopen' }).waitFor();
    const live = participant.getByTestId('live-region');
    await participant.waitForFunction(() => document.querySelector('[data-testid=live-region]')?.textContent === 'De sessie is afgelopen.');
    await press(participant, 'English', { back: true });
    await participant.getByText('You: Fatima El Amrani (Gemeente Gouda)').waitFor();
    assert.equal(await live.textContent(), 'The session has ended.');
    await checkScreen(participant, 'participant-ended-en');
    await press(participant, 'Nederlands', { back: true });
    await participant.getByText('Jij: Fatima El Amrani (Gemeente Gouda)').waitFor();
    await checkScreen(participant, 'participant-ended');
    await checkScreen(facilitator, 'facilitator-ended');
  });

  step('no page had an uncaught script error', async () => {
    assert.deepEqual(people.pageErrors, []);
  });
});
