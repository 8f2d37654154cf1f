import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/model/catalog.ts
var catalog = [
  {
    id: "size/max",
    title: "Image larger than its size budget",
    policyKey: "size.max",
    defaultSeverity: "high",
    tags: ["size"],
    help: "The uncompressed image (the sum of its layers, as `docker images` reports it) is larger than `size.max`.\n\nLarge images are slower to pull and start and carry more software to patch. Look at the layer table for the instruction that added most bytes: use a smaller base, a multi-stage build that copies only the artifacts, and clean package-manager caches in the same RUN that creates them."
  },
  {
    id: "size/max-compressed",
    title: "Compressed image larger than its budget",
    policyKey: "size.maxCompressed",
    defaultSeverity: "high",
    tags: ["size"],
    help: "The compressed size (the bytes a registry stores and a node pulls) is larger than `size.maxCompressed`. It is known only when the image comes from an OCI layout, a registry or a compressed archive."
  },
  {
    id: "layers/max",
    title: "Too many layers",
    policyKey: "layers.max",
    defaultSeverity: "medium",
    tags: ["layers"],
    help: "The image has more filesystem layers than `layers.max`. Every RUN, COPY and ADD adds one. Merge related RUN instructions, and copy build outputs from a builder stage in one COPY."
  },
  {
    id: "layers/max-layer-size",
    title: "Layer larger than its budget",
    policyKey: "layers.maxLayerSize",
    defaultSeverity: "medium",
    tags: ["layers", "size"],
    help: "One layer is larger than `layers.maxLayerSize`. The finding points at the instruction that made it. Large layers are re-pulled whenever they change: keep what changes often (application code) apart from what does not."
  },
  {
    id: "layers/max-wasted",
    title: "Wasted bytes over budget",
    policyKey: "layers.maxWasted",
    defaultSeverity: "medium",
    tags: ["layers", "size"],
    help: "The layers hold more than `layers.maxWasted` bytes of wasted file copies: copies a later layer replaced (with new content, or the same file written again by `chmod`/`chown`) or deleted (`rm`, `rm -rf` of a directory). Every layer is pulled whole, so a file deleted in a later layer is still downloaded. The finding points at the instruction that wrote the most wasted bytes and names the one that removed them: do the removal in the same `RUN` that creates the files, set ownership and modes when copying (`COPY --chown`, `--chmod`), or build in a separate stage and copy only the result. The summary lists the largest wasted files."
  },
  {
    id: "layers/min-efficiency",
    title: "Layer efficiency below its minimum",
    policyKey: "layers.minEfficiency",
    defaultSeverity: "medium",
    tags: ["layers", "size"],
    help: "Efficiency is the bytes of the final filesystem divided by the bytes of all layers; it is lower than `layers.minEfficiency`. The rest are wasted copies (see `layers/max-wasted` and the largest wasted files in the summary). Unlike dive, the copy that is kept does not count as waste, and a directory removed with `rm -rf` does."
  },
  {
    id: "hygiene/package-cache",
    title: "Package-manager cache left in the image",
    policyKey: "hygiene.packageCaches",
    defaultSeverity: "low",
    tags: ["hygiene", "size", "dockle/DKL-DI-0004", "dockle/DKL-DI-0005", "dockle/DKL-LI-0003"],
    help: "A package manager left its cache or package lists in the final image (apt lists and archives, apk, dnf/yum, pip, npm, yarn, Go build and module caches, `~/.cache`). They are not needed to run the image. Clean them in the `RUN` that fills them (`apt-get install … && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `pip install --no-cache-dir`, `npm ci && npm cache clean --force`) or use a cache mount (`RUN --mount=type=cache,target=/root/.cache/pip`). The finding points at the instruction that wrote most of the cache."
  },
  {
    id: "hygiene/toolchain",
    title: "Compiler or build tool in the final image",
    policyKey: "hygiene.toolchains",
    defaultSeverity: "medium",
    tags: ["hygiene", "security", "size", "cis-docker/4.3", "dockle/CIS-DI-0003"],
    help: "The final image contains a compiler or build tool (gcc, g++, clang, make, cmake, go, rustc, cargo, javac). A runtime image does not need one, and an attacker who gets a shell can use it. Build in a builder stage and copy only the artifacts into a small final stage (`COPY --from=build /out/app /app`). The finding points at the instruction that installed the tool (the `FROM` line when it comes with the base image); list tools the image really needs under `hygiene.toolchains.allow`."
  },
  {
    id: "hygiene/no-dockerignore",
    title: "Whole build context copied without a .dockerignore",
    policyKey: "hygiene.dockerignore",
    defaultSeverity: "low",
    tags: ["hygiene", "security"],
    help: "`COPY . …` or `ADD . …` copies the whole build context, and there is no `.dockerignore` at the root of the context (nor a `<Dockerfile>.dockerignore` beside the Dockerfile). Everything in the directory ends up in the image: `.git`, local `.env` files and keys, `node_modules`, build output; and any change to any file invalidates the layer cache. Add a `.dockerignore` (start with `.git`, `**/.env`, `node_modules`) or copy only what the image needs. Checked when imagegate builds the image."
  },
  {
    id: "base/not-allowed",
    title: "Base image not on the allowlist",
    policyKey: "base.allow",
    defaultSeverity: "high",
    tags: ["base-image", "supply-chain", "cis-docker/4.2", "dockle/CIS-DI-0002"],
    help: "A `FROM` names an image that matches no pattern in `base.allow`. Approved bases are patched and scanned by your platform team; others are not. Switch to an approved base or ask for the image to be added. Patterns match the normalized reference (`alpine` is `docker.io/library/alpine:latest`)."
  },
  {
    id: "base/digest-required",
    title: "Base image not pinned by digest",
    policyKey: "base.requireDigest",
    defaultSeverity: "medium",
    tags: ["base-image", "supply-chain", "cis-docker/4.2", "cis-docker/4.5", "dockle/CIS-DI-0005"],
    help: "A `FROM` has no `@sha256:` digest while `base.requireDigest` is on. A tag can be moved to different content at any time; a digest cannot. Pin it (`FROM alpine:3.20@sha256:…`) and let a bot such as Renovate update it."
  },
  {
    id: "base/forbidden-tag",
    title: "Base image uses a forbidden tag",
    policyKey: "base.forbidTags",
    defaultSeverity: "medium",
    tags: ["base-image", "supply-chain", "dockle/DKL-DI-0006"],
    help: "A `FROM` uses a tag listed in `base.forbidTags` (for example `latest`, or `<none>` for no tag at all, which Docker resolves to `latest`). Such tags move, so two builds of one commit can differ. Use a versioned tag."
  },
  {
    id: "base/unverifiable",
    title: "Base image cannot be verified",
    policyKey: "base.allow",
    defaultSeverity: "low",
    tags: ["base-image", "supply-chain"],
    help: "The policy restricts base images, but imagegate could not tell which base this image was built from: no Dockerfile was given (`--dockerfile`) and the image has no `org.opencontainers.image.base.name` label, or that label (often inherited from a base image) is not an image reference. Pass the Dockerfile, or label the image with its base, so the base rules can run."
  },
  {
    id: "base/stale",
    title: "Base image tag has moved on",
    policyKey: "base.requireCurrent",
    defaultSeverity: "medium",
    tags: ["base-image", "supply-chain"],
    help: "The `FROM`'s tag now points at a different digest than the one the image was built on (the `FROM`'s `@sha256:` pin, the digest in the image's SLSA provenance, or its `org.opencontainers.image.base.digest` label): the base was rebuilt, usually with security fixes, and this image does not have them. The finding names the newer digest, how many of the image's vulnerabilities the newer base fixes when it could be scanned, and newer patch and minor tags of the same base. Rebuild the image (with `--pull`), or update the pinned digest. Checked when `base.requireCurrent` is on; a registry that cannot be reached is a warning."
  },
  {
    id: "base/too-old",
    title: "Base image older than allowed",
    policyKey: "base.maxAge",
    defaultSeverity: "medium",
    tags: ["base-image", "supply-chain"],
    help: "The base image the image was built on was created (its config's `created` time) longer ago than `base.maxAge` allows. Old bases collect unfixed vulnerabilities. Move to a newer tag of the base (the finding lists newer patch and minor tags) and rebuild. A registry that cannot be reached is a warning."
  },
  {
    id: "user/root",
    title: "Image runs as root",
    policyKey: "user.forbidRoot",
    defaultSeverity: "high",
    tags: ["security", "user", "cis-docker/4.1", "dockle/CIS-DI-0001"],
    help: "The image config has no `USER`, or sets `root`, `0`, `0:0`, `root:root` or a name that the image’s `/etc/passwd` maps to UID 0, so its processes run as root unless the runtime overrides it. A compromised process then owns the container and anything mounted into it. Add `USER <non-root uid>` in the final stage (a numeric uid works with `runAsNonRoot` in Kubernetes)."
  },
  {
    id: "license/forbidden",
    title: "Package under a forbidden license",
    policyKey: "licenses.forbid",
    defaultSeverity: "high",
    tags: ["license", "supply-chain"],
    help: "The scan found a package (or a license file) under a license that `licenses.forbid` lists. Replace the package, or, when legal has cleared this use, accept it with an `allow.licenses` entry that names the license, the package, a reason and an expiry date."
  },
  {
    id: "compose/writable-bind-mount",
    title: "Compose bind mount is writable",
    policyKey: "compose.rules.writableBindMount",
    defaultSeverity: "high",
    tags: ["compose", "security", "mounts"],
    help: "A service bind-mounts a host path without `:ro` (short syntax) or `read_only: true` (long syntax), so the container can change, delete or plant files on the host. This includes named volumes whose `driver_opts` make them binds (`o: bind`, `device: PATH`), and read-only binds with `bind.recursive: writable`, whose submounts stay writable (a bind of `/dev/null`, which hides a file, is not reported). The finding points at the entry that decided the mode; when an override file replaced an entry (compose keys volumes by target, so the later entry wins whole, mode included), it points at the override. Add `:ro`, or use a named volume for data the container has to write. Accept a deliberate writable bind with an `allow.mounts` entry (service, target, reason, expiry)."
  },
  {
    id: "compose/engine-socket",
    title: "Compose service can reach the container engine",
    policyKey: "compose.rules.engineSocket",
    defaultSeverity: "critical",
    tags: ["compose", "security", "mounts", "cis-docker/5.32"],
    help: "A service mounts a container engine's API socket (Docker `/var/run/docker.sock` and `/run/docker.sock`, rootless `/run/user/*/docker.sock`, containerd, Podman, CRI-O, cri-dockerd, the Windows pipe `\\\\.\\pipe\\docker_engine`), a directory that holds one (`/var/run`, `/run`, `/run/containerd`, `/`, …), or sets `use_api_socket: true`. Whoever controls the container then controls the engine, and through it the host: it can start a privileged container that mounts `/`. `:ro` does not help, since a read-only socket still accepts API requests. Remove the mount, or put a socket proxy in between that allows only the API calls the service needs. Mounts inherited through `volumes_from` count too."
  },
  {
    id: "compose/sensitive-host-path",
    title: "Compose mount exposes a sensitive host path",
    policyKey: "compose.rules.sensitiveHostPath",
    defaultSeverity: "high",
    tags: ["compose", "security", "mounts", "cis-docker/5.6", "dockle/DKL-DI-0002"],
    help: "A service bind-mounts a host path that no container should see, read-only or not: `/` or a directory that contains a sensitive path (`/var`, `/home`, a home directory), or one of `/etc`, `/root`, `/boot`, `/proc`, `/sys`, `/dev`, `/usr`, `/bin`, `/sbin`, `/lib*`, a user's dotfiles (`/home/*/.*`, `/Users/*/.*`: SSH keys, cloud credentials), engine storage (`/var/lib/docker`, `/var/lib/containerd`, `/var/lib/containers`, `/var/lib/kubelet`), or their Windows counterparts — or anything inside them. Paths match on whole segments (`/etc` matches `/etc/ssl`, not `/etcetera`). Relative sources are the project's own files and are checked only when they climb out of it (`../../etc`). Left out as harmless: `/dev/null`, `/dev/zero`, `/dev/random`, `/dev/urandom`, `/dev/full` in any mode, and read-only the time zone (`/etc/localtime`, `/etc/timezone`, `/usr/share/zoneinfo`) and the public CA certificates (`/etc/ssl/certs`, …). Mount only the files the service needs, from the project, or pass configuration as compose `configs`/`secrets`."
  },
  {
    id: "compose/ineffective-mode",
    title: "Compose ignores this mount mode",
    policyKey: "compose.rules.ineffectiveMode",
    defaultSeverity: "high",
    tags: ["compose", "security", "mounts"],
    help: "A short-syntax volume has a mode option that compose does not know, and compose drops it without a warning. It knows exactly `ro`, `rw`, `nocopy`, `z`, `Z` and the propagations (`rprivate`, `private`, `rshared`, `shared`, `rslave`, `slave`); options are case-sensitive and split on `,`. The trap: `:RO`, `:readonly` or `:read-only` leave the mount read-write. Write `:ro`. (`cached`, `delegated` and `consistent`, old Docker Desktop hints, are ignored by compose on purpose and not reported.)"
  },
  {
    id: "compose/writable-volumes-from",
    title: "Compose volumes_from shares volumes read-write",
    policyKey: "compose.rules.writableVolumesFrom",
    defaultSeverity: "medium",
    tags: ["compose", "security", "mounts"],
    help: "A `volumes_from` entry without `:ro` gives the service every mount of another service (or container) with that mount's own mode, so it can change what the other service reads. Reported when at least one inherited mount is writable, or when the source is a container (`container:NAME`) or a service imagegate cannot see. Add `:ro` (`volumes_from: [db:ro]`), or mount the one volume the service needs."
  },
  {
    id: "compose/writable-rootfs",
    title: "Compose service root filesystem is writable",
    policyKey: "compose.requireReadOnlyRootfs",
    defaultSeverity: "medium",
    tags: ["compose", "security", "cis-docker/5.13"],
    help: "With `compose.requireReadOnlyRootfs: true`, every service must set `read_only: true`, so an attacker cannot replace binaries or drop tools into the container. Give the paths the service writes a tmpfs (`tmpfs: [/tmp, /run]`) or a volume. Off unless the policy asks for it."
  },
  {
    id: "compose/privileged",
    title: "Compose service runs privileged",
    policyKey: "compose.rules.privileged",
    defaultSeverity: "critical",
    tags: ["compose", "security", "cis-docker/5.5"],
    help: "`privileged: true` gives the container every capability and every host device, and turns off seccomp, AppArmor and the masked kernel paths: root in the container is root on the host. Grant only what the service needs with `cap_add` and `devices`."
  },
  {
    id: "compose/host-namespace",
    title: "Compose service shares a host namespace",
    policyKey: "compose.rules.hostNamespace",
    defaultSeverity: "medium",
    tags: [
      "compose",
      "security",
      "cis-docker/5.10",
      "cis-docker/5.16",
      "cis-docker/5.17",
      "cis-docker/5.21",
      "cis-docker/5.25",
      "cis-docker/5.31"
    ],
    help: "`network_mode: host`, `pid: host`, `ipc: host`, `userns_mode: host`, `uts: host` or `cgroup: host` puts the container in the host's namespace: it sees the host's network interfaces and local services, its processes (and can signal or trace them), its shared memory, its user ids, its hostname or its cgroups. Remove the setting; publish ports with `ports` instead of host networking."
  },
  {
    id: "compose/dangerous-capability",
    title: "Compose service adds a dangerous capability",
    policyKey: "compose.rules.dangerousCapability",
    defaultSeverity: "high",
    tags: ["compose", "security", "cis-docker/5.4"],
    help: "`cap_add` grants `ALL`, or a capability that is enough to escape the container: `SYS_ADMIN` (mount, namespaces, most of root), `SYS_MODULE` (load kernel modules), `SYS_RAWIO` (raw device and port access) or `DAC_READ_SEARCH` (open any host file by handle). Spellings with `CAP_` and in any case count. Grant a narrower capability, or move the privileged work out of the container."
  },
  {
    id: "compose/unconfined-profile",
    title: "Compose service turns off a security profile",
    policyKey: "compose.rules.unconfinedProfile",
    defaultSeverity: "high",
    tags: ["compose", "security", "cis-docker/5.2", "cis-docker/5.3", "cis-docker/5.22"],
    help: "`security_opt` turns off a kernel confinement: `seccomp=unconfined` (every system call allowed), `apparmor=unconfined`, `label=disable` (no SELinux separation) or `systempaths=unconfined` (the masked `/proc` and `/sys` paths exposed); the legacy `:` spellings count too. Use the default profiles, or a custom profile that allows only what the service needs."
  },
  {
    id: "compose/shared-propagation",
    title: "Compose mount uses shared propagation",
    policyKey: "compose.rules.sharedPropagation",
    defaultSeverity: "medium",
    tags: ["compose", "security", "mounts", "cis-docker/5.20"],
    help: "A bind mount with `shared` or `rshared` propagation (`:rshared`, `bind.propagation: shared`) passes mounts made inside the container back to the host, so a container that can mount can change what the host sees beneath that path. Use the default `rprivate`, or `rslave` to receive host mounts without sending any."
  },
  {
    id: "compose/secret-variable",
    title: "Compose file asks for a credential variable",
    policyKey: "compose.rules.secretVariable",
    defaultSeverity: "medium",
    tags: ["compose", "security", "secrets"],
    help: "A compose file (or its `.env`) interpolates a variable that imagegate withholds: its own (`IMAGEGATE_*`), the Action's inputs (`INPUT_*`), the runners' credentials (`GITHUB_TOKEN`, `ACTIONS_*`, `CI_JOB_TOKEN`, `CI_REGISTRY_PASSWORD`, `CI_JOB_JWT*`, …) and the names listed with `--secret-env` / the `secret-env` input. On a pull request the compose files are the contributor’s, and a value they can interpolate is a value they can copy into a report anyone on the pull request reads, so imagegate checks the file as if the variable were unset, and this finding says where it was asked for. Pass what the deployment needs under a name of its own (a deploy-time variable, a compose `secrets:` entry), not the CI job’s credentials."
  },
  {
    id: "compose/no-new-privileges",
    title: "Compose service can gain new privileges",
    policyKey: "compose.requireNoNewPrivileges",
    defaultSeverity: "medium",
    tags: ["compose", "security", "cis-docker/5.26"],
    help: "With `compose.requireNoNewPrivileges: true`, every service must set `security_opt: [no-new-privileges:true]` (`no-new-privileges`, `no-new-privileges=true` and the other spellings the engine reads as true count; the last entry wins). Without it a setuid or setgid program, or a file with capabilities, can raise the privileges of a process in the container. A daemon started with `--no-new-privileges` sets it for every container, but a compose file cannot show that. Off unless the policy asks for it (CIS Docker Benchmark 5.26)."
  },
  {
    id: "compose/memory-limit",
    title: "Compose service has no memory limit",
    policyKey: "compose.requireMemoryLimit",
    defaultSeverity: "low",
    tags: ["compose", "security", "cis-docker/5.11"],
    help: "With `compose.requireMemoryLimit: true`, every service must set `mem_limit` or `deploy.resources.limits.memory` to a bound (0 means none). Without one, a leak or an attacker in one container can take the memory every other container and the host need. Off unless the policy asks for it (CIS Docker Benchmark 5.11)."
  },
  {
    id: "compose/pids-limit",
    title: "Compose service has no PIDs limit",
    policyKey: "compose.requirePidsLimit",
    defaultSeverity: "low",
    tags: ["compose", "security", "cis-docker/5.29"],
    help: "With `compose.requirePidsLimit: true`, every service must set `pids_limit` or `deploy.resources.limits.pids` to a bound (0 and -1 mean none). Without one, a fork bomb in one container can exhaust the host's process table. Off unless the policy asks for it (CIS Docker Benchmark 5.29)."
  },
  {
    id: "compose/privileged-port",
    title: "Compose service publishes a privileged host port",
    policyKey: "compose.forbidPrivilegedPorts",
    defaultSeverity: "low",
    tags: ["compose", "security", "cis-docker/5.8"],
    help: "With `compose.forbidPrivilegedPorts: true`, no `ports` entry may publish a host port below 1024: the short syntax (`80:80`, `127.0.0.1:443:8443/tcp`, a range such as `1000-1100:1000-1100` that starts below 1024) and the long syntax (`published: 80`). Binding such a port takes root or `CAP_NET_BIND_SERVICE` on the host, and on the host those ports belong to its own services. Publish a port of 1024 or above and put a load balancer or proxy in front. An entry without a host port (`- 80`) lets the engine choose one and is not reported. Off unless the policy asks for it (CIS Docker Benchmark 5.8)."
  },
  {
    id: "allow/expired",
    title: "Allowlist entry expired",
    policyKey: "allow",
    defaultSeverity: "medium",
    tags: ["allowlist"],
    help: "An `allow` entry is past its `expires` date, so it no longer suppresses the findings it matches: they count again. The finding points at the entry in the policy file. Fix what the entry accepted (usually: upgrade the package), or review the reason and set a new expiry date."
  },
  {
    id: "allow/unused",
    title: "Allowlist entry matched nothing",
    policyKey: "allow",
    defaultSeverity: "info",
    tags: ["allowlist"],
    help: "An `allow` entry that applies to this image matched none of its scan's findings: the vulnerability, secret or license it accepts is gone, or a filter (such as `vulnerabilities.minSeverity`) already drops it. Remove the entry so the allowlist stays short and a regression is not silently accepted. Reported only when a scan ran with the scanner for that kind of entry; an `allow.mounts` entry, when compose files were checked and none of their findings matched it."
  },
  {
    id: "fs/setuid",
    title: "Unexpected setuid file",
    policyKey: "fs.setuid",
    defaultSeverity: "medium",
    tags: ["fs", "security", "cis-docker/4.8", "dockle/CIS-DI-0008"],
    help: "A file in the final filesystem has the setuid bit: whoever runs it runs it as its owner, usually root, so a flaw in it is a way from the container user to root inside the container. Base images ship a few on purpose (`passwd`, `su`, `mount`, `ping`, …): those are expected by default (`fs.setuid.allow` adds more, `fs.setuid.allowDefaults: false` drops the built-in list). Remove the bit in the instruction that installs the file (`chmod u-s`), or remove the file; the finding names the path, owner, mode and the instruction that set them."
  },
  {
    id: "fs/setgid",
    title: "Unexpected setgid file",
    policyKey: "fs.setgid",
    defaultSeverity: "low",
    tags: ["fs", "security", "cis-docker/4.8", "dockle/CIS-DI-0008"],
    help: "A file in the final filesystem has the setgid bit: it runs with its group’s rights (`shadow`, `tty`, …). Expected ones from base images (`chage`, `unix_chkpwd`, `wall`, …) are allowed by default (`fs.setgid.allow` adds more). Remove the bit (`chmod g-s`) in the instruction that installs the file. Setgid directories only set the group of new files and are not reported."
  },
  {
    id: "fs/world-writable",
    title: "World-writable file or directory",
    policyKey: "fs.worldWritable",
    defaultSeverity: "medium",
    tags: ["fs", "security"],
    help: "A file, or a directory without the sticky bit, that every user may write (mode `o+w`): any process in the container, whatever its uid, can change what another runs or reads (a script, a config, a binary), or replace files in the directory. Sticky directories such as `/tmp` (`1777`) and paths under `/proc`, `/sys` and `/dev` (the runtime mounts its own there) are not reported. Give the path to the user that needs it (`COPY --chown=app`, `chown`) with mode 755/644, or add the sticky bit to a shared directory."
  },
  {
    id: "fs/sudo",
    title: "sudo in the image",
    policyKey: "fs.sudo",
    defaultSeverity: "medium",
    tags: ["fs", "security", "dockle/DKL-DI-0001"],
    help: "The final filesystem has a `sudo` program (`/usr/bin/sudo`, `/usr/sbin/sudo`, …). A container should start as the user it needs; sudo only adds a setuid root binary and a way to regain root for whoever gets a shell. Run the privileged steps at build time (before `USER`) and do not install sudo. A busybox applet named so is not reported: only a real file."
  },
  {
    id: "fs/sshd",
    title: "SSH server in the image",
    policyKey: "fs.sshd",
    defaultSeverity: "medium",
    tags: ["fs", "security", "cis-docker/5.7"],
    help: "The final filesystem has an SSH server (`sshd`). A container is entered with `docker exec` or `kubectl exec`; an SSH server adds keys to manage, a listening daemon to patch and a second way in (CIS Docker Benchmark: ensure sshd is not run within containers). Remove the openssh-server package."
  },
  {
    id: "user/empty-password",
    title: "Account without a password",
    policyKey: "accounts.emptyPassword",
    defaultSeverity: "high",
    tags: ["user", "security", "dockle/DKL-LI-0001"],
    help: "An account with a login shell has an empty password field in `/etc/shadow` (or in `/etc/passwd`, for the accounts whose password is not in shadow): anyone who reaches a login, `su` or a PAM service can become it without a password (CVE-2019-5021 was Alpine’s root account shipped this way). Lock it (`passwd -l NAME`, or `*` in the field). Accounts whose shell refuses logins (`nologin`, `false`) are not reported. imagegate reads the account files of the final filesystem in the same pass as the layers and never reports their contents beyond account names."
  },
  {
    id: "user/duplicate-root",
    title: "Second account with UID 0",
    policyKey: "accounts.duplicateRoot",
    defaultSeverity: "high",
    tags: ["user", "security", "dockle/DKL-LI-0002"],
    help: "An account other than `root` has UID 0 in `/etc/passwd`: it is root under another name, which defeats `USER` checks by name and audits by account. Give it its own UID, or remove it."
  },
  {
    id: "user/duplicate-id",
    title: "Duplicate UID or GID",
    policyKey: "accounts.duplicateId",
    defaultSeverity: "medium",
    tags: ["user", "security", "dockle/DKL-LI-0002"],
    help: "Two accounts in `/etc/passwd` share a UID, or two groups in `/etc/group` share a GID: files owned by one are owned by the other, and a process shown as one is the other. Give each its own id (UID 0 is the rule `user/duplicate-root`)."
  },
  {
    id: "user/unknown",
    title: "USER names an account the image does not have",
    policyKey: "accounts.unknownUser",
    defaultSeverity: "high",
    tags: ["user"],
    help: "The image config’s `USER` is a name (or `name:group`) that the image’s `/etc/passwd` (or `/etc/group`) does not define, or the image has no `/etc/passwd` at all: the runtime cannot resolve it and the container does not start (`unable to find user`). Create the account in the image (`adduser`, or a line in /etc/passwd), or use a numeric `USER 10001:10001`, which needs no lookup."
  },
  {
    id: "user/accounts-unchecked",
    title: "Account file could not be checked",
    policyKey: "accounts",
    defaultSeverity: "info",
    tags: ["user"],
    help: "`/etc/passwd`, `/etc/shadow` or `/etc/group` of the final filesystem is larger than imagegate reads (1 MiB), is not a plain file (a symlink, a directory), or has lines that are not account entries, so the account rules (`user/empty-password`, `user/duplicate-root`, `user/duplicate-id`, `user/unknown`) could not check all of it. A real account database is a few kilobytes of `name:…` lines; look at how the image writes the file."
  },
  {
    id: "config/secret",
    title: "Secret in the image config or history",
    policyKey: "config.secrets",
    defaultSeverity: "high",
    tags: ["config", "security", "secrets", "cis-docker/4.10", "dockle/CIS-DI-0010"],
    help: "The image config or history holds a credential: an ENV or LABEL value, an ARG value (the builders record an ARG's default, and every build arg a RUN sees, `--build-arg` values included, in the history), or a command in the history (`curl -u user:password`, `--password=…`, an `Authorization:` header, a URL with a password, a private key, an AWS, GitHub, GitLab, Slack, Google, Stripe, npm or PyPI token by its format). Anyone who can pull the image reads it with `docker history --no-trunc` or `docker inspect`.\n\nThe finding names the variable, label or history step (`history:<n>`, oldest entry first) and shows at most the first 4 characters; imagegate replaces the value with `***` in every report and log. Rotate the secret, then pass it at build time with `RUN --mount=type=secret` and at run time through the environment or a secrets mount, never ENV, ARG or LABEL.\n\nNot reported (the false positives of name-only checks): empty values, references (`$TOKEN`, `${TOKEN}`), file paths (`/run/secrets/db`), placeholders (`changeme`, `<token>`, `***`, `xxxx`), a service name as its own default (`POSTGRES_PASSWORD=postgres`), values under 4 characters and small numbers, and names where the secret word is not the last part (`PASSWORD_FILE`, `TOKEN_URL`) or `KEY` stands alone (`GPG_KEY`). `config.secrets.names` adds name globs; accept one with `allow.findings` (subject: the name or `history:<n>`)."
  },
  {
    id: "config/expose-ssh",
    title: "Image exposes the SSH port",
    policyKey: "config.exposeSsh",
    defaultSeverity: "medium",
    tags: ["config", "security", "cis-docker/5.7"],
    help: 'The image config exposes port 22, which means an SSH server runs in the container: a second way in, with its own keys, passwords and patches to manage. Use `docker exec` (or `kubectl exec`) to get a shell and remove the EXPOSE and the SSH server. The finding points at the EXPOSE line, or the FROM line when the base image exposes it. CIS Docker Benchmark v1.6.0 5.7, "Ensure sshd is not run within containers" (5.6 before v1.5).'
  },
  {
    id: "dockerfile/add-instead-of-copy",
    title: "ADD where COPY was meant, or ADD of an unverified URL",
    policyKey: "dockerfile.addInsteadOfCopy",
    defaultSeverity: "low",
    tags: ["dockerfile", "security", "cis-docker/4.9", "dockle/CIS-DI-0009", "hadolint/DL3020"],
    help: "ADD copies like COPY, and also unpacks local tar archives and downloads URLs, so which of the three it does depends on the source. This rule reports ADD of a local file or directory that is not a tar archive (`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst`, …; or any file with `--unpack=false`) at low severity: use COPY. It reports ADD of a URL without `--checksum`, and of a git repository at a branch or tag rather than a full commit, at medium: the content is whatever the server returns on the day of the build. Add `--checksum=sha256:…` (or the commit), or download in a RUN that verifies a checksum. Sources that are variables (`ADD $FILE /`) are not judged. Answers CIS Docker Benchmark 4.9, dockle CIS-DI-0009 and hadolint DL3020 (which reports only the local case). Points at the ADD line; `subject` is `Dockerfile:line`. An `ONBUILD ADD` is checked the same way and reported at the ONBUILD line (it runs in every build FROM the image)."
  },
  {
    id: "dockerfile/pipe-to-shell",
    title: "Download piped into a shell",
    policyKey: "dockerfile.pipeToShell",
    defaultSeverity: "medium",
    tags: ["dockerfile", "security", "supply-chain", "cis-docker/4.11"],
    help: 'A RUN pipes `curl` or `wget` into a shell or interpreter (`curl … | sh`, `wget -O- … | sudo bash -s --`, `curl … | python3 -`), or runs a download through command substitution (`sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(wget -O- …)"`): code from the network runs unverified, and a compromised or changed server changes the image. `set -o pipefail` does not make it safe: the shell runs what arrived before a failure. Found in shell-form RUN, exec-form `["sh", "-c", "…"]`, heredocs run by a shell and `sh -c` scripts inside them, across line continuations. Piping into `python3 -c "…"` or `sh -c "…"` (code from the argument, data from the pipe) or into `tar` is not reported. Download to a file, verify its checksum or signature, then run it. CIS Docker Benchmark 4.11 (verified packages only) is the nearest benchmark item; hadolint DL4006 (pipefail) is a different check. Points at the RUN line. An `ONBUILD RUN` is checked the same way and reported at the ONBUILD line (it runs in every build FROM the image).'
  },
  {
    id: "dockerfile/update-alone",
    title: "Package lists updated in a RUN that installs nothing",
    policyKey: "dockerfile.updateAlone",
    defaultSeverity: "low",
    tags: ["dockerfile", "cis-docker/4.7", "dockle/CIS-DI-0007"],
    help: "A RUN refreshes the package lists (`apt-get update`, `apt update`, `aptitude update`, `apk update`, `yum`/`dnf makecache`, `zypper refresh`) and installs nothing. The build cache keeps that layer, so the RUN that installs later uses lists as old as the cache: a changed install line does not refresh them and packages can be stale or missing. Update and install in the same RUN. Not reported when the same RUN runs an installer or script that may install (`docker-php-ext-install`, `./setup.sh`, `bash install.sh`, `make`, `xargs`), since what it does is not visible. An `ONBUILD RUN` is checked the same way and reported at the ONBUILD line. Answers CIS Docker Benchmark 4.7 and dockle CIS-DI-0007."
  },
  {
    id: "dockerfile/upgrade",
    title: "Whole-image package upgrade at build time",
    policyKey: "dockerfile.upgrade",
    defaultSeverity: "low",
    tags: ["dockerfile", "dockle/DKL-DI-0003", "hadolint/DL3005"],
    help: "A RUN upgrades every package (`apt-get upgrade`, `apk upgrade`, `yum update`, `dnf upgrade`, `zypper up`) or moves to a new release (`apt-get dist-upgrade`/`full-upgrade`, `dnf distro-sync`, `zypper dup`). Upgrading named packages (`apk upgrade openssl`, `yum update openssl`) is not reported. Docker, OWASP, hadolint and dockle dropped the advice against plain upgrades in 2021 (a rebuilt image gets security fixes that way), and now report only release upgrades: hadolint DL3005 and dockle DKL-DI-0003. `dockerfile.upgrade: dist-upgrade` reports only those; `true` reports both. Points at the RUN line; an `ONBUILD RUN` is checked the same way and reported at the ONBUILD line."
  },
  {
    id: "dockerfile/no-healthcheck",
    title: "Image without a healthcheck",
    policyKey: "dockerfile.noHealthcheck",
    defaultSeverity: "low",
    tags: ["dockerfile", "runtime", "cis-docker/4.6", "dockle/CIS-DI-0006", "hadolint/DL3057"],
    help: "The image has no HEALTHCHECK: not in the stage that produced it, not in the stages it is built FROM, not in its base image (the image config is read), and no compose service that builds or runs the image sets a `healthcheck.test` (later also Kubernetes probes). Without one, the engine cannot tell a hung container from a working one. Only the image the build produces is checked, never builder stages. `HEALTHCHECK NONE` is a deliberate choice written where reviewers see it and is not reported, nor is a compose healthcheck with `disable: true` counted as one. An `ONBUILD HEALTHCHECK` belongs to the images built FROM this one, not to this image, and does not count. Points at the FROM line of the final stage (where the stage starts), or at the image without a Dockerfile; `subject` is `Dockerfile:line` or the image name. Off in recommended.yml. Answers CIS Docker Benchmark 4.6, dockle CIS-DI-0006 and hadolint DL3057."
  },
  {
    id: "vex/unused",
    title: "VEX statement matched nothing",
    policyKey: "vulnerabilities.vex",
    defaultSeverity: "info",
    tags: ["vex", "allowlist"],
    help: "A statement of a VEX document (`vulnerabilities.vex`, `--vex`) matched no vulnerability finding of this image's scan: the vulnerability is gone, the statement names another product (image digest, repository or package purl), or a filter already drops the finding. Remove it, or fix its product, so the document stays a true record. Reported only when a vulnerability scan ran."
  },
  {
    id: "provenance/missing",
    title: "Image carries no SLSA provenance",
    policyKey: "provenance.required",
    defaultSeverity: "high",
    tags: ["provenance", "supply-chain"],
    help: "The policy requires SLSA provenance (`provenance.required`), and none (v0.2 or v1 predicate) was found attached to the image: neither a BuildKit attestation manifest in the image's index nor an OCI referrer. Build with `docker buildx build --provenance=mode=max` (or attach provenance with your CI), and push the index. An image read from the daemon or a docker-archive keeps no attestations: read it from its registry or an OCI layout."
  },
  {
    id: "provenance/untrusted-builder",
    title: "Provenance names a builder the policy does not trust",
    policyKey: "provenance.builderIds",
    defaultSeverity: "high",
    tags: ["provenance", "supply-chain"],
    help: "The builder id of the image's SLSA provenance (v1 `runDetails.builder.id`, v0.2 `builder.id`) matches none of `provenance.builderIds`, or is empty. Build on a trusted builder, or add its id to the list. Unless `provenance.signers` is set, the provenance says what whoever could push the image wrote."
  },
  {
    id: "provenance/untrusted-source",
    title: "Provenance names a source the policy does not allow",
    policyKey: "provenance.sources",
    defaultSeverity: "high",
    tags: ["provenance", "supply-chain"],
    help: "The source repository (or its ref) in the image's SLSA provenance matches none of `provenance.sources`, or the provenance names no source. Build from an allowed repository and ref, or add it to the list."
  },
  {
    id: "provenance/unpinned-base",
    title: "Base image in the provenance is not pinned or not allowed",
    policyKey: "provenance.basesPinned",
    defaultSeverity: "high",
    tags: ["provenance", "supply-chain", "base"],
    help: "A base image among the provenance's materials (v0.2) or resolved dependencies (v1) carries no sha256 digest, or is not allowed by `base.allow`. The provenance records the base that was really used, which a Dockerfile FROM with a tag does not. Pin the FROM by digest and use an allowed base."
  },
  {
    id: "provenance/invalid-signature",
    title: "Provenance not signed by a signer the policy names",
    policyKey: "provenance.signers",
    defaultSeverity: "high",
    tags: ["provenance", "supply-chain", "signature"],
    help: "The policy names who must sign the provenance (`provenance.signers`), and this provenance document is not signed by one of them: it is a bare statement (BuildKit attestation manifests are never signed), its DSSE envelope or Sigstore bundle does not verify (signature, certificate chain, transparency log), it names another image's digest, or a signer the policy does not name made it. Only verified provenance is then checked against builderIds, sources and basesPinned. Attest the image with the named identity (e.g. `actions/attest-build-provenance` with `push-to-registry: true`) or key (`cosign attest --key`)."
  },
  {
    id: "signature/missing",
    title: "No signature by an allowed signer",
    policyKey: "signatures",
    defaultSeverity: "high",
    tags: ["signature", "supply-chain"],
    help: "The policy names who must sign this image (`signatures.image` with `required: true`) or a base image that matches a `signatures.bases` entry, and no signature was found on it in its registry: neither a cosign `sha256-<digest>.sig` tag nor a Sigstore bundle attached as an OCI referrer. Sign the image (`cosign sign`) with a key or identity the policy names, or use a base its publisher signs. Points at the base's FROM line or at the image. An image read from the daemon or a docker-archive keeps no signatures: read it by registry reference or from an OCI layout directory."
  },
  {
    id: "signature/invalid",
    title: "Signature does not verify",
    policyKey: "signatures",
    defaultSeverity: "high",
    tags: ["signature", "supply-chain"],
    help: "A signature was found on the image or base, and none by an allowed signer verifies, and at least one is broken: its payload was changed after signing, it signs another digest, its certificate does not chain to the trusted Fulcio roots at signing time (expired, another CA), or its transparency-log entry is missing or does not verify against the trusted Rekor keys. The message lists each signature found and why it failed. Re-sign the image, or find who pushed the broken signature."
  },
  {
    id: "signature/untrusted-signer",
    title: "Signed, but not by a signer the policy allows",
    policyKey: "signatures",
    defaultSeverity: "high",
    tags: ["signature", "supply-chain"],
    help: "The signatures found on the image or base verify, but none was made by a key or keyless identity (OIDC issuer and subject) among the policy's `signers`. The message names who did sign. Add that signer to the policy if you trust it, or use an image signed by one you do."
  },
  {
    id: "k8s/engine-socket",
    title: "Kubernetes container can reach the container engine",
    policyKey: "kubernetes.rules.engineSocket",
    defaultSeverity: "critical",
    tags: ["kubernetes", "security", "mounts"],
    help: "A `hostPath` volume mounted into a container is a container engine's API socket (Docker, containerd, CRI-O, Podman, cri-dockerd; the same list as `compose/engine-socket`) or a directory that holds one (`/var/run`, `/run/containerd`, `/`). Whoever controls the container controls the node: it can start a privileged container beside it. `readOnly: true` does not help, since a read-only socket still takes API requests. Remove the volume, or give the workload a narrower API (a socket proxy that allows only what it needs)."
  },
  {
    id: "k8s/sensitive-host-path",
    title: "Kubernetes hostPath exposes a sensitive node path",
    policyKey: "kubernetes.rules.sensitiveHostPath",
    defaultSeverity: "high",
    tags: ["kubernetes", "security", "mounts", "pss/baseline"],
    help: "A container mounts a `hostPath` volume that is, is inside or contains a node path no container should see (the same list and path-boundary matching as `compose/sensitive-host-path`: `/`, `/etc`, `/root`, `/proc`, `/sys`, `/dev`, `/var/lib/kubelet`, engine storage, dotfiles in home directories …), read-only or not. Read-only, the time zone and the public CA certificates are left out. Use a configMap, a secret or a projected volume for configuration, and a persistent volume for data."
  },
  {
    id: "k8s/writable-host-path",
    title: "Kubernetes hostPath mounted writable",
    policyKey: "kubernetes.rules.writableHostPath",
    defaultSeverity: "high",
    tags: ["kubernetes", "security", "mounts", "pss/baseline"],
    help: "A container mounts a `hostPath` volume without `readOnly: true` on the volumeMount (hostPath volumes have no read-only of their own), so it can change, delete or plant files on the node. Set `readOnly: true` on the volumeMount when it only reads, or use a persistent volume for data it writes. Accept a deliberate writable hostPath with an `allow.mounts` entry (service: the workload name, target, reason, expiry)."
  },
  {
    id: "k8s/host-path-create",
    title: "Kubernetes hostPath creates a path on a system directory",
    policyKey: "kubernetes.rules.hostPathCreate",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "mounts"],
    help: "A `hostPath` volume of type `DirectoryOrCreate` or `FileOrCreate` on a sensitive node path (as `k8s/sensitive-host-path` lists them): the kubelet creates what is missing there, as root, on every node the pod lands on. Use the exact type (`Directory`, `File`, `Socket`) so a missing path fails the pod instead of being created, or a path of its own."
  },
  {
    id: "k8s/host-path-subpath",
    title: "Kubernetes subPath mount into a hostPath volume",
    policyKey: "kubernetes.rules.hostPathSubPath",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "mounts"],
    help: "A volumeMount with `subPath` or `subPathExpr` into a `hostPath` volume. A container that can write the volume can turn the sub-path into a symbolic link that the kubelet then follows on the node (CVE-2017-1002101, CVE-2021-25741). Mount the directory itself, read-only."
  },
  {
    id: "k8s/writable-mount",
    title: "Kubernetes volume mounted writable where the policy wants it read-only",
    policyKey: "kubernetes.readOnlyVolumeTypes",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "mounts"],
    help: "A container mounts a volume of a type that `kubernetes.readOnlyVolumeTypes` lists (`persistentVolumeClaim`, `csi`, `nfs`, `emptyDir`, `volumeClaimTemplate`, …) read-write: neither the volumeMount nor the volume sets `readOnly: true`. Set `readOnly: true` on the volumeMount (or on the claim, for every mount of it). Off unless the policy lists types; accept a deliberate one with `allow.mounts`."
  },
  {
    id: "k8s/writable-rootfs",
    title: "Kubernetes container root filesystem is writable",
    policyKey: "kubernetes.requireReadOnlyRootfs",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security"],
    help: "With `kubernetes.requireReadOnlyRootfs: true`, every container must set `securityContext.readOnlyRootFilesystem: true`, so nothing can replace its programs or drop tools into it. Give the paths it writes an `emptyDir` (with a `sizeLimit`). Off unless the policy asks for it."
  },
  {
    id: "k8s/storage-limit",
    title: "Kubernetes scratch storage without a limit",
    policyKey: "kubernetes.requireStorageLimits",
    defaultSeverity: "low",
    tags: ["kubernetes", "mounts", "quota"],
    help: "With `kubernetes.requireStorageLimits: true`: an `emptyDir` volume without `sizeLimit`, or a container without `resources.limits.ephemeral-storage`. Without them a container can fill the node disk and have every pod on it evicted. Set the limits. Off unless the policy asks for it."
  },
  {
    id: "k8s/privileged",
    title: "Kubernetes container runs privileged",
    policyKey: "kubernetes.rules.privileged",
    defaultSeverity: "critical",
    tags: ["kubernetes", "security", "pss/baseline"],
    help: "`securityContext.privileged: true` gives the container every capability and every node device, with no seccomp, AppArmor or masked paths: root in the container is root on the node. Grant only the capabilities it needs."
  },
  {
    id: "k8s/privilege-escalation",
    title: "Kubernetes container may gain privileges",
    policyKey: "kubernetes.rules.privilegeEscalation",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "pss/restricted"],
    help: "`allowPrivilegeEscalation: true`, or (with `kubernetes.requireNoPrivilegeEscalation: true`, as the restricted Pod Security Standard asks) not set to `false`: a process can gain more privileges than its parent, through setuid programs or file capabilities. Set `allowPrivilegeEscalation: false`."
  },
  {
    id: "k8s/host-namespace",
    title: "Kubernetes pod shares a node namespace",
    policyKey: "kubernetes.rules.hostNamespace",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "pss/baseline"],
    help: "`hostNetwork`, `hostPID` or `hostIPC` true: the pod shares the node's network stack (and every service listening on its localhost), its processes or its shared memory. Remove the setting; expose ports with a Service."
  },
  {
    id: "k8s/dangerous-capability",
    title: "Kubernetes container adds a capability beyond the allowlist",
    policyKey: "kubernetes.allowedCapabilities",
    defaultSeverity: "high",
    tags: ["kubernetes", "security", "pss/baseline"],
    help: "`securityContext.capabilities.add` names a capability that `kubernetes.allowedCapabilities` does not list; without that list, one enough to escape the container (the same as `compose/dangerous-capability`: `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `DAC_READ_SEARCH`). Grant a narrower capability."
  },
  {
    id: "k8s/unconfined-profile",
    title: "Kubernetes container turns off a kernel confinement",
    policyKey: "kubernetes.rules.unconfinedProfile",
    defaultSeverity: "high",
    tags: ["kubernetes", "security", "pss/baseline"],
    help: "`seccompProfile.type: Unconfined` (every system call allowed), `appArmorProfile.type: Unconfined` or the AppArmor annotation `unconfined`, `procMount: Unmasked` (the masked `/proc` paths exposed), or `seLinuxOptions` with a type other than `container_t`, `container_init_t`, `container_kvm_t`, `container_engine_t`, or with a user or role, on the container or inherited from the pod's securityContext. Use `RuntimeDefault` or a profile of your own."
  },
  {
    id: "k8s/service-account-token",
    title: "Kubernetes pod mounts its service-account token",
    policyKey: "kubernetes.rules.serviceAccountToken",
    defaultSeverity: "low",
    tags: ["kubernetes", "security"],
    help: "`automountServiceAccountToken` is not `false` on the pod, so every container gets a token for the Kubernetes API at /var/run/secrets/kubernetes.io/serviceaccount: whoever takes the container can act as the service account. Set `automountServiceAccountToken: false` unless the workload calls the API."
  },
  {
    id: "k8s/host-path-volume",
    title: "Kubernetes pod has a hostPath volume",
    policyKey: "kubernetes.forbidHostPath",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "mounts", "pss/baseline"],
    help: "With `kubernetes.forbidHostPath: true` (the baseline Pod Security Standard), any `hostPath` volume, whatever it mounts and however: a pod should not depend on the files of the node it lands on. Use a configMap, a secret, a persistent volume or an emptyDir. Off unless the policy asks for it; the host-path rules above judge the paths themselves."
  },
  {
    id: "k8s/volume-type",
    title: "Kubernetes volume of a type the policy does not allow",
    policyKey: "kubernetes.allowedVolumeTypes",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "mounts", "pss/restricted"],
    help: "A volume whose type `kubernetes.allowedVolumeTypes` does not list. The restricted Pod Security Standard allows `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `persistentVolumeClaim`, `projected` and `secret` (a StatefulSet's `volumeClaimTemplates` are claims). Off unless the policy lists types."
  },
  {
    id: "k8s/host-port",
    title: "Kubernetes container binds a node port",
    policyKey: "kubernetes.rules.hostPort",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "pss/baseline"],
    help: "A container port with a `hostPort`: the pod takes that port on the node's interfaces, outside the Service and NetworkPolicy model, and at most one such pod fits on a node. Expose the port with a Service instead."
  },
  {
    id: "k8s/run-as-root",
    title: "Kubernetes container may run as root",
    policyKey: "kubernetes.requireRunAsNonRoot",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "pss/restricted"],
    help: "With `kubernetes.requireRunAsNonRoot: true` (the restricted Pod Security Standard): a container whose effective security context (its own over the pod's) sets neither `runAsNonRoot: true` nor a non-zero `runAsUser`, or sets `runAsUser: 0`. Set `runAsNonRoot: true` on the pod, and a non-root USER in the image."
  },
  {
    id: "k8s/image-runs-as-root",
    title: "Kubernetes container runs the image under test as root",
    policyKey: "kubernetes.rules.imageRunsAsRoot",
    defaultSeverity: "high",
    tags: ["kubernetes", "security", "image"],
    help: "A container whose `image:` is the image under test (the same digest, or the same repository when the manifest names a tag) leaves the user to the image — neither `runAsNonRoot: true` nor a non-zero `runAsUser`, its own or the pod's — and the image's USER is root (no USER, `USER 0`, or a name that /etc/passwd maps to uid 0). The manifest and the image each leave it open; together the container runs as root. Set `runAsNonRoot: true` and a `runAsUser`, or give the image a non-root USER."
  },
  {
    id: "k8s/image-volume-unmounted",
    title: "Kubernetes container leaves a VOLUME of the image under test in its writable layer",
    policyKey: "kubernetes.rules.imageVolumeUnmounted",
    defaultSeverity: "medium",
    tags: ["kubernetes", "mounts", "image"],
    help: "A container runs the image under test, the image declares a `VOLUME`, and the pod neither mounts a volume at (or above) that path nor sets `readOnlyRootFilesystem: true`. Kubernetes ignores `VOLUME`: what the image keeps there (a database, a cache, uploads) goes to the container's writable layer, is lost when the container restarts, and counts against the node's ephemeral storage. Mount a persistent volume (data to keep) or an emptyDir with a `sizeLimit` (scratch) at the path."
  },
  {
    id: "compose/image-runs-as-root",
    title: "Compose service runs the image under test as root",
    policyKey: "compose.rules.imageRunsAsRoot",
    defaultSeverity: "high",
    tags: ["compose", "security", "image"],
    help: "A service whose `image:` is the image under test (the same digest, or the same repository when the file names a tag) sets no `user:` (or `user: root` / `0`), and the image's USER is root: the service runs as root. Set `user:` to a non-root uid, or give the image a non-root USER."
  },
  {
    id: "k8s/unsafe-sysctl",
    title: "Kubernetes pod sets an unsafe sysctl",
    policyKey: "kubernetes.rules.unsafeSysctl",
    defaultSeverity: "medium",
    tags: ["kubernetes", "security", "pss/baseline"],
    help: "`securityContext.sysctls` names a sysctl outside the safe set of the baseline Pod Security Standard (`kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports`, `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`): it can affect other pods or the node. Set it on the node instead."
  },
  {
    id: "compose/image-volume-anonymous",
    title: "Compose service keeps a VOLUME of the image under test in an anonymous volume",
    policyKey: "compose.rules.imageVolumeAnonymous",
    defaultSeverity: "low",
    tags: ["compose", "mounts", "image"],
    help: "A service runs the image under test, the image declares a `VOLUME`, and the service mounts nothing at (or above) that path. The engine then creates an anonymous volume there: the data lives in an unnamed volume that `docker compose down -v` deletes and that backups and `volumes:` reviews do not see, and it stays writable even with `read_only: true`. Mount a named volume (data to keep) or a tmpfs (scratch) at the path."
  },
  {
    id: "scan/db-too-old",
    title: "Vulnerability DB older than the policy allows",
    policyKey: "scan.maxDbAge",
    defaultSeverity: "high",
    tags: ["vulnerabilities", "offline"],
    help: "The Trivy vulnerability DB the scan used was updated (its `UpdatedAt`) longer ago than `scan.maxDbAge`, so vulnerabilities published since are missing from the results. Offline runs use the cached DB whatever its age; this rule is how the policy bounds it. The finding points at `scan.maxDbAge` in the policy file. Bring a newer DB (`imagegate offline bundle` where there is network, then `--offline-bundle`), or run online."
  }
];
var RULE_FAMILIES = [
  {
    pattern: "vuln/<id>",
    title: "Vulnerability found by the scan (one rule per CVE, GHSA, … id)",
    policyKey: "vulnerabilities",
    severity: "the scanner's (UNKNOWN: `vulnerabilities.unknownSeverity`)"
  },
  {
    pattern: "secret/<rule>",
    title: "Secret found in the image (one rule per Trivy secret rule)",
    policyKey: "secrets.forbid",
    severity: "the scanner's"
  }
];
var RULES = catalog;
var byId = new Map(RULES.map((rule) => [rule.id, rule]));
function ruleById(id) {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule id ${id}`);
  return rule;
}
function isRuleId(id) {
  return byId.has(id);
}

export {
  RULE_FAMILIES,
  RULES,
  ruleById,
  isRuleId
};
//# sourceMappingURL=chunk-YHFRDE34.js.map
