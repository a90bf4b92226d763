/** `dynamargin serve` as a child process (bin/dynamargin.js, so dist/ must be built). */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/dynamargin.js', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (or the signal) when the child ends. */
  exited: Promise<number | string>;
  output: () => string;
}

/** Start `dynamargin serve --port 0 ...args`; resolves once it listens. */
export function spawnServe(args: readonly string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], exited, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`dynamargin serve exited (${code}) before listening:\n${out}`)));
  });
}
