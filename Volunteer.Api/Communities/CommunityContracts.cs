using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Communities;

namespace Volunteer.Api.Communities;

public sealed record StreetResponse(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public static StreetResponse Of(Street s) => new(s.Id, s.Name, s.CreatedAt);
}

/// <param name="Kind">urban 城市社区、industrial 工业社区、agricultural 涉农社区、resettlement 拆迁安置社区、oldCourtyard 老旧楼院、villageConverted 村改居、village 村。</param>
public sealed record CommunityResponse(Guid Id, Guid StreetId, string Name, CommunityKind Kind, string? Address)
{
    public static CommunityResponse Of(Community c) => new(c.Id, c.StreetId, c.Name, c.Kind, c.Address);
}

/// <param name="WorkerName">网格员姓名。</param>
public sealed record GridResponse(Guid Id, Guid CommunityId, string Name, string? WorkerName)
{
    public static GridResponse Of(Grid g) => new(g.Id, g.CommunityId, g.Name, g.WorkerName);
}

public sealed record StreetRequest(string? Name) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "街道名称"));
}

/// <param name="StreetId">所属街道：平台管理员必填；街道管理员默认本街道。</param>
public sealed record CommunityRequest(string? Name, CommunityKind? Kind, string? Address, Guid? StreetId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "社区名称"),
        Require.Present(Kind, "kind", "社区类型"));
}

/// <summary>An edit of a community: only the fields the body names change; the address sent as null is cleared.</summary>
public sealed class CommunityChangeRequest : PartialRequest, IValidatableRequest
{
    private string? _name;
    private CommunityKind? _kind;
    private string? _address;

    /// <summary>社区名称（不能清空）。</summary>
    public string? Name { get => _name; set => _name = Sent(value); }

    /// <summary>社区类型（不能清空）。</summary>
    public CommunityKind? Kind { get => _kind; set => _kind = Sent(value); }

    /// <summary>社区地址；null 清除。</summary>
    public string? Address { get => _address; set => _address = Sent(value); }

    public CommunityChange ToChange() => new(Field(Name, nameof(Name)), Field(Kind, nameof(Kind)), Field(Address, nameof(Address)));

    public IEnumerable<FieldError> Validate() => Require.All(
        NotCleared(Name, nameof(Name), "name", "社区名称"),
        NotCleared(Kind, nameof(Kind), "kind", "社区类型"));
}

/// <summary>An edit of a grid: only the fields the body names change; the worker's name sent as null is cleared.</summary>
public sealed class GridChangeRequest : PartialRequest, IValidatableRequest
{
    private string? _name;
    private string? _workerName;

    /// <summary>网格名称（不能清空）。</summary>
    public string? Name { get => _name; set => _name = Sent(value); }

    /// <summary>网格员姓名；null 清除。</summary>
    public string? WorkerName { get => _workerName; set => _workerName = Sent(value); }

    [System.Text.Json.Serialization.JsonIgnore] public Optional<string?> NameChange => Field(Name, nameof(Name));
    [System.Text.Json.Serialization.JsonIgnore] public Optional<string?> WorkerNameChange => Field(WorkerName, nameof(WorkerName));

    public IEnumerable<FieldError> Validate() => Require.All(NotCleared(Name, nameof(Name), "name", "网格名称"));
}

public sealed record GridRequest(string? Name, string? WorkerName) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "网格名称"));
}
