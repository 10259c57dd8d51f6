// Push-to-talk in a live exercise: the talk button (held with the pointer, or with Space or Enter
// on it; Space anywhere on the page too, unless the focus is in a field or another control), a line
// that says whether voice works here and why not, and everyone in the room with whether they are
// speaking, muted, listening without a microphone or without voice.
import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { ExerciseRoomState } from '../../client/exercise-room.ts';
import { useVoice } from '../../client/use-voice.ts';
import type { MicStatus, VoiceState } from '../../client/voice-mesh.ts';
import { useT } from '../../i18n/i18n.ts';

type T = ReturnType<typeof useT>['t'];

function statusText(status: MicStatus, t: T): string {
  switch (status) {
    case 'listening':
      return `${t('voice_listening')} ${t('voice_hint')}`;
    case 'asking':
      return t('voice_asking');
    case 'talking':
      return t('voice_talking');
    case 'no-mic':
      return t('voice_noMic');
    case 'blocked':
      return t('voice_blocked');
    case 'unsupported':
      return t('voice_unsupported');
    case 'full':
      return t('voice_full');
    case 'left':
      return t('voice_left');
  }
}

function stateText(voice: VoiceState, t: T): string {
  if (voice === 'speaking') return t('voice_stateSpeaking');
  if (voice === 'muted') return t('voice_stateMuted');
  if (voice === 'no-mic') return t('voice_stateNoMic');
  return t('voice_stateOff');
}

/** True where Space belongs to what has the focus: a field, a button, a link, a list. */
function spaceIsTaken(target: EventTarget | null, talk: HTMLElement | null): boolean {
  if (!(target instanceof HTMLElement) || target === talk) return false;
  if (target.isContentEditable) return true;
  return (
    target.closest('input, textarea, select, button, a[href], summary, [role="button"], [role="listbox"], [contenteditable]') !==
    null
  );
}

export function VoicePanel({ room, roleName }: { room: ExerciseRoomState; roleName: (role: string) => string }) {
  const { t } = useT();
  const id = useId();
  const voice = useVoice(room);
  const talkRef = useRef<HTMLButtonElement>(null);
  const { press, release } = voice;
  const canTalk = voice.status === 'listening' || voice.status === 'asking' || voice.status === 'talking';

  // Space held anywhere on the page talks, unless it types or presses something else.
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || event.repeat || spaceIsTaken(event.target, talkRef.current)) return;
      if (event.target === talkRef.current) return;
      event.preventDefault();
      press();
    };
    const up = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || spaceIsTaken(event.target, talkRef.current) || event.target === talkRef.current) return;
      release();
    };
    const lost = () => release();
    document.addEventListener('keydown', down);
    document.addEventListener('keyup', up);
    window.addEventListener('blur', lost);
    return () => {
      document.removeEventListener('keydown', down);
      document.removeEventListener('keyup', up);
      window.removeEventListener('blur', lost);
    };
  }, [press, release]);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== ' ' && event.key !== 'Enter') return;
    event.preventDefault();
    if (!event.repeat) press();
  };
  const onKeyUp = (event: ReactKeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== ' ' && event.key !== 'Enter') return;
    event.preventDefault();
    release();
  };

  return (
    <section className="admin-card exercise-voice" aria-labelledby={`${id}-title`} data-voice={voice.status}>
      <h2 id={`${id}-title`}>{t('voice_title')}</h2>
      <button
        ref={talkRef}
        type="button"
        className="exercise-talk"
        aria-pressed={voice.status === 'talking'}
        aria-describedby={`${id}-status`}
        disabled={!canTalk}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          press();
        }}
        onPointerUp={release}
        onPointerCancel={release}
        onLostPointerCapture={release}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onContextMenu={(event) => event.preventDefault()}
      >
        {t('voice_talk')}
      </button>
      <p id={`${id}-status`} role="status" className="hint exercise-voice-status">
        {statusText(voice.status, t)}
      </p>
      <h3>{t('voice_peersTitle')}</h3>
      <ul className="exercise-voice-peers">
        {room.peers.map((peer) => (
          <li key={peer.id} data-user={peer.userId} data-voice={peer.voice}>
            {t('voice_peer', { name: peer.name, role: roleName(peer.role) })}
            {peer.id === room.selfId ? ` ${t('voice_you')}` : null}{' '}
            <span className={`exercise-voice-state exercise-voice-${peer.voice}`}>{stateText(peer.voice, t)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
