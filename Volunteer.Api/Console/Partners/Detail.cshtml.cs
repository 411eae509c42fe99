using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Partners;

namespace Volunteer.Api.Console.Partners;

/// <summary>
/// <c>/console/partners/{id}</c>: one partner of the street — edit it, sign, renew or end its
/// co-building agreements (共建协议), grant or revoke its badges, see its staff accounts. Same use
/// cases as <c>/api/v1/admin/partners</c>; another street's partner is 404.
/// </summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class DetailModel(PartnerQueries partners, AccountQueries street, UpdatePartner update, SignAgreement sign,
    TerminateAgreement terminate, ManageBadges badges, TimeProvider clock) : ConsolePageModel
{
    public PartnerDetail Detail { get; private set; } = null!;
    public IReadOnlyList<Community> Communities { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Detail = await partners.DetailAsync(Actor, id, ct);
        Communities = await street.CommunitiesAsync(Actor, ct);
        Today = CoBuildingAgreement.Today(clock.GetUtcNow());
    }

    public Task<IActionResult> OnPostEditAsync(Guid id, string? name, PartnerKind kind, string? contact, string? address, CancellationToken ct) =>
        RunAsync(() => update.ExecuteAsync(Actor, id, new PartnerChange(Optional<string?>.To(name ?? ""), Optional<PartnerKind?>.To(kind),
            Optional<string?>.To(IndexModel.Blank(contact)), Optional<string?>.To(IndexModel.Blank(address))), ct), "单位信息已保存。");

    public Task<IActionResult> OnPostSignAsync(Guid id, Guid communityId, string? startsOn, string? endsOn, CancellationToken ct) =>
        RunAsync(async () =>
        {
            if (!DateOnly.TryParseExact(startsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var starts)
                || !DateOnly.TryParseExact(endsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var ends))
                throw DomainException.Invalid("startsOn", "请填写协议的开始和结束日期。");
            await sign.ExecuteAsync(Actor, id, communityId, starts, ends, ct);
        }, "共建协议已签订。");

    public Task<IActionResult> OnPostTerminateAsync(Guid id, Guid communityId, CancellationToken ct) =>
        RunAsync(() => terminate.ExecuteAsync(Actor, id, communityId, ct), "共建协议已终止，该单位的奖品不再向该社区提供。");

    public Task<IActionResult> OnPostGrantAsync(Guid id, BadgeKind badge, CancellationToken ct) =>
        RunAsync(() => badges.GrantAsync(Actor, id, badge, ct), $"已授予“{PartnerBadge.Label(badge)}”。");

    public Task<IActionResult> OnPostRevokeAsync(Guid id, BadgeKind badge, CancellationToken ct) =>
        RunAsync(() => badges.RevokeAsync(Actor, id, badge, ct), $"已撤销“{PartnerBadge.Label(badge)}”。");

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
