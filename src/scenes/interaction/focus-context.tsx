// Provides the scene's focus store to widgets and DOM panels.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { FocusActions, FocusState, FocusStore } from './focus-store.ts';

export const FocusContext = createContext<FocusStore | null>(null);

export function useFocusStore(): FocusStore {
  const store = useContext(FocusContext);
  if (!store) throw new Error('useFocusStore needs a <FocusContext.Provider> above it');
  return store;
}

export function useFocus<T>(selector: (state: FocusState & { actions: FocusActions }) => T): T {
  return useStore(useFocusStore(), selector);
}
