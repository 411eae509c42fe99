using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>A street admin registers a department (职能部门) of their street; names are unique per street.</summary>
public sealed class CreateDepartment(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Department> ExecuteAsync(Actor actor, string? name, Guid? streetId, CancellationToken ct)
    {
        var target = await db.AdminTargetStreetAsync(actor, streetId, ct);
        var department = Department.Create(target, name, clock.GetUtcNow());
        db.Departments.Add(department);
        await Unique.SaveAsync(db, "department.duplicate", "本街道已有同名职能部门。", ct);
        return department;
    }
}
