// The files behind the report links: the Excel workbook and the CSV of measurements, in the plan's
// language.
import { toZoned } from '../../domain/dates';
import type { Language } from '../../domain/types';
import { t } from '../../i18n';
import type { PlanRow } from '../../storage';
import type { Services } from '../context';
import { toCsv } from './csv';
import { loadReportData, type ReportFile } from './data';
import { measurementsSheet, reportSheets } from './sheets';
import { writeWorkbook } from './workbook';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** The report file behind a link, or undefined for an unknown plan (the server answers 404). */
export async function buildReportFile(s: Services, tenantId: string, planId: string, format: 'xlsx' | 'csv', known?: PlanRow): Promise<ReportFile | undefined> {
  const data = await loadReportData(s, tenantId, planId, known);
  if (!data) return undefined;
  const lang: Language = data.plan.language ?? 'nb';
  const day = toZoned(data.now, data.plan.timezone).toISODate();
  if (format === 'csv') {
    return {
      fileName: `${t(lang, 'report.file.csv')}-${data.plan.id}-${day}.csv`,
      contentType: CSV_TYPE,
      body: toCsv(measurementsSheet(data, lang), lang, data.plan.timezone),
    };
  }
  return {
    fileName: `${t(lang, 'report.file.xlsx')}-${data.plan.id}-${day}.xlsx`,
    contentType: XLSX_TYPE,
    body: await writeWorkbook(reportSheets(data, lang), lang, data.plan.timezone, new Date(data.now)),
  };
}
