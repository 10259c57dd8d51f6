// A small RFC 4180 reader for staff lists: comma-separated, fields in double quotes may hold
// commas, quotes ("") and line breaks; CRLF or LF between records; a UTF-8 BOM is skipped.

export interface CsvRecord {
  /** The record's row as a spreadsheet numbers it: the first record is row 1. */
  readonly row: number;
  readonly fields: readonly string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(`Row ${row}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits `text` into records. Every line break outside quotes starts a new row, so row numbers
 * match what a spreadsheet shows; a blank row is returned with one empty field.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let row = 1;
  let index = 0;
  /** Whether the current record has any text yet (an empty quoted field counts). */
  let open = false;
  const endRecord = () => {
    open = false;
    fields.push(field);
    records.push({ row, fields });
    fields = [];
    field = '';
    row += 1;
  };
  while (index < input.length) {
    const char = input[index];
    if (char !== '\r' && char !== '\n') open = true;
    if (char === '"' && field === '') {
      const startRow = row;
      index += 1;
      for (;;) {
        if (index >= input.length) throw new CsvSyntaxError(startRow, 'a quoted field is never closed: check for a missing " .');
        const inner = input[index];
        if (inner === '"') {
          if (input[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        field += inner;
        index += 1;
      }
      const next = input[index];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvSyntaxError(startRow, `unexpected text after a closing quote; write a quote inside a quoted field as "".`);
      }
      if (next === ',') {
        fields.push(field);
        field = '';
        index += 1;
      }
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
      index += 1;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      index += char === '\r' && input[index + 1] === '\n' ? 2 : 1;
    } else {
      field += char;
      index += 1;
    }
  }
  // The last record needs no line break after it; a break at the very end adds no empty record.
  if (open) endRecord();
  return records;
}
