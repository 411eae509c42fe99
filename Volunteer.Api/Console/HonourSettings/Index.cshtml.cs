using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Recognition;

namespace Volunteer.Api.Console.HonourSettings;

/// <summary>
/// <c>/console/honour-settings</c> (表彰设置): how a community recognises its members each month —
/// community staff for their own community, street admins for any community of their street
/// (<c>?communityId=</c>). Same <see cref="HonorSettingsQueries"/> and <see cref="SetHonorSettings"/> as the API.
/// </summary>
public sealed class IndexModel(HonorSettingsQueries queries, SetHonorSettings set, AccountQueries street) : ConsolePageModel
{
    public HonorSettingsView View { get; private set; } = null!;
    public IReadOnlyList<Community> Communities { get; private set; } = [];

    public async Task OnGetAsync(Guid? communityId, CancellationToken ct)
    {
        Actor.EnsureStaffOrAdmin();
        Communities = await street.CommunitiesAsync(Actor, ct);
        var id = communityId ?? Actor.CommunityId ?? Communities.FirstOrDefault()?.Id
            ?? throw Volunteer.Domain.Communities.CommunityErrors.CommunityNotFound();
        View = await queries.ForCommunityAsync(Actor, id, ct);
    }

    public Task<IActionResult> OnPostAsync(Guid communityId, bool enabled, int topN, int bonusPoints, bool partyMemberHonors, CancellationToken ct) =>
        RunAsync(() => set.ExecuteAsync(Actor, communityId, enabled, topN, bonusPoints, partyMemberHonors, ct),
            "表彰设置已保存，将用于之后生成的月度表彰。", () => Redirect($"/console/honour-settings?communityId={communityId}"));
}
