// End-to-end test of fissure's web UI in Debian's Chromium: builds a small coded archive, starts
// `fissure serve` on a free port and walks what an analyst does: search, open a hit, the IRN–PRK
// dashboard, the evidence of a finding, the same on a phone, and a shared address reloaded.
//
// Usage: node ui_test.mjs --fissure BUILD/fissure --shared ../shared --out BUILD/browser [--db A]
//   --db reuses an existing archive (read only) instead of ingesting the test corpora.
// Exit status 0 when every check passes, 1 with the failed check's message otherwise.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'
];
const CORPORA = ['khamenei_speeches_en', 'kcna_2024', 'rodong_frontpage', 'kcna_headlines'];
const LAPTOP = {
  width: 1366,
  height: 768
};
const PHONE = {
  width: 390,
  height: 844
};
const SLOW = 120_000;

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!['fissure', 'shared', 'out', 'db'].includes(name) || argv[i + 1] === undefined) {
      throw new CheckFailed(
          `usage: node ui_test.mjs --fissure BIN --shared DIR --out DIR [--db ARCHIVE] (bad argument ${
              argv[i]})`);
    }
    options[name] = argv[i + 1];
  }
  for (const required of ['fissure', 'shared', 'out']) {
    if (!options[required]) throw new CheckFailed(`missing --${required}`);
  }
  return options;
}

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (error) {
    throw new CheckFailed(
        `playwright-core is not installed (run scripts/setup or npm ci --prefix tests/browser): ${
            error.message}`);
  }
}

function normalise(text) {
  return (text || '').replace(/\s+/g, ' ').trim();
}

