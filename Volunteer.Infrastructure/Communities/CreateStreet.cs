using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed class CreateStreet(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Street> ExecuteAsync(Actor actor, string name, CancellationToken ct)
    {
        if (!actor.IsPlatformAdmin)
            throw CommunityErrors.PlatformOnly();
        var street = Street.Create(name, clock.GetUtcNow());
        db.Streets.Add(street);
        await Unique.SaveAsync(db, "street.duplicate", "已存在同名街道。", ct);
        return street;
    }
}
