// The compiled card templates against adaptivecards-templating itself: every template in cards/
// compiles, and for generated data (texts with and without bindings in them, numbers, booleans,
// null, lists for $data, nested objects, names in another case, missing fields) the compiled
// expansion is exactly the library's — the same JSON text, or the same error.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { FALLBACK, compileTemplate } from '../../../src/cards/compiledTemplate';
import { PROJECT_ROOT } from '../../../src/paths';

const DIR = path.join(PROJECT_ROOT, 'cards');
const TEMPLATES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, ''), json: JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as object }));

type Outcome = { json: string } | { error: string };
const attempt = (f: () => unknown): Outcome => {
  try {
    return { json: JSON.stringify(f()) };
  } catch (e) {
    return { error: String((e as Error).message) };
  }
};

/** The names a template binds (`title`, `chart.points` → chart, points), and the $data paths. */
function bindings(json: object): { top: string[]; inner: string[]; lists: string[] } {
  const text = JSON.stringify(json);
  const names = new Set<string>();
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) for (const n of m[1].matchAll(/[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*/g)) names.add(n[0]);
  for (const f of ['if', 'count']) names.delete(f);
  const top = [...new Set([...names].map((n) => n.split('.')[0]))];
  const inner = [...new Set([...names].flatMap((n) => n.split('.').slice(1)))];
  const lists = [...text.matchAll(/"\$data":"\$\{([\w.]+)\}"/g)].map((m) => m[1]);
  return { top, inner: [...inner, ...top], lists };
}

const texts = fc.oneof(
  fc.constantFrom('', ' ', 'good', 'attention', 'warning', 'Kari Nordmann', '«sitat»', '${title}', 'a\\b', '`x`', "it's", '100 %', 'æøå ÆØÅ', '{}', '$'),
  fc.string({ maxLength: 12 }),
);
const scalars = fc.oneof(texts, texts, fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, min: -10, max: 10 }), fc.boolean());
const withNull = fc.oneof({ weight: 12, arbitrary: scalars }, { weight: 1, arbitrary: fc.constant(null) });
const typicalValue = fc.oneof(texts, texts, fc.boolean());

function recordOf(fields: Record<string, fc.Arbitrary<unknown>>, required: string[] = []): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(fields, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}

/**
 * Data for a template. Typical: what the card builders pass — texts and flags, a list under every
 * $data name (under `chart.points`: an object with a list in it). Any: each name may also be
 * missing, null, a number, a list or an object where a text belongs, and the other way round.
 * Sometimes a name also appears in another case, before or after it (the library takes the first
 * key that matches without regard to case).
 */
function dataFor(json: object, kind: 'any' | 'typical'): fc.Arbitrary<Record<string, unknown>> {
  const { top, inner, lists } = bindings(json);
  const value = kind === 'any' ? withNull : typicalValue;
  // An element of a list: its own texts, and the lists nested in it (`commands` in a section).
  const leaf = recordOf(Object.fromEntries(inner.map((n) => [n, value])));
  const nestedLists = lists.filter((l) => !l.includes('.'));
  const item = recordOf(
    { ...Object.fromEntries(inner.map((n) => [n, value])), ...Object.fromEntries(nestedLists.map((n) => [n, kind === 'typical' ? fc.array(leaf, { maxLength: 3 }) : fc.oneof(value, fc.array(leaf, { maxLength: 3 }))])) },
    kind === 'typical' ? nestedLists : [],
  );
  const shaped = (name: string): fc.Arbitrary<unknown> => {
    if (lists.includes(name)) return fc.array(item, { maxLength: 3 });
    const subs = lists.filter((l) => l.startsWith(`${name}.`)).map((l) => l.slice(name.length + 1));
    if (subs.length === 0) return value;
    return recordOf({ ...Object.fromEntries(inner.map((n) => [n, value])), ...Object.fromEntries(subs.map((n) => [n, fc.array(item, { maxLength: 3 })])) }, kind === 'typical' ? subs : []);
  };
  const field = (name: string) =>
    kind === 'typical' ? shaped(name) : fc.oneof({ weight: 3, arbitrary: shaped(name) }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: fc.array(item, { maxLength: 3 }) }, { weight: 1, arbitrary: item });
  const required = kind === 'typical' ? top.filter((n) => lists.some((l) => l === n || l.startsWith(`${n}.`))) : [];
  const record = recordOf(Object.fromEntries(top.map((n) => [n, field(n)])), required);
  return fc.tuple(record, fc.option(fc.constantFrom(...top), { nil: undefined }), value, fc.boolean()).map(([data, twin, v, before]) => {
    if (twin === undefined || required.includes(twin)) return data;
    return before ? { [twin.toUpperCase()]: v, ...data } : { ...data, [twin.toUpperCase()]: v };
  });
}

