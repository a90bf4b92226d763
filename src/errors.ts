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
    super(formatLocation(where) + problem);
    this.problem = problem;
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
