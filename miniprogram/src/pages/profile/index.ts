import type { Community, Grid, Profile } from '../../api/index'
import { api } from '../../services/api'
import { ApiError } from '../../services/request'
import { errorText, toastDone, toastError } from '../../utils/ui'

const partyStatusNames: Record<string, string> = {
  none: '未申报', pending: '待社区确认', confirmed: '已确认', rejected: '未通过',
}

Component({
  data: {
    profile: null as Profile | null,
    loading: true,
    error: '',
    communities: [] as Community[],
    communityIndex: -1,
    grids: [] as Grid[],
    gridIndex: -1,
    name: '',
    declareParty: false,
    branch: '',
    workUnit: '',
    inService: false,
    partyStatus: '未申报',
    reviewNote: '',
    saving: false,
    fieldErrors: {} as Record<string, string>,
  },
  methods: {
    onLoad() {
      return this.load()
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const [profile, communities] = await Promise.all([api.me(), api.communities()])
        const party = profile.party
        this.setData({
          profile,
          name: profile.name,
          communities: communities.items,
          communityIndex: communities.items.findIndex(c => c.id === profile.communityId),
          declareParty: party !== null,
          branch: party?.branch ?? '',
          workUnit: party?.workUnit ?? '',
          inService: party?.inService ?? false,
          partyStatus: partyStatusNames[party?.status ?? 'none'],
          reviewNote: party?.reviewNote ?? '',
          loading: false,
        })
        await this.loadGrids(profile.gridId)
      } catch (e) {
        this.setData({ loading: false, error: errorText(e) })
      }
    },
    async loadGrids(selected: string | null) {
      const community = this.data.communities[this.data.communityIndex]
      if (!community) {
        this.setData({ grids: [], gridIndex: -1 })
        return
      }
      const grids = (await api.grids(community.id)).items
      this.setData({ grids, gridIndex: grids.findIndex(g => g.id === selected) })
    },
    input(e: WechatMiniprogram.Input) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value })
    },
    async pickCommunity(e: WechatMiniprogram.PickerChange) {
      this.setData({ communityIndex: Number(e.detail.value) })
      try {
        await this.loadGrids(null)
      } catch (err) {
        toastError(err)
      }
    },
    pickGrid(e: WechatMiniprogram.PickerChange) {
      this.setData({ gridIndex: Number(e.detail.value) })
    },
    toggleParty(e: WechatMiniprogram.SwitchChange) {
      this.setData({ declareParty: e.detail.value })
    },
    toggleInService(e: WechatMiniprogram.SwitchChange) {
      this.setData({ inService: e.detail.value })
    },
    /** PUT /me replaces the profile: the party declaration is sent as it stands, so saving a name never withdraws it. */
    async save() {
      const profile = this.data.profile
      if (!profile || this.data.saving) return
      this.setData({ saving: true, fieldErrors: {} })
      try {
        const updated = await api.updateMe({
          name: this.data.name.trim(),
          phone: profile.phone,
          communityId: this.data.communities[this.data.communityIndex]?.id ?? null,
          gridId: this.data.grids[this.data.gridIndex]?.id ?? null,
          party: this.data.declareParty
            ? { branch: this.data.branch.trim(), workUnit: this.data.workUnit.trim() || null, inService: this.data.inService }
            : null,
        })
        this.setData({ profile: updated, partyStatus: partyStatusNames[updated.party?.status ?? 'none'] })
        toastDone('已保存')
      } catch (e) {
        const fields: Record<string, string> = {}
        if (e instanceof ApiError) for (const key of Object.keys(e.fieldErrors)) fields[key] = e.fieldErrors[key].join('')
        this.setData({ fieldErrors: { ...fields, form: errorText(e) } })
      } finally {
        this.setData({ saving: false })
      }
    },
    /** The getPhoneNumber button's code goes to the server, which asks WeChat for the verified number. */
    async phone(e: WechatMiniprogram.CustomEvent<{ code?: string }>) {
      if (!e.detail.code) return
      try {
        const bound = await api.bindPhone(e.detail.code)
        if (this.data.profile) this.setData({ profile: { ...this.data.profile, phone: bound.phone } })
        toastDone('手机号已绑定')
      } catch (err) {
        toastError(err)
      }
    },
    go(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url as string })
    },
  },
})
