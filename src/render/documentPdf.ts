// The confirmation document: the report view (render/reportView.ts) as an A4 PDF drawn with
// pdfkit, DejaVu Sans embedded (subset) so æøå, `−`, `–` and `«»` print, charts as vector paths
// from the same chart model as the dashboard. Layout: the cover and summary on page 1, one section
// per benefit (a section starts a new page when its heading, facts and chart would not fit), the
// signature block kept whole at the end, and a footer with the page number on every page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type PDFKit from 'pdfkit';
import { PROJECT_ROOT } from '../paths';
import { plainText as clean } from './format';
import { CHART_COLORS, STATUS_COLORS, chartFrame } from './palette';
import type { BenefitView, ChartView, Fact, ReportView } from './reportView';

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const A4 = { width: 595.28, height: 841.89 };
const CONTENT_W = A4.width - MARGIN.left - MARGIN.right;
const BOTTOM = A4.height - MARGIN.bottom;
const CHART_H = 175;
const LABEL_W = 140;

const INK = '#1f2328';
const MUTED = '#57606a';
const RULE = '#d0d7de';
const ACCENT = '#0b5cad';

const REGULAR = 'Sans';
const BOLD = 'Sans-Bold';

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Font files are read once per process; pdfkit parses and subsets them per document. */
function fontFiles(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(path.join(PROJECT_ROOT, 'assets', 'fonts', 'DejaVuSans.ttf')),
    bold: readFileSync(path.join(PROJECT_ROOT, 'assets', 'fonts', 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/**
 * pdfkit is loaded on the first document, not at start (as exceljs is): most of the bot's life
 * is prompts and answers, and a document is asked for now and then.
 */
function pdfkit(): typeof PDFKit {
  return require('pdfkit') as typeof PDFKit;
}

export interface PdfOptions {
  /** The document's creation instant (its metadata; the view carries the visible date). */
  createdAt: Date;
}

export function documentPdf(v: ReportView, options: PdfOptions): Promise<Buffer> {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    lang: v.lang === 'nb' ? 'nb-NO' : 'en-GB',
    displayTitle: true,
    info: {
      Title: clean(`${v.title}: ${v.planName}`),
      Author: 'Gevinstbot',
      Subject: clean(v.title),
      Creator: 'Gevinstbot',
      Producer: 'Gevinstbot',
      CreationDate: options.createdAt,
      ModDate: options.createdAt,
    },
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const f = fontFiles();
  doc.registerFont(REGULAR, f.regular);
  doc.registerFont(BOLD, f.bold);

  const w = new Writer(doc);
  w.cover(v);
  w.summary(v);
  w.benefitsHeading(v.benefitsHeading);
  v.benefits.forEach((b, i) => w.benefit(b, i === 0, v.quote));
  w.signature(v);
  w.footers(v);
  doc.end();
  return done;
}

class Writer {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private get y(): number {
    return this.doc.y;
  }

  private ensure(height: number): void {
    if (this.doc.y + height > BOTTOM) this.doc.addPage();
  }

  private text(s: string, o: { size?: number; bold?: boolean; color?: string; x?: number; width?: number; gap?: number; align?: 'left' | 'right' | 'center' } = {}): void {
    const doc = this.doc;
    doc
      .font(o.bold ? BOLD : REGULAR)
      .fontSize(o.size ?? 10)
      .fillColor(o.color ?? INK)
      .text(clean(s), o.x ?? MARGIN.left, doc.y, { width: o.width ?? CONTENT_W, align: o.align ?? 'left', lineGap: o.gap ?? 1.5 });
  }

  private height(s: string, o: { size?: number; bold?: boolean; width?: number; gap?: number } = {}): number {
    this.doc.font(o.bold ? BOLD : REGULAR).fontSize(o.size ?? 10);
    return this.doc.heightOfString(clean(s), { width: o.width ?? CONTENT_W, lineGap: o.gap ?? 1.5 });
  }

  private space(pt: number): void {
    this.doc.y += pt;
  }

  private rule(color = RULE): void {
    const y = this.doc.y;
    this.doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + CONTENT_W, y).lineWidth(0.75).strokeColor(color).stroke();
  }

  /** Label | value rows; a row never splits across pages. */
  private facts(rows: Fact[], size = 10): void {
    const valueW = CONTENT_W - LABEL_W;
    for (const r of rows) {
      const value = r.detail ? `${r.value}\n${r.detail}` : r.value;
      const h = Math.max(this.height(r.label, { size, width: LABEL_W - 8 }), this.height(value, { size, width: valueW }));
      this.ensure(h + 4);
      const top = this.y;
      this.doc.font(REGULAR).fontSize(size).fillColor(MUTED).text(clean(r.label), MARGIN.left, top, { width: LABEL_W - 8, lineGap: 1.5 });
      this.doc.font(REGULAR).fontSize(size).fillColor(INK).text(clean(r.value), MARGIN.left + LABEL_W, top, { width: valueW, lineGap: 1.5 });
      if (r.detail) this.doc.font(REGULAR).fontSize(size - 1).fillColor(MUTED).text(clean(r.detail), MARGIN.left + LABEL_W, this.doc.y, { width: valueW, lineGap: 1.5 });
      this.doc.y = Math.max(this.doc.y, top + h) + 4;
    }
  }

  private badgeWidth(label: string, size = 9): number {
    this.doc.font(BOLD).fontSize(size);
    return this.doc.widthOfString(clean(label)) + 12;
  }

  private badge(label: string, status: keyof typeof STATUS_COLORS, x: number, y: number, size = 9): number {
    const doc = this.doc;
    doc.font(BOLD).fontSize(size);
    const tw = doc.widthOfString(clean(label));
    const pad = 6;
    const h = size + 6;
    doc.roundedRect(x, y, tw + 2 * pad, h, h / 2).fillColor(STATUS_COLORS[status].bg).fill();
    doc.fillColor(STATUS_COLORS[status].fg).text(clean(label), x + pad, y + 3, { lineBreak: false });
    return tw + 2 * pad;
  }

  cover(v: ReportView): void {
    const doc = this.doc;
    doc.y = MARGIN.top;
    this.text(v.kicker.toUpperCase(), { size: 9, color: MUTED, bold: true });
    this.space(6);
    this.text(v.title, { size: 22, bold: true });
    this.space(4);
    this.text(v.planName, { size: 16, color: ACCENT, bold: true });
    this.space(14);
    this.rule(ACCENT);
    this.space(10);
    this.facts(v.cover.slice(1), 10.5);
    this.space(6);
    this.text(v.intro, { size: 9.5, color: MUTED });
    this.space(18);
  }

  summary(v: ReportView): void {
    this.ensure(200);
    this.text(v.summary.heading, { size: 15, bold: true });
    this.space(8);
    this.facts(v.summary.facts);
    this.space(6);
    this.ensure(40);
    this.text(v.summary.byStatusHeading, { size: 10, color: MUTED });
    this.space(4);
    let x = MARGIN.left;
    const y = this.y;
    for (const s of v.summary.statuses) {
      const label = `${s.label}: ${s.count}`;
      this.doc.font(BOLD).fontSize(9);
      const wNeeded = this.doc.widthOfString(label) + 12;
      if (x + wNeeded > MARGIN.left + CONTENT_W) break;
      x += this.badge(label, s.status, x, y) + 6;
    }
    if (v.summary.archived) this.badge(v.summary.archived, 'noData', x, y);
    this.doc.y = y + 22;
    for (const n of v.summary.notes) {
      this.text(`• ${n}`, { size: 8.5, color: MUTED });
      this.space(1);
    }
    this.space(16);
  }

  benefitsHeading(text: string): void {
    this.doc.addPage();
    this.text(text, { size: 15, bold: true });
    this.space(10);
  }

  benefit(b: BenefitView, first: boolean, quote: (text: string) => string): void {
    const headW = CONTENT_W - 110;
    const headH = this.height(b.heading, { size: 13, bold: true, width: headW });
    const factsH = b.facts.reduce((sum, fct) => sum + this.height(fct.value, { width: CONTENT_W - LABEL_W }) + 4, 0);
    const needed = headH + 30 + (b.message ? this.height(b.message.text, { width: CONTENT_W - 16 }) + 14 : 0) + factsH + CHART_H + 40;
    if (!first) {
      if (this.y + Math.min(needed, BOTTOM - MARGIN.top) > BOTTOM) this.doc.addPage();
      else {
        this.space(6);
        this.rule();
        this.space(14);
      }
    }
    const top = this.y;
    this.text(b.heading, { size: 13, bold: true, width: headW });
    const after = this.y;
    const badgeText = b.stateLabel ? `${b.statusLabel} · ${b.stateLabel}` : b.statusLabel;
    this.badge(badgeText, b.status, MARGIN.left + CONTENT_W - this.badgeWidth(badgeText), top + 1);
    this.doc.y = after + 2;
    this.text(b.meta, { size: 9, color: MUTED });
    this.space(6);
    if (b.message) {
      const h = this.height(b.message.text, { size: 10, width: CONTENT_W - 16 });
      this.ensure(h + 10);
      const y0 = this.y;
      this.doc.rect(MARGIN.left, y0, 3, h + 6).fillColor(ACCENT).fill();
      this.doc.y = y0 + 3;
      this.text(quote(b.message.text), { size: 10, x: MARGIN.left + 12, width: CONTENT_W - 16 });
      this.doc.y = Math.max(this.doc.y, y0 + h + 6) + 6;
    }
    if (b.realization) this.facts([{ label: b.realization.label, value: b.realization.text }]);
    this.facts(b.facts);
    this.space(4);
    this.chart(b.chart);
    this.records(b, quote);
  }

  private chart(c: ChartView): void {
    const doc = this.doc;
    this.ensure(CHART_H + 40);
    this.text(c.caption, { size: 8.5, color: MUTED });
    this.space(2);
    const x0 = MARGIN.left;
    const y0 = this.y;
    const fr = chartFrame(CONTENT_W, CHART_H, 0.8);
    const X = (fx: number) => x0 + fr.left + fx * fr.width;
    const Y = (fy: number) => y0 + fr.top + (1 - fy) * fr.height;
    const m = c.model;
    doc.save();
    doc.lineCap('butt');
    doc.font(REGULAR).fontSize(7.5);
    m.y.ticks.forEach((tk, i) => {
      const y = Y(tk.fy);
      doc.moveTo(X(0), y).lineTo(X(1), y).lineWidth(0.5).strokeColor(CHART_COLORS.grid).stroke();
      const label = c.yLabels[i] ?? '';
      doc.fillColor(CHART_COLORS.axisText).text(clean(label), x0, y - 3.5, { width: fr.left - 5, align: 'right', lineBreak: false });
    });
    const base = Y(0);
    doc.moveTo(X(0), base).lineTo(X(1), base).lineWidth(0.75).strokeColor(CHART_COLORS.axis).stroke();
    m.x.ticks.forEach((tk, i) => {
      const x = X(tk.fx);
      doc.moveTo(x, base).lineTo(x, base + 3).lineWidth(0.5).strokeColor(CHART_COLORS.axis).stroke();
      const label = clean(c.xLabels[i] ?? '');
      const lw = doc.widthOfString(label);
      const lx = tk.fx < 0.04 ? x : tk.fx > 0.96 ? x - lw : x - lw / 2;
      doc.fillColor(CHART_COLORS.axisText).text(label, lx, base + 6, { lineBreak: false });
    });
    for (const g of m.gaps) {
      const x = X(g);
      doc.moveTo(x, base + 17).lineTo(x, base + 23).lineWidth(1.5).strokeColor(CHART_COLORS.gap).stroke();
    }
    if (m.now !== undefined) {
      doc.moveTo(X(m.now), Y(1)).lineTo(X(m.now), base).lineWidth(0.5).dash(1.5, { space: 2.5 }).strokeColor(CHART_COLORS.today).stroke().undash();
    }
    doc.moveTo(X(0), Y(m.target.fy)).lineTo(X(1), Y(m.target.fy)).lineWidth(1.5).dash(6, { space: 3 }).strokeColor(CHART_COLORS.target).stroke().undash();
    if (m.expected) {
      const { from, to } = m.expected;
      doc.moveTo(X(from.fx), Y(from.fy)).lineTo(X(to.fx), Y(to.fy)).lineWidth(1.5).dash(2, { space: 2 }).strokeColor(CHART_COLORS.expected).stroke().undash();
    }
    if (m.measured.length > 0) {
      const [p0, ...rest] = m.measured;
      doc.moveTo(X(p0.fx), Y(p0.fy));
      for (const p of rest) doc.lineTo(X(p.fx), Y(p.fy));
      doc.lineWidth(1.8).lineJoin('round').strokeColor(CHART_COLORS.measured).stroke();
      const r = m.measured.length > 60 ? 1.2 : 2.2;
      for (const p of m.measured) doc.circle(X(p.fx), Y(p.fy), r).fillColor(CHART_COLORS.measured).fill();
    }
    if (c.empty) {
      doc.font(REGULAR).fontSize(10);
      const tw = Math.min(fr.width - 20, doc.widthOfString(clean(c.empty)));
      const th = doc.heightOfString(clean(c.empty), { width: tw + 1 });
      const cx = X(0.5);
      const cy = Y(0.5);
      doc.rect(cx - tw / 2 - 8, cy - th / 2 - 5, tw + 16, th + 10).fillColor('#ffffff').fill();
      doc.fillColor(CHART_COLORS.axisText).text(clean(c.empty), cx - tw / 2, cy - th / 2, { width: tw + 1, align: 'center' });
    }
    doc.restore();
    // Legend.
    let lx = x0 + fr.left;
    const ly = y0 + CHART_H - 4;
    const item = (label: string, draw: (x: number, y: number) => void) => {
      draw(lx, ly + 4);
      doc.font(REGULAR).fontSize(7.5).fillColor(MUTED).text(clean(label), lx + 20, ly, { lineBreak: false });
      lx += 20 + doc.widthOfString(clean(label)) + 14;
    };
    const line = (color: string, dash?: [number, number], width = 1.8) => (x: number, y: number) => {
      doc.moveTo(x, y).lineTo(x + 15, y).lineWidth(width);
      if (dash) doc.dash(dash[0], { space: dash[1] });
      doc.strokeColor(color).stroke().undash();
    };
    item(c.legend.measured, line(CHART_COLORS.measured));
    item(c.legend.expected, line(CHART_COLORS.expected, [2, 2], 1.5));
    item(c.legend.target, line(CHART_COLORS.target, [6, 3], 1.5));
    if (m.now !== undefined) {
      item(c.legend.today, (x, y) => {
        doc.moveTo(x + 7, y - 4).lineTo(x + 7, y + 4).lineWidth(0.75).dash(1.5, { space: 1.5 }).strokeColor(CHART_COLORS.today).stroke().undash();
      });
    }
    if (m.gaps.length) {
      item(c.legend.gap, (x, y) => {
        doc.moveTo(x + 7, y - 3).lineTo(x + 7, y + 3).lineWidth(1.5).strokeColor(CHART_COLORS.gap).stroke();
      });
    }
    doc.x = MARGIN.left;
    doc.y = y0 + CHART_H + 12;
  }

  private records(b: BenefitView, quote: (text: string) => string): void {
    const sub = (heading: string) => {
      this.ensure(36);
      this.text(heading, { size: 10.5, bold: true });
      this.space(3);
    };
    sub(b.confirmations.heading);
    if (b.confirmations.rows.length === 0) this.text(b.confirmations.empty, { size: 9.5, color: MUTED });
    for (const r of b.confirmations.rows) {
      const line = `${r.by}, ${r.when}: ${r.amount}`;
      const h = this.height(line, { size: 9.5 }) + (r.comment ? this.height(quote(r.comment), { size: 9.5, width: CONTENT_W - 12 }) : 0);
      this.ensure(h + 4);
      this.text(line, { size: 9.5 });
      if (r.comment) this.text(quote(r.comment), { size: 9.5, color: MUTED, x: MARGIN.left + 12, width: CONTENT_W - 12 });
      this.space(3);
    }
    this.space(6);
    sub(b.lessons.heading);
    if (b.lessons.rows.length === 0) this.text(b.lessons.empty, { size: 9.5, color: MUTED });
    for (const l of b.lessons.rows) {
      const head = l.adjustments ? `${l.by}, ${l.when} · ${l.adjustments}` : `${l.by}, ${l.when}`;
      const h = this.height(head, { size: 9 }) + this.height(l.text, { size: 9.5, width: CONTENT_W - 12 });
      this.ensure(Math.min(h + 4, 120));
      this.text(head, { size: 9, color: MUTED });
      this.text(l.text, { size: 9.5, x: MARGIN.left + 12, width: CONTENT_W - 12 });
      this.space(4);
    }
    this.space(8);
  }

  signature(v: ReportView): void {
    const s = v.signature;
    const statementH = this.height(s.statement, { size: 10 });
    this.ensure(statementH + 190);
    this.space(10);
    this.rule(ACCENT);
    this.space(14);
    this.text(s.heading, { size: 15, bold: true });
    this.space(8);
    this.text(s.statement, { size: 10 });
    this.space(34);
    const doc = this.doc;
    const leftW = CONTENT_W * 0.58;
    const rightX = MARGIN.left + leftW + 24;
    const rightW = CONTENT_W - leftW - 24;
    const lineY = this.y;
    const sigLine = (x: number, width: number, y: number) => doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.75).strokeColor(INK).stroke();
    sigLine(MARGIN.left, leftW, lineY);
    sigLine(rightX, rightW, lineY);
    doc.font(REGULAR).fontSize(9).fillColor(MUTED);
    doc.text(clean(s.by), MARGIN.left, lineY + 4, { width: leftW, lineBreak: false });
    doc.text(clean(s.date), rightX, lineY + 4, { width: rightW, lineBreak: false });
    if (s.name) {
      doc.font(REGULAR).fontSize(10).fillColor(INK).text(clean(`${s.name}, ${s.role}`), MARGIN.left, lineY - 14, { width: leftW, lineBreak: false, ellipsis: true });
    }
    const sigY = lineY + 56;
    sigLine(MARGIN.left, leftW, sigY);
    doc.font(REGULAR).fontSize(9).fillColor(MUTED).text(clean(s.sign), MARGIN.left, sigY + 4, { width: leftW, lineBreak: false });
    doc.x = MARGIN.left;
    doc.y = sigY + 24;
  }

  footers(v: ReportView): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing below the bottom margin would make pdfkit start a new page: lift the margin while drawing.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = A4.height - MARGIN.bottom + 24;
      doc.moveTo(MARGIN.left, y - 8).lineTo(MARGIN.left + CONTENT_W, y - 8).lineWidth(0.5).strokeColor(RULE).stroke();
      const pageText = v.pageTemplate.replace('{page}', String(i - range.start + 1)).replace('{pages}', String(range.count));
      doc.font(REGULAR).fontSize(8).fillColor(MUTED);
      const pw = doc.widthOfString(pageText);
      doc.text(clean(v.footer), MARGIN.left, y, { width: CONTENT_W - pw - 16, lineBreak: false, ellipsis: true });
      doc.text(pageText, MARGIN.left + CONTENT_W - pw, y, { lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
  }
}
