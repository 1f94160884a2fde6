// Staff who must enrol a second factor before the staff API opens to them: key, first code, recovery codes.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api } from '../api/client';
import { signOut, switchPerson } from '../api/session';
import { t } from '../i18n/strings';

interface Enrolment { secret: string; otpauth_uri: string }

export function SecondFactorSetup() {
  const client = useQueryClient();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <h1>{t('otpSetupTitle')}</h1>
      {codes ? (
        <section aria-labelledby="codes-title">
          <h2 id="codes-title">{t('otpCodesTitle')}</h2>
          <p>{t('otpCodesBody')}</p>
          <ul className="codes">{codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
          <Button className="btn primary" onPress={() => void client.invalidateQueries({ queryKey: ['me'] })}>
            {t('otpCodesDone')}
          </Button>
        </section>
      ) : (
        <form
          aria-label={t('otpSetupTitle')}
          onSubmit={(e) => {
            e.preventDefault();
            const code = String(new FormData(e.currentTarget).get('otp') ?? '');
            void run(async () => {
              const confirmed = await api<{ recovery_codes: string[] }>('/backend/auth/otp/confirm', { method: 'POST', body: { code } });
              setCodes(confirmed.recovery_codes);
            });
          }}
        >
          <p>{t('otpSetupBody')}</p>
          {enrolment ? (
            <>
              <p className="field">{t('otpSecret')}<code data-testid="otp-secret">{enrolment.secret}</code></p>
              <a href={enrolment.otpauth_uri}>{t('otpLink')}</a>
              <label className="field">{t('otp')}<input name="otp" required autoComplete="one-time-code" inputMode="numeric" /></label>
              <Button type="submit" className="btn primary" isDisabled={busy}>{t('otpConfirm')}</Button>
            </>
          ) : (
            <Button className="btn primary" isDisabled={busy}
              onPress={() => void run(async () => setEnrolment(await api<Enrolment>('/backend/auth/otp/enrol', { method: 'POST' })))}>
              {t('otpSetupStart')}
            </Button>
          )}
          {error && <p className="error" role="alert">{error}</p>}
        </form>
      )}
      <Button className="btn" onPress={async () => {
        try { await signOut(); } finally { switchPerson(client, null); }
      }}>{t('signOut')}</Button>
    </main>
  );
}