function buildArchive(options, work) {
  const archive = path.join(work, 'ui.db');
  const inputs = CORPORA.map((name) => path.join(options.shared, 'corpora', name));
  for (const input of inputs) check(existsSync(input), `shared corpus missing: ${input}`);
  const started = Date.now();
  const result = spawnSync(
      options.fissure,
      ['ingest', '--db', archive, '--reference', path.join(options.shared, 'reference'), ...inputs],
      {encoding: 'utf8', maxBuffer: 64 << 20});
  check(
      result.status === 0,
      `fissure ingest failed (${result.status}): ${result.stderr.slice(-2000)}`);
  console.log(`ui_test: archive built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return archive;
}

// One document ingested twice with a changed last line (two revisions to diff) and a title full
// of markup, which the page must show as text.
const REVISED_ID = 'ui-test-revised';
const REVISED_TITLE = 'Revised <b>story</b> <img src=x onerror="window.__injected=1">';
const REVISED_TEXTS = [
  'Pyongyang praised Iran for its independence.\nThe first line stays.\nA line that goes away.',
  'Pyongyang praised Iran for its independence.\nThe first line stays.\nA new line about Iran and the United States.',
];

function addRevisedDocument(options, work, archive) {
  REVISED_TEXTS.forEach((text, index) => {
    const file = path.join(work, `revised-${index + 1}.jsonl`);
    writeFileSync(file, JSON.stringify({
      id: REVISED_ID,
      source: 'Test Wire',
      country: 'PRK',
      date: '2024-05-01',
      title: REVISED_TITLE,
      text
    }) + '\n');
    const result = spawnSync(
        options.fissure,
        ['ingest', '--db', archive, '--reference', path.join(options.shared, 'reference'), file],
        {encoding: 'utf8'});
    check(
        result.status === 0,
        `fissure ingest of revision ${index + 1} failed: ${result.stderr.slice(-1000)}`);
  });
}

async function revisionsAndEscaping(page, base, shots) {
  await page.goto(`${base}/document?id=${REVISED_ID}`);
  await settle(page);
  await noErrorShown(page, 'revised document');
  check(
      await page.locator('h1').innerText() === REVISED_TITLE,
      'revised document: the title with markup is not shown as text');
  check(
      await page.evaluate(
          () => window.__injected === undefined && !document.querySelector('main img')),
      'revised document: markup from the archive became HTML');
  const picker = page.getByLabel('Revision');
  check(
      await picker.locator('option').count() === 2,
      'revised document: the picker does not offer 2 revisions');
  check(await picker.inputValue() === '2', 'revised document: the current revision is not #2');
  await page.getByLabel(/Show changes since #1/).check();
  await page.waitForURL(/diff=1/);
  await page.locator('.diff-added').first().waitFor({timeout: SLOW});
  check(
      normalise(await page.locator('.diff-added').innerText()).includes('A new line about Iran'),
      'diff: the added line is missing');
  check(
      normalise(await page.locator('.diff-removed').innerText()).includes('A line that goes away'),
      'diff: the removed line is missing');
  await page.screenshot({path: path.join(shots, 'revisions-laptop.png')});
  await picker.selectOption('1');
  await page.waitForURL(/revision=1/);
  await settle(page);
  check(
      (await page.locator('.document-text').innerText()).includes('A line that goes away'),
      'revision 1: its text is not shown');
}

function startServer(fissure, archive) {
  return new Promise((resolve, reject) => {
    const server = spawn(
        fissure, ['serve', '--db', archive, '--port', '0'], {stdio: ['ignore', 'pipe', 'pipe']});
    let output = '';
    const timer = setTimeout(() => {
      server.kill();
      reject(
          new CheckFailed(`fissure serve printed no address within 60 s: ${output.slice(-1000)}`));
    }, 60_000);
    const look = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({server, base: match[1].replace(/\/$/, '')});
      }
    };
    server.stdout.on('data', look);
    server.stderr.on('data', look);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new CheckFailed(
          `fissure serve exited (${code}) before listening: ${output.slice(-1000)}`));
    });
  });
}

async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('.loading'), null, {timeout: SLOW});
}

async function noErrorShown(page, where) {
  const errors = await page.locator('.error').allInnerTexts();
  check(errors.length === 0, `${where}: the page shows an error: ${errors.join(' | ')}`);
}

async function numberIn(locator) {
  return Number((await locator.innerText()).replace(/[^\d]/g, ''));
}

async function noSidewaysScroll(page, where) {
  const overflow =
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `${where}: the page is ${overflow}px wider than the phone screen`);
}

async function markedSentenceInView(page, where) {
  const target = page.locator('.sentence.target');
  await target.first().waitFor({state: 'visible', timeout: SLOW});
  check(
      await target.count() === 1, `${where}: ${await target.count()} sentences marked, expected 1`);
  const inView = await target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });
  check(inView, `${where}: the marked sentence is not scrolled into view`);
  return normalise(await target.innerText());
}

async function searchAndOpenHit(page, base, shots) {
  await page.goto(`${base}/`);
  await settle(page);
  await noErrorShown(page, 'start page');
  const box = page.getByRole('searchbox', {name: 'Query'});
  await box.fill('Iran');
  await box.press('Enter');
  await page.waitForURL(/\/search\?.*q=Iran/);
  await settle(page);
  await noErrorShown(page, 'search');
  const total = await numberIn(page.locator('.result-summary .total'));
  check(total > 0, 'search for Iran: no matching sentence');
  const hits = page.locator('.hit');
  check(await hits.count() > 0, 'search for Iran: the count says matches but no hit is listed');
  const marks = await page.locator('.hit .snippet mark').allInnerTexts();
  check(
      marks.length > 0 && marks.every((m) => /iran/i.test(m)),
      `search: highlighted terms are not Iran: ${marks.slice(0, 5)}`);
  check(await page.locator('.hit .coding .badge').count() > 0, 'search: hits show no coding');
  for (const facet of ['country', 'source', 'year']) {
    check(
        await page.locator(`.facet[data-facet="${facet}"] .facet-value`).count() > 0,
        `search: no counts by ${facet}`);
  }
  await page.screenshot({path: path.join(shots, 'search-laptop.png')});

  // A count narrows the search: the URL, the chip and the total follow.
  const facetButton = page.locator('.facet[data-facet="source"] .facet-value').first();
  const facetValue = normalise(await facetButton.locator('.facet-label').innerText());
  const facetCount = await numberIn(facetButton.locator('.facet-count'));
  await facetButton.click();
  await page.waitForURL(/source=/);
  await settle(page);
  await noErrorShown(page, 'search with a source filter');
  check(
      await page.locator('.chip', {hasText: facetValue}).count() === 1,
      `search: no chip for the source ${facetValue}`);
  const narrowed = await numberIn(page.locator('.result-summary .total'));
  check(
      narrowed > 0 && narrowed <= total,
      `search: filtering on ${facetValue} gave ${narrowed} of ${total}`);
  check(
      narrowed === facetCount,
      `search: the ${facetValue} count said ${facetCount} sentences, the filtered search found ${
          narrowed}`);

  if (narrowed > 20) {
    await page.getByRole('button', {name: 'Next →'}).click();
    await page.waitForURL(/offset=20/);
    await settle(page);
    check(
        await page.locator('.hits').getAttribute('start') === '21',
        'search: page 2 does not start at hit 21');
    await page.goBack();
    await settle(page);
  }

  const firstHit = page.locator('.hit').first();
  const hitSentence = normalise((await firstHit.locator('.snippet').innerText()));
  await firstHit.locator('a.hit-title').click();
  await page.waitForURL(/\/document\?.*id=.*sentence=/);
  await settle(page);
  await noErrorShown(page, 'document from a hit');
  const marked = await markedSentenceInView(page, 'document from a hit');
  check(
      marked.includes(hitSentence.slice(0, 40)),
      `document: the marked sentence "${marked.slice(0, 80)}" is not the hit "${
          hitSentence.slice(0, 80)}"`);
  check(
      await page.locator('.document-text mark.mention').count() > 0,
      'document: no actor mention highlighted');
  check(
      await page.getByRole('heading', {name: 'Revisions'}).isVisible(),
      'document: no revisions section');
  await page.screenshot({path: path.join(shots, 'document-from-search-laptop.png')});
}

