import { commandBaseName, type ShellCommand } from './shell-commands.js';

/**
 * What a package-manager command does, for the Dockerfile rules: refresh the package lists, install, upgrade every
 * package, or move to a new release. Package managers are found anywhere in a command's words, so
 * `DEBIAN_FRONTEND=noninteractive apt-get install`, `sudo apk add` and `xargs apt-get install -y < list` all count.
 */

export type PackageAction = 'update' | 'install' | 'upgrade' | 'dist-upgrade';

export interface PackageCommand {
  /** The package manager as written in the command (`apt-get`, `apk`, …). */
  manager: string;
  /** The verb as written (`update`, `dist-upgrade`, `makecache`, …). */
  verb: string;
  action: PackageAction;
}

type Family = 'apt' | 'apk' | 'rpm' | 'zypper';

const MANAGERS: ReadonlyMap<string, Family> = new Map([
  ['apt-get', 'apt'],
  ['apt', 'apt'],
  ['aptitude', 'apt'],
  ['apk', 'apk'],
  ['yum', 'rpm'],
  ['dnf', 'rpm'],
  ['microdnf', 'rpm'],
  ['tdnf', 'rpm'],
  ['zypper', 'zypper'],
]);

/** Options that take the next word as their value, per family (so the value is not read as the verb). */
const VALUE_OPTIONS: Record<Family, ReadonlySet<string>> = {
  apt: new Set(['-o', '-t', '-c', '--option', '--target-release', '--config-file']),
  apk: new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']),
  rpm: new Set(['-c', '--config', '--installroot', '--releasever', '-x', '--exclude', '--repo', '--setopt']),
  zypper: new Set(['-r', '--repo', '--root', '-R', '--reposd-dir', '-D', '--cache-dir']),
};

/** Verb → action; `upgrade*` verbs that take package names are upgrades only without them. */
const VERBS: Record<Family, Readonly<Record<string, PackageAction>>> = {
  apt: {
    update: 'update',
    install: 'install',
    reinstall: 'install',
    'build-dep': 'install',
    source: 'install',
    download: 'install',
    satisfy: 'install',
    upgrade: 'upgrade',
    'dist-upgrade': 'dist-upgrade',
    'full-upgrade': 'dist-upgrade',
  },
  apk: { update: 'update', add: 'install', fix: 'install', upgrade: 'upgrade' },
  rpm: {
    makecache: 'update',
    'check-update': 'update',
    install: 'install',
    reinstall: 'install',
    localinstall: 'install',
    groupinstall: 'install',
    builddep: 'install',
    'builddep-install': 'install',
    update: 'upgrade',
    upgrade: 'upgrade',
    'upgrade-minimal': 'upgrade',
    'update-minimal': 'upgrade',
    'distro-sync': 'dist-upgrade',
    distrosync: 'dist-upgrade',
  },
  zypper: {
    refresh: 'update',
    ref: 'update',
    install: 'install',
    in: 'install',
    'source-install': 'install',
    si: 'install',
    update: 'upgrade',
    up: 'upgrade',
    patch: 'upgrade',
    'dist-upgrade': 'dist-upgrade',
    dup: 'dist-upgrade',
  },
};

/** The package-manager invocations in one simple command (usually one, `xargs`-style wrappers included). */
export function packageCommands(command: ShellCommand): PackageCommand[] {
  const found: PackageCommand[] = [];
  const words = command.words.map((word) => word.value);
  for (let index = 0; index < words.length; index++) {
    const manager = commandBaseName(words[index] as string);
    const family = MANAGERS.get(manager);
    if (!family) continue;
    // `apt` is also a word in other commands' arguments (`apt-cache policy apt`): only a verb right after it counts.
    let at = index + 1;
    while (at < words.length && (words[at] as string).startsWith('-')) {
      at += VALUE_OPTIONS[family].has(words[at] as string) ? 2 : 1;
    }
    const verb = words[at];
    const action = verb === undefined ? undefined : VERBS[family][verb];
    if (!verb || !action) continue;
    found.push({ manager, verb, action: targeted(family, action, words.slice(at + 1)) ? 'install' : action });
    index = at;
  }
  return found;
}

/**
 * `apk upgrade openssl`, `yum update openssl`, `zypper up openssl`: upgrading named packages is installing a
 * version of them, not upgrading the whole image. apt's `upgrade` takes no package names.
 */
function targeted(family: Family, action: PackageAction, rest: readonly string[]): boolean {
  if (action !== 'upgrade' || family === 'apt') return false;
  return rest.some((word) => !word.startsWith('-'));
}
