import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber } from '../i18n/format';
import { usageShare, usageText, WarnAt } from './UsageStrip';

describe('usage strip', () => {
  it('says used of limit, or only used without a limit', () => {
    expect(usageText('usageImagesOf', 'usageImagesNoLimit', { used: 12, limit: 100000 }, formatNumber)).toBe('Images 12 of 100,000');
    expect(usageText('usageImagesOf', 'usageImagesNoLimit', { used: 3, limit: null }, formatNumber)).toBe('Images 3');
    expect(usageText('usageStorageOf', 'usageStorageNoLimit', { used: 34816, limit: 10485760 }, n => formatBytes(n * 1024 * 1024)))
      .toBe('Storage 34 GiB of 10 TiB');
  });

  it('warns above 80 % and counts a zero limit as full', () => {
    expect(usageShare({ used: 81, limit: 100 })! >= WarnAt).toBe(true);
    expect(usageShare({ used: 79, limit: 100 })! >= WarnAt).toBe(false);
    expect(usageShare({ used: 0, limit: 0 })).toBe(1);
    expect(usageShare({ used: 5, limit: null })).toBeNull();
    expect(usageShare({ used: 500, limit: 100 })).toBe(1);
  });
});
