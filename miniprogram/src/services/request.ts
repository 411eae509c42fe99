import { config } from '../config'
import { messageFor } from './errors'

/** The API's error answer (application/problem+json). */
export interface Problem {
  status: number
  code: string
  title?: string
  detail?: string | null
  traceId?: string
  errors?: Record<string, string[]>
}

/** A refused or failed request, with a message ready to show. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fieldErrors: Record<string, string[]>
  readonly traceId?: string

  constructor(problem: Problem) {
    super(messageFor(problem.code, problem.detail, problem.status))
    this.name = 'ApiError'
    this.status = problem.status
    this.code = problem.code
    this.fieldErrors = problem.errors ?? {}
    this.traceId = problem.traceId
  }

  /** True when nothing reached the server or it failed: retrying the same request may succeed. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RequestOptions {
  method?: Method
  data?: unknown
  query?: Record<string, string | number | boolean | null | undefined>
  headers?: Record<string, string>
  /** false for the sign-in call itself. */
  auth?: boolean
}

const TOKEN_KEY = 'volunteer.accessToken'
let signingIn: Promise<string> | null = null

export function currentToken(): string {
  return (wx.getStorageSync(TOKEN_KEY) as string) || ''
}

export function forgetToken(): void {
  wx.removeStorageSync(TOKEN_KEY)
}

function wxLogin(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: r => (r.code ? resolve(r.code) : reject(new ApiError({ status: 0, code: 'wechat.invalidCode' }))),
      fail: () => reject(new ApiError({ status: 0, code: 'network' })),
    })
  })
}

/**
 * Signs in with wx.login's code (POST /api/v1/auth/wechat) and keeps the token. Concurrent
 * callers share one sign-in, so ten requests that meet an expired token log in once.
 */
export function signIn(): Promise<string> {
  if (!signingIn) {
    signingIn = (async () => {
      const code = config.devSignInCode || (await wxLogin())
      const answer = await request<{ accessToken: string }>('/api/v1/auth/wechat', { method: 'POST', data: { code }, auth: false })
      wx.setStorageSync(TOKEN_KEY, answer.accessToken)
      return answer.accessToken
    })()
    const clear = () => { signingIn = null }
    signingIn.then(clear, clear)
  }
  return signingIn
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return ''
  const parts = Object.keys(query)
    .filter(k => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .map(k => `${encodeURIComponent(k)}=${encodeURIComponent(String(query[k]))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

function send(path: string, options: RequestOptions, token: string): Promise<WechatMiniprogram.RequestSuccessCallbackResult> {
  const header: Record<string, string> = { 'Content-Type': 'application/json', ...(options.headers ?? {}) }
  if (token) header.Authorization = `Bearer ${token}`
  return new Promise((resolve, reject) => {
    wx.request({
      url: config.apiBaseUrl + path + queryString(options.query),
      method: options.method ?? 'GET',
      data: options.data as WechatMiniprogram.IAnyObject | undefined,
      header,
      timeout: 15000,
      success: resolve,
      fail: (e: WechatMiniprogram.GeneralCallbackResult) =>
        reject(new ApiError({ status: 0, code: /timeout/i.test(e.errMsg) ? 'timeout' : 'network' })),
    })
  })
}

function problemOf(result: WechatMiniprogram.RequestSuccessCallbackResult): Problem {
  const body = (typeof result.data === 'object' && result.data ? result.data : {}) as Partial<Problem>
  return {
    status: result.statusCode,
    code: body.code ?? `http.${result.statusCode}`,
    title: body.title,
    detail: body.detail,
    traceId: body.traceId,
    errors: body.errors,
  }
}

/**
 * The one way pages talk to the API: adds the token (signing in first when there is none),
 * signs in again once when the token has expired (401) and repeats the request, and turns
 * ProblemDetails answers into an ApiError with a readable Chinese message.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth !== false
  let token = auth ? currentToken() || (await signIn()) : ''
  let result = await send(path, options, token)
  if (result.statusCode === 401 && auth) {
    forgetToken()
    token = await signIn()
    result = await send(path, options, token)
  }
  if (result.statusCode >= 400) throw new ApiError(problemOf(result))
  return result.data as T
}

/** A fresh idempotency key (UUID v4 form); uniqueness, not secrecy, is what matters here. */
export function newIdempotencyKey(): string {
  const hex = '0123456789abcdef'
  let out = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-'
    else if (i === 14) out += '4'
    else if (i === 19) out += hex[(Math.random() * 4) | 8]
    else out += hex[(Math.random() * 16) | 0]
  }
  return out
}

const PENDING_KEY = 'volunteer.pendingIdempotencyKeys'

function pendingKeys(): Record<string, string> {
  return (wx.getStorageSync(PENDING_KEY) as Record<string, string>) || {}
}

/**
 * Runs a request that must happen once (a redemption) under an Idempotency-Key that stays the
 * same until the server has given a definite answer: a retry after a network failure, a timeout
 * or a 5xx — even after the app was closed — sends the same key, so the server redeems once.
 */
export async function once<T>(intent: string, path: string, options: RequestOptions): Promise<T> {
  const keys = pendingKeys()
  const key = keys[intent] ?? newIdempotencyKey()
  if (!keys[intent]) wx.setStorageSync(PENDING_KEY, { ...keys, [intent]: key })
  const settle = () => {
    const rest = pendingKeys()
    delete rest[intent]
    wx.setStorageSync(PENDING_KEY, rest)
  }
  try {
    const answer = await request<T>(path, { ...options, headers: { ...(options.headers ?? {}), 'Idempotency-Key': key } })
    settle()
    return answer
  } catch (e) {
    if (!(e instanceof ApiError) || !e.retryable) settle()
    throw e
  }
}
