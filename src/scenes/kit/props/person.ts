// A standing person facing +z, from the people generator: a middle-aged man in a jacket, or, with a
// tint, the same with a jacket of that colour. Scenes draw their characters with <People> instead
// (src/scenes/people.tsx), which animates them; this static one serves the kit preview.
import { personLook } from '../people/look';
import { buildStaticPerson } from '../people/person-model';
import type { KitPropSpec } from './types';

export const person: KitPropSpec = {
  size: [0.5, 1.72, 0.27],
  build(b, tint) {
    const look = personLook({ gender: 'male', age: 42, role: 'civil-servant', seed: 'kit-person' });
    buildStaticPerson(b, { ...look, height: 1.72, ...(tint && { top: tint }) });
  },
};