// Constructs the compiler knows that cards/ does not use (yet), beside the real templates.
const SYNTHETIC = [
  { name: '(a $data element as a property)', json: { one: { $data: '${list}', x: '${x}', y: 'z' }, all: [{ $data: '${list}', x: '${x}' }] } },
  { name: '($when that is not an expression)', json: { a: { $when: true, x: 1 }, b: { $when: false, y: 2 }, c: { $when: 'yes', z: 3 }, d: [{ $when: true }, { $when: '' }], e: { $when: '${flag}', w: null } } },
  { name: '(bindings in text, nested names, comparisons)', json: { t: 'pre ${a} mid ${b.c} post', n: '${n}', flag: "${a != ''}", same: "${a == 'x'}", e: "${if(a == 'x', 'X', if(flag, b.c, 'none'))}", many: '${count(list) > 0}' } },
  { name: '(lists in lists, constants)', json: { l: [['${a}', 'x'], [], [null, 1, true, { k: '${b}' }], '${list}'], k: null, m: 2.5 } },
];

// Cards an admin opens now and then while setting up (the benefit form, the import card) bind
// whole lists and objects and nest ifs: the library expands them, loaded on first use. The cards
// of the send path (prompts, answers, notices, digests, lists) must compile.
const LIBRARY_ONLY = new Set(['benefitForm', 'importCard']);

describe('compiled card templates', () => {
  it('leaves to the library only the set-up cards named here, which still expand', () => {
    for (const { name, json } of TEMPLATES.filter((t) => LIBRARY_ONLY.has(t.name))) {
      fc.assert(fc.property(dataFor(json, 'typical'), (data) => void new ACData.Template(json).expand({ $root: data })), { numRuns: 20 });
      assert.ok(name);
    }
    assert.deepEqual([...LIBRARY_ONLY].filter((n) => !TEMPLATES.some((t) => t.name === n)), [], 'a library-only card that no longer exists');
  });

  for (const { name, json } of [...TEMPLATES.filter((t) => !LIBRARY_ONLY.has(t.name)), ...SYNTHETIC]) {
    describe(name, () => {
      const compiled = compileTemplate(json);
      const library = new ACData.Template(json);
      it('compiles (the fast path is used for it)', () => assert.ok(compiled, `${name}.json uses more than the compiler knows`));

      it('expands exactly as adaptivecards-templating, for any data', () => {
        let own = 0;
        fc.assert(
          fc.property(dataFor(json, 'any'), (data) => {
            const expected = attempt(() => library.expand({ $root: data }));
            const actual = attempt(() => {
              const out = compiled!(data);
              if (out !== FALLBACK) own++;
              return out === FALLBACK ? library.expand({ $root: data }) : out;
            });
            assert.deepEqual(actual, expected);
          }),
          { numRuns: 300 },
        );
        assert.ok(own >= 30, `only ${own} of 300 expansions were the compiled one's`);
      });

      it('never needs the library for the data the cards pass (texts, flags and lists of texts)', () => {
        fc.assert(
          fc.property(dataFor(json, 'typical'), (data) => {
            const out = compiled!(data);
            assert.notEqual(out, FALLBACK);
            assert.equal(JSON.stringify(out), JSON.stringify(library.expand({ $root: data })));
          }),
          { numRuns: 200 },
        );
      });
    });
  }

  it('leaves what it does not compile to the library', () => {
    assert.equal(compileTemplate({ text: '${$index}' }), undefined);
    assert.equal(compileTemplate({ text: "${concat(a, 'b')}" }), undefined);
    assert.equal(compileTemplate({ text: 'a\\n${b}' }), undefined);
    assert.ok(compileTemplate({ text: '«${b}»' }));
  });
});
