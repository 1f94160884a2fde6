import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useId, useState } from 'react';
import {
  Button, Dialog, Heading, Modal, ModalOverlay,
} from 'react-aria-components';
import { api, ApiError } from '../api/client';
import type { Image } from '../api/types';
import { t } from '../i18n/strings';
import type { Me } from './App';
import { imageUrl } from './actions';

export function Overlay({ title, onClose, children, wide }: { title: string; onClose: () => void; children: React.ReactNode; wide?: boolean }) {
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="overlay">
      <Modal className={wide ? 'modal wide' : 'modal'}>
        <Dialog className="dialog">
          <Heading slot="title">{title}</Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

export function ConfirmDialog(props: { title: string; body: React.ReactNode; confirm: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Overlay title={props.title} onClose={props.onClose}>
      <div>{props.body}</div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="buttons">
        <Button className="btn" onPress={props.onClose}>{t('cancel')}</Button>
        <Button className="btn danger" isDisabled={busy} onPress={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
            props.onClose();
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
          }
        }}>{props.confirm}</Button>
      </div>
    </Overlay>
  );
}

export interface ItemResult { name: string; ok: boolean; detail?: string }

export function ResultDialog({ results, onClose }: { results: ItemResult[]; onClose: () => void }) {
  return (
    <Overlay title={t('bulkResults')} onClose={onClose}>
      <ul className="results" aria-label={t('bulkResults')}>
        {results.map((r, i) => (
          <li key={i} className={r.ok ? 'ok' : 'failed'}>
            <strong>{r.name}</strong>: {r.ok ? t('bulkOk') : r.detail}
          </li>
        ))}
      </ul>
      <div className="buttons"><Button className="btn" slot="close" onPress={onClose}>{t('close')}</Button></div>
    </Overlay>
  );
}

const editable = ['name', 'min_disk', 'min_ram', 'os_distro', 'os_version', 'architecture'] as const;

/** Field errors are shown at the field: the API's detail names the field in quotes. */
export function fieldOf(detail: string, fields: readonly string[]): string | null {
  return fields.find((f) => detail.includes(`"${f}"`) || detail.includes(`'${f}'`)) ?? null;
}

export function EditDialog({ me, image, onClose }: { me: Me; image: Image; onClose: () => void }) {
  const client = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [visibility, setVisibility] = useState(image.visibility ?? 'private');
  const visibilities = me.audience === 'staff' ? ['private', 'shared', 'community', 'public'] : ['private', 'shared', 'community'];
  return (
    <Overlay title={`${t('edit')}: ${image.display_name ?? image.id}`} onClose={onClose}>
      <FieldErrors.Provider value={errors}>
      <form onSubmit={async (e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const body: Record<string, unknown> = { visibility, protected: data.get('protected') === 'on' };
        for (const f of editable) {
          const v = String(data.get(f) ?? '');
          body[f] = f === 'min_disk' || f === 'min_ram' ? Number(v || 0) : v === '' ? null : v;
        }
        body.tags = String(data.get('tags') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const props = String(data.get('properties') ?? '').trim();
        try {
          if (props) body.properties = JSON.parse(props);
        } catch {
          return setErrors({ properties: t('propertiesJson') });
        }
        try {
          await api(imageUrl(me, image), { method: 'PATCH', body });
          await client.invalidateQueries({ queryKey: ['catalogue'] });
          onClose();
        } catch (err) {
          const detail = err instanceof ApiError ? err.detail : String(err);
          const field = fieldOf(detail, [...editable, 'tags', 'properties', 'visibility']);
          if (field) setErrors({ [field]: detail });
          else setGeneral(detail);
        }
      }}>
        <Text name="name" label={t('name')} value={image.name ?? ''} />
        <Text name="min_disk" label={t('minDisk')} value={String(image.min_disk)} type="number" />
        <Text name="min_ram" label={t('minRam')} value={String(image.min_ram)} type="number" />
        <Text name="os_distro" label={t('osDistro')} value={image.os_distro ?? ''} />
        <Text name="os_version" label={t('osVersion')} value={image.os_version ?? ''} />
        <Text name="architecture" label={t('architecture')} value={image.architecture ?? ''} />
        <Choice label={t('visibility')} value={visibility} values={visibilities} onChange={setVisibility} />
        <Check name="protected" label={t('protected')} checked={image.protected} />
        <Text name="tags" label={t('tags')} value={image.tags.join(', ')} />
        <Text name="properties" label={`${t('properties')} (JSON; null removes)`} value="" />
        {general && <p className="error" role="alert">{general}</p>}
        <div className="buttons">
          <Button className="btn" onPress={onClose}>{t('cancel')}</Button>
          <Button className="btn primary" type="submit">{t('save')}</Button>
        </div>
      </form>
      </FieldErrors.Provider>
    </Overlay>
  );
}

/** Errors of the form around it, by field name, shown at the field. */
export const FieldErrors = createContext<Record<string, string>>({});

export function Text({ name, label, value, type = 'text', isRequired }: { name: string; label: string; value?: string; type?: string; isRequired?: boolean }) {
  const error = useContext(FieldErrors)[name];
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} defaultValue={value} type={type} required={isRequired} aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined} />
      {error && <span id={`${id}-error`} className="fielderror">{error}</span>}
    </div>
  );
}

export function Check({ name, label, checked }: { name: string; label: string; checked?: boolean }) {
  return <label className="check"><input type="checkbox" name={name} defaultChecked={checked} /> {label}</label>;
}

export function Choice({ label, value, values, onChange, displays }: {
  label: string; value: string; values: string[]; onChange: (v: string) => void; displays?: Record<string, string>;
}) {
  // A native select: accessible, keyboard-complete and lighter than a custom listbox.
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {values.map((v) => <option key={v} value={v}>{displays?.[v] ?? v}</option>)}
      </select>
    </label>
  );
}
