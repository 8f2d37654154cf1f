import { parseCreatedBy, type CreatedBy } from '../../src/dockerfile/created-by.js';

// Every string below was recorded by Docker 20.10 (BuildKit v0.8 and the classic builder), copied from real images
// (Trivy's fixtures), or is the form current BuildKit's source writes.
describe('parseCreatedBy', () => {
  test.each<[string, CreatedBy]>([
    // BuildKit
    [
      'RUN /bin/sh -c echo built > /built # buildkit',
      { keyword: 'RUN', certainty: 'written', builder: 'buildkit', text: 'echo built > /built' },
    ],
    [
      'RUN |2 X=1 Y= /bin/sh -c echo $X > /x # buildkit',
      { keyword: 'RUN', certainty: 'written', builder: 'buildkit', text: 'echo $X > /x' },
    ],
    [
      'RUN |1 V=7 /bin/busybox --install -s /bin # buildkit',
      { keyword: 'RUN', certainty: 'written', builder: 'buildkit', text: '/bin/busybox --install -s /bin' },
    ],
    [
      'RUN /bin/sh -c echo heredoc > /h\n # buildkit',
      { keyword: 'RUN', certainty: 'written', builder: 'buildkit', text: 'echo heredoc > /h' },
    ],
    [
      'COPY /bin/busybox /bin/busybox # buildkit',
      { keyword: 'COPY', certainty: 'written', builder: 'buildkit', text: '/bin/busybox /bin/busybox' },
    ],
    [
      'COPY --chown=1000:1000 --chmod=755 app.txt ./ # buildkit',
      { keyword: 'COPY', certainty: 'written', builder: 'buildkit', text: 'app.txt ./' },
    ],
    ['ADD dir /dir/ # buildkit', { keyword: 'ADD', certainty: 'written', builder: 'buildkit', text: 'dir /dir/' }],
    ['ENV PATH=/bin A=b', { keyword: 'ENV', certainty: 'written', builder: 'other', text: 'PATH=/bin A=b' }],
    [
      'EXPOSE map[443/udp:{} 80/tcp:{}]',
      { keyword: 'EXPOSE', certainty: 'written', builder: 'other', text: 'map[443/udp:{} 80/tcp:{}]' },
    ],
    ['WORKDIR /work', { keyword: 'WORKDIR', certainty: 'written', builder: 'other', text: '/work' }],
    ['ARG Y', { keyword: 'ARG', certainty: 'written', builder: 'other', text: 'Y' }],
    // Classic builder and buildah
    ['/bin/sh -c #(nop)  ENV A=b', { keyword: 'ENV', certainty: 'written', builder: 'classic', text: 'A=b' }],
    [
      '/bin/sh -c #(nop) COPY file:66622fc90963203af10fc3a97e5fe6b1fe276e60aba66707f20b436ae322b75c in /bin/busybox ',
      {
        keyword: 'COPY',
        certainty: 'written',
        builder: 'classic',
        text: 'file:66622fc90963203af10fc3a97e5fe6b1fe276e60aba66707f20b436ae322b75c in /bin/busybox',
        destination: '/bin/busybox',
      },
    ],
    [
      '/bin/sh -c #(nop) COPY --chown=1000:1000file:af8e5c99fef47f1d84936c598bfe6db9bd60a0007eb3c9edbfdb1afab2c64820 in /f.txt ',
      expect.objectContaining({ keyword: 'COPY', destination: '/f.txt' }) as CreatedBy,
    ],
    [
      '/bin/sh -c #(nop) ADD dir:d016d4a5771a86d2dbb58df7c60c235caaa3248fe17004a89fb2d9cb64d15d79 in /dir/ ',
      expect.objectContaining({ keyword: 'ADD', destination: '/dir/' }) as CreatedBy,
    ],
    [
      '/bin/sh -c #(nop) COPY multi:d43244f0b5d23b2de792b51350187a04fed5a9728be91aaf5b22ce5d11f7d9ba in /multi/ ',
      expect.objectContaining({ keyword: 'COPY', destination: '/multi/' }) as CreatedBy,
    ],
    [
      '/bin/sh -c #(nop)  ONBUILD RUN echo onbuild',
      { keyword: 'ONBUILD', certainty: 'written', builder: 'classic', text: 'RUN echo onbuild' },
    ],
    ['/bin/sh -c echo hi', { keyword: 'RUN', certainty: 'inferred', builder: 'classic', text: 'echo hi' }],
    [
      '|1 DEBIAN_FRONTEND=noninteractive /bin/sh -c chmod +x /tmp/install.sh',
      { keyword: 'RUN', certainty: 'inferred', builder: 'classic', text: 'chmod +x /tmp/install.sh' },
    ],
    [
      '/bin/busybox --install -s /bin',
      { keyword: 'RUN', certainty: 'inferred', builder: 'other', text: '/bin/busybox --install -s /bin' },
    ],
    ['cmd /S /C dir', { keyword: 'RUN', certainty: 'inferred', builder: 'classic', text: 'dir' }],
    ['/bin/bash -o pipefail -c make', { keyword: 'RUN', certainty: 'inferred', builder: 'classic', text: 'make' }],
    // Other tools
    ['', { certainty: 'none', builder: 'other', text: '' }],
    ['   ', { certainty: 'none', builder: 'other', text: '' }],
    ['apko', { keyword: 'RUN', certainty: 'inferred', builder: 'other', text: 'apko' }],
    ['RUN apt-get update', { keyword: 'RUN', certainty: 'written', builder: 'other', text: 'apt-get update' }],
  ])('%j', (createdBy, expected) => {
    expect(parseCreatedBy(createdBy)).toEqual(expected);
  });

  test('a custom SHELL is stripped from RUN', () => {
    expect(parseCreatedBy('RUN /usr/bin/env zsh -c make # buildkit', ['/usr/bin/env zsh -c']).text).toBe('make');
    expect(parseCreatedBy('RUN /usr/bin/env zsh -c make # buildkit').text).toBe('/usr/bin/env zsh -c make');
  });
});
