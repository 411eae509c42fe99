import { config } from '../src/config'
import { FakeApi, problem } from './helpers/fake-api'
import { installWx, settle, type WxState } from './helpers/wx-mock'
import { loadPage, renderPage, text } from './helpers/render'
import { claim, task } from './fixtures'

const TOKEN = 'volunteer.accessToken'

describe('task detail: claim and cancel', () => {
  let api: FakeApi
  let wxState: WxState
  let id: string

  beforeAll(() => {
    installWx(new FakeApi())
    id = loadPage('pages/task-detail/index')
  })

  beforeEach(() => {
    api = new FakeApi()
    wxState = installWx(api)
    wxState.storage.set(TOKEN, 't')
    config.subscribeTemplateIds.taskReminder = 'tmpl-reminder'
    config.subscribeTemplateIds.claimReviewed = 'tmpl-reviewed'
  })

  it('claims after asking for the reminder messages, then shows the claim and cancels it', async () => {
    let claimed: ReturnType<typeof claim> | null = null
    api.on('GET', '/api/v1/tasks/t1', () => ({ status: 200, body: task('t1', claimed ? { myClaim: { id: claimed.id, status: claimed.status }, remaining: 3 } : {}) }))
    api.on('POST', '/api/v1/tasks/t1/claims', () => {
      claimed = claim('k1', 't1')
      return { status: 201, body: claimed }
    })
    api.on('POST', '/api/v1/claims/k1/cancel', () => {
      claimed = null
      return { status: 200, body: claim('k1', 't1', 'cancelled') }
    })
    api.on('POST', '/api/v1/me/subscriptions', { status: 204 })
    wxState.subscribeAnswers = { 'tmpl-reminder': 'accept', 'tmpl-reviewed': 'reject' }

    const rendered = renderPage(id, { id: 't1' })
    await settle()
    expect(text(rendered)).toContain('剩余 4 / 5')
    rendered.querySelector('.claim')!.dispatchEvent('tap')
    await settle()

    // The subscribe prompt comes before the claim, and only the accepted template becomes a credit.
    expect(wxState.order.indexOf('subscribe')).toBeLessThan(wxState.order.indexOf('POST /api/v1/tasks/t1/claims'))
    expect(wxState.subscribePrompts).toEqual([['tmpl-reminder', 'tmpl-reviewed']])
    expect(api.calls('POST', '/api/v1/me/subscriptions')[0].data).toEqual({ templateIds: ['tmpl-reminder'] })
    expect(wxState.toasts).toContain('认领成功')
    expect(text(rendered)).toContain('我的认领：已认领，待签到')
    expect(rendered.querySelector('.claim')).toBeFalsy()

    rendered.querySelector('.cancel')!.dispatchEvent('tap')
    await settle()
    expect(wxState.modals[0].title).toBe('取消认领')
    expect(api.calls('POST', '/api/v1/claims/k1/cancel')).toHaveLength(1)
    expect(text(rendered)).not.toContain('我的认领')
    expect(rendered.querySelector('.claim')).toBeTruthy()
  })

  it('keeps the claim when the resident changes their mind at the confirmation', async () => {
    api.on('GET', '/api/v1/tasks/t1', { status: 200, body: task('t1', { myClaim: { id: 'k1', status: 'accepted' } }) })
    wxState.modalAnswers = [false]

    const rendered = renderPage(id, { id: 't1' })
    await settle()
    rendered.querySelector('.cancel')!.dispatchEvent('tap')
    await settle()

    expect(api.calls('POST', '/api/v1/claims/k1/cancel')).toHaveLength(0)
  })

  it('says in Chinese why a claim was refused, by the problem code', async () => {
    api.on('GET', '/api/v1/tasks/t1', { status: 200, body: task('t1', { partyMembersOnly: true }) })
    api.on('POST', '/api/v1/tasks/t1/claims', problem(403, 'task.partyMembersOnly', '该任务仅限党员认领。'))

    const rendered = renderPage(id, { id: 't1' })
    await settle()
    expect(text(rendered)).toContain('党员先锋岗 · 仅限党员认领')
    rendered.querySelector('.claim')!.dispatchEvent('tap')
    await settle()

    expect(wxState.toasts).toEqual(['这是党员先锋岗，只有经社区确认的党员可以认领。'])
  })

  it('opens the task a 小程序码 scene names', async () => {
    const taskId = '3f2a9c1e-8b7d-4e2a-9c61-5d0f7a2b4e10'
    api.on('GET', `/api/v1/tasks/${taskId}`, { status: 200, body: task(taskId) })
    const rendered = renderPage(id, { scene: taskId.replace(/-/g, '') })
    await settle()
    expect(text(rendered)).toContain(`任务${taskId}`)
  })

  it('shows a missing task as an error state', async () => {
    api.on('GET', '/api/v1/tasks/gone', problem(404, 'task.notFound', '任务不存在。'))
    const rendered = renderPage(id, { id: 'gone' })
    await settle()
    expect(rendered.querySelector('.error')!.dom.textContent).toBe('这个任务不存在或已下线。')
  })
})
