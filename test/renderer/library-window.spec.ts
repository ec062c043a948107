import type { Locator, Page } from '@playwright/test';
import { listenResponseSchema } from '../../common/deepgram-response';
import { defaultTranscribeOptions } from '../../common/domain';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { projectName } from '../support/double';
import { seriousViolations } from './axe-check';
import { connect, expect, expectReadableInBothThemes, routeMainEvents, spokenResponse, test } from './fixtures';

const total = 400;
const hourMs = 3_600_000;

interface Seeded {
  id: string;
  title: string;
  /** Its place newest first (0 is the newest). */
  age: number;
}

/** Saves `count` transcripts an hour apart; titles are numbered in another order than their dates. */
async function seedLibrary(dataDir: string, count = total): Promise<Seeded[]> {
  const response = listenResponseSchema.parse(spokenResponse('A short call about the weekly numbers.', 300));
  const now = Date.now();
  const seeded: Seeded[] = [];
  for (let age = 0; age < count; age += 1) {
    // 7 and 400 share no factor, so every number from 1 to 400 is used once.
    const title = `Call ${((age * 7) % total) + 1}`;
    const made = new Date(now - age * hourMs);
    const summary = await new TranscriptStore(dataDir, () => made).save({
      title,
      sizeBytes: 64_000,
      options: defaultTranscribeOptions,
      requestId: response.metadata.request_id ?? null,
      response,
    });
    seeded.push({ id: summary.id, title, age });
  }
  return seeded;
}

/** Whether the whole row lies inside the library's visible area. */
function inView(row: Locator): Promise<boolean> {
  return row.evaluate((element) => {
    const nav = element.closest('nav')!.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= nav.top - 1 && box.bottom <= nav.bottom + 1;
  });
}

/** The title of the library row that has focus, or null when focus is elsewhere. */
function focusedTitle(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.activeElement;
    return active?.matches('nav > .library-list > li > button.library-item') ? (active.querySelector('.library-title')?.textContent ?? null) : null;
  });
}

