import { runCli } from '../../src/cli/run-cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process (no mocks), capturing what it prints. */
export async function cli(args: string[], cwd = process.cwd(), input?: { stdin?: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    ...(input?.stdin !== undefined ? { stdin: async () => input.stdin as string } : {}),
  });
  return { code, stdout, stderr };
}
