import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Image } from '../api/types';
import { t } from '../i18n/strings';
import { verdict, type Action, type Who } from '../state/rules';
import type { Me } from './App';

export const whoOf = (me: Me): Who => ({ audience: me.audience, userId: me.userId, clientIds: me.clientIds, permissions: me.permissions });

export function reasonOf(me: Me, image: Image, action: Action): string | null {
  const v = verdict(whoOf(me), image, action);
  return v.allowed ? null : t(v.reason!, v.vars);
}

export type BulkAction = 'delete' | 'deactivate' | 'reactivate' | 'protect' | 'unprotect';

const at = (me: Me, image: Image, tail = '') =>
  `${me.prefix}/${encodeURIComponent(image.id)}${tail}?region=${encodeURIComponent(image.region)}`;

export function imageUrl(me: Me, image: Image, tail = '') {
  return at(me, image, tail);
}

/** One action on one image through the API; the catalogue answers with its new state. */
export async function run(me: Me, image: Image, action: BulkAction | 'accept' | 'reject'): Promise<void> {
  switch (action) {
    case 'delete': return api(at(me, image), { method: 'DELETE' });
    case 'deactivate': return api(at(me, image, '/deactivate'), { method: 'POST' });
    case 'reactivate': return api(at(me, image, '/reactivate'), { method: 'POST' });
    case 'protect': return api(at(me, image), { method: 'PATCH', body: { protected: true } });
    case 'unprotect': return api(at(me, image), { method: 'PATCH', body: { protected: false } });
    case 'accept': return api(at(me, image, '/update_image_member_status'), { method: 'POST', body: { member_status: 'accepted' } });
    case 'reject': return api(at(me, image, '/update_image_member_status'), { method: 'POST', body: { member_status: 'rejected' } });
  }
}

export const ruleOf: Record<BulkAction, Action> = {
  delete: 'delete', deactivate: 'deactivate', reactivate: 'reactivate', protect: 'protect', unprotect: 'protect',
};

export function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['catalogue'] });
}
