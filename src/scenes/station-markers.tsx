// Floor markers for the scene's other stations: select one to move there (fixed stations, never
// smooth motion, so nobody is moved without choosing to).
import { MeshBasicMaterial, RingGeometry } from 'three';
import type { Station } from '../course/schema.ts';
import { useT } from '../i18n/i18n.ts';
import { Interactive } from './interaction/interactive.tsx';

const RING = new RingGeometry(0.22, 0.3, 32).rotateX(-Math.PI / 2);
const MATERIAL = new MeshBasicMaterial({ color: '#3a8dde', transparent: true, opacity: 0.85 });

export function StationMarkers({
  stations,
  current,
  onMove,
}: {
  stations: readonly Station[];
  current: string;
  onMove: (id: string) => void;
}) {
  const { t, l } = useT();
  if (stations.length < 2) return null;
  return (
    <group name="station-markers">
      {stations
        .filter((s) => s.id !== current)
        .map((s, i) => (
          <Interactive
            key={s.id}
            id={`station:${s.id}`}
            label={t('moveTo', { label: l(s.label) })}
            order={900 + i}
            center={[s.position[0], s.position[1] + 0.05, s.position[2]]}
            size={[0.6, 0.1, 0.6]}
            onActivate={() => onMove(s.id)}
          >
            <mesh geometry={RING} material={MATERIAL} position={[s.position[0], s.position[1] + 0.01, s.position[2]]} />
          </Interactive>
        ))}
    </group>
  );
}
