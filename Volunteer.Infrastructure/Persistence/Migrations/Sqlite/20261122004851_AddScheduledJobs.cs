using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddScheduledJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "NoShowCount",
                table: "Members",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "DualEvaluationEntries",
                columns: table => new
                {
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StreetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberName = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    WorkUnit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PartyBranch = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Tasks = table.Column<int>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    RatingCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RatingSum = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DualEvaluationEntries", x => new { x.Period, x.MemberId });
                    table.ForeignKey(
                        name: "FK_DualEvaluationEntries_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DualEvaluationEntries_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Honors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    BonusPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Honors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Honors_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Honors_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HonorSettings",
                columns: table => new
                {
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    TopN = table.Column<int>(type: "INTEGER", nullable: false),
                    BonusPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    PartyMemberHonors = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HonorSettings", x => x.CommunityId);
                    table.CheckConstraint("CK_HonorSettings_Bonus", "\"BonusPoints\" >= 0 AND \"BonusPoints\" <= 1000");
                    table.CheckConstraint("CK_HonorSettings_TopN", "\"TopN\" >= 1 AND \"TopN\" <= 100");
                    table.ForeignKey(
                        name: "FK_HonorSettings_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Job = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TriggeredByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
                    table.CheckConstraint("CK_JobRuns_Attempts", "\"Attempts\" >= 1");
                });

            migrationBuilder.CreateTable(
                name: "RankingEntries",
                columns: table => new
                {
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    List = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RankingEntries", x => new { x.Period, x.Scope, x.ScopeId, x.List, x.Metric, x.MemberId });
                    table.CheckConstraint("CK_RankingEntries_Rank", "\"Rank\" >= 1");
                    table.CheckConstraint("CK_RankingEntries_Value", "\"Value\" > 0");
                });

            migrationBuilder.CreateIndex(
                name: "IX_DualEvaluationEntries_CommunityId",
                table: "DualEvaluationEntries",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_DualEvaluationEntries_MemberId",
                table: "DualEvaluationEntries",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_DualEvaluationEntries_Period_StreetId_WorkUnit",
                table: "DualEvaluationEntries",
                columns: new[] { "Period", "StreetId", "WorkUnit" });

            migrationBuilder.CreateIndex(
                name: "IX_Honors_CommunityId",
                table: "Honors",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_Honors_MemberId_Period",
                table: "Honors",
                columns: new[] { "MemberId", "Period" });

            migrationBuilder.CreateIndex(
                name: "UX_Honors_Period_Community_Member_Kind",
                table: "Honors",
                columns: new[] { "Period", "CommunityId", "MemberId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_StartedAt",
                table: "JobRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "UX_JobRuns_Job_Period",
                table: "JobRuns",
                columns: new[] { "Job", "Period" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DualEvaluationEntries");

            migrationBuilder.DropTable(
                name: "Honors");

            migrationBuilder.DropTable(
                name: "HonorSettings");

            migrationBuilder.DropTable(
                name: "JobRuns");

            migrationBuilder.DropTable(
                name: "RankingEntries");

            migrationBuilder.DropColumn(
                name: "NoShowCount",
                table: "Members");
        }
    }
}
