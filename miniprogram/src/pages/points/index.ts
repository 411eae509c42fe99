import type { LedgerEntry, Points } from '../../api/index'
import { api } from '../../services/api'
import { formatTime, ledgerKindNames, stars } from '../../utils/format'
import { emptyList, loadPage } from '../../utils/paging'
import { errorText } from '../../utils/ui'

interface EntryRow {
  id: string
  kind: string
  amount: string
  positive: boolean
  hours: number
  reason: string
  balanceAfter: number
  at: string
}

const toRow = (e: LedgerEntry): EntryRow => ({
  id: e.id,
  kind: ledgerKindNames[e.kind] ?? e.kind,
  amount: e.amount > 0 ? `+${e.amount}` : `${e.amount}`,
  positive: e.amount >= 0,
  hours: e.hours,
  reason: e.reason,
  balanceAfter: e.balanceAfter,
  at: formatTime(e.createdAt),
})

Component({
  data: {
    points: null as (Points & { stars: string }) | null,
    pointsError: '',
    list: emptyList<EntryRow>(),
  },
  methods: {
    onLoad() {
      return this.refresh()
    },
    onPullDownRefresh() {
      return this.refresh()
    },
    onReachBottom() {
      return loadPage(this, page => api.ledger(page), false, toRow)
    },
    async refresh() {
      try {
        const points = await api.points()
        this.setData({ points: { ...points, stars: stars(points.starLevel) }, pointsError: '' })
      } catch (e) {
        this.setData({ pointsError: errorText(e) })
      }
      return loadPage(this, page => api.ledger(page), true, toRow)
    },
    go(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string })
    },
  },
})
