// End-to-end test of the projector in Debian's Chromium (playwright-core) against two running cluster nodes.
// Run by ProjectorEndToEndIT, which sets the environment described in e2e/run.mjs.
//
// The scenario: a checklist session is made over the HTTP API; the facilitator opens the console on node 1 and
// makes the projector link (read-only, without the facilitator token); the projector opens it at 1920x1080:
// the join address, code and QR code are large in the lobby. Four organisations join on node 2 (real
// WebSockets in a browser page, speaking the protocol) and answer the first question, with a joint answer, a
// status and agreements; the projector shows that step without a vertical scrollbar and without cutting
// anything off, at 1920x1080 and at 1280x720, then the pause, then after the end what was agreed without a join
// code. axe-core finds no WCAG 2.1 A/AA violation at either size. A new projector link closes the old one.
// Screenshots of every screen land in the artifacts directory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { checkAccessibility, dependentSteps } from './support.mjs';

const env = process.env;
const NODE1 = (env.WERKPLAATS_E2E_NODE1 ?? '').replace(/\/+$/, '');
const NODE2 = (env.WERKPLAATS_E2E_NODE2 ?? '').replace(/\/+$/, '');
const ORGANISER_KEY = env.WERKPLAATS_E2E_ORGANISER_KEY ?? '';
const ARTIFACTS = env.WERKPLAATS_E2E_ARTIFACTS ?? join(tmpdir(), 'werkplaats-e2e');
const CHROMIUM = env.WERKPLAATS_E2E_CHROMIUM ?? '/usr/bin/chromium';
const configured = Boolean(NODE1 && NODE2 && ORGANISER_KEY);

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
];
/** The first question of the checklist. */
const QUESTION = 1;
const ORGANISATIONS = [
  {
    name: 'Fatima El Amrani',
    organisation: 'Gemeente Gouda',
    answer:
      'Wij willen weten waar jongeren met schulden in beeld komen voordat het misgaat. De gemeente levert de meldingen van vroegsignalering ' +
      '(huurachterstand, zorgpremie, energie) per wijk, zonder namen. We hebben nu geen zicht op de regio als geheel en missen de koppeling met het onderwijs.',
  },
  {
    name: 'Jan de Vries',
    organisation: 'Provincie Utrecht',
    answer:
      'De provincie ziet dit als onderdeel van de regionale aanpak armoede. Wij brengen de regionale monitor in en kunnen helpen met het ' +
      'afstemmen van definities tussen de gemeenten. Belangrijk voor ons: de uitkomsten moeten te vergelijken zijn tussen de gemeenten in de regio.',
  },
  {
    name: 'Noor Bakker',
    organisation: 'Waterschap Rivierenland',
    answer:
      'Voor ons is het vooral de vraag of betalingsachterstanden bij de waterschapsbelasting een vroeg signaal zijn. We kunnen geaggregeerde ' +
      'cijfers per postcodegebied leveren; persoonsgegevens delen we niet zonder duidelijke grondslag en afspraken over bewaartermijnen.',
  },
  {
    name: 'Kees Jansen',
    organisation: 'Universiteit Utrecht',
    answer:
      'De universiteit doet de analyse en toetst de methode. Wij willen de onderzoeksvraag scherp hebben voordat er data gedeeld wordt, en ' +
      'een datamanagementplan afspreken. Promovendi kunnen helpen met het koppelen, mits op een beveiligde omgeving van een van de partners.',
  },
];
const JOINT =
  'Samen brengen we in kaart welke signalen van schulden bij jongeren (18–27) vroeg zichtbaar zijn in de regio, zodat gemeenten eerder ' +
  'hulp kunnen bieden. We delen alleen wat daarvoor nodig is, zoveel mogelijk geaggregeerd, en leggen de grondslag vooraf vast.';
