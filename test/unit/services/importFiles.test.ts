// The import's file checks: which download links the bot follows, and which archives it opens.
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { allowedDownloadUrl } from '../../../src/services/import/download';
import { cellText } from '../../../src/services/import/readWorkbook';
import { emailIn } from '../../../src/services/import/rows';
import { checkWorkbookZip } from '../../../src/services/import/zipCheck';
import { noise, notAWorkbook, zipBomb, zipOf } from '../../support/workbooks';

describe('services/import: files', () => {
  it('follows only Teams’ file hosts over HTTPS, or loopback in local mode', () => {
    const sp = 'https://fjordvik-my.sharepoint.com/personal/kari/_layouts/15/download.aspx?UniqueId=1&Translate=false&tempauth=x';
    assert.equal(allowedDownloadUrl(false, sp), true);
    for (const bad of ['http://fjordvik-my.sharepoint.com/x', 'https://sharepoint.com.evil.example/x', 'https://evil.example/x', 'http://127.0.0.1:9/x', 'https://user:pw@fjordvik.sharepoint.com/x', 'file:///etc/passwd', 'not a url']) {
      assert.equal(allowedDownloadUrl(false, bad), false, bad);
    }
    assert.equal(allowedDownloadUrl(true, 'http://127.0.0.1:5000/files/x'), true);
    assert.equal(allowedDownloadUrl(true, 'http://[::1]:5000/files/x'), true);
    for (const bad of [sp, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/x', 'http://localhost.evil.example/x']) assert.equal(allowedDownloadUrl(true, bad), false, bad);
  });

  it('opens a real workbook; refuses random bytes, .xls, a zip bomb, a lying zip and a document', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Gevinster').addRow(['Tittel']);
    assert.deepEqual(checkWorkbookZip(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer)), { ok: true });
    assert.deepEqual(checkWorkbookZip(noise(5000)), { ok: false, reason: 'notZip' });
    assert.deepEqual(checkWorkbookZip(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), noise(100)])), { ok: false, reason: 'oldExcel' });
    assert.deepEqual(checkWorkbookZip(zipBomb(60)), { ok: false, reason: 'bomb' });
    assert.deepEqual(checkWorkbookZip(notAWorkbook()), { ok: false, reason: 'notWorkbook' });
    // An entry that declares 10 bytes and inflates to 10 MB: caught by inflating with a cap.
    const liar = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('x') },
      { name: 'xl/workbook.xml', data: Buffer.alloc(10 * 1024 * 1024), deflate: true },
    ]);
    assert.deepEqual(checkWorkbookZip(liar, 1024 * 1024), { ok: false, reason: 'bomb' });
    // Truncated: the directory points past the end.
    const whole = zipOf([{ name: 'a', data: Buffer.from('abc') }]);
    assert.equal(checkWorkbookZip(whole.subarray(0, whole.length - 30)).ok, false);
  });

  it('reads cells as a person sees them: numbers, dates, links, rich text, cached formula results, our own neutralised text', () => {
    assert.deepEqual(cellText(12.5), { text: '12.5' });
    assert.deepEqual(cellText(new Date(Date.UTC(2027, 5, 30))), { text: '2027-06-30' });
    assert.deepEqual(cellText({ text: 'kari@x.no', hyperlink: 'mailto:kari@x.no' }), { text: 'kari@x.no' });
    assert.deepEqual(cellText({ richText: [{ text: 'Flere ' }, { text: 'besøk' }] }), { text: 'Flere besøk' });
    assert.deepEqual(cellText({ formula: 'A1*2', result: 44 }), { text: '44' });
    assert.deepEqual(cellText({ formula: 'A1*2' } as ExcelJS.CellValue), { text: '', unreadable: true });
    assert.deepEqual(cellText({ error: '#REF!' } as ExcelJS.CellValue), { text: '', unreadable: true });
    assert.deepEqual(cellText("'=SUM(A1:A9)"), { text: '=SUM(A1:A9)' });
    assert.deepEqual(cellText("'Kari"), { text: "'Kari" });
  });

  it('finds the e-mail address in a person cell', () => {
    assert.equal(emailIn('Kari Nordmann <Kari.Nordmann@Fjordvik.Kommune.no>'), 'kari.nordmann@fjordvik.kommune.no');
    assert.equal(emailIn('mailto:per@x.no'), 'per@x.no');
    assert.equal(emailIn('Kari Nordmann'), undefined);
  });
});
