import { FakeApi, page, problem } from './helpers/fake-api'
import { installWx, settle, type WxState } from './helpers/wx-mock'
import { loadPage, renderPage, text } from './helpers/render'
import { redemption, reward } from './fixtures'

const TOKEN = 'volunteer.accessToken'

describe('rewards and my codes', () => {
  let api: FakeApi
  let wxState: WxState
  let rewards: string
  let codes: string

  beforeAll(() => {
    installWx(new FakeApi())
    rewards = loadPage('pages/rewards/index')
    codes = loadPage('pages/codes/index')
  })

  beforeEach(() => {
    api = new FakeApi()
    wxState = installWx(api)
    wxState.storage.set(TOKEN, 't')
    api.on('GET', '/api/v1/me/points', { status: 200, body: { balance: 30, totalHours: 12, starLevel: 0, hoursToNextStar: 88 } })
    api.on('GET', '/api/v1/rewards', page([reward('r1'), reward('r2', { title: '粮油礼包', pointsCost: 200 })]))
  })

  it('redeems once: the retry after a lost answer sends the same Idempotency-Key', async () => {
    let attempts = 0
    api.on('POST', '/api/v1/rewards/r1/redemptions', () => (++attempts === 1 ? 'network-failure' : { status: 201, body: redemption('x1') }))

    const rendered = renderPage(rewards)
    await settle()
    expect(text(rendered)).toContain('党员示范店')
    expect(text(rendered)).toContain('积分不足') // 200 points, 30 in hand
    rendered.querySelectorAll('.redeem')[0].dispatchEvent('tap')
    await settle(40)

    const posts = api.calls('POST', '/api/v1/rewards/r1/redemptions')
    expect(posts).toHaveLength(2)
    expect(posts[0].header['Idempotency-Key']).toBeTruthy()
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key'])
    expect(wxState.modals.map(m => m.title)).toEqual(['兑换奖品', '网络不太好'])
    expect(wxState.modals[1].content).toContain('重试不会重复扣积分')
    expect(wxState.navigations).toEqual(['/pages/codes/index?id=x1'])

    // A new redemption is a new request: a new key.
    api.on('POST', '/api/v1/rewards/r1/redemptions', { status: 201, body: redemption('x2') })
    rendered.querySelectorAll('.redeem')[0].dispatchEvent('tap')
    await settle(40)
    const third = api.calls('POST', '/api/v1/rewards/r1/redemptions')[2]
    expect(third.header['Idempotency-Key']).not.toBe(posts[0].header['Idempotency-Key'])
  })

  it('does not retry a refusal, and says why in Chinese', async () => {
    api.on('POST', '/api/v1/rewards/r1/redemptions', problem(409, 'reward.outOfStock', '库存不足。'))

    const rendered = renderPage(rewards)
    await settle()
    rendered.querySelectorAll('.redeem')[0].dispatchEvent('tap')
    await settle(40)

    expect(api.calls('POST', '/api/v1/rewards/r1/redemptions')).toHaveLength(1)
    expect(wxState.modals[1]).toEqual({ title: '没有兑换成功', content: '这个奖品已经兑完了。' })
  })

  it('shows the pending code as a QR code with its expiry, and cancels it', async () => {
    api.on('GET', '/api/v1/me/redemptions', page([redemption('x1'), redemption('x0', { status: 'fulfilled', code: null, codeHint: '…AAAA' })]))
    api.on('POST', '/api/v1/redemptions/x1/cancel', { status: 200, body: redemption('x1', { status: 'cancelled' }) })
    ;(globalThis as unknown as { __qr: string[] }).__qr = []

    const rendered = renderPage(codes, { id: 'x1' })
    await settle()

    expect((globalThis as unknown as { __qr: string[] }).__qr).toEqual(['K7P3M9Q2XA'])
    expect(text(rendered)).toContain('K7P3M9Q2XA')
    expect(text(rendered)).toContain('前有效')
    expect(text(rendered)).toContain('已核销')
    rendered.querySelector('.redemption .btn')!.dispatchEvent('tap')
    await settle()
    expect(api.calls('POST', '/api/v1/redemptions/x1/cancel')).toHaveLength(1)
    expect(wxState.toasts).toContain('已取消，积分已退回')
  })
})
