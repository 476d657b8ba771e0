using NumberDirectory.Core.Numbers;

namespace NumberDirectory.Core.Tests.Numbers;

public sealed class PatternIndexTests
{
    [Fact]
    public void Find_SeveralMatches_MostSpecificFirst()
    {
        var index = Build("_X.", "_4XXX", "4001", "_400X");

        var match = index.Find("4001");

        Assert.Equal(["4001", "_400X", "_4XXX", "_X."], match.Exists);
        Assert.Equal("4001", match.Best);
        Assert.True(match.HasExists);
        Assert.Equal(MatchKind.Exists | MatchKind.CanMatch | MatchKind.MatchMore, match.Flags);
        Assert.Equal(-1, match.DeadPrefixLength);
    }

    [Theory]
    [InlineData("4", "CM")]
    [InlineData("400", "CM")]
    [InlineData("4001", "EC")]
    [InlineData("40012", "")]
    [InlineData("5", "")]
    [InlineData("", "CM")]
    public void Find_FixedLengthEntries_FlagsAreTheUnion(string number, string expected)
    {
        var index = Build("_4XXX", "4001", "4000-4999");

        Assert.Equal(NumberPatternTests.Flags(expected), index.Find(number).Flags);
    }

    [Fact]
    public void Find_ShortNumber_ListsPartialsButNoExists()
    {
        var index = Build("4001", "_40XX", "4100-4199", "_5XXX", "_40X.");

        var match = index.Find("40");

        Assert.Empty(match.Exists);
        Assert.Null(match.Best);
        Assert.Equal(["4001", "_40X.", "_40XX"], match.Partial);
        Assert.Equal(MatchKind.CanMatch | MatchKind.MatchMore, match.Flags);
    }

    [Fact]
    public void Find_ManyPartials_CappedAtMaxPartial()
    {
        var index = new PatternIndex<string>();
        for (var i = 0; i < 100; i++)
        {
            index.Add(NumberPattern.Parse($"4{i:D3}"), $"v{i}");
        }

        Assert.Equal(5, index.Find("4", maxPartial: 5).Partial.Count);
        Assert.Empty(index.Find("4", maxPartial: 0).Partial);
        Assert.Equal(100, index.Find("4", maxPartial: 1000).Partial.Count);
    }

    [Theory]
    [InlineData("4001", -1)]
    [InlineData("40", -1)]
    [InlineData("4002", 4)]
    [InlineData("5123", 1)]
    [InlineData("41", 2)]
    [InlineData("400123", 5)]
    [InlineData("", -1)]
    public void Find_Number_ReportsShortestDeadPrefix(string number, int expected)
    {
        var index = Build("4001", "_400[5-9]");

        Assert.Equal(expected, index.Find(number).DeadPrefixLength);
    }

    [Fact]
    public void Find_EmptyIndex_EverythingIsDead()
    {
        var match = new PatternIndex<string>().Find("123");

        Assert.Equal(MatchKind.None, match.Flags);
        Assert.Equal(0, match.DeadPrefixLength);
    }

    [Fact]
    public void Find_OpenEndedPattern_NeverDead()
    {
        var index = Build("_01.", "_9!");

        Assert.Equal(-1, index.Find("0123456789").DeadPrefixLength);
        Assert.Equal(-1, index.Find("9").DeadPrefixLength);
        Assert.Equal(2, index.Find("0223").DeadPrefixLength);
        Assert.Equal(MatchKind.Exists | MatchKind.CanMatch, index.Find("9").Flags);
    }

    [Fact]
    public void Remove_ExistingEntry_NoLongerFound()
    {
        var index = Build("4001", "_4XXX", "4050-4149");

        Assert.True(index.Remove(NumberPattern.Parse("4050-4149"), "4050-4149"));
        Assert.True(index.Remove(NumberPattern.Parse("4001"), "4001"));

        Assert.Equal(1, index.Count);
        Assert.Equal(["_4XXX"], index.Find("4120").Exists);
        Assert.Equal(["_4XXX"], index.Find("4001").Exists);
    }

