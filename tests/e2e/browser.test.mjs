#!/usr/bin/env node
// End-to-end test of the quifait web page in a real browser (Debian's chromium, driven by
// playwright-core). Builds a fresh index of the corpus, starts `quifait serve --port 0`, and checks
// question mode, search mode (facets, paging, autocomplete), the organisation browser and unit
// pages, deep links, safe highlighting, error states, phone width and keyboard focus.
//
//   node tests/e2e/browser.test.mjs
//
// Environment:
//   QUIFAIT_BINARY          the quifait executable (default <repo>/build/quifait)
//   QUIFAIT_CORPUS_DIR      the corpus to index (default <repo>/corpus)
//   QUIFAIT_CHROMIUM        the browser (default /usr/bin/chromium)
//   QUIFAIT_SCREENSHOTS=DIR write screenshot-{question,search,units,mobile}.png into DIR
//   QUIFAIT_REQUIRE_BROWSER=1  fail (instead of skipping with exit 77) when chromium or
//                           node_modules are missing
//   QUIFAIT_URL             test an already running server instead of starting one
// Exit status: 0 all checks passed, 1 a check failed, 77 skipped (no browser / no node_modules).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const BINARY = resolve(process.env.QUIFAIT_BINARY || join(repo, 'build', 'quifait'));
const CORPUS = resolve(process.env.QUIFAIT_CORPUS_DIR || join(repo, 'corpus'));
const CHROMIUM = process.env.QUIFAIT_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = process.env.QUIFAIT_SCREENSHOTS || '';
const REQUIRE_BROWSER = process.env.QUIFAIT_REQUIRE_BROWSER === '1';
const WEB_DIR = join(repo, 'web');

const QUESTION = 'Qui est responsable de la gestion du parc immobilier ?';
const EXPECTED_UNIT = 'département des services généraux';
const NO_ANSWER_QUESTION = "Qui s'occupe de la pêche au thon en haute mer ?";
const SEARCH_QUERY = 'ressources humaines';
const XSS = '<img src=x onerror=alert(1)>';
const TIMEOUT = 15000;

// ------------------------------------------------------------------ skip when there is no browser

function skipOrFail(reason) {
  if (REQUIRE_BROWSER) {
    console.error(`browser e2e: FAIL: ${reason} (QUIFAIT_REQUIRE_BROWSER=1; run scripts/setup-browser.sh)`);
    process.exit(1);
  }
  console.log(`browser e2e: SKIP: ${reason} (run scripts/setup-browser.sh)`);
  process.exit(77);
}

if (!existsSync(CHROMIUM)) skipOrFail(`no browser at ${CHROMIUM}`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (err) {
  skipOrFail(`playwright-core is not installed in ${here}/node_modules`);
}

// ------------------------------------------------------------------ tiny test harness

let passed = 0;
let failed = 0;
const cleanups = [];

class CheckError extends Error {}
function check(condition, message) {
  if (!condition) throw new CheckError(message);
}
function equal(actual, expected, what) {
  check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function cleanup() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (err) { /* best effort */ }
  }
}

async function fatal(message) {
  console.error(`browser e2e: FAIL: ${message}`);
  await cleanup();
  process.exit(1);
}

// ------------------------------------------------------------------ index and server

