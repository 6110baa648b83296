import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  COMMAND_NAMES,
  COMMAND_USAGES,
  TOP_LEVEL_ALIASES,
  TOP_LEVEL_KEYWORDS,
  usageOf,
  type CommandName,
} from '../../../src/commands/grammar';
import { BENEFIT_REF_PATTERN, PARSE_ERROR_CODES, PLAN_ID_PATTERN, type Command, type MentionInput, type ParseError, type ParseResult } from '../../../src/commands/command';
import { decodeEntities } from '../../../src/commands/lexer';
import { parseCommand } from '../../../src/commands/parse';
import { damerauLevenshtein } from '../../../src/domain/fuzzy';

const BOT_ID = '28:bot-app-id';
const BOT: MentionInput = { id: BOT_ID, name: 'Gevinstbot', text: '<at>Gevinstbot</at>' };
const OLA: MentionInput = { id: '29:ola', name: 'Ola Nordmann', text: '<at>Ola Nordmann</at>' };
const KARI: MentionInput = { id: '29:kari', name: 'Kari', text: '<at>Kari</at>' };

const ola = { kind: 'mention', id: '29:ola', name: 'Ola Nordmann' } as const;
const kari = { kind: 'mention', id: '29:kari', name: 'Kari' } as const;
const txt = (text: string) => ({ kind: 'text', text }) as const;

function parse(text: string, mentions: MentionInput[] = []): ParseResult {
  return parseCommand({ text, mentions, botId: BOT_ID });
}

/** The errors seen by the error table, to check that every code is covered. */
const codesSeen = new Set<string>();

interface OkCase {
  text: string;
  mentions?: MentionInput[];
  command: Command;
}

