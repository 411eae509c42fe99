import type { RankingList, RankingMetric, RankingScope } from '../../api/index'
import { api } from '../../services/api'
import { lastMonth } from '../../utils/format'
import { emptyList, loadPage } from '../../utils/paging'

type Tab = 'live' | 'month' | 'honors' | 'board'

interface Row {
  key: string
  rank: string
  name: string
  value: string
  isMe: boolean
}

const tabs: { value: Tab; name: string }[] = [
  { value: 'live', name: '本月排行' },
  { value: 'month', name: '上月排行' },
  { value: 'honors', name: '表彰' },
  { value: 'board', name: '积分公示' },
]
const scopes: { value: RankingScope; name: string }[] = [
  { value: 'grid', name: '网格' }, { value: 'community', name: '社区' }, { value: 'street', name: '街道' },
]
const lists: { value: RankingList; name: string }[] = [
  { value: 'everyone', name: '总榜' }, { value: 'party', name: '党员榜' }, { value: 'residents', name: '居民榜' },
]
const metrics: { value: RankingMetric; name: string }[] = [
  { value: 'points', name: '积分' }, { value: 'hours', name: '服务时长' },
]

Component({
  data: {
    tabs, scopes, lists, metrics,
    tab: 'live' as Tab,
    scope: 'community' as RankingScope,
    list_: 'everyone' as RankingList,
    metric: 'points' as RankingMetric,
    period: lastMonth(new Date()),
    heading: '',
    communityId: '',
    list: emptyList<Row>(),
  },
  methods: {
    onLoad() {
      return this.refresh()
    },
    onPullDownRefresh() {
      return this.refresh()
    },
    onReachBottom() {
      return this.load(false)
    },
    refresh() {
      return this.load(true)
    },
    pick(e: WechatMiniprogram.TouchEvent) {
      this.setData({ [e.currentTarget.dataset.name as string]: e.currentTarget.dataset.value })
      return this.refresh()
    },
    async load(refresh: boolean) {
      const { tab, scope, list_, metric, period } = this.data
      const unit = metric === 'hours' ? '小时' : '分'
      if (tab === 'live' || tab === 'month') {
        return loadPage(this, async page => {
          const r = tab === 'live' ? await api.liveRanking(scope, list_, metric, page) : await api.ranking(period, scope, list_, metric, page)
          this.setData({ heading: `${r.period} ${r.scopeName}${r.live ? '（实时）' : ''}` })
          return { ...r.rows, items: r.rows.items.map(x => ({ ...x, key: `${x.rank}-${x.name}-${x.isMe}` })) }
        }, refresh, x => ({ key: x.key, rank: `第 ${x.rank} 名`, name: x.name, value: `${x.value} ${unit}`, isMe: x.isMe }))
      }
      if (tab === 'honors') {
        return loadPage(this, async page => {
          const r = await api.honors(undefined, page)
          this.setData({ heading: '月度服务之星与优秀党员' })
          return r
        }, refresh, h => ({ key: h.id, rank: `${h.period} ${h.title}`, name: h.memberName, value: h.communityName, isMe: h.isMe }))
      }
      return loadPage(this, async page => {
        if (!this.data.communityId) this.setData({ communityId: (await api.me()).communityId ?? '' })
        const r = await api.board(this.data.communityId, undefined, page)
        this.setData({ heading: `${r.communityName} ${r.period} 积分公示${r.final ? '' : '（本月实时）'}` })
        return { ...r.rows, items: r.rows.items.map((x, i) => ({ ...x, key: `${page}-${i}` })) }
      }, refresh, x => ({ key: x.key, rank: '', name: x.name, value: `${x.points} 分 · ${x.hours} 小时`, isMe: x.isMe }))
    },
  },
})
