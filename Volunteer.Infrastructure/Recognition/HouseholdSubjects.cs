using Microsoft.EntityFrameworkCore;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>
/// Households (户) as honour subjects and survey respondents: whether one lives in a community, its head
/// (户主, who receives a household honour's bonus), a member's household, and how many households a
/// community has (residents in no household count as households of one).
/// </summary>
internal static class HouseholdSubjects
{
    public static Task<bool> InCommunityAsync(VolunteerDbContext db, Guid householdId, Guid communityId, CancellationToken ct) =>
        Task.FromResult(false);

    public static Task<Guid?> HeadAsync(VolunteerDbContext db, Guid householdId, CancellationToken ct) =>
        Task.FromResult<Guid?>(null);

    public static Task<Guid?> HouseholdOfAsync(VolunteerDbContext db, Guid memberId, CancellationToken ct) =>
        Task.FromResult<Guid?>(null);

    public static Task<IReadOnlyDictionary<Guid, string>> NamesAsync(VolunteerDbContext db, IReadOnlyList<Guid> householdIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<Guid, string>>(new Dictionary<Guid, string>());

    public static Task<int> CountInCommunityAsync(VolunteerDbContext db, Guid communityId, CancellationToken ct) =>
        db.Members.CountAsync(m => m.CommunityId == communityId, ct);

    /// <summary>Each member's household, or the member's own id for one in no household (a household of one).</summary>
    public static Task<IReadOnlyDictionary<Guid, Guid>> HouseholdKeysAsync(VolunteerDbContext db, IReadOnlyList<Guid> memberIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<Guid, Guid>>(memberIds.Distinct().ToDictionary(id => id, id => id));
}
