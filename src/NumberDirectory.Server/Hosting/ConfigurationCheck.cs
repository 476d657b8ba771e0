using System.Net;
using Microsoft.Extensions.Options;

namespace NumberDirectory.Server.Hosting;

/// <summary>
/// The one start-up check of the whole configuration, so every mistake shows in one run: values that
/// do not convert (per key), each section's validator, rules across sections, and unknown keys
/// (warnings, or errors with <c>Node:StrictConfig</c>).
/// </summary>
internal static class ConfigurationCheck
{
    public static ConfigurationReport Run(IConfiguration configuration, IReadOnlyList<ConfigurationOrigin> origins)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var unconvertible = Conversions(configuration, errors);

        // The sections are validated without the keys that do not convert (they keep their defaults),
        // so one bad number does not hide the mistakes after it.
        var usable = unconvertible.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddInMemoryCollection(configuration.AsEnumerable().Where(kv => !unconvertible.Contains(kv.Key))).Build();
        errors.AddRange(SectionErrors(usable));
        errors.AddRange(LoggingConfigurationValidator.Validate(usable));
        errors.AddRange(SharedTcpPorts(usable));

        var unknown = origins.SelectMany(ConfigurationKeys.Find).Select(u => u.ToString()).ToList();
        return bool.TryParse(configuration["Node:StrictConfig"], out var strict) && strict
            ? new ConfigurationReport([.. errors, .. unknown], [])
            : new ConfigurationReport(errors, unknown);
    }

    private static HashSet<string> Conversions(IConfiguration configuration, List<string> errors)
    {
        var unconvertible = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable().OrderBy(kv => kv.Key, ConfigurationKeyComparer.Instance))
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (ConfigurationKeys.ValueType(key) is not { } type || type == typeof(string))
            {
                continue;
            }

            try
            {
                configuration.GetValue(type, key);
            }
            catch (InvalidOperationException)
            {
                errors.Add($"{key}: '{value}' is not {Describe(type)}");
                unconvertible.Add(key);
            }
        }

        return unconvertible;
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(double) || type == typeof(decimal) => "a number",
        _ => $"a {type.Name} value",
    };

    private static IEnumerable<string> SectionErrors(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddNodeOptions(configuration).BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures;
        }
        catch (AggregateException ex)
        {
            return ex.InnerExceptions.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message]);
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message];
        }
    }

    /// <summary>
    /// Two TCP doors on one port would have the second fail to bind after the first opened; refused
    /// here instead, before anything opens. A wildcard address takes the port on every address.
    /// </summary>
    private static IEnumerable<string> SharedTcpPorts(IConfiguration configuration)
    {
        var doors = new (string Option, string? Value)[]
        {
            ("Http:Listen", configuration["Http:Listen"] ?? new HttpOptions().Listen),
            ("Agi:Listen", configuration["Agi:Listen"] ?? new AgiOptions().Listen),
            ("Admin:Listen", configuration["Admin:Enabled"] is { } enabled && bool.TryParse(enabled, out var on) && !on ? null : configuration["Admin:Listen"] ?? new AdminOptions().Listen),
            ("Admin:JsonListen", configuration["Admin:Enabled"] is { } jsonEnabled && bool.TryParse(jsonEnabled, out var jsonOn) && !jsonOn ? null : configuration["Admin:JsonListen"]),
            ("Enum:Listen", configuration["Enum:Listen"] ?? new EnumOptions().Listen),
        };
        for (var i = 0; i < doors.Length; i++)
        {
            if (!ListenEndpoint.TryParse(doors[i].Value, out var endpoint, out _) || endpoint.Port == 0)
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (ListenEndpoint.TryParse(doors[j].Value, out var earlier, out _) && Overlap(earlier, endpoint))
                {
                    yield return $"{doors[i].Option}: {endpoint} is on the same TCP port as {doors[j].Option} ({earlier}); give each TCP door its own port";
                }
            }
        }
    }

    private static bool Overlap(IPEndPoint a, IPEndPoint b) =>
        a.Port == b.Port && (Plain(a.Address).Equals(Plain(b.Address)) || Covers(a.Address, b.Address) || Covers(b.Address, a.Address));

    // [::] is bound dual-mode (it takes IPv4 too); 0.0.0.0 takes every IPv4 address.
    private static bool Covers(IPAddress wildcard, IPAddress other) =>
        wildcard.Equals(IPAddress.IPv6Any)
        || (wildcard.Equals(IPAddress.Any) && (Plain(other).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || other.Equals(IPAddress.IPv6Any)));

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
