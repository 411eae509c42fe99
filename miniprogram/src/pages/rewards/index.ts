import type { Reward } from '../../api/index'
import { api } from '../../services/api'
import { askToNotify } from '../../services/subscribe'
import { ApiError } from '../../services/request'
import { formatTime } from '../../utils/format'
import { emptyList, loadPage } from '../../utils/paging'
import { confirm, errorText, toastDone } from '../../utils/ui'

interface RewardRow {
  id: string
  title: string
  description: string
  cost: number
  stock: number
  partner: string
  badges: string[]
  validUntil: string
  myRemaining: number | null
  affordable: boolean
}

const toRow = (balance: number | null) => (r: Reward): RewardRow => ({
  id: r.id,
  title: r.title,
  description: r.description ?? '',
  cost: r.pointsCost,
  stock: r.stock,
  partner: r.partner.name,
  badges: r.partner.badges.map(b => b.label),
  validUntil: formatTime(r.validUntil),
  myRemaining: r.myRemaining,
  affordable: balance === null || balance >= r.pointsCost,
})

Component({
  data: {
    list: emptyList<RewardRow>(),
    balance: null as number | null,
    busy: false,
  },
  methods: {
    onLoad() {
      return this.refresh()
    },
    onPullDownRefresh() {
      return this.refresh()
    },
    onReachBottom() {
      return loadPage(this, page => api.rewards(page), false, toRow(this.data.balance))
    },
    async refresh() {
      try {
        this.setData({ balance: (await api.points()).balance })
      } catch {
        // The list works without the balance; the server still refuses what the points cannot pay for.
      }
      return loadPage(this, page => api.rewards(page), true, toRow(this.data.balance))
    },
    async redeem(e: WechatMiniprogram.TouchEvent) {
      const reward = this.data.list.items.find(r => r.id === e.currentTarget.dataset.id)
      if (!reward || this.data.busy) return
      if (!(await confirm('兑换奖品', `用 ${reward.cost} 积分兑换“${reward.title}”？兑换后凭兑换码到 ${reward.partner} 领取。`))) return
      await askToNotify('redemptionExpiring')
      this.setData({ busy: true })
      try {
        await this.redeemWithRetry(reward.id)
      } finally {
        this.setData({ busy: false })
      }
    },
    /** On a failure that may not have reached the server, offers a retry: api.redeem sends the same Idempotency-Key. */
    async redeemWithRetry(rewardId: string): Promise<void> {
      for (;;) {
        try {
          const redemption = await api.redeem(rewardId)
          toastDone('兑换成功')
          wx.navigateTo({ url: `/pages/codes/index?id=${redemption.id}` })
          await this.refresh()
          return
        } catch (err) {
          const retry = err instanceof ApiError && err.retryable
          if (!retry) {
            wx.showModal({ title: '没有兑换成功', content: errorText(err), showCancel: false })
            return
          }
          if (!(await confirm('网络不太好', `${errorText(err)}重试不会重复扣积分。`))) return
        }
      }
    },
    myCodes() {
      wx.navigateTo({ url: '/pages/codes/index' })
    },
  },
})
