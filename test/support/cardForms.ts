// A card's inputs and actions as Teams handles them: the value each input shows, and the data an
// Action.Execute sends (the action's own data with every input's value merged in, as strings).
// Tests fill a form card the way a person does and submit exactly what Teams would.
import assert from 'node:assert/strict';

export interface CardAction {
  type: string;
  verb?: string;
  title: string;
  data?: Record<string, unknown>;
}

type Node = Record<string, unknown>;

function walk(n: unknown, visit: (o: Node) => void): void {
  if (Array.isArray(n)) n.forEach((x) => walk(x, visit));
  else if (n && typeof n === 'object') {
    visit(n as Node);
    for (const v of Object.values(n as Node)) if (v && typeof v === 'object') walk(v, visit);
  }
}

/** Every input of a card by id (the element itself). */
export function inputsOf(card: unknown): Map<string, Node> {
  const out = new Map<string, Node>();
  walk(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') out.set(o.id, o);
  });
  return out;
}

/** The Action.Execute actions of a card (body and actions). */
export function actionsOf(card: unknown): CardAction[] {
  const out: CardAction[] = [];
  walk(card, (o) => {
    if (o.type === 'Action.Execute' && typeof o.title === 'string') out.push(o as unknown as CardAction);
  });
  return out;
}

export function actionNamed(card: unknown, title: RegExp | string): CardAction {
  const a = actionsOf(card).find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
  assert.ok(a, `the card has an action ${String(title)}; it has ${actionsOf(card).map((x) => x.title).join(', ')}`);
  return a;
}

/** What Teams sends for `action`: its data, then every input's value (prefilled, or as typed). */
export function submitData(card: unknown, action: CardAction, typed: Record<string, string> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = { ...(action.data ?? {}) };
  for (const [id, input] of inputsOf(card)) data[id] = typeof input.value === 'string' ? input.value : input.value === undefined ? '' : String(input.value);
  for (const [id, value] of Object.entries(typed)) {
    assert.ok(inputsOf(card).has(id), `the card has an input ${id}`);
    data[id] = value;
  }
  return data;
}

/** The text blocks shown right after an input (its problem, in the bot's forms). */
export function textAfterInput(card: unknown, id: string): string {
  let found = '';
  walk(card, (o) => {
    const items = Array.isArray(o.body) ? o.body : Array.isArray(o.items) ? o.items : undefined;
    if (!items) return;
    const i = items.findIndex((x: Node) => x && x.id === id && typeof x.type === 'string' && String(x.type).startsWith('Input.'));
    const next = i >= 0 ? (items[i + 1] as Node | undefined) : undefined;
    if (next && next.type === 'TextBlock' && typeof next.text === 'string') found = next.text;
  });
  return found;
}
