// The promotion report as files HR opens: CSV (UTF-8 with a BOM so Excel reads Chinese; the about
// lines follow the rows after one empty line) and XLSX (sheet 1 the learners with numbers as
// numbers and times as dates, sheet 2 the about lines, sheet 3 the honours awarded). Plus the
// headers every format carries.
import writeXlsxFile from 'write-excel-file/node';
import type { Cell, Row, SheetData } from 'write-excel-file/node';
import { csvTextField, quoteCsvField, UTF8_BOM } from '../../src/reports/csv.ts';
import type { PromotionReport, SignedLedgerHead } from '../../src/contracts/report-types.ts';
import type { ReportLanguage } from './report-query.ts';
import { localTime, type ReportTable, type TableCell } from './report-table.ts';

/** Sheet names are the same in both languages, so scripts can find them; Excel forbids "/" in them. */
export const LEARNERS_SHEET = 'Learners 学员';
export const ABOUT_SHEET = 'About 说明';
export const HONOURS_SHEET = 'Honours 荣誉';

/** Headers that tie any format of the report to its policy version and ledger head. */
export function reportHeaders(report: PromotionReport): Record<string, string> {
  return {
    'x-shixun-policy-version': report.policy.version,
    'x-shixun-ledger-head': ledgerHeadHeader(report.ledgerHead),
    'x-shixun-ledger-signature': report.ledgerHead.signature,
    // The whole checkpoint, as a signed note (base64: it spans lines).
    'x-shixun-ledger-checkpoint': Buffer.from(report.ledgerHead.note, 'utf8').toString('base64'),
    'x-shixun-ledger-check': report.ledgerCheck.ok ? 'ok' : 'failed',
    'cache-control': 'no-store',
  };
}

/** `seq=12; hash=…; signedAt=…; keyId=…`: with the signature, all a verifier needs. */
export function ledgerHeadHeader(head: SignedLedgerHead): string {
  return `seq=${head.seq}; hash=${head.hash}; signedAt=${head.signedAt}; keyId=${head.keyId}`;
}

/** `attachment` with an ASCII name for old clients and the Chinese one (RFC 6266 / 5987). */
export function contentDisposition(report: PromotionReport, lang: ReportLanguage, extension: 'csv' | 'xlsx'): string {
  const ascii = `shixun-promotion-${report.period.id}-policy-${report.policy.version}.${extension}`.replace(/[^\w.-]/g, '_');
  const local =
    lang === 'en'
      ? `Promotion report ${report.period.label.en} (policy ${report.policy.version}).${extension}`
      : `培训达标报告-${report.period.label['zh-CN']}-政策${report.policy.version}.${extension}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(local)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function csvCell(cell: TableCell, offset: number): string {
  if (cell === null) return '';
  switch (cell.kind) {
    case 'text':
      return csvTextField(cell.value);
    case 'number':
      return String(cell.value);
    case 'time':
      return localTime(cell.value, offset);
  }
}

export function reportCsv(table: ReportTable): string {
  const lines = [table.header.map(quoteCsvField).join(',')];
  for (const row of table.rows) lines.push(row.map((cell) => csvCell(cell, table.offsetMinutes)).join(','));
  lines.push('');
  for (const [label, value] of table.about) lines.push(`${quoteCsvField(label)},${csvTextField(value)}`);
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

function xlsxCell(cell: TableCell, offset: number): Cell {
  if (cell === null) return null;
  switch (cell.kind) {
    case 'text':
      return { value: cell.value, type: String };
    case 'number':
      return { value: cell.value, type: Number, format: cell.decimals > 0 ? `0.${'0'.repeat(cell.decimals)}` : '0' };
    case 'time':
      // Spreadsheet dates have no zone: the cell holds the wall-clock time in the policy's offset.
      return { value: new Date(Date.parse(cell.value) + offset * 60_000), type: Date, format: 'yyyy-mm-dd hh:mm' };
  }
}

const width = (text: string) =>
  Math.min(60, Math.max(8, [...text].reduce((sum, c) => sum + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0) + 2));

export async function reportXlsx(table: ReportTable): Promise<Buffer> {
  const header: Row = table.header.map((value) => ({ value, fontWeight: 'bold' as const }));
  const learners: SheetData = [header, ...table.rows.map((row) => row.map((cell) => xlsxCell(cell, table.offsetMinutes)))];
  const about: SheetData = table.about.map(([label, value]) => [
    { value: label, fontWeight: 'bold' as const },
    { value, type: String },
  ]);
  return writeXlsxFile([
    {
      data: learners,
      sheet: LEARNERS_SHEET,
      stickyRowsCount: 1,
      columns: table.header.map((title) => ({ width: width(title) })),
    },
    { data: about, sheet: ABOUT_SHEET, columns: [{ width: 24 }, { width: 100 }] },
    {
      data: [
        table.honours.header.map((value) => ({ value, fontWeight: 'bold' as const })),
        ...table.honours.rows.map((row) => row.map((cell) => xlsxCell(cell, table.offsetMinutes))),
      ],
      sheet: HONOURS_SHEET,
      stickyRowsCount: 1,
      columns: table.honours.header.map((title) => ({ width: width(title) })),
    },
  ]).toBuffer();
}