async function dyadAndEvidence(page, base, shots) {
  await page.getByRole('link', {name: 'Dyad'}).click();
  await page.waitForURL(/\/dyad/);
  await settle(page);
  await page.getByLabel('State A').selectOption('IRN');
  await page.getByLabel('State B').selectOption('PRK');
  await page.getByRole('button', {name: 'Show'}).click();
  await page.waitForURL(/\/dyad\?.*a=IRN.*b=PRK/);
  await settle(page);
  await noErrorShown(page, 'dyad IRN–PRK');
  for (const title of ['Attention', 'Warmth', 'Domain mix', 'Third-party divergence', 'Findings']) {
    check(
        await page.getByRole('heading', {name: title, exact: true}).isVisible(),
        `dyad: no ${title} section`);
  }
  const warmth = page.getByRole('img', {name: /^Warmth/});
  check(await warmth.locator('circle.point').count() > 0, 'dyad: the warmth chart has no point');
  check(
      await warmth.locator('polygon.band').count() > 0,
      'dyad: the warmth chart has no interval band');
  check(
      await page.getByRole('img', {name: /^Attention/}).locator('circle.point').count() > 0,
      'dyad: the attention chart has no point');
  const findings = page.locator('.finding');
  const findingCount = await findings.count();
  check(findingCount > 0, 'dyad: IRN–PRK shows no finding');
  const stated = await numberIn(page.locator('.finding-count'));
  check(stated === findingCount, `dyad: says ${stated} findings, lists ${findingCount}`);
  const changePoints = await page.locator('.finding[data-kind="change_point"]').count();
  check(
      await warmth.locator('.marker').count() === changePoints,
      `dyad: ${changePoints} change-point findings but ${
          await warmth.locator('.marker').count()} markers on the warmth chart`);
  await page.screenshot({path: path.join(shots, 'dyad-laptop.png'), fullPage: false});
  const dyadUrl = page.url();

  const evidence = page.locator('.finding .evidence').first();
  const quote = normalise(await evidence.locator('blockquote').innerText());
  const actorMarks = await evidence.locator('mark.actor-mark').count();
  check(actorMarks > 0, `dyad: the first quote marks no actor: "${quote.slice(0, 80)}"`);
  const firstSummary = normalise(await findings.first().locator('.summary').innerText());
  await evidence.getByRole('link', {name: /Open the document/}).click();
  await page.waitForURL(/\/document\?.*sentence=/);
  await settle(page);
  await noErrorShown(page, 'document from evidence');
  const marked = await markedSentenceInView(page, 'document from evidence');
  check(
      marked === quote,
      `evidence: the document marks "${marked.slice(0, 100)}", the finding quoted "${
          quote.slice(0, 100)}"`);
  await page.screenshot({path: path.join(shots, 'evidence-document-laptop.png')});

  // The shared address of the document, reloaded, shows the same marked sentence.
  await page.reload();
  await settle(page);
  check(
      await markedSentenceInView(page, 'document reloaded') === quote,
      'document reloaded: another sentence is marked');
  return {dyadUrl, findingCount, firstSummary};
}

