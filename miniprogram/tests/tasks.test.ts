import { FakeApi, page, problem } from './helpers/fake-api'
import { installWx, settle, type WxState } from './helpers/wx-mock'
import { loadPage, renderPage, text } from './helpers/render'

const TOKEN = 'volunteer.accessToken'

function task(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id, communityId: 'c1', gridId: null, needId: null, title: `任务${id}`, description: '清理绿化带', category: 'environment',
    address: '东门大街 1 号', addressHidden: false, slots: 5, taken: 1, remaining: 4, points: 10,
    startsAt: '2026-11-28T01:00:00Z', endsAt: '2026-11-28T03:00:00Z', partyMembersOnly: false, status: 'published',
    cancelReason: null, createdAt: '2026-11-27T00:00:00Z', myClaim: null, ...overrides,
  }
}

describe('tasks page', () => {
  let api: FakeApi
  let wxState: WxState
  let id: string

  beforeAll(() => {
    installWx(new FakeApi())
    id = loadPage('pages/tasks/index')
  })

  beforeEach(() => {
    api = new FakeApi()
    wxState = installWx(api)
    wxState.storage.set(TOKEN, 't')
    api.on('GET', '/api/v1/me', { status: 200, body: { id: 'm1', communityId: 'c1' } })
    api.on('GET', '/api/v1/communities/c1/grids', page([{ id: 'g1', communityId: 'c1', name: '第一网格', workerName: '周丽' }]))
  })

  it('lists published tasks, marks the party-only ones, and pages on reaching the bottom', async () => {
    api.on('GET', '/api/v1/tasks', r => r.query.page === '1'
      ? page([task('a', { partyMembersOnly: true }), task('b')], 3, 1)
      : page([task('c', { myClaim: { id: 'k', status: 'accepted' } })], 3, 2))

    const rendered = renderPage(id)
    await settle()

    expect(rendered.querySelectorAll('.task')).toHaveLength(2)
    expect(text(rendered)).toContain('党员先锋岗')
    expect(text(rendered)).toContain('剩余名额 4 / 5')
    rendered.instance.onReachBottom()
    await settle()
    expect(rendered.querySelectorAll('.task')).toHaveLength(3)
    expect(text(rendered)).toContain('已认领')
    expect(text(rendered)).toContain('没有更多了')
    expect(api.calls('GET', '/api/v1/tasks').map(c => c.query.page)).toEqual(['1', '2'])
    expect(api.calls('GET', '/api/v1/tasks')[0].query.status).toBe('published')
  })

  it('filters by category and grid, and shows an empty state', async () => {
    api.on('GET', '/api/v1/tasks', r => (r.query.category ? page([]) : page([task('a')])))

    const rendered = renderPage(id)
    await settle()
    rendered.querySelectorAll('.filter')[0].dispatchEvent('tap')
    await settle()

    const last = api.calls('GET', '/api/v1/tasks').pop()!
    expect(last.query.category).toBe('elderlyCare')
    expect(text(rendered)).toContain('暂时没有符合条件的任务')

    const gridFilter = rendered.querySelectorAll('.filter').find(f => f.dom.textContent?.includes('第一网格'))!
    gridFilter.dispatchEvent('tap')
    await settle()
    expect(api.calls('GET', '/api/v1/tasks').pop()!.query.gridId).toBe('g1')
  })

  it('shows the error with a retry when the list cannot be loaded', async () => {
    let fail = true
    api.on('GET', '/api/v1/tasks', () => (fail ? problem(503, 'database.unavailable', '数据库暂时不可用，请稍后再试。') : page([task('a')])))

    const rendered = renderPage(id)
    await settle()
    expect(text(rendered)).toContain('服务暂时不可用，请稍后再试。')

    fail = false
    rendered.querySelector('.state-error .btn')!.dispatchEvent('tap')
    await settle()
    expect(rendered.querySelectorAll('.task')).toHaveLength(1)
  })

  it('opens the task detail on tap', async () => {
    api.on('GET', '/api/v1/tasks', page([task('a')]))
    const rendered = renderPage(id)
    await settle()
    rendered.querySelector('.task')!.dispatchEvent('tap')
    await settle()
    expect(wxState.navigations).toEqual(['/pages/task-detail/index?id=a'])
  })
})