const OK_CASES: OkCase[] = [
  // help
  { text: 'help', command: { name: 'help' } },
  { text: 'hjelp', command: { name: 'help' } },
  { text: 'HELP plan', command: { name: 'help', topic: 'plan' } },
  { text: 'help plan set', command: { name: 'help', topic: 'plan', command: 'plan.set' } },
  { text: 'hjelp gevinst ny', command: { name: 'help', topic: 'benefit', command: 'benefit.add' } },
  { text: 'help måling', command: { name: 'help', topic: 'measure', command: 'measure' } },
  { text: '<at>Gevinstbot</at>', mentions: [BOT], command: { name: 'help' } },
  { text: '   ', command: { name: 'help' } },
  // plan
  { text: 'plan new Digitalt tilsyn', command: { name: 'plan.new', planName: 'Digitalt tilsyn' } },
  { text: 'plan new "Digitalt tilsyn"', command: { name: 'plan.new', planName: 'Digitalt tilsyn' } },
  { text: 'plan ny “Økt kvalitet på tjenester”', command: { name: 'plan.new', planName: 'Økt kvalitet på tjenester' } },
  { text: 'plan new SMS &amp; påminnelser', command: { name: 'plan.new', planName: 'SMS & påminnelser' } },
  { text: 'Plan List', command: { name: 'plan.list' } },
  { text: 'plan liste', command: { name: 'plan.list' } },
  { text: 'plan show digitalt-tilsyn', command: { name: 'plan.show', plan: 'digitalt-tilsyn' } },
  { text: 'plan vis Digitalt-Tilsyn', command: { name: 'plan.show', plan: 'digitalt-tilsyn' } },
  { text: 'plan archive tilsyn', command: { name: 'plan.archive', plan: 'tilsyn' } },
  { text: 'plan arkiver tilsyn', command: { name: 'plan.archive', plan: 'tilsyn' } },
  {
    text: 'plan set tilsyn name="Digitalt tilsyn 2" digest="fri 14:00" timezone=Europe/Oslo language=nb hourlyRate=850 hoursPerFte=1695 tolerance=10 leader=<at>Ola Nordmann</at>',
    mentions: [OLA],
    command: {
      name: 'plan.set',
      plan: 'tilsyn',
      fields: {
        name: txt('Digitalt tilsyn 2'),
        digest: txt('fri 14:00'),
        timezone: txt('Europe/Oslo'),
        language: txt('nb'),
        hourlyRate: txt('850'),
        hoursPerFte: txt('1695'),
        tolerance: txt('10'),
        leader: ola,
      },
    },
  },
  {
    text: 'plan endre tilsyn navn=„Nytt navn“ tidssone=Europe/Oslo språk=en timepris=900 timerPerÅrsverk=1700 toleranse=5 leder=kari@kommune.no oppsummering=”man 09:00”',
    command: {
      name: 'plan.set',
      plan: 'tilsyn',
      fields: {
        name: txt('Nytt navn'),
        timezone: txt('Europe/Oslo'),
        language: txt('en'),
        hourlyRate: txt('900'),
        hoursPerFte: txt('1700'),
        tolerance: txt('5'),
        leader: { kind: 'upn', upn: 'kari@kommune.no' },
        digest: txt('man 09:00'),
      },
    },
  },
  {
    text: 'plan set tilsyn HOURLYRATE=800 sprak=nb timer_per_arsverk=1600 Tolerance=7',
    command: {
      name: 'plan.set',
      plan: 'tilsyn',
      fields: { hourlyRate: txt('800'), language: txt('nb'), hoursPerFte: txt('1600'), tolerance: txt('7') },
    },
  },
  // benefit
  {
    text: 'benefit add tilsyn "Færre papirskjema" type=cost unit=NOK baseline=120000 target=40000 due=2027-06-30 owner=<at>Ola Nordmann</at>',
    mentions: [OLA],
    command: {
      name: 'benefit.add',
      plan: 'tilsyn',
      title: 'Færre papirskjema',
      fields: {
        type: txt('cost'),
        unit: txt('NOK'),
        baseline: txt('120000'),
        target: txt('40000'),
        due: txt('2027-06-30'),
        owner: ola,
      },
    },
  },
  {
    text: 'gevinst ny tilsyn “Flere besøk per uke” type=quality enhet=besøk nullpunkt=12 mål=14 frist=30.06.2027 eier=<at>Ola Nordmann</at> målefrekvens="fre 14:00" retning=up budskap=«Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.» gevinstuttak="Flere besøk" stedfortreder=<at>Kari</at> start=2026-01-01',
    mentions: [OLA, KARI],
    command: {
      name: 'benefit.add',
      plan: 'tilsyn',
      title: 'Flere besøk per uke',
      fields: {
        type: txt('quality'),
        unit: txt('besøk'),
        baseline: txt('12'),
        target: txt('14'),
        due: txt('30.06.2027'),
        owner: ola,
        cadence: txt('fre 14:00'),
        direction: txt('up'),
        message: txt('Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke.'),
        realization: txt('Flere besøk'),
        deputy: kari,
        start: txt('2026-01-01'),
      },
    },
  },
  {
    text: 'nytte legg-til tilsyn Kortere ventetid type=time unit=h baseline=10 target=5 due=2027-01-01 owner=ola@kommune.no realisation="Frigjort tid brukes på tilsyn"',
    command: {
      name: 'benefit.add',
      plan: 'tilsyn',
      title: 'Kortere ventetid',
      fields: {
        type: txt('time'),
        unit: txt('h'),
        baseline: txt('10'),
        target: txt('5'),
        due: txt('2027-01-01'),
        owner: { kind: 'upn', upn: 'ola@kommune.no' },
        realization: txt('Frigjort tid brukes på tilsyn'),
      },
    },
  },
  {
    text: 'benefit add tilsyn tittel="SMS-varsling" type=cost unit=NOK baseline=1 target=2 due=2027-01-01 owner="<at>Ola Nordmann</at>"',
    mentions: [OLA],
    command: {
      name: 'benefit.add',
      plan: 'tilsyn',
      title: 'SMS-varsling',
      fields: { type: txt('cost'), unit: txt('NOK'), baseline: txt('1'), target: txt('2'), due: txt('2027-01-01'), owner: ola },
    },
  },
  {
    text: 'benefit set tilsyn/2 target=50 owner= <at>Kari</at> tittel="Ny tittel"',
    mentions: [KARI],
    command: {
      name: 'benefit.set',
      benefit: { plan: 'tilsyn', number: 2 },
      fields: { target: txt('50'), owner: kari, title: txt('Ny tittel') },
    },
  },
  {
    text: 'gevinst endre Tilsyn/02 MÅLVERDI=12,5 frekvens="every 2 weeks thu 13:30" message=',
    command: {
      name: 'benefit.set',
      benefit: { plan: 'tilsyn', number: 2 },
      fields: { target: txt('12,5'), cadence: txt('every 2 weeks thu 13:30'), message: txt('') },
    },
  },
  { text: 'benefit show tilsyn/1', command: { name: 'benefit.show', benefit: { plan: 'tilsyn', number: 1 } } },
  { text: 'gevinst vis tilsyn/9999', command: { name: 'benefit.show', benefit: { plan: 'tilsyn', number: 9999 } } },
  { text: 'benefit list tilsyn', command: { name: 'benefit.list', plan: 'tilsyn' } },
  { text: 'nytte liste tilsyn', command: { name: 'benefit.list', plan: 'tilsyn' } },
  { text: 'benefit archive tilsyn/3', command: { name: 'benefit.archive', benefit: { plan: 'tilsyn', number: 3 } } },
  { text: 'gevinst arkiver tilsyn/3', command: { name: 'benefit.archive', benefit: { plan: 'tilsyn', number: 3 } } },
  // admin
  { text: 'admin add <at>Ola Nordmann</at>', mentions: [OLA], command: { name: 'admin.add', person: ola } },
  { text: 'admin legg-til Ola@Kommune.NO', command: { name: 'admin.add', person: { kind: 'upn', upn: 'ola@kommune.no' } } },
  { text: 'admin ny <at>Kari</at>', mentions: [KARI], command: { name: 'admin.add', person: kari } },
  { text: 'admin remove <at>Kari</at>', mentions: [KARI], command: { name: 'admin.remove', person: kari } },
  { text: 'admin fjern kari@kommune.no', command: { name: 'admin.remove', person: { kind: 'upn', upn: 'kari@kommune.no' } } },
  { text: 'admin list', command: { name: 'admin.list' } },
  { text: 'ADMIN LISTE', command: { name: 'admin.list' } },
  // digest, report, confirm
  { text: 'digest tilsyn', command: { name: 'digest', plan: 'tilsyn' } },
  { text: 'oppsummering tilsyn', command: { name: 'digest', plan: 'tilsyn' } },
  { text: 'report tilsyn', command: { name: 'report', plan: 'tilsyn' } },
  { text: 'rapport tilsyn', command: { name: 'report', plan: 'tilsyn' } },
  { text: 'import tilsyn', command: { name: 'import', plan: 'tilsyn' } },
  { text: 'Importer Tilsyn', command: { name: 'import', plan: 'tilsyn' } },
  // Without a title, or without keys: the form.
  { text: 'benefit add tilsyn', command: { name: 'benefit.add', plan: 'tilsyn', form: true } },
  { text: 'gevinst endre tilsyn/02', command: { name: 'benefit.set', benefit: { plan: 'tilsyn', number: 2 }, form: true } },
  { text: 'confirm tilsyn/1', command: { name: 'confirm', benefit: { plan: 'tilsyn', number: 1 } } },
  {
    text: 'bekreft tilsyn/1 Flott innsats, alle sammen!',
    command: { name: 'confirm', benefit: { plan: 'tilsyn', number: 1 }, comment: 'Flott innsats, alle sammen!' },
  },
  {
    text: 'confirm tilsyn/1 “Bekreftet i styringsgruppen”',
    command: { name: 'confirm', benefit: { plan: 'tilsyn', number: 1 }, comment: 'Bekreftet i styringsgruppen' },
  },
  {
    text: 'confirm tilsyn/1 takk til <at>Kari</at> for jobben',
    mentions: [KARI],
    command: { name: 'confirm', benefit: { plan: 'tilsyn', number: 1 }, comment: 'takk til @Kari for jobben' },
  },
  // owner commands
  { text: 'my', command: { name: 'my' } },
  { text: 'Mine', command: { name: 'my' } },
  { text: 'measure tilsyn/2 12,5', command: { name: 'measure', benefit: { plan: 'tilsyn', number: 2 }, value: '12,5' } },
  {
    text: 'måling tilsyn/2 1 200 mye arbeid denne uka',
    command: { name: 'measure', benefit: { plan: 'tilsyn', number: 2 }, value: '1 200', comment: 'mye arbeid denne uka' },
  },
  {
    text: 'maling tilsyn/2 1&nbsp;200&nbsp;000,5',
    command: { name: 'measure', benefit: { plan: 'tilsyn', number: 2 }, value: '1 200 000,5' },
  },
  {
    text: 'measure tilsyn/2 -3.5 "målt manuelt"',
    command: { name: 'measure', benefit: { plan: 'tilsyn', number: 2 }, value: '-3.5', comment: 'målt manuelt' },
  },
  { text: 'away until 2027-06-30', command: { name: 'away', until: '2027-06-30' } },
  { text: 'borte til 30.06.2027', command: { name: 'away', until: '30.06.2027' } },
  { text: 'away 2027-06-30', command: { name: 'away', until: '2027-06-30' } },
  { text: 'back', command: { name: 'back' } },
  { text: 'tilbake', command: { name: 'back' } },
  { text: 'language en', command: { name: 'language', language: 'en' } },
  { text: 'Språk nb', command: { name: 'language', language: 'nb' } },
  { text: 'language', command: { name: 'language' } },
  // Teams text: bot mention, nbsp, CRLF, entities, upper case
  { text: '<at>Gevinstbot</at> plan list', mentions: [BOT], command: { name: 'plan.list' } },
  { text: '<at>Gevinstbot</at>&nbsp;plan&nbsp;list&nbsp;', mentions: [BOT], command: { name: 'plan.list' } },
  { text: '\u00a0<at>Gevinstbot</at>\u00a0PLAN SHOW\u00a0Tilsyn\r\n', mentions: [BOT], command: { name: 'plan.show', plan: 'tilsyn' } },
  { text: 'plan list <at>Gevinstbot</at>', mentions: [BOT], command: { name: 'plan.list' } },
  { text: '<at>Gevinstbot </at> my', mentions: [BOT], command: { name: 'my' } },
  { text: '<at>Gevinst&amp;bot</at> my', mentions: [{ id: BOT_ID, name: 'Gevinst&bot', text: '<at>Gevinst&amp;bot</at>' }], command: { name: 'my' } },
  {
    text: '<at>Gevinstbot</at>\r\nadmin add <at>Ola Nordmann</at>',
    mentions: [BOT, OLA],
    command: { name: 'admin.add', person: ola },
  },
  {
    text: 'plan set tilsyn digest=&quot;fri 14:00&quot; name=&#34;A &lt;B&gt;&#34;',
    command: { name: 'plan.set', plan: 'tilsyn', fields: { digest: txt('fri 14:00'), name: txt('A <B>') } },
  },
  {
    // the same person mentioned twice: entities matched in order of occurrence
    text: 'benefit set tilsyn/1 owner=<at>Ola</at> deputy=<at>Ola</at>',
    mentions: [
      { id: '29:ola-1', name: 'Ola', text: '<at>Ola</at>' },
      { id: '29:ola-2', name: 'Ola', text: '<at>Ola</at>' },
    ],
    command: {
      name: 'benefit.set',
      benefit: { plan: 'tilsyn', number: 1 },
      fields: { owner: { kind: 'mention', id: '29:ola-1', name: 'Ola' }, deputy: { kind: 'mention', id: '29:ola-2', name: 'Ola' } },
    },
  },
];

