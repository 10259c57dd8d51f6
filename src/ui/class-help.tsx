// The play page's class controls, for a learner in a class: "Ask for help" (the trainer's table
// shows the request until they mark it handled) and, once the trainer ends the class, the notice
// that it has ended. In VR the same request is a 3D button (src/scenes/class-help-panel.tsx).
import { useState } from 'react';
import { requestHelp, useClassMembership } from '../app/class-membership.ts';
import { useT } from './i18n.ts';

export function ClassHelp() {
  const { t } = useT();
  const membership = useClassMembership();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  if (membership === null) return null;
  if (membership.status === 'ended') {
    return (
      <p className="class-help class-ended" role="status" data-class-state="ended">
        {t('trainer_classEnded', { title: membership.title })}
      </p>
    );
  }
  const asked = membership.helpRequestedAt !== null;
  const onAsk = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await requestHelp(membership.classId);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="class-help" data-class-state="joined" data-help={asked ? 'requested' : 'none'}>
      <button type="button" data-action="ask-help" disabled={busy} onClick={() => void onAsk()}>
        {t('trainer_askHelp')}
      </button>
      <p role="status" className="hint">
        {asked ? t('trainer_helpRequested') : failed ? t('trainer_helpFailed') : ''}
      </p>
    </div>
  );
}
