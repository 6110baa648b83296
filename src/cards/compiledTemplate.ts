// Card templates compiled into plain functions. adaptivecards-templating parses every `${…}`
// with adaptive-expressions (an ANTLR grammar) and evaluates it against a fresh memory object on
// every expansion: 5–6 % of a run-due's CPU, and the library with its parser is ~25 MB resident.
// The templates in cards/ use a small part of the language, so they are compiled once into
// functions that do what the library does for that part, with the library's rules reproduced
// exactly: property names matched without regard to case (the first key that matches), a missing
// value in a binding becomes the text `${name}`, `$when` keeps an element only for a boolean
// true, `$data` over an array repeats the element, a dropped element leaves `null` in an object
// and nothing in an array. Anything outside that part — another function, `$index`, `$root`,
// escapes in the text — is not compiled (`compileTemplate` returns undefined), and a value the
// compiled function would have to guess about (null in a text, a `$data` that is not a list or
// an object) makes it answer FALLBACK: the caller then expands with the library itself. The unit
// tests compare both on every template with generated data.

export const FALLBACK: unique symbol = Symbol('fallback');
type Result = unknown | typeof FALLBACK;

/** Key lookups of one expansion: for each object, its keys by lower case (the first of each). */
type Keys = Map<object, Map<string, string>>;
type Expander = (scope: unknown, keys: Keys) => Result;
type Expression = { mode: 'value' | 'when'; run: (scope: unknown, keys: Keys) => Result };

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
const WORDS = new Set(['true', 'false', 'null', 'undefined']);

/** The compiled template, or undefined when it uses more of the language than this compiles. */
export function compileTemplate(template: unknown): ((data: object) => Result) | undefined {
  const root = compileNode(template);
  if (!root) return undefined;
  return (data) => root(data, new Map());
}

