import type { Need, TaskCategory } from '../../api/index'
import { api } from '../../services/api'
import { askToNotify } from '../../services/subscribe'
import { ApiError } from '../../services/request'
import { categoryNames, formatTime } from '../../utils/format'
import { emptyList, loadPage } from '../../utils/paging'
import { errorText, toastDone } from '../../utils/ui'

const needStatusNames: Record<Need['status'], string> = {
  pending: '待社区审核', approved: '已发布为任务', rejected: '未通过', withdrawn: '已撤回', escalated: '社区已上报街道（吹哨报到）',
}

interface NeedRow {
  id: string
  title: string
  status: string
  statusName: string
  escalated: boolean
  reason: string
  createdAt: string
}

const toRow = (n: Need): NeedRow => ({
  id: n.id,
  title: n.title,
  status: n.status,
  statusName: needStatusNames[n.status] ?? n.status,
  escalated: n.status === 'escalated',
  reason: n.reviewReason ?? '',
  createdAt: formatTime(n.createdAt),
})

const categories = (Object.keys(categoryNames) as TaskCategory[]).map(value => ({ value, name: categoryNames[value] }))

Component({
  data: {
    categories,
    categoryIndex: 0,
    title: '',
    description: '',
    address: '',
    fieldErrors: {} as Record<string, string>,
    submitting: false,
    list: emptyList<NeedRow>(),
  },
  methods: {
    onLoad() {
      return this.refresh()
    },
    onPullDownRefresh() {
      return this.refresh()
    },
    onReachBottom() {
      return loadPage(this, page => api.myNeeds(page), false, toRow)
    },
    refresh() {
      return loadPage(this, page => api.myNeeds(page), true, toRow)
    },
    /** An escalated need: how the street and its departments are handling it. */
    openEscalation(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/escalation/index?needId=${e.currentTarget.dataset.id as string}` })
    },
    input(e: WechatMiniprogram.Input) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value })
    },
    pickCategory(e: WechatMiniprogram.PickerChange) {
      this.setData({ categoryIndex: Number(e.detail.value) })
    },
    async submit() {
      if (this.data.submitting) return
      if (!this.data.title.trim()) {
        this.setData({ fieldErrors: { title: '请写下需要什么帮助。' } })
        return
      }
      this.setData({ submitting: true, fieldErrors: {} })
      await askToNotify('claimReviewed')
      try {
        await api.postNeed({
          title: this.data.title.trim(),
          description: this.data.description.trim() || null,
          category: categories[this.data.categoryIndex].value,
          address: this.data.address.trim() || null,
        })
        toastDone('已提交，等待社区审核')
        this.setData({ title: '', description: '', address: '' })
        await this.refresh()
      } catch (e) {
        const fields: Record<string, string> = {}
        if (e instanceof ApiError) for (const key of Object.keys(e.fieldErrors)) fields[key] = e.fieldErrors[key].join('')
        this.setData({ fieldErrors: { ...fields, form: errorText(e) } })
      } finally {
        this.setData({ submitting: false })
      }
    },
  },
})
