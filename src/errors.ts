/**
 * Errors for bad input. Every message names the place (file, line, column or JSON path) and the
 * rule broken; the CLI prints `message` alone and exits with code 2.
 */
export interface InputLocation {
  /** File name (or "<api>" for data passed to the API). */
  file?: string;
  /** 1-based line number in the file. */
  line?: number;
  /** Column (field) name, or a JSON path such as `accounts[3].positions[0].quantity`. */
  column?: string;
}

/** Bad input from the user: data file, option or API argument. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  /** The problem alone, without the place. */
  readonly problem: string;

  constructor(problem: string, where: InputLocation = {}) {
    const said = clipUserText(problem);
    super(clipUserText(formatLocation(where)) + said);
    this.problem = said;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

/** `file:line: column: ` (each part only when known). */
function formatLocation({ file, line, column }: InputLocation): string {
  let head = file ?? '';
  if (line !== undefined) head += `${head ? ':' : 'line '}${line}`;
  if (head) head += ': ';
  if (column !== undefined) head += `${column}: `;
  return head;
}

/** Longest run of non-space characters a message repeats whole (a path, a number, an id). */
const LONGEST_RUN = 200;
/** Longest message. */
const LONGEST_MESSAGE = 4000;

/**
 * A message with what the user wrote cut to a readable size: a 10 MB id or a file of NULs is shown
 * by its first 80 characters and its length; control characters (NUL, escape) are shown as `\u0000`.
 */
export function clipUserText(text: string): string {
  let out = text.replace(new RegExp(`[^\\s"]{${LONGEST_RUN + 1},}`, 'g'), (run) => `${run.slice(0, 80)}... (${run.length} characters)`);
  out = out.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return out.length > LONGEST_MESSAGE ? `${out.slice(0, LONGEST_MESSAGE)}... (${out.length} characters)` : out;
}
