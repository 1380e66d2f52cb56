// End-to-end test of a self-guided session (no facilitator anywhere), in Debian's Chromium (playwright-core)
// against two running cluster nodes. Run by SelfGuidedEndToEndIT (environment: e2e/run.mjs).
//
// The scenario: an organiser signs in on node 1 and creates a Checklist session led by the group with a chair.
// Anna (Gemeente Gouda, node 1) joins first and chairs; Bram (Provincie Utrecht, node 2) and Chris (Gemeente
// Woerden, node 2) see who chairs and get no step controls. Anna starts and moves to the first question; each
// answers for their organisation, with the step's tips for the group in view. Anna passes the chair to Chris,
// who takes the group through every remaining step to the last one and ends the session; Anna no longer has the controls. The results link downloads the summary,
// which holds their answers and says the session was self-guided and who ended it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, atStep, checkAccessibility, dependentSteps, joinAs, openPage, screenshot } from './support.mjs';

const env = process.env;
const NODE1 = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const NODE2 = (env.WERKPLAATS_E2E_NODE2 ?? '').replace(/\/+$/, '');
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const configured = Boolean(NODE1 && NODE2 && ORGANISER_KEY);
const QUESTION = 1;
const ANSWERS = {
  'Gemeente Gouda': 'Gouda ziet minder eenzaamheid als maatschappelijk doel.',
  'Provincie Utrecht': 'Utrecht wil de bereikbaarheid van zorg verbeteren.',
  'Gemeente Woerden': 'Woerden brengt de wijkcijfers in.',
};

let browser;
const pages = [];
const pageErrors = [];
const open = (name) => openPage(browser, name, pages, pageErrors, { acceptDownloads: true });
const step = dependentSteps(it, async () => {
  for (const [i, page] of pages.entries()) {
    await page.screenshot({ path: joinPath(ARTIFACTS, `selfguided-failure-${i}.png`), fullPage: true }).catch(() => undefined);
  }
});

const join = joinAs;

const chairNote = (page, text) => page.getByTestId('chair-note').filter({ hasText: text }).waitFor();
const ownAnswer = (page, organisation) => page.locator(`[data-testid=org-answer][data-organisation="${organisation}"] textarea`);

