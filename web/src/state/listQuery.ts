// The images list as one query definition, shared by the page and by the start-up prefetch (same key, one request).
import { api } from '../api/client';
import type { ImageList } from '../api/types';
import { apiQuery, parseState, type Audience } from './url';

export const listQuery = (prefix: string, params: string) => ({
  queryKey: ['catalogue', 'images', prefix, params],
  queryFn: ({ signal }: { signal: AbortSignal }) => api<ImageList>(`${prefix}?${params}`, { signal }),
});

/** Who was signed in last in this browser, as much as the list's URL needs (no names, no tokens). */
export interface ListHint { audience: Audience; prefix: string }

const hintKey = 'panelimages.listHint';

export function readListHint(): ListHint | null {
  try {
    const hint = JSON.parse(localStorage.getItem(hintKey) ?? 'null');
    if (hint && typeof hint.prefix === 'string' && ['enduser', 'staff', 'reseller'].includes(hint.audience)) return hint;
  } catch {
    /* a broken entry is no hint */
  }
  return null;
}

export function rememberListHint(hint: ListHint | null) {
  try {
    if (hint === null) localStorage.removeItem(hintKey);
    else if (readListHint()?.prefix !== hint.prefix || readListHint()?.audience !== hint.audience)
      localStorage.setItem(hintKey, JSON.stringify({ audience: hint.audience, prefix: hint.prefix }));
  } catch {
    /* storage full or off: the page just starts the list after current-user */
  }
}

/**
 * The list request a page load at `location` will make if the same person is still signed in: started with the
 * current-user request instead of after it (a round trip and a render saved). The page always renders from
 * current-user; a wrong guess (someone else signed in, or no one) is one unused or failed request.
 */
export function hintedListQuery(hint: ListHint | null, pathname: string, search: string) {
  if (!hint || (pathname !== '/' && !pathname.startsWith('/images/'))) return null;
  const params = apiQuery(parseState(search.replace(/^\?/, ''), hint.audience), hint.audience).toString();
  return listQuery(hint.prefix, params);
}
