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
    async checkIn(claimId: string) {
      if (this.data.busy) return
      const scanned = await scan()
      if (scanned === null) return
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
