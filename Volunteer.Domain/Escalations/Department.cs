using Volunteer.Domain.Common;

namespace Volunteer.Domain.Escalations;

/// <summary>职能部门: a department of the street (城管, 住建, 派出所, 市场监管 …) that the street "whistles" to report in on an escalation.</summary>
public sealed class Department
{
    public const int NameMaxLength = 50;

    private Department() { }

    public Guid Id { get; private set; }
    public Guid StreetId { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Department Create(Guid streetId, string? name, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        StreetId = streetId,
        Name = Guard.Text(name, "name", "部门名称", NameMaxLength),
        CreatedAt = now,
    };
}
