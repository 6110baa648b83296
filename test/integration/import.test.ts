// `import <plan>` over HTTP, as Teams delivers a file to a bot: the admin asks in the personal
// chat and gets what to send with a template link; the workbook arrives as a file.download.info
// attachment whose short-lived downloadUrl the fake Teams serves; the bot answers with a preview
// card (new, changed, unchanged, problems by row and column) and Import applies it. A report of one
// plan imports as is into another; the same file twice changes nothing the second time; hostile
// files get a clear message and change nothing.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { validateCard } from '../../src/cards/validate';
import { MAX_IMPORT_FILE_BYTES } from '../../src/services/import/download';
import { ROWS_IN_REPLY } from '../../src/services/import/pending';
import { reportUrl } from '../../src/services/report/links';
import { TENANT_ID, people } from '../support/activities';
import { actionNamed, actionsOf } from '../support/cardForms';
import { auditOf, benefitsOf, cardFacts, cardText, inChannel, inChat, inChatWithFiles, plain, type Reply } from '../support/commands';
import { startHarness, type Harness } from '../support/harness';
import { noise, notAWorkbook, registerWorkbook, TEMPLATE_COLUMNS, zipBomb, type Cell } from '../support/workbooks';

const A = 'digitalt-tilsyn';
const B = 'tannhelse-sms';
const KARI = 'kari.nordmann@example.no';
const PER = 'per.hansen@example.no';

