import { config } from '../../src/config'
import type { FakeApi, Sent } from './fake-api'

/** What the mocked `wx` did and will answer; tests set the answers and read the records. */
export interface WxState {
  storage: Map<string, unknown>
  loginCodes: string[]
  toasts: string[]
  modals: { title: string; content: string }[]
  modalAnswers: boolean[]
  navigations: string[]
  /** wx.switchTab targets (tab pages). */
  tabSwitches: string[]
  scanResults: (string | null)[]
  subscribeAnswers: Record<string, string>
  subscribePrompts: string[][]
  order: string[]
  /** Answers for wx.getLocation, in turn; null fails (permission refused). */
  locations: ({ latitude: number; longitude: number } | null)[]
  locationTypes: (string | undefined)[]
  clipboard: string[]
  relaunches: string[]
}

/** Installs a global `wx` whose wx.request goes to `api`, asynchronously like the real one. */
export function installWx(api: FakeApi): WxState {
  const state: WxState = {
    storage: new Map(), loginCodes: [], toasts: [], modals: [], modalAnswers: [], navigations: [], tabSwitches: [], scanResults: [],
    subscribeAnswers: {}, subscribePrompts: [], order: [], locations: [], locationTypes: [], clipboard: [], relaunches: [],
  }
  let logins = 0
  const later = (f: () => void) => setTimeout(f, 0)
  const wx = {
    getStorageSync: (key: string) => (state.storage.has(key) ? state.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => { state.storage.set(key, JSON.parse(JSON.stringify(value))) },
    removeStorageSync: (key: string) => { state.storage.delete(key) },
    login: (o: { success: (r: { code: string }) => void }) => {
      const code = state.loginCodes[logins] ?? `wx-code-${logins + 1}`
      logins++
      state.order.push('login')
      later(() => o.success({ code }))
    },
    request: (o: { url: string; method: string; data: unknown; header: Record<string, string>;
      success: (r: { statusCode: number; data: unknown; header: Record<string, string> }) => void; fail: (e: { errMsg: string }) => void }) => {
      const url = new URL(o.url)
      expect(url.origin).toBe(new URL(config.apiBaseUrl).origin)
      const sent: Sent = {
        method: o.method, path: url.pathname, query: Object.fromEntries(url.searchParams.entries()),
        data: o.data === undefined ? undefined : JSON.parse(JSON.stringify(o.data)), header: { ...o.header },
      }
      state.order.push(`${o.method} ${url.pathname}`)
      later(() => {
        const answer = api.handle(sent)
        if (answer === 'network-failure') o.fail({ errMsg: 'request:fail timeout' })
        else o.success({ statusCode: answer.status, data: answer.body ?? '', header: {} })
      })
    },
    showToast: (o: { title: string }) => { state.toasts.push(o.title) },
    showModal: (o: { title: string; content: string; success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
      state.modals.push({ title: o.title, content: o.content })
      const confirm = state.modalAnswers.length ? state.modalAnswers.shift()! : true
      later(() => o.success?.({ confirm, cancel: !confirm }))
    },
    navigateTo: (o: { url: string }) => { state.navigations.push(o.url) },
    switchTab: (o: { url: string }) => { state.tabSwitches.push(o.url) },
    reLaunch: (o: { url: string }) => { state.relaunches.push(o.url) },
    setClipboardData: (o: { data: string; success?: () => void }) => {
      state.clipboard.push(o.data)
      later(() => o.success?.())
    },
    getLocation: (o: { type?: string; success: (r: { latitude: number; longitude: number }) => void; fail: () => void }) => {
      state.locationTypes.push(o.type)
      const position = state.locations.shift()
      later(() => (position == null ? o.fail() : o.success(position)))
    },
    stopPullDownRefresh: () => undefined,
    setScreenBrightness: () => undefined,
    scanCode: (o: { success: (r: { result: string }) => void; fail: () => void }) => {
      const result = state.scanResults.shift()
      later(() => (result == null ? o.fail() : o.success({ result })))
    },
    requestSubscribeMessage: (o: { tmplIds: string[]; success: (r: Record<string, string>) => void }) => {
      state.subscribePrompts.push(o.tmplIds)
      state.order.push('subscribe')
      const answer: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' }
      for (const id of o.tmplIds) answer[id] = state.subscribeAnswers[id] ?? 'reject'
      later(() => o.success(answer))
    },
  }
  ;(globalThis as unknown as { wx: unknown }).wx = wx
  return state
}

/** Lets every pending timer and promise run (the mocked wx answers on a timer). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise(r => setTimeout(r, 0))
}
