using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Escalations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DepartmentId",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StreetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Departments_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Escalations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NeedId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StreetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequesterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PostedByStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    RaisedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DispatchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Satisfaction = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    SatisfactionComment = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Escalations", x => x.Id);
                    table.CheckConstraint("CK_Escalations_RatedWhenResolved", "\"Satisfaction\" IS NULL OR \"State\" = 'Resolved'");
                    table.CheckConstraint("CK_Escalations_Resolved", "(\"State\" = 'Resolved') = (\"ResolvedAt\" IS NOT NULL)");
                    table.ForeignKey(
                        name: "FK_Escalations_Accounts_RaisedByAccountId",
                        column: x => x.RaisedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Members_RequesterId",
                        column: x => x.RequesterId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Needs_NeedId",
                        column: x => x.NeedId,
                        principalTable: "Needs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EscalationAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EscalationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgeDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AcknowledgementOverdueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolutionOverdueAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationAssignments", x => x.Id);
                    table.CheckConstraint("CK_EscalationAssignments_Due", "\"AcknowledgeDueAt\" <= \"DueAt\"");
                    table.CheckConstraint("CK_EscalationAssignments_ResolvedAfterAcknowledged", "\"ResolvedAt\" IS NULL OR \"AcknowledgedAt\" IS NOT NULL");
                    table.ForeignKey(
                        name: "FK_EscalationAssignments_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EscalationAssignments_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EscalationEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EscalationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorMemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1020, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EscalationEvents_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_DepartmentId",
                table: "Accounts",
                column: "DepartmentId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Accounts_DepartmentStaffHasDepartment",
                table: "Accounts",
                sql: "(\"Role\" = 'DepartmentStaff') = (\"DepartmentId\" IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "UX_Departments_Street_Name",
                table: "Departments",
                columns: new[] { "StreetId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EscalationAssignments_DepartmentId_AssignedAt",
                table: "EscalationAssignments",
                columns: new[] { "DepartmentId", "AssignedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EscalationAssignments_ResolvedAt_DueAt",
                table: "EscalationAssignments",
                columns: new[] { "ResolvedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "UX_EscalationAssignments_Escalation_Department",
                table: "EscalationAssignments",
                columns: new[] { "EscalationId", "DepartmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_EscalationEvents_Escalation_Sequence",
                table: "EscalationEvents",
                columns: new[] { "EscalationId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_EscalationEvents_Overdue",
                table: "EscalationEvents",
                columns: new[] { "EscalationId", "DepartmentId", "Kind" },
                unique: true,
                filter: "\"Kind\" IN ('AcknowledgementOverdue', 'ResolutionOverdue')");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CommunityId_CreatedAt",
                table: "Escalations",
                columns: new[] { "CommunityId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_RaisedByAccountId",
                table: "Escalations",
                column: "RaisedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_RequesterId_CreatedAt",
                table: "Escalations",
                columns: new[] { "RequesterId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_StreetId_State_CreatedAt",
                table: "Escalations",
                columns: new[] { "StreetId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "UX_Escalations_Need_Open",
                table: "Escalations",
                column: "NeedId",
                unique: true,
                filter: "\"State\" <> 'Resolved'");

            migrationBuilder.AddForeignKey(
                name: "FK_Accounts_Departments_DepartmentId",
                table: "Accounts",
                column: "DepartmentId",
                principalTable: "Departments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Accounts_Departments_DepartmentId",
                table: "Accounts");

            migrationBuilder.DropTable(
                name: "EscalationAssignments");

            migrationBuilder.DropTable(
                name: "EscalationEvents");

            migrationBuilder.DropTable(
                name: "Departments");

            migrationBuilder.DropTable(
                name: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_DepartmentId",
                table: "Accounts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Accounts_DepartmentStaffHasDepartment",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "DepartmentId",
                table: "Accounts");
        }
    }
}
