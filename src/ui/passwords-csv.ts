// The initial passwords from a user import as a CSV file to download: UTF-8 with a BOM so
// spreadsheet programs open Chinese names correctly, CRLF line ends, fields quoted when needed.

import { csvFile, quoteCsvField } from '../reports/csv.ts';

export interface InitialPassword {
  readonly username: string;
  readonly password: string;
}

/** The file's text, BOM first. */
export function passwordsCsv(passwords: readonly InitialPassword[]): string {
  const lines = [['username', 'password'], ...passwords.map((entry) => [entry.username, entry.password])];
  // Quoted, not defused: a password must reach its owner exactly as it is.
  return csvFile(lines.map((fields) => fields.map(quoteCsvField)));
}

/** Saves `text` as a file through a temporary Blob link; nothing leaves the browser. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
