using Volunteer.Domain.Common;

namespace Volunteer.Domain.Communities;

/// <summary>Kinds of community seen in practice.</summary>
public enum CommunityKind
{
    /// <summary>城市社区</summary>
    Urban,
    /// <summary>工业社区</summary>
    Industrial,
    /// <summary>涉农社区</summary>
    Agricultural,
    /// <summary>拆迁安置社区</summary>
    Resettlement,
    /// <summary>老旧楼院</summary>
    OldCourtyard,
    /// <summary>村改居</summary>
    VillageConverted,
    /// <summary>村</summary>
    Village,
}

/// <summary>社区 / 村: the unit that publishes tasks and keeps points.</summary>
public sealed class Community
{
    private Community() { }

    public Guid Id { get; private set; }
    public Guid StreetId { get; private set; }
    public string Name { get; private set; } = "";
    public CommunityKind Kind { get; private set; }
    public string? Address { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Community Create(Guid streetId, string name, CommunityKind kind, string? address, DateTimeOffset now)
    {
        var community = new Community { Id = Ids.NewV7(now), StreetId = streetId, CreatedAt = now };
        community.Update(name, kind, address);
        return community;
    }

    public void Update(string name, CommunityKind kind, string? address)
    {
        Name = Guard.Text(name, "name", "社区名称", 50);
        Kind = Enum.IsDefined(kind) ? kind : throw DomainException.Invalid("kind", "社区类型无效。");
        Address = Guard.OptionalText(address, "address", "社区地址", 200);
    }
}

/// <summary>网格: about 300 households with a grid worker.</summary>
public sealed class Grid
{
    private Grid() { }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public string? WorkerName { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Grid Create(Guid communityId, string name, string? workerName, DateTimeOffset now)
    {
        var grid = new Grid { Id = Ids.NewV7(now), CommunityId = communityId, CreatedAt = now };
        grid.Update(name, workerName);
        return grid;
    }

    public void Update(string name, string? workerName)
    {
        Name = Guard.Text(name, "name", "网格名称", 50);
        WorkerName = Guard.OptionalText(workerName, "workerName", "网格员姓名", 30);
    }
}