async function sharedDyadAddress(context, dyad, shots) {
  const page = await context.newPage();
  await page.setViewportSize(LAPTOP);
  await page.goto(dyad.dyadUrl);
  await settle(page);
  await noErrorShown(page, 'shared dyad address');
  check(
      await page.getByLabel('State A').inputValue() === 'IRN',
      'shared dyad address: state A is not IRN');
  check(
      await page.getByLabel('State B').inputValue() === 'PRK',
      'shared dyad address: state B is not PRK');
  check(
      await page.locator('.finding').count() === dyad.findingCount,
      'shared dyad address: another number of findings');
  check(
      normalise(await page.locator('.finding .summary').first().innerText()) === dyad.firstSummary,
      'shared dyad address: another first finding');
  // Turning to a phone's width redraws the charts in their narrow layout, without a reload.
  const warmth = page.getByRole('img', {name: /^Warmth/});
  check(
      (await warmth.getAttribute('viewBox')).split(' ')[2] === '760',
      'shared dyad address: the laptop warmth chart is not drawn 760 wide');
  await page.setViewportSize(PHONE);
  await page
      .waitForFunction(
          () => document.querySelector('svg[aria-label^="Warmth"]')
                    ?.getAttribute('viewBox')
                    ?.split(' ')[2] === '440',
          null, {timeout: 5000})
      .catch(() => {});
  check(
      (await warmth.getAttribute('viewBox')).split(' ')[2] === '440',
      'shared dyad address: the warmth chart was not redrawn for a phone\'s width');
  check(
      await page.locator('.finding').count() === dyad.findingCount,
      'shared dyad address: findings lost when the charts were redrawn');
  await page.close();
}

