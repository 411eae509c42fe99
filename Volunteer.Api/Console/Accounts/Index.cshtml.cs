using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Memory;
using Volunteer.Api.Auth;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Partners;

namespace Volunteer.Api.Console.Accounts;

/// <summary>
/// <c>/console/accounts</c> (账号管理): the street's staff, partner and admin accounts; create one,
/// disable or re-enable it, reset its password. Same <see cref="CreateAccount"/> and
/// <see cref="ManageAccount"/> as <c>/api/v1/admin/accounts</c>, which write the audit rows.
/// </summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class IndexModel(AccountQueries accounts, PartnerQueries partners, CreateAccount create, ManageAccount manage, IMemoryCache cache)
    : ConsolePageModel
{
    public IReadOnlyList<Account> Accounts { get; private set; } = [];
    public IReadOnlyList<Community> Communities { get; private set; } = [];
    public IReadOnlyList<Partner> Partners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Accounts = await accounts.ManagedAsync(Actor, 500, ct);
        Communities = await accounts.CommunitiesAsync(Actor, ct);
        Partners = await partners.ManagedAsync(Actor, 500, ct);
    }

    public Task<IActionResult> OnPostCreateAsync(string? username, string? displayName, string? password, ActorRole role, Guid? communityId,
        Guid? partnerId, CancellationToken ct) =>
        RunAsync(() => create.ExecuteAsync(Actor, new NewAccount(username ?? "", password ?? "", displayName ?? "", role,
                role == ActorRole.CommunityStaff ? communityId : null, role == ActorRole.PartnerStaff ? partnerId : null, Actor.StreetId), ct),
            $"账号 {username?.Trim()} 已创建，可用设置的密码登录管理后台。");

    public Task<IActionResult> OnPostEnabledAsync(Guid id, bool enabled, CancellationToken ct) =>
        RunAsync(async () =>
        {
            var account = await manage.SetEnabledAsync(Actor, id, enabled, ct);
            cache.ForgetAccount(account.Id);
        }, enabled ? "账号已启用。" : "账号已停用，已登录的会话立即失效。");

    public Task<IActionResult> OnPostPasswordAsync(Guid id, string? password, CancellationToken ct) =>
        RunAsync(async () =>
        {
            var account = await manage.ResetPasswordAsync(Actor, id, password, ct);
            cache.ForgetAccount(account.Id);
        }, "密码已重置，请将新密码告知本人。");

    public static string Of(ActorRole role) => role switch
    {
        ActorRole.CommunityStaff => "社区工作人员",
        ActorRole.PartnerStaff => "共建单位工作人员",
        ActorRole.StreetAdmin => "街道管理员",
        _ => "居民",
    };

    public string ScopeOf(Account a) =>
        a.CommunityId is { } c ? Communities.FirstOrDefault(x => x.Id == c)?.Name ?? ""
        : a.PartnerId is { } p ? Partners.FirstOrDefault(x => x.Id == p)?.Name ?? ""
        : "本街道";
}
