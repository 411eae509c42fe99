using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>街道管理员 defines a title for the street's communities.</summary>
public sealed class DefineHonorTitle(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<HonorTitle> ExecuteAsync(Actor actor, Guid? streetId, string? name, string? description, HonorSubject subject,
        HonorCadence cadence, int bonusPoints, CancellationToken ct)
    {
        var street = await db.AdminTargetStreetAsync(actor, streetId, ct);
        var title = HonorTitle.Define(street, name, description, subject, cadence, bonusPoints, actor.Id, clock.GetUtcNow());
        db.HonorTitles.Add(title);
        await Unique.SaveAsync(db, "honorTitle.duplicate", $"本街道已有名为“{title.Name}”的称号。", ct);
        return title;
    }
}
