import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { ApiError } from '../api/client';
import { signIn, switchPerson } from '../api/session';
import { t } from '../i18n/strings';
import { LanguageMenu } from './LanguageMenu';

export function SignIn() {
  const client = useQueryClient();
  const [needOtp, setNeedOtp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="signin">
      <h1>PanelImages</h1>
      <form
        aria-label={t('signIn')}
        onSubmit={async (e) => {
          e.preventDefault();
          const data = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
          setBusy(true);
          setError(null);
          try {
            const me = await signIn({ username: data.username, password: data.password, otp: data.otp || undefined });
            switchPerson(client, me);
          } catch (err) {
            if (err instanceof ApiError && (err.body as { otp_required?: boolean } | null)?.otp_required) setNeedOtp(true);
            setError(err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label className="field">{t('username')}<input name="username" required autoComplete="username" autoFocus /></label>
        <label className="field">{t('password')}<input name="password" type="password" required autoComplete="current-password" /></label>
        {needOtp && (
          <label className="field">{t('otp')}<input name="otp" required autoComplete="one-time-code" inputMode="numeric" autoFocus /></label>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <Button type="submit" className="btn primary" isDisabled={busy}>{t('signIn')}</Button>
      </form>
      <LanguageMenu />
    </main>
  );
}