function compileNode(node: unknown): Expander | undefined {
  if (typeof node === 'string') return node.includes('${') ? compileText(node) : () => node;
  if (Array.isArray(node)) {
    const items: Expander[] = [];
    for (const item of node) {
      const c = compileNode(item);
      if (!c) return undefined;
      items.push(c);
    }
    return (scope, keys) => {
      const out: unknown[] = [];
      for (const item of items) {
        const v = item(scope, keys);
        if (v === FALLBACK) return FALLBACK;
        if (v === null) continue;
        if (Array.isArray(v)) out.push(...v);
        else out.push(v);
      }
      return out;
    };
  }
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileObject(node: Record<string, unknown>): Expander | undefined {
  const props: [string, Expander][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (RESERVED.has(key)) continue;
    const c = compileNode(value);
    if (!c) return undefined;
    props.push([key, c]);
  }
  const rawWhen = node.$when;
  const rawData = node.$data;
  let when: Expression | undefined;
  if (typeof rawWhen === 'string' && rawWhen.includes('${')) {
    when = compileSingle(rawWhen, 'when');
    if (!when) return undefined;
  } else if (rawWhen !== undefined && typeof rawWhen !== 'boolean' && typeof rawWhen !== 'string') {
    return undefined;
  }
  const alwaysDropped = when === undefined && Boolean(rawWhen); // a $when that is no expression drops its element
  let data: Expression | undefined;
  if (rawData !== undefined) {
    if (typeof rawData !== 'string' || !rawData.includes('${')) return undefined;
    data = compileSingle(rawData, 'value');
    if (!data) return undefined;
  }
  const expandOne = (scope: unknown, keys: Keys): Result => {
    if (alwaysDropped) return null;
    if (when) {
      const keep = when.run(scope, keys);
      if (keep === FALLBACK) return FALLBACK;
      if (keep !== true) return null;
    }
    const out: Record<string, unknown> = {};
    for (const [key, c] of props) {
      const v = c(scope, keys);
      if (v === FALLBACK) return FALLBACK;
      if (v !== undefined) out[key] = v;
    }
    return out;
  };
  if (!data) return expandOne;
  const over = data;
  return (scope, keys) => {
    const d = over.run(scope, keys);
    if (d === FALLBACK) return FALLBACK;
    if (typeof d !== 'object' || d === null) return FALLBACK;
    const contexts = Array.isArray(d) ? d : [d];
    const out: unknown[] = [];
    for (const item of contexts) {
      if (item === undefined) return FALLBACK; // the library would keep the previous item as $data
      const v = expandOne(item, keys);
      if (v === FALLBACK) return FALLBACK;
      if (v !== null) out.push(v);
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

// ── Text with bindings ──────────────────────────────────────────────────────────────────────

/** Splits `a ${x} b` into constant text and expression sources; undefined for what is not plain. */
function splitText(text: string): (string | { source: string })[] | undefined {
  const parts: (string | { source: string })[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    const constant = start < 0 ? text.slice(i) : text.slice(i, start);
    if (/[\\`${}]/.test(constant)) return undefined; // escapes and braces: leave them to the library
    if (constant) parts.push(constant);
    if (start < 0) break;
    let j = start + 2;
    let quoted = false;
    while (j < text.length && (quoted || text[j] !== '}')) {
      if (text[j] === "'") quoted = !quoted;
      j++;
    }
    if (j >= text.length) return undefined;
    parts.push({ source: text.slice(start + 2, j) });
    i = j + 1;
  }
  return parts;
}

/** A text that is one binding and nothing else: evaluated to its value (of any type). */
function compileSingle(text: string, mode: Expression['mode']): Expression | undefined {
  const parts = splitText(text);
  if (!parts || parts.length !== 1 || typeof parts[0] === 'string') return undefined;
  return parseExpression(parts[0].source, mode);
}

function compileText(text: string): Expander | undefined {
  const parts = splitText(text);
  if (!parts) return undefined;
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const e = parseExpression(parts[0].source, 'value');
    return e ? e.run : undefined;
  }
  // Interpolated: each binding's value as text (the library calls toString on it).
  const pieces: (string | Expression)[] = [];
  for (const p of parts) {
    if (typeof p === 'string') pieces.push(p);
    else {
      const e = parseExpression(p.source, 'value');
      if (!e || !/^\s*[A-Za-z_][\w.]*\s*$/.test(p.source)) return undefined; // only plain names inside text
      pieces.push(e);
    }
  }
  return (scope, keys) => {
    let out = '';
    for (const p of pieces) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const v = p.run(scope, keys);
      if (typeof v === 'string') out += v;
      else if (typeof v === 'number' || typeof v === 'boolean') out += String(v);
      else return FALLBACK; // null, a list, an object: the library's own text for them
    }
    return out;
  };
}

// ── Expressions ─────────────────────────────────────────────────────────────────────────────
// name | name.name…        the value (missing: the text `${name}`; in $when: false)
// name == 'text' | !=      a boolean
// count(name) > 0          a boolean
// if(test, a, b)           test: a comparison or a name; a, b: 'text', a name or another if

type Token = { kind: 'name' | 'text' | 'op' | 'num'; value: string };

function tokenize(source: string): Token[] | undefined {
  const tokens: Token[] = [];
  const re = /\s*(?:([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)|'([^'\\]*)'|(==|!=|>|\(|\)|,)|(\d+))/y;
  let i = 0;
  while (i < source.length) {
    if (/^\s*$/.test(source.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(source);
    if (!m) return undefined;
    if (m[1] !== undefined) tokens.push({ kind: 'name', value: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'text', value: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'op', value: m[3] });
    else tokens.push({ kind: 'num', value: m[4] });
    i = re.lastIndex;
  }
  return tokens;
}

type Ast =
  | { t: 'path'; path: string; parts: { name: string; lower: string }[] }
  | { t: 'text'; value: string }
  | { t: 'compare'; path: Ast & { t: 'path' }; equal: boolean; value: string }
  | { t: 'countAbove0'; path: Ast & { t: 'path' } }
  | { t: 'if'; test: Ast; then: Ast; else: Ast };

function parseExpression(source: string, mode: Expression['mode']): Expression | undefined {
  const tokens = tokenize(source);
  if (!tokens || tokens.length === 0) return undefined;
  let i = 0;
  const peek = (k = 0) => tokens[i + k];
  const take = (kind: Token['kind'], value?: string): Token | undefined => {
    const tok = tokens[i];
    if (!tok || tok.kind !== kind || (value !== undefined && tok.value !== value)) return undefined;
    i++;
    return tok;
  };
  const path = (): (Ast & { t: 'path' }) | undefined => {
    const tok = peek();
    if (!tok || tok.kind !== 'name' || peek(1)?.value === '(') return undefined;
    const parts = tok.value.split('.');
    if (parts.some((p) => WORDS.has(p))) return undefined;
    i++;
    return { t: 'path', path: tok.value, parts: parts.map((name) => ({ name, lower: name.toLowerCase() })) };
  };
  const test = (): Ast | undefined => {
    const p = path();
    if (!p) return undefined;
    const op = peek();
    if (op?.kind === 'op' && (op.value === '==' || op.value === '!=')) {
      i++;
      const lit = take('text');
      return lit ? { t: 'compare', path: p, equal: op.value === '==', value: lit.value } : undefined;
    }
    return p;
  };
  const value = (): Ast | undefined => {
    const lit = take('text');
    if (lit) return { t: 'text', value: lit.value };
    if (peek()?.kind === 'name' && peek()?.value === 'if') return ifCall();
    return path();
  };
  const ifCall = (): Ast | undefined => {
    if (!take('name', 'if') || !take('op', '(')) return undefined;
    const a = test();
    if (!a || !take('op', ',')) return undefined;
    const b = value();
    if (!b || !take('op', ',')) return undefined;
    const c = value();
    if (!c || !take('op', ')')) return undefined;
    return { t: 'if', test: a, then: b, else: c };
  };
  const top = (): Ast | undefined => {
    if (peek()?.kind === 'name' && peek()?.value === 'count' && peek(1)?.value === '(') {
      i += 2;
      const p = path();
      if (!p || !take('op', ')') || !take('op', '>') || !take('num', '0')) return undefined;
      return { t: 'countAbove0', path: p };
    }
    if (peek()?.kind === 'name' && peek()?.value === 'if' && peek(1)?.value === '(') return ifCall();
    return test();
  };
  const ast = top();
  if (!ast || i !== tokens.length) return undefined;
  return { mode, run: (scope, keys) => evaluate(ast, scope, keys, mode) };
}

function evaluate(ast: Ast, scope: unknown, keys: Keys, mode: Expression['mode']): Result {
  switch (ast.t) {
    case 'text':
      return ast.value;
    case 'path': {
      const v = lookup(scope, ast.parts, keys);
      if (mode === 'when') return typeof v === 'boolean' && v;
      return v === undefined ? '${' + ast.path + '}' : v;
    }
    case 'compare': {
      // The library's equality for a value and a text is ===; a missing value is undefined here.
      const v = lookup(scope, ast.path.parts, keys);
      return (v === ast.value) === ast.equal;
    }
    case 'countAbove0': {
      const v = lookup(scope, ast.path.parts, keys);
      if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
      if (v instanceof Map) return v.size > 0;
      if (typeof v === 'object' && v !== null) return Object.keys(v).length > 0;
      return false; // not a collection: the comparison fails, which the library reads as false
    }
    case 'if': {
      const t = ast.test.t === 'path' ? lookup(scope, ast.test.parts, keys) : evaluate(ast.test, scope, keys, mode);
      const isTrue = typeof t === 'boolean' ? t : t !== null && t !== undefined;
      const v = evaluate(isTrue ? ast.then : ast.else, scope, keys, 'value');
      return mode === 'when' ? typeof v === 'boolean' && v : v;
    }
  }
}

/** A dotted name in the current $data, as adaptive-expressions reads memory. */
function lookup(scope: unknown, parts: { name: string; lower: string }[], keys: Keys): unknown {
  let v: unknown = scope;
  for (const { name, lower } of parts) {
    if (!v) return undefined;
    if (v instanceof Map) {
      let got = v.get(name);
      if (got === undefined) {
        const k = [...v.keys()].find((key) => String(key).toLowerCase() === lower);
        if (k !== undefined) got = v.get(k);
      }
      v = got;
      continue;
    }
    const o = Object(v) as Record<string, unknown>;
    let byLower = keys.get(o);
    if (!byLower) {
      byLower = new Map();
      for (const k of Object.keys(o)) {
        const lower = k.toLowerCase();
        if (!byLower.has(lower)) byLower.set(lower, k);
      }
      keys.set(o, byLower);
    }
    const k = byLower.get(lower);
    v = k === undefined ? undefined : o[k];
  }
  return v;
}
