using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed class RenameStreet(VolunteerDbContext db) : IUseCase
{
    public async Task<Street> ExecuteAsync(Actor actor, Guid streetId, string name, CancellationToken ct)
    {
        var street = await db.Streets.SingleOrDefaultAsync(s => s.Id == streetId, ct)
            ?? throw CommunityErrors.StreetNotFound();
        if (!actor.IsAdminOf(street.Id))
            throw CommunityErrors.OtherStreet();
        street.Rename(name);
        await Unique.SaveAsync(db, "street.duplicate", "已存在同名街道。", ct);
        return street;
    }
}