describe('import: a benefit register from a workbook', () => {
  let h: Harness;
  let n = 0;
  const fileUrl = (body: Buffer, name = 'gevinster.xlsx') => h.connector.serveFile(`${++n}-${name}`, body);
  const count = async (plan: string) => (await benefitsOf(h, plan)).length;

  /** The admin sends `import <plan>` with the workbook attached. */
  async function send(plan: string, body: Buffer, name = 'gevinster.xlsx', by = people.ola): Promise<Reply> {
    return inChatWithFiles(h, by, `import ${plan}`, [{ name, downloadUrl: fileUrl(body, name) }]);
  }

  function previewOf(r: Reply): Record<string, unknown> {
    assert.equal(r.cards.length, 1, r.all);
    const card = r.cards[0]!;
    assert.ok(validateCard(card).ok, validateCard(card).problems.join('\n'));
    return card;
  }

  async function click(card: Record<string, unknown>, title: RegExp, by = people.ola) {
    const a = actionNamed(card, title);
    const r = await h.act(by, a.verb!, a.data ?? {});
    assert.equal(r.status, 200);
    assert.ok(r.card && validateCard(r.card).ok);
    return r.card!;
  }

  /** Plan A's report workbook, downloaded as a leader would. */
  async function reportOf(plan: string): Promise<Buffer> {
    const { pathname } = new URL(reportUrl(h.services, { tenantId: TENANT_ID, id: plan }, 'xlsx').url);
    const res = await fetch(`${h.url}${pathname}`);
    assert.equal(res.status, 200);
    return Buffer.from(await res.arrayBuffer());
  }

  before(async () => {
    h = await startHarness();
    await inChannel(h, people.ola, 'plan new Digitalt tilsyn');
    await inChannel(h, people.ola, 'plan new Tannhelse SMS');
    for (const [cmd, mentions] of [
      [
        'benefit add digitalt-tilsyn "Færre bomturer" type=time unit=timer baseline=6 target=1 due=30.06.2027 owner={{mention:0}} deputy={{mention:1}} cadence="every 2 weeks thu 13:30" ' +
          'message="Hvis brukeren er hjemme i ti av ti tilfeller, så vil vi kunne utføre to flere besøk hver uke." realization="Flere besøk uten økt bemanning"',
        [people.kari, people.per],
      ],
      ['benefit add digitalt-tilsyn "Lavere portokostnader" type=cost unit=kr baseline="48 000" target=6000 due=31.12.2027 owner={{mention:0}}', [people.kari]],
      ['benefit add digitalt-tilsyn "Oppmøte" type=quality unit=% baseline=ukjent target=95 due=30.06.2027 owner={{mention:0}}', [people.per]],
    ] as const) {
      const r = await inChannel(h, people.ola, cmd, [...mentions]);
      assert.match(r.all, /er lagt til som/, r.all);
    }
    h.clock.advance(60_000);
  });
  after(async () => h.close());

  it('import <plan> answers with what to send and a signed template link; the template is the register of the plan', async () => {
    const r = await inChat(h, people.ola, `importer ${B}`, 'en-US');
    const card = previewOf(r);
    const text = cardText(card);
    assert.match(text, /Importer gevinster til Tannhelse SMS/, 'Norwegian, whatever the Teams locale');
    assert.match(text, /Excel-fil \(\.xlsx\)/);
    assert.match(text, /Høyst 500 rader og 5 MB/);
    const link = (card.actions as { type: string; title: string; url: string }[]).find((a) => a.type === 'Action.OpenUrl')!;
    assert.equal(link.title, 'Last ned malen (.xlsx)');
    assert.match(link.url, /\/reports\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const res = await fetch(`${h.url}${new URL(link.url).pathname}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /gevinstregister-tannhelse-sms\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['Gevinster', 'Veiledning']);
    const headers = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 13);
    assert.deepEqual(headers, ['Id', 'Tittel', 'Gevinsttype', 'Enhet', 'Nullpunkt', 'Dato for nullpunkt', 'Målverdi', 'Måldato', 'Startdato', 'Retning', 'Målefrekvens', 'Gevinsteier']);
    assert.equal(wb.worksheets[0]!.actualRowCount, 1, 'a new plan: headers only');
    // In a channel: it says to use the personal chat.
    const inTeam = await inChannel(h, people.ola, `import ${B}`);
    assert.match(inTeam.all, /Import skjer i den personlige chatten med meg/);
    // Not for someone who is not an admin.
    const refused = await inChat(h, people.per, `import ${B}`);
    assert.match(refused.all, /Bare administratorer kan bruke `import`/);
  });

  it('a report workbook of one plan imports as is into another: a preview, then Import creates the benefits there', async () => {
    const report = await reportOf(A);
    const before = await auditOf(h, B);
    const preview = previewOf(await send(B, report, 'gevinster-digitalt-tilsyn.xlsx'));
    const text = plain(cardText(preview));
    assert.match(text, /Forhåndsvisning: import til Tannhelse SMS/);
    const facts = cardFacts(preview);
    assert.equal(facts.get('Nye gevinster'), '3');
    assert.equal(facts.get('Endres'), '0');
    assert.equal(facts.get('Uendret'), '0');
    assert.equal(facts.get('Rader med feil'), '0');
    assert.match(text, /Rad 2: \*\*Færre bomturer\*\* – Kari Nordmann, 1 timer? innen 30\.06\.2027/);
    assert.match(text, /Ingenting er lagret ennå/);
    assert.match(text, /har raden en Id fra denne planen \(f\.eks\. tannhelse-sms\/3\), endres den gevinsten; ellers endres gevinsten med samme tittel, og finnes ingen, blir det en ny\. Målinger importeres ikke\./);
    assert.equal(await count(B), 0, 'nothing before Import');
    assert.deepEqual(await auditOf(h, B), before);

    const done = await click(preview, /^Importer 3 gevinster$/);
    assert.match(cardText(done), /Importert til Tannhelse SMS/);
    assert.match(cardText(done), /3 nye gevinster er lagt til\./);
    const a = await benefitsOf(h, A);
    const b = await benefitsOf(h, B);
    assert.equal(b.length, 3);
    for (const src of a) {
      const copy = b.find((x) => x.title === src.title)!;
      assert.ok(copy, src.title);
      for (const k of ['type', 'unit', 'baseline', 'target', 'due', 'cadence', 'message', 'realization', 'direction', 'state'] as const) assert.deepEqual(copy[k], src[k], `${src.title}: ${k}`);
      assert.equal(copy.owner.id, src.owner.id, 'the owner matched by e-mail through Teams');
      assert.equal(copy.deputy?.id, src.deputy?.id);
      assert.ok(copy.nextPromptAt, 'scheduled like any new benefit');
    }
    assert.equal((await h.services.storage.measurements.listPlan(TENANT_ID, B)).length, 0, 'measurements are not imported');
    const audit = (await auditOf(h, B)).filter((e) => e.action === 'benefit.add');
    assert.equal(audit.length, 3, 'each change audited');
    assert.ok(audit.every((e) => e.by.id === people.ola.id));

    // A second click (a replay) answers with what was done and changes nothing.
    const again = await click(preview, /^Importer 3 gevinster$/);
    assert.match(cardText(again), /Denne importen er allerede gjort; ingenting ble endret nå/);
    assert.equal(await count(B), 3);
  });

  it('the same file twice changes nothing the second time (rows matched by title, or by the id of this plan)', async () => {
    const auditBefore = (await auditOf(h, B)).length;
    const second = previewOf(await send(B, await reportOf(A)));
    const facts = cardFacts(second);
    assert.equal(facts.get('Nye gevinster'), '0');
    assert.equal(facts.get('Uendret'), '3');
    assert.match(cardText(second), /Det er ingenting å importere/);
    assert.equal(actionsOf(second).length, 0, 'no Import button');
    // Plan B's own report (ids of plan B) imports into B as is: unchanged too.
    const own = previewOf(await send(B, await reportOf(B)));
    assert.equal(cardFacts(own).get('Uendret'), '3');
    assert.equal(await count(B), 3);
    assert.equal((await auditOf(h, B)).length, auditBefore);
  });

  it('the template filled in by hand: new and changed rows, people by e-mail, shown before anything is saved', async () => {
    const rows: Cell[][] = [
      ['', 'Flere SMS-påminnelser', 'Kvalitet', '%', 70, 90, new Date(Date.UTC(2027, 5, 30)), 'fri 14:00', `Kari Nordmann <${KARI}>`, PER, 'Hvis alle får SMS, så vil flere møte opp.', ''],
      [`${B}/2`, 'Lavere portokostnader', 'Kostnad', 'kr', 48000, 5000, '31.12.2027', 'mon 09:00', KARI, '', '', ''],
      ['', 'Færre manuelle påminnelser', 'tid', 'timer', 40, 10, '2027-06-30', '', { text: PER, hyperlink: `mailto:${PER}` }, '', '', ''],
    ];
    const preview = previewOf(await send(B, await registerWorkbook(TEMPLATE_COLUMNS, rows)));
    const text = plain(cardText(preview));
    const facts = cardFacts(preview);
    assert.equal(facts.get('Nye gevinster'), '2');
    assert.equal(facts.get('Endres'), '1');
    assert.match(text, /Rad 2: \*\*Flere SMS-påminnelser\*\* – Kari Nordmann, 90 % innen 30\.06\.2027/);
    assert.match(text, /Rad 3: `tannhelse-sms\/2` \*\*Lavere portokostnader\*\* – Målverdi: 6 000 kr → 5 000 kr/);
    assert.match(text, /Rad 4: \*\*Færre manuelle påminnelser\*\* – Per Hansen, 10 timer innen 30\.06\.2027/);
    assert.match(text, /Trykk «Importer» for å lagre det som står under, eller «Avbryt»\./);
    const done = await click(preview, /^Importer 3 gevinster$/);
    assert.match(cardText(done), /2 nye gevinster er lagt til og 1 gevinst er endret\./);
    const b = await benefitsOf(h, B);
    assert.equal(b.length, 5);
    const sms = b.find((x) => x.title === 'Flere SMS-påminnelser')!;
    assert.equal(sms.type, 'quality');
    assert.equal(sms.cadence, 'fri 14:00');
    assert.equal(sms.owner.id, people.kari.id);
    assert.equal(sms.deputy?.id, people.per.id);
    assert.equal(b.find((x) => x.number === 2)!.target, 5000);
    const change = (await auditOf(h, B)).find((e) => e.action === 'benefit.set' && e.subject === `${B}/2`);
    assert.deepEqual(change?.after, { target: 5000 });
  });

  it('rows with problems: each problem by row and column; Import applies exactly the valid rows', async () => {
    const rows: Cell[][] = [
      ['', 'Gyldig rad', 'Kvalitet', 'besøk', 20, 22, '30.06.2027', '', KARI, '', '', ''],
      ['', 'Feil dato', 'Kvalitet', 'besøk', 20, 22, '31.02.2027', '', KARI, '', '', ''],
      ['', 'Ukjent eier', 'Kvalitet', 'besøk', 20, 22, '30.06.2027', '', 'sven.fremmed@example.no', '', '', ''],
      ['', 'Eier uten e-post', 'Kvalitet', 'besøk', 20, 22, '30.06.2027', '', 'Kari Nordmann', '', '', ''],
      ['', 'Tid i besøk', 'Tid', 'besøk', 20, 10, '30.06.2027', '', KARI, '', '', ''],
      ['', '', 'Kvalitet', 'besøk', 'mange', 22, '30.06.2027', 'hver blåmåne', KARI, '', '', ''],
      ['', 'Gyldig rad', 'Kvalitet', 'besøk', 1, 2, '30.06.2027', '', KARI, '', '', ''],
      [`${B}/99`, 'Finnes ikke', 'Kvalitet', 'besøk', 1, 2, '30.06.2027', '', KARI, '', '', ''],
    ];
    const before = await count(B);
    const preview = previewOf(await send(B, await registerWorkbook(TEMPLATE_COLUMNS, rows)));
    const text = plain(cardText(preview));
    const facts = cardFacts(preview);
    assert.equal(facts.get('Nye gevinster'), '1');
    assert.equal(facts.get('Rader med feil'), '7');
    assert.match(text, /Rader med feil blir ikke importert\. «Importer» lagrer bare den ene gyldige raden\. Rett feilene i filen og send den igjen: det som alt er importert, blir da stående uendret\./);
    assert.match(text, /Rad 3: Måldato: «31\.02\.2027» er ikke en dato\. Skriv f\.eks\. 30\.06\.2027\./);
    assert.match(text, /Rad 4: Gevinsteier: Jeg finner ingen med e-postadressen «sven\.fremmed@example\.no» blant medlemmene i planens team\./);
    assert.match(text, /Rad 5: Gevinsteier: «Kari Nordmann» er ikke en e-postadresse\. Skriv e-postadressen \(f\.eks\. kari\.nordmann@kommune\.no\): jeg finner ikke folk på navn\.\n/);
    assert.match(text, /Rad 6: Enhet: Tid måles i timer: skriv «timer» som enhet, eller bruk typen Kvalitet for «besøk»\./);
    assert.match(text, /Rad 7: Tittel: Tom, men må fylles ut\. · Nullpunkt: «mange» er ikke et tall\. · Målefrekvens: «hver blåmåne» er ikke en målefrekvens/);
    assert.match(text, /Rad 8: Tittel: Samme tittel som rad 2\. Gi hver gevinst sin egen tittel\./);
    assert.match(text, /Rad 9: Id: Id-en tannhelse-sms\/99 finnes ikke i denne planen\./);
    assert.equal(await count(B), before, 'nothing before Import');
    const done = await click(preview, /^Importer 1 gevinst$/);
    assert.match(cardText(done), /1 ny gevinst er lagt til\./);
    assert.equal(await count(B), before + 1);
    assert.ok((await benefitsOf(h, B)).some((x) => x.title === 'Gyldig rad' && x.baseline === 20));
  });

  it('Cancel drops the import; an Import click after it changes nothing', async () => {
    const rows: Cell[][] = [['', 'Avbrutt gevinst', 'Kvalitet', 'besøk', 1, 5, '30.06.2027', '', KARI, '', '', '']];
    const preview = previewOf(await send(B, await registerWorkbook(TEMPLATE_COLUMNS, rows)));
    const cancelled = await click(preview, /^Avbryt$/);
    assert.match(cardText(cancelled), /Importen er avbrutt[\s\S]*Ingenting ble endret/);
    const late = await click(preview, /^Importer 1 gevinst$/);
    assert.match(cardText(late), /Importen var allerede avbrutt/);
    assert.ok(!(await benefitsOf(h, B)).some((x) => x.title === 'Avbrutt gevinst'));
  });

  it('the file in a following message; English headers; the Import click taken by another instance (nothing kept in memory)', async () => {
    const ask = await inChat(h, people.ola, `import ${B}`);
    assert.match(ask.all, /Importer gevinster til Tannhelse SMS/);
    const rows: Cell[][] = [['', 'English row', 'Quality', 'visits', 1, 5, '2027-06-30', '', KARI, '', '', '']];
    const body = await registerWorkbook(TEMPLATE_COLUMNS, rows, 'en');
    const r = await inChatWithFiles(h, people.ola, '', [{ name: 'register.xlsx', downloadUrl: fileUrl(body) }]);
    const preview = previewOf(r);
    assert.equal(cardFacts(preview).get('Nye gevinster'), '1');
    // Another instance against the same storage takes the click.
    const other = await startHarness({ tablePrefix: h.tablePrefix, connector: h.connector });
    try {
      const a = actionNamed(preview, /^Importer 1 gevinst$/);
      const done = await other.act(people.ola, a.verb!, a.data ?? {});
      assert.match(cardText(done.card), /1 ny gevinst er lagt til\./);
    } finally {
      await other.close();
    }
    assert.ok((await benefitsOf(h, B)).some((x) => x.title === 'English row'));
    // A file without a pending request is not imported.
    const stray = await inChatWithFiles(h, people.ola, '', [{ name: 'annet.xlsx', downloadUrl: fileUrl(body) }]);
    assert.match(stray.all, /Vil du importere gevinster fra den, skriv `import ‹plan›`/);
  });

  it('someone who is not an admin cannot import a captured preview; an expired preview changes nothing', async () => {
    const rows: Cell[][] = [['', 'Fanget forhåndsvisning', 'Kvalitet', 'besøk', 1, 5, '30.06.2027', '', KARI, '', '', '']];
    const preview = previewOf(await send(B, await registerWorkbook(TEMPLATE_COLUMNS, rows)));
    const refused = await click(preview, /^Importer 1 gevinst$/, people.per);
    assert.match(cardText(refused), /Bare administratorer kan importere gevinster, så ingenting ble endret/);
    h.clock.advance(25 * 3_600_000);
    const expired = await click(preview, /^Importer 1 gevinst$/);
    assert.match(cardText(expired), /Forhåndsvisningen er utløpt/);
    assert.ok(!(await benefitsOf(h, B)).some((x) => x.title === 'Fanget forhåndsvisning'));
  });

  it('a large import answers the click at once, finishes in the background and sends the result to the chat', async () => {
    const rows: Cell[][] = Array.from({ length: ROWS_IN_REPLY + 15 }, (_, i) => ['', `Stor import ${i + 1}`, 'Kvalitet', 'besøk', 1, 5, '30.06.2027', '', KARI, '', '', '']);
    const preview = previewOf(await send(B, await registerWorkbook(TEMPLATE_COLUMNS, rows)));
    const before = h.connector.sentActivities().length;
    const working = await click(preview, new RegExp(`^Importer ${rows.length} gevinster$`));
    assert.match(cardText(working), /Importen er i gang/);
    assert.match(cardText(working), new RegExp(`av ${rows.length} rader er lagret så langt`));
    const result = await h.connector.waitForActivity((d) => h.connector.sentActivities().indexOf(d) >= before && JSON.stringify(d.activity).includes('Importert til Tannhelse SMS'), 30_000);
    assert.equal(result.conversationId, `a:fake-${people.ola.id}`);
    assert.match(JSON.stringify(result.activity), new RegExp(`${rows.length} nye gevinster er lagt til`));
    assert.equal((await benefitsOf(h, B)).filter((b) => b.title.startsWith('Stor import')).length, rows.length);
    const shown = await click(working, /^Vis resultatet$/);
    assert.match(cardText(shown), /Denne importen er allerede gjort/);
  });

  describe('hostile files: a clear message, nothing stored', () => {
    const hostile: [string, () => Promise<Buffer> | Buffer, RegExp][] = [
      ['random bytes', () => noise(20_000), /Dette er ikke en Excel-fil \(\.xlsx\)/],
      ['the old .xls format', () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), noise(4000)]), /det gamle Excel-formatet \(\.xls\)/],
      ['a zip bomb', () => zipBomb(), /pakker seg ut til mye mer enn et gevinstregister kan være/],
      ['a zip that is not a workbook', () => notAWorkbook(), /Filen er ikke en Excel-arbeidsbok \(\.xlsx\)/],
      ['a workbook of 10 000 rows', () => registerWorkbook(TEMPLATE_COLUMNS, Array.from({ length: 10_000 }, (_, i) => ['', `Rad ${i}`, 'Kvalitet', 'besøk', 1, 2, '30.06.2027', '', KARI])), /Filen har 10 000 rader under overskriften; jeg importerer høyst 500 om gangen/],
      ['a file over 5 MB', () => noise(MAX_IMPORT_FILE_BYTES + 1), /Filen er større enn 5 MB/],
      ['a sheet without the required columns', () => registerWorkbook(['title', 'unit'], [['Bare tittel', 'kr']]), /Disse kolonnene mangler i første rad: «Gevinsttype», «Nullpunkt», «Målverdi», «Måldato», «Gevinsteier»/],
      ['an empty register', () => registerWorkbook(TEMPLATE_COLUMNS, []), /Jeg finner ingen gevinster i filen/],
    ];
    for (const [what, make, message] of hostile) {
      it(what, async () => {
        const before = await count(B);
        const r = await send(B, await make());
        assert.equal(r.cards.length, 0);
        assert.match(plain(r.all), message);
        assert.match(r.all, /Ingenting ble endret\./);
        assert.equal(await count(B), before);
      });
    }

    it('a file over 5 MB without a Content-Length: the download stops at the limit', async () => {
      const url = h.connector.serveFile('stor.xlsx', noise(MAX_IMPORT_FILE_BYTES * 3), { chunked: true });
      const r = await inChatWithFiles(h, people.ola, `import ${B}`, [{ name: 'stor.xlsx', downloadUrl: url }]);
      assert.match(r.all, /Filen er større enn 5 MB/);
    });

    it('an expired download link: asks for the file again, and keeps waiting for it', async () => {
      const url = h.connector.serveFile('utlopt.xlsx', Buffer.from('x'), { status: 403 });
      const r = await inChatWithFiles(h, people.ola, `import ${B}`, [{ name: 'utlopt.xlsx', downloadUrl: url }]);
      assert.match(r.all, /Jeg fikk ikke lastet ned filen fra Teams\. Send den på nytt om litt\./);
      const rows: Cell[][] = [['', 'Sendt på nytt', 'Kvalitet', 'besøk', 1, 5, '30.06.2027', '', KARI, '', '', '']];
      const again = await inChatWithFiles(h, people.ola, '', [{ name: 'igjen.xlsx', downloadUrl: fileUrl(await registerWorkbook(TEMPLATE_COLUMNS, rows)) }]);
      assert.equal(cardFacts(previewOf(again)).get('Nye gevinster'), '1');
    });

    it('a download link that is not Teams’ (or not loopback in local mode) is not followed', async () => {
      const downloads = h.connector.downloads();
      const r = await inChatWithFiles(h, people.ola, `import ${B}`, [{ name: 'x.xlsx', downloadUrl: 'http://169.254.169.254/latest/meta-data/' }]);
      assert.match(r.all, /Jeg kan bare hente filer som er sendt i Teams/);
      assert.equal(h.connector.downloads(), downloads);
    });

    it('formulas: the value Excel shows is read, never evaluated; a formula without a value is a problem in its cell', async () => {
      const rows: Cell[][] = [
        ['', { formula: 'CONCATENATE("Formel", "tittel")', result: 'Formeltittel' }, 'Kvalitet', 'besøk', 10, { formula: 'E2*1.2', result: 12 }, '30.06.2027', '', KARI, '', '=cmd|\' /C calc\'!A0', ''],
        ['', 'Formel uten verdi', 'Kvalitet', 'besøk', 10, { formula: 'E3*2' }, '30.06.2027', '', KARI, '', '', ''],
        ['', { formula: 'HYPERLINK("http://evil.example","klikk")', result: { error: '#REF!' } }, 'Kvalitet', 'besøk', 1, 2, '30.06.2027', '', KARI, '', '', ''],
      ];
      const preview = previewOf(await send(B, await registerWorkbook(TEMPLATE_COLUMNS, rows as Cell[][])));
      const text = plain(cardText(preview));
      assert.equal(cardFacts(preview).get('Nye gevinster'), '1');
      assert.match(text, /Rad 2: \*\*Formeltittel\*\* – Kari Nordmann, 12 besøk innen/);
      assert.match(text, /Rad 3: Målverdi: Cellen har en formel uten verdi \(eller en feil som #REF!\)\. Skriv verdien rett i cellen\.\n/);
      assert.match(text, /Rad 4: Tittel: Cellen har en formel uten verdi/);
      await click(preview, /^Importer 1 gevinst$/);
      const made = (await benefitsOf(h, B)).find((x) => x.title === 'Formeltittel')!;
      assert.equal(made.target, 12);
      assert.equal(made.message, "=cmd|' /C calc'!A0", 'text that looks like a formula stays text');
      // …and the report writes it back neutralised, so a spreadsheet never runs it.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await reportOf(B)) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('Gevinster')!;
      let cell: unknown;
      ws.eachRow((row) => {
        if (row.getCell(2).value === 'Formeltittel') cell = row.getCell(14).value;
      });
      assert.equal(cell, "'=cmd|' /C calc'!A0");
    });
  });
});
