namespace Volunteer.Infrastructure.Persistence.Migrations;

/// <summary>The backfill of <c>ScopeTotals</c>, one text for both providers.</summary>
internal static class ScopeTotalsBackfill
{
    public const string Sql = """
        INSERT INTO "ScopeTotals" ("Period", "Scope", "ScopeId", "MemberId", "Points", "Minutes")
        SELECT "Period", 'Grid', "GridId", "MemberId", SUM("Points"), SUM("Minutes")
        FROM "MonthlyTotals" WHERE "GridId" <> '00000000-0000-0000-0000-000000000000'
        GROUP BY "Period", "GridId", "MemberId";
        INSERT INTO "ScopeTotals" ("Period", "Scope", "ScopeId", "MemberId", "Points", "Minutes")
        SELECT "Period", 'Community', "CommunityId", "MemberId", SUM("Points"), SUM("Minutes")
        FROM "MonthlyTotals"
        GROUP BY "Period", "CommunityId", "MemberId";
        INSERT INTO "ScopeTotals" ("Period", "Scope", "ScopeId", "MemberId", "Points", "Minutes")
        SELECT t."Period", 'Street', c."StreetId", t."MemberId", SUM(t."Points"), SUM(t."Minutes")
        FROM "MonthlyTotals" t JOIN "Communities" c ON c."Id" = t."CommunityId"
        GROUP BY t."Period", c."StreetId", t."MemberId";
        """;
}