    [Fact]
    public void Remove_MissingEntry_ReturnsFalse()
    {
        var index = Build("4001");

        Assert.False(index.Remove(NumberPattern.Parse("4001"), "other"));
        Assert.False(index.Remove(NumberPattern.Parse("4002"), "4002"));
        Assert.False(index.Remove(NumberPattern.Parse("_400X"), "_400X"));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Remove_LastEntryUnderPrefix_PrefixBecomesDead()
    {
        var index = Build("4001", "5001");

        index.Remove(NumberPattern.Parse("4001"), "4001");

        var match = index.Find("40");
        Assert.Equal(MatchKind.None, match.Flags);
        Assert.Equal(1, match.DeadPrefixLength);
    }

    [Fact]
    public void Clear_AfterAdds_Empty()
    {
        var index = Build("4001", "_X.");

        index.Clear();

        Assert.Equal(0, index.Count);
        Assert.Equal(MatchKind.None, index.Find("4001").Flags);
    }

    [Fact]
    public void Find_Range_OneEntryThroughEveryAlternative()
    {
        var index = Build("4050-4149", "_41XX");

        Assert.Equal(["4050-4149", "_41XX"], index.Find("4120").Exists);
        Assert.Equal(["4050-4149"], index.Find("4060").Exists);
        Assert.Equal(["4050-4149", "_41XX"], index.Find("4").Partial);
    }

    [Theory]
    [InlineData("_40XX", "4001,_4XXX,4000-4099,_X.,_X!")]
    [InlineData("4150-4250", "_4XXX,_X.,_X!")]
    [InlineData("_5.", "_X.,_X!,_5!")]
    [InlineData("_5!", "_X.,_X!,_5!")]
    [InlineData("5", "_X!,_5!")]
    [InlineData("_X", "_X!,_5!")]
    [InlineData("+74951234000-+74951234999", "_X.,_X!")]
    public void FindOverlaps_Pattern_ListsEntriesSharingANumber(string pattern, string expected)
    {
        var index = Build("4001", "_4XXX", "4000-4099", "_X.", "_X!", "_5!", "_6XX");

        var overlaps = index.FindOverlaps(NumberPattern.Parse(pattern), max: 100);

        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), overlaps);
    }

    [Fact]
    public void FindOverlaps_Max_Respected() =>
        Assert.Equal(2, Build("4001", "4002", "4003").FindOverlaps(NumberPattern.Parse("_4XXX"), max: 2).Count);

    [Fact]
    public void Find_RandomPatterns_AgreesWithLinearScan()
    {
        var random = new Random(20240611);
        var entries = new List<(NumberPattern Pattern, int Value)>();
        var index = new PatternIndex<int>();
        for (var i = 0; i < 3000; i++)
        {
            var pattern = NumberPattern.Parse(RandomPattern(random));
            entries.Add((pattern, i));
            index.Add(pattern, i);
        }

        for (var i = 0; i < 300; i++)
        {
            var victim = entries[random.Next(entries.Count)];
            Assert.True(index.Remove(victim.Pattern, victim.Value));
            entries.Remove(victim);
        }

        Assert.Equal(entries.Count, index.Count);
        for (var i = 0; i < 3000; i++)
        {
            var number = RandomNumber(random);
            var match = index.Find(number, maxPartial: int.MaxValue);

            var flags = entries.Select(e => (e.Pattern, e.Value, Flags: e.Pattern.Match(number))).ToList();
            var exists = flags.Where(f => f.Flags.HasFlag(MatchKind.Exists))
                .Select(f => (f.Pattern, f.Value))
                .ToList();
            exists.Sort((x, y) =>
            {
                var order = NumberPattern.CompareSpecificity(x.Pattern, y.Pattern, number);
                return order != 0 ? order : x.Value.CompareTo(y.Value);
            });
            Assert.Equal(exists.Select(e => e.Value), match.Exists);
            Assert.Equal(flags.Aggregate(MatchKind.None, (all, f) => all | f.Flags), match.Flags);
            var partial = flags.Where(f => f.Flags.HasFlag(MatchKind.CanMatch) && !f.Flags.HasFlag(MatchKind.Exists))
                .Select(f => f.Value)
                .Order();
            Assert.Equal(partial, match.Partial.Order());
            Assert.Equal(DeadPrefix(entries, number), match.DeadPrefixLength);
        }
    }

    [Fact]
    public void FindOverlaps_RandomPatterns_AgreesWithSharedNumbers()
    {
        var random = new Random(7);
        var index = new PatternIndex<int>();
        var entries = new List<NumberPattern>();
        for (var i = 0; i < 200; i++)
        {
            var pattern = NumberPattern.Parse(RandomPattern(random, maxLength: 3));
            entries.Add(pattern);
            index.Add(pattern, i);
        }

        // Every number of up to 4 characters decides overlap for patterns of at most 3 elements and a tail.
        var numbers = AllNumbers("0123456789*#", 4);
        var covered = entries.Select(p => new System.Collections.BitArray(numbers.Select(n => Exists(p, n)).ToArray())).ToList();
        for (var q = 0; q < 100; q++)
        {
            var query = NumberPattern.Parse(RandomPattern(random, maxLength: 3));
            var mine = new System.Collections.BitArray(numbers.Select(n => Exists(query, n)).ToArray());
            var expected = Enumerable.Range(0, entries.Count)
                .Where(i => new System.Collections.BitArray(covered[i]).And(mine).HasAnySet());

            Assert.Equal(expected, index.FindOverlaps(query, max: int.MaxValue).Order());
        }
    }

    private static bool Exists(NumberPattern pattern, string number) =>
        pattern.Match(number).HasFlag(MatchKind.Exists);

    private static List<string> AllNumbers(string alphabet, int maxLength)
    {
        IEnumerable<string> level = [string.Empty];
        var all = new List<string>(level);
        for (var length = 1; length <= maxLength; length++)
        {
            level = level.SelectMany(prefix => alphabet.Select(c => prefix + c)).ToList();
            all.AddRange(level);
        }

        return all;
    }

    private static int DeadPrefix(List<(NumberPattern Pattern, int Value)> entries, string number)
    {
        for (var length = 0; length <= number.Length; length++)
        {
            var prefix = number[..length];
            if (!entries.Exists(e => e.Pattern.Match(prefix).HasFlag(MatchKind.CanMatch)))
            {
                return length;
            }
        }

        return -1;
    }

    // Short patterns over a small alphabet so that random numbers hit them often.
    private static string RandomPattern(Random random, int maxLength = 5)
    {
        var kind = random.Next(10);
        var length = random.Next(1, maxLength + 1);
        if (kind < 3)
        {
            return RandomNumber(random, length);
        }

        if (kind < 5)
        {
            var a = random.Next((int)Math.Pow(10, Math.Min(length, 4)));
            var b = random.Next((int)Math.Pow(10, Math.Min(length, 4)));
            var width = Math.Min(length, 4);
            return $"{Math.Min(a, b).ToString($"D{width}")}-{Math.Max(a, b).ToString($"D{width}")}";
        }

        string[] elements = ["0", "1", "5", "9", "*", "X", "Z", "N", "[1-5]", "[05]", "[*#]", "[0-1]"];
        var text = "_" + string.Concat(Enumerable.Range(0, length).Select(_ => elements[random.Next(elements.Length)]));
        return random.Next(6) switch
        {
            0 => text + ".",
            1 => text + "!",
            _ => text,
        };
    }

    private static string RandomNumber(Random random, int length = -1)
    {
        const string alphabet = "0011559*";
        length = length < 0 ? random.Next(0, 7) : length;
        return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
    }

    private static PatternIndex<string> Build(params string[] patterns)
    {
        var index = new PatternIndex<string>();
        foreach (var text in patterns)
        {
            index.Add(NumberPattern.Parse(text), text);
        }

        return index;
    }
}
