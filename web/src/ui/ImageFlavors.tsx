import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api } from '../api/client';
import type { FlavorAssignment, FlavorList, Image } from '../api/types';
import { formatBytes, formatNumber } from '../i18n/format';
import { t } from '../i18n/strings';
import { tooSmall } from '../state/flavorFit';
import { useRefresh } from './actions';

type Flavor = FlavorList['objects'][number];

const MiB = 1024 * 1024;

function describe(f: Flavor): string {
  return t('flavorShape', { vcpus: formatNumber(f.vcpus), ram: formatBytes(f.ram * MiB), disk: f.disk > 0 ? `${f.disk} GiB` : t('flavorDiskFromImage') });
}

/**
 * Staff: the flavors this image may boot on (Fleio's "flavor assignment"; none assigned = any flavor). The choice is
 * the region's synced Nova flavors; one that is too small for the image's minimums says so.
 */
export function ImageFlavors({ image }: { image: Image }) {
  const region = encodeURIComponent(image.region);
  const path = `/backend/staffapi/openstack/images/${encodeURIComponent(image.id)}/flavors?region=${region}`;
  const assigned = useQuery({ queryKey: ['catalogue', 'flavors', 'image', image.region, image.id], queryFn: () => api<FlavorAssignment>(path) });
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="fl-title">
      <h3 id="fl-title">{t('flavors')}</h3>
      {assigned.isError && <p className="error" role="alert">{assigned.error.message}</p>}
      {assigned.data && !assigned.data.has_flavors_assigned && <p>{t('flavorsAny')}</p>}
      {assigned.data?.has_flavors_assigned && (
        <ul className="flavors" aria-label={t('flavorsAssigned')}>
          {assigned.data.flavors.map((f) => 'name' in f
            ? <li key={f.id}><strong>{f.name}</strong> <small>{describe(f)}</small></li>
            : <li key={f.id}><code>{f.id}</code> <small className="why">{t('flavorDeleted')}</small></li>)}
        </ul>
      )}
      {assigned.data && !editing && <Button className="btn" onPress={() => setEditing(true)}>{t('flavorsChange')}</Button>}
      {assigned.data && editing && (
        <FlavorChoice image={image} path={path} current={assigned.data.flavors.map((f) => f.id)} onDone={() => setEditing(false)} />
      )}
    </section>
  );
}

function FlavorChoice({ image, path, current, onDone }: { image: Image; path: string; current: string[]; onDone: () => void }) {
  const refresh = useRefresh();
  const flavors = useQuery({
    queryKey: ['catalogue', 'flavors', 'region', image.region],
    queryFn: () => api<FlavorList>(`/backend/staffapi/openstack/flavors?region=${encodeURIComponent(image.region)}`),
  });
  const [chosen, setChosen] = useState(() => new Set(current));
  const toggle = (id: string, on: boolean) =>
    setChosen((was) => { const next = new Set(was); if (on) next.add(id); else next.delete(id); return next; });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (ids: string[]) => {
    setBusy(true);
    setError(null);
    try {
      await api(path, { method: 'PUT', body: { flavors: ids } });
      await refresh();
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const known = new Set((flavors.data?.objects ?? []).map((f) => f.id));
  return (
    <form onSubmit={(e) => { e.preventDefault(); void save([...chosen]); }}>
      <fieldset className="flavor-choice">
        <legend>{t('flavorsOfRegion', { region: image.region })}</legend>
        {flavors.isPending && <p role="status">{t('loading')}</p>}
        {flavors.isError && <p className="error" role="alert">{flavors.error.message}</p>}
        {flavors.data?.objects.length === 0 && <p>{t('flavorsNone')}</p>}
        {flavors.data?.objects.map((f) => {
          const why = tooSmall(f, image);
          return (
            <label key={f.id} className="check">
              <input type="checkbox" checked={chosen.has(f.id)} aria-describedby={why ? `fl-why-${f.id}` : undefined}
                onChange={(e) => toggle(f.id, e.target.checked)} />
              <span><strong>{f.name}</strong> <small>{describe(f)}</small>
                {why && <small id={`fl-why-${f.id}`} className="why"> {why}</small>}</span>
            </label>
          );
        })}
        {/* An assignment to a flavor Nova has deleted since: kept unless staff untick it here. */}
        {current.filter((id) => flavors.data && !known.has(id)).map((id) => (
          <label key={id} className="check">
            <input type="checkbox" checked={chosen.has(id)}
              onChange={(e) => toggle(id, e.target.checked)} />
            <span><code>{id}</code> <small className="why">{t('flavorDeleted')}</small></span>
          </label>
        ))}
      </fieldset>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="buttons">
        <Button className="btn" onPress={onDone}>{t('cancel')}</Button>
        <Button className="btn" isDisabled={busy} onPress={() => void save([])}>{t('flavorsAllowAny')}</Button>
        <Button type="submit" className="btn primary" isDisabled={busy || !flavors.data}>{t('save')}</Button>
      </div>
    </form>
  );
}
