// A row of generated people for the kit preview (?props=people&env=none&cam=0,1.5,1.6): every
// role, both genders and the three age bands side by side, to judge faces and proportions.
import { useMemo } from 'react';
import { kitMaterial } from '../materials';
import { personLook, type PersonSpec } from './look';
import { buildPersonGeometry } from './person-model';

export const PEOPLE_LINEUP: readonly PersonSpec[] = [
  { gender: 'female', age: 36, role: 'resident', seed: 'li' },
  { gender: 'female', age: 56, role: 'resident', seed: 'zhou' },
  { gender: 'female', age: 28, role: 'analyst', seed: 'analyst-zhou' },
  { gender: 'female', age: 50, role: 'section-chief', seed: 'chief-zhang' },
  { gender: 'female', age: 44, role: 'civil-servant', seed: 'officer-sun' },
  { gender: 'male', age: 38, role: 'contractor-engineer', seed: 'wang' },
  { gender: 'male', age: 52, role: 'section-chief', seed: 'chief-zhang' },
  { gender: 'male', age: 31, role: 'civil-servant', dress: 'uniform', seed: 'duty-officer' },
  { gender: 'male', age: 67, role: 'resident', seed: 'elder' },
];

export function PeopleLineup({ specs }: { specs: readonly PersonSpec[] }) {
  return (
    <group>
      {specs.map((spec, i) => (
        <LineupPerson key={`${spec.seed}-${i}`} spec={spec} x={(i - (specs.length - 1) / 2) * 0.6} />
      ))}
    </group>
  );
}

function LineupPerson({ spec, x }: { spec: PersonSpec; x: number }) {
  const geometry = useMemo(() => buildPersonGeometry(personLook(spec)), [spec]);
  return (
    <group position={[x, 0, 0]}>
      <mesh geometry={geometry.body.rest} material={kitMaterial()} />
      <mesh geometry={geometry.head.closed} material={kitMaterial()} position={geometry.frame.neck} />
    </group>
  );
}
