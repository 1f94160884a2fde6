import { api, ApiError, setCsrfToken } from './client';
import type { CurrentUser } from './types';

const prefixes = {
  enduser: '/backend/api',
  staff: '/backend/staffapi',
  reseller: '/backend/resellerapi',
} as const;

/**
 * Who is signed in. Token-authenticated sessions (scripts, tests) work too: before the sign-in API exists on a
 * server, the audience is found from which API prefix answers.
 */
export async function currentUser(): Promise<CurrentUser | null> {
  try {
    const me = await api<CurrentUser>('/backend/auth/current-user');
    setCsrfToken(me.csrf_token);
    return me;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 401) return null;
    if (e.status !== 404) throw e;
  }
  for (const [audience, prefix] of Object.entries(prefixes)) {
    try {
      const permissions = await api<Record<string, boolean>>(`${prefix}/openstack/images/permissions`);
      return {
        user: { id: 0, username: '' }, audience, api_prefix: prefix, clients: [], permissions, otp_enabled: false,
      } as unknown as CurrentUser;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401) return null;
    }
  }
  return null;
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
