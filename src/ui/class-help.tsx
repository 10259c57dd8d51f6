// The play page's class controls, for a learner in a class: "Ask for help" (the trainer's table
// shows the request until they mark it handled) and, once the trainer ends the class, the notice
// that it has ended. In VR the same request is a 3D button (src/scenes/class-help-panel.tsx).
import { useClassMembership, useHelpRequest } from '../client/class-membership.ts';
import type { MembershipView } from '../contracts/class-types.ts';
import { useT } from '../i18n/i18n.ts';

export function ClassHelp() {
  const { t } = useT();
  const membership = useClassMembership();
  if (membership === null) return null;
  if (membership.status === 'ended') {
    return (
      <p className="class-help class-ended" role="status" data-class-state="ended">
        {t('trainer_classEnded', { title: membership.title })}
      </p>
    );
  }
  return <AskForHelp membership={membership} />;
}

function AskForHelp({ membership }: { membership: MembershipView }) {
  const { t } = useT();
  const { asked, sending, failed, ask } = useHelpRequest(membership);
  return (
    <div className="class-help" data-class-state="joined" data-help={asked ? 'requested' : 'none'}>
      <button type="button" data-action="ask-help" disabled={sending} onClick={ask}>
        {t('trainer_askHelp')}
      </button>
      <p role="status" className="hint">
        {asked ? t('trainer_helpRequested') : failed ? t('trainer_helpFailed') : ''}
      </p>
    </div>
  );
}
