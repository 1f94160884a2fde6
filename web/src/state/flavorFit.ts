import type { FlavorList, Image } from '../api/types';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/strings';

const MiB = 1024 * 1024;

/**
 * Why Nova would refuse to boot the image on the flavor (FlavorMemoryTooSmall / FlavorDiskTooSmall from the image's
 * min_ram in MiB and min_disk in GiB), or null when it fits.
 */
export function tooSmall(
  flavor: Pick<FlavorList['objects'][number], 'ram' | 'disk'>,
  image: Pick<Image, 'min_ram' | 'min_disk'>,
): string | null {
  const minRam = image.min_ram ?? 0;
  const minDisk = image.min_disk ?? 0;
  if (minRam > flavor.ram) return t('flavorTooLittleRam', { need: formatBytes(minRam * MiB) });
  // A flavor with disk 0 sizes the root disk from the image, so every min_disk fits.
  if (flavor.disk > 0 && minDisk > flavor.disk) return t('flavorTooLittleDisk', { need: `${minDisk} GiB` });
  return null;
}
