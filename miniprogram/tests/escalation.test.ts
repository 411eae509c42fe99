import fs from 'fs'
import path from 'path'
import { FakeApi, page, problem } from './helpers/fake-api'
import { installWx, settle, type WxState } from './helpers/wx-mock'
import { loadPage, renderPage, text } from './helpers/render'
import { tabPages } from '../src/utils/links'

const TOKEN = 'volunteer.accessToken'
const ESCALATION = '0193a1b2-0000-7000-8000-00000000e5c1'

function escalation(overrides: Record<string, unknown> = {}) {
  return {
    id: ESCALATION, needId: 'need1', needTitle: '楼道堆物清理', communityId: 'c1', communityName: '东门社区', streetId: 's1',
    state: 'resolved', reason: '堆物涉及消防通道，需城管执法', raisedBy: '王社工', createdAt: '2026-11-20T01:00:00Z',
    dispatchedAt: '2026-11-20T02:00:00Z', resolvedAt: '2026-11-22T02:00:00Z',
    departments: [{
      departmentId: 'd1', departmentName: '城管中队', state: 'resolved', assignedAt: '2026-11-20T02:00:00Z',
      acknowledgeDueAt: '2026-11-20T04:00:00Z', dueAt: '2026-11-23T02:00:00Z', acknowledgedAt: '2026-11-20T03:00:00Z',
      resolvedAt: '2026-11-22T02:00:00Z', outcome: '已清理并告知住户', acknowledgementOverdue: false, resolutionOverdue: true,
    }],
    satisfaction: null, satisfactionComment: null, ratedAt: null,
    timeline: [
      { kind: 'raised', departmentName: null, actorName: '王社工', note: '堆物涉及消防通道，需城管执法', at: '2026-11-20T01:00:00Z' },
      { kind: 'dispatched', departmentName: '城管中队', actorName: '李主任', note: null, at: '2026-11-20T02:00:00Z' },
      { kind: 'resolved', departmentName: '城管中队', actorName: '赵队长', note: '已清理并告知住户', at: '2026-11-22T02:00:00Z' },
    ],
    ...overrides,
  }
}

