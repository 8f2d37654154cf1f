import { ToolError } from '../util/errors.js';
import { GitLabApiError, type GitLabClient, type GitLabResponse } from './gitlab-client.js';

/**
 * One note per image on a merge request, kept current: the note that carries imagegate's hidden marker (and,
 * when the token's user is known, was written by that user) is edited in place; only when there is none is a new
 * one added. A note that cannot be edited (deleted meanwhile, or someone else's that copied the marker) is
 * replaced by a new one rather than failing the update.
 */

export interface MergeRequestTarget {
  projectId: string;
  mergeRequestIid: string;
}

export type NoteResult = { action: 'created' | 'updated'; noteId: number };

interface Note {
  id: number;
  body: string;
  system: boolean;
  authorId: number | undefined;
}

const PER_PAGE = 100;
/** 50 pages of 100 notes: a merge request with more has bigger problems than a missing sticky note. */
const MAX_PAGES = 50;

export async function upsertMergeRequestNote(
  client: GitLabClient,
  target: MergeRequestTarget,
  body: string,
  marker: string,
): Promise<NoteResult> {
  const notesPath = `/projects/${encodeURIComponent(target.projectId)}/merge_requests/${encodeURIComponent(target.mergeRequestIid)}/notes`;
  const me = await currentUserId(client);
  const existing = await findNote(client, notesPath, marker, me);
  if (existing) {
    try {
      const updated = await client.request('PUT', `${notesPath}/${existing.id}`, { body });
      noteIdOf(updated, `PUT ${notesPath}/${existing.id}`);
      return { action: 'updated', noteId: existing.id };
    } catch (error) {
      if (!(error instanceof GitLabApiError) || (error.status !== 403 && error.status !== 404)) throw error;
    }
  }
  const created = await client.request('POST', notesPath, { body });
  return { action: 'created', noteId: noteIdOf(created, `POST ${notesPath}`) };
}

/** The note GitLab says it wrote; an answer without one is not taken as success. */
function noteIdOf(response: GitLabResponse, command: string): number {
  const id = (response.body as { id?: unknown } | undefined)?.id;
  if (typeof id === 'number') return id;
  throw new ToolError(`GitLab API ${command}: HTTP ${response.status}, but the answer names no note`, { command });
}

/** The token's user, to tell imagegate's note from a copy of its marker; undefined when GitLab will not say. */
async function currentUserId(client: GitLabClient): Promise<number | undefined> {
  try {
    const { body } = await client.request('GET', '/user');
    const id = (body as { id?: unknown } | undefined)?.id;
    return typeof id === 'number' ? id : undefined;
  } catch (error) {
    if (error instanceof GitLabApiError && error.status !== undefined && error.status < 500) return undefined;
    throw error;
  }
}

/** The most recently updated note with the marker, page by page (GitLab's `x-next-page` says when to stop). */
async function findNote(
  client: GitLabClient,
  notesPath: string,
  marker: string,
  me: number | undefined,
): Promise<Note | undefined> {
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const response = await client.request(
      'GET',
      `${notesPath}?sort=desc&order_by=updated_at&per_page=${PER_PAGE}&page=${page}`,
    );
    const notes = Array.isArray(response.body) ? response.body.map(toNote) : [];
    const found = notes.find(
      (note) => note && !note.system && note.body.includes(marker) && (me === undefined || note.authorId === me),
    );
    if (found) return found;
    const header = response.headers['x-next-page'];
    const next = (Array.isArray(header) ? header[0] : header)?.trim();
    if (!next || notes.length === 0) return undefined;
  }
  return undefined;
}

function toNote(value: unknown): Note | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'number' || typeof record.body !== 'string') return undefined;
  const author = record.author as { id?: unknown } | undefined;
  return {
    id: record.id,
    body: record.body,
    system: record.system === true,
    authorId: typeof author?.id === 'number' ? author.id : undefined,
  };
}
