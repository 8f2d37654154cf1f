import { mapGet } from '../compose/loader/node.js';
import path from 'node:path';
import { serviceMounts } from '../compose/mounts/mounts.js';
import type { ComposeProject, ComposeScalar, ComposeService } from '../compose/types.js';
import type { Finding } from '../model/findings.js';
import { code, md } from '../util/markdown-message.js';
import { composeFinding } from './compose-finding.js';
import { referenceRunsImage, type ImageUnderTest } from './k8s-image-join.js';

/**
 * The image joined in for compose (issue 16 item 7): a service whose `image:` is the image under test and that sets
 * no non-root `user:` runs as the image's USER; when that is root, the service runs as root.
 */
export function composeImageJoinFindings(projects: readonly ComposeProject[], image: ImageUnderTest): Finding[] {
  return projects.flatMap((project) =>
    project.services.flatMap((service) => {
      const imageNode = mapGet(service.body, 'image');
      if (imageNode?.kind !== 'scalar' || typeof imageNode.value !== 'string') return [];
      if (!referenceRunsImage(imageNode.value, image)) return [];
      return [
        ...anonymousVolumeFindings(project, service, imageNode, image),
        ...rootUserFindings(project, service, imageNode, image),
      ];
    }),
  );
}

function anonymousVolumeFindings(
  project: ComposeProject,
  service: ComposeService,
  imageNode: ComposeScalar,
  image: ImageUnderTest,
): Finding[] {
  if (!image.volumes) return [];
  const targets = serviceMounts(service, project).map(
    (mount) => path.posix.normalize(mount.target).replace(/\/+$/, '') || '/',
  );
  const readOnly = mapGet(service.body, 'read_only');
  const readOnlyNote =
    readOnly?.kind === 'scalar' && readOnly.value === true ? md` With \`read_only: true\` it is still writable.` : md``;
  return image.volumes.flatMap((volume) => {
    const target = path.posix.normalize(volume);
    if (targets.some((each) => each === target || each === '/' || target.startsWith(`${each}/`))) return [];
    return [
      composeFinding('compose/image-volume-anonymous', project, {
        service: service.name,
        message: md`Service ${code(service.name)} runs the image under test (${code(String(imageNode.value))}), which declares \`VOLUME ${volume}\`, and mounts nothing there: the engine creates an anonymous volume, which \`docker compose down -v\` deletes and backups do not see.${readOnlyNote} Mount a named volume or a tmpfs at ${volume}.`,
        position: imageNode.position,
        key: ['image-volume', target],
        properties: { target: volume, image: String(imageNode.value) },
      }),
    ];
  });
}

function rootUserFindings(
  project: ComposeProject,
  service: ComposeService,
  imageNode: ComposeScalar,
  image: ImageUnderTest,
): Finding[] {
  if (!image.user.root) return [];
  const userNode = mapGet(service.body, 'user');
  const user = userNode?.kind === 'scalar' && userNode.value !== null ? String(userNode.value).trim() : '';
  const name = user.split(':')[0] ?? '';
  if (name !== '' && name !== 'root' && name !== '0') return [];
  const how =
    image.user.via === 'no-user'
      ? md`sets no USER`
      : image.user.via === 'passwd'
        ? md`sets USER ${code(image.userText)}, uid 0 in its /etc/passwd`
        : md`sets USER ${code(image.userText)}`;
  const setting = name === '' ? md`sets no \`user:\`` : md`sets ${code(`user: ${user}`)}`;
  return [
    composeFinding('compose/image-runs-as-root', project, {
      service: service.name,
      message: md`Service ${code(service.name)} runs the image under test (${code(String(imageNode.value))}), which ${how}, and ${setting}: it runs as root. Set \`user:\` to a non-root uid, or give the image a non-root USER.`,
      position: name === '' || !userNode ? imageNode.position : userNode.position,
      key: ['image-user'],
      properties: { image: String(imageNode.value) },
    }),
  ];
}
