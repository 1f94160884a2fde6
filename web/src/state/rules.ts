// What the caller may do to one image, and why not: the same flags (`permissions`) and relationship rules the API
// enforces (src/PanelImages/Images/ImageRules.cs). The page shows a forbidden action disabled with this reason.
import type { StringKey } from '../i18n/strings';
import type { Audience } from './url';

export type Action = 'edit' | 'delete' | 'deactivate' | 'reactivate' | 'download' | 'share' | 'answer' | 'protect' | 'upload';

export interface RuleImage {
  status: string | null; protected: boolean; visibility: string | null; size: number | null;
  client: { id: number } | null; reseller_resources?: number | null;
}

export interface Who { audience: Audience; userId: number; clientIds: number[]; permissions: Record<string, boolean> }

const flagOf: Record<Action, string | null> = {
  edit: 'images.update', share: 'images.update', protect: 'images.update', upload: 'images.update', delete: 'images.destroy',
  download: 'images.download', deactivate: 'images.deactivate', reactivate: 'images.reactivate', answer: null,
};

/** The caller's organisation owns or manages the image (the API shows `client` only to its owner). */
export function manages(who: Who, image: RuleImage): boolean {
  if (who.audience === 'staff') return true;
  if (who.audience === 'reseller')
    return image.client !== null || (image.reseller_resources != null && image.reseller_resources === who.userId);
  return image.client !== null;
}

export interface Verdict { allowed: boolean; reason?: StringKey; vars?: Record<string, string> }

export function verdict(who: Who, image: RuleImage, action: Action): Verdict {
  const flag = flagOf[action];
  if (flag && who.permissions[flag] === false) return { allowed: false, reason: 'why_permission', vars: { flag } };
  if (action === 'answer')
    return who.audience !== 'staff' && !manages(who, image) && image.visibility === 'shared'
      ? { allowed: true } : { allowed: false, reason: 'why_notOffered' };
  if (action === 'download') {
    if (who.audience === 'enduser' && image.status === 'deactivated') return { allowed: false, reason: 'why_deactivated' };
    if (image.size === null) return { allowed: false, reason: 'why_noData' };
    return { allowed: true };
  }
  if (!manages(who, image)) return { allowed: false, reason: who.audience === 'reseller' ? 'why_reseller' : 'why_owner' };
  if (action === 'delete' && image.protected) return { allowed: false, reason: 'why_protected' };
  if (action === 'deactivate' && image.status !== 'active') return { allowed: false, reason: 'why_notActive' };
  if (action === 'reactivate' && image.status !== 'deactivated') return { allowed: false, reason: 'why_notDeactivated' };
  if (action === 'share' && image.visibility !== 'shared') return { allowed: false, reason: 'why_notShared' };
  // Glance takes data only once, while the image is queued (ImageData.Upload answers 409 otherwise).
  if (action === 'upload' && image.status !== 'queued') return { allowed: false, reason: 'why_notQueued' };
  return { allowed: true };
}

const hour = 3600_000;

/** Images that will not get better by waiting: queued without data, saving for too long, killed. */
export function stuck(image: { status: string | null; size: number | null; created_at: string | null; updated_at: string | null },
  now = Date.now()): 'queued' | 'saving' | 'killed' | null {
  if (image.status === 'killed') return 'killed';
  const since = (iso: string | null) => (iso ? now - new Date(iso).getTime() : 0);
  if (image.status === 'queued' && image.size === null && since(image.created_at) > hour) return 'queued';
  if (image.status === 'saving' && since(image.updated_at ?? image.created_at) > hour) return 'saving';
  return null;
}
