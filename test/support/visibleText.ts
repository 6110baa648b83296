// Every text a person reads in what the bot sends, collected while the suites run, so that one root
// hook (test/support/hooks.ts) can hold all of them to the rules no single test checks everywhere:
// no period code such as 2026-W49 (people say «uke 49 2026»). Action data, ids, URLs and the
// card's own structure are not read by anyone and are left out.

/** Keys whose subtree a person never sees. */
const HIDDEN = new Set(['verb', 'id', 'url', 'iconUrl', 'msteams', 'entities', 'channelData', 'conversation', 'from', 'recipient', 'replyToId', 'serviceUrl', '$schema', 'version', 'type', 'style', 'color', 'weight', 'size', 'spacing', 'horizontalAlignment', 'fallback', 'associatedInputs', 'mode', 'isRequired']);

/** The strings of an activity or a card that show on screen (a choice's value does not; a fact's does). */
export function visibleTexts(node: unknown, parentKey = ''): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string, arrayKey: string): void => {
    if (typeof v === 'string') {
      if (key === 'value' && arrayKey === 'choices') return;
      if (key === 'contentType') return;
      out.push(v);
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) walk(item, key, key);
      return;
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // An action's data goes back to the bot; a chart's data is drawn on screen.
      const isAction = typeof o.type === 'string' && o.type.startsWith('Action.');
      for (const [k, child] of Object.entries(o)) {
        if (HIDDEN.has(k) || (k === 'data' && (isAction || 'verb' in o))) continue;
        walk(child, k, arrayKey);
      }
    }
  };
  walk(node, parentKey, '');
  return out;
}

/** A period code (ISO week) where a person reads text. */
const PERIOD_CODE = /\b\d{4}-W\d{2}\b/;

interface Finding {
  where: string;
  text: string;
}

let findings: Finding[] = [];
/** Codes a person typed in this test (a message's text): the bot may quote what it was given. A card's data does not count: an answer must not show the period id it carried. */
let typed = new Set<string>();

const CODES = new RegExp(PERIOD_CODE.source, 'g');

/** Notes the period codes in what a test sent the bot as a person. */
export function noteTyped(activity: unknown): void {
  const text = (activity as { text?: unknown } | null)?.text;
  if (typeof text === 'string') for (const m of text.matchAll(CODES)) typed.add(m[0]);
}

/** Notes what `where` showed a person (an activity sent, a card returned to a click). */
export function noteVisible(where: string, content: unknown): void {
  for (const text of visibleTexts(content)) {
    const codes = text.match(CODES) ?? [];
    if (codes.some((c) => !typed.has(c))) findings.push({ where, text: text.length > 200 ? `${text.slice(0, 200)}…` : text });
  }
}

/** What was found since the last call, and forget it. */
export function takeFindings(): Finding[] {
  const out = findings;
  findings = [];
  typed = new Set();
  return out;
}
