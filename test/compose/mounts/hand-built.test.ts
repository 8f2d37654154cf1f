import { serviceMounts } from '../../../src/compose/mounts/mounts.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { buildProject } from './tree.js';

/** Models built by hand: what serviceMounts does with values the loader would have normalized. */

function mountsOf(body: Record<string, unknown>, options: Parameters<typeof buildProject>[1] = {}) {
  const project = buildProject({ app: body }, options);
  return serviceMounts(project.services[0]!, project);
}

describe('serviceMounts on hand-built models', () => {
  it('reads read_only written as a string, as compose casts it', () => {
    const mounts = mountsOf({
      volumes: [
        { type: 'bind', source: './a', target: '/a', read_only: 'true' },
        { type: 'bind', source: './b', target: '/b', read_only: 'false' },
        { type: 'bind', source: './c', target: '/c', read_only: 'yes' },
      ],
    });
    expect(mounts.map((mount) => [mount.source, mount.readOnly])).toEqual([
      ['/srv/app/a', true],
      ['/srv/app/b', false],
      ['/srv/app/c', true],
    ]);
  });

  it('refuses a read_only that is no boolean, at its value', () => {
    expect(() => mountsOf({ volumes: [{ type: 'bind', source: './a', target: '/a', read_only: 'maybe' }] })).toThrow(
      new ConfigurationError('services.app.volumes[0].read_only: expected true or false, found the string "maybe"', {
        path: 'compose.yaml',
        line: 7,
        column: 1,
      }),
    );
  });

  it("resolves relative sources against the service's working directory when nodes carry no baseDir", () => {
    const mounts = mountsOf({ volumes: ['./x:/x', '~/y:/y'] }, { projectDir: '/work/p', homeDir: '/root' });
    expect(mounts.map((mount) => mount.source)).toEqual(['/work/p/x', '/root/y']);
  });

  it('needs a target in long syntax and a list for volumes', () => {
    expect(() => mountsOf({ volumes: [{ type: 'bind', source: '/a' }] })).toThrow(
      'services.app.volumes[0]: a volume in long syntax needs a `target`',
    );
    expect(() => mountsOf({ volumes: './a:/a' })).toThrow('services.app.volumes: expected a list');
    expect(() => mountsOf({ volumes: [42] })).toThrow(
      'services.app.volumes[0]: expected a volume such as ./data:/data:ro or a map with type, source and target, found the number 42',
    );
    expect(() => mountsOf({ volumes_from: [''] })).toThrow('services.app.volumes_from[0]: expected a service name');
  });

  it('reads a bind volume whose device is relative against the project directory', () => {
    const mounts = mountsOf(
      { volumes: ['data:/data'] },
      { projectDir: '/work/p', volumes: { data: { driver_opts: { type: 'none', o: 'bind', device: './d' } } } },
    );
    expect(mounts[0]).toMatchObject({ type: 'bind', source: '/work/p/d', namedVolume: { name: 'data' } });
  });
});
