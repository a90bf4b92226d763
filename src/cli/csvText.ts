/**
 * A user string (account id, symbol) as a CSV field of the CLI's output, safe to open in a
 * spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
 * formula ("CSV injection", OWASP), so it is prefixed with a single quote, which spreadsheets show as
 * text. Then quoted as RFC 4180 requires.
 * @example csvText('=HYPERLINK("x")') // `"'=HYPERLINK(""x"")"`
 */
import { csvField } from '../io/writePriceCsv.js';

export function csvText(text: string): string {
  return csvField(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
}
