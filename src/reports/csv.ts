// CSV as every file the platform writes it (reports, a learner's own results, initial passwords):
// UTF-8 with a BOM so spreadsheet programs read Chinese text correctly, CRLF line ends, RFC 4180
// quoting, and text that a spreadsheet would run as a formula defused.

export const UTF8_BOM = '\uFEFF';

/** The field quoted when it holds a separator, a quote or a line break (RFC 4180). */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Text a spreadsheet would run as a formula (= + - @, tab or carriage return first) gets a leading
 * apostrophe, OWASP's advice against CSV injection: names and reasons come from lists anyone can edit.
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A text cell that came from people: defused, then quoted. */
export function csvTextField(value: string): string {
  return quoteCsvField(defuseFormula(value));
}

/** A whole file: the BOM, the rows' fields joined by commas, every line ended by CRLF. */
export function csvFile(rows: readonly (readonly string[])[]): string {
  return `${UTF8_BOM}${rows.map((fields) => fields.join(',')).join('\r\n')}\r\n`;
}
