// Helpers for the e2e steps of the benefit form and the import: Adaptive Card inputs as the Agents
// Playground renders them (Fluent UI: a ChoiceSet is a combobox with options, Input.Date a date
// combobox, the Teams people picker its own NormalPeoplePicker over the chat's members), the
// playground's "Mock an Activity → Custom activity" JSON editor (it sends the activity to the bot
// as part of the conversation, with its own service URL), and a loopback file server that stands
// in for SharePoint, where Teams keeps a file sent to a bot.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';

/** The newest Adaptive Card in the open conversation that shows `text`. */
export function cardWith(page: Page, text: string | RegExp): Locator {
  return page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
}

export async function fillText(card: Locator, label: RegExp, value: string): Promise<void> {
  await card.getByRole('textbox', { name: label }).fill(value);
}

/** Picks an option of a compact ChoiceSet (a Fluent combobox). */
export async function choose(page: Page, card: Locator, label: RegExp, option: RegExp): Promise<void> {
  await card.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

/** Types a date into an Input.Date (the playground's date picker takes typed text). */
export async function fillDate(page: Page, card: Locator, label: RegExp, isoDate: string): Promise<void> {
  const date = card.getByRole('combobox', { name: label });
  await date.fill(isoDate);
  await page.keyboard.press('Tab');
}

/** Picks a person in the n-th people picker of the card: types the start of the name, picks the suggestion. */
export async function pickPerson(page: Page, card: Locator, n: number, name: string): Promise<void> {
  await card.getByRole('combobox', { name: 'People Picker' }).nth(n).click();
  await page.keyboard.type(name.slice(0, 3));
  const suggestion = page.locator('.ms-Suggestions-item').filter({ hasText: name }).first();
  await suggestion.waitFor({ state: 'visible', timeout: 5_000 });
  await suggestion.click();
}

/**
 * Sends an activity through the playground's Custom activity editor, as the current user: the
 * editor's own template (conversation, sender, service URL) with `activity` merged over it. The
 * JSON is pasted (typed, the editor would close every bracket and quote a second time).
 */
export async function sendCustomActivity(page: Page, activity: Record<string, unknown>): Promise<Record<string, unknown>> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Mock an Activity' }).click();
  await page.getByRole('menuitem', { name: 'Custom activity' }).click();
  const dialog = page.getByRole('dialog', { name: 'Custom activity' });
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('.monaco-editor').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  const template = JSON.parse(String(await page.evaluate('navigator.clipboard.readText()'))) as Record<string, unknown>;
  const sent = { ...template, ...activity };
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(JSON.stringify(sent, null, 1))})`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+V');
  const send = dialog.getByRole('button', { name: 'Send activity' });
  if (!(await send.isEnabled())) throw new Error(`the playground's Custom activity editor refused the JSON: ${(await dialog.innerText()).slice(0, 500)}`);
  await send.click();
  await dialog.waitFor({ state: 'hidden' });
  return sent;
}

/**
 * A screenshot of one card, whole: the viewport is made tall enough for it first (an element
 * taller than the viewport is cut by the playground's own header otherwise).
 */
export async function shootCard(page: Page, card: Locator, file: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1400, height: 1000 };
  const box = await card.boundingBox();
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil((box?.height ?? 0) + 300)) });
  try {
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: file });
  } finally {
    await page.setViewportSize(size);
  }
}

/** Ids of the playground's mock tenant (.m365agentsplayground.yml: a flat YAML, no parser needed). */
export function playgroundIds(yaml: string): { tenantId: string; personalChatId: string; userId: string; aadObjectId: string } {
  const top = (k: string) => new RegExp(`^${k}:[ \\t]*["']?([^"'\\n]+?)["']?[ \\t]*$`, 'm').exec(yaml)?.[1];
  const inBlock = (block: string, k: string) => {
    const body = new RegExp(`^${block}:\\s*\\n((?:[ \\t]+.*\\n?)+)`, 'm').exec(yaml)?.[1] ?? '';
    return new RegExp(`^[ \\t]+${k}:[ \\t]*["']?([^"'\\n]+?)["']?[ \\t]*$`, 'm').exec(body)?.[1];
  };
  const ids = { tenantId: top('tenantId'), personalChatId: inBlock('personalChat', 'id'), userId: inBlock('currentUser', 'id'), aadObjectId: inBlock('currentUser', 'aadObjectId') };
  for (const [k, v] of Object.entries(ids)) if (!v) throw new Error(`playground config: ${k} not found`);
  return ids as { tenantId: string; personalChatId: string; userId: string; aadObjectId: string };
}

/** A loopback server for files: `serve(name, body)` gives the URL a downloadUrl would be. */
export async function startFileServer(): Promise<{ serve(name: string, body: Buffer): string; downloads: () => number; close(): Promise<void> }> {
  const files = new Map<string, Buffer>();
  let downloads = 0;
  const server = http.createServer((req, res) => {
    const body = files.get(decodeURIComponent((req.url ?? '').replace(/^\/files\//, '')));
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    downloads++;
    res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serve(name, body) {
      files.set(name, body);
      return `http://127.0.0.1:${port}/files/${encodeURIComponent(name)}`;
    },
    downloads: () => downloads,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