interface ErrCase {
  text: string;
  mentions?: MentionInput[];
  error: Partial<ParseError> & { code: ParseError['code'] };
}

const ERR_CASES: ErrCase[] = [
  { text: 'x'.repeat(4001), error: { code: 'tooLong', length: 4001, max: 4000 } },
  { text: 'plan new "Digitalt tilsyn', error: { code: 'unclosedQuote', quote: '"', command: 'plan.new' } },
  { text: 'plan set tilsyn name=“Nytt', error: { code: 'unclosedQuote', quote: '“', command: 'plan.set' } },
  { text: 'admin add <at>Per</at>', mentions: [OLA], error: { code: 'unknownMention', mention: '<at>Per</at>', command: 'admin.add' } },
  { text: 'plna list', error: { code: 'unknownCommand', word: 'plna', suggestion: 'plan' } },
  { text: 'rapprot tilsyn', error: { code: 'unknownCommand', word: 'rapprot', suggestion: 'report' } },
  { text: 'hello', error: { code: 'unknownCommand', word: 'hello', suggestion: 'help' } },
  { text: 'xyzzy', error: { code: 'unknownCommand', word: 'xyzzy' } },
  { text: 'plan lst', error: { code: 'unknownCommand', word: 'lst', suggestion: 'plan list' } },
  { text: 'help foo', error: { code: 'unknownCommand', word: 'foo', command: 'help' } },
  { text: 'plan', error: { code: 'missingArgument', arg: 'command' } },
  { text: 'plan new', error: { code: 'missingArgument', arg: 'name', command: 'plan.new' } },
  { text: 'plan new ""', error: { code: 'missingArgument', arg: 'name', command: 'plan.new' } },
  { text: 'plan show', error: { code: 'missingArgument', arg: 'plan', command: 'plan.show', usage: 'plan show <plan>' } },
  { text: 'plan set tilsyn', error: { code: 'missingArgument', arg: 'key', command: 'plan.set' } },
  { text: 'benefit show', error: { code: 'missingArgument', arg: 'benefit', command: 'benefit.show' } },
  { text: 'benefit add tilsyn type=cost', error: { code: 'missingArgument', arg: 'title', command: 'benefit.add' } },
  { text: 'admin add', error: { code: 'missingArgument', arg: 'person', command: 'admin.add' } },
  { text: 'measure tilsyn/1', error: { code: 'missingArgument', arg: 'value', command: 'measure' } },
  { text: 'away until', error: { code: 'missingArgument', arg: 'date', command: 'away' } },
  { text: 'plan show Digitalt_tilsyn', error: { code: 'badPlanId', plan: 'Digitalt_tilsyn', command: 'plan.show' } },
  { text: "digest x'or", error: { code: 'badPlanId', plan: "x'or", command: 'digest' } },
  { text: 'benefit list tilsyn/1', error: { code: 'badPlanId', plan: 'tilsyn/1' } },
  { text: 'benefit show tilsyn/x', error: { code: 'badBenefitRef', ref: 'tilsyn/x', command: 'benefit.show' } },
  { text: 'benefit show tilsyn', error: { code: 'badBenefitRef', ref: 'tilsyn' } },
  { text: 'confirm tilsyn/0', error: { code: 'badBenefitRef', ref: 'tilsyn/0' } },
  { text: 'measure tilsyn/10000 5', error: { code: 'badBenefitRef', ref: 'tilsyn/10000' } },
  { text: 'benefit set tilsyn/1 trget=5', error: { code: 'unknownKey', key: 'trget', suggestion: 'target' } },
  { text: 'benefit set tilsyn/1 eire=<at>Ola Nordmann</at>', mentions: [OLA], error: { code: 'unknownKey', key: 'eire', suggestion: 'owner' } },
  { text: 'plan set tilsyn timzone=UTC', error: { code: 'unknownKey', key: 'timzone', suggestion: 'timezone' } },
  { text: 'plan set tilsyn owner=ola@kommune.no', error: { code: 'unknownKey', key: 'owner' } },
  { text: 'plan set tilsyn banana=1', error: { code: 'unknownKey', key: 'banana' } },
  { text: 'benefit set tilsyn/1 target=5 mål=6', error: { code: 'duplicateKey', key: 'target' } },
  { text: 'benefit add tilsyn "A" title="B" type=cost', error: { code: 'duplicateKey', key: 'title' } },
  { text: 'plan set tilsyn leader=Ola', error: { code: 'expectedPerson', key: 'leader', value: 'Ola' } },
  { text: 'benefit set tilsyn/1 deputy="Kari Nordmann"', error: { code: 'expectedPerson', key: 'deputy', value: 'Kari Nordmann' } },
  { text: 'admin add Ola', error: { code: 'expectedPerson', value: 'Ola', command: 'admin.add' } },
  { text: 'plan list now', error: { code: 'unexpectedArgument', word: 'now', command: 'plan.list' } },
  { text: 'plan set tilsyn name=Nytt navn', error: { code: 'unexpectedArgument', word: 'navn', afterKey: 'name' } },
  { text: 'benefit add tilsyn "A" type=cost extra', error: { code: 'unexpectedArgument', word: 'extra', afterKey: 'type' } },
  { text: 'plan new Tilsyn timezone=UTC', error: { code: 'unexpectedArgument', word: 'timezone=UTC' } },
  { text: 'back again', error: { code: 'unexpectedArgument', word: 'again', command: 'back' } },
  { text: 'language en nb', error: { code: 'unexpectedArgument', word: 'nb', command: 'language' } },
  { text: 'away until 2027-06-30 maybe', error: { code: 'unexpectedArgument', word: 'maybe' } },
  {
    text: 'benefit add tilsyn "Færre skjema" unit=NOK',
    error: { code: 'missingKeys', keys: ['type', 'baseline', 'target', 'due', 'owner'], command: 'benefit.add' },
  },
  {
    text: 'benefit add tilsyn "Færre skjema"',
    error: { code: 'missingKeys', keys: ['type', 'unit', 'baseline', 'target', 'due', 'owner'] },
  },
];

