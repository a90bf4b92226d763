/**
 * A small CSV tokenizer (RFC 4180: comma-separated, `"` quotes with `""` escapes, CRLF or LF)
 * that reports the 1-based physical line where each record starts. Pure and browser-safe.
 *
 * Written by hand rather than with csv-parse because csv-parse depends on Node's `Buffer`, and
 * because price files need exact physical line numbers in every error message.
 */
import { InputError } from '../errors.js';

export interface CsvRecord {
  /** 1-based physical line where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

/** Byte-order mark (U+FEFF) that some tools put at the start of UTF-8 files. */
const BOM = 0xfeff;
const QUOTE = 0x22;

/**
 * Split `text` into records. A leading BOM is dropped. Lines that are empty or whitespace-only
 * are returned as records with one empty field (`['']`) so the caller decides about blank lines.
 *
 * @throws InputError `file:line: unterminated quoted field` when a quote is never closed.
 */
export function csvRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let pos = text.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    if (raw.indexOf('"') < 0) {
      records.push({ line, fields: raw.split(',') });
      pos = end + 1;
      line += 1;
    } else {
      const quoted = parseQuotedRecord(text, pos, line, file);
      records.push({ line, fields: quoted.fields });
      pos = quoted.next;
      line += quoted.lines;
    }
  }
  return records;
}

/** Character-level parse of one record that contains quotes (may span several physical lines). */
function parseQuotedRecord(
  text: string,
  start: number,
  line: number,
  file: string,
): { fields: string[]; next: number; lines: number } {
  const fields: string[] = [];
  let field = '';
  let pos = start;
  let lines = 1;
  let inQuotes = false;
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (inQuotes) {
      if (c === QUOTE) {
        if (text.charCodeAt(pos + 1) === QUOTE) {
          field += '"';
          pos += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (c === 0x0a) lines += 1;
        field += text[pos];
      }
      pos += 1;
      continue;
    }
    if (c === QUOTE) inQuotes = true;
    else if (c === 0x2c) {
      fields.push(field);
      field = '';
    } else if (c === 0x0a) {
      break;
    } else if (!(c === 0x0d && text.charCodeAt(pos + 1) === 0x0a)) {
      field += text[pos];
    }
    pos += 1;
  }
  if (inQuotes) throw new InputError('unterminated quoted field', { file, line });
  fields.push(field);
  return { fields, next: pos + 1, lines };
}