test('a library of 400 renders a window of rows, moves by keyboard as one tab stop, and shows the open row', async ({ appPage: page, host, dataDir }) => {
  test.setTimeout(120_000);
  const seeded = await seedLibrary(dataDir);
  const byAge = (age: number): Seeded => seeded[age]!;
  // As after a restart: the library takes in what is on disk.
  await host.services.start();
  const events = await routeMainEvents(page);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  const library = page.getByRole('navigation', { name: 'Transcripts' });
  // The library's own list (text hits and damaged entries have lists of their own, further down).
  const list = library.locator(':scope > ul.library-list');
  const rows = list.locator(':scope > li');
  const titles = () => rows.locator('.library-title').allTextContents();
  const row = (title: string) => library.getByRole('button', { name: new RegExp(`^${title} `) });
  // How far the list's box ends below its last row: 0 when the rows were measured, not guessed.
  const listEndGap = () => list.evaluate((ul) => Math.round(ul.getBoundingClientRect().bottom - ul.lastElementChild!.getBoundingClientRect().bottom));
  // As a user does: scrolls until the end stays put (rows coming into view are measured as they come).
  const scrollLibrary = (to: 'top' | 'bottom') =>
    expect
      .poll(() =>
        library.evaluate(async (nav, where) => {
          nav.scrollTop = where === 'top' ? 0 : nav.scrollHeight;
          for (let frame = 0; frame < 2; frame += 1) await new Promise(requestAnimationFrame);
          return where === 'top' ? nav.scrollTop === 0 : nav.scrollHeight - nav.clientHeight - nav.scrollTop <= 1;
        }, to),
      )
      .toBe(true);

  // The count is the whole library; the DOM holds a window of it, each row knowing its place in the whole.
  await expect(library.locator('.library-total [aria-hidden="true"]')).toHaveText('400');
  await expect(library.locator('.library-total')).toContainText('400 transcripts');
  await expect.poll(titles).toEqual(expect.arrayContaining([byAge(0).title, byAge(1).title, byAge(2).title]));
  expect((await titles()).slice(0, 3)).toEqual([byAge(0).title, byAge(1).title, byAge(2).title]);
  const rendered = await rows.count();
  expect(rendered, 'rows in the DOM').toBeGreaterThan(5);
  expect(rendered, 'rows in the DOM').toBeLessThanOrEqual(60);
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(total));
  await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
  await expect(list.locator(':scope > li[aria-setsize="400"]').first()).toBeAttached();

  // To the bottom: the oldest is there, at its place, in view, and the window stays small.
  await scrollLibrary('bottom');
  const oldest = byAge(total - 1);
  await expect(row(oldest.title)).toBeVisible();
  await expect(rows.last()).toHaveAttribute('aria-posinset', String(total));
  await expect(rows.last().locator('.library-title')).toHaveText(oldest.title);
  expect(await inView(row(oldest.title))).toBe(true);
  expect(await rows.count()).toBeLessThanOrEqual(60);
  await expect.poll(listEndGap).toBe(0);

  // Sorted by title, numbers by value: the last is Call 400 and the first Call 1, 2, 3.
  const order = library.getByLabel('Sort the library');
  await order.selectOption('title');
  await scrollLibrary('bottom');
  await expect.poll(async () => (await titles()).slice(-2)).toEqual(['Call 399', 'Call 400']);
  await scrollLibrary('top');
  await expect.poll(async () => (await titles()).slice(0, 4)).toEqual(['Call 1', 'Call 2', 'Call 3', 'Call 4']);

  // Filtered: every match is listed, and the rows know there are that many.
  const search = library.getByLabel('Filter transcripts by title');
  await search.fill('call 39');
  const matching = seeded.filter((s) => s.title.includes('39')).map((s) => s.title);
  expect(matching).toHaveLength(14);
  const numbered = [...matching].sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1]));
  await expect.poll(titles).toEqual(numbered);
  await expect(library.getByRole('status')).toHaveText('14 of 400 transcripts');
  await expect(rows.first()).toHaveAttribute('aria-setsize', '14');
  await search.fill('');
  await order.selectOption('newest');
  await expect.poll(async () => (await titles())[0]).toBe(byAge(0).title);

  // The list is one tab stop: from the filter, Tab lands on the first row.
  await expect(list.locator('button[tabindex="0"]')).toHaveCount(1);
  await search.focus();
  await page.keyboard.press('Tab');
  expect(await focusedTitle(page)).toBe(byAge(0).title);
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedTitle(page)).toBe(byAge(3).title);
  await page.keyboard.press('End');
  await expect.poll(() => focusedTitle(page)).toBe(oldest.title);
  await expect.poll(() => inView(row(oldest.title))).toBe(true);
  expect(await rows.count()).toBeLessThanOrEqual(60);

  // Scrolled far from the focused row and back: focus stayed on it all along.
  await scrollLibrary('top');
  await expect(row(byAge(0).title)).toBeVisible();
  expect(await focusedTitle(page)).toBe(oldest.title);
  // Kept rendered where it belongs, at the end of the list, not among the rows in view.
  expect(await inView(row(oldest.title))).toBe(false);
  expect((await titles()).slice(0, 3)).toEqual([byAge(0).title, byAge(1).title, byAge(2).title]);
  expect(await row(oldest.title).evaluate((b) => b.getBoundingClientRect().top - b.closest('ul')!.getBoundingClientRect().bottom)).toBeGreaterThan(-70);
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusedTitle(page)).toBe(byAge(total - 2).title);
  await expect.poll(() => inView(row(byAge(total - 2).title))).toBe(true);

  await page.keyboard.press('Home');
  await expect.poll(() => focusedTitle(page)).toBe(byAge(0).title);
  await expect.poll(() => inView(row(byAge(0).title))).toBe(true);
  // A screenful down: further than one row, and still in view.
  await page.keyboard.press('PageDown');
  await expect.poll(() => page.evaluate(() => Number(document.activeElement?.closest('li')?.getAttribute('aria-posinset')))).toBeGreaterThan(3);
  const paged = (await focusedTitle(page))!;
  await expect.poll(() => inView(row(paged))).toBe(true);
  await page.keyboard.press('PageUp');
  await expect.poll(() => focusedTitle(page)).toBe(byAge(0).title);

  // Enter opens the focused row.
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusedTitle(page)).toBe(byAge(total - 3).title);
  await page.keyboard.press('Enter');
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article.getByRole('heading', { name: byAge(total - 3).title })).toBeVisible();
  await expect(row(byAge(total - 3).title)).toHaveAttribute('aria-current', 'true');
  await expect(list.locator('button[tabindex="0"]')).toHaveCount(1);

  // Opened from elsewhere (a notification) while the library shows its top: its row is brought into view.
  const far = byAge(250);
  await scrollLibrary('top');
  await expect(row(byAge(0).title)).toBeVisible();
  events.emit('shell.command', { command: 'open-transcript', transcriptId: far.id });
  await expect(article.getByRole('heading', { name: far.title })).toBeVisible();
  await expect(row(far.title)).toHaveAttribute('aria-current', 'true');
  await expect.poll(() => inView(row(far.title))).toBe(true);

  // Reopened at the next start: in view too, and Tab into the list lands on it.
  await expect.poll(async () => (await host.services.preferences.get()).lastTranscriptId).toBe(far.id);
  await page.reload();
  await expect(article.getByRole('heading', { name: far.title })).toBeVisible();
  await expect(row(far.title)).toHaveAttribute('aria-current', 'true');
  await expect.poll(() => inView(row(far.title))).toBe(true);
  expect(await rows.count()).toBeLessThanOrEqual(60);
  await search.focus();
  await page.keyboard.press('Tab');
  expect(await focusedTitle(page)).toBe(far.title);

  // Rows are measured, not assumed: with a much larger font the last row and the keys still land in view.
  // Through the CSS object model: the page's policy allows no inline style sheet.
  await page.evaluate(() => document.styleSheets[0]!.insertRule('.library-title { font-size: 30px; }', document.styleSheets[0]!.cssRules.length));
  await expect.poll(() => rows.first().evaluate((li) => li.getBoundingClientRect().height)).toBeGreaterThan(70);
  await scrollLibrary('bottom');
  await expect(rows.last()).toHaveAttribute('aria-posinset', String(total));
  expect(await inView(row(oldest.title))).toBe(true);
  await expect.poll(listEndGap).toBe(0);
  await row(oldest.title).focus();
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  const pagedUp = (await focusedTitle(page))!;
  await expect.poll(() => inView(row(pagedUp))).toBe(true);
  await page.keyboard.press('Home');
  await expect.poll(() => focusedTitle(page)).toBe(byAge(0).title);
  await expect.poll(() => inView(row(byAge(0).title))).toBe(true);
  await page.keyboard.press('End');
  await expect.poll(() => inView(row(oldest.title))).toBe(true);
  expect(await rows.count()).toBeLessThanOrEqual(60);

  expect(await seriousViolations(page), 'the windowed library').toEqual([]);
  await expectReadableInBothThemes(page, 'the windowed library with a row open and focused');
});

test.describe('in a locale with its own digits', () => {
  test.use({ locale: 'ar-EG' });

  test('the count by the heading is written as the user writes numbers', async ({ appPage: page, host, dataDir }) => {
    await seedLibrary(dataDir, 3);
    await host.services.start();
    await page.reload();
    await connect(page);
    await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
    const count = page.getByRole('navigation', { name: 'Transcripts' }).locator('.library-total');
    const three = new Intl.NumberFormat('ar-EG').format(3);
    expect(three).not.toBe('3');
    await expect(count.locator('[aria-hidden="true"]')).toHaveText(three);
    await expect(count).toContainText(`${three} transcripts`);
  });
});