describe('commands/parse: valid commands', () => {
  for (const c of OK_CASES) {
    it(`${JSON.stringify(c.text).slice(0, 110)} → ${c.command.name}`, () => {
      assert.deepStrictEqual(parse(c.text, c.mentions ?? []), { ok: true, command: c.command });
    });
  }

  it('has a case for every command', () => {
    const covered = new Set(OK_CASES.map((c) => c.command.name));
    assert.deepStrictEqual(COMMAND_NAMES.filter((n) => !covered.has(n)), []);
  });
});

describe('commands/parse: errors', () => {
  for (const c of ERR_CASES) {
    it(`${JSON.stringify(c.text).slice(0, 80)} → ${c.error.code}`, () => {
      const r = parse(c.text, c.mentions ?? []);
      assert.equal(r.ok, false, JSON.stringify(r));
      if (r.ok) return;
      codesSeen.add(r.error.code);
      for (const [k, v] of Object.entries(c.error)) {
        assert.deepStrictEqual((r.error as unknown as Record<string, unknown>)[k], v, `${k} in ${JSON.stringify(r.error)}`);
      }
      assert.equal(typeof r.error.usage, 'string');
      assert.ok(r.error.usage.length > 0);
      if (r.error.command !== undefined) assert.equal(r.error.usage, usageOf(r.error.command));
    });
  }

  it('covers every error code except internal', () => {
    assert.deepStrictEqual(
      PARSE_ERROR_CODES.filter((c) => c !== 'internal' && !codesSeen.has(c)),
      [],
    );
  });

  it('shows all forms of a group when the subcommand is unknown', () => {
    const r = parse('benefit foo');
    assert.ok(!r.ok && r.error.code === 'unknownCommand');
    if (r.ok) return;
    for (const n of ['benefit.add', 'benefit.set', 'benefit.show', 'benefit.list', 'benefit.archive'] as const) {
      assert.ok(r.error.usage.includes(usageOf(n)), n);
    }
  });

  it('does not ignore a bot mention entity for someone else', () => {
    const r = parse('admin add <at>Gevinstbot</at>', [{ ...BOT, id: '29:someone-else' }]);
    assert.deepStrictEqual(r, { ok: true, command: { name: 'admin.add', person: { kind: 'mention', id: '29:someone-else', name: 'Gevinstbot' } } });
  });

  it('tolerates missing or malformed input without throwing', () => {
    const bad = [undefined, null, 42, { text: 5 }, { text: 'plan list', mentions: 'x' }, { text: 'my', mentions: [null, 1, {}] }];
    for (const b of bad) {
      const r = parseCommand(b as never);
      assert.ok(r.ok || PARSE_ERROR_CODES.includes(r.error.code));
    }
    assert.deepStrictEqual(parseCommand({ text: 'plan list', mentions: 'x' } as never), { ok: true, command: { name: 'plan.list' } });
  });
});

