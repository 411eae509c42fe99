/**
 * The one place the API's address lives. Development: the API from `dotnet run --project Volunteer.Api`
 * on the same computer as WeChat DevTools (tick “不校验合法域名” in DevTools' 详情 → 本地设置).
 * Release: the HTTPS address registered as the mini-program's request domain. No secrets here:
 * the mini-program signs in with wx.login and the server keeps the AppSecret.
 */
export const config = {
  apiBaseUrl: 'http://localhost:5080',
  /** 订阅消息模板 id（在小程序后台“订阅消息”中申请后填写；为空时不弹出订阅提示）。 */
  subscribeTemplateIds: {
    claimReviewed: '',
    taskReminder: '',
    redemptionExpiring: '',
  },
  pageSize: 20,
  /**
   * Local development only: a demo sign-in code such as 'dev-li-ming' sent instead of wx.login's
   * code. The API accepts these only when no WeChat AppId is configured and never in Production.
   * Leave empty in anything that is uploaded.
   */
  devSignInCode: '',
}
