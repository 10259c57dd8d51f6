// Whether the signed-in person must read the privacy notice first: asked of the server
// (GET /api/v1/me/privacy) whenever who is signed in changes, and answered for by
// "I have read this" (POST /api/v1/me/privacy/acknowledgements). The version last acknowledged on
// this device is remembered, so the app never flashes the notice at someone who has read it.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AcknowledgementRequest, NoticeLocale, PrivacyNoticeInfo } from '../contracts/privacy-types.ts';
import { api, ApiError } from './api.ts';
import { useClientServices } from './client-context.ts';
import type { KeyValueStorage } from './storage.ts';

export type PrivacyNoticeState = Readonly<{
  /**
   * idle: nobody asked about (signed out); checking: asking the server; needed: show the notice;
   * acknowledged: read; unavailable: the server could not be asked (offline), so nothing is shown.
   */
  status: 'idle' | 'checking' | 'needed' | 'acknowledged' | 'unavailable';
  /** Whose status this is. */
  userId: string | null;
  /** The notice to show, with its version and retention numbers; null until the server answered. */
  notice: PrivacyNoticeInfo | null;
  /** True when the notice changed while it was on screen (a 409 on acknowledging). */
  changed: boolean;
}>;

const rememberedKey = (userId: string): string => `shixun.privacy.${userId}`;

export type PrivacyNoticeStore = StoreApi<PrivacyNoticeState>;

/** The privacy notice's state, with the versions read on this device kept in `storage` (made once, at start-up). */
export function createPrivacyNotice(storage: KeyValueStorage) {
  const privacyNoticeStore: PrivacyNoticeStore = createStore<PrivacyNoticeState>()(() => ({
    status: 'idle',
    userId: null,
    notice: null,
    changed: false,
  }));

  /** Asks whether `userId` (null: nobody) has read the current notice; later answers replace earlier ones. */
  const checkPrivacyNotice = async (userId: string | null): Promise<void> => {
    if (userId === null) {
      privacyNoticeStore.setState({ status: 'idle', userId: null, notice: null, changed: false });
      return;
    }
    const remembered = storage.get(rememberedKey(userId)) !== null;
    privacyNoticeStore.setState({ status: remembered ? 'acknowledged' : 'checking', userId, notice: null, changed: false });
    try {
      const answer = await api('privacy.status');
      if (privacyNoticeStore.getState().userId !== userId) return;
      if (answer.acknowledged) storage.set(rememberedKey(userId), answer.notice.version);
      else storage.remove(rememberedKey(userId));
      privacyNoticeStore.setState({ status: answer.acknowledged ? 'acknowledged' : 'needed', notice: answer.notice });
    } catch (error) {
      if (privacyNoticeStore.getState().userId !== userId) return;
      // 401: the remembered session has ended; the session check signs the app out. Offline: carry on.
      privacyNoticeStore.setState({ status: error instanceof ApiError && error.status === 401 ? 'idle' : 'unavailable' });
    }
  };

  /**
   * "I have read this" for the notice on screen. Throws ApiError when it could not be saved; when
   * the notice changed meanwhile (409), loads the new one so the person reads it before confirming.
   */
  const acknowledgePrivacyNotice = async (locale: NoticeLocale): Promise<void> => {
    const { userId, notice } = privacyNoticeStore.getState();
    if (userId === null || notice === null) return;
    const body: AcknowledgementRequest = { version: notice.version, locale };
    try {
      await api('privacy.acknowledge', { body });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        await checkPrivacyNotice(userId);
        privacyNoticeStore.setState({ changed: true });
        return;
      }
      throw error;
    }
    storage.set(rememberedKey(userId), notice.version);
    privacyNoticeStore.setState({ status: 'acknowledged', changed: false });
  };

  return { store: privacyNoticeStore, checkPrivacyNotice, acknowledgePrivacyNotice };
}

export type PrivacyNotice = ReturnType<typeof createPrivacyNotice>;

export function usePrivacyNotice<T>(selector: (state: PrivacyNoticeState) => T): T {
  return useStore(useClientServices().privacyNotice.store, selector);
}
