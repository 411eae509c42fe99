import type { Escalation, EscalationSatisfaction } from '../../api/index'
import { api } from '../../services/api'
import { formatTime } from '../../utils/format'
import { errorText, toastDone, toastError } from '../../utils/ui'

/** 吹哨报到: how the street and its departments are handling my need, and my rating once it is done. */

const stateNames: Record<Escalation['state'], string> = { open: '已上报街道，待派单', dispatched: '职能部门办理中', resolved: '已办结' }
const assignmentNames: Record<string, string> = { assigned: '已派单，待报到', acknowledged: '已报到，办理中', resolved: '已办结' }
const eventNames: Record<string, string> = {
  raised: '社区上报街道',
  dispatched: '街道派单',
  acknowledged: '部门报到',
  resolved: '部门办结',
  acknowledgementOverdue: '报到超时',
  resolutionOverdue: '办理超时',
  closed: '全部办结',
  rated: '居民评价',
}
export const satisfactionNames: Record<EscalationSatisfaction, string> = {
  satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意',
}
const levels = (Object.keys(satisfactionNames) as EscalationSatisfaction[]).map(value => ({ value, name: satisfactionNames[value] }))

interface EscalationView {
  id: string
  needTitle: string
  communityName: string
  state: string
  reason: string
  createdAt: string
  departments: { id: string; name: string; state: string; due: string; outcome: string; late: boolean }[]
  timeline: { key: string; what: string; who: string; note: string; at: string }[]
  canRate: boolean
  rating: string
}

function view(e: Escalation): EscalationView {
  return {
    id: e.id,
    needTitle: e.needTitle,
    communityName: e.communityName,
    state: stateNames[e.state] ?? e.state,
    reason: e.reason,
    createdAt: formatTime(e.createdAt),
    departments: e.departments.map(d => ({
      id: d.departmentId,
      name: d.departmentName,
      state: assignmentNames[d.state] ?? d.state,
      due: formatTime(d.dueAt),
      outcome: d.outcome ?? '',
      late: d.acknowledgementOverdue || d.resolutionOverdue,
    })),
    timeline: (e.timeline ?? []).map((t, i) => ({
      key: `${i}`,
      what: [eventNames[t.kind] ?? t.kind, t.departmentName].filter(Boolean).join(' · '),
      who: t.actorName ?? '',
      note: t.note ?? '',
      at: formatTime(t.at),
    })),
    canRate: e.state === 'resolved' && e.satisfaction === null,
    rating: e.satisfaction ? satisfactionNames[e.satisfaction] + (e.satisfactionComment ? `：${e.satisfactionComment}` : '') : '',
  }
}

Component({
  data: {
    id: '',
    needId: '',
    escalation: null as EscalationView | null,
    loading: true,
    error: '',
    levels,
    level: '' as EscalationSatisfaction | '',
    comment: '',
    busy: false,
  },
  methods: {
    /** Opened from a notification (?id=…) or from 我的需求 (?needId=…: that need's latest escalation). */
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', needId: query.needId ?? '' })
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        if (!this.data.id && this.data.needId) {
          const mine = await api.myEscalations(1)
          const latest = mine.items.find(e => e.needId === this.data.needId)
          if (!latest) {
            this.setData({ loading: false, error: '没有找到这个需求的上报记录。' })
            return
          }
          this.setData({ id: latest.id })
        }
        this.setData({ escalation: view(await api.escalation(this.data.id)), loading: false })
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) })
      }
    },
    pickLevel(e: WechatMiniprogram.TouchEvent) {
      this.setData({ level: e.currentTarget.dataset.level as EscalationSatisfaction })
    },
    input(e: WechatMiniprogram.Input) {
      this.setData({ comment: e.detail.value })
    },
    async rate() {
      const level = this.data.level
      if (!level || this.data.busy) {
        if (!level) wx.showToast({ title: '请先选择满意度', icon: 'none' })
        return
      }
      this.setData({ busy: true })
      try {
        const rated = await api.rateEscalation(this.data.id, level, this.data.comment.trim() || undefined)
        toastDone('感谢您的评价')
        this.setData({ escalation: view(rated) })
      } catch (e) {
        toastError(e)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
