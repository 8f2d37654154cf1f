import type { FileModeFact } from '../image/layers/filesystem-facts.js';
import type { Finding } from '../model/findings.js';
import type { RuleId } from '../model/catalog.js';
import type { SpecialBitRules } from '../policy/types.js';
import { compileGlob } from '../util/glob.js';
import { code, md } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { EXPECTED_SETGID, EXPECTED_SETUID } from './fs-expected.js';
import { layerLabel, layerLocation } from './layer-origin.js';
import { makeFinding } from './make-finding.js';

/**
 * Hardening of the final filesystem (from the layer contents): setuid and setgid files that are not expected,
 * world-writable paths, sudo and sshd. Each finding points at the instruction that last wrote the path (the FROM
 * line when it came with the base image) and names the path as its subject, for `allow.findings`.
 */
export function checkFilesystem(context: CheckContext): Finding[] {
  const facts = context.image.contents?.filesystem;
  if (!facts) return [];
  const rules = context.rules.fs ?? {};
  const findings: Finding[] = [];
  if (rules.setuid !== false) {
    findings.push(...specialBit(context, 'fs/setuid', facts.setuid, facts.setuidCount, rules.setuid, EXPECTED_SETUID));
  }
  if (rules.setgid !== false) {
    findings.push(...specialBit(context, 'fs/setgid', facts.setgid, facts.setgidCount, rules.setgid, EXPECTED_SETGID));
  }
  if (rules.worldWritable !== false)
    findings.push(...worldWritable(context, facts.worldWritable, facts.worldWritableCount));
  for (const program of facts.programs) {
    const ruleId = program.program === 'sudo' ? 'fs/sudo' : 'fs/sshd';
    if ((program.program === 'sudo' ? rules.sudo : rules.sshd) === false) continue;
    const label = layerLabel(context, program.layer);
    // Whole templates per branch: a tagged template without values would be reformatted as Markdown by prettier.
    const message =
      program.program === 'sudo'
        ? md`sudo is in the image: ${code(program.path)}, written by ${label}. Do the privileged steps at build time, before USER, and do not install sudo (fs.sudo).`
        : md`An SSH server (sshd) is in the image: ${code(program.path)}, written by ${label}. Use docker exec or kubectl exec instead, and remove the SSH server (fs.sshd).`;
    findings.push(
      makeFinding(ruleId, context, {
        message,
        location: layerLocation(context, program.layer),
        key: program.path,
        properties: { subject: program.path, path: program.path, layer: program.layer },
      }),
    );
  }
  return findings;
}

function specialBit(
  context: CheckContext,
  ruleId: 'fs/setuid' | 'fs/setgid',
  files: readonly FileModeFact[],
  count: number,
  rules: SpecialBitRules | undefined,
  expected: readonly string[],
): Finding[] {
  // Most images have a handful of such files and many have none: the globs (dozens, each a compiled RE2) are only
  // worth compiling when there is a file to match.
  if (files.length === 0) return [];
  const globs = [...(rules?.allowDefaults === false ? [] : expected), ...(rules?.allow ?? [])];
  const matchers = globs.map((glob) => compileGlob(glob));
  const bit = ruleId === 'fs/setuid' ? 'setuid' : 'setgid';
  const key = ruleId === 'fs/setuid' ? 'fs.setuid' : 'fs.setgid';
  const unexpected = files.filter((file) => !matchers.some((matches) => matches(file.path)));
  return unexpected.map((file, index) => {
    const more = index === unexpected.length - 1 && count > files.length ? count - files.length : 0;
    const owner = file.uid === 0 ? 'root' : `uid ${file.uid}`;
    const tail =
      more > 0 ? md` (${more} more ${bit} files are not listed: imagegate lists the first ${files.length}.)` : md``;
    return makeFinding(ruleId as RuleId, context, {
      message: md`${code(file.path)} is ${bit} (mode ${code(octal(file.mode))}, owner ${owner}, group ${file.gid}), set by ${layerLabel(context, file.layer)}. Remove the bit or the file, or list the path under ${key}.allow if the image needs it.${tail}`,
      location: layerLocation(context, file.layer),
      key: file.path,
      properties: modeProperties(file),
    });
  });
}

function worldWritable(context: CheckContext, files: readonly FileModeFact[], count: number): Finding[] {
  return files.map((file, index) => {
    const more = index === files.length - 1 && count > files.length ? count - files.length : 0;
    const what =
      file.type === 'directory'
        ? md`Directory ${code(file.path)} is world-writable without the sticky bit`
        : md`File ${code(file.path)} is world-writable`;
    const tail = more > 0 ? md` (${more} more world-writable paths are not listed.)` : md``;
    const fix =
      file.type === 'directory'
        ? md`mode ${code('755')}, or add the sticky bit (${code('1777')})`
        : md`mode ${code('644')}`;
    return makeFinding('fs/world-writable', context, {
      message: md`${what} (mode ${code(octal(file.mode))}, owner uid ${file.uid}), set by ${layerLabel(context, file.layer)}: any user in the container can change it. Give it to the user that needs it with ${fix} (fs.worldWritable).${tail}`,
      location: layerLocation(context, file.layer),
      key: file.path,
      properties: modeProperties(file),
    });
  });
}

function modeProperties(file: FileModeFact): Record<string, string | number> {
  return {
    subject: file.path,
    path: file.path,
    type: file.type,
    mode: octal(file.mode),
    uid: file.uid,
    gid: file.gid,
    layer: file.layer,
  };
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
