// The organisation admin's sign-in settings, on the users page: whether learners may still use a
// local password once single sign-on is in place. Admins and trainers always keep theirs.
import { useId, useState } from 'react';
import { api } from '../../client/api.ts';
import { useT } from '../../i18n/i18n.ts';
import { LoadFailed } from './load-state.tsx';
import { shown, useApi, useFailureMessage } from './use-api.ts';

const PATH = '/api/v1/admin/sign-in-settings';

export function SignInSettingsSection() {
  const { t } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const { state, reload } = useApi('admin.signInSettings.get', {});
  const settings = shown(state);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  // The box shows the choice at once, then what the server saved (or the loaded value after a failure).
  const [chosen, setChosen] = useState<boolean | null>(null);

  const change = async (learnerPasswords: boolean) => {
    setBusy(true);
    setMessage('');
    setChosen(learnerPasswords);
    try {
      setChosen((await api('admin.signInSettings.put', { body: { learnerPasswords } })).learnerPasswords);
      setMessage(t('signInSettings_saved'));
    } catch (caught) {
      setChosen(null);
      setMessage(failure(caught, PATH));
      reload();
    }
    setBusy(false);
  };

  return (
    <section className="sign-in-settings" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('signInSettings_title')}</h2>
      {state.kind === 'failed' ? <LoadFailed state={state} onRetry={reload} /> : null}
      <p className="form-field">
        <input
          id={`${id}-learner-passwords`}
          type="checkbox"
          checked={chosen ?? settings?.learnerPasswords ?? true}
          disabled={busy || settings === null}
          aria-describedby={`${id}-hint`}
          onChange={(event) => void change(event.target.checked)}
        />{' '}
        <label htmlFor={`${id}-learner-passwords`}>{t('signInSettings_learnerPasswords')}</label>
      </p>
      <p className="hint" id={`${id}-hint`}>
        {t('signInSettings_hint')}
      </p>
      <p role="status" className="success">
        {message}
      </p>
    </section>
  );
}
