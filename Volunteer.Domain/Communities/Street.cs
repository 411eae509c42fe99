using Volunteer.Domain.Common;

namespace Volunteer.Domain.Communities;

/// <summary>街道: the sub-district whose party working committee coordinates its communities.</summary>
public sealed class Street
{
    private Street() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Street Create(string name, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        Name = Guard.Text(name, "name", "街道名称", 50),
        CreatedAt = now,
    };

    public void Rename(string name) => Name = Guard.Text(name, "name", "街道名称", 50);
}
