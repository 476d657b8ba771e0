using System.Reflection;
using NumberDirectory.Server.EnumDns;

namespace NumberDirectory.Server.Tests.EnumDns;

/// <summary>The ENUM door translates and asks the pipeline: nothing in it holds a handler or the storage.</summary>
public sealed class EnumDoorArchitectureTests
{
    [Fact]
    public void DoorTypes_HoldNoHandlerAndNoStorage()
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var door = typeof(EnumListener).Assembly.GetTypes().Where(t => t.Namespace == typeof(EnumListener).Namespace).ToList();
        Assert.Contains(typeof(EnumResponder), door);

        foreach (var type in door)
        {
            var used = type.GetFields(all).Select(f => f.FieldType)
                .Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
            foreach (var dependency in used)
            {
                var space = dependency.Namespace ?? string.Empty;
                Assert.False(
                    space.StartsWith("NumberDirectory.Core.Handlers", StringComparison.Ordinal)
                    || space.StartsWith("NumberDirectory.Server.Storage", StringComparison.Ordinal)
                    || space.StartsWith("LiteDB", StringComparison.Ordinal),
                    $"{type.Name} uses {dependency.FullName}");
            }
        }
    }
}
