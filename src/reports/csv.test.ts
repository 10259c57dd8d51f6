import { describe, expect, it } from 'vitest';
import { csvFile, csvTextField, defuseFormula, quoteCsvField } from './csv.ts';

describe('CSV fields', () => {
  it('quotes a field only when it holds a separator, a quote or a line break', () => {
    expect(quoteCsvField('plain 文本')).toBe('plain 文本');
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('defuses every text a spreadsheet would run as a formula, and nothing else', () => {
    for (const hostile of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(defuseFormula(hostile)).toBe(`'${hostile}`);
    expect(defuseFormula('张三 = 1')).toBe('张三 = 1');
    expect(csvTextField('=HYPERLINK("http://x.invalid","click")')).toBe(`"'=HYPERLINK(""http://x.invalid"",""click"")"`);
  });

  it('writes a file with a BOM and CRLF after every line', () => {
    expect(
      csvFile([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBe('\uFEFFa,b\r\n1,2\r\n');
  });
});
