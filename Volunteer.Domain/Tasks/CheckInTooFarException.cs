using Volunteer.Domain.Common;

namespace Volunteer.Domain.Tasks;

/// <summary>A check-in by position was refused: the volunteer was further from the task than the radius allows.</summary>
public sealed class CheckInTooFarException(int distanceMeters, int radiusMeters)
    : DomainException(ErrorKind.Unprocessable, "checkIn.tooFar",
        $"您当前位置距离服务地点约 {distanceMeters} 米，超出 {radiusMeters} 米的签到范围，请到达服务地点后再签到。")
{
    public int DistanceMeters { get; } = distanceMeters;
    public int RadiusMeters { get; } = radiusMeters;

    public override IReadOnlyDictionary<string, object?> Facts => new Dictionary<string, object?>
    {
        ["distanceMeters"] = DistanceMeters,
        ["radiusMeters"] = RadiusMeters,
    };
}