describe('commands/parse: helpers', () => {
  it('decodes entities once', () => {
    assert.equal(decodeEntities('a&nbsp;b &amp;lt; &lt;&gt;&quot;&#39;&#x41;&#0;&bogus;'), "a\u00a0b &lt; <>\"'A&#0;&bogus;");
  });

  it('Damerau-Levenshtein counts a transposition as one edit', () => {
    assert.equal(damerauLevenshtein('trget', 'target'), 1);
    assert.equal(damerauLevenshtein('tagret', 'target'), 1);
    assert.equal(damerauLevenshtein('', 'abc'), 3);
    assert.equal(damerauLevenshtein('kitten', 'sitting'), 3);
  });
});

describe('commands/grammar: usages', () => {
  it('lists every command exactly once', () => {
    assert.deepStrictEqual(
      COMMAND_USAGES.map((u) => u.command),
      [...COMMAND_NAMES],
    );
  });

  it('fits the Teams manifest limits and starts with the title', () => {
    for (const u of COMMAND_USAGES) {
      assert.ok(u.title.length <= 32, u.title);
      assert.ok(u.description.en.length <= 128, u.description.en);
      assert.ok(u.description.nb.length <= 128, u.description.nb);
      assert.ok(u.usage.startsWith(u.title), u.usage);
    }
  });

  it('every usage title parses to its own command (or a missing-argument error for it)', () => {
    for (const u of COMMAND_USAGES) {
      const r = parse(u.title);
      const name: CommandName | undefined = r.ok ? r.command.name : r.error.command;
      assert.equal(name, u.command, `${u.title}: ${JSON.stringify(r)}`);
    }
  });

  it('every top-level keyword is its own alias', () => {
    for (const k of TOP_LEVEL_KEYWORDS) assert.equal(TOP_LEVEL_ALIASES[k], k);
  });
});

