import path from 'node:path';
import type { Container, Workload } from '../k8s/types.js';
import type { Finding } from '../model/findings.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import { code, md } from '../util/markdown-message.js';
import { k8sFinding, subject } from './k8s-finding.js';
import { resolveUser, type ResolvedUser } from './user-resolution.js';
import type { ImageFacts } from '../image/facts.js';
import { isRootUser } from './user.js';

/**
 * The image joined in (issue 16 item 7): where a container runs the image under test, the image's facts decide
 * what the manifest leaves open. Matching: a manifest reference with a digest matches the image's manifest digest
 * (or one of its repo digests); one with a tag matches by repository (`registry/repository`), since the tag in the
 * manifest and the image under test's tag usually differ (a release tag vs. a CI build).
 */

export interface ImageUnderTest {
  reference?: ImageReference;
  /** The manifest digest and the repo digests' digests (`sha256:…`). */
  digests: readonly string[];
  user: ResolvedUser;
  /** The USER as written in the config (`''` when none). */
  userText: string;
  /** The config's VOLUME paths. */
  volumes?: readonly string[];
}

/** The image under test as the join needs it, from its facts. */
export function imageUnderTest(image: ImageFacts, reference: ImageReference | undefined): ImageUnderTest {
  const userText = image.config.user.trim();
  const accounts = image.contents?.filesystem?.accounts;
  const user: ResolvedUser = accounts
    ? resolveUser(userText, accounts)
    : userText === ''
      ? { root: true, uid: 0, via: 'no-user' }
      : { root: isRootUser(userText), via: 'name' };
  const digests = [image.digest, ...image.repoDigests.map((each) => each.slice(each.indexOf('@') + 1))].filter(
    (each): each is string => each !== undefined && each.startsWith('sha256:'),
  );
  return {
    ...(reference ? { reference } : {}),
    digests,
    user,
    userText,
    ...(image.config.volumes ? { volumes: image.config.volumes } : {}),
  };
}

export function containerRunsImage(container: Container, image: ImageUnderTest): boolean {
  return container.image !== undefined && referenceRunsImage(container.image.value, image);
}

/** Whether a reference written in a manifest or compose file names the image under test. */
export function referenceRunsImage(text: string, image: ImageUnderTest): boolean {
  let written: ImageReference;
  try {
    written = parseImageReference(text);
  } catch {
    // A templated or invalid reference (`{{ .Values.image }}`) is not the image under test.
    return false;
  }
  if (written.digest) return image.digests.includes(written.digest);
  return image.reference !== undefined && written.name === image.reference.name;
}

export function imageJoinFindings(workloads: readonly Workload[], image: ImageUnderTest): Finding[] {
  const findings: Finding[] = [];
  for (const workload of workloads) {
    for (const container of workload.containers) {
      if (!containerRunsImage(container, image)) continue;
      findings.push(...volumeFindings(workload, container, image));
      if (!image.user.root) continue;
      const context = container.securityContext;
      const runAsUser = context['runAsUser']?.value;
      if (context['runAsNonRoot']?.value === true || (typeof runAsUser === 'number' && runAsUser > 0)) continue;
      const how =
        image.user.via === 'no-user'
          ? md`sets no USER`
          : image.user.via === 'passwd'
            ? md`sets USER ${code(image.userText)}, uid 0 in its /etc/passwd`
            : md`sets USER ${code(image.userText)}`;
      findings.push(
        k8sFinding('k8s/image-runs-as-root', {
          workload,
          container,
          message: md`${subject(workload, container)} runs the image under test (${code(container.image!.value)}), which ${how}, and sets neither \`runAsNonRoot: true\` nor a non-zero \`runAsUser\` (nor does the pod): it runs as root. Set \`runAsNonRoot: true\` and a \`runAsUser\`, or give the image a non-root USER.`,
          position: container.image!.position,
          key: ['image-user'],
          properties: { image: container.image!.value },
        }),
      );
    }
  }
  return findings;
}

/** VOLUMEs of the image that no mount covers (at or above the path) while the root filesystem is writable. */
function volumeFindings(workload: Workload, container: Container, image: ImageUnderTest): Finding[] {
  if (!image.volumes || container.securityContext['readOnlyRootFilesystem']?.value === true) return [];
  return image.volumes.flatMap((volume) => {
    const target = path.posix.normalize(volume);
    const covered = container.mounts.some((mount) => {
      const mountPath = path.posix.normalize(mount.mountPath).replace(/\/+$/, '') || '/';
      return mountPath === target || mountPath === '/' || target.startsWith(`${mountPath}/`);
    });
    if (covered) return [];
    return [
      k8sFinding('k8s/image-volume-unmounted', {
        workload,
        container,
        message: md`${subject(workload, container)} runs the image under test, which declares \`VOLUME ${volume}\`, and mounts nothing there, with a writable root filesystem: Kubernetes ignores VOLUME, so what the image keeps at ${volume} goes to the container's writable layer, is lost on restart and counts against the node's ephemeral storage. Mount a persistent volume or an emptyDir (with a \`sizeLimit\`) at ${volume}.`,
        position: container.image!.position,
        key: ['image-volume', target],
        properties: { target: volume, image: container.image!.value },
      }),
    ];
  });
}
