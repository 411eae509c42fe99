using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Members;

namespace Volunteer.Api.Console.Members;

/// <summary>
/// <c>/console/members</c>: the community's residents; register one without a smartphone, confirm or
/// reject a declared party membership, set circumstances (困难情况), post a need on someone's behalf.
/// </summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class IndexModel(MemberQueries members, RegisterMember register, ReviewPartyMembership review, SetCircumstances circumstances)
    : ConsolePageModel
{
    public static readonly (Circumstances Flag, string Name)[] Kinds =
        [(Circumstances.Elderly, "高龄"), (Circumstances.LivingAlone, "独居"), (Circumstances.Disabled, "残疾"), (Circumstances.LowIncome, "低收入")];

    public IReadOnlyList<Member> Members { get; private set; } = [];
    public string? Q { get; private set; }

    public async Task OnGetAsync(string? q, CancellationToken ct)
    {
        Q = q;
        Members = await members.ManagedAsync(Actor, null, q, 200, ct);
    }

    public Task<IActionResult> OnPostRegisterAsync(string? name, string? phone, List<Circumstances> kinds, CancellationToken ct) =>
        RunAsync(() => register.ExecuteAsync(Actor, null, name ?? "", string.IsNullOrWhiteSpace(phone) ? null : phone, null, Combine(kinds), ct),
            $"已登记居民 {name}。");

    public Task<IActionResult> OnPostPartyAsync(Guid id, bool confirm, string? reason, CancellationToken ct) =>
        RunAsync(() => review.ExecuteAsync(Actor, id, confirm, reason, ct), confirm ? "已确认党员身份。" : "已驳回党员身份申报。");

    public Task<IActionResult> OnPostCircumstancesAsync(Guid id, List<Circumstances> kinds, CancellationToken ct) =>
        RunAsync(() => circumstances.ExecuteAsync(Actor, id, Combine(kinds), ct), "困难情况已更新。");

    private static Circumstances Combine(IEnumerable<Circumstances> kinds) => kinds.Aggregate(Circumstances.None, (all, k) => all | k);

    public static string Party(PartyStatus status) => status switch
    {
        PartyStatus.Pending => "待确认",
        PartyStatus.Confirmed => "党员",
        PartyStatus.Rejected => "未通过",
        _ => "",
    };
}
