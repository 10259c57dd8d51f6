import { describe, expect, it } from 'vitest';
import { inRoomOrder } from './room-order.ts';

describe('room order', () => {
  const props = [{ id: 'door' }, { id: 'desk' }, { id: 'bin' }];

  it('sorts hotspots by where their props stand in the scene, keeping the hotspots themselves', () => {
    const hotspots = [
      { id: 'a', prop: 'bin' },
      { id: 'b', prop: 'door' },
      { id: 'c', prop: 'desk' },
    ];
    expect(inRoomOrder(hotspots, props)).toEqual([hotspots[1], hotspots[2], hotspots[0]]);
    expect(hotspots.map((h) => h.id)).toEqual(['a', 'b', 'c']);
  });

  it('puts a hotspot on an unknown prop last rather than dropping it', () => {
    expect(
      inRoomOrder(
        [
          { id: 'x', prop: 'ghost' },
          { id: 'y', prop: 'door' },
        ],
        props,
      ).map((h) => h.id),
    ).toEqual(['y', 'x']);
  });
});
