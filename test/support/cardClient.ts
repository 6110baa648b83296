// What a Teams client does with an Adaptive Card when someone presses an Action.Execute: it gathers
// the inputs the action is associated with (its own card and every card around it for "auto", the
// default; none for "none"), refuses to send while a required one is empty, and sends the action's
// data with the inputs merged in, as strings. Tests press actions through this so that a card a
// person cannot submit in Teams fails the test too.

type Node = Record<string, unknown>;

export interface Press {
  /** The ids of required inputs the client would flag as empty: nothing is sent then. */
  blocked: string[];
  /** What Teams would send as `action.data`, when not blocked. */
  data?: Record<string, string | unknown>;
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The inputs directly in a card's body (containers included, nested cards of ShowCards not). */
function inputsOf(card: Node): Node[] {
  const out: Node[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isNode(v)) {
      if (typeof v.type === 'string' && v.type.startsWith('Input.')) out.push(v);
      for (const [k, child] of Object.entries(v)) if (k !== 'actions' && k !== 'card' && k !== 'selectAction') walk(child);
    }
  };
  walk(card.body);
  return out;
}

/** The chain of cards (outermost first) that holds the Action.Execute with `verb`. */
function findAction(card: Node, verb: string, chain: Node[] = []): { action: Node; chain: Node[] } | undefined {
  const here = [...chain, card];
  for (const a of (Array.isArray(card.actions) ? card.actions : []) as unknown[]) {
    if (!isNode(a)) continue;
    if (a.type === 'Action.Execute' && a.verb === verb) return { action: a, chain: here };
    if (a.type === 'Action.ShowCard' && isNode(a.card)) {
      const found = findAction(a.card, verb, here);
      if (found) return found;
    }
  }
  return undefined;
}

/** Presses the Action.Execute with `verb`, with `typed` typed into inputs by id. */
export function pressAction(card: object, verb: string, typed: Record<string, string> = {}): Press {
  const found = findAction(card as Node, verb);
  if (!found) throw new Error(`no Action.Execute ${verb} on the card`);
  const associated = found.action.associatedInputs === 'none' ? [] : found.chain.flatMap(inputsOf);
  const values = new Map<string, string>();
  for (const input of associated) {
    const id = String(input.id);
    const v = typed[id] ?? (input.value === undefined ? '' : String(input.value));
    values.set(id, v);
  }
  const blocked = associated.filter((i) => i.isRequired === true && (values.get(String(i.id)) ?? '').trim() === '').map((i) => String(i.id));
  if (blocked.length > 0) return { blocked };
  return { blocked, data: { ...(isNode(found.action.data) ? found.action.data : {}), ...Object.fromEntries(values) } };
}
