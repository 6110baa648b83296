// The template an admin fills in to import benefits: the report workbook's benefits sheet of the
// plan (empty for a new plan; its current benefits otherwise, so they can be edited and sent back),
// in the admin's language, and a second sheet that says what to write in each column. A report of
// any plan has the same layout, so it imports as is.
import { t } from '../../i18n';
import type { Language } from '../../domain/types';
import type { Services } from '../context';
import { loadReportData, type ReportFile } from '../report/data';
import { XLSX_TYPE } from '../report/files';
import { benefitsSheet } from '../report/sheets';
import { writeWorkbook, type ReportSheet } from '../report/workbook';
import { IMPORT_FIELDS, REQUIRED_COLUMNS } from './columns';

function guideSheet(lang: Language): ReportSheet {
  return {
    name: t(lang, 'import.guide.sheet'),
    columns: [
      { header: t(lang, 'import.guide.column'), kind: 'text', width: 22 },
      { header: t(lang, 'import.guide.what'), kind: 'text', width: 90 },
      { header: t(lang, 'import.guide.required'), kind: 'text', width: 14 },
    ],
    rows: [
      ...IMPORT_FIELDS.map((f) => [t(lang, `report.col.${f}`), t(lang, `import.guide.${f}`), t(lang, REQUIRED_COLUMNS.includes(f) ? 'report.yes' : 'report.no')]),
      ['', '', ''],
      [t(lang, 'import.guide.otherColumns'), t(lang, 'import.guide.otherColumnsText'), ''],
      [t(lang, 'import.guide.rule'), t(lang, 'import.guide.ruleText'), ''],
    ],
  };
}

export async function buildTemplateFile(s: Services, tenantId: string, planId: string, lang: Language): Promise<ReportFile | undefined> {
  const data = await loadReportData(s, tenantId, planId);
  if (!data) return undefined;
  const register = benefitsSheet({ ...data, benefits: data.benefits.filter((b) => b.state !== 'archived') }, lang);
  return {
    fileName: `${t(lang, 'import.template.file')}-${data.plan.id}.xlsx`,
    contentType: XLSX_TYPE,
    body: await writeWorkbook([register, guideSheet(lang)], lang, data.plan.timezone, new Date(data.now)),
  };
}
