using Volunteer.Domain.Common;

namespace Volunteer.Domain.Tasks;

/// <summary>A position on the earth (WGS-84 degrees), as a phone reports it or staff set it on a task.</summary>
public readonly record struct GeoPoint
{
    /// <summary>Mean earth radius (IUGG), in metres.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    private GeoPoint(double latitude, double longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }
    public double Longitude { get; }

    /// <summary>Checks the ranges: latitude −90…90, longitude −180…180.</summary>
    public static GeoPoint Of(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
            throw DomainException.Invalid("latitude", "纬度必须在 -90 到 90 之间。");
        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
            throw DomainException.Invalid("longitude", "经度必须在 -180 到 180 之间。");
        return new GeoPoint(latitude, longitude);
    }

    /// <summary>Both coordinates or neither: one without the other is an error.</summary>
    public static GeoPoint? Optional(double? latitude, double? longitude) => (latitude, longitude) switch
    {
        (null, null) => null,
        ({ } lat, { } lon) => Of(lat, lon),
        (null, _) => throw DomainException.Invalid("latitude", "纬度与经度须同时填写。"),
        _ => throw DomainException.Invalid("longitude", "纬度与经度须同时填写。"),
    };

    /// <summary>Great-circle distance in metres (haversine formula).</summary>
    public double DistanceMetersTo(GeoPoint other)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(other.Latitude - Latitude);
        var dLon = Radians(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
            + Math.Cos(Radians(Latitude)) * Math.Cos(Radians(other.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
