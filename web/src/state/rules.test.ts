import { describe, expect, it } from 'vitest';
import { stuck, verdict, type RuleImage, type Who } from './rules';

const all = { 'images.update': true, 'images.destroy': true, 'images.download': true, 'images.deactivate': true, 'images.reactivate': true };
const enduser: Who = { audience: 'enduser', userId: 1, clientIds: [7], permissions: all };
const own: RuleImage = { status: 'active', protected: false, visibility: 'private', size: 10, client: { id: 7 } };
const others: RuleImage = { ...own, client: null, visibility: 'shared' };

describe('disabled-with-reason mirrors the API rules', () => {
  it('lets an owner act and explains what a non-owner cannot do', () => {
    expect(verdict(enduser, own, 'delete').allowed).toBe(true);
    expect(verdict(enduser, others, 'delete')).toMatchObject({ allowed: false, reason: 'why_owner' });
    expect(verdict(enduser, others, 'download').allowed).toBe(true);
    expect(verdict(enduser, others, 'answer').allowed).toBe(true);
    expect(verdict(enduser, own, 'answer').allowed).toBe(false);
  });
  it('names the missing permission flag', () => {
    const limited = { ...enduser, permissions: { ...all, 'images.destroy': false } };
    expect(verdict(limited, own, 'delete')).toMatchObject({ allowed: false, reason: 'why_permission', vars: { flag: 'images.destroy' } });
  });
  it('refuses deleting protected images, wrong-state transitions, sharing non-shared images', () => {
    expect(verdict(enduser, { ...own, protected: true }, 'delete').reason).toBe('why_protected');
    expect(verdict(enduser, { ...own, status: 'queued' }, 'deactivate').reason).toBe('why_notActive');
    expect(verdict(enduser, own, 'reactivate').reason).toBe('why_notDeactivated');
    expect(verdict(enduser, own, 'share').reason).toBe('why_notShared');
    expect(verdict(enduser, { ...own, status: 'deactivated' }, 'download').reason).toBe('why_deactivated');
  });
  it('takes data only into a queued image the caller manages, with the update permission', () => {
    const queued = { ...own, status: 'queued', size: null };
    expect(verdict(enduser, queued, 'upload').allowed).toBe(true);
    expect(verdict(enduser, own, 'upload').reason).toBe('why_notQueued');
    expect(verdict(enduser, { ...queued, client: null }, 'upload').reason).toBe('why_owner');
    expect(verdict({ ...enduser, permissions: { ...all, 'images.update': false } }, queued, 'upload').reason).toBe('why_permission');
  });
  it('lets staff manage any image', () => {
    expect(verdict({ ...enduser, audience: 'staff' }, others, 'delete').allowed).toBe(true);
  });
  it('flags stuck images', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(stuck({ status: 'queued', size: null, created_at: '2026-01-01T10:00:00Z', updated_at: null }, now)).toBe('queued');
    expect(stuck({ status: 'queued', size: null, created_at: '2026-01-01T11:50:00Z', updated_at: null }, now)).toBeNull();
    expect(stuck({ status: 'saving', size: null, created_at: null, updated_at: '2026-01-01T09:00:00Z' }, now)).toBe('saving');
    expect(stuck({ status: 'killed', size: null, created_at: null, updated_at: null }, now)).toBe('killed');
  });
});
