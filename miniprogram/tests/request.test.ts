import { FakeApi, problem } from './helpers/fake-api'
import { installWx, settle, type WxState } from './helpers/wx-mock'
import { ApiError, once, request } from '../src/services/request'
import { messageFor } from '../src/services/errors'
import { config } from '../src/config'

const TOKEN = 'volunteer.accessToken'
const profile = { id: 'm1', role: 'resident', name: '李明' }

async function failure(pending: Promise<unknown>): Promise<ApiError> {
  try {
    await pending
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('expected the request to fail')
}

describe('the request module', () => {
  let api: FakeApi
  let wxState: WxState

  beforeEach(() => {
    api = new FakeApi()
    wxState = installWx(api)
    api.on('POST', '/api/v1/auth/wechat', r => ({ status: 200, body: { accessToken: `token-for-${(r.data as { code: string }).code}` } }))
  })

  it('signs in with wx.login first when there is no token, and sends the token', async () => {
    api.on('GET', '/api/v1/me', { status: 200, body: profile })

    const me = await request<typeof profile>('/api/v1/me')

    expect(me.name).toBe('李明')
    expect(wxState.order).toEqual(['login', 'POST /api/v1/auth/wechat', 'GET /api/v1/me'])
    expect(api.calls('POST', '/api/v1/auth/wechat')[0].data).toEqual({ code: 'wx-code-1' })
    expect(api.calls('GET', '/api/v1/me')[0].header.Authorization).toBe('Bearer token-for-wx-code-1')
  })

  it('signs in as a demo resident with the configured dev code against a local API', async () => {
    api.on('GET', '/api/v1/me', { status: 200, body: profile })
    config.devSignInCode = 'dev-li-ming'
    try {
      await request('/api/v1/me')
    } finally {
      config.devSignInCode = ''
    }
    expect(api.calls('POST', '/api/v1/auth/wechat')[0].data).toEqual({ code: 'dev-li-ming' })
    expect(wxState.order).not.toContain('login')
  })

  it('renews an expired token after a 401 with one wx.login and repeats the request', async () => {
    wxState.storage.set(TOKEN, 'expired')
    api.on('GET', '/api/v1/me', r => r.header.Authorization === 'Bearer expired'
      ? problem(401, 'auth.required', '请先登录：在请求头 Authorization 中提供有效的 Bearer 令牌。')
      : { status: 200, body: profile })
    api.on('GET', '/api/v1/me/points', r => r.header.Authorization === 'Bearer expired'
      ? problem(401, 'auth.required', '登录已过期')
      : { status: 200, body: { balance: 30 } })

    const [me, points] = await Promise.all([request<typeof profile>('/api/v1/me'), request<{ balance: number }>('/api/v1/me/points')])

    expect(me.name).toBe('李明')
    expect(points.balance).toBe(30)
    expect(wxState.order.filter(o => o === 'login')).toHaveLength(1)
    expect(api.calls('POST', '/api/v1/auth/wechat')).toHaveLength(1)
    expect(wxState.storage.get(TOKEN)).toBe('token-for-wx-code-1')
    expect(api.calls('GET', '/api/v1/me').map(c => c.header.Authorization)).toEqual(['Bearer expired', 'Bearer token-for-wx-code-1'])
  })

  it('gives up after one renewal: a second 401 is an error, not a loop', async () => {
    wxState.storage.set(TOKEN, 'expired')
    api.on('GET', '/api/v1/me', problem(401, 'auth.required', '请先登录'))

    await expect(request('/api/v1/me')).rejects.toMatchObject({ status: 401, code: 'auth.required', message: '登录已过期，请重新进入小程序。' })
    expect(api.calls('GET', '/api/v1/me')).toHaveLength(2)
  })

  it('turns ProblemDetails into readable Chinese messages by code, falling back to the server detail', async () => {
    wxState.storage.set(TOKEN, 't')
    api.on('POST', '/api/v1/tasks/t1/claims', problem(409, 'task.full', '该任务名额已满。'))
    api.on('POST', '/api/v1/tasks/t2/claims', problem(409, 'claim.somethingNew', '服务器给出的中文说明。'))
    api.on('POST', '/api/v1/needs', problem(400, 'validation', '请求参数有误：需求标题为必填项。', { title: ['需求标题为必填项。'] }))

    const full = await failure(request('/api/v1/tasks/t1/claims', { method: 'POST' }))
    const unknown = await failure(request('/api/v1/tasks/t2/claims', { method: 'POST' }))
    const invalid = await failure(request('/api/v1/needs', { method: 'POST', data: {} }))

    expect(full).toBeInstanceOf(ApiError)
    expect(full.message).toBe('这个任务的名额已经满了，看看其他任务吧。')
    expect(full.code).toBe('task.full')
    expect(unknown.message).toBe('服务器给出的中文说明。')
    expect(invalid.fieldErrors).toEqual({ title: ['需求标题为必填项。'] })
    expect(messageFor(undefined, null, 503)).toBe('服务暂时不可用，请稍后再试。')
    expect(messageFor('points.insufficient')).toContain('积分不足')
  })

  it('reports a network failure as retryable, in Chinese', async () => {
    wxState.storage.set(TOKEN, 't')
    api.on('GET', '/api/v1/me', () => 'network-failure')

    const error = await failure(request('/api/v1/me'))

    expect(error.retryable).toBe(true)
    expect(error.message).toBe('服务器响应超时，请稍后重试。')
  })

  it('keeps an Idempotency-Key until the server answers, and starts a new one afterwards', async () => {
    wxState.storage.set(TOKEN, 't')
    let attempt = 0
    api.on('POST', '/api/v1/rewards/r1/redemptions', () => (++attempt === 1 ? 'network-failure' : { status: 201, body: { id: `red-${attempt}` } }))

    await expect(once('redeem:r1', '/api/v1/rewards/r1/redemptions', { method: 'POST', data: {} })).rejects.toBeInstanceOf(ApiError)
    await once('redeem:r1', '/api/v1/rewards/r1/redemptions', { method: 'POST', data: {} })
    await once('redeem:r1', '/api/v1/rewards/r1/redemptions', { method: 'POST', data: {} })
    await settle()

    const keys = api.calls('POST', '/api/v1/rewards/r1/redemptions').map(c => c.header['Idempotency-Key'])
    expect(keys).toHaveLength(3)
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).not.toBe(keys[0])
  })
})
