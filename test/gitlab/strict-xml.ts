/**
 * A strict XML 1.0 well-formedness check for the documents imagegate writes, returning the element tree with
 * references decoded and attribute values normalized as the spec says (§3.3.3), so tests can compare what a
 * reader gets with what went in. It accepts the subset imagegate emits (an XML declaration, elements, attributes,
 * text, entity and character references) and rejects everything else: a violation of the spec, or markup imagegate
 * never writes (comments, CDATA, processing instructions, DTDs). Names are checked against an ASCII subset of the
 * Name production; every character against the Char production.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const NAME = /[A-Za-z_:][A-Za-z0-9._:-]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseStrictXml(text: string): XmlElement {
  if (!CHAR.test(text)) throw new XmlError('a character outside the XML 1.0 Char production');
  let i = 0;
  const fail = (what: string): never => {
    throw new XmlError(`${what} at offset ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i += 1;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const match = NAME.exec(text);
    if (!match) fail('expected a name');
    i = NAME.lastIndex;
    return match![0];
  };
  const reference = (): string => {
    const end = text.indexOf(';', i);
    if (end < 0) fail('unterminated reference');
    const body = text.slice(i + 1, end);
    let value: string | undefined;
    if (/^#[0-9]+$/.test(body)) value = codePoint(Number(body.slice(1)));
    else if (/^#x[0-9a-fA-F]+$/.test(body)) value = codePoint(parseInt(body.slice(2), 16));
    else value = PREDEFINED[body];
    if (value === undefined || !CHAR.test(value)) fail(`undefined or forbidden reference &${body};`);
    i = end + 1;
    return value!;
  };

  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (
      end < 0 ||
      !/^<\?xml version="1\.0"( encoding="UTF-8")?( standalone="(yes|no)")?\s*\?>$/.test(text.slice(0, end + 2))
    ) {
      fail('malformed XML declaration');
    }
    i = end + 2;
  }
  skipSpace();

  const element = (): XmlElement => {
    if (text[i] !== '<') fail('expected an element');
    i += 1;
    const node: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (text[i] === '>') {
        i += 1;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attribute = name();
      if (attribute in node.attributes) fail(`duplicate attribute ${attribute}`);
      skipSpace();
      if (text[i] !== '=') fail('expected =');
      i += 1;
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      i += 1;
      let value = '';
      while (text[i] !== quote) {
        const char = text[i];
        if (char === undefined) fail('unterminated attribute value');
        if (char === '<') fail('< in an attribute value');
        if (char === '&') value += reference();
        else {
          // Attribute-value normalization: literal white space becomes a space; references keep theirs.
          value += char === '\t' || char === '\n' || char === '\r' ? ' ' : char;
          i += 1;
        }
      }
      i += 1;
      node.attributes[attribute] = value;
    }
    for (;;) {
      const char = text[i];
      if (char === undefined) fail(`unclosed element ${node.name}`);
      if (text.startsWith('</', i)) {
        i += 2;
        if (name() !== node.name) fail(`end tag does not match ${node.name}`);
        skipSpace();
        if (text[i] !== '>') fail('expected > after an end tag');
        i += 1;
        return node;
      }
      if (text.startsWith('<!', i) || text.startsWith('<?', i))
        fail('comment, CDATA, DTD or PI (not emitted by imagegate)');
      if (char === '<') node.children.push(element());
      else if (char === '&') node.text += reference();
      else {
        if (text.startsWith(']]>', i)) fail(']]> in text');
        // End-of-line handling (§2.11): CR LF and a lone CR reach the reader as LF.
        if (char === '\r') {
          node.text += '\n';
          i += text[i + 1] === '\n' ? 2 : 1;
        } else {
          node.text += char;
          i += 1;
        }
      }
    }
  };

  const root = element();
  skipSpace();
  if (i !== text.length) fail('content after the root element');
  return root;
}

function codePoint(value: number): string | undefined {
  return Number.isInteger(value) && value <= 0x10ffff ? String.fromCodePoint(value) : undefined;
}

/** Child elements with a given name, at any depth below `node`. */
export function descendants(node: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of node.children) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}
