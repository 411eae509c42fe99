import type { Grid, Task, TaskCategory } from '../../api/index'
import { api } from '../../services/api'
import { categoryNames, chinaDate, formatTime } from '../../utils/format'
import { emptyList, loadPage } from '../../utils/paging'
import { errorText } from '../../utils/ui'

export interface TaskRow {
  id: string
  title: string
  category: string
  time: string
  address: string
  remaining: number
  slots: number
  points: number
  partyMembersOnly: boolean
  claimed: boolean
}

export function toRow(t: Task): TaskRow {
  return {
    id: t.id,
    title: t.title,
    category: categoryNames[t.category],
    time: `${formatTime(t.startsAt)} — ${formatTime(t.endsAt)}`,
    address: t.addressHidden ? '地址将在认领成功后显示' : t.address ?? '',
    remaining: t.remaining,
    slots: t.slots,
    points: t.points,
    partyMembersOnly: t.partyMembersOnly,
    claimed: t.myClaim !== null,
  }
}

const categories = (Object.keys(categoryNames) as TaskCategory[]).map(value => ({ value, name: categoryNames[value] }))

Component({
  data: {
    list: emptyList<TaskRow>(),
    categories,
    category: '' as TaskCategory | '',
    grids: [] as Grid[],
    gridId: '',
    date: '',
    today: chinaDate(new Date()),
    gridError: '',
  },
  methods: {
    onLoad() {
      this.refresh()
      this.loadGrids()
    },
    onPullDownRefresh() {
      this.refresh()
    },
    onReachBottom() {
      this.load(false)
    },
    async loadGrids() {
      try {
        const me = await api.me()
        if (me.communityId) this.setData({ grids: (await api.grids(me.communityId)).items })
      } catch (e) {
        // Filters by grid are a convenience: the list still works without them.
        this.setData({ gridError: errorText(e) })
      }
    },
    refresh() {
      return this.load(true)
    },
    load(refresh: boolean) {
      const { category, gridId, date } = this.data
      return loadPage(this, page => api.tasks({
        page,
        category: category || undefined,
        gridId: gridId || undefined,
        date: date || undefined,
      }), refresh, toRow)
    },
    pickCategory(e: WechatMiniprogram.TouchEvent) {
      const value = e.currentTarget.dataset.value as TaskCategory
      this.setData({ category: this.data.category === value ? '' : value })
      this.refresh()
    },
    pickGrid(e: WechatMiniprogram.TouchEvent) {
      const value = e.currentTarget.dataset.value as string
      this.setData({ gridId: this.data.gridId === value ? '' : value })
      this.refresh()
    },
    pickDate(e: WechatMiniprogram.PickerChange) {
      this.setData({ date: String(e.detail.value) })
      this.refresh()
    },
    clearDate() {
      this.setData({ date: '' })
      this.refresh()
    },
    open(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/task-detail/index?id=${e.currentTarget.dataset.id}` })
    },
  },
})
