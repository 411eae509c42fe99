import type { Notification } from '../../api/index'
import { api } from '../../services/api'
import { askToNotify } from '../../services/subscribe'
import { formatTime } from '../../utils/format'
import { openLink } from '../../utils/links'
import { emptyList, loadPage } from '../../utils/paging'
import { toastDone, toastError } from '../../utils/ui'

interface Row {
  id: string
  title: string
  body: string
  link: string
  at: string
  unread: boolean
}

const toRow = (n: Notification): Row => ({
  id: n.id, title: n.title, body: n.body, link: n.link ?? '', at: formatTime(n.createdAt), unread: n.readAt === null,
})

Component({
  data: {
    list: emptyList<Row>(),
    unreadOnly: false,
  },
  methods: {
    onLoad() {
      return this.refresh()
    },
    onPullDownRefresh() {
      return this.refresh()
    },
    onReachBottom() {
      return loadPage(this, page => api.notifications(page, this.data.unreadOnly || undefined), false, toRow)
    },
    refresh() {
      return loadPage(this, page => api.notifications(page, this.data.unreadOnly || undefined), true, toRow)
    },
    toggleUnread() {
      this.setData({ unreadOnly: !this.data.unreadOnly })
      return this.refresh()
    },
    async open(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.list.items.find(r => r.id === e.currentTarget.dataset.id)
      if (!row) return
      if (row.unread) {
        try {
          await api.markRead(row.id)
          const items = this.data.list.items.map(r => (r.id === row.id ? { ...r, unread: false } : r))
          this.setData({ 'list.items': items })
        } catch {
          // Reading the message matters more than its mark.
        }
      }
      if (row.link) openLink(row.link)
    },
    async readAll() {
      try {
        await api.markAllRead()
        toastDone('已全部标为已读')
        await this.refresh()
      } catch (e) {
        toastError(e)
      }
    },
    /** 订阅消息: each acceptance lets the server send one WeChat message of that kind. */
    async subscribe() {
      const accepted = await askToNotify('claimReviewed', 'taskReminder', 'redemptionExpiring')
      wx.showToast({ title: accepted.length ? `已订阅 ${accepted.length} 类提醒` : '未订阅微信提醒', icon: 'none' })
    },
  },
})
