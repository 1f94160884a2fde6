import { describe, expect, it } from 'vitest';
import { tooSmall } from './flavorFit';

describe('a flavor too small for an image', () => {
  it('fits when RAM and disk cover the minimums', () => {
    expect(tooSmall({ ram: 1024, disk: 10 }, { min_ram: 1024, min_disk: 10 })).toBeNull();
  });

  it('is too small when its RAM is below min_ram (MiB)', () => {
    expect(tooSmall({ ram: 512, disk: 10 }, { min_ram: 1024, min_disk: 0 })).toBe('Too small: the image needs 1 GiB of RAM.');
  });

  it('is too small when its disk is below min_disk (GiB)', () => {
    expect(tooSmall({ ram: 4096, disk: 5 }, { min_ram: 0, min_disk: 20 })).toBe('Too small: the image needs a 20 GiB disk.');
  });

  it('fits any min_disk when its disk is 0 (sized from the image)', () => {
    expect(tooSmall({ ram: 4096, disk: 0 }, { min_ram: 0, min_disk: 200 })).toBeNull();
  });
});
