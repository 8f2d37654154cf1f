import { execa } from 'execa';
import type { Readable } from 'node:stream';
import { ToolError } from './errors.js';
import { tail, type ExecOptions } from './exec.js';

/**
 * The streaming sibling of `exec`: for a process whose stdout is too large to keep (e.g. `docker save`), `consume`
 * reads it as it is produced. Same rules as `exec`: argument array, timeout, a ToolError with the command and the
 * tail of stderr. When the process fails, its ToolError wins over whatever `consume` made of the cut-off output.
 */
export async function execStream<T>(
  file: string,
  args: readonly string[],
  options: Pick<ExecOptions, 'logger' | 'cwd' | 'env' | 'timeoutMs'>,
  consume: (stdout: Readable) => Promise<T>,
): Promise<T> {
  const command = [file, ...args].join(' ');
  options.logger.debug(`exec: ${command}`);
  const timeoutMs = options.timeoutMs ?? 60 * 60 * 1000;
  const subprocess = execa(file, [...args], {
    cwd: options.cwd,
    env: options.env,
    timeout: timeoutMs,
    reject: false,
    buffer: { stdout: false, stderr: true },
    maxBuffer: { stderr: 1024 * 1024 },
    stdin: 'ignore',
  });
  let consumed: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    consumed = { ok: true, value: await consume(subprocess.stdout) };
  } catch (error) {
    consumed = { ok: false, error };
    subprocess.kill();
  }
  // Drain what `consume` did not read, so the process is not left blocked on a full pipe.
  subprocess.stdout.resume();
  const result = await subprocess;
  const stderr = String(result.stderr ?? '');
  const killedByUs = !consumed.ok && result.isTerminated;
  if (result.failed && !killedByUs) {
    const notFound = (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    const why = result.timedOut
      ? `timed out after ${Math.round(timeoutMs / 1000)} s`
      : notFound
        ? 'was not found on PATH'
        : `exited with code ${result.exitCode ?? -1}`;
    throw new ToolError(`${file} ${why} (command: ${command})`, {
      command,
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      stderrTail: tail(stderr),
    });
  }
  if (!consumed.ok) throw consumed.error;
  return consumed.value;
}
