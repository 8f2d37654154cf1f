import { ActionsLogger, inert } from '../../src/action/actions-logger.js';

/** What the runner would read as a workflow command: an output line that starts, after blanks, with `::`. */
const commandLines = (text: string) => text.split('\n').filter((line) => line.trim().startsWith('::'));

test('an info line quoting untrusted text cannot start a workflow command', () => {
  const hostile = 'label: x\n::stop-commands::pwned\n  ::add-mask::y\r\n\t::error file=a::z\nplain :: text';
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    new ActionsLogger().info(hostile);
  } finally {
    process.stdout.write = write;
  }
  const out = written.join('');
  expect(commandLines(hostile)).toHaveLength(3);
  expect(commandLines(out)).toEqual([]);
  // Shown the same to a reader: only zero-width spaces were added.
  expect(out.replace(/\u200b/g, '').trimEnd()).toBe(hostile);
});

test('text without a leading `::` is untouched, and the cost stays linear in the input', () => {
  expect(inert('a :: b\nc::d')).toBe('a :: b\nc::d');
  const blanks = ' '.repeat(200_000) + '\n'.repeat(200_000);
  expect(inert(blanks)).toBe(blanks);
});
