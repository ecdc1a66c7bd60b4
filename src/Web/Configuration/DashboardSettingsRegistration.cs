using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Web.Configuration;

public static class DashboardSettingsRegistration
{
    /// <summary>
    /// <see cref="DashboardSettings"/> from configuration, checked by <see cref="DashboardSettingsValidator"/> when the
    /// host starts (<c>ValidateOnStart</c>): a misconfigured app stops there with one message listing every problem.
    /// Program.cs runs the same check right after Build, before the migrations touch the data folder.
    /// </summary>
    public static IServiceCollection AddDashboardSettings(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardSettings>, DashboardSettingsValidator>());
        services.AddOptions<DashboardSettings>()
            .Configure<IConfiguration>((settings, configuration) => settings.ReadFrom(configuration))
            .ValidateOnStart();
        return services;
    }
}
