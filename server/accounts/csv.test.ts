// The CSV reader against the cases staff lists bring: quotes, commas and line breaks in fields,
// CRLF, a BOM, blank rows, and the mistakes it must name by row.
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.ts';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
  it('splits records on LF or CRLF, with or without a final line break', () => {
    expect(fields('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(fields('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(fields('a,,\n')).toEqual([['a', '', '']]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    expect(fields('"数据管理处, 二科","He said ""hi""","two\r\nlines",""\n')).toEqual([
      ['数据管理处, 二科', 'He said "hi"', 'two\r\nlines', ''],
    ]);
  });

  it('numbers rows as a spreadsheet does: a quoted line break stays in its row, blank rows count', () => {
    const records = parseCsv('h1,h2\n"a\nb",c\n\nd,e\n');
    expect(records.map((record) => record.row)).toEqual([1, 2, 3, 4]);
    expect(records[2]?.fields).toEqual(['']);
    expect(records[3]?.fields).toEqual(['d', 'e']);
  });

  it('skips a UTF-8 BOM and keeps a lone empty quoted field at the end', () => {
    expect(fields('\uFEFFemployee_id,name\nE1,""')).toEqual([
      ['employee_id', 'name'],
      ['E1', ''],
    ]);
  });

  it('names the row of an unclosed quote or text after a closing quote', () => {
    expect(() => parseCsv('a,b\nc,"open\nd,e\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\nc,"open\nd,e\n')).toThrow(/^Row 2: a quoted field is never closed/);
    expect(() => parseCsv('a,b\n"x"y,z\n')).toThrow(/^Row 2: unexpected text after a closing quote/);
  });
});
