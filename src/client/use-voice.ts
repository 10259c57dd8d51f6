// Push-to-talk for a page that holds a live exercise room: one voice mesh for the page's lifetime,
// joined each time the link to the room is made, fed the room's participants and signals.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ExerciseRoomState } from './exercise-room.ts';
import { browserVoiceOptions, VoiceMesh, type MicStatus } from './voice-mesh.ts';

export interface VoiceControl {
  readonly status: MicStatus;
  press(): void;
  release(): void;
}

export function useVoice(room: ExerciseRoomState): VoiceControl {
  const { sendVoice, onVoice, status, selfId, links, peers } = room;
  const [mesh] = useState(() => new VoiceMesh(browserVoiceOptions(sendVoice)));
  const micStatus = useSyncExternalStore(
    (listener) => mesh.subscribe(listener),
    () => mesh.status,
  );

  useEffect(() => {
    onVoice({ signal: (message) => void mesh.signal(message), full: () => mesh.full() });
    return () => {
      onVoice(null);
      mesh.leave();
    };
  }, [mesh, onVoice]);

  const live = status === 'live';
  useEffect(() => {
    if (live && selfId !== null) mesh.join(selfId);
  }, [mesh, live, selfId, links]);

  useEffect(() => {
    mesh.update(peers);
  }, [mesh, peers]);

  return { status: micStatus, press: () => void mesh.press(), release: () => mesh.release() };
}
