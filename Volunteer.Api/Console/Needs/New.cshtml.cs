using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Needs;

namespace Volunteer.Api.Console.Needs;

/// <summary><c>/console/needs/new?memberId=…</c>: staff post a need for a resident without a smartphone (代下单), through the API's <see cref="PostNeed"/>.</summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class NewModel(MemberQueries members, PostNeed post) : ConsolePageModel
{
    public Member Member { get; private set; } = null!;

    public async Task OnGetAsync(Guid memberId, CancellationToken ct) =>
        Member = await members.ManagedAsync(Actor, memberId, ct);

    public async Task<IActionResult> OnPostAsync(Guid memberId, string? title, string? description, TaskCategory category, string? address,
        string? startsAt, string? endsAt, CancellationToken ct)
    {
        Member = await members.ManagedAsync(Actor, memberId, ct);
        var details = new NeedDetails(title ?? "", description, category, address, ConsoleText.FromInput(startsAt), ConsoleText.FromInput(endsAt));
        Guid? needId = null;
        return await RunAsync(async () => needId = (await post.ExecuteAsync(Actor, details, memberId, ct)).Id,
            $"已为 {Member.Name} 代下单，可在待审核列表中发单。", () => needId is { } id ? Redirect($"/console/needs/{id}") : Page());
    }
}