// ---------------------------------------------------------------------------------------
// Properties

function idsOf(c: Command): { plans: string[]; refs: string[] } {
  const plans: string[] = [];
  const refs: string[] = [];
  if ('plan' in c) plans.push(c.plan);
  if ('benefit' in c) refs.push(`${c.benefit.plan}/${c.benefit.number}`);
  return { plans, refs };
}

function checkResult(r: ParseResult): void {
  if (r.ok) {
    const { plans, refs } = idsOf(r.command);
    for (const p of plans) assert.match(p, PLAN_ID_PATTERN);
    for (const ref of refs) assert.match(ref, BENEFIT_REF_PATTERN);
    return;
  }
  assert.ok(PARSE_ERROR_CODES.includes(r.error.code), r.error.code);
  assert.notEqual(r.error.code, 'internal', JSON.stringify(r.error));
  assert.equal(typeof r.error.usage, 'string');
}

const FRAGMENTS = [
  'plan', 'benefit', 'gevinst', 'admin', 'help', 'measure', 'måling', 'confirm', 'away', 'borte', 'til', 'back', 'my',
  'new', 'add', 'set', 'show', 'list', 'archive', 'remove', 'ny', 'endre', 'legg-til',
  'tilsyn', 'tilsyn/1', 'Tilsyn/02', 'a/0', '/', '//', 'x/99999', '-a/1',
  'target=5', 'owner=', 'owner=<at>Ola Nordmann</at>', 'mål=', 'type=cost', 'unit=NOK', 'baseline=1', 'due=2027-01-01',
  '=', '==', '===', 'a=b=c', '=x', 'key="v', 'key=“v”', 'k=«v»',
  '"', '“', '”', '„', '«', '»', '‟', "'", '""', '“”', '"a b"', '„x“',
  '<at>', '</at>', '<at>Ola Nordmann</at>', '<at>Gevinstbot</at>', '<at>Per</at>', '<at id="1">Kari</at>', '<at>',
  "x' or PartitionKey ne '", "' or ''='", 'PartitionKey eq', '\\', '#', '?', '%00', '\u0000',
  '&nbsp;', '&amp;', '&lt;at&gt;', '&quot;', '&#39;', '&#x1F600;', '&#55296;', '&#99999999;',
  '\u00a0', '\r\n', '\t', '\u200b', '\ud800', '\udfff', '\ud83d\ude00', 'é', 'e\u0301', 'İ', 'ß',
  '1', '200', '1 200', '12,5', '-3', 'ola@kommune.no', 'mailto:x@y.no',
];

