import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { api, ApiError } from '../api/client';
import type { CreateOptions, Image } from '../api/types';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/strings';
import type { Me } from './App';
import { Check, Choice, FieldErrors, fieldOf, Overlay, Text } from './Dialogs';
import { useUploads } from './Uploads';

/** Whom the image is for unless chosen: a reseller's own account (''), an end user's first client. */
const defaultClient = (me: Me, o: CreateOptions) =>
  me.audience === 'enduser' && o.clients?.length ? String(o.clients[0].id) : '';

const formFields = ['name', 'region', 'disk_format', 'container_format', 'visibility', 'os_distro', 'os_version', 'min_disk', 'min_ram', 'tags', 'url'];

/** The create form, built from create_options: from a file (streamed upload in the tray) or from a URL (web-download). */
export function CreateDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const options = useQuery({ queryKey: ['create-options', me.prefix], queryFn: () => api<CreateOptions>(`${me.prefix}/create_options`) });
  const uploads = useUploads();
  const client = useQueryClient();
  const [source, setSource] = useState<'file' | 'url'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [region, setRegion] = useState<string | null>(null);
  const [disk, setDisk] = useState('qcow2');
  const [container, setContainer] = useState('bare');
  const [visibility, setVisibility] = useState('private');
  const [os, setOs] = useState('');
  const [clientChoice, setClientChoice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const o = options.data;
  return (
    <Overlay title={t('createTitle')} onClose={onClose} wide>
      {options.isError && <p className="error" role="alert">{options.error.message}</p>}
      {o && (
        <FieldErrors.Provider value={errors}>
        <form onSubmit={async (e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          if (source === 'file' && !file) return setErrors({ file: t('chooseFile') });
          if (file && file.size > o.max_upload_bytes) return setErrors({ file: `At most ${formatBytes(o.max_upload_bytes)}.` });
          const body: Record<string, unknown> = {
            name: String(data.get('name') ?? ''), region: region ?? o.regions[0]?.id, disk_format: disk,
            container_format: container, visibility, protected: data.get('protected') === 'on',
            min_disk: Number(data.get('min_disk') || 0), min_ram: Number(data.get('min_ram') || 0),
          };
          if (os) body.os_distro = os;
          const forClient = me.audience === 'staff' ? String(data.get('client') ?? '').trim() : clientChoice ?? defaultClient(me, o);
          if (forClient) body.client = Number(forClient);
          const version = String(data.get('os_version') ?? '').trim();
          if (version) body.os_version = version;
          const tags = String(data.get('tags') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
          if (tags.length) body.tags = tags;
          if (source === 'url') body.url = String(data.get('url') ?? '');
          setBusy(true);
          setErrors({});
          setGeneral(null);
          try {
            const image = await api<Image>(me.prefix, { method: 'POST', body });
            if (source === 'file') uploads.startFile(me, image, file!, true);
            else uploads.watchImport(me, image);
            await client.invalidateQueries({ queryKey: ['catalogue'] });
            onClose();
          } catch (err) {
            const detail = err instanceof ApiError ? err.detail : String(err);
            const field = fieldOf(detail, me.audience === 'staff' ? [...formFields, 'client'] : formFields);
            if (field) setErrors({ [field]: detail });
            else setGeneral(detail);
          } finally {
            setBusy(false);
          }
        }}>
          <fieldset className="field radios">
            <legend>{t('source')}</legend>
            {(['file', 'url'] as const).map((v) => (
              <label key={v}><input type="radio" name="source" value={v} checked={source === v} onChange={() => setSource(v)} />
                {v === 'file' ? t('fromFile') : t('fromUrl')}</label>
            ))}
          </fieldset>
          {source === 'file' ? (
            <div className="field">
              <FileTrigger onSelect={(files) => setFile(files?.[0] ?? null)}>
                <Button className="btn">{t('chooseFile')}</Button>
              </FileTrigger>
              <span className="filename" data-testid="chosen-file">{file ? `${file.name} (${formatBytes(file.size)})` : ''}</span>
              {errors.file && <span className="fielderror" role="alert">{errors.file}</span>}
            </div>
          ) : (
            <Text name="url" label={t('url')} type="url" isRequired />
          )}
          <Text name="name" label={t('name')} isRequired />
          {me.audience === 'staff' ? (
            <Text name="client" label={t('clientForStaff')} type="number" />
          ) : o.clients && (me.audience === 'reseller' || o.clients.length > 1) && (
            <Choice label={t('clientFor')} value={clientChoice ?? defaultClient(me, o)}
              values={[...(me.audience === 'reseller' ? [''] : []), ...o.clients.map((c) => String(c.id))]}
              displays={{ '': t('clientForReseller'), ...Object.fromEntries(o.clients.map((c) => [String(c.id), c.name])) }}
              onChange={setClientChoice} />
          )}
          <Choice label={t('region')} value={region ?? o.regions[0]?.id ?? ''} values={o.regions.map((r) => r.id)}
            displays={Object.fromEntries(o.regions.map((r) => [r.id, r.description]))} onChange={setRegion} />
          <Choice label={t('diskFormat')} value={disk} values={o.disk_formats} onChange={setDisk} />
          <Choice label={t('containerFormat')} value={container} values={o.container_formats} onChange={setContainer} />
          <Choice label={t('visibility')} value={visibility} values={o.visibilities} onChange={setVisibility} />
          <Choice label={t('osDistro')} value={os} values={['', ...o.os_distros.map((d) => d.value)]}
            displays={{ '': t('none'), ...Object.fromEntries(o.os_distros.map((d) => [d.value, d.display])) }} onChange={setOs} />
          <Text name="os_version" label={t('osVersion')} />
          <Text name="min_disk" label={t('minDisk')} type="number" value="0" />
          <Text name="min_ram" label={t('minRam')} type="number" value="0" />
          <Text name="tags" label={t('tags')} />
          <Check name="protected" label={t('protected')} />
          {o.cleanup_enabled && <p className="hint">Images of types {o.cleanup_image_types?.join(', ')} are cleaned up after {o.cleanup_days} days.</p>}
          {general && <p className="error" role="alert">{general}</p>}
          <div className="buttons">
            <Button className="btn" onPress={onClose}>{t('cancel')}</Button>
            <Button className="btn primary" type="submit" isDisabled={busy}>{t('start')}</Button>
          </div>
        </form>
        </FieldErrors.Provider>
      )}
    </Overlay>
  );
}
