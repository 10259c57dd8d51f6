// Reads the numeric CSV tables courses ship in assets/ (a header row, then numbers only).
// Errors name the line and column so an author can find the bad cell.
import type { DataTable } from './schema.ts';

export type CsvResult = { ok: true; table: DataTable } | { ok: false; message: string };

export function parseNumericCsv(text: string): CsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.split(',').map((c) => c.trim()) ?? [];
  if (header.length < 2 || header.some((c) => c === ''))
    return { ok: false, message: 'line 1: the header must name every column, separated by commas' };
  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(',');
    if (cells.length !== header.length)
      return { ok: false, message: `line ${i + 1}: ${cells.length} values, but the header has ${header.length} columns` };
    const row: number[] = [];
    for (let c = 0; c < cells.length; c++) {
      const value = Number(cells[c]!.trim());
      if (cells[c]!.trim() === '' || !Number.isFinite(value))
        return { ok: false, message: `line ${i + 1}, column "${header[c]}": "${cells[c]}" is not a number` };
      row.push(value);
    }
    rows.push(row);
  }
  return { ok: true, table: { columns: header, rows } };
}
