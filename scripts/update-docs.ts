import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { generatedPages } from './docs-tables.js';

/** `npm run docs`: regenerates the generated tables of docs/ (rules, Action inputs and outputs). */
const root = pathToFileURL(`${process.cwd()}/`);
for (const page of await generatedPages(root)) {
  const url = new URL(page.file, root);
  const text = await readFile(url, 'utf8');
  const updated = page.render(text);
  if (updated !== text) {
    await writeFile(url, updated);
    console.log(`updated ${page.file}`);
  }
}
