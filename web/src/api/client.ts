// Every call the page makes: same-origin, the session cookie, X-CSRF-TOKEN on mutating requests, {"detail"} errors.

import { t } from '../i18n/strings';

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null | undefined) {
  csrfToken = token ?? null;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string, readonly body: unknown) {
    super(detail);
  }
}

export function headersFor(method: string, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (json) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-TOKEN'] = csrfToken;
  return headers;
}

export async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: a proxy's page */
  }
  const detail =
    body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string'
      ? body.detail
      : `${response.status} ${response.statusText}`;
  return new ApiError(response.status, detail, body);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: headersFor(method, init.body !== undefined),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204 || response.headers.get('Content-Length') === '0') return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : undefined) as T;
}

/**
 * A file from the API saved by the browser (the CSV export). Fetched, not a plain link, so that a refusal (more rows
 * than an export holds, the rate limit, an expired session) is shown with its {"detail"} instead of a failed download;
 * the export is bounded (Listing:MaxExportRows), so holding it in memory once is fine.
 */
export async function saveFile(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'text/csv, application/json' } });
  if (!response.ok) throw await errorFrom(response);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A PUT of raw bytes with progress (fetch has no upload progress), cancellable. */
export function uploadWithProgress(
  path: string,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): { done: Promise<void>; cancel: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<void>((resolve, reject) => {
    xhr.open('PUT', path);
    for (const [k, v] of Object.entries(headersFor('PUT', false))) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let detail = `${xhr.status} ${xhr.statusText}`;
      try {
        detail = JSON.parse(xhr.responseText).detail ?? detail;
      } catch {
        /* keep the status line */
      }
      reject(new ApiError(xhr.status, detail, null));
    };
    xhr.onerror = () => reject(new ApiError(0, t('uploadConnection'), null));
    xhr.onabort = () => reject(new ApiError(0, 'cancelled', null));
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}
