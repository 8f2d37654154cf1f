import { build } from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * GitHub's own workflow and action parser (@actions/workflow-parser, what the Actions language services use).
 * Its ESM build imports a JSON file without an import attribute, which Node refuses, so it is bundled to CommonJS
 * into `dir` and required from there.
 */

export interface WorkflowValidator {
  /** Schema and conversion errors of a workflow file, each with `name (Line: n, Col: m): message`. */
  workflowErrors(name: string, content: string): Promise<string[]>;
  /** Schema errors of an action.yml. */
  actionErrors(name: string, content: string): string[];
}

interface ParseResult {
  context: { errors: { getErrors(): Array<{ message: string }> } };
  value: unknown;
}
interface ParserModule {
  parseWorkflow(file: { name: string; content: string }, trace: unknown): ParseResult;
  parseAction(file: { name: string; content: string }, trace: unknown): ParseResult;
  convertWorkflowTemplate(context: unknown, root: unknown): Promise<{ errors?: Array<{ Message: string }> }>;
  NoOperationTraceWriter: new () => unknown;
}

export async function loadWorkflowValidator(dir: string): Promise<WorkflowValidator> {
  const require = createRequire(import.meta.url);
  // Its package.json `exports` offers only an `import` entry, so it is located on disk rather than resolved.
  const packageDir = fileURLToPath(new URL('../../../node_modules/@actions/workflow-parser', import.meta.url));
  const entry = path.join(dir, 'workflow-parser-entry.mjs');
  await writeFile(
    entry,
    [
      `export * from ${JSON.stringify(path.join(packageDir, 'dist/index.js'))};`,
      `export { parseAction } from ${JSON.stringify(path.join(packageDir, 'dist/actions/index.js'))};`,
      '',
    ].join('\n'),
  );
  const outfile = path.join(dir, 'workflow-parser.cjs');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  const parser = require(outfile) as ParserModule;
  const trace = () => new parser.NoOperationTraceWriter();
  return {
    async workflowErrors(name, content) {
      const parsed = parser.parseWorkflow({ name, content }, trace());
      const errors = parsed.context.errors.getErrors().map((error) => error.message);
      if (errors.length > 0 || parsed.value === undefined) return errors;
      const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
      return (template.errors ?? []).map((error) => error.Message);
    },
    actionErrors(name, content) {
      return parser
        .parseAction({ name, content }, trace())
        .context.errors.getErrors()
        .map((error) => error.message);
    },
  };
}
