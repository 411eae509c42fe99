using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>Staff of a community, or the street admin, set how it recognises its members each month.</summary>
public sealed class SetHonorSettings(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<HonorSettings> ExecuteAsync(Actor actor, Guid communityId, bool enabled, int topN, int bonusPoints,
        bool partyMemberHonors, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var community = await db.ManagedCommunityAsync(actor, communityId, ct);
        var now = clock.GetUtcNow();
        var settings = await db.HonorSettings.SingleOrDefaultAsync(s => s.CommunityId == community.Id, ct);
        if (settings is null)
        {
            settings = HonorSettings.For(community.Id, enabled, topN, bonusPoints, partyMemberHonors, actor.Id, now);
            db.HonorSettings.Add(settings);
        }
        else
        {
            settings.Change(enabled, topN, bonusPoints, partyMemberHonors, actor.Id, now);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            throw DomainException.Conflict("honorSettings.concurrent", "表彰设置刚刚已被他人修改，请刷新后重试。");
        }
        return settings;
    }
}
