import { FakeApi, page, problem } from './helpers/fake-api'
import { installWx, settle, type WxState } from './helpers/wx-mock'
import { loadPage, renderPage, text } from './helpers/render'
import { claim } from './fixtures'
import { checkInCodeFrom, taskIdFromScene } from '../src/pages/checkin/codes'

const TOKEN = 'volunteer.accessToken'
const TASK = '3f2a9c1e-8b7d-4e2a-9c61-5d0f7a2b4e10'

describe('check-in', () => {
  let api: FakeApi
  let wxState: WxState
  let id: string

  beforeAll(() => {
    installWx(new FakeApi())
    id = loadPage('pages/checkin/index')
  })

  beforeEach(() => {
    api = new FakeApi()
    wxState = installWx(api)
    wxState.storage.set(TOKEN, 't')
  })

  it('reads the task from a 小程序码 scene and the code from the staff QR', () => {
    expect(taskIdFromScene(TASK.replace(/-/g, ''))).toBe(TASK)
    expect(taskIdFromScene(encodeURIComponent(`t=${TASK}`))).toBe(TASK)
    expect(taskIdFromScene('hello')).toBeNull()
    expect(checkInCodeFrom('482915')).toBe('482915')
    expect(checkInCodeFrom('{"taskId":"x","code":"482915"}')).toBe('482915')
    expect(checkInCodeFrom('volunteer://check-in?task=x&code=482915')).toBe('482915')
    expect(checkInCodeFrom('https://example.invalid/other')).toBeNull()
  })

  it('opened from the task’s 小程序码, scans the staff’s code at once and checks in', async () => {
    api.on('GET', '/api/v1/me/claims', page([claim('k1', TASK), claim('k2', 'other-task')]))
    api.on('POST', '/api/v1/claims/k1/check-in', { status: 200, body: claim('k1', TASK, 'checkedIn') })
    wxState.scanResults = ['482915']

    const rendered = renderPage(id, { scene: TASK.replace(/-/g, '') })
    await settle(40)

    expect(api.calls('GET', '/api/v1/me/claims')[0].query.status).toBe('accepted')
    expect(api.calls('POST', '/api/v1/claims/k1/check-in').map(c => c.data)).toEqual([{ code: '482915' }])
    expect(wxState.toasts).toContain('签到成功')
    expect(text(rendered)).toContain('签到成功，服务结束后记得在“我的认领”里签退。')
  })

  it('lets the resident pick the claim, refuses a QR code that is not a check-in code, and explains a wrong code', async () => {
    api.on('GET', '/api/v1/me/claims', page([claim('k1', 'a'), claim('k2', 'b')]))
    api.on('POST', '/api/v1/claims/k2/check-in', problem(422, 'checkIn.badCode', '签到码错误或已过期，请扫描现场最新的签到码。'))
    wxState.scanResults = ['https://example.invalid/menu', '123456']

    const rendered = renderPage(id)
    await settle()
    expect(rendered.querySelectorAll('.claim')).toHaveLength(2)
    expect(api.sent.filter(s => s.method === 'POST')).toHaveLength(0)

    rendered.querySelectorAll('.scan')[1].dispatchEvent('tap')
    await settle()
    expect(text(rendered)).toContain('这不是签到二维码')
    expect(api.sent.filter(s => s.method === 'POST')).toHaveLength(0)

    rendered.querySelectorAll('.scan')[1].dispatchEvent('tap')
    await settle()
    expect(api.calls('POST', '/api/v1/claims/k2/check-in').map(c => c.data)).toEqual([{ code: '123456' }])
    expect(text(rendered)).toContain('签到码不正确或已过期，请重新扫描现场的二维码。')
  })

  it('checks in by position when there is no code to scan, sending the WGS-84 coordinates', async () => {
    api.on('GET', '/api/v1/me/claims', page([claim('k1', TASK)]))
    api.on('POST', '/api/v1/claims/k1/check-in', { status: 200, body: claim('k1', TASK, 'checkedIn') })
    wxState.scanResults = [null]
    wxState.locations = [{ latitude: 31.99, longitude: 119.57 }]

    const rendered = renderPage(id)
    await settle()
    rendered.querySelector('.scan')!.dispatchEvent('tap')
    await settle()
    expect(text(rendered)).toContain('用定位签到')
    expect(api.sent.filter(s => s.method === 'POST')).toHaveLength(0)

    rendered.querySelector('.locate')!.dispatchEvent('tap')
    await settle()
    expect(wxState.locationTypes).toEqual(['wgs84'])
    expect(api.calls('POST', '/api/v1/claims/k1/check-in').map(c => c.data)).toEqual([{ latitude: 31.99, longitude: 119.57 }])
    expect(wxState.toasts).toContain('签到成功')
  })

  it('shows the server’s too-far refusal with the distance, and explains a refused location', async () => {
    api.on('GET', '/api/v1/me/claims', page([claim('k1', TASK)]))
    api.on('POST', '/api/v1/claims/k1/check-in', problem(422, 'checkIn.tooFar', '您距离服务地点 850 米，超出签到范围（200 米）。'))
    wxState.locations = [null, { latitude: 31.9, longitude: 119.5 }]

    const rendered = renderPage(id)
    await settle()
    rendered.querySelector('.locate')!.dispatchEvent('tap')
    await settle()
    expect(text(rendered)).toContain('没有获取到位置')
    expect(api.sent.filter(s => s.method === 'POST')).toHaveLength(0)

    rendered.querySelector('.locate')!.dispatchEvent('tap')
    await settle()
    expect(api.calls('POST', '/api/v1/claims/k1/check-in')).toHaveLength(1)
    expect(text(rendered)).toContain('您距离服务地点 850 米，超出签到范围（200 米）。')
  })

  it('shows an empty state when there is nothing to check in to', async () => {
    api.on('GET', '/api/v1/me/claims', page([]))
    const rendered = renderPage(id)
    await settle()
    expect(text(rendered)).toContain('没有待签到的认领')
  })
})