const AGREEMENTS = [
  { what: 'Gemeente Gouda schrijft de onderzoeksvraag uit in één A4', who: 'Fatima El Amrani', due: '2026-12-15' },
  { what: 'Waterschap zoekt uit welke cijfers per postcodegebied beschikbaar zijn', who: 'Noor Bakker', due: '2027-01-10' },
];

const ws = (httpUrl) => httpUrl.replace(/^http/, 'ws') + '/ws';
let browser;
const pageErrors = [];
const room = {};
let facilitator; // the console on node 1
let sockets; // a page on node 2 holding the participants' and the facilitator's WebSockets
let projector; // the beamer, on node 2
let projectorUrl;

async function newPage(name, viewport) {
  const context = await browser.newContext({ viewport, locale: 'nl-NL', deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => {
    console.error(`[${name}] page error: ${e.message}`);
    pageErrors.push(`${name}: ${e.message}`);
  });
  page.on('dialog', (d) => d.accept());
  return page;
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The page shows all of it: no vertical (or horizontal) scrollbar, and nothing cut off in the step's area. */
async function assertFits(page, label) {
  await page.waitForTimeout(300); // the step's area measures itself again after a resize
  const m = await page.evaluate(() => {
    const body = document.querySelector('[data-testid=projector-body]');
    return {
      scrollHeight: document.scrollingElement.scrollHeight,
      scrollWidth: document.scrollingElement.scrollWidth,
      innerHeight,
      innerWidth,
      content: body ? body.firstElementChild.scrollHeight : 0,
      box: body ? body.clientHeight : 0,
      scale: body ? body.dataset.scale : null,
    };
  });
  console.log(`[projector] ${label}: page ${m.scrollHeight}/${m.innerHeight} px high, step area ${m.content}/${m.box} px at scale ${m.scale}`);
  assert.ok(m.scrollHeight <= m.innerHeight, `${label}: no vertical scrollbar (${m.scrollHeight} > ${m.innerHeight})`);
  assert.ok(m.scrollWidth <= m.innerWidth, `${label}: no horizontal scrollbar (${m.scrollWidth} > ${m.innerWidth})`);
  assert.ok(m.content <= m.box, `${label}: nothing in the step's area is cut off (${m.content} > ${m.box})`);
}

/** Opens a WebSocket in the sockets page, says hello with `auth` and waits for the welcome; answers its index. */
async function connect(auth) {
  return sockets.evaluate(
    async ({ url, roomId, auth }) => {
      const wait = (found, ms = 10_000) =>
        new Promise((resolve, reject) => {
          const started = Date.now();
          const tick = () => {
            const v = found();
            if (v) resolve(v);
            else if (Date.now() - started > ms) reject(new Error('no answer in time'));
            else setTimeout(tick, 20);
          };
          tick();
        });
      window.wp = window.wp ?? { wait, clients: [] };
      const socket = new WebSocket(url);
      const inbox = [];
      socket.onmessage = (e) => inbox.push(JSON.parse(e.data));
      await new Promise((resolve, reject) => {
        socket.onopen = resolve;
        socket.onerror = () => reject(new Error('cannot connect'));
      });
      socket.send(JSON.stringify({ type: 'hello', protocol: 1, roomId, auth }));
      const welcome = await wait(() => inbox.find((m) => m.type === 'welcome' || m.type === 'error'));
      if (welcome.type !== 'welcome') throw new Error(JSON.stringify(welcome));
      window.wp.clients.push({ socket, inbox });
      return window.wp.clients.length - 1;
    },
    { url: ws(NODE2), roomId: room.id, auth },
  );
}

/** Sends a command on client `who` and waits for its ack. */
async function command(who, body) {
  return sockets.evaluate(
    async ({ who, body }) => {
      const c = window.wp.clients[who];
      const commandId = `c-${Math.random().toString(36).slice(2)}`;
      c.socket.send(JSON.stringify({ ...body, commandId }));
      const answer = await window.wp.wait(() => c.inbox.find((m) => m.commandId === commandId));
      if (answer.type !== 'ack') throw new Error(`${body.type} refused: ${JSON.stringify(answer)}`);
      return answer.seq;
    },
    { who, body },
  );
}

async function phase(page, status) {
  await page.locator(`[data-testid=projector][data-phase=${status}]`).waitFor();
}

// Each step needs the ones before it; after a failure, keep what the pages showed at that moment.
const step = dependentSteps(it, async () => {
  for (const [i, page] of [facilitator, sockets, projector].entries()) {
    if (page) await page.screenshot({ path: join(ARTIFACTS, `projector-failure-${i}.png`) }).catch(() => undefined);
  }
});

describe('the projector end to end', { skip: configured ? false : 'WERKPLAATS_E2E_NODE1/2 and _ORGANISER_KEY are not set' }, () => {
  let facilitatorSocket;
  const people = [];

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
  });

  step('a checklist session; the facilitator makes a projector link without the facilitator token', async () => {
    const res = await fetch(`${NODE1}/api/rooms`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ORGANISER_KEY}` },
      body: JSON.stringify({ templateId: 'checklist-samen-data-delen', title: 'Samen data delen: schulden bij jongeren' }),
    });
    assert.equal(res.status, 201);
    const created = await res.json();
    Object.assign(room, { id: created.roomId, code: created.joinCode, facilitatorToken: created.facilitatorToken });
    facilitator = await newPage('facilitator', { width: 1366, height: 900 });
    await facilitator.goto(`${NODE1}/f/${encodeURIComponent(room.id)}#${room.facilitatorToken}`);
    await facilitator.getByLabel('Je naam', { exact: true }).fill('Bea de Begeleider');
    await facilitator.getByLabel('Organisatie', { exact: true }).fill('Datawerkplaats');
    await facilitator.getByRole('button', { name: 'Sessie openen' }).click();
    await facilitator.getByTestId('make-projector-link').click();
    projectorUrl = await facilitator.getByTestId('projector-link').getAttribute('href');
    assert.match(projectorUrl, new RegExp(`/p/${room.id}#[A-Za-z0-9_-]{20,}$`));
    assert.ok(!projectorUrl.includes(room.facilitatorToken), 'the facilitator token is in no projector link');
    await screenshot(facilitator, '10-facilitator-projector-link');
  });

  step('the lobby on the projector: the address, the join code and the QR code, large, at both sizes', async () => {
    // The projector opens its link on node 2.
    projector = await newPage('projector', SIZES[0]);
    await projector.goto(projectorUrl.replace(NODE1, NODE2));
    await phase(projector, 'lobby');
    const code = projector.getByTestId('join-code');
    assert.equal((await code.textContent()).replace('-', ''), room.code.replace('-', ''));
    assert.equal(await projector.getByTestId('join-address').textContent(), new URL(NODE2).host);
    const qr = await projector.getByTestId('join-qr').boundingBox();
    assert.ok(qr && qr.width >= 300, `the QR code is large (${qr?.width} px)`);
    const codeSize = await code.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    console.log(`[projector] lobby at 1920x1080: join code ${codeSize} px, QR code ${qr.width} px`);
    assert.ok(codeSize >= 80, `the join code is large (${codeSize} px)`);
    for (const size of SIZES) {
      await projector.setViewportSize(size);
      await assertFits(projector, `lobby ${size.width}x${size.height}`);
      await projector.getByTestId('join-qr').waitFor();
      await checkAccessibility(projector, `projector lobby ${size.width}x${size.height}`);
      await screenshot(projector, `11-projector-lobby-${size.width}x${size.height}`);
    }
  });

  step('four organisations join on node 2 and answer the first question, with a joint answer and agreements', async () => {
    sockets = await newPage('sockets', { width: 800, height: 600 });
    await sockets.goto(`${NODE2}/`);
    facilitatorSocket = await connect({ kind: 'facilitator', token: room.facilitatorToken });
    for (const p of ORGANISATIONS) people.push(await connect({ kind: 'join', name: p.name, organisation: p.organisation }));
    await projector.locator('.pj-chip').filter({ hasText: 'Universiteit Utrecht' }).waitFor();
    await command(facilitatorSocket, { type: 'start' });
    await command(facilitatorSocket, { type: 'next', fromStep: 0 });
    for (const [i, p] of ORGANISATIONS.entries()) {
      await command(people[i], { type: 'text-op', step: QUESTION, key: `org:${p.organisation}`, rev: 0, op: [{ i: p.answer }] });
    }
    await command(people[0], { type: 'text-op', step: QUESTION, key: 'joint', rev: 0, op: [{ i: JOINT }] });
    // Agreed: every organisation assents to the joint answer (revision 1, the one edit above).
    for (const who of people) await command(who, { type: 'assent-joint-answer', step: QUESTION, rev: 1 });
    for (const a of AGREEMENTS) await command(people[2], { type: 'save-agreement', step: QUESTION, ...a });
  });

  step('the projector shows the question with the four answers on one screen, at 1920x1080 and 1280x720', async () => {
    await phase(projector, 'running');
    const answers = projector.getByTestId('projector-answer');
    for (const p of ORGANISATIONS) await answers.filter({ hasText: p.answer.slice(-40) }).waitFor();
    assert.equal(await answers.count(), 4);
    await projector.getByText(AGREEMENTS[1].what).waitFor();
    for (const size of SIZES) {
      await projector.setViewportSize(size);
      await assertFits(projector, `question ${size.width}x${size.height}`);
      const px = await answers.first().locator('.pj-panel__text').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      console.log(`[projector] question at ${size.width}x${size.height}: answers in ${px.toFixed(1)} px type`);
      assert.ok(px >= 12, `the answers are readable (${px} px)`);
      // Latecomers can still join: the code and a QR code along the bottom.
      await projector.getByTestId('join-code').waitFor();
      await projector.getByTestId('join-qr').waitFor();
      await checkAccessibility(projector, `projector question ${size.width}x${size.height}`);
      await screenshot(projector, `12-projector-question-${size.width}x${size.height}`);
    }
  });

  step('a pause is shown clearly', async () => {
    await command(facilitatorSocket, { type: 'pause' });
    await phase(projector, 'paused');
    await projector.getByText('Even pauze').waitFor();
    await assertFits(projector, 'paused 1280x720');
    await screenshot(projector, '13-projector-paused-1280x720');
    await command(facilitatorSocket, { type: 'resume' });
    await phase(projector, 'running');
  });

  step('after the end: what was agreed, and no join code or QR code any more', async () => {
    await command(facilitatorSocket, { type: 'end' });
    await phase(projector, 'ended');
    const overview = projector.getByTestId('projector-outcome');
    for (const a of AGREEMENTS) await overview.getByText(a.what).waitFor();
    for (const size of SIZES) {
      await projector.setViewportSize(size);
      assert.equal(await projector.getByTestId('join-code').count(), 0, 'no join code after the end');
      assert.equal(await projector.getByTestId('join-qr').count(), 0, 'no QR code after the end');
      await assertFits(projector, `ended ${size.width}x${size.height}`);
      await checkAccessibility(projector, `projector after the end ${size.width}x${size.height}`);
      await screenshot(projector, `14-projector-ended-${size.width}x${size.height}`);
    }
  });

  step('a new projector link closes the projector on the old one', async () => {
    await facilitator.getByTestId('make-projector-link').click();
    await facilitator.waitForFunction((old) => document.querySelector('[data-testid=projector-link]')?.getAttribute('href') !== old, projectorUrl);
    await projector.getByText('Deze beamerlink is niet (meer) geldig').waitFor();
    await screenshot(projector, '15-projector-link-renewed');
    const renewed = await facilitator.getByTestId('projector-link').getAttribute('href');
    await projector.goto(renewed);
    await phase(projector, 'ended');
    assert.deepEqual(pageErrors, [], 'no script errors on any page');
  });
});
