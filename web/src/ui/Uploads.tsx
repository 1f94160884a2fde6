import { useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, uploadWithProgress } from '../api/client';
import type { Image } from '../api/types';
import { formatBytes, formatDuration } from '../i18n/format';
import { t } from '../i18n/strings';
import type { Me } from './App';
import { imageUrl, useRefresh } from './actions';

export interface Upload {
  key: number; name: string; url: string; kind: 'file' | 'import';
  sent: number; total: number; startedAt: number; state: 'running' | 'done' | 'failed' | 'cancelled';
  detail?: string; cancel?: () => void; me?: Me; image?: Image;
}

interface Uploads {
  uploads: Upload[];
  /** `fresh`: the image was made for this upload, and a cancelled upload removes it again. */
  startFile: (me: Me, image: Image, file: File, fresh: boolean) => void; watchImport: (me: Me, image: Image) => void; dismiss: (k: number) => void }

const UploadsContext = createContext<Uploads | null>(null);
export const useUploads = () => useContext(UploadsContext)!;

/** Uploads live above the routes: they keep going while the person moves around the page. */
export function UploadsProvider({ children }: { children: React.ReactNode }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const next = useRef(1);
  const refresh = useRefresh();
  const update = (key: number, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const startFile = useCallback((me: Me, image: Image, file: File, fresh: boolean) => {
    const key = next.current++;
    const url = imageUrl(me, image, '/file');
    const run = uploadWithProgress(url, file, (sent, total) => update(key, { sent, total }));
    setUploads((all) => [...all, { key, name: image.name ?? file.name, url, kind: 'file', sent: 0, total: file.size, startedAt: performance.now(), state: 'running', cancel: run.cancel }]);
    run.done.then(
      () => { update(key, { state: 'done', sent: file.size }); void refresh(); },
      async (e: Error) => {
        const cancelled = e.message === 'cancelled';
        update(key, { state: cancelled ? 'cancelled' : 'failed', detail: e.message });
        // A cancelled upload of a new image leaves an empty queued image behind: remove it. An image that was
        // queued before (data uploaded again from its menu) stays as it was.
        if (cancelled && fresh) await api(imageUrl(me, image), { method: 'DELETE' }).catch(() => undefined);
        void refresh();
      });
  }, [refresh]);

  const watchImport = useCallback((me: Me, image: Image) => {
    const key = next.current++;
    setUploads((all) => [...all, { key, name: image.name ?? image.id, url: '', kind: 'import', sent: 0, total: 0, startedAt: performance.now(), state: 'running', me, image }]);
  }, []);

  const running = uploads.some((u) => u.state === 'running' && u.kind === 'file');
  useEffect(() => {
    if (!running) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = t('leaveWarning'); };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [running]);

  return (
    <UploadsContext.Provider value={{ uploads, startFile, watchImport, dismiss: (k) => setUploads((all) => all.filter((u) => u.key !== k)) }}>
      {children}
    </UploadsContext.Provider>
  );
}

export function UploadTray() {
  const { uploads, dismiss } = useUploads();
  if (uploads.length === 0) return null;
  return (
    <aside className="tray" aria-label={t('uploads')}>
      <h2>{t('uploads')}</h2>
      <ul>
        {uploads.map((u) => (
          <li key={u.key} data-state={u.state}>
            {u.kind === 'file' ? <FileUpload u={u} /> : <ImportWatch u={u} />}
            {u.state === 'running' && u.cancel && <Button className="btn" onPress={u.cancel}>{t('cancel')}</Button>}
            {u.state !== 'running' && <Button className="btn" onPress={() => dismiss(u.key)} aria-label={`${t('close')} ${u.name}`}>×</Button>}
          </li>
        ))}
      </ul>
    </aside>
  );
}

function FileUpload({ u }: { u: Upload }) {
  const seconds = (performance.now() - u.startedAt) / 1000;
  const speed = seconds > 0 ? u.sent / seconds : 0;
  const eta = speed > 0 ? (u.total - u.sent) / speed : Infinity;
  const total = Math.max(1, u.total);
  const percent = Math.min(100, Math.round((u.sent / total) * 100));
  const label = u.state === 'done' ? t('uploadDone', { name: u.name }) : u.state === 'cancelled' ? t('uploadCancelled', { name: u.name })
    : u.state === 'failed' ? t('uploadFailed', { name: u.name, detail: u.detail ?? '' }) : t('uploading', { name: u.name });
  return (
    <div className="progress">
      <span className="label" role={u.state === 'failed' ? 'alert' : undefined}>{label}</span>
      <span className="value">{formatBytes(u.sent)} / {formatBytes(u.total)}
        {u.state === 'running' && ` · ${t('speedEta', { speed: formatBytes(speed), eta: formatDuration(eta) })}`}</span>
      <div className="bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={u.sent}
        aria-valuetext={`${percent}%`}>
        <div className="fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** A URL import: its state comes from the image itself, refetched whenever the catalogue changes (no polling). */
function ImportWatch({ u }: { u: Upload }) {
  const image = useQuery({
    queryKey: ['catalogue', 'image', u.me!.prefix, u.image!.id],
    queryFn: () => api<Image>(`${u.me!.prefix}/${encodeURIComponent(u.image!.id)}?region=${encodeURIComponent(u.image!.region)}`),
  });
  const status = image.data?.status ?? u.image!.status ?? 'queued';
  const props = (image.data?.properties ?? {}) as Record<string, unknown>;
  const failed = status === 'killed' || typeof props.os_glance_failed_import === 'string' && props.os_glance_failed_import !== '';
  const detail = String(props.os_glance_import_error ?? props.os_glance_failed_import ?? status);
  return (
    <span className="label" role={failed ? 'alert' : 'status'} data-import-status={status}>
      {failed ? t('importFailed', { name: u.name, detail }) : t('importing', { name: u.name, status })}
    </span>
  );
}
