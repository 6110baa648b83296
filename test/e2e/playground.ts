// Drives the Microsoft 365 Agents Playground (0.2.28) UI in Debian's headless Chromium with
// playwright-core. Everything a test does goes through the UI a person would use: the chat list,
// the Lexical composer, the @mention picker, Adaptive Card inputs and buttons.
//
// Facts about the playground UI this relies on (found by hand, see docs/operations.md):
// - Left rail: "Personal Chat", the group chat, and under "Teams Channel" the General channel and
//   the extra channel of .m365agentsplayground.yml, each by name.
// - A channel shows "Start a new post" (the first [data-lexical-editor=true]) and a Post button; a
//   post reaches the bot only when the bot is @mentioned: type "@", pick the bot from the menu
//   (role=menuitem). Replies appear in the post's thread; proactive posts as new posts on top.
// - The mention menu lists the bot and the five `users`, never the current user.
// - A personal chat's composer sends on Enter.
// - Adaptive Card Input.Number is a [role=spinbutton]; actions are buttons by title.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface PlaygroundBrowser {
  context: BrowserContext;
  page: Page;
  /** Non-loopback requests the page tried (and that were blocked), e.g. the playground's web fonts. */
  blocked: string[];
  close(): Promise<void>;
}

/** A fresh Chromium profile; every request that is not to loopback is aborted before it leaves. */
export async function launchPlaygroundBrowser(): Promise<PlaygroundBrowser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-e2e-chromium-'));
  const context = await chromium
    .launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      // The fresh profile is userDataDir (playwright passes it as --user-data-dir).
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 },
      locale: 'en-US',
      timezoneId: 'Europe/Oslo',
    })
    .catch((e: unknown) => {
      rmSync(userDataDir, { recursive: true, force: true });
      throw e;
    });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK.has(url.hostname)) return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    blocked,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false }).catch(() => undefined);
  return file;
}

/** Opens a conversation from the left rail by its display name ("Personal Chat", a channel name). */
export async function openConversation(page: Page, name: string): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
  await page.locator('[data-lexical-editor=true]').first().waitFor({ state: 'visible' });
}

export type ComposerPart = string | { mention: string };

/** Types into a Lexical composer; `{ mention }` types "@" + the start of the name and picks it from the menu. */
export async function typeParts(page: Page, editor: Locator, parts: ComposerPart[]): Promise<void> {
  await editor.click();
  for (const part of parts) {
    if (typeof part === 'string') {
      await page.keyboard.type(part);
    } else {
      await page.keyboard.type(`@${part.mention.slice(0, 3)}`);
      const item = page.getByRole('menuitem', { name: part.mention }).first();
      await item.waitFor({ state: 'visible', timeout: 5_000 });
      await item.click();
    }
  }
}

/** True when the @mention menu offers this name (the playground never offers the current user). */
export async function mentionOffered(page: Page, editor: Locator, name: string): Promise<boolean> {
  await editor.click();
  const typed = `@${name.slice(0, 3)}`;
  await page.keyboard.type(typed);
  // The playground's type-ahead answers after 500 ms.
  const offered = await page
    .getByRole('menuitem', { name })
    .waitFor({ state: 'visible', timeout: 2_000 })
    .then(() => true, () => false);
  await page.keyboard.press('Escape');
  for (let i = 0; i < typed.length; i++) await page.keyboard.press('Backspace');
  return offered;
}

/**
 * The newest post of the open channel with its thread of replies. Posts are `.fui-Card[role=group]`
 * cards listed newest first; the first such card is the "Start a new post" composer.
 */
export function newestPost(page: Page): Locator {
  return page.locator('div.fui-Card[role="group"]').nth(1);
}

/** Starts a new post in the open channel and clicks Post. */
export async function postInChannel(page: Page, parts: ComposerPart[]): Promise<void> {
  const editor = page.locator('[data-lexical-editor=true]').first();
  await typeParts(page, editor, parts);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}

/** Sends a message in the open chat (personal or group): the composer sends on Enter. */
export async function sendInChat(page: Page, text: string): Promise<void> {
  const editor = page.locator('[data-lexical-editor=true]').last();
  await typeParts(page, editor, [text]);
  await page.keyboard.press('Enter');
}

/**
 * The text of the open conversation (posts, replies and cards), without the left rail (which shows
 * previews of last messages) and the log panel (which shows the text of every activity).
 */
export async function paneText(page: Page): Promise<string> {
  // A string, not a function: tsx (esbuild keepNames) would wrap a function's inner helpers in a
  // __name() call that does not exist in the page.
  return page.evaluate(`(() => {
    const editor = document.querySelector('[data-lexical-editor=true]');
    if (!editor) return '';
    let el = editor;
    const chrome = (e) => { const t = e.innerText || ''; return t.includes('Teams Channel') || t.includes('Log Panel'); };
    while (el.parentElement && !chrome(el.parentElement)) el = el.parentElement;
    return el.innerText || '';
  })()`);
}

/** Waits until `predicate(body text)` holds; returns the text; throws with the last text's tail otherwise. */
export async function waitForText(page: Page, what: string, predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await paneText(page).catch(() => '');
    if (predicate(text)) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; the page shows:\n${tail(text, 1500)}`);
}

export function tail(text: string, n: number): string {
  const t = text.replace(/\n{3,}/g, '\n\n').trim();
  return t.length > n ? `…${t.slice(-n)}` : t;
}
