import { readFile, writeFile } from 'node:fs/promises';
import { withRulesTable } from './readme-rules.js';

/** `npm run docs`: regenerates the generated parts of README.md. */
const readme = await readFile('README.md', 'utf8');
await writeFile('README.md', withRulesTable(readme));
