/** Node adapter: create an output folder (and its parents), or an InputError naming it. */
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';

const EXISTS_AS_FILE = 'a file of that name (or of a parent folder) exists; give a folder for --out';

/**
 * Check up front (before a long run) that `dir` is a folder or can be one: its nearest existing
 * ancestor is a folder. Nothing is created.
 * @throws InputError as makeOutputFolder does for a file in the way.
 */
export function assertFolderPossible(dir: string): void {
  for (let p = dir; ; p = dirname(p)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch {
      if (dirname(p) === p) return;
      continue;
    }
    if (!isDirectory) throw new InputError(`cannot create the output folder: ${EXISTS_AS_FILE}`, { file: dir });
    return;
  }
}

/**
 * @throws InputError `report: cannot create the output folder: a file of that name exists; ...`
 *   (EEXIST, ENOTDIR), `permission denied` (EACCES, EPERM), or the system's reason.
 */
export async function makeOutputFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? EXISTS_AS_FILE
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EROFS' ? 'read-only file system'
      : (err as Error).message;
    throw new InputError(`cannot create the output folder: ${why}`, { file: dir });
  }
}
