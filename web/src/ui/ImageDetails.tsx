import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api, ApiError } from '../api/client';
import type { AuditPage, Image, Member } from '../api/types';
import { formatBytes, formatDate, formatNumber, formatRelative } from '../i18n/format';
import { t, type StringKey } from '../i18n/strings';
import type { Action } from '../state/rules';
import type { Me } from './App';
import { imageUrl, reasonOf, run, useRefresh } from './actions';
import { ConfirmDialog, EditDialog, Overlay } from './Dialogs';
import { ImageFlavors } from './ImageFlavors';

export function ImageDetails({ me, id, onClose }: { me: Me; id: string; onClose: () => void }) {
  const image = useQuery({
    queryKey: ['catalogue', 'image', me.prefix, id],
    queryFn: ({ signal }) => api<Image>(`${me.prefix}/${encodeURIComponent(id)}`, { signal }),
    retry: false,
  });
  if (image.isPending) return <Overlay title={t('details')} onClose={onClose}><p role="status">{t('loading')}</p></Overlay>;
  if (image.isError) {
    const notFound = image.error instanceof ApiError && image.error.status === 404;
    return (
      <Overlay title={notFound ? t('notFound') : t('errorTitle')} onClose={onClose}>
        <p role="alert">{notFound ? t('notFoundBody', { id }) : image.error.message}</p>
        <div className="buttons"><Button className="btn" onPress={onClose}>{t('close')}</Button></div>
      </Overlay>
    );
  }
  return <Loaded me={me} image={image.data} onClose={onClose} />;
}

const fields: (keyof Image)[] = [
  'id', 'name', 'type', 'status', 'visibility', 'protected', 'region', 'disk_format', 'container_format', 'size',
  'min_disk', 'min_ram', 'os_distro', 'os_version', 'architecture', 'hypervisor_type', 'hw_qemu_guest_agent',
  'created_at', 'updated_at', 'cleanup_date', 'instance_uuid', 'volume_snapshot_uuid', 'tags',
];

function show(key: keyof Image, value: unknown): React.ReactNode {
  if (value === null || value === undefined || value === '') return t('none');
  if (key === 'size') return `${formatBytes(value as number)} (${formatNumber(value as number)} B)`;
  if (typeof value === 'string' && key.toString().endsWith('_at') || key === 'cleanup_date')
    return <time dateTime={String(value)}>{formatDate(String(value))} ({formatRelative(String(value))})</time>;
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (Array.isArray(value)) return value.join(', ') || t('none');
  return String(value);
}

