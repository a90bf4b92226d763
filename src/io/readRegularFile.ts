/**
 * Node adapter: read an input file, refusing anything but a regular file. A FIFO with no writer
 * would block the read forever (no timeout or signal can stop it, as the read waits in the thread
 * pool); a device or socket is no data file. The file is opened without blocking and checked on
 * the opened descriptor (no race between the check and the read).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';

/**
 * @throws InputError `path: cannot read file: it is a named pipe (FIFO) ...` for a non-regular file;
 *   other failures (ENOENT, EACCES, EISDIR) are thrown as the system's error for the caller to word.
 */
export async function readRegularFile(path: string): Promise<Buffer>;
export async function readRegularFile(path: string, encoding: 'utf8'): Promise<string>;
export async function readRegularFile(path: string, encoding?: 'utf8'): Promise<Buffer | string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!stats.isFile()) {
      const kind = stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isCharacterDevice() ? 'a character device' : stats.isSocket() ? 'a socket' : 'not a regular file';
      throw new InputError(`cannot read file: it is ${kind}; dynamargin reads regular files only (save the data to a file first)`, { file: path });
    }
    return encoding ? await handle.readFile({ encoding }) : await handle.readFile();
  } finally {
    await handle.close();
  }
}
