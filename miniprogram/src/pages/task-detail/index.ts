import type { Task } from '../../api/index'
import { api } from '../../services/api'
import { askToNotify } from '../../services/subscribe'
import { categoryNames, claimStatusNames, formatTime } from '../../utils/format'
import { confirm, errorText, toastDone, toastError } from '../../utils/ui'
import { taskIdFromScene } from '../checkin/codes'

interface TaskView {
  id: string
  title: string
  description: string
  category: string
  time: string
  address: string
  addressHidden: boolean
  remaining: number
  slots: number
  points: number
  partyMembersOnly: boolean
  open: boolean
  claimId: string
  claimStatus: string
  canCancel: boolean
  canCheckIn: boolean
}

function view(t: Task): TaskView {
  const claim = t.myClaim
  return {
    id: t.id,
    title: t.title,
    description: t.description ?? '',
    category: categoryNames[t.category],
    time: `${formatTime(t.startsAt)} — ${formatTime(t.endsAt)}`,
    address: t.address ?? '',
    addressHidden: t.addressHidden,
    remaining: t.remaining,
    slots: t.slots,
    points: t.points,
    partyMembersOnly: t.partyMembersOnly,
    open: t.status === 'published' && t.remaining > 0 && claim === null,
    claimId: claim?.id ?? '',
    claimStatus: claim ? claimStatusNames[claim.status] : '',
    canCancel: claim !== null && claim.status === 'accepted',
    canCheckIn: claim !== null && claim.status === 'accepted',
  }
}

Component({
  data: {
    id: '',
    task: null as TaskView | null,
    loading: true,
    error: '',
    busy: false,
  },
  methods: {
    /** Opened from the task list (?id=…) or from the task's 小程序码 (?scene=…). */
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? taskIdFromScene(query.scene) ?? '' })
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        this.setData({ task: view(await api.task(this.data.id)), loading: false })
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) })
      }
    },
    async claim() {
      if (this.data.busy) return
      this.setData({ busy: true })
      // The prompt must come straight from the tap, before the request.
      await askToNotify('taskReminder', 'claimReviewed')
      try {
        await api.claim(this.data.id)
        toastDone('认领成功')
        await this.load()
      } catch (e) {
        toastError(e)
      } finally {
        this.setData({ busy: false })
      }
    },
    async cancel() {
      const task = this.data.task
      if (!task || this.data.busy) return
      if (!(await confirm('取消认领', '确定不去了吗？名额会让给其他志愿者。'))) return
      this.setData({ busy: true })
      try {
        await api.cancelClaim(task.claimId)
        toastDone('已取消认领')
        await this.load()
      } catch (e) {
        toastError(e)
      } finally {
        this.setData({ busy: false })
      }
    },
    checkIn() {
      wx.navigateTo({ url: `/pages/checkin/index?taskId=${this.data.id}` })
    },
  },
})