function Loaded({ me, image, onClose }: { me: Me; image: Image; onClose: () => void }) {
  const refresh = useRefresh();
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (a: 'deactivate' | 'reactivate' | 'accept' | 'reject') => {
    setError(null);
    try {
      await run(me, image, a);
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const name = image.display_name ?? image.id;
  const apiPath = `${me.prefix}/${image.id}?region=${encodeURIComponent(image.region)}`;
  const curl = `curl -H 'Authorization: Token <your key>' '${window.location.origin}${apiPath}'`;
  const cli = `openstack image show ${image.id}`;
  const buttons: { key: 'edit' | 'delete' | 'deactivate' | 'reactivate' | 'download'; label: StringKey; rule: Action }[] = [
    { key: 'edit', label: 'edit', rule: 'edit' },
    { key: 'download', label: 'download', rule: 'download' },
    { key: 'deactivate', label: 'deactivate', rule: 'deactivate' },
    { key: 'reactivate', label: 'reactivate', rule: 'reactivate' },
    { key: 'delete', label: 'delete', rule: 'delete' },
  ];
  return (
    <Overlay title={name} onClose={onClose} wide>
      <div className="actionrow" role="group" aria-label={t('col_actions')}>
        {buttons.map((b) => {
          const why = reasonOf(me, image, b.rule);
          return (
            <span key={b.key} className="action">
              <Button className={b.key === 'delete' ? 'btn danger' : 'btn'} isDisabled={Boolean(why)}
                aria-describedby={why ? `why-${b.key}` : undefined}
                onPress={() => b.key === 'edit' || b.key === 'delete' ? setDialog(b.key)
                  : b.key === 'download' ? window.open(imageUrl(me, image, '/download'), '_self') : void act(b.key)}>
                {t(b.label)}
              </Button>
              {why && <small id={`why-${b.key}`} className="why">{why}</small>}
            </span>
          );
        })}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <section aria-labelledby="f-title">
        <h3 id="f-title">{t('fields')}</h3>
        <dl className="fields">
          {fields.map((k) => <Pair key={k} term={k} value={show(k, image[k])} />)}
          {image.client && <Pair term="client" value={image.client.name} />}
          {'owner' in image && <Pair term="owner" value={show('owner' as keyof Image, image.owner)} />}
          <Pair term="related_instance" value={image.related_instance ? `${image.related_instance.name} (${image.related_instance.id})` : t('none')} />
        </dl>
      </section>
      <section aria-labelledby="p-title">
        <h3 id="p-title">{t('properties')}</h3>
        <dl className="fields">
          {Object.entries(image.properties ?? {}).map(([k, v]) => <Pair key={k} term={k} value={typeof v === 'string' ? v : JSON.stringify(v)} />)}
        </dl>
      </section>
      <Sharing me={me} image={image} onAnswer={act} />
      {me.audience === 'staff' && <ImageFlavors image={image} />}
      {me.audience === 'staff' && <Audit image={image} />}
      <section aria-labelledby="a-title">
        <h3 id="a-title">{t('apiRequest')}</h3>
        <Copyable text={curl} />
        <Copyable text={cli} />
      </section>
      <div className="buttons"><Button className="btn" onPress={onClose}>{t('close')}</Button></div>
      {dialog === 'edit' && <EditDialog me={me} image={image} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmDialog title={t('confirmDelete', { n: 1 })} body={name} confirm={t('delete')} onClose={() => setDialog(null)}
          onConfirm={async () => { await run(me, image, 'delete'); await refresh(); onClose(); }} />
      )}
    </Overlay>
  );
}

function Pair({ term, value }: { term: string; value: React.ReactNode }) {
  return <div className="pair"><dt>{term}</dt><dd>{value}</dd></div>;
}

function Copyable({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copyable">
      <code>{text}</code>
      <Button className="btn" aria-label={`${t('copy')}: ${text}`} onPress={async () => {
        await navigator.clipboard?.writeText(text).catch(() => undefined);
        setCopied(true);
      }}>{copied ? t('copied') : t('copy')}</Button>
    </div>
  );
}

function Sharing({ me, image, onAnswer }: { me: Me; image: Image; onAnswer: (a: 'accept' | 'reject') => void }) {
  const canManage = !reasonOf(me, image, 'share');
  const canAnswer = !reasonOf(me, image, 'answer');
  const members = useQuery({
    queryKey: ['catalogue', 'members', me.prefix, image.id, image.region],
    queryFn: () => api<{ members: Member[] }>(imageUrl(me, image, '/members')),
    enabled: canManage,
  });
  const mine = useQuery({
    queryKey: ['catalogue', 'member-status', me.prefix, image.id, image.region],
    queryFn: () => api<{ status: string }>(imageUrl(me, image, '/get_member_status')),
    enabled: canAnswer, retry: false,
  });
  const refresh = useRefresh();
  const [error, setError] = useState<string | null>(null);
  if (!canManage && !canAnswer) {
    const why = reasonOf(me, image, 'share');
    return image.visibility === 'shared' || why === t('why_notShared') ? (
      <section aria-labelledby="m-title"><h3 id="m-title">{t('members')}</h3><p className="why">{why}</p></section>
    ) : null;
  }
  return (
    <section aria-labelledby="m-title">
      <h3 id="m-title">{t('members')}</h3>
      {canAnswer && mine.data && (
        <div className="answer">
          <p>{t('yourShare', { status: mine.data.status })}</p>
          <Button className="btn primary" isDisabled={mine.data.status === 'accepted'} onPress={() => onAnswer('accept')}>{t('accept')}</Button>
          <Button className="btn" isDisabled={mine.data.status === 'rejected'} onPress={() => onAnswer('reject')}>{t('reject')}</Button>
        </div>
      )}
      {canManage && (
        <>
          <table className="simple">
            <thead><tr><th>{t('project')}</th><th>{t('memberStatus')}</th><th><span className="sr-only">{t('remove')}</span></th></tr></thead>
            <tbody>
              {(members.data?.members ?? []).map((m) => (
                <tr key={m.project}>
                  <td><code>{m.project}</code></td>
                  <td><span className={`badge member-${m.status}`}>{m.status}</span></td>
                  <td><Button className="btn" aria-label={t('removeMember', { project: m.project })} onPress={async () => {
                    try {
                      await api(imageUrl(me, image, `/members/${encodeURIComponent(m.project)}`), { method: 'DELETE' });
                      await refresh();
                    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
                  }}>{t('remove')}</Button></td>
                </tr>
              ))}
            </tbody>
          </table>
          <form className="inline" onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const project = String(new FormData(form).get('project') ?? '').trim();
            setError(null);
            try {
              await api(imageUrl(me, image, '/members'), { method: 'POST', body: { project } });
              form.reset();
              await refresh();
            } catch (err) { setError(err instanceof Error ? err.message : String(err)); }
          }}>
            <label className="field">
              <span>{t('project')}</span>
              <input name="project" required aria-invalid={error ? true : undefined} />
            </label>
            <Button type="submit" className="btn">{t('addMember')}</Button>
          </form>
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}

function Audit({ image }: { image: Image }) {
  const entries = useQuery({
    queryKey: ['catalogue', 'audit', image.id],
    queryFn: () => api<AuditPage>(`/backend/staffapi/activitylog?filtering=image:${encodeURIComponent(image.id)}&page_size=20`),
  });
  return (
    <section aria-labelledby="au-title">
      <h3 id="au-title">{t('audit')}</h3>
      {entries.isError && <p className="error">{entries.error.message}</p>}
      <ul className="audit">
        {(entries.data?.objects ?? []).map((e) => (
          <li key={e.id}><time dateTime={e.at}>{formatDate(e.at)}</time> {e.user.username}: {e.action} → {e.outcome} ({e.status_code})</li>
        ))}
      </ul>
    </section>
  );
}
