import { mapGet } from '../compose/loader/node.js';
import type { ComposeProject } from '../compose/types.js';
import type { Finding } from '../model/findings.js';
import { code, md } from '../util/markdown-message.js';
import { composeFinding } from './compose-finding.js';
import { referenceRunsImage, type ImageUnderTest } from './k8s-image-join.js';

/**
 * The image joined in for compose (issue 16 item 7): a service whose `image:` is the image under test and that sets
 * no non-root `user:` runs as the image's USER; when that is root, the service runs as root.
 */
export function composeImageJoinFindings(projects: readonly ComposeProject[], image: ImageUnderTest): Finding[] {
  if (!image.user.root) return [];
  return projects.flatMap((project) =>
    project.services.flatMap((service) => {
      const imageNode = mapGet(service.body, 'image');
      if (imageNode?.kind !== 'scalar' || typeof imageNode.value !== 'string') return [];
      if (!referenceRunsImage(imageNode.value, image)) return [];
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
          message: md`Service ${code(service.name)} runs the image under test (${code(imageNode.value)}), which ${how}, and ${setting}: it runs as root. Set \`user:\` to a non-root uid, or give the image a non-root USER.`,
          position: name === '' ? imageNode.position : userNode!.position,
          key: ['image-user'],
          properties: { image: imageNode.value },
        }),
      ];
    }),
  );
}
