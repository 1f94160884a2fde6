import type { QueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './client';
import type { CurrentUser } from './types';

/** The current-user query: the page's first request, started by main.tsx before React renders. */
export const meQuery = {
  queryKey: ['me'],
  queryFn: () => currentUser(),
  staleTime: Infinity,
  retry: false,
} as const;

/** Who is signed in (by session cookie or by token), or null. */
export async function currentUser(): Promise<CurrentUser | null> {
  try {
    const me = await api<CurrentUser>('/backend/auth/current-user');
    setCsrfToken(me.csrf_token);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export interface LoginRequest { username: string; password: string; otp?: string }

export async function signIn(request: LoginRequest): Promise<CurrentUser> {
  const me = await api<CurrentUser>('/backend/auth/login', { method: 'POST', body: request });
  setCsrfToken(me.csrf_token);
  return me;
}

export async function signOut(): Promise<void> {
  await api<void>('/backend/auth/logout', { method: 'POST' });
  setCsrfToken(null);
}

/**
 * Who the page shows data for changed (signed in, signed out): nothing fetched for the previous person may be shown
 * to the next one in this tab, so every cached answer but the current user goes.
 */
export function switchPerson(client: QueryClient, me: CurrentUser | null): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  client.setQueryData(['me'], me);
}
