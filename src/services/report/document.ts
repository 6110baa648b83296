// The confirmation document (PDF) and the dashboard (HTML) of a plan, built from storage: four
// partition-scoped queries whatever the plan's size (the plan row, its benefits, its current
// period rows, its confirmations and lessons), the report model (domain/reportModel.ts), its
// words in the plan's language (render/reportView.ts) and one of the two renderers.
import { toZoned } from '../../domain/dates';
import { buildReportModel, type ReportModel } from '../../domain/reportModel';
import type { Language } from '../../domain/types';
import { t } from '../../i18n';
import { DASHBOARD_CSP } from '../../render/dashboardCss';
import { dashboardHtml } from '../../render/dashboardHtml';
import { documentPdf } from '../../render/documentPdf';
import { buildReportView } from '../../render/reportView';
import type { PlanRow } from '../../storage';
import type { Services } from '../context';
import { PLAN_ID } from './data';

export const PDF_TYPE = 'application/pdf';
export const HTML_TYPE = 'text/html; charset=utf-8';

export interface DocumentFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  /** Shown in the browser rather than saved. */
  inline: boolean;
  /** Extra response headers (the dashboard's Content-Security-Policy). */
  headers?: Record<string, string>;
}

/**
 * The model of a plan's document, or undefined for an unknown plan. Four storage queries, three
 * when the caller has just read the plan row (`known`).
 */
export async function loadReportModel(s: Services, tenantId: string, planId: string, known?: PlanRow): Promise<ReportModel | undefined> {
  if (!PLAN_ID.test(planId)) return undefined;
  const plan = known ?? (await s.storage.plans.get(tenantId, planId));
  if (!plan) return undefined;
  const [benefits, rows, records] = await Promise.all([
    s.storage.benefits.list(tenantId, planId),
    s.storage.measurements.listPlan(tenantId, planId),
    s.storage.records.listPlan(tenantId, planId),
  ]);
  const now = s.clock.now().toISOString();
  return buildReportModel({ plan, benefits, rows, confirmations: records.confirmations, lessons: records.lessons, now });
}

const languageOf = (model: ReportModel): Language => model.plan.language ?? 'nb';
const day = (model: ReportModel) => toZoned(model.now, model.plan.timezone).toISODate();

export function renderDashboard(model: ReportModel): DocumentFile {
  const lang = languageOf(model);
  return {
    fileName: `${t(lang, 'document.file.html')}-${model.plan.id}-${day(model)}.html`,
    contentType: HTML_TYPE,
    body: Buffer.from(dashboardHtml(buildReportView(model, lang)), 'utf8'),
    inline: true,
    headers: {
      'Content-Security-Policy': DASHBOARD_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    },
  };
}

export async function renderConfirmationPdf(model: ReportModel): Promise<DocumentFile> {
  const lang = languageOf(model);
  return {
    fileName: `${t(lang, 'document.file.pdf')}-${model.plan.id}-${day(model)}.pdf`,
    contentType: PDF_TYPE,
    body: await documentPdf(buildReportView(model, lang), { createdAt: new Date(model.now) }),
    inline: true,
    headers: { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' },
  };
}

/** The dashboard or the document behind a link, or undefined for an unknown plan (→ 404). */
export async function buildDocumentFile(s: Services, tenantId: string, planId: string, format: 'pdf' | 'html', known?: PlanRow): Promise<DocumentFile | undefined> {
  const model = await loadReportModel(s, tenantId, planId, known);
  if (!model) return undefined;
  return format === 'html' ? renderDashboard(model) : renderConfirmationPdf(model);
}
