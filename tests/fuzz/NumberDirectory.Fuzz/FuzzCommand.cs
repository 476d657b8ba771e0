using System.Globalization;
using NumberDirectory.Fuzz.Engine;
using NumberDirectory.Fuzz.Targets;

namespace NumberDirectory.Fuzz;

/// <summary>
/// <c>dotnet run --project tests/fuzz/NumberDirectory.Fuzz -c Release -- [target…|all] [--inputs N] [--minutes M]
/// [--seed S] [--timeout-seconds T] [--findings DIR]</c>: runs each target in turn and prints its report.
/// Exit code 1 when any target crashed or hung, 64 on a usage error.
/// </summary>
internal static class FuzzCommand
{
    public static int Run(string[] args)
    {
        var names = new List<string>();
        var options = new FuzzRunOptions();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--inputs":
                        options = options with { Inputs = long.Parse(Value(), CultureInfo.InvariantCulture) };
                        break;
                    case "--minutes":
                        options = options with { Duration = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture)) };
                        break;
                    case "--seed":
                        options = options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) };
                        break;
                    case "--timeout-seconds":
                        options = options with { InputTimeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) };
                        break;
                    case "--findings":
                        options = options with { FindingsDirectory = Value() };
                        break;
                    case "all":
                        names.AddRange(FuzzTargets.Names);
                        break;
                    case "--help" or "-h":
                        Console.WriteLine($"usage: NumberDirectory.Fuzz [target…|all] [--inputs N] [--minutes M] [--seed S] [--timeout-seconds T] [--findings DIR]{Environment.NewLine}targets: {string.Join(", ", FuzzTargets.Names)}");
                        return 0;
                    default:
                        names.Add(FuzzTargets.Names.Contains(args[i]) ? args[i] : throw new FormatException($"no target '{args[i]}'; the targets are {string.Join(", ", FuzzTargets.Names)}"));
                        break;
                }
            }
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 64;
        }

        if (options.Inputs is null && options.Duration is null)
        {
            options = options with { Inputs = 100_000 };
        }

        var clean = true;
        foreach (var name in names.Count == 0 ? FuzzTargets.Names : names)
        {
            using var target = FuzzTargets.Create(name);
            var report = FuzzRunner.Run(target, options);
            Console.WriteLine(report.Describe());
            clean &= report.Clean;
        }

        return clean ? 0 : 1;
    }
}
