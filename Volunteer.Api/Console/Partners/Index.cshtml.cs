using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Partners;

namespace Volunteer.Api.Console.Partners;

/// <summary><c>/console/partners</c> (共建单位): the street's partner organisations with their badges; register one (same <see cref="CreatePartner"/> as the API).</summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class IndexModel(PartnerQueries partners, CreatePartner create) : ConsolePageModel
{
    public IReadOnlyList<Partner> Partners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Partners = await partners.ManagedAsync(Actor, 500, ct);

    public async Task<IActionResult> OnPostAsync(string? name, PartnerKind kind, string? contact, string? address, CancellationToken ct)
    {
        Guid? id = null;
        return await RunAsync(async () => id = (await create.ExecuteAsync(Actor, null, new PartnerFields(name ?? "", kind, Blank(contact), Blank(address)), ct)).Id,
            $"已登记“{name?.Trim()}”，请签订共建协议。", () => id is { } created ? Redirect($"/console/partners/{created}") : RedirectToPage());
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    public static string Of(PartnerKind kind) => kind switch
    {
        PartnerKind.Unit => "共建单位",
        PartnerKind.Merchant => "商家",
        _ => "积分超市",
    };
}
