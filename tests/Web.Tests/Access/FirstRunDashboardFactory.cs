namespace Web.Tests.Access;

/// <summary>The app started with no <c>DASHBOARD_ADMIN_PASSWORD</c>: the first visitor sets the password.</summary>
public sealed class FirstRunDashboardFactory : DashboardFactory
{
    protected override string? SeededAdminPassword => null;
}
