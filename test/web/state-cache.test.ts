import { createStateCache } from '../../client/web/state-cache';
import { draftingState } from './fake-gateway';

describe('the state cache of the web app', () => {
  it('gives a state back within its time to live, and not after', () => {
    let now = 1_000;
    const cache = createStateCache({ ttlMs: 60_000, clock: () => now });
    cache.put('a', draftingState());
    now += 60_000;
    expect(cache.get('a')?.unitId).toBe('bv-da-khoa-tinh');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest write first; drop forgets one', () => {
    const cache = createStateCache({ maxEntries: 2 });
    cache.put('a', draftingState({ unitId: 'a' }));
    cache.put('b', draftingState({ unitId: 'b' }));
    cache.put('a', draftingState({ unitId: 'a2' }));
    cache.put('c', draftingState({ unitId: 'c' }));
    expect([cache.get('a')?.unitId, cache.get('b'), cache.get('c')?.unitId]).toEqual(['a2', undefined, 'c']);
    cache.drop('c');
    expect(cache.get('c')).toBeUndefined();
  });
});