async function phonePass(context, base, dyad, shots) {
  const page = await context.newPage();
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/search?q=Iran`);
  await settle(page);
  await noErrorShown(page, 'phone search');
  check(await page.locator('.hit').first().isVisible(), 'phone: no hit visible');
  await noSidewaysScroll(page, 'phone search');
  await page.screenshot({path: path.join(shots, 'search-phone.png')});
  await page.goto(dyad.dyadUrl);
  await settle(page);
  await noErrorShown(page, 'phone dyad');
  const chart = page.getByRole('img', {name: /^Warmth/});
  await chart.scrollIntoViewIfNeeded();
  const width = await chart.evaluate((el) => el.getBoundingClientRect().width);
  check(width > 300 && width <= PHONE.width, `phone: the warmth chart is ${width}px wide`);
  await noSidewaysScroll(page, 'phone dyad');
  await page.screenshot({path: path.join(shots, 'dyad-phone.png')});
  await page.locator('.finding .evidence')
      .first()
      .getByRole('link', {name: /Open the document/})
      .click();
  await page.waitForURL(/\/document\?/);
  await settle(page);
  await markedSentenceInView(page, 'phone document');
  await noSidewaysScroll(page, 'phone document');
  await page.screenshot({path: path.join(shots, 'document-phone.png')});
  await page.close();
}

// The alignment page: the nav link picks the archive's latest year; a period with comparable
// speakers shows the one in focus (IRN) with its partners, and a partner leads to their dyad.
async function alignPage(context, base, shots) {
  const page = await context.newPage();
  await page.setViewportSize(LAPTOP);
  await page.goto(`${base}/search`);
  await settle(page);
  await page.getByRole('navigation', {name: 'Pages'}).getByRole('link', {name: 'Align'}).click();
  await page.waitForURL(/\/align\?period=\d{4}$/);
  await settle(page);
  await page.goto(`${base}/align?period=2015..2024`);
  await settle(page);
  await noErrorShown(page, 'align');
  check(
      await page.getByRole('heading', {name: 'Whom IRN sounds like'}).isVisible(),
      'align: IRN is not in focus');
  const chart = page.getByRole('img', {name: /^Alignment of IRN/});
  const partners = await chart.locator('circle').count();
  check(partners >= 2, `align: the chart shows ${partners} partners of IRN`);
  const speakerRows = await page.locator('.panel').last().locator('tbody tr').count();
  check(speakerRows >= 3, `align: ${speakerRows} speakers in the table`);
  check(
      /over \d+ third parties/.test(await page.locator('.align-summary').innerText()),
      'align: the summary does not count the third parties');
  await page.screenshot({path: path.join(shots, 'align-laptop.png')});
  await page.getByText(/^All \d+ partners of IRN/).click();
  await page.getByRole('link', {name: 'IRN–PRK dyad'}).click();
  await page.waitForURL(/\/dyad\?a=IRN&b=PRK/);
  await settle(page);
  await noErrorShown(page, 'dyad from align');
  await page.close();
}

async function digestPage(context, base, shots) {
  const page = await context.newPage();
  await page.setViewportSize(LAPTOP);
  await page.goto(`${base}/digest?since=2024-06-01&pairs=IRN-PRK`);
  await settle(page);
  await noErrorShown(page, 'digest');
  check(
      await page.getByRole('heading', {name: /IRN–PRK/}).isVisible(),
      'digest: no IRN–PRK section');
  check(
      await page.getByRole('heading', {name: /^New documents/}).isVisible(),
      'digest: no new documents list');
  await page.screenshot({path: path.join(shots, 'digest-laptop.png')});
  await page.close();
}

async function main() {
  const started = Date.now();
  const options = parseArguments(process.argv.slice(2));
  check(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing (apt-get install chromium, or run scripts/setup)`);
  check(existsSync(options.fissure), `fissure binary not found: ${options.fissure}`);
  const {chromium} = await loadPlaywright();
  const shots = path.resolve(options.out);
  mkdirSync(shots, {recursive: true});
  const work = mkdtempSync(path.join(tmpdir(), 'fissure-ui-'));
  let server = null;
  let context = null;
  try {
    const archive = options.db ? path.resolve(options.db) : buildArchive(options, work);
    if (!options.db) addRevisedDocument(options, work, archive);
    const started_server = await startServer(options.fissure, archive);
    server = started_server.server;
    const base = started_server.base;
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: LAPTOP,
    });
    const pageErrors = [];
    context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Nothing may leave the machine: the UI must work without network.
    await context.route((url) => !url.href.startsWith(base), (route) => {
      pageErrors.push(`request outside the server: ${route.request().url()}`);
      return route.abort();
    });
    try {
      await searchAndOpenHit(page, base, shots);
      const dyad = await dyadAndEvidence(page, base, shots);
      await sharedDyadAddress(context, dyad, shots);
      await phonePass(context, base, dyad, shots);
      await digestPage(context, base, shots);
      await alignPage(context, base, shots);
      if (!options.db) await revisionsAndEscaping(page, base, shots);
    } catch (error) {
      await page.screenshot({path: path.join(shots, 'failure.png')}).catch(() => {});
      throw error;
    }
    check(pageErrors.length === 0, `script errors in the page: ${pageErrors.join(' | ')}`);
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) server.kill();
    rmSync(work, {recursive: true, force: true});
  }
  console.log(`ui_test: all checks passed in ${
      ((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
}

main().catch((error) => {
  const kind = error instanceof CheckFailed ? 'FAILED' : 'ERROR';
  console.error(`ui_test ${kind}: ${error.message}`);
  if (!(error instanceof CheckFailed)) console.error(error.stack);
  process.exitCode = 1;
});
