import type { PersonalDataExport } from '../../api/index'
import { api } from '../../services/api'
import { forgetToken } from '../../services/request'
import { confirm, errorText, toastDone, toastError } from '../../utils/ui'

/** What the export holds, counted, so the resident sees at a glance what the platform keeps. */
function summarize(data: PersonalDataExport): string[] {
  return [
    `姓名：${data.profile.name}`,
    `需求 ${data.needs.length} 条，认领 ${data.claims.length} 条`,
    `积分明细 ${data.ledger.length} 条，兑换 ${data.redemptions.length} 笔`,
    `表彰 ${data.honors.length} 项，排行记录 ${data.rankings.length} 条`,
    `隐私政策同意记录 ${data.consents.length} 条，敏感信息查看记录 ${data.accessLog.length} 条`,
  ]
}

function copy(text: string): Promise<boolean> {
  return new Promise(resolve => {
    wx.setClipboardData({ data: text, success: () => resolve(true), fail: () => resolve(false) })
  })
}

Component({
  data: {
    loading: true,
    error: '',
    version: '',
    policy: '',
    busy: false,
    summary: [] as string[],
    exportNote: '',
  },
  methods: {
    onLoad() {
      return this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const policy = await api.privacyPolicy()
        this.setData({ loading: false, version: policy.version, policy: policy.text })
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) })
      }
    },
    /** GET /me/export: shows what is kept and copies the full JSON to the clipboard. */
    async exportData() {
      if (this.data.busy) return
      this.setData({ busy: true, exportNote: '' })
      try {
        const data = await api.exportMyData()
        const copied = await copy(JSON.stringify(data, null, 2))
        this.setData({
          summary: summarize(data),
          exportNote: copied ? '完整数据（JSON）已复制到剪贴板，可粘贴保存。' : '复制到剪贴板没有成功，请重试。',
        })
      } catch (e) {
        toastError(e)
      } finally {
        this.setData({ busy: false })
      }
    },
    /** DELETE /me after an explicit confirmation; then the token is forgotten and the app starts over. */
    async erase() {
      if (this.data.busy) return
      const sure = await confirm('注销账号', '注销后您的个人信息将被删除，积分和兑换记录无法恢复，已公示的记录以匿名方式保留。确定注销吗？')
      if (!sure) return
      this.setData({ busy: true })
      try {
        await api.eraseMe()
        forgetToken()
        toastDone('账号已注销')
        wx.reLaunch({ url: '/pages/tasks/index' })
      } catch (e) {
        toastError(e)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
