import drawQrcode from 'weapp-qrcode'
import type { Redemption } from '../../api/index'
import { api } from '../../services/api'
import { formatTime, redemptionStatusNames } from '../../utils/format'
import { sameId } from '../../utils/links'
import { emptyList, loadPage } from '../../utils/paging'
import { confirm, toastDone, toastError } from '../../utils/ui'

interface CodeRow {
  id: string
  code: string
  status: string
  statusName: string
  reward: string
  partner: string
  cost: number
  expiresAt: string
  expired: boolean
  pending: boolean
}

export function toCodeRow(r: Redemption, now: Date): CodeRow {
  const expired = r.status === 'expired' || (r.status === 'pending' && new Date(r.expiresAt).getTime() <= now.getTime())
  return {
    id: r.id,
    code: r.code ?? r.codeHint,
    status: r.status,
    statusName: expired ? '已过期' : redemptionStatusNames[r.status],
    reward: r.rewardTitle,
    partner: r.partnerName,
    cost: r.pointsCost,
    expiresAt: formatTime(r.expiresAt),
    expired,
    pending: r.status === 'pending' && !expired,
  }
}

Component({
  data: {
    list: emptyList<CodeRow>(),
    shown: '',
    shownRow: null as CodeRow | null,
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ shown: query.id ?? '' })
      return this.refresh()
    },
    onPullDownRefresh() {
      return this.refresh()
    },
    onReachBottom() {
      return loadPage(this, page => api.myRedemptions(page), false, r => toCodeRow(r, new Date()))
    },
    async refresh() {
      await loadPage(this, page => api.myRedemptions(page), true, r => toCodeRow(r, new Date()))
      const first = this.data.list.items.find(r => r.pending && (!this.data.shown || sameId(r.id, this.data.shown)))
      if (first) this.show(first)
    },
    tapShow(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.list.items.find(r => r.id === e.currentTarget.dataset.id)
      if (row && row.pending) this.show(row)
    },
    /** Draws the code as a QR code for the counter's scanner; the code is also printed below it. */
    show(row: CodeRow) {
      this.setData({ shown: row.id, shownRow: row })
      wx.setScreenBrightness({ value: 1 })
      drawQrcode({ width: 220, height: 220, canvasId: 'qr', text: row.code, _this: this })
    },
    async cancel(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return
      if (!(await confirm('取消兑换', '取消后积分会退回，兑换码作废。'))) return
      this.setData({ busy: true })
      try {
        await api.cancelRedemption(e.currentTarget.dataset.id as string)
        toastDone('已取消，积分已退回')
        this.setData({ shown: '', shownRow: null })
        await this.refresh()
      } catch (err) {
        toastError(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
