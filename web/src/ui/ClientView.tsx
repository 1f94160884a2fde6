import { useState } from 'react';
import { Button } from 'react-aria-components';
import { t } from '../i18n/strings';
import { navigate } from '../state/router';
import { clientIdOf } from '../state/url';
import type { Me } from './App';

/**
 * Staff see the page as one client sees it: the client's tabs, list, facets and details, from the view routes that
 * answer for that client (GET /backend/staffapi/openstack/clients/{client}/view/images…). Read only: the view's
 * permissions allow listing and reading alone, so every action stays visible, disabled, with its reason.
 */
export function viewAs(me: Me, client: number): Me {
  const reading = new Set(['images.list', 'images.retrieve']);
  return {
    ...me,
    audience: 'enduser',
    prefix: `/backend/staffapi/openstack/clients/${client}/view/images`,
    clientIds: [client],
    permissions: Object.fromEntries(Object.keys(me.permissions).map((name) => [name, reading.has(name) && me.permissions[name]])),
    viewing: client,
  };
}

export function ViewingBanner({ client }: { client: number }) {
  return (
    <div className="viewing" role="status">
      <span>{t('viewingAs', { client: String(client) })}</span>
      <Button className="btn" onPress={() => navigate('/')}>{t('viewingBack')}</Button>
    </div>
  );
}

/** Staff: a client id → the page as that client sees it (`?as_client=`, so the link can be shared with a colleague). */
export function ViewAsForm() {
  const [value, setValue] = useState('');
  return (
    <form className="inline view-as" onSubmit={(e) => {
      e.preventDefault();
      const id = clientIdOf(value);
      if (id) navigate(`/?as_client=${id}`);
    }}>
      <label className="field">
        <span>{t('viewAsClient')}</span>
        <input inputMode="numeric" pattern="[1-9][0-9]*" value={value} onChange={(e) => setValue(e.target.value)}
          placeholder={t('viewAsPlaceholder')} />
      </label>
      <Button type="submit" className="btn">{t('viewAs')}</Button>
    </form>
  );
}
