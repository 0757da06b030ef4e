// The Swedish web UI in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
// sign in, search, filter, open a passage, confirm a label, download an export, see the
// dashboard's chart, and more. Every page gets a screenshot under test-artifacts/ and an axe-core
// check that finds no serious or critical violation.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBundle, tempDir } from './helpers.js';
import { PASSWORD, startServer, type TestServer } from './api-fixture.js';
import { writeFileSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`web-ui: hoppar över webbläsartesterna: ${CHROMIUM} saknas (apt-get install chromium)`);

const ARTIFACTS = resolve('test-artifacts/web');
let s: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const axeReport: Record<string, { id: string; impact: string | null | undefined; nodes: number }[]> = {};

async function signedIn(role: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${s.base}/logga-in`);
  await page.getByLabel('Användarnamn').fill(`test-${role}`);
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${s.base}/`);
  return page;
}

/** Screenshot and accessibility check of the page as it is now. */
async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  axeReport[name] = results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), name).toEqual([]);
}

describe.skipIf(!haveChromium)('web UI in headless Chromium', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    s = await startServer({}, 'dk-web-');
    await s.app.core.reclassify();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await s?.close();
    if (Object.keys(axeReport).length) writeFileSync(join(ARTIFACTS, 'axe.json'), JSON.stringify(axeReport, null, 2));
  });

  it('sign-in never sends the browser off-site: nasta=/%09/evil.example lands on the start page (#14)', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    contexts.push(context);
    const page = await context.newPage();
    const offSite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(s.base)) offSite.push(r.url());
    });
    await page.goto(`${s.base}/logga-in?nasta=/%09/evil.example`);
    await page.getByLabel('Användarnamn').fill('test-analys');
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${s.base}/`);
    // Signed in: the same link now redirects at once, and again to this site.
    await page.goto(`${s.base}/logga-in?nasta=/%5Cevil.example`);
    await page.waitForURL(`${s.base}/`);
    expect(offSite).toEqual([]);
  });

  it('sign-in page: wrong password is explained, right one signs in', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${s.base}/sok`);
    await expect.poll(() => page.url()).toContain('/logga-in?nasta=%2Fsok');
    await check(page, '01-logga-in');
    await page.getByLabel('Användarnamn').fill('test-analys');
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Fel användarnamn eller lösenord/);
    await check(page, '02-logga-in-fel');
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${s.base}/sok`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sök i anteckningarna');
  });

  it('start page shows what the role may do, and only that', async () => {
    const page = await signedIn('analys');
    await check(page, '03-start-analys');
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Start', 'Sök', 'Översikt', 'Huvudmän', 'Stödinsatser', 'Granska', 'Nya teman']);
    const admin = await signedIn('admin');
    expect(await admin.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link').allTextContents()).toEqual(['Start', 'Nya teman', 'Ladda upp', 'Logg', 'Användare']);
    await check(admin, '04-start-admin');
    const res = await admin.goto(`${s.base}/sok`);
    expect(res?.status()).toBe(403);
    await check(admin, '05-ingen-behorighet');
  });

  it('search: highlighted passages with labels, filters, open a passage, confirm a label', async () => {
    const page = await signedIn('analys');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Sök' }).click();
    await page.getByLabel('Vad letar du efter?').fill('styrelsen byts ut');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/\d+ träffar för ”styrelsen byts ut”/);
    expect(await page.locator('.hit mark').count()).toBeGreaterThan(0);
    expect(await page.locator('.hit .labels li').count()).toBeGreaterThan(0);
    await check(page, '06-sok-traffar');

    // Filter: only Göteborg, only enskilda.
    await page.locator('details.filters summary').click();
    await page.getByLabel('Region').selectOption('Göteborg');
    await page.getByLabel('Huvudmannatyp').selectOption('enskild');
    await page.getByRole('button', { name: 'Sök', exact: true }).click();
    await expect.poll(() => page.url()).toContain('region=G%C3%B6teborg');
    const metas = await page.locator('.hit .meta').allTextContents();
    expect(metas.length).toBeGreaterThan(0);
    for (const m of metas) expect(m).toContain('Göteborg');
    await check(page, '07-sok-filter');

    // Open the first passage; confirm one of the classifier's suggestions.
    await page.locator('.hit h3 a').first().click();
    await page.waitForURL(/\/textavsnitt\//);
    await check(page, '08-textavsnitt');
    const confirm = page.getByRole('button', { name: /^Bekräfta / }).first();
    if ((await confirm.count()) === 0) {
      // No suggestion on this passage: add a label instead, then it can be undone.
      const select = page.getByLabel('Framgångsfaktor eller tema');
      await select.selectOption((await select.locator('option').first().getAttribute('value'))!);
      await page.getByRole('button', { name: 'Lägg till' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Etiketten är tillagd/);
    } else {
      const name = ((await confirm.textContent()) ?? '').replace(/^Bekräfta /, '');
      await confirm.click();
      await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Etiketten är bekräftad/);
      expect(await page.getByRole('row', { name: new RegExp(name) }).textContent()).toMatch(/Granskad/);
    }
    await check(page, '09-textavsnitt-granskat');
  });

  it('review queue: the reviews that narrow the intervals most first, confirm one', async () => {
    const page = await signedIn('dialog');
    await page.goto(`${s.base}/granska`);
    const before = Number(((await page.getByRole('status').textContent()) ?? '').match(/(\d+) förslag/)?.[1]);
    expect(before).toBeGreaterThan(0);
    await check(page, '10-granska');
    await page.getByRole('button', { name: /^Stämmer: / }).first().click();
    await expect.poll(() => page.locator('.flash').textContent()).toMatch(/Granskningen är sparad/);
    const after = Number(((await page.getByRole('status').last().textContent()) ?? '').match(/(\d+) förslag/)?.[1]);
    expect(after).toBe(before - 1);
  });

  it('dashboard: the chart, the by-group table and a CSV download', async () => {
    const page = await signedIn('analys');
    await page.goto(`${s.base}/oversikt`);
    const chart = page.locator('figure.chart svg[role="img"]');
    await expect.poll(() => chart.count()).toBe(1);
    expect(await chart.locator('rect').count()).toBeGreaterThan(7);
    await check(page, '11-oversikt');
    await page.getByLabel('Dela upp per').selectOption('typ');
    await page.getByRole('button', { name: 'Visa' }).click();
    await expect.poll(() => page.getByRole('columnheader').allTextContents()).toEqual(expect.arrayContaining(['Enskild', 'Offentlig', '95 % intervall', 'n']));
    await check(page, '12-oversikt-per-typ');
    // Every share with its interval: an error bar per bar in the chart, a column in the table, and
    // a Swedish note on what an interval means.
    const bars = await chart.locator('rect title').count();
    expect(bars).toBe(14);
    expect(await chart.locator('path.intervall').count()).toBe(bars);
    expect(await chart.locator('rect title').first().textContent()).toMatch(/\d+ %, 95 % intervall \d+ %–\d+ % \(n = \d+ dialoger\)/);
    const cells = await page.locator('td.intervall').allTextContents();
    expect(cells.length).toBe(14);
    for (const c of cells) {
      const [lo, hi] = c.match(/\d+/g)!.map(Number);
      expect(lo!).toBeLessThanOrEqual(hi!);
    }
    expect(await page.locator('#om-intervall').textContent()).toMatch(/95 % intervall.*Små grupper ger breda intervall/);
    await chart.screenshot({ path: join(ARTIFACTS, '12b-oversikt-intervall-diagram.png') });
    await page.locator('table').first().screenshot({ path: join(ARTIFACTS, '12c-oversikt-intervall-tabell.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^dialogkunskap-factors-per-typ-.*\.csv$/);
    const file = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    expect(csv).toMatch(/Andel dialoger/);
    expect(csv).toMatch(/Enskild/);
    expect(csv).toMatch(/95 % intervall, nedre.*95 % intervall, övre/);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner diagrammet (SVG)' }).click()]);
    const svg = readFileSync(await svgDownload.path(), 'utf8');
    expect((svg.match(/class="intervall"/g) ?? []).length).toBe(14);
    expect(svg).toMatch(/Strecken visar 95 % intervall/);
    // Themes as well.
    await page.getByLabel('Visa', { exact: true }).selectOption('themes');
    await page.getByRole('button', { name: 'Visa' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/Teman/);
  });

  it('follow-ups due: the window, each huvudman with its needs and what happened since, and a CSV', async () => {
    const page = await signedIn('dialog');
    await page.goto(`${s.base}/`);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppföljning' }).click();
    await page.waitForURL(/\/uppfoljning$/);
    await page.getByLabel('Återkoppling från').fill('2026-05-01');
    await page.getByLabel('till', { exact: true }).fill('2026-07-31');
    await page.getByRole('button', { name: 'Visa' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^\d+ huvudmän med återkoppling 2026-05-01 – 2026-07-31/);
    const sections = page.locator('section.followup');
    expect(await sections.count()).toBeGreaterThan(0);
    for (const heading of ['Prioriterad fråga', 'Behov', 'Sedan dialogen', 'Liknande huvudmän med samma behov'])
      expect(await sections.first().getByRole('heading', { name: heading, exact: true }).count()).toBe(1);
    await check(page, '13b-uppfoljning');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ner CSV' }).click()]);
    expect(readFileSync(await download.path(), 'utf8')).toMatch(/Återkoppling \(datum\)/);
    // The analysts' role has no follow-ups: no link, and the page says so.
    const analys = await signedIn('analys');
    expect(await analys.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Uppföljning' }).count()).toBe(0);
    expect((await analys.goto(`${s.base}/uppfoljning`))!.status()).toBe(403);
  });

  it('huvudman page: the brief and similar huvudmän', async () => {
    const page = await signedIn('dialog');
    await page.goto(`${s.base}/huvudman`);
    await check(page, '13-huvudman-lista');
    await page.getByLabel('Namn, kommun eller id').fill('Myrstacken');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.locator('a[href="/huvudman/hm-0001"]').click();
    await page.waitForURL(/\/huvudman\/hm-0001$/);
    expect(await page.getByRole('heading', { name: 'Liknande huvudmän' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Behov i tidigare dialoger' }).count()).toBe(1);
    expect(await page.locator('h2:has-text("Liknande huvudmän") + ol li').count()).toBeGreaterThan(0);
    await check(page, '14-huvudman-underlag');
  });

  it('support targeting: find huvudmän for an offer, counts by region', async () => {
    const page = await signedIn('stod');
    await page.goto(`${s.base}/stod`);
    await check(page, '15-stod');
    await page.getByLabel('Vad erbjuder stödet?').fill('Nätverk för små förskolor om systematiskt kvalitetsarbete och dokumentation.');
    await page.getByLabel('Tydlig roll- och ansvarsfördelning').check();
    await page.getByRole('button', { name: 'Hitta huvudmän' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/\d+ huvudmän hittades/);
    expect(await page.getByRole('table', { name: 'Per region' }).count()).toBe(1);
    await check(page, '16-stod-resultat');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  });

  it('upload page: files go up with progress and are read in', async () => {
    const t = tempDir('dk-web-upload-');
    const file = join(t.dir, 'webbuppladdning.json');
    writeFileSync(file, JSON.stringify(makeBundle({ huvudman: { id: 'hm-web-1' }, note: { id: 'hm-web-1-n1' } })));
    const page = await signedIn('admin');
    await page.goto(`${s.base}/ladda-upp`);
    await check(page, '17-ladda-upp');
    await page.getByLabel('Filer').setInputFiles(file);
    await page.getByRole('button', { name: 'Ladda upp och läs in' }).click();
    await expect.poll(() => page.locator('#upload-status').textContent(), { timeout: 60_000 }).toMatch(/Klart: 1 av 1 filer/);
    expect(await page.locator('#upload-result').textContent()).toMatch(/1 godkända/);
    await check(page, '18-ladda-upp-klart');
    t.cleanup();
  });

  it('admin pages: audit log, users; emerging themes', async () => {
    const page = await signedIn('admin');
    await page.goto(`${s.base}/admin/logg`);
    expect(await page.getByRole('cell', { name: 'search' }).count()).toBeGreaterThan(0);
    await check(page, '19-logg');
    await page.goto(`${s.base}/admin/anvandare`);
    await check(page, '20-anvandare');
    await page.getByLabel('Användarnamn').fill('webb.dialog');
    await page.getByLabel('Namn', { exact: true }).fill('Webb Dialog');
    await page.getByLabel('Roll').selectOption('dialog');
    await page.getByLabel('Lösenord').fill('ett-langt-losenord');
    await page.getByRole('button', { name: 'Skapa användare' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/webb.dialog är skapad/);
    await page.goto(`${s.base}/nya-teman`);
    await check(page, '21-nya-teman');
    const missing = await page.goto(`${s.base}/finns-inte`);
    expect(missing?.status()).toBe(404);
    await check(page, '22-finns-inte');
  });

  it('can be used with the keyboard alone: skip link first, visible focus', async () => {
    const page = await signedIn('analys');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement?.textContent, href: document.activeElement?.getAttribute('href') }));
    expect(first).toEqual({ text: 'Hoppa till innehållet', href: '#innehall' });
    await check(page, '23-skiplank-fokus');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('innehall');
  });

  it('signs out', async () => {
    const page = await signedIn('stod');
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/logga-in/);
    await page.goto(`${s.base}/stod`);
    expect(page.url()).toContain('/logga-in');
  });
});
