/**
 * Node adapter: write output files all or nothing (temporary files in the same folder, then renames).
 *
 * Safety rules, checked before anything is written:
 * - an output that is one of the inputs (same device and inode: the same path, another path to it,
 *   or a hard link) is refused;
 * - an existing symbolic link, FIFO, socket, block device or directory is never replaced: refused;
 * - a character device (`/dev/null`, a terminal) is written through, never replaced by a file.
 *
 * Interruption: the temporary files are written first; the renames then run in one synchronous step
 * that no signal handler can split, after a last check of `signal`. So a run stopped before that
 * step changes nothing (its temporary files are removed, also by `removePendingTemps` on a forced
 * exit), and one stopped after it has installed every file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { abortError } from '../pool/cancel.js';

export interface OutputFile {
  path: string;
  text: string;
}

export interface WriteOptions {
  /** Files the run read: none of them may be an output. */
  inputs?: readonly string[];
  /** Checked just before the files are installed: once aborted, nothing is installed (AbortError / TimeoutError). */
  signal?: AbortSignal;
}

/** Temporary files being written by this process (removed on a forced exit). */
const pending = new Set<string>();

/** Remove the temporary files of writes in progress (synchronous: for an exit handler). */
export function removePendingTemps(): void {
  for (const temp of pending) {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
  }
  pending.clear();
}

/**
 * Write `text` to `path` so that readers see either the old file or the complete new one.
 *
 * @throws InputError `path: cannot write: ...` when the folder is missing or not writable, the path is
 *   an input, or an existing file there may not be replaced.
 */
export async function writeFileAtomic(path: string, text: string, options: WriteOptions = {}): Promise<void> {
  await writeOutputs([{ path, text }], options);
}

/** Write every file, or (on an error or an aborted `signal`) none: see the module comment. */
export async function writeOutputs(files: readonly OutputFile[], options: WriteOptions = {}): Promise<void> {
  const inputs = (options.inputs ?? []).map((p) => [p, statOrUndefined(p)] as const);
  const plans = files.map((f) => planWrite(f, inputs));
  const temps: string[] = [];
  let at = files[0]?.path;
  try {
    for (const plan of plans) {
      at = plan.path;
      if (plan.kind !== 'replace') continue;
      const temp = tempName(plan.path);
      pending.add(temp);
      temps.push(temp);
      plan.temp = temp;
      await writeFile(temp, plan.text, { encoding: 'utf8', flag: 'wx' });
    }
    // one synchronous step: no signal handler runs between the check and the last rename
    if (options.signal?.aborted) throw abortError(options.signal);
    for (const plan of plans) {
      at = plan.path;
      if (plan.kind === 'replace') renameSync(plan.temp!, plan.path);
      else writeThrough(plan.path, plan.text);
      if (plan.temp) pending.delete(plan.temp);
    }
  } catch (err) {
    for (const temp of temps) {
      if (!pending.delete(temp)) continue; // installed
      await unlink(temp).catch(() => undefined);
    }
    if (err instanceof InputError || (err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError') throw err;
    throw new InputError(`cannot write: ${describeWriteError(err)}`, { file: at });
  }
}

/**
 * Check up front (before a long run) that `paths` may be written: none is an input or a file that
 * is never replaced. `writeOutputs` checks again when it writes.
 * @throws InputError as writeOutputs does.
 */
export function assertWritable(paths: readonly string[], inputs: readonly string[] = []): void {
  const stats = inputs.map((p) => [p, statOrUndefined(p)] as const);
  for (const path of paths) planWrite({ path, text: '' }, stats);
}

interface Plan {
  path: string;
  text: string;
  /** replace: a new regular file renamed over the path; through: write into the existing character device. */
  kind: 'replace' | 'through';
  temp?: string;
}

function planWrite({ path, text }: OutputFile, inputs: readonly (readonly [string, Stats | undefined])[]): Plan {
  const fail = (why: string): never => {
    throw new InputError(`cannot write: ${why}`, { file: path });
  };
  let link: Stats | undefined;
  try {
    link = lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') fail(describeWriteError(err)); // a missing folder is reported when it is made or written
  }
  if (link === undefined) return { path, text, kind: 'replace' };
  for (const [input, s] of inputs) {
    if (s && s.dev === link.dev && s.ino === link.ino) {
      fail(`it is the input ${input}${input === path ? '' : ' (the same file)'}; choose another output file`);
    }
  }
  if (link.isSymbolicLink()) fail('it is a symbolic link, which dynamargin does not replace; give the file it points to, or remove the link');
  if (link.isDirectory()) fail('is a directory');
  if (link.isCharacterDevice()) return { path, text, kind: 'through' };
  if (link.isFIFO()) fail('it is a named pipe (FIFO), which dynamargin does not replace; leave out --out to write to stdout and pipe that');
  if (!link.isFile()) fail('it is not a regular file (a socket or block device), which dynamargin does not replace');
  return { path, text, kind: 'replace' };
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Write into an existing character device (e.g. /dev/null); never creates a file. */
function writeThrough(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW);
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  } finally {
    closeSync(fd);
  }
}

/** Longest file name (bytes) on common file systems (ext4, APFS, NTFS in UTF-16 units). */
const NAME_MAX = 255;

/** `.NAME.PID.RANDOM.tmp` next to `path`, NAME cut so that the whole name fits NAME_MAX bytes. */
export function tempName(path: string): string {
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let name = basename(path);
  const room = NAME_MAX - 1 - Buffer.byteLength(suffix);
  while (Buffer.byteLength(name) > room) name = name.slice(0, -1);
  if (/[\uD800-\uDBFF]$/.test(name)) name = name.slice(0, -1); // no half of a surrogate pair
  return join(dirname(path), `.${name}${suffix}`);
}

function describeWriteError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'the folder does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory'
    : code === 'ENOTDIR' ? 'a part of the path is not a folder'
    : code === 'ENOSPC' ? 'no space left on the device'
    : code === 'EROFS' ? 'read-only file system'
    : code === 'ENAMETOOLONG' ? 'the file name is too long'
    : (err as Error).message;
}
