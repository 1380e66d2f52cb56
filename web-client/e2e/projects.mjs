// End-to-end test of projects in Debian's Chromium (playwright-core) against two running cluster nodes.
// Run by ProjectsEndToEndIT, which sets the environment described in e2e/run.mjs.
//
// The scenario: the organiser makes a project with three partners on the organiser page and a Checklist session
// in it. A participant joins on node 2 typing "gem utrecht" and is asked whether she means Gemeente Utrecht;
// she agrees an action under the first question; the facilitator ends the session. The agreement appears on the
// project's list. The organiser makes a follow-up session in the project; its backlog review shows the agreement
// on the facilitator's screen (node 1) and a participant's (node 2); the participant sets it to done and every
// screen shows it; after the end the project's list says done. Each session ends with a mark from its
// participant: after the Checklist the participant follows the results link and downloads the summary (JSON,
// PDF) without any key, and the project page lists both sessions in its evaluation chart and table. A second
// organiser account sees no project until the first shares it by e-mail on the project page. axe-core finds no
// WCAG 2.1 A/AA violation on the organiser's project, the partner question and the backlog review.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actors, ARTIFACTS, checkAccessibility, dependentSteps, screenshot } from './support.mjs';

const env = process.env;
const NODE1 = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const NODE2 = (env.WERKPLAATS_E2E_NODE2 ?? '').replace(/\/+$/, '');
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const configured = Boolean(NODE1 && NODE2 && ORGANISER_KEY);

const PARTNERS = ['Gemeente Utrecht', 'Provincie Utrecht', 'GGD Regio Utrecht'];
const AGREEMENT = 'Verwerkersovereenkomst opstellen met de GGD';

const people = actors();
let organiser;
let facilitator;
let anna;
let bram;
let olga;
const rooms = {};

const step = dependentSteps(it, () => people.screenshotAll('projects-failure'));

/** The newest session made in the open project: its facilitator and participant links. */
async function createdSession(title, templateId) {
  const project = organiser.getByTestId('project');
  await project.getByLabel('Werkvorm', { exact: true }).selectOption(templateId);
  await project.getByLabel('Titel van de sessie', { exact: true }).fill(title);
  await project.getByRole('button', { name: 'Sessie in dit project aanmaken' }).click();
  await project.getByTestId('created-title').filter({ hasText: title }).waitFor();
  const facilitatorUrl = await project.getByTestId('created-facilitator-url').textContent();
  const participantUrl = await project.getByTestId('created-participant-url').textContent();
  const roomId = new URL(participantUrl).pathname.split('/').pop();
  return { roomId, facilitatorPath: facilitatorUrl.replace(/^https?:\/\/[^/]+/, '') };
}

async function openConsole(page, session) {
  await page.goto(`${NODE1}${session.facilitatorPath}`);
  await page.getByLabel('Je naam', { exact: true }).fill('Bea de Begeleider');
  await page.getByLabel('Organisatie', { exact: true }).fill('Bureau Buiten');
  await page.getByRole('button', { name: 'Sessie openen' }).click();
  await page.getByRole('button', { name: 'Sessie starten' }).waitFor();
}

/** The facilitator moves to the session's last step, the evaluation, and the participant gives an 8. */
async function markAtTheEnd(participant) {
  const goTo = facilitator.getByLabel('Ga naar stap', { exact: true });
  await goTo.selectOption(String((await goTo.locator('option').count()) - 1));
  await facilitator.getByRole('button', { name: 'Ga', exact: true }).click();
  await participant.getByTestId('marks').getByLabel('8', { exact: true }).check();
  await participant.getByRole('button', { name: 'Cijfer geven' }).click();
  await participant.getByText('Jouw cijfer: 8.', { exact: false }).first().waitFor();
}

async function backlogOnProjectPage() {
  await organiser.getByTestId('project').getByRole('button', { name: 'Lijst vernieuwen' }).click();
  return organiser.getByTestId('project-backlog-item').filter({ hasText: AGREEMENT });
}