describe('a self-guided session end to end', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1/2 and _ORGANISER_KEY are not set' }, () => {
  let organiser;
  let anna;
  let bram;
  let chris;
  let roomId;

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

  step('the organiser creates a Checklist session led by the group with a chair', async () => {
    const made = await fetch(`${NODE1}/api/organisers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ORGANISER_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'sam@gemeente.example', displayName: 'Sam Organisator', password: 'een lang wachtwoord' }),
    });
    assert.equal(made.status, 201, await made.text());
    organiser = await open('organiser');
    await organiser.goto(`${NODE1}/o`);
    await organiser.getByLabel('E-mailadres', { exact: true }).fill('sam@gemeente.example');
    await organiser.getByLabel('Wachtwoord', { exact: true }).fill('een lang wachtwoord');
    await organiser.getByRole('button', { name: 'Inloggen', exact: true }).click();
    const select = organiser.getByLabel('Werkvorm', { exact: true });
    await select.locator('option[value="checklist-samen-data-delen"]').waitFor({ state: 'attached' });
    await select.selectOption('checklist-samen-data-delen');
    await organiser.getByLabel('Titel van de sessie', { exact: true }).fill('Zelf aan de slag met de checklist');
    await organiser.getByLabel(/^De groep zelf, met een voorzitter/).check();
    await organiser.getByRole('button', { name: 'Sessie aanmaken' }).click();
    await organiser.getByTestId('created-facilitator-help').filter({ hasText: 'geen begeleider nodig' }).waitFor();
    const participantUrl = new URL(await organiser.getByTestId('created-participant-url').getAttribute('href'));
    roomId = decodeURIComponent(participantUrl.pathname.split('/').pop());
  });

  step('three participants of three organisations join on two nodes; the first chairs, the others have no step controls', async () => {
    anna = await open('anna');
    bram = await open('bram');
    chris = await open('chris');
    await join(anna, NODE1, roomId, 'Anna de Wit', 'Gemeente Gouda');
    await join(bram, NODE2, roomId, 'Bram Visser', 'Provincie Utrecht');
    await join(chris, NODE2, roomId, 'Chris Smit', 'Gemeente Woerden');
    await chairNote(anna, 'Je bent de voorzitter');
    await chairNote(bram, 'Voorzitter: Anna de Wit (Gemeente Gouda)');
    await chairNote(chris, 'Voorzitter: Anna de Wit (Gemeente Gouda)');
    assert.equal(await bram.getByTestId('self-start').count(), 0, 'only the chair starts');
    await screenshot(bram, 'selfguided-01-lobby');
  });

  step('the chair starts and moves to the first question; everyone answers for their organisation with the tips in view', async () => {
    await anna.getByTestId('self-start').click();
    await atStep(bram, 0);
    assert.equal(await bram.getByTestId('self-next').count(), 0, 'a non-chair has no "Volgende stap"');
    await bram.getByTestId('not-moving').waitFor();
    await anna.getByTestId('self-next').click();
    for (const page of [anna, bram, chris]) await atStep(page, QUESTION);
    await bram.getByTestId('group-guidance').waitFor();
    await bram.locator('.wp-tips').waitFor();
    await ownAnswer(anna, 'Gemeente Gouda').fill(ANSWERS['Gemeente Gouda']);
    await ownAnswer(bram, 'Provincie Utrecht').fill(ANSWERS['Provincie Utrecht']);
    await ownAnswer(chris, 'Gemeente Woerden').fill(ANSWERS['Gemeente Woerden']);
    await anna.getByTestId('text-org:Gemeente Woerden').filter({ hasText: 'wijkcijfers' }).waitFor();
    await chris.getByTestId('text-org:Provincie Utrecht').filter({ hasText: 'bereikbaarheid' }).waitFor();
    await screenshot(bram, 'selfguided-02-question');
    await checkAccessibility(bram, 'selfguided-02-question');
    await checkAccessibility(anna, 'selfguided-02-question-chair');
  });

  step('the chair passes the chair to Chris, who moves on; Anna no longer has the controls', async () => {
    await anna.getByTestId('pass-chair-to').selectOption({ label: 'Chris Smit (Gemeente Woerden)' });
    await anna.getByTestId('pass-chair').click();
    await chairNote(chris, 'Je bent de voorzitter');
    await chairNote(anna, 'Voorzitter: Chris Smit (Gemeente Woerden)');
    await anna.getByTestId('self-next').waitFor({ state: 'detached' });
    await chris.getByTestId('self-next').click();
    for (const page of [anna, bram, chris]) await atStep(page, QUESTION + 1);
  });

  step('the chair takes the group through every remaining step of the checklist to the last one', async () => {
    let last = QUESTION + 1;
    while (!(await chris.getByTestId('self-next').isDisabled())) {
      await chris.getByTestId('self-next').click();
      last++;
      await atStep(chris, last);
    }
    assert.equal(last, 20, 'the chair went through all 21 steps of the checklist');
    for (const page of [anna, bram]) await atStep(page, last);
    assert.ok(await chris.getByTestId('self-next').isDisabled(), 'no "Volgende stap" after the last step');
  });

  step('the chair ends the session; the results link downloads a summary with their answers', async () => {
    await chris.getByTestId('self-end').click();
    await chris.getByTestId('self-end-confirm').click();
    const link = bram.getByTestId('results-link');
    await link.waitFor({ timeout: 10_000 });
    await bram.goto(`${NODE2}${await link.getAttribute('href')}`);
    await bram.getByRole('heading', { level: 1, name: 'Resultaten van de sessie' }).waitFor();
    const version = bram.getByTestId('summary-version').first();
    await version.waitFor({ timeout: 10_000 });
    const files = {};
    for (const format of ['json', 'md']) {
      const [download] = await Promise.all([bram.waitForEvent('download'), version.locator(`button[data-format="${format}"]`).click()]);
      files[format] = joinPath(ARTIFACTS, `selfguided-results.${format}`);
      await download.saveAs(files[format]);
    }
    const markdown = readFileSync(files.md, 'utf8');
    for (const answer of Object.values(ANSWERS)) assert.ok(markdown.includes(answer), `the summary holds "${answer}"`);
    const summary = JSON.parse(readFileSync(files.json, 'utf8'));
    assert.equal(summary.selfGuided.guide, 'chair');
    assert.deepEqual(summary.selfGuided.endedBy, { name: 'Chris Smit', organisation: 'Gemeente Woerden' });
    await screenshot(bram, 'selfguided-03-results');
  });
});
