import type { Claim, ClaimStatus } from '../../api/index'
import { api } from '../../services/api'
import { claimStatusNames, formatTime } from '../../utils/format'
import { emptyList, loadPage } from '../../utils/paging'
import { confirm, toastDone, toastError } from '../../utils/ui'

interface ClaimRow {
  id: string
  taskId: string
  title: string
  status: ClaimStatus
  statusName: string
  reason: string
  claimedAt: string
  hours: number
  points: number
  rating: string
  comment: string
  canCheckIn: boolean
  canCheckOut: boolean
  canCancel: boolean
}

function toRow(c: Claim): ClaimRow {
  return {
    id: c.id,
    taskId: c.taskId,
    title: c.taskTitle,
    status: c.status,
    statusName: claimStatusNames[c.status],
    reason: c.statusReason ?? '',
    claimedAt: formatTime(c.claimedAt),
    hours: c.hours,
    points: c.pointsAwarded,
    rating: c.rating ? '★'.repeat(c.rating.stars) : '',
    comment: c.rating?.comment ?? '',
    canCheckIn: c.status === 'accepted',
    canCheckOut: c.status === 'checkedIn',
    canCancel: c.status === 'accepted',
  }
}

const filters: { value: ClaimStatus | ''; name: string }[] = [
  { value: '', name: '全部' },
  { value: 'accepted', name: '待签到' },
  { value: 'checkedIn', name: '服务中' },
  { value: 'checkedOut', name: '待核验' },
  { value: 'verified', name: '已完成' },
]

Component({
  data: {
    list: emptyList<ClaimRow>(),
    filters,
    status: '' as ClaimStatus | '',
    busy: false,
  },
  methods: {
    onLoad() {
      return this.refresh()
    },
    onShow() {
      if (this.data.list.page > 0) this.refresh()
    },
    onPullDownRefresh() {
      return this.refresh()
    },
    onReachBottom() {
      return loadPage(this, page => api.myClaims(page, this.data.status || undefined), false, toRow)
    },
    refresh() {
      return loadPage(this, page => api.myClaims(page, this.data.status || undefined), true, toRow)
    },
    pickStatus(e: WechatMiniprogram.TouchEvent) {
      this.setData({ status: e.currentTarget.dataset.value as ClaimStatus | '' })
      return this.refresh()
    },
    checkIn(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/checkin/index?taskId=${e.currentTarget.dataset.task}` })
    },
    async checkOut(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return
      if (!(await confirm('签退', '服务已经完成了吗？签退后由社区工作人员核验，通过后记入积分和服务时长。'))) return
      await this.act(() => api.checkOut(e.currentTarget.dataset.id as string), '已签退')
    },
    async cancel(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return
      if (!(await confirm('取消认领', '确定不去了吗？名额会让给其他志愿者。'))) return
      await this.act(() => api.cancelClaim(e.currentTarget.dataset.id as string), '已取消认领')
    },
    async act(work: () => Promise<unknown>, done: string) {
      this.setData({ busy: true })
      try {
        await work()
        toastDone(done)
        await this.refresh()
      } catch (err) {
        toastError(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
