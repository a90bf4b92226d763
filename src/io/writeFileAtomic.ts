/** Node adapter: write a file atomically (temporary file in the same folder, then rename). */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';

/**
 * Write `text` to `path` so that readers see either the old file or the complete new one.
 * The temporary file sits next to the target (a rename within one file system is atomic).
 *
 * @throws InputError `path: cannot write: ...` when the folder is missing or not writable.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'the folder does not exist'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'is a directory'
      : (err as Error).message;
    throw new InputError(`cannot write: ${why}`, { file: path });
  }
}