describe('吹哨报到 for the resident, and where notifications lead', () => {
  let api: FakeApi
  let wxState: WxState
  const ids: Record<string, string> = {}

  beforeAll(() => {
    installWx(new FakeApi())
    for (const name of ['escalation', 'notifications', 'need']) ids[name] = loadPage(`pages/${name}/index`)
  })

  beforeEach(() => {
    api = new FakeApi()
    wxState = installWx(api)
    wxState.storage.set(TOKEN, 't')
  })

  it('the tab pages it switches to are the tab bar of app.json, and every page it declares exists', () => {
    const app = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'src', 'app.json'), 'utf8'))
    expect([...tabPages].sort()).toEqual(app.tabBar.list.map((t: { pagePath: string }) => t.pagePath).sort())
    for (const p of app.pages as string[])
      for (const ext of ['ts', 'wxml', 'json']) expect(fs.existsSync(path.join(__dirname, '..', 'src', `${p}.${ext}`))).toBe(true)
  })

  it('a notification opens the page the server named: a detail by navigateTo, a tab by switchTab, a console link not at all', async () => {
    api.on('GET', '/api/v1/me/notifications', page([
      { id: 'n1', kind: 'escalationResolved', title: '职能部门已办结', body: '…', link: `pages/escalation/index?id=${ESCALATION}`, createdAt: '2026-11-27T00:00:00Z', readAt: '2026-11-27T01:00:00Z' },
      { id: 'n2', kind: 'honourGranted', title: '获得表彰', body: '…', link: 'pages/rankings/index', createdAt: '2026-11-26T00:00:00Z', readAt: '2026-11-27T01:00:00Z' },
      { id: 'n3', kind: 'needSubmitted', title: '新的居民需求待审核', body: '…', link: '/console/needs/x', createdAt: '2026-11-25T00:00:00Z', readAt: '2026-11-27T01:00:00Z' },
    ]))
    const rendered = renderPage(ids.notifications)
    await settle()
    const rows = rendered.querySelectorAll('.notification')
    expect(rows).toHaveLength(3)
    for (const row of rows) row.dispatchEvent('tap')
    await settle()

    expect(wxState.navigations).toEqual([`/pages/escalation/index?id=${ESCALATION}`])
    expect(wxState.tabSwitches).toEqual(['/pages/rankings/index'])
  })

  it('shows the departments and the timeline, and sends the rating once it is resolved', async () => {
    api.on('GET', `/api/v1/escalations/${ESCALATION}`, { status: 200, body: escalation() })
    api.on('POST', `/api/v1/escalations/${ESCALATION}/satisfaction`, r => ({
      status: 200,
      body: escalation({ satisfaction: (r.data as { level: string }).level, satisfactionComment: (r.data as { comment?: string }).comment ?? null, ratedAt: '2026-11-28T00:00:00Z' }),
    }))

    const rendered = renderPage(ids.escalation, { id: ESCALATION })
    await settle()
    expect(text(rendered)).toContain('楼道堆物清理')
    expect(text(rendered)).toContain('城管中队：已办结（超时）')
    expect(text(rendered)).toContain('办理结果：已清理并告知住户')
    expect(text(rendered)).toContain('街道派单 · 城管中队')

    rendered.querySelector('.submit-rating')!.dispatchEvent('tap') // no level picked yet: nothing sent
    await settle()
    expect(api.calls('POST', `/api/v1/escalations/${ESCALATION}/satisfaction`)).toHaveLength(0)
    expect(wxState.toasts).toContain('请先选择满意度')

    rendered.querySelectorAll('.level')[1].dispatchEvent('tap')
    rendered.instance.input({ detail: { value: ' 处理及时 ' } })
    rendered.querySelector('.submit-rating')!.dispatchEvent('tap')
    await settle()

    expect(api.calls('POST', `/api/v1/escalations/${ESCALATION}/satisfaction`).map(c => c.data)).toEqual([{ level: 'basicallySatisfied', comment: '处理及时' }])
    expect(text(rendered)).toContain('我的评价：基本满意：处理及时')
    expect(rendered.querySelector('.submit-rating')).toBeFalsy()
  })

  it('an escalation still being handled asks for no rating; one not mine is explained', async () => {
    api.on('GET', `/api/v1/escalations/${ESCALATION}`, { status: 200, body: escalation({ state: 'dispatched', resolvedAt: null }) })
    const rendered = renderPage(ids.escalation, { id: ESCALATION })
    await settle()
    expect(text(rendered)).toContain('职能部门办理中')
    expect(rendered.querySelector('.rate')).toBeFalsy()

    api.on('GET', '/api/v1/escalations/other', problem(404, 'escalation.notFound', '事项不存在。'))
    const other = renderPage(ids.escalation, { id: 'other' })
    await settle()
    expect(text(other)).toContain('事项不存在。')
  })

  it('my needs: an escalated need opens the progress of its latest escalation', async () => {
    api.on('GET', '/api/v1/me/needs', page([
      { id: 'need1', title: '楼道堆物清理', status: 'escalated', reviewReason: null, createdAt: '2026-11-20T00:00:00Z' },
      { id: 'need0', title: '换灯泡', status: 'approved', reviewReason: null, createdAt: '2026-11-19T00:00:00Z' },
    ]))
    const needs = renderPage(ids.need)
    await settle()
    expect(text(needs)).toContain('社区已上报街道（吹哨报到）')
    const buttons = needs.querySelectorAll('.open-escalation')
    expect(buttons).toHaveLength(1)
    buttons[0].dispatchEvent('tap')
    await settle()
    expect(wxState.navigations).toEqual(['/pages/escalation/index?needId=need1'])

    api.on('GET', '/api/v1/escalations', page([escalation({ id: 'e-other', needId: 'need9' }), escalation()]))
    api.on('GET', `/api/v1/escalations/${ESCALATION}`, { status: 200, body: escalation() })
    const progress = renderPage(ids.escalation, { needId: 'need1' })
    await settle()
    expect(api.calls('GET', `/api/v1/escalations/${ESCALATION}`)).toHaveLength(1)
    expect(text(progress)).toContain('城管中队')
  })
})
