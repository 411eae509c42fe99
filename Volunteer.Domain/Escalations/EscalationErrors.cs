using Volunteer.Domain.Common;

namespace Volunteer.Domain.Escalations;

/// <summary>The escalation feature's refusals (吹哨报到): each code with its one message.</summary>
public static class EscalationErrors
{
    public static DomainException NotFound() => DomainException.NotFound("escalation.notFound", "事项不存在。");

    /// <summary>Reporting in and resolving are for the staff of a department the escalation was sent to.</summary>
    public static DomainException DepartmentOnly() =>
        DomainException.Forbidden("escalation.departmentOnly", "只有派单部门的工作人员可以报到或登记办理结果。");
}