describe('projects end to end', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1/2 and _ORGANISER_KEY are not set' }, () => {
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    organiser = await people.open('organiser');
  });

  after(async () => {
    assert.deepEqual(people.pageErrors, [], 'no script errors on any page');
    await people.close();
  });

  step('the organiser makes a project with three partners and a Checklist session in it', async () => {
    await organiser.goto(`${NODE1}/o`);
    await organiser.getByLabel('Organisatorsleutel', { exact: true }).fill(ORGANISER_KEY);
    await organiser.getByRole('button', { name: 'Doorgaan' }).click();
    await organiser.getByLabel('Naam van het project', { exact: true }).fill('Jeugdhulp in de regio Utrecht');
    await organiser.getByLabel('Partnerorganisaties', { exact: true }).fill(PARTNERS.join('\n'));
    await organiser.getByRole('button', { name: 'Project aanmaken' }).click();
    await organiser.getByTestId('project-partners').filter({ hasText: PARTNERS.join(', ') }).waitFor();
    await organiser.getByTestId('project').getByRole('option', { name: 'Checklist Samen Data Delen' }).waitFor({ state: 'attached' });
    rooms.checklist = await createdSession('Checklist jeugdhulp', 'checklist-samen-data-delen');
    await checkAccessibility(organiser, 'organiser with a project');
    await screenshot(organiser, 'projects-01-organiser');
  });

  step('a participant typing "gem utrecht" is asked whether she means Gemeente Utrecht, and joins as that partner', async () => {
    facilitator = await people.open('facilitator');
    await openConsole(facilitator, rooms.checklist);
    anna = await people.open('anna');
    await anna.goto(`${NODE2}/j/${rooms.checklist.roomId}`);
    await anna.getByLabel('Je naam', { exact: true }).fill('Anna Jansen');
    await anna.getByLabel('Een andere organisatie').check();
    await anna.getByLabel('Naam van je organisatie', { exact: true }).fill('gem utrecht');
    await anna.getByRole('button', { name: 'Meedoen', exact: true }).click();
    const question = anna.getByTestId('partner-question');
    await question.filter({ hasText: 'Bedoel je Gemeente Utrecht?' }).waitFor();
    await checkAccessibility(anna, 'join with the partner question');
    await screenshot(anna, 'projects-02-partner-question');
    await question.getByRole('button', { name: 'Ja, Gemeente Utrecht' }).click();
    // The room records the partner's canonical name.
    await anna.locator('.wp-me').filter({ hasText: 'Gemeente Utrecht' }).waitFor();
  });

  step('an agreement under the first question lands on the project list when the session ends', async () => {
    await facilitator.getByRole('button', { name: 'Sessie starten' }).click();
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    await anna.getByLabel('Wat spreken jullie af?', { exact: true }).fill(AGREEMENT);
    await anna.getByLabel('Wie', { exact: true }).fill('Provincie Utrecht');
    await anna.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    await facilitator.getByTestId('agreement').filter({ hasText: AGREEMENT }).waitFor();
    await markAtTheEnd(anna);
    await facilitator.getByRole('button', { name: 'Sessie beëindigen' }).click(); // the confirm dialog is accepted
    await anna.getByTestId('room-status').filter({ hasText: 'Afgelopen' }).waitFor();
    const item = await backlogOnProjectPage();
    await item.waitFor();
    assert.match(await item.textContent(), /Provincie Utrecht/);
    assert.match(await item.getByTestId('project-backlog-status').textContent(), /open/);
  });

  step('the participant follows the results link and downloads her session\'s summary without any key', async () => {
    const link = anna.getByTestId('results-link');
    await link.waitFor({ timeout: 10_000 });
    await anna.goto(`${NODE2}${await link.getAttribute('href')}`);
    await anna.getByRole('heading', { level: 1, name: 'Resultaten van de sessie' }).waitFor();
    const version = anna.getByTestId('summary-version').first();
    await version.waitFor({ timeout: 10_000 });
    for (const format of ['json', 'pdf']) {
      const [download] = await Promise.all([anna.waitForEvent('download'), version.locator(`button[data-format="${format}"]`).click()]);
      const file = join(ARTIFACTS, `project-results.${format}`);
      await download.saveAs(file);
      assert.ok(readFileSync(file).length > 0, `${format} has content`);
    }
    assert.equal(JSON.parse(readFileSync(join(ARTIFACTS, 'project-results.json'), 'utf8')).room.id, rooms.checklist.roomId, 'her own session');
    assert.equal(readFileSync(join(ARTIFACTS, 'project-results.pdf')).subarray(0, 5).toString(), '%PDF-');
  });

  step('the follow-up session shows the agreement in its backlog review on every screen', async () => {
    rooms.followUp = await createdSession('Vervolg jeugdhulp', 'project-follow-up');
    await openConsole(facilitator, rooms.followUp);
    bram = await people.open('bram');
    await bram.goto(`${NODE2}/j/${rooms.followUp.roomId}`);
    await bram.getByLabel('Je naam', { exact: true }).fill('Bram de Boer');
    await bram.getByLabel('GGD Regio Utrecht', { exact: true }).check();
    await bram.getByRole('button', { name: 'Meedoen', exact: true }).click();
    await bram.locator('.wp-me').filter({ hasText: 'GGD Regio Utrecht' }).waitFor();
    await facilitator.getByRole('button', { name: 'Sessie starten' }).click();
    await facilitator.getByRole('button', { name: 'Volgende stap' }).click();
    for (const page of [facilitator, bram]) {
      await page.getByTestId('backlog-item').filter({ hasText: AGREEMENT }).waitFor();
    }
    await checkAccessibility(bram, 'backlog review');
    await screenshot(bram, 'projects-03-backlog-review');
  });

  step('a status change reaches every screen and, after the end, the project list', async () => {
    const mine = bram.getByTestId('backlog-item').filter({ hasText: AGREEMENT });
    await mine.getByTestId('backlog-status-select').selectOption('done');
    for (const page of [bram, facilitator]) {
      await page.getByTestId('backlog-item').filter({ hasText: AGREEMENT }).getByTestId('backlog-status').filter({ hasText: 'gedaan' }).waitFor();
    }
    await screenshot(facilitator, 'projects-04-status-everywhere');
    await markAtTheEnd(bram);
    await facilitator.getByRole('button', { name: 'Sessie beëindigen' }).click();
    await bram.getByTestId('room-status').filter({ hasText: 'Afgelopen' }).waitFor();
    const item = await backlogOnProjectPage();
    await item.getByTestId('project-backlog-status').filter({ hasText: 'gedaan' }).waitFor();
    await screenshot(organiser, 'projects-05-project-list');
  });

  step('the project page shows both sessions in its evaluation chart and table', async () => {
    const evaluations = organiser.getByTestId('project-evaluations');
    for (const title of ['Checklist jeugdhulp', 'Vervolg jeugdhulp']) {
      await evaluations.getByTestId('marks-table').getByText(title).waitFor();
      await evaluations.getByTestId('marks-bar').filter({ hasText: title }).waitFor({ state: 'attached' });
    }
    await checkAccessibility(organiser, 'project page with evaluations');
    await screenshot(organiser, 'projects-06-evaluations');
  });

  step('a second organiser sees no project until the first shares it by e-mail', async () => {
    const made = await fetch(`${NODE2}/api/organisers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ORGANISER_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'olga@provincie.example', displayName: 'Olga Organisator', password: 'een lang wachtwoord' }),
    });
    assert.equal(made.status, 201, await made.text());
    olga = await people.open('olga');
    await olga.goto(`${NODE2}/o`);
    await olga.getByLabel('E-mailadres', { exact: true }).fill('olga@provincie.example');
    await olga.getByLabel('Wachtwoord', { exact: true }).fill('een lang wachtwoord');
    await olga.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await olga.getByTestId('signed-in-as').waitFor();
    const listed = () => olga.evaluate(() => fetch('/api/projects').then((r) => r.json()));
    assert.deepEqual(await listed(), [], 'no project is shared with her yet');
    const title = { name: 'Jeugdhulp in de regio Utrecht' };
    assert.equal(await olga.getByRole('button', title).count(), 0);

    const sharing = organiser.getByTestId('project-sharing');
    await sharing.getByLabel('E-mailadres van de organisator', { exact: true }).fill('olga@provincie.example');
    await sharing.getByRole('button', { name: 'Delen', exact: true }).click();
    await sharing.getByTestId('project-shared-with').filter({ hasText: 'Olga Organisator (olga@provincie.example)' }).waitFor();
    await checkAccessibility(organiser, 'project page shared');

    await olga.reload();
    await olga.getByRole('button', title).click();
    await olga.getByTestId('project-session').filter({ hasText: 'Vervolg jeugdhulp' }).waitFor();
    await screenshot(olga, 'projects-07-shared');
  });
});
