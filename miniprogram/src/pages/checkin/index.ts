import type { Claim } from '../../api/index'
import { api } from '../../services/api'
import { formatTime } from '../../utils/format'
import { errorText, toastDone, toastError } from '../../utils/ui'
import { checkInCodeFrom, taskIdFromScene } from './codes'

interface Waiting {
  id: string
  taskId: string
  title: string
  claimedAt: string
}

function scan(): Promise<string | null> {
  return new Promise(resolve => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['qrCode'],
      success: r => resolve(r.result),
      fail: () => resolve(null),
    })
  })
}

/**
 * The phone's position in WGS-84 (type 'wgs84'), the datum the API and the tasks' service
 * locations use; GCJ-02 would be shifted by several hundred metres in mainland China.
 */
function locate(): Promise<{ latitude: number; longitude: number } | null> {
  return new Promise(resolve => {
    wx.getLocation({
      type: 'wgs84',
      success: r => resolve({ latitude: r.latitude, longitude: r.longitude }),
      fail: () => resolve(null),
    })
  })
}

Component({
  data: {
    claims: [] as Waiting[],
    taskId: '',
    loading: true,
    error: '',
    busy: false,
    message: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const taskId = query.taskId ?? taskIdFromScene(query.scene) ?? ''
      this.setData({ taskId })
      return this.load(!!taskId)
    },
    onPullDownRefresh() {
      return this.load(false).then(() => wx.stopPullDownRefresh())
    },
    async load(scanWhenOne: boolean) {
      this.setData({ loading: true, error: '' })
      try {
        const page = await api.myClaims(1, 'accepted')
        const claims = page.items
          .filter((c: Claim) => !this.data.taskId || c.taskId === this.data.taskId)
          .map((c: Claim) => ({ id: c.id, taskId: c.taskId, title: c.taskTitle, claimedAt: formatTime(c.claimedAt) }))
        this.setData({ claims, loading: false })
        // Opened from the task's 小程序码: go straight to the staff's code.
        if (scanWhenOne && claims.length === 1) await this.checkIn(claims[0].id)
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) })
      }
    },
    tapCheckIn(e: WechatMiniprogram.TouchEvent) {
      return this.checkIn(e.currentTarget.dataset.id as string)
    },
    tapLocate(e: WechatMiniprogram.TouchEvent) {
      return this.checkInByPosition(e.currentTarget.dataset.id as string)
    },
    /** POST /claims/{id}/check-in with the position; the server's refusal (such as too far, with the distance) is shown as it says it. */
    async checkInByPosition(claimId: string) {
      if (this.data.busy) return
      this.setData({ busy: true, message: '' })
      try {
        const position = await locate()
        if (!position) {
          this.setData({ message: '没有获取到位置。请在设置中允许小程序使用位置信息，或扫描签到码。' })
          return
        }
        await api.checkInAt(claimId, position.latitude, position.longitude)
        toastDone('签到成功')
        this.setData({ message: '签到成功，服务结束后记得在“我的认领”里签退。' })
        await this.load(false)
      } catch (e) {
        toastError(e)
        this.setData({ message: errorText(e) })
      } finally {
        this.setData({ busy: false })
      }
    },
    async checkIn(claimId: string) {
      if (this.data.busy) return
      const scanned = await scan()
      if (scanned === null) {
        this.setData({ message: '没有扫到签到码。如果现场没有二维码，可以点“用定位签到”。' })
        return
      }
      const code = checkInCodeFrom(scanned)
      if (!code) {
        this.setData({ message: '这不是签到二维码，请扫描工作人员出示的签到码。' })
        return
      }
      this.setData({ busy: true, message: '' })
      try {
        await api.checkIn(claimId, code)
        toastDone('签到成功')
        this.setData({ message: '签到成功，服务结束后记得在“我的认领”里签退。' })
        await this.load(false)
      } catch (e) {
        toastError(e)
        this.setData({ message: errorText(e) })
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
