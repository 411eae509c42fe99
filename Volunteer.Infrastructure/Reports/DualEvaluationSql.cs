using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Reports;

/// <summary>The 双评议 report's SQL: one set-based statement per month, the same text on both providers.</summary>
public static class DualEvaluationSql
{
    /// <summary>
    /// Compiles a month's 双评议 report with one INSERT … SELECT: every confirmed in-service party
    /// member with a home community, and their claims verified during the month on tasks of that
    /// community (count, minutes, ratings). Members who served nothing get a line of zeros.
    /// </summary>
    public static Task<int> InsertDualEvaluationAsync(VolunteerDbContext db, Domain.Common.Period period, CancellationToken ct)
    {
        // SQLite stores instants as UTC ticks (see SqliteVolunteerDbContext); PostgreSQL as timestamptz.
        object from = db.Database.IsSqlite() ? period.StartsAt.UtcTicks : period.StartsAt;
        object to = db.Database.IsSqlite() ? period.EndsAt.UtcTicks : period.EndsAt;
        var sql = $"""
            INSERT INTO "DualEvaluationEntries" ("Period", "MemberId", "StreetId", "CommunityId", "MemberName", "WorkUnit",
                                                 "PartyBranch", "Tasks", "Minutes", "RatingCount", "RatingSum", "Wishes")
            SELECT {"{0}"}, m."Id", c."StreetId", m."CommunityId", m."Name", m."PartyWorkUnit", m."PartyBranch",
                   COUNT(s."Id"), COALESCE(SUM(s."ServiceMinutes"), 0), COUNT(s."RatingStars"), COALESCE(SUM(s."RatingStars"), 0),
                   (SELECT COUNT(*) FROM "Claims" w JOIN "Tasks" wt ON wt."Id" = w."TaskId"
                    WHERE w."MemberId" = m."Id" AND wt."CommunityId" = m."CommunityId" AND wt."Category" = '{TaskCategory.MicroWish}'
                      AND w."Status" IN ('{ClaimStatus.Accepted}', '{ClaimStatus.CheckedIn}', '{ClaimStatus.CheckedOut}', '{ClaimStatus.Verified}')
                      AND w."ClaimedAt" >= {"{1}"} AND w."ClaimedAt" < {"{2}"})
            FROM "Members" m
            JOIN "Communities" c ON c."Id" = m."CommunityId"
            LEFT JOIN (
                SELECT cl."Id", cl."MemberId", cl."ServiceMinutes", cl."RatingStars", t."CommunityId"
                FROM "Claims" cl JOIN "Tasks" t ON t."Id" = cl."TaskId"
                WHERE cl."Status" = '{ClaimStatus.Verified}' AND cl."ReviewedAt" >= {"{1}"} AND cl."ReviewedAt" < {"{2}"}
            ) s ON s."MemberId" = m."Id" AND s."CommunityId" = m."CommunityId"
            WHERE m."PartyStatus" = '{PartyStatus.Confirmed}' AND m."PartyInService" AND m."PartyWorkUnit" IS NOT NULL
            GROUP BY m."Id", c."StreetId", m."CommunityId", m."Name", m."PartyWorkUnit", m."PartyBranch"
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [period.Key, from, to], ct);
    }
}
