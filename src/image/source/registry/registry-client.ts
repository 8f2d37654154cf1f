import { createHash } from 'node:crypto';
import { DEFAULT_PAGE_CAPS, type PageCaps } from '../../../http/page-budget.js';
import { appendAll } from '../../../util/append-all.js';
import { ConfigurationError, ToolError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import { isObject } from '../../image-config.js';
import { RegistryAuth } from './auth.js';
import { ConcurrencyLimit } from './concurrency.js';
import { resolveCredentials, type RegistryCredentials } from './credentials.js';
import { algorithmOf, digestOf, DIGEST } from './digests.js';
import { bareMediaType, manifestKind, MANIFEST_ACCEPT, type ManifestKind } from './manifest.js';
import { pagedList } from './paged-list.js';
import { registryEndpoint, type RegistryEndpoint } from './registry-endpoint.js';
import { errorDetail, failureFor, type FailureContext } from './registry-errors.js';
import { REGISTRY_RETRY, type RegistryRetrySettings } from '../../../http/retry.js';
import { RegistryTransport, TransferError, type RegistryResponse } from './transport.js';

/**
 * A client for one registry's distribution API (OCI distribution spec / Docker registry v2): manifests by tag or
 * digest (GET, or HEAD for just the digest), blobs read whole (configs) or streamed (layers, resumed with a Range
 * request when the connection drops), and tag and repository lists followed through their `Link` pages. Every
 * manifest and blob is checked against its digest. Shared by image reading and the registry re-scan planner.
 */

/** How to reach registries; the entry point fills it from its flags, inputs and environment. */
export interface RegistryAccess {
  /** IMAGEGATE_REGISTRY_USERNAME/PASSWORD, DOCKER_CONFIG, HOME (and PATH for credential helpers). */
  environment: Record<string, string | undefined>;
  /** Registries reached over plain http besides loopback ones (`host` or `host:port`). */
  insecureRegistries?: readonly string[];
  /** Requests in flight at once per registry (default 8). */
  concurrency?: number;
  /**
   * Lets the limit grow from `concurrency` up to this while the registry answers without 429/503, halving when it
   * does (src/image/source/registry/concurrency.ts); unset, the limit is fixed. For many small requests (a re-scan
   * plan's HEAD per tag), where requests in flight are what hides the network's round trip.
   */
  concurrencyCeiling?: number;
  retry?: Partial<RegistryRetrySettings>;
  /** Silence on a connection after which a request fails (default 60 s). */
  timeoutMs?: number;
  /**
   * Longest a request may take in all, redirects and body included (default 180 s); a blob gets this plus its size
   * at 256 KiB/s. Tests shorten it to see a trickling registry cut.
   */
  deadlineMs?: number;
  /** Caps on tag and catalog listings (default 1,000 pages, 100,000 names per listing). */
  pageCaps?: Partial<PageCaps>;
  /** Credentials already known: environment and Docker's config are then not consulted. */
  credentials?: RegistryCredentials;
  /** Injected by tests to observe waits; real sleeps otherwise. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RegistryClientOptions extends RegistryAccess {
  logger: Logger;
  /** Largest config read (default 8 MiB); manifests are capped at 4 MiB (as containerd does) or this, if smaller. */
  maxDocumentBytes?: number;
}

export interface FetchedManifest {
  /** The digest of the bytes served (verified against the reference when it is a digest). */
  digest: string;
  kind: ManifestKind;
  /** The document's own mediaType, else the Content-Type it was served with. */
  mediaType?: string;
  size: number;
  bytes: Buffer;
  body: unknown;
}

export interface ManifestHead {
  digest: string;
  mediaType?: string;
  size?: number;
}

export interface BlobDescriptor {
  digest: string;
  size: number;
}

export interface PageOptions {
  /** Entries asked for per page (`n=`); the registry's default when unset. */
  pageSize?: number;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_DEADLINE_MS = 180_000;
const DEFAULT_MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export class RegistryClient {
  private constructor(
    readonly endpoint: RegistryEndpoint,
    private readonly transport: RegistryTransport,
    private readonly auth: RegistryAuth,
    private readonly logger: Logger,
    private readonly retry: RegistryRetrySettings,
    private readonly maxDocumentBytes: number,
    private readonly pageCaps: PageCaps,
  ) {}

  /** A client for `registry` (as references name it: `docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  static async open(registry: string, options: RegistryClientOptions): Promise<RegistryClient> {
    const { logger } = options;
    const endpoint = registryEndpoint(registry, options.insecureRegistries);
    const lookup = options.credentials
      ? { credentials: options.credentials }
      : await resolveCredentials(endpoint.registry, { logger, environment: options.environment });
    if (options.credentials?.password) logger.mask(options.credentials.password);
    const retry = { ...REGISTRY_RETRY, ...options.retry };
    const transport = new RegistryTransport({
      logger,
      registry: endpoint.registry,
      limit: new ConcurrencyLimit(
        options.concurrency ?? DEFAULT_CONCURRENCY,
        Math.max(options.concurrencyCeiling ?? 0, options.concurrency ?? DEFAULT_CONCURRENCY),
      ),
      retry,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    const auth = new RegistryAuth(
      endpoint,
      transport,
      logger,
      lookup.credentials,
      lookup.note,
      Date.now,
      options.insecureRegistries ?? [],
    );
    logger.debug(
      `registry ${endpoint.registry}: ${endpoint.baseUrl}, ` +
        (lookup.credentials ? `credentials from ${lookup.credentials.source}` : 'anonymous'),
    );
    return new RegistryClient(
      endpoint,
      transport,
      auth,
      logger,
      retry,
      options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
      { ...DEFAULT_PAGE_CAPS, ...options.pageCaps },
    );
  }

  get registry(): string {
    return this.endpoint.registry;
  }

  /** Where the credentials in use came from; undefined when anonymous. */
  get credentialSource(): string | undefined {
    return this.auth.credentials?.source;
  }

  /** The manifest (or index) a tag or digest names, digest-verified. A missing one is a ConfigurationError. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const subject = this.subject(repository, reference);
    const response = await this.request('GET', this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      failure: { subject, what: 'manifest', missingIsUserError: true },
    });
    return this.parseManifest(response, reference, subject);
  }

  private async parseManifest(
    response: RegistryResponse,
    reference: string,
    subject: string,
  ): Promise<FetchedManifest> {
    const bytes = await response.bytes(Math.min(MAX_MANIFEST_BYTES, this.maxDocumentBytes), `manifest ${subject}`);
    const digest = this.checkManifestDigest(bytes, reference, response, subject);
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      throw new ToolError(`registry ${this.registry} served a manifest for ${subject} that is not JSON`, {
        command: `GET ${response.request.url}`,
      });
    }
    const contentType = response.header('content-type');
    const kind = manifestKind(body, contentType, subject);
    const mediaType =
      isObject(body) && typeof body.mediaType === 'string' ? body.mediaType : bareMediaType(contentType);
    return { digest, kind, ...(mediaType ? { mediaType } : {}), size: bytes.length, bytes, body };
  }

  /**
   * A manifest that may not exist (an attestation tag, a referrers tag): undefined on 404 instead of an error.
   * Digest-verified like getManifest.
   */
  async findManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const subject = this.subject(repository, reference);
    const response = await this.request('GET', this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      absentStatuses: [404],
      failure: { subject, what: 'manifest', missingIsUserError: false },
    });
    if (response.status === 404) {
      response.discard();
      return undefined;
    }
    return this.parseManifest(response, reference, subject);
  }

  /**
   * The OCI 1.1 referrers index of a manifest (`GET /v2/<name>/referrers/<digest>`): the artifacts whose `subject`
   * is it. Undefined when the registry has no referrers API (404, 400, 405: registries before distribution 3 and
   * OCI 1.1); the caller then reads the `sha256-<hex>` tag fallback.
   */
  async referrers(repository: string, digest: string): Promise<unknown> {
    if (!DIGEST.test(digest)) throw new Error(`referrers: '${digest}' is not a digest`);
    const subject = `${this.registry}/${repository}@${digest}`;
    const response = await this.request('GET', `/v2/${repository}/referrers/${digest}`, {
      repository,
      accept: 'application/vnd.oci.image.index.v1+json',
      absentStatuses: [400, 404, 405],
      failure: { subject, what: 'referrers index', missingIsUserError: false },
    });
    if (response.status !== 200) {
      response.discard();
      return undefined;
    }
    const bytes = await response.bytes(Math.min(MAX_MANIFEST_BYTES, this.maxDocumentBytes), `referrers of ${subject}`);
    try {
      return JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      throw new ToolError(`registry ${this.registry} served a referrers index for ${subject} that is not JSON`, {
        command: `GET ${response.request.url}`,
      });
    }
  }

  /** The digest a tag points at, without downloading the manifest (HEAD; GET when the registry omits the header). */
  async headManifest(repository: string, reference: string): Promise<ManifestHead> {
    const subject = this.subject(repository, reference);
    const response = await this.request('HEAD', this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      failure: { subject, what: 'manifest', missingIsUserError: true },
    });
    response.discard();
    const digest = response.header('docker-content-digest');
    const mediaType = bareMediaType(response.header('content-type'));
    const length = Number(response.header('content-length'));
    if (!digest || !DIGEST.test(digest)) {
      const fetched = await this.getManifest(repository, reference);
      return {
        digest: fetched.digest,
        ...(fetched.mediaType ? { mediaType: fetched.mediaType } : {}),
        size: fetched.size,
      };
    }
    if (DIGEST.test(reference) && digest !== reference) {
      throw new ToolError(`registry ${this.registry} answered for ${subject} with digest ${digest}`, {
        command: `HEAD ${response.request.url}`,
      });
    }
    return { digest, ...(mediaType ? { mediaType } : {}), ...(Number.isSafeInteger(length) ? { size: length } : {}) };
  }

  /** A small blob (an image config) read whole; its size and digest must match the descriptor. */
  async readBlob(repository: string, descriptor: BlobDescriptor, what: string): Promise<Buffer> {
    const subject = `${this.registry}/${repository}@${descriptor.digest}`;
    if (descriptor.size > this.maxDocumentBytes) {
      throw new ConfigurationError(
        `${subject}: the ${what} is ${descriptor.size} bytes; imagegate reads at most ${this.maxDocumentBytes} bytes of it`,
      );
    }
    const response = await this.request('GET', `/v2/${repository}/blobs/${descriptor.digest}`, {
      repository,
      expectedBytes: descriptor.size,
      failure: { subject, what, missingIsUserError: false },
    });
    const bytes = await response.bytes(descriptor.size, `${what} ${subject}`);
    if (bytes.length !== descriptor.size) {
      throw new ToolError(
        `registry ${this.registry} served ${bytes.length} bytes for the ${what} ${subject}; its manifest says ${descriptor.size}`,
        { command: `GET ${response.request.url}` },
      );
    }
    this.checkBlobDigest(digestOf(bytes, descriptor.digest, subject), descriptor, subject, what);
    return bytes;
  }

  /**
   * A blob as it arrives, never held whole: for layers. A dropped connection resumes with `Range: bytes=N-` (or,
   * when the registry ignores ranges, skips what was already passed on). The size and digest are checked at the end:
   * a corrupt blob ends in an error, never in a clean end of stream.
   */
  async *blobStream(repository: string, descriptor: BlobDescriptor, what: string): AsyncGenerator<Buffer> {
    const subject = `${this.registry}/${repository}@${descriptor.digest}`;
    const hash = createHash(algorithmOf(descriptor.digest, subject));
    let received = 0;
    for (let resumes = 0; ; resumes++) {
      const response = await this.request('GET', `/v2/${repository}/blobs/${descriptor.digest}`, {
        repository,
        headers: received > 0 ? { range: `bytes=${received}-` } : {},
        expectedBytes: descriptor.size - received,
        failure: { subject, what, missingIsUserError: false },
      });
      let skip = 0;
      if (received > 0 && response.status === 206) {
        const start = /^bytes (\d+)-/.exec(response.header('content-range') ?? '')?.[1];
        if (Number(start) !== received) {
          response.discard();
          throw new ToolError(`registry ${this.registry} resumed ${subject} at the wrong offset`, {
            command: `GET ${response.request.url}`,
          });
        }
      } else if (received > 0) {
        skip = received;
      }
      try {
        for await (const chunk of response.stream(`${what} ${subject}`)) {
          let data = chunk;
          if (skip > 0) {
            const dropped = Math.min(skip, data.length);
            skip -= dropped;
            data = data.subarray(dropped);
            if (data.length === 0) continue;
          }
          received += data.length;
          if (received > descriptor.size) {
            throw new ToolError(
              `registry ${this.registry} served more than the ${descriptor.size} bytes of ${subject}`,
              {
                command: `GET ${response.request.url}`,
              },
            );
          }
          hash.update(data);
          yield data;
        }
      } catch (error) {
        if (!(error instanceof TransferError) || resumes + 1 >= this.retry.attempts) throw error;
        this.logger.info(`${error.message}; resuming at byte ${received}`);
        continue;
      }
      if (received === descriptor.size) break;
      if (resumes + 1 >= this.retry.attempts) {
        throw new ToolError(
          `registry ${this.registry} ended ${subject} after ${received} of ${descriptor.size} bytes`,
          { command: `GET ${response.request.url}` },
        );
      }
    }
    this.checkBlobDigest(`${algorithmOf(descriptor.digest, subject)}:${hash.digest('hex')}`, descriptor, subject, what);
  }

  /** Tags of a repository, a page at a time, following `Link: <…>; rel="next"`. */
  async *tagPages(repository: string, options: PageOptions = {}): AsyncGenerator<string[]> {
    const subject = `${this.registry}/${repository}`;
    const failure = { subject, what: 'tag list', missingIsUserError: true };
    yield* pagedList(
      {
        registry: this.registry,
        url: `${this.endpoint.baseUrl}/v2/${repository}/tags/list`,
        ...options,
        key: 'tags',
        what: failure.what,
        subject,
        caps: this.pageCaps,
      },
      (url) => this.request('GET', url, { repository, failure }),
    );
  }

  async listTags(repository: string, options: PageOptions = {}): Promise<string[]> {
    const tags: string[] = [];
    for await (const page of this.tagPages(repository, options)) appendAll(tags, page);
    return tags;
  }

  /** Repositories from `/v2/_catalog`, a page at a time (registries that do not offer it answer 401/404). */
  async *catalogPages(options: PageOptions = {}): AsyncGenerator<string[]> {
    const failure = { subject: `registry ${this.registry}`, what: 'repository catalog', missingIsUserError: true };
    yield* pagedList(
      {
        registry: this.registry,
        url: `${this.endpoint.baseUrl}/v2/_catalog`,
        ...options,
        key: 'repositories',
        what: failure.what,
        subject: failure.subject,
        caps: this.pageCaps,
      },
      (url) => this.request('GET', url, { failure }),
    );
  }

  async listRepositories(options: PageOptions = {}): Promise<string[]> {
    const names: string[] = [];
    for await (const page of this.catalogPages(options)) appendAll(names, page);
    return names;
  }

  /**
   * Uploads a small blob (an attestation) unless the repository has it: HEAD, else POST an upload session and PUT
   * the bytes to it with their digest (the two-step upload every distribution registry supports). Needs push scope.
   */
  async pushBlob(repository: string, bytes: Buffer, what: string): Promise<BlobDescriptor> {
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const subject = `${this.registry}/${repository}@${digest}`;
    const failure = { subject, what, missingIsUserError: false };
    const head = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, {
      repository,
      push: true,
      absentStatuses: [404],
      failure,
    });
    head.discard();
    if (head.status === 200) return { digest, size: bytes.length };
    const start = await this.request('POST', `/v2/${repository}/blobs/uploads/`, {
      repository,
      push: true,
      body: Buffer.alloc(0),
      contentType: 'application/octet-stream',
      failure: { ...failure, what: `upload session for the ${what}` },
    });
    start.discard();
    const location = start.header('location');
    const url = location ? new URL(location, this.endpoint.baseUrl) : undefined;
    // The upload URL carries the credentials next: only to the registry itself.
    if (!url || url.origin !== new URL(this.endpoint.baseUrl).origin) {
      throw new ToolError(
        `registry ${this.registry} answered the upload of the ${what} with ${location ? `a Location on another origin (${url?.origin ?? '?'})` : 'no Location'}`,
        { command: `POST ${this.endpoint.baseUrl}/v2/${repository}/blobs/uploads/` },
      );
    }
    url.searchParams.set('digest', digest);
    const put = await this.request('PUT', url.toString(), {
      repository,
      push: true,
      body: bytes,
      contentType: 'application/octet-stream',
      failure,
    });
    put.discard();
    return { digest, size: bytes.length };
  }

  /** Puts a manifest (or index) under a tag or its digest; returns the digest and the registry's `OCI-Subject`. */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; ociSubject?: string }> {
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const response = await this.request('PUT', this.manifestPath(repository, reference), {
      repository,
      push: true,
      body: bytes,
      contentType: mediaType,
      failure: { subject: this.subject(repository, reference), what: 'manifest', missingIsUserError: false },
    });
    response.discard();
    const ociSubject = response.header('oci-subject');
    return { digest, ...(ociSubject ? { ociSubject } : {}) };
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.transport.close();
  }

  /** One request, answering a 401 challenge once; any status but 2xx becomes the error it stands for. */
  private async request(
    method: 'GET' | 'HEAD' | 'POST' | 'PUT',
    pathOrUrl: string,
    how: {
      repository?: string;
      /** Ask for `push` scope besides `pull` (uploads). */
      push?: boolean;
      body?: Buffer;
      contentType?: string;
      accept?: string;
      headers?: Record<string, string>;
      expectedBytes?: number;
      /** Statuses that mean "not there" for this request: returned to the caller instead of thrown. */
      absentStatuses?: readonly number[];
      failure: Omit<FailureContext, 'registry'>;
    },
  ): Promise<RegistryResponse> {
    const url = pathOrUrl.startsWith('/') ? `${this.endpoint.baseUrl}${pathOrUrl}` : pathOrUrl;
    const scope =
      how.repository !== undefined
        ? `repository:${how.repository}:${how.push ? 'pull,push' : 'pull'}`
        : 'registry:catalog:*';
    const subject = how.failure.subject;
    let answered = false;
    for (;;) {
      const authorization = await this.auth.authorization(scope, subject);
      const response = await this.transport.send({
        method,
        url,
        ...(how.body !== undefined
          ? { body: how.body, contentType: how.contentType ?? 'application/octet-stream' }
          : {}),
        ...(how.expectedBytes !== undefined ? { expectedBytes: how.expectedBytes } : {}),
        headers: {
          ...(how.accept ? { accept: how.accept } : {}),
          ...how.headers,
          ...(authorization ? { authorization } : {}),
        },
      });
      if (response.status >= 200 && response.status < 300) return response;
      if (how.absentStatuses?.includes(response.status)) return response;
      // Read and release the 401 before asking for a token: the token request needs a concurrency slot too.
      const detail = await errorDetail(response);
      if (response.status === 401 && !answered) {
        answered = true;
        // A concurrent request may have learned how to authenticate since this one was sent.
        const current = await this.auth.authorization(scope, subject);
        if (current !== undefined && current !== authorization) continue;
        if (await this.auth.answer(response, scope, subject)) continue;
      }
      if (how.push) throw this.pushFailure(response, subject, detail);
      throw failureFor(
        response,
        {
          registry: this.registry,
          ...how.failure,
          ...(this.auth.credentials ? { credentials: this.auth.credentials } : {}),
          ...(this.auth.credentialNote ? { credentialNote: this.auth.credentialNote } : {}),
        },
        detail,
      );
    }
  }

  /**
   * A failed push is always exit 3 naming the request and its status: unlike a pull, there is no image the user
   * misnamed, and "which request, what answer" is what fixing the token's scope or the registry needs.
   */
  private pushFailure(response: RegistryResponse, subject: string, detail: string): ToolError {
    const { method, url } = response.request;
    const said = detail ? ` (${detail})` : '';
    const source = this.auth.credentials?.source;
    const hint =
      response.status === 401 || response.status === 403
        ? source
          ? `; the credentials from ${source} need push access to it`
          : '; pushing needs credentials with push access (IMAGEGATE_REGISTRY_USERNAME/PASSWORD or docker login)'
        : '';
    return new ToolError(
      `registry ${this.registry} answered HTTP ${response.status} to ${method} ${new URL(url).pathname} for ${subject}${said}${hint}`,
      { command: `${method} ${url}` },
    );
  }

  private manifestPath(repository: string, reference: string): string {
    return `/v2/${repository}/manifests/${reference}`;
  }

  private subject(repository: string, reference: string): string {
    return `${this.registry}/${repository}${DIGEST.test(reference) ? '@' : ':'}${reference}`;
  }

  private checkManifestDigest(bytes: Buffer, reference: string, response: RegistryResponse, subject: string): string {
    const command = `GET ${response.request.url}`;
    if (DIGEST.test(reference)) {
      const actual = digestOf(bytes, reference, subject);
      if (actual !== reference) {
        throw new ToolError(`registry ${this.registry} served a manifest for ${subject} that hashes to ${actual}`, {
          command,
        });
      }
      return actual;
    }
    const digest = digestOf(bytes, 'sha256:', subject);
    const header = response.header('docker-content-digest');
    if (header && header.startsWith('sha256:') && header !== digest) {
      throw new ToolError(
        `registry ${this.registry} says the manifest of ${subject} is ${header}, but the bytes it served hash to ${digest}`,
        { command },
      );
    }
    return digest;
  }

  private checkBlobDigest(actual: string, descriptor: BlobDescriptor, subject: string, what: string): void {
    if (actual !== descriptor.digest) {
      throw new ToolError(`registry ${this.registry} served a ${what} for ${subject} that hashes to ${actual}`, {
        command: `GET ${this.endpoint.baseUrl}/v2/…/blobs/${descriptor.digest}`,
      });
    }
  }
}
