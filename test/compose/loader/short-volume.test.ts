import { isHostPathSource, parseShortVolume } from '../../../src/compose/loader/short-volume.js';

describe('short volume specs as compose splits them', () => {
  it.each([
    ['./data:/data:ro', { source: './data', target: '/data', mode: 'ro' }],
    ['/var/run/docker.sock:/var/run/docker.sock', { source: '/var/run/docker.sock', target: '/var/run/docker.sock' }],
    ['C:\\data:/data:ro', { source: 'C:\\data', target: '/data', mode: 'ro' }],
    ['data:/data:rw,Z', { source: 'data', target: '/data', mode: 'rw,Z' }],
    ['/anonymous', { source: '', target: '/anonymous' }],
    ['/a', { source: '', target: '/a' }],
    ['${SRC:-/x}:/y:ro', { source: '${SRC:-/x}', target: '/y', mode: 'ro' }],
    ['x:/y', { source: '', target: 'x:/y' }],
  ])('%s', (spec, volume) => {
    expect(parseShortVolume(spec)).toEqual({ ok: true, volume });
  });

  it('rejects what compose rejects', () => {
    expect(parseShortVolume('')).toEqual({ ok: false, error: 'invalid empty volume spec' });
    expect(parseShortVolume(':/media')).toEqual({
      ok: false,
      error: 'invalid spec: :/media: empty section between colons',
    });
    expect(parseShortVolume('/a:/b:ro:z')).toEqual({ ok: false, error: 'invalid spec: /a:/b:ro:z: too many colons' });
  });

  it('tells host paths from volume names as compose does', () => {
    expect(['./x', '/x', '~/x', '\\\\.\\pipe\\docker_engine', 'C:\\x', 'c:/x'].every(isHostPathSource)).toBe(true);
    expect(['data', '', 'my-volume'].some(isHostPathSource)).toBe(false);
  });
});
