import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/accounts/csv.ts';
import { passwordsCsv } from './passwords-csv.ts';

describe('passwordsCsv', () => {
  it('starts with a BOM, has a header and one CRLF-ended line per password', () => {
    const text = passwordsCsv([
      { username: 'E1001', password: 'abc-def-123' },
      { username: 'E1002', password: 'xyz_987654' },
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1)).toBe('username,password\r\nE1001,abc-def-123\r\nE1002,xyz_987654\r\n');
  });

  it('quotes fields with commas, quotes or line breaks so a CSV reader gets them back unchanged', () => {
    const passwords = [{ username: 'E1', password: 'a,"b"\nc' }];
    const records = parseCsv(passwordsCsv(passwords));
    expect(records.map((record) => record.fields)).toEqual([
      ['username', 'password'],
      ['E1', 'a,"b"\nc'],
    ]);
  });
});
