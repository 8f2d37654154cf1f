/**
 * Files that stock base images (Debian, Ubuntu, Alpine, Fedora/UBI, BusyBox) ship with the setuid or setgid bit on
 * purpose: password changes, `su`, `mount`, `ping` on old kernels, OpenSSH's key signer, the D-Bus helper. They are
 * expected by default so a plain base image does not fail (`fs.setuid.allowDefaults: false` drops the list). Both
 * `/bin` and `/usr/bin` forms are listed: merged-/usr images have one, older ones the other.
 */

export const EXPECTED_SETUID: readonly string[] = [
  '/{bin,usr/bin}/{passwd,su,mount,umount,chsh,chfn,gpasswd,newgrp,ping,ping6,fusermount,fusermount3}',
  '/{bin,usr/bin}/{newuidmap,newgidmap}',
  '/{sbin,usr/sbin}/{unix_chkpwd,pam_timestamp_check,userhelper}',
  '/usr/lib/openssh/ssh-keysign',
  '/usr/libexec/openssh/ssh-keysign',
  '/usr/lib/dbus-1.0/dbus-daemon-launch-helper',
  '/usr/libexec/dbus-1/dbus-daemon-launch-helper',
  '/bin/bbsuid',
];

export const EXPECTED_SETGID: readonly string[] = [
  '/{bin,usr/bin}/{chage,expiry,wall,write,bsd-write,crontab,ssh-agent,dotlockfile}',
  '/{bin,usr/bin}/{mail-lock,mail-unlock,mail-touchlock}',
  '/{sbin,usr/sbin}/{unix_chkpwd,pam_extrausers_chkpwd}',
  '/usr/libexec/utempter/utempter',
  '/usr/lib/*/utempter/utempter',
];
