import { config } from '../src/config'
import { FakeApi, page, problem } from './helpers/fake-api'
import { installWx, settle, type WxState } from './helpers/wx-mock'
import { loadPage, renderPage, text } from './helpers/render'
import { claim } from './fixtures'

const TOKEN = 'volunteer.accessToken'

describe('the other pages', () => {
  let api: FakeApi
  let wxState: WxState
  const ids: Record<string, string> = {}

  beforeAll(() => {
    installWx(new FakeApi())
    for (const name of ['claims', 'points', 'rankings', 'notifications', 'profile', 'need', 'privacy'])
      ids[name] = loadPage(`pages/${name}/index`)
  })

  beforeEach(() => {
    api = new FakeApi()
    wxState = installWx(api)
    wxState.storage.set(TOKEN, 't')
  })

  it('my claims: checks out a claim in service and shows the rating received', async () => {
    let status = 'checkedIn'
    api.on('GET', '/api/v1/me/claims', () => page([
      claim('k1', 't1', status),
      claim('k0', 't0', 'verified', { hours: 2, pointsAwarded: 10, rating: { stars: 5, comment: '很耐心', ratedAt: '2026-11-27T00:00:00Z' } }),
    ]))
    api.on('POST', '/api/v1/claims/k1/check-out', () => {
      status = 'checkedOut'
      return { status: 200, body: claim('k1', 't1', 'checkedOut') }
    })

    const rendered = renderPage(ids.claims)
    await settle()
    expect(text(rendered)).toContain('服务 2 小时，获得 10 积分')
    expect(text(rendered)).toContain('服务对象评价：★★★★★很耐心')
    rendered.querySelector('.check-out')!.dispatchEvent('tap')
    await settle()

    expect(api.calls('POST', '/api/v1/claims/k1/check-out')).toHaveLength(1)
    expect(text(rendered)).toContain('已签退，待核验')
    expect(rendered.querySelector('.check-out')).toBeFalsy()
  })

  it('my points: balance, hours, star level and the ledger', async () => {
    api.on('GET', '/api/v1/me/points', { status: 200, body: { balance: 120, totalHours: 130.5, starLevel: 1, hoursToNextStar: 169.5 } })
    api.on('GET', '/api/v1/me/points/ledger', page([
      { id: 'e1', kind: 'earn', amount: 10, hours: 2, reason: '完成服务：环境整治', sourceId: null, balanceAfter: 120, createdAt: '2026-11-27T00:00:00Z' },
      { id: 'e2', kind: 'redeem', amount: -20, hours: 0, reason: '兑换：环保购物袋', sourceId: null, balanceAfter: 110, createdAt: '2026-11-26T00:00:00Z' },
    ]))

    const rendered = renderPage(ids.points)
    await settle()

    expect(text(rendered)).toContain('120')
    expect(text(rendered)).toContain('累计服务130.5小时')
    expect(text(rendered)).toContain('★☆☆☆☆')
    expect(text(rendered)).toContain('再服务 169.5 小时升至下一星级')
    expect(text(rendered)).toContain('+10')
    expect(text(rendered)).toContain('-20')
  })

  it('rankings: asks with the documented enum values and explains a month not ranked yet', async () => {
    api.on('GET', '/api/v1/rankings/live', r => ({
      status: 200,
      body: {
        period: '2026-11', scope: r.query.scope, scopeId: 'c1', scopeName: '东门社区', list: r.query.list, metric: r.query.metric, live: true,
        computedAt: '2026-11-28T00:00:00Z', rows: { items: [{ rank: 1, memberId: null, name: '李明', value: 12, isMe: true }], total: 1, page: 1, pageSize: 20 },
      },
    }))
    api.on('GET', '/api/v1/rankings', problem(404, 'ranking.notReady', '2026-10 的排行榜尚未生成。'))

    const rendered = renderPage(ids.rankings)
    await settle()
    expect(api.calls('GET', '/api/v1/rankings/live')[0].query).toMatchObject({ scope: 'community', list: 'everyone', metric: 'points' })
    expect(text(rendered)).toContain('第 1 名')
    expect(text(rendered)).toContain('李明（我）')

    rendered.querySelectorAll('.filter').find(f => f.dom.textContent === '党员榜')!.dispatchEvent('tap')
    await settle()
    expect(api.calls('GET', '/api/v1/rankings/live').pop()!.query.list).toBe('party')

    rendered.querySelectorAll('.filter').find(f => f.dom.textContent === '上月排行')!.dispatchEvent('tap')
    await settle()
    expect(text(rendered)).toContain('这个月的排行榜还没有生成')
  })

  it('notifications: the subscribe prompt records accepted templates; opening one marks it read', async () => {
    config.subscribeTemplateIds.claimReviewed = 'tmpl-reviewed'
    wxState.subscribeAnswers = { 'tmpl-reviewed': 'accept' }
    api.on('GET', '/api/v1/me/notifications', page([
      { id: 'n1', kind: 'claimVerified', title: '服务已核验', body: '获得 10 积分', link: 'pages/claims/index', createdAt: '2026-11-27T00:00:00Z', readAt: null },
    ]))
    api.on('POST', '/api/v1/me/notifications/n1/read', { status: 204 })
    api.on('POST', '/api/v1/me/subscriptions', { status: 204 })

    const rendered = renderPage(ids.notifications)
    await settle()
    expect(text(rendered)).toContain('（未读）')
    rendered.querySelector('.subscribe')!.dispatchEvent('tap')
    await settle()
    expect(api.calls('POST', '/api/v1/me/subscriptions')[0].data).toEqual({ templateIds: ['tmpl-reviewed'] })

    rendered.querySelector('.unread')!.dispatchEvent('tap')
    await settle()
    expect(api.calls('POST', '/api/v1/me/notifications/n1/read')).toHaveLength(1)
    expect(wxState.navigations).toEqual(['/pages/claims/index'])
    expect(text(rendered)).not.toContain('（未读）')
  })

  it('profile: saving the name sends the party declaration as it stands, so it is not withdrawn', async () => {
    const me = {
      id: 'm1', role: 'resident', name: '李明', username: null, phone: '13800000000', communityId: 'c1', gridId: 'g2', partnerId: null,
      streetId: null, noShowCount: 0, party: { status: 'confirmed', branch: '第二党支部', workUnit: '丹阳市人民医院', inService: true, reviewNote: null },
    }
    api.on('GET', '/api/v1/me', { status: 200, body: me })
    api.on('GET', '/api/v1/communities', page([{ id: 'c1', streetId: 's1', name: '东门社区', kind: 'urban', address: null }]))
    api.on('GET', '/api/v1/communities/c1/grids', page([
      { id: 'g1', communityId: 'c1', name: '第一网格', workerName: null }, { id: 'g2', communityId: 'c1', name: '第二网格', workerName: null },
    ]))
    api.on('PUT', '/api/v1/me', r => ({ status: 200, body: { ...me, name: (r.data as { name: string }).name } }))

    const rendered = renderPage(ids.profile)
    await settle()
    expect(text(rendered)).toContain('我是党员（已确认）')
    expect(text(rendered)).toContain('第二网格')
    rendered.instance.input({ currentTarget: { dataset: { field: 'name' } }, detail: { value: '李明明' } })
    rendered.querySelector('.save')!.dispatchEvent('tap')
    await settle()

    expect(api.calls('PUT', '/api/v1/me')[0].data).toEqual({
      name: '李明明', phone: '13800000000', communityId: 'c1', gridId: 'g2',
      party: { branch: '第二党支部', workUnit: '丹阳市人民医院', inService: true },
    })
    expect(wxState.toasts).toContain('已保存')
  })

  it('profile: the phone button binds the number WeChat verified and shows it', async () => {
    const me = {
      id: 'm1', role: 'resident', name: '李明', username: null, phone: null, communityId: null, gridId: null, partnerId: null,
      streetId: null, noShowCount: 0, party: null,
    }
    api.on('GET', '/api/v1/me', { status: 200, body: me })
    api.on('GET', '/api/v1/communities', page([]))
    api.on('POST', '/api/v1/me/phone', { status: 200, body: { phone: '13900001111', verifiedAt: '2026-11-27T00:00:00Z' } })
    const rendered = renderPage(ids.profile)
    await settle()
    expect(text(rendered)).toContain('未绑定')
    rendered.instance.phone({ detail: { code: 'phone-code' } })
    await settle()
    expect(api.calls('POST', '/api/v1/me/phone')[0].data).toEqual({ code: 'phone-code' })
    expect(text(rendered)).toContain('13900001111')
    // The answer is {phone, verifiedAt}, not a profile: the rest of the profile stays as loaded.
    expect(rendered.instance.data.profile).toMatchObject({ id: 'm1', name: '李明', phone: '13900001111' })
  })

  it('privacy policy: shows the policy the API serves', async () => {
    api.on('GET', '/api/v1/privacy-policy', { status: 200, body: { version: '2026-01', text: '我们收集哪些信息：微信登录标识、姓名、手机号。' } })
    const rendered = renderPage(ids.privacy)
    await settle()
    expect(text(rendered)).toContain('隐私政策（版本 2026-01）')
    expect(text(rendered)).toContain('我们收集哪些信息：微信登录标识、姓名、手机号。')
    expect(text(rendered)).not.toContain('联系所在社区')
  })

  it('privacy: 导出我的数据 fetches the export, sums it up and copies the JSON', async () => {
    api.on('GET', '/api/v1/privacy-policy', { status: 200, body: { version: 'v1', text: '政策' } })
    const exported = {
      exportedAt: '2026-11-27T00:00:00Z', profile: { id: 'm1', name: '李明' }, points: null, consents: [{}],
      needs: [], claims: [{}, {}, {}], ledger: [{}, {}], redemptions: [{}], honors: [], rankings: [], accessLog: [{}],
    }
    api.on('GET', '/api/v1/me/export', { status: 200, body: exported })
    const rendered = renderPage(ids.privacy)
    await settle()
    rendered.querySelector('.export')!.dispatchEvent('tap')
    await settle()

    expect(api.calls('GET', '/api/v1/me/export')).toHaveLength(1)
    expect(text(rendered)).toContain('需求 0 条，认领 3 条')
    expect(text(rendered)).toContain('积分明细 2 条，兑换 1 笔')
    expect(JSON.parse(wxState.clipboard[0])).toEqual(exported)
    expect(text(rendered)).toContain('已复制到剪贴板')
  })

  it('privacy: 注销账号 asks first, erases, forgets the token and starts over; a refusal erases nothing', async () => {
    api.on('GET', '/api/v1/privacy-policy', { status: 200, body: { version: 'v1', text: '政策' } })
    api.on('DELETE', '/api/v1/me', { status: 204 })
    const rendered = renderPage(ids.privacy)
    await settle()

    wxState.modalAnswers = [false]
    rendered.querySelector('.erase')!.dispatchEvent('tap')
    await settle()
    expect(wxState.modals[0].title).toBe('注销账号')
    expect(api.calls('DELETE', '/api/v1/me')).toHaveLength(0)
    expect(wxState.storage.get(TOKEN)).toBe('t')

    wxState.modalAnswers = [true]
    rendered.querySelector('.erase')!.dispatchEvent('tap')
    await settle()
    expect(api.calls('DELETE', '/api/v1/me')).toHaveLength(1)
    expect(api.calls('DELETE', '/api/v1/me')[0].header.Authorization).toBe('Bearer t')
    expect(wxState.storage.has(TOKEN)).toBe(false)
    expect(wxState.relaunches).toEqual(['/pages/tasks/index'])
  })

  it('privacy: a failed erasure keeps the token and says why', async () => {
    api.on('GET', '/api/v1/privacy-policy', { status: 200, body: { version: 'v1', text: '政策' } })
    api.on('DELETE', '/api/v1/me', problem(409, 'member.hasOpenRedemptions', '您还有未核销的兑换，请先处理后再注销。'))
    const rendered = renderPage(ids.privacy)
    await settle()
    rendered.querySelector('.erase')!.dispatchEvent('tap')
    await settle()
    expect(wxState.storage.get(TOKEN)).toBe('t')
    expect(wxState.relaunches).toEqual([])
    expect(wxState.toasts).toContain('您还有未核销的兑换，请先处理后再注销。')
  })

  it('post a need: shows the field errors the API returns', async () => {
    api.on('GET', '/api/v1/me/needs', page([]))
    api.on('POST', '/api/v1/needs', problem(400, 'validation', '请求参数有误：地点过长。', { address: ['地点最多 200 字。'] }))

    const rendered = renderPage(ids.need)
    await settle()
    expect(text(rendered)).toContain('还没有发布过需求')
    rendered.querySelector('.submit')!.dispatchEvent('tap')
    await settle()
    expect(text(rendered)).toContain('请写下需要什么帮助')
    expect(api.calls('POST', '/api/v1/needs')).toHaveLength(0)

    rendered.instance.input({ currentTarget: { dataset: { field: 'title' } }, detail: { value: '帮忙买菜' } })
    rendered.querySelector('.submit')!.dispatchEvent('tap')
    await settle()
    expect(api.calls('POST', '/api/v1/needs')[0].data).toMatchObject({ title: '帮忙买菜', category: 'elderlyCare' })
    expect(text(rendered)).toContain('填写的内容有误，请检查后再提交。')
  })
})