const fragmentText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 30 })
  .chain((parts) =>
    fc.array(fc.constantFrom(' ', '', '\u00a0', '\n', '&nbsp;', '  '), { minLength: parts.length, maxLength: parts.length }).map((seps) =>
      parts.map((p, i) => p + (seps[i] ?? ' ')).join(''),
    ),
  );

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: anyCodeUnit, maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('"', '“', '”', '„', '«', '»', '=', '<', '>', '/', 'a', ' ', '\u00a0', '&', ';', '@'), maxLength: 300 }),
  fragmentText,
);

const mentionArb: fc.Arbitrary<MentionInput> = fc.oneof(
  fc.constantFrom(BOT, OLA, KARI, { id: '29:per', name: 'Per', text: '<at>Per</at>' }),
  fc.record({ id: fc.string(), name: fc.string(), text: fc.string() }),
  fc.string({ maxLength: 12 }).map((n) => ({ id: `29:${n}`, name: n, text: `<at>${n}</at>` })),
);

describe('commands/parse: properties', () => {
  it('never throws on hostile text and mentions; ok ids are table-key safe', () => {
    fc.assert(
      fc.property(hostileString, fc.array(mentionArb, { maxLength: 5 }), (text, mentions) => {
        checkResult(parseCommand({ text, mentions, botId: BOT_ID }));
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts command-shaped text built from grammar words', () => {
    let okCount = 0;
    fc.assert(
      fc.property(fragmentText, (text) => {
        const r = parseCommand({ text, mentions: [BOT, OLA], botId: BOT_ID });
        if (r.ok) okCount++;
        checkResult(r);
      }),
      { numRuns: 3000 },
    );
    assert.ok(okCount > 0, 'some generated commands should parse');
  });

  it('handles = floods, quote floods and long strings quickly', () => {
    const inputs = [
      '='.repeat(4000),
      'plan set tilsyn ' + 'a='.repeat(1990),
      '"'.repeat(4000),
      '“'.repeat(3999),
      '<at>'.repeat(1000),
      '<at>x'.repeat(800),
      '<at>Ola Nordmann</at>'.repeat(190),
      'measure a/1 ' + '1 '.repeat(1990),
      'benefit add p "t" ' + 'owner=<at>Ola Nordmann</at> '.repeat(140),
      'x'.repeat(10_000),
      '&nbsp;'.repeat(666),
    ];
    for (const text of inputs) {
      const started = process.hrtime.bigint();
      const r = parseCommand({ text, mentions: [BOT, OLA], botId: BOT_ID });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      checkResult(r);
      assert.ok(ms < 200, `${text.slice(0, 20)}… took ${ms} ms`);
    }
  });

  it('rejects every 4 001–10 000 character text as tooLong', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4001, max: 10_000 }), fc.constantFrom('a', '"', '<at>', ' ', '='), (len, ch) => {
        const r = parseCommand({ text: ch.repeat(Math.ceil(len / ch.length)).slice(0, len), mentions: [], botId: BOT_ID });
        assert.ok(!r.ok && r.error.code === 'tooLong');
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips benefit refs and plan ids', () => {
    const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,59}$/);
    fc.assert(
      fc.property(slug, fc.integer({ min: 1, max: 9999 }), fc.boolean(), (plan, n, upper) => {
        const p = upper ? plan.toUpperCase() : plan;
        assert.deepStrictEqual(parse(`benefit show ${p}/${n}`), { ok: true, command: { name: 'benefit.show', benefit: { plan, number: n } } });
        assert.deepStrictEqual(parse(`report ${p}`), { ok: true, command: { name: 'report', plan } });
      }),
      { numRuns: 1000 },
    );
  });

  it('the bot mention, wherever it is, does not change the result', () => {
    fc.assert(
      fc.property(fragmentText.filter((t) => !t.includes('Gevinstbot')), fc.constantFrom('', ' ', '\u00a0', '&nbsp;'), (text, pad) => {
        const plain = parseCommand({ text, mentions: [OLA], botId: BOT_ID });
        const mentioned = parseCommand({ text: `${pad}<at>Gevinstbot</at>${pad} ${text}`, mentions: [BOT, OLA], botId: BOT_ID });
        if (plain.ok || mentioned.ok) assert.deepStrictEqual(mentioned, plain);
        else assert.equal(mentioned.error.code, plain.error.code);
      }),
      { numRuns: 2000 },
    );
  });
});
