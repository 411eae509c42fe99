using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Common;

internal static class Unique
{
    /// <summary>Saves, turning a unique-index refusal into a 409 with the given message.</summary>
    public static async Task SaveAsync(VolunteerDbContext db, string code, string message, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            throw DomainException.Conflict(code, message);
        }
    }
}
