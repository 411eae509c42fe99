namespace Volunteer.Infrastructure.Persistence.Migrations;

/// <summary>
/// Notifications written before <see cref="Domain.Notifications.MiniProgramPages"/> linked to mini-program pages
/// that never existed (pages/tasks/detail …); this points them at the pages the mini-program has. One text for both providers.
/// </summary>
internal static class MiniProgramLinksSql
{
    public const string Up = """
        UPDATE "Notifications" SET "Link" = REPLACE("Link", 'pages/tasks/detail?', 'pages/task-detail/index?') WHERE "Link" LIKE 'pages/tasks/detail?%';
        UPDATE "Notifications" SET "Link" = REPLACE("Link", 'pages/redemptions/detail?', 'pages/codes/index?') WHERE "Link" LIKE 'pages/redemptions/detail?%';
        UPDATE "Notifications" SET "Link" = REPLACE("Link", 'pages/escalations/detail?', 'pages/escalation/index?') WHERE "Link" LIKE 'pages/escalations/detail?%';
        UPDATE "Notifications" SET "Link" = 'pages/claims/index' WHERE "Link" LIKE 'pages/claims/detail%';
        UPDATE "Notifications" SET "Link" = 'pages/need/index' WHERE "Link" LIKE 'pages/needs/detail%';
        UPDATE "Notifications" SET "Link" = 'pages/profile/index' WHERE "Link" = 'pages/me/index';
        UPDATE "Notifications" SET "Link" = 'pages/rankings/index' WHERE "Link" = 'pages/me/honors';
        """;
}
