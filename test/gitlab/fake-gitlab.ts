import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the part of GitLab's REST API the MR note uses (GitLab cannot run here): `GET /user`, and a
 * merge request's notes — list (paginated with `x-next-page`, newest update first), create, edit — kept in memory
 * and checked against a token. Every request is recorded; `failures` queues answers that replace the next
 * matching responses (429 with Retry-After, 5xx, 403, or a dropped connection).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface StoredNote {
  id: number;
  body: string;
  system: boolean;
  author: { id: number; username: string };
  updated_at: string;
}

export interface QueuedFailure {
  /** Which requests it applies to: `METHOD path-prefix` (after /api/v4), e.g. `PUT /projects`. */
  match: string;
  status: number | 'drop';
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGitLab {
  apiUrl: string;
  requests: RecordedRequest[];
  notes: StoredNote[];
  failures: QueuedFailure[];
  /** Called as each request arrives, before it is answered. */
  onRequest?: (request: RecordedRequest) => void;
  /** The token's user; GET /user answers 403 when undefined. */
  user: { id: number; username: string } | undefined;
  close(): Promise<void>;
}

export const PROJECT_ID = '4242';
export const MR_IID = '17';
export const TOKEN = 'glpat-test-token-0123456789';
const PER_PAGE_MAX = 100;

export async function startFakeGitLab(): Promise<FakeGitLab> {
  let clock = Date.parse('2026-11-27T12:00:00Z');
  let nextId = 1000;
  const state: FakeGitLab = {
    apiUrl: '',
    requests: [],
    notes: [],
    failures: [],
    user: { id: 7, username: 'project_4242_bot' },
    close: async () => undefined,
  };
  const notesPath = `/projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes`;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/api\/v4/, '');
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    };
    state.requests.push(recorded);
    state.onRequest?.(recorded);
    const failureIndex = state.failures.findIndex((failure) => `${request.method} ${path}`.startsWith(failure.match));
    if (failureIndex >= 0) {
      const [failure] = state.failures.splice(failureIndex, 1);
      if (failure!.status === 'drop') {
        request.socket.destroy();
        return;
      }
      return send(
        response,
        failure!.status,
        failure!.body ?? { message: `${failure!.status} injected` },
        failure!.headers,
      );
    }
    if (request.headers['private-token'] !== TOKEN) return send(response, 401, { message: '401 Unauthorized' });
    if (request.method === 'GET' && path === '/user') {
      return state.user ? send(response, 200, state.user) : send(response, 403, { message: '403 Forbidden' });
    }
    if (request.method === 'GET' && path === notesPath) {
      const perPage = Math.min(PER_PAGE_MAX, Number(url.searchParams.get('per_page') ?? 20));
      const page = Number(url.searchParams.get('page') ?? 1);
      const sorted = [...state.notes].sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      const slice = sorted.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < sorted.length;
      return send(response, 200, slice, { 'x-next-page': more ? String(page + 1) : '', 'x-page': String(page) });
    }
    if (request.method === 'POST' && path === notesPath) {
      clock += 1000;
      const note: StoredNote = {
        id: nextId++,
        body: (body as { body: string }).body,
        system: false,
        author: state.user ?? { id: 7, username: 'project_4242_bot' },
        updated_at: new Date(clock).toISOString(),
      };
      state.notes.push(note);
      return send(response, 201, note);
    }
    const edit = new RegExp(`^${notesPath}/(\\d+)$`).exec(path);
    if (request.method === 'PUT' && edit) {
      const note = state.notes.find((candidate) => candidate.id === Number(edit[1]));
      if (!note) return send(response, 404, { message: '404 Note Not Found' });
      if (note.author.id !== state.user?.id) return send(response, 403, { message: '403 Forbidden' });
      clock += 1000;
      note.body = (body as { body: string }).body;
      note.updated_at = new Date(clock).toISOString();
      return send(response, 200, note);
    }
    return send(response, 404, { message: '404 Not Found' });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.apiUrl = `http://127.0.0.1:${port}/api/v4`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** A note by someone else, or an older note of imagegate's, placed in the fake's store. */
export function addNote(fake: FakeGitLab, note: Partial<StoredNote> & { body: string }): StoredNote {
  const stored: StoredNote = {
    id: note.id ?? 500 + fake.notes.length,
    body: note.body,
    system: note.system ?? false,
    author: note.author ?? { id: 99, username: 'alice' },
    updated_at: note.updated_at ?? '2026-11-01T00:00:00.000Z',
  };
  fake.notes.push(stored);
  return stored;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