async function startServer() {
  if (process.env.QUIFAIT_URL) return process.env.QUIFAIT_URL.replace(/\/?$/, '/');
  if (!existsSync(BINARY)) await fatal(`no quifait binary at ${BINARY} (set QUIFAIT_BINARY or build first)`);
  if (!existsSync(join(CORPUS, 'corpus.json'))) await fatal(`no corpus manifest at ${CORPUS}/corpus.json`);
  const tmp = mkdtempSync(join(tmpdir(), 'quifait-e2e-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  const db = join(tmp, 'index');
  const indexed = spawnSync(BINARY, ['index', '--corpus', CORPUS, '--db', db], { encoding: 'utf8', timeout: 120000 });
  if (indexed.status !== 0) {
    await fatal(`quifait index failed (status ${indexed.status}): ${(indexed.stderr || indexed.error || '').toString().trim()}`);
  }

  const server = spawn(BINARY, ['serve', '--db', db, '--port', '0', '--host', '127.0.0.1', '--web', WEB_DIR],
                       { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  let exited = false;
  server.on('exit', () => { exited = true; });
  cleanups.push(async () => {
    if (exited) return;
    server.kill('SIGTERM');
    await new Promise((done) => { const t = setTimeout(() => { server.kill('SIGKILL'); done(); }, 3000); server.on('exit', () => { clearTimeout(t); done(); }); });
  });

  const firstLine = await new Promise((done) => {
    const lines = createInterface({ input: server.stdout });
    const timer = setTimeout(() => done(null), TIMEOUT);
    lines.once('line', (line) => { clearTimeout(timer); done(line); });
    server.once('exit', () => { clearTimeout(timer); done(null); });
  });
  const match = firstLine && firstLine.match(/^quifait: listening on (http:\/\/\S+?)\/?$/);
  if (!match) await fatal(`server did not announce its URL (first line ${JSON.stringify(firstLine)}); stderr: ${stderr.trim()}`);
  server.stdout.resume();   // keep draining stdout
  const base = match[1] + '/';

  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    try {
      const response = await fetch(base + 'healthz');
      if (response.ok) break;
    } catch (err) { /* not up yet */ }
    if (exited || Date.now() > deadline) await fatal(`server at ${base} never became healthy; stderr: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return base;
}

const base = await startServer();

async function apiGet(path) {
  const response = await fetch(new URL(path, base));
  const body = await response.json();
  if (!response.ok) throw new CheckError(`GET ${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

// ------------------------------------------------------------------ browser

let browser;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
} catch (err) {
  await fatal(`could not launch ${CHROMIUM}: ${err.message}`);
}
cleanups.push(() => browser.close());

const pageProblems = [];   // uncaught exceptions, CSP violations, dialogs: any of them fails the run
let dialogs = 0;

async function newPage({ width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (err) => pageProblems.push(`uncaught exception: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) pageProblems.push(`CSP: ${msg.text()}`);
  });
  page.on('dialog', async (dialog) => { dialogs++; pageProblems.push(`dialog opened: ${dialog.message()}`); await dialog.dismiss(); });
  return page;
}

function url(path) { return new URL(path, base).toString(); }

async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `screenshot-${name}.png`);
  await page.mouse.move(0, 0);   // no hover or focus ring in the picture
  await page.evaluate(() => document.activeElement && document.activeElement.blur && document.activeElement.blur());
  await page.screenshot({ path: file });
  console.log(`#   wrote ${file} (${Math.round(statSync(file).size / 1024)} KB)`);
}

const textOf = (locator) => locator.evaluate((node) => node.textContent.replace(/\s+/g, ' ').trim());

async function step(name, fn) {
  const before = pageProblems.length;
  try {
    await fn();
    check(pageProblems.length === before, pageProblems.slice(before).join('; '));
    passed++;
    console.log(`ok ${passed + failed} - ${name}`);
  } catch (err) {
    failed++;
    console.log(`not ok ${passed + failed} - ${name}`);
    console.log(`#   ${err instanceof CheckError ? err.message : (err.stack || err.message)}`.split('\n').join('\n#   '));
  }
}

const page = await newPage();

// ------------------------------------------------------------------ 1. question mode

const apiAnswer = await apiGet('api/ask?q=' + encodeURIComponent(QUESTION)).catch((err) => fatal(err.message));

await step('the API answers the reference question with the expected unit', async () => {
  check(apiAnswer.confident === true, `/api/ask confident should be true, got ${apiAnswer.confident}`);
  check(Array.isArray(apiAnswer.answers) && apiAnswer.answers.length > 0, '/api/ask returned no answers');
  equal(apiAnswer.answers[0].unit.name, EXPECTED_UNIT, '/api/ask first unit');
});

async function checkAnswerCard(p) {
  const card = p.locator('#answer-card');
  await card.waitFor({ state: 'visible' });
  const expected = apiAnswer.answers[0];
  equal(await textOf(card.locator('.unit-name')), expected.unit.name, 'answer card unit name');
  equal(await textOf(card.locator('.unit-name')), EXPECTED_UNIT, 'answer card unit name');
  equal(await textOf(card.locator('.badge-type')), expected.unit.type, 'answer card unit type');
  const crumbs = await card.locator('.breadcrumb li').evaluateAll((items) => items.map((li) => li.textContent.replace('›', '').trim()));
  equal(JSON.stringify(crumbs), JSON.stringify(expected.unit.path), 'answer card breadcrumb');
  check((await textOf(card.locator('.breadcrumb'))).includes(expected.unit.path.join(' › ')), 'breadcrumb should read the path joined with ›');
  const marks = card.locator('.evidence mark');
  check(await marks.count() > 0, 'the evidence has no <mark>');
  check((await textOf(marks.first())).length > 0, 'the first <mark> is empty');
  const evidence = expected.evidence[0];
  equal(await textOf(card.locator('.evidence-text').first()), evidence.text.replace(/\s+/g, ' ').trim(), 'evidence text');
  const docName = evidence.doc_title || evidence.doc;
  check((await textOf(card.locator(".source").first())).includes(docName), `source should name the document ${docName}`);
  if (evidence.section) check((await textOf(card.locator('.source').first())).includes(evidence.section), 'source should name the section');
  const others = await p.locator('.candidate-card').count();
  equal(others, apiAnswer.answers.length - 1, 'number of other candidates');
}

await step('question mode: typing the question and pressing Enter shows the answer card', async () => {
  await page.goto(url('/'));
  await page.locator('#question-input').click();
  await page.keyboard.type(QUESTION);
  await page.keyboard.press('Enter');
  await checkAnswerCard(page);
  equal(new URL(page.url()).searchParams.get('q'), QUESTION, 'URL ?q= after asking');
  check((await textOf(page.locator('#question-status'))).includes(EXPECTED_UNIT), 'the live status announces the answer');
  await screenshot(page, 'question');
});

await step('question mode: a question placed in a ministry no text is about says so, not confidently', async () => {
  const question = 'Qui gère le parc immobilier au ministère des sports ?';
  const api = await apiGet('api/ask?q=' + encodeURIComponent(question));
  equal(api.confident, false, '/api/ask confident for a ministry the index does not hold');
  equal(api.unindexed_org, 'sports', '/api/ask unindexed_org');
  const fresh = await newPage();
  await fresh.goto(url('/?q=' + encodeURIComponent(question)));
  const line = fresh.locator('#unindexed-org');
  await line.waitFor({ state: 'visible' });
  check((await textOf(line)).includes('sports'), 'the not-found box names the ministry: ' + (await textOf(line)));
  equal(await fresh.locator('#answer-card').count(), 0, 'answer cards for a ministry the index does not hold');
  await fresh.context().close();
});

await step('question mode: a question asking for a person says the texts name units, and shows the unit the role heads', async () => {
  const question = "Qui est le directeur de l'INSEE ?";
  const api = await apiGet('api/ask?q=' + encodeURIComponent(question));
  equal(api.confident, false, '/api/ask confident for a person asked');
  equal(api.asks_person, true, '/api/ask asks_person');
  equal(api.answers[0].unit.org, 'INSEE', 'the unit the director heads');
  const fresh = await newPage();
  await fresh.goto(url('/?q=' + encodeURIComponent(question)));
  const box = fresh.locator('#asks-person');
  await box.waitFor({ state: 'visible' });
  check((await textOf(box)).includes('ne nomment pas les personnes'), 'the box says the texts do not name people: ' + (await textOf(box)));
  check((await textOf(box)).includes('Institut national de la statistique'), 'the box shows the institute: ' + (await textOf(box)));
  equal(await fresh.locator('#answer-card').count(), 0, 'no answer card for a person asked');
  await fresh.context().close();
});

await step('question mode: a question with no answer says "Je n\'ai pas trouvé"', async () => {
  const api = await apiGet('api/ask?q=' + encodeURIComponent(NO_ANSWER_QUESTION));
  equal(api.confident, false, '/api/ask confident for the no-answer question');
  await page.locator('#question-input').fill(NO_ANSWER_QUESTION);
  await page.locator('#question-input').press('Enter');
  const box = page.locator('#not-found');
  await box.waitFor({ state: 'visible' });
  check((await textOf(box)).includes("Je n'ai pas trouvé"), 'the not-found box should say "Je n\'ai pas trouvé"');
  equal(await page.locator('#answer-card').count(), 0, 'answer cards for a no-answer question');
  const trySearch = new URL(await page.locator('#try-search').getAttribute('href'), base);
  equal(trySearch.searchParams.get('mode'), 'search', 'the "try search" link mode');
  equal(trySearch.searchParams.get('q'), NO_ANSWER_QUESTION, 'the "try search" link query');
  const suggestions = Array.isArray(api.suggestions) ? api.suggestions : [];
  equal(await page.locator('.suggestion-links a').count(), suggestions.length, 'suggestion links');
  if (suggestions.length && suggestions[0].kind === 'unit') {
    await page.locator('.suggestion-links a').first().click();
    await page.locator('#unit-title').waitFor({ state: 'visible' });
    equal(new URL(page.url()).searchParams.get('unit'), suggestions[0].id, 'a suggestion opens the unit page');
    await page.goBack();
    await box.waitFor({ state: 'visible' });
  }
});

await step('question mode: back button returns to the previous answer', async () => {
  await page.goBack();
  await checkAnswerCard(page);
  equal(await page.locator('#question-input').inputValue(), QUESTION, 'question box after going back');
});

await step('question mode: a unit name two orgs share is shown as candidates to choose from, not as the answer', async () => {
  const q = 'Que comprend le secrétariat général ?';
  const api = await apiGet('api/ask?q=' + encodeURIComponent(q));
  equal(api.ambiguous, true, '/api/ask ambiguous for a name of two orgs');
  equal(api.confident, false, '/api/ask confident for an ambiguous question');
  const fresh = await newPage();
  await fresh.goto(url('/?q=' + encodeURIComponent(q)));
  const box = fresh.locator('#ambiguous');
  await box.waitFor({ state: 'visible' });
  check((await textOf(box)).includes('Plusieurs unités portent ce nom'), 'the ambiguous box says several units have this name');
  equal(await fresh.locator('#answer-card').count(), 0, 'no answer card for an ambiguous question');
  equal(await box.locator('.candidate-card').count(), api.answers.length, 'one card per candidate');
  const orgs = await box.locator('.candidate-card').evaluateAll((cards) => cards.map((c) => c.dataset.org));
  check(new Set(orgs).size >= 2, 'candidates of at least two orgs: ' + orgs.join(', '));
  await fresh.context().close();
});

await step('question mode: a repaired word is said, with a link that searches the wording as typed', async () => {
  const q = 'qui gere le parc immobiler';
  const api = await apiGet('api/ask?q=' + encodeURIComponent(q));
  check(typeof api.corrected === 'string' && api.corrected.includes('immobilier'), '/api/ask repairs "immobiler": ' + api.corrected);
  const exact = await apiGet('api/ask?q=' + encodeURIComponent(q) + '&exact=1');
  equal(exact.corrected, undefined, '/api/ask?exact=1 repairs nothing');
  const fresh = await newPage();
  await fresh.goto(url('/?q=' + encodeURIComponent(q)));
  const line = fresh.locator('#corrected');
  await line.waitFor({ state: 'visible' });
  const text = await textOf(line);
  check(text.includes('Résultats pour') && text.includes('au lieu de') && text.includes(q), 'the repair line: ' + text);
  await fresh.locator('#search-as-typed').click();
  await fresh.waitForFunction(() => new URL(location.href).searchParams.get('exact') === '1');
  await fresh.waitForFunction(() => document.querySelector('#answer-card, #not-found, #ambiguous'));
  equal(await fresh.locator('#corrected').count(), 0, 'no repair line when searching as typed');
  await fresh.context().close();
});

await step('deep link /?q=… renders the answer directly', async () => {
  const fresh = await newPage();
  await fresh.goto(url('/?q=' + encodeURIComponent(QUESTION)));
  await checkAnswerCard(fresh);
  equal(await fresh.locator('#question-input').inputValue(), QUESTION, 'question box filled from the deep link');
  equal(await fresh.locator('#tab-question').getAttribute('aria-current'), 'page', 'Question tab current');
  await fresh.context().close();
});

// ------------------------------------------------------------------ 2. search mode

async function hitsState(p) {
  return p.locator('#search-results .hit').evaluateAll((items) => items.map((li) => ({ org: li.dataset.org, type: li.dataset.type, id: li.dataset.unitId })));
}

async function facetCounts(p, name) {
  return p.locator(`#search-facets [data-facet="${name}"]`).evaluateAll((buttons) =>
    Object.fromEntries(buttons.map((b) => [b.dataset.value, Number(b.querySelector('.facet-count').textContent)])));
}

const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

await step('search mode: results as you type, with org and type facets and counts', async () => {
  const api = await apiGet('api/search?partial=1&q=' + encodeURIComponent(SEARCH_QUERY));
  check(api.total > 0, '/api/search found nothing for ' + SEARCH_QUERY);
  await page.goto(url('/'));
  await page.locator('#tab-search').click();
  await page.locator('#search-input').waitFor({ state: 'visible' });
  equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'search-input', 'focus after choosing the search tab');
  await page.keyboard.type(SEARCH_QUERY, { delay: 20 });   // no Enter: results come while typing
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q && document.querySelectorAll('#search-results .hit').length > 0, SEARCH_QUERY);
  await page.waitForFunction((total) => document.querySelector('#search-results .results-count')?.textContent.includes(String(total)), api.total);
  equal(await page.locator('#search-results .hit').count(), api.hits.length, 'hits on page 1');
  check(await page.locator('#search-results .hit mark').count() > 0, 'search snippets have no <mark>');
  equal(JSON.stringify(await facetCounts(page, 'org')), JSON.stringify(Object.fromEntries(Object.entries(api.facets.org).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr')))), 'org facet counts');
  const typeCounts = await facetCounts(page, 'type');
  equal(Object.keys(typeCounts).length, Object.keys(api.facets.type).length, 'number of type facets');
  for (const [key, count] of Object.entries(api.facets.type)) equal(typeCounts[key], count, `type facet ${key}`);
  await page.locator('#search-input').blur();
  await screenshot(page, 'search');
});

await step('search mode: clicking an org facet filters the hits, and the filter can be cleared', async () => {
  const api = await apiGet('api/search?partial=1&q=' + encodeURIComponent(SEARCH_QUERY));
  const orgs = Object.entries(api.facets.org).sort((a, b) => a[1] - b[1]);
  const [org, count] = orgs.find(([, n]) => n < api.total) || orgs[0];
  await page.locator(`#search-facets [data-facet="org"][data-value="${org}"]`).click();
  await page.waitForFunction((o) => new URL(location.href).searchParams.get('org') === o, org);
  await page.waitForFunction((o) => {
    const hits = [...document.querySelectorAll('#search-results .hit')];
    return hits.length > 0 && hits.every((h) => h.dataset.org === o);
  }, org);
  const hits = await hitsState(page);
  check(hits.every((h) => h.org === org), `hits outside ${org}: ${JSON.stringify(hits)}`);
  check((await textOf(page.locator('#search-results .results-count'))).includes(String(count)), `the count should be ${count}`);
  equal(await page.locator(`#search-facets [data-facet="org"][data-value="${org}"]`).getAttribute('aria-pressed'), 'true', 'pressed facet');
  // A type facet on top of it.
  const types = await facetCounts(page, 'type');
  const [type] = Object.entries(types).sort((a, b) => a[1] - b[1])[0];
  await page.locator(`#search-facets [data-facet="type"][data-value="${type}"]`).click();
  await page.waitForFunction((t) => new URL(location.href).searchParams.get('type') === t, type);
  await page.waitForFunction((t) => {
    const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const hits = [...document.querySelectorAll('#search-results .hit')];
    return hits.length > 0 && hits.every((h) => fold(h.dataset.type) === fold(t));
  }, type);
  for (const h of await hitsState(page)) {
    equal(h.org, org, 'org of a hit under both filters');
    equal(fold(h.type), fold(type), 'type of a hit under the type filter');
  }
  await page.locator('#clear-filters').click();
  await page.waitForFunction(() => { const p = new URL(location.href).searchParams; return !p.get('org') && !p.get('type'); });
  await page.waitForFunction((total) => document.querySelector('#search-results .results-count')?.textContent.includes(String(total)), api.total);
});

await step('search mode: paging (précédent / suivant, "page N sur M") and a deep link with filters', async () => {
  // Find a query with more than one page.
  let query = null;
  let api = null;
  for (const candidate of ['statistique', 'gestion', 'direction', 'département', 'service', 'information']) {
    const result = await apiGet(`api/search?partial=1&page_size=10&q=${encodeURIComponent(candidate)}`);
    if (result.total > 10) { query = candidate; api = result; break; }
  }
  check(query, 'no query with more than one page of results in this corpus');
  const pages = Math.ceil(api.total / 10);
  await page.goto(url(`/?mode=search&q=${encodeURIComponent(query)}`));
  await page.locator('#search-results .pager').waitFor({ state: 'visible' });
  equal(await textOf(page.locator('.pager-info')), `Page 1 sur ${pages}`, 'pager on page 1');
  check(await page.locator('.pager-prev').isDisabled(), '"Précédent" should be disabled on page 1');
  const first = await hitsState(page);
  await page.locator('.pager-next').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
  await page.waitForFunction((n) => document.querySelector('.pager-info')?.textContent.trim() === `Page 2 sur ${n}`, pages);
  const api2 = await apiGet(`api/search?partial=1&page_size=10&page=2&q=${encodeURIComponent(query)}`);
  const second = await hitsState(page);
  equal(JSON.stringify(second.map((h) => h.id)), JSON.stringify(api2.hits.map((h) => h.unit.id)), 'page 2 hits');
  check(await page.locator('.pager-prev').isEnabled(), '"Précédent" should be enabled on page 2');
  await page.locator('.pager-prev').click();
  await page.waitForFunction((n) => document.querySelector('.pager-info')?.textContent.trim() === `Page 1 sur ${n}`, pages);
  equal(JSON.stringify((await hitsState(page)).map((h) => h.id)), JSON.stringify(first.map((h) => h.id)), 'page 1 hits again');

  // Deep link with org and page, loaded directly.
  const org = Object.keys(api.facets.org)[0];
  const fresh = await newPage();
  await fresh.goto(url(`/?mode=search&q=${encodeURIComponent(query)}&org=${encodeURIComponent(org)}&page=1`));
  await fresh.locator('#search-results .hit').first().waitFor();
  equal(await fresh.locator('#search-input').inputValue(), query, 'search box from the deep link');
  equal(await fresh.locator(`#search-facets [data-facet="org"][data-value="${org}"]`).getAttribute('aria-pressed'), 'true', 'facet pressed from the deep link');
  check((await hitsState(fresh)).every((h) => h.org === org), 'deep-linked hits filtered by org');
  equal(await fresh.locator('#tab-search').getAttribute('aria-current'), 'page', 'Recherche tab current');
  await fresh.context().close();
});

await step('search mode: autocomplete listbox from /api/suggest, with arrow keys', async () => {
  const prefix = 'serv';
  const api = await apiGet('api/suggest?q=' + prefix);
  await page.goto(url('/?mode=search'));
  await page.locator('#search-input').click();
  await page.keyboard.type(prefix, { delay: 30 });
  if (!api.suggestions.length) {
    console.log('#   /api/suggest returned nothing for "serv": listbox not checked');
    return;
  }
  await page.locator('#search-suggest [role="option"]').first().waitFor({ state: 'visible' });
  equal(await page.locator('#search-input').getAttribute('aria-expanded'), 'true', 'aria-expanded with suggestions');
  equal(await page.locator('#search-suggest [role="option"]').count(), api.suggestions.length, 'number of suggestions');
  await page.keyboard.press('ArrowDown');
  equal(await page.locator('#search-input').getAttribute('aria-activedescendant'), 'suggest-0', 'first option active after ArrowDown');
  equal(await page.locator('#suggest-0').getAttribute('aria-selected'), 'true', 'aria-selected on the active option');
  await page.keyboard.press('Escape');
  equal(await page.locator('#search-input').getAttribute('aria-expanded'), 'false', 'Escape closes the listbox');
  equal(await page.locator('#search-input').inputValue(), prefix, 'Escape keeps the typed text');
  // Choosing a unit suggestion opens its page.
  const unitIndex = api.suggestions.findIndex((s) => s.kind === 'unit' && s.id);
  if (unitIndex >= 0) {
    await page.keyboard.press('ArrowDown');
    await page.locator('#search-suggest [role="option"]').first().waitFor({ state: 'visible' });
    for (let i = 0; i <= unitIndex; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('#unit-title').waitFor({ state: 'visible' });
    equal(new URL(page.url()).searchParams.get('unit'), api.suggestions[unitIndex].id, 'unit suggestion opens its page');
  }
});

// ------------------------------------------------------------------ 3. organisation browser

await step('search mode: a word half typed ("immob") shows results, which never blink empty while typing', async () => {
  await page.goto(url('/?mode=search'));
  await page.locator('#search-input').waitFor({ state: 'visible' });
  await page.locator('#search-input').click();
  // Watch the results from the first keystroke: "Aucun passage" must never be shown.
  await page.evaluate(() => {
    window.__sawEmpty = false;
    new MutationObserver(() => {
      if ((document.querySelector('#search-results')?.textContent || '').includes('Aucun passage')) window.__sawEmpty = true;
    }).observe(document.querySelector('#search-results'), { childList: true, subtree: true, characterData: true });
  });
  await page.keyboard.type('immob', { delay: 120 });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'immob' &&
    document.querySelectorAll('#search-results .hit').length > 0);
  const marked = await page.locator('#search-results .hit mark').allTextContents();
  check(marked.some((m) => fold(m).startsWith('immob')), `the completed word is highlighted, got ${JSON.stringify(marked)}`);
  check(!(await page.evaluate(() => window.__sawEmpty)), 'the results showed "Aucun passage" while typing');
});

await step('clicking a source opens the document page at the cited passage, marked and focused', async () => {
  await page.goto(url('/?q=' + encodeURIComponent(QUESTION)));
  await checkAnswerCard(page);
  const evidence = apiAnswer.answers[0].evidence[0];
  const link = page.locator('#answer-card .source a.source-doc').first();
  equal(await textOf(link), evidence.doc_title || evidence.doc, 'source link text');
  await link.click();
  await page.locator('#panel-document').waitFor({ state: 'visible' });
  const cited = page.locator('.document-passage.cited');
  await cited.waitFor({ state: 'visible' });
  equal(await cited.count(), 1, 'one cited passage');
  equal(await cited.getAttribute('data-passage'), evidence.passage_id, 'the cited passage is the evidence');
  equal(await textOf(cited.locator('.passage-body')), evidence.text.replace(/\s+/g, ' ').trim(), 'cited passage text');
  equal(await page.evaluate(() => document.activeElement?.dataset?.passage), evidence.passage_id, 'focus on the cited passage');
  const box = await cited.boundingBox();
  const viewport = page.viewportSize();
  check(box && box.y >= 0 && box.y + Math.min(box.height, 50) <= viewport.height, 'the cited passage is scrolled into view');
  const params = new URL(page.url()).searchParams;
  equal(params.get('doc'), evidence.doc, 'URL ?doc=');
  equal(params.get('passage'), evidence.passage_id, 'URL &passage=');
  check((await textOf(page.locator('#document-title'))).length > 0, 'the document page has a title');
  // The passage's unit links to its unit page; the back button returns to the answer.
  check(await cited.locator('a.passage-unit').count() === 1, 'the cited passage names its unit');
  await page.goBack();
  await checkAnswerCard(page);
});

await step('organisation browser: tree, collapsing, a unit page with missions, breadcrumb and sub-units', async () => {
  const units = await apiGet('api/units');
  await page.goto(url('/'));
  await page.locator('#tab-tree').click();
  await page.locator('.org-tree').first().waitFor({ state: 'visible' });
  equal(new URL(page.url()).searchParams.get('mode'), 'tree', 'URL mode=tree');
  equal(await page.locator('.org-tree').count(), units.orgs.length, 'one section per organisation');
  equal(await page.locator('.tree-item').count(), units.units.length, 'one tree item per unit');
  // Collapse and expand one branch.
  const listId = await page.locator('.tree-toggle[aria-expanded="true"]').first().getAttribute('aria-controls');
  const toggle = page.locator(`.tree-toggle[aria-controls="${listId}"]`);
  await toggle.click();
  equal(await toggle.getAttribute('aria-expanded'), 'false', 'aria-expanded after collapsing');
  check(await page.locator(`[id="${listId}"]`).isHidden(), 'children hidden after collapsing');
  await toggle.click();
  check(await page.locator(`[id="${listId}"]`).isVisible(), 'children shown after expanding');
  await page.locator('#tree-expand').click();

  const target = units.units.find((u) => u.name === EXPECTED_UNIT) || units.units[0];
  await page.locator('.tree-link', { hasText: target.name }).first().click();
  await page.locator('#unit-title').waitFor({ state: 'visible' });
  const api = await apiGet('api/units/' + target.id);
  equal(await textOf(page.locator('#unit-title')), api.unit.name, 'unit page title');
  equal(new URL(page.url()).searchParams.get('unit'), target.id, 'URL ?unit=');
  check(api.passages.length > 0, `${target.id} has no passages in the API`);
  equal(await page.locator('#unit-missions .passage').count(), api.passages.length, 'missions on the unit page');
  equal(await textOf(page.locator('#unit-missions .passage-text').first()), api.passages[0].text.replace(/\s+/g, ' ').trim(), 'first mission text');
  equal(await page.locator('#unit-documents .document').count(), api.documents.length, 'source documents');
  const crumbs = await page.locator('#unit-content .breadcrumb li').count();
  equal(crumbs, api.unit.path.length, 'breadcrumb length on the unit page');
  await screenshot(page, 'units');

  // The parent in the breadcrumb is a link to its page, which lists this unit among its sub-units.
  check(api.parent, `${target.id} should have a parent`);
  await page.locator('#unit-content .breadcrumb a', { hasText: api.parent.name }).click();
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('unit') === id, api.parent.id);
  await page.waitForFunction((name) => document.querySelector('#unit-title')?.textContent === name, api.parent.name);
  const children = await page.locator('#unit-children a').evaluateAll((links) => links.map((a) => a.textContent));
  check(children.includes(target.name), `sub-units of ${api.parent.name} should include ${target.name}: ${JSON.stringify(children)}`);
  // The org element of the breadcrumb opens the org's page.
  const orgLink = page.locator('#unit-content .breadcrumb a').first();
  equal(new URL(await orgLink.getAttribute('href'), base).searchParams.get('unit'), api.unit.org.toLowerCase(), 'org link in the breadcrumb');
  // A sub-unit link goes back down.
  await page.locator('#unit-children a', { hasText: target.name }).click();
  await page.waitForFunction((name) => document.querySelector('#unit-title')?.textContent === name, target.name);
  // Deep link /?unit=ID.
  const fresh = await newPage();
  await fresh.goto(url('/?unit=' + encodeURIComponent(target.id)));
  await fresh.locator('#unit-missions .passage').first().waitFor();
  equal(await textOf(fresh.locator('#unit-title')), api.unit.name, 'unit deep link title');
  equal(await fresh.locator('#tab-tree').getAttribute('aria-current'), 'page', 'Organigramme tab current on a unit page');
  // Unknown unit: an error message, not an empty page.
  await fresh.goto(url('/?unit=' + encodeURIComponent('nope/inconnue')));
  await fresh.locator('#unit-content .notice-error').waitFor({ state: 'visible' });
  await fresh.context().close();
});

// ------------------------------------------------------------------ 4. safety

await step('safety: a query with <img onerror> creates no element and opens no dialog', async () => {
  const fresh = await newPage();
  await fresh.goto(url('/'));
  const imagesBefore = await fresh.locator('img').count();
  await fresh.locator('#question-input').fill(XSS);
  await fresh.locator('#question-input').press('Enter');
  await fresh.waitForFunction(() => document.querySelector('#answer-card, #not-found, #question-results .notice-error'));
  await fresh.goto(url('/?mode=search&q=' + encodeURIComponent(XSS)));
  await fresh.waitForFunction(() => document.querySelector('#search-results .results-count, #search-results .notice-error'));
  await fresh.waitForTimeout(300);
  equal(await fresh.locator('img').count(), imagesBefore, 'number of <img> elements');
  equal(await fresh.locator('img[src="x"], [onerror]').count(), 0, 'injected elements');
  equal(dialogs, 0, 'dialogs opened');
  await fresh.context().close();
});

await step('safety: even a hostile `highlighted` field yields only <mark> elements', async () => {
  const fresh = await newPage();
  const hostile = 'Le <mark>parc</mark> <img src=x onerror=alert(1)><script>alert(2)</script> &lt;b&gt;gras&lt;/b&gt; &amp;amp; <b>x</b> <mark>fin';
  await fresh.route('**/api/ask?**', (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({ query: 'x', intent: 'responsibility', confident: true, answers: [{
      unit: { id: 'x/<b>y</b>', name: '<img src=x onerror=alert(3)>', type: 'département', org: 'X', path: ['X', '<i>z</i>'] },
      score: 1, evidence: [{ passage_id: 'p', doc: '<u>doc</u>', section: '', text: '', highlighted: hostile }] }] }),
  }));
  await fresh.goto(url('/?q=test'));
  const card = fresh.locator('#answer-card');
  await card.waitFor({ state: 'visible' });
  const tags = await card.locator('.evidence-text p *').evaluateAll((nodes) => nodes.map((n) => n.tagName));
  check(tags.length > 0 && tags.every((t) => t === 'MARK'), `elements inside the evidence: ${tags}`);
  equal(await textOf(card.locator('.evidence-text')), 'Le parc <img src=x onerror=alert(1)><script>alert(2)</script> <b>gras</b> &amp; <b>x</b> fin', 'hostile evidence shown as text');
  equal(await textOf(card.locator('.unit-name')), '<img src=x onerror=alert(3)>', 'hostile unit name shown as text');
  equal(await card.locator('img, script, b, i, u').count(), 0, 'elements created from hostile fields');
  equal(dialogs, 0, 'dialogs opened');
  await fresh.context().close();
});

await step('error states: a refused request is explained in French without a retry, a network failure is shown', async () => {
  const fresh = await newPage();
  await fresh.route('**/api/ask?**', (route) => route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"parameter \'q\' is too long"}' }));
  await fresh.goto(url('/?q=erreur'));
  await fresh.locator('#question-results .notice-error').waitFor({ state: 'visible' });
  const refused = await textOf(fresh.locator('#question-results .notice-error'));
  check(refused.includes("n'a pas pu être lue") && refused.includes('500 caractères'), 'the 400 is explained in French: ' + refused);
  check(!refused.includes('parameter'), 'the API\'s English message is not shown: ' + refused);
  equal(await fresh.locator('#question-results .notice-error button').count(), 0, 'no "Réessayer" for a refused request');
  await fresh.unroute('**/api/ask?**');
  await fresh.route('**/api/search?**', (route) => route.abort('connectionrefused'));
  await fresh.goto(url('/?mode=search&q=reseau'));
  await fresh.locator('#search-results .notice-error').waitFor({ state: 'visible' });
  check((await textOf(fresh.locator('#search-results .notice-error'))).includes('Impossible de joindre le serveur'), 'the network error is shown');
  await fresh.context().close();
});

// ------------------------------------------------------------------ 5. phone width

await step('phone width 375px: no horizontal scroll (question, search, unit pages)', async () => {
  const phone = await newPage({ width: 375, height: 740 });
  const width = () => phone.evaluate(() => document.scrollingElement.scrollWidth);
  await phone.goto(url('/?q=' + encodeURIComponent(QUESTION)));
  await phone.locator('#answer-card').waitFor({ state: 'visible' });
  check(await width() <= 376, `question page scrollWidth ${await width()} > 376`);
  await screenshot(phone, 'mobile');
  await phone.goto(url('/?mode=search&q=' + encodeURIComponent(SEARCH_QUERY)));
  await phone.locator('#search-results .hit').first().waitFor();
  check(await width() <= 376, `search page scrollWidth ${await width()} > 376`);
  await phone.goto(url('/?mode=tree'));
  await phone.locator('.org-tree').first().waitFor();
  await phone.locator('#tree-expand').click();
  check(await width() <= 376, `tree page scrollWidth ${await width()} > 376`);
  await phone.goto(url('/?unit=' + encodeURIComponent(apiAnswer.answers[0].unit.id)));
  await phone.locator('#unit-title').waitFor();
  check(await width() <= 376, `unit page scrollWidth ${await width()} > 376`);
  await phone.context().close();
});

// ------------------------------------------------------------------ 6. keyboard

await step('keyboard: Tab reaches the mode tabs and the question box, with a visible focus', async () => {
  const fresh = await newPage();
  await fresh.goto(url('/'));
  const seen = new Set();
  for (let i = 0; i < 20 && !(seen.has('tab-search') && seen.has('question-input')); i++) {
    await fresh.keyboard.press('Tab');
    const focus = await fresh.evaluate(() => {
      const node = document.activeElement;
      const style = getComputedStyle(node);
      return { id: node.id, tag: node.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth), visible: node.matches(':focus-visible') };
    });
    if (!focus.id) continue;
    seen.add(focus.id);
    if (['tab-question', 'tab-search', 'tab-tree', 'question-input'].includes(focus.id)) {
      check(focus.visible, `#${focus.id} should match :focus-visible`);
      check(focus.outline !== 'none' && focus.width > 0, `#${focus.id} has no visible outline (${focus.outline} ${focus.width}px)`);
    }
  }
  for (const id of ['tab-question', 'tab-search', 'tab-tree', 'question-input']) check(seen.has(id), `Tab never reached #${id} (reached: ${[...seen]})`);
  // Enter on a focused tab switches mode; Enter in the question box asks.
  await fresh.locator('#tab-search').focus();
  await fresh.keyboard.press('Enter');
  await fresh.locator('#panel-search').waitFor({ state: 'visible' });
  await fresh.locator('#tab-question').focus();
  await fresh.keyboard.press('Enter');
  await fresh.locator('#panel-question').waitFor({ state: 'visible' });
  equal(await fresh.evaluate(() => document.activeElement.id), 'question-input', 'focus after choosing the Question tab');
  await fresh.keyboard.type(QUESTION);
  await fresh.keyboard.press('Enter');
  await checkAnswerCard(fresh);
  await fresh.context().close();
});

await step('a second load revalidates the page files and gets 304s, not the files again', async () => {
  const fresh = await newPage();
  const first = await fresh.goto(url('/'));
  equal(first.status(), 200, 'first load');
  check(Boolean(first.headers()['etag']), 'an ETag on the page');
  const statuses = [];
  fresh.on('response', (r) => { if (r.url().startsWith(base)) statuses.push(`${new URL(r.url()).pathname} ${r.status()}`); });
  await fresh.goto(url('/?q=' + encodeURIComponent(QUESTION)));
  await fresh.locator('#answer-card').waitFor({ state: 'visible' });
  for (const file of ['/app.js', '/style.css'])
    check(statuses.includes(`${file} 304`), `${file} revalidated with a 304 on the second load (${statuses.join(', ')})`);
  await fresh.context().close();
});

await step('page basics: lang="fr", landmarks, labels, no inline script or style', async () => {
  const fresh = await newPage();
  const response = await fresh.goto(url('/'));
  const csp = response.headers()['content-security-policy'] || '';
  if (!csp) console.log('#   note: the server sent no Content-Security-Policy header');
  const facts = await fresh.evaluate(() => ({
    lang: document.documentElement.lang,
    main: document.querySelectorAll('main').length,
    nav: document.querySelectorAll('nav').length,
    header: document.querySelectorAll('header').length,
    questionLabel: document.querySelector('label[for="question-input"]')?.textContent.trim(),
    searchLabel: document.querySelector('label[for="search-input"]')?.textContent.trim(),
    inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    inlineStyles: document.querySelectorAll('style, [style]').length,
    handlers: [...document.querySelectorAll('*')].filter((n) => [...n.attributes].some((a) => a.name.startsWith('on'))).length,
    live: document.querySelectorAll('[aria-live="polite"]').length,
  }));
  equal(facts.lang, 'fr', 'html lang');
  equal(facts.main, 1, '<main> landmarks');
  check(facts.nav >= 1 && facts.header === 1, 'header and nav landmarks');
  equal(facts.questionLabel, 'Posez votre question', 'question box label');
  check(facts.searchLabel, 'search box label');
  equal(facts.inlineScripts, 0, 'inline scripts');
  equal(facts.inlineStyles, 0, 'inline styles');
  equal(facts.handlers, 0, 'inline event handlers');
  check(facts.live >= 1, 'no aria-live region');
  await fresh.context().close();
});

// ------------------------------------------------------------------ done

await cleanup();
console.log(`${passed} passed, ${failed} failed`);
if (failed) console.error(`browser e2e: FAIL: ${failed} check(s) failed against ${base}`);
process.exit(failed ? 1 : 0);
