using System.Diagnostics.CodeAnalysis;

namespace NumberDirectory.Core.Numbers;

/// <summary>
/// Finds which of many published patterns match a number, in microseconds for a million entries.
/// A trie over pattern elements: each edge is a character set (a literal digit, <c>X</c>,
/// <c>[1-5]</c>…); patterns ending in <c>.</c> or <c>!</c> sit on the node where their tail starts;
/// a range adds one path per alternative, all pointing at the same entry.
/// </summary>
/// <typeparam name="T">The value stored with each pattern (a route, a range id…).</typeparam>
/// <remarks>
/// Matching follows Asterisk dialplan semantics (see <see cref="NumberPattern.Match"/>).
/// Not thread-safe for writers: the owner serialises <see cref="Add"/>, <see cref="Remove"/> and
/// <see cref="Clear"/> (a lock, or copy-on-write); reads are safe to run concurrently as long as
/// no writer runs. Paths left empty by <see cref="Remove"/> stay allocated (they are skipped and
/// reused) until <see cref="Clear"/>.
/// </remarks>
public sealed partial class PatternIndex<T>
{
    private const int Root = 0;
    private const int End = -1;
    private const MatchKind ExistsFlags = MatchKind.Exists | MatchKind.CanMatch;
    private const MatchKind MoreFlags = MatchKind.CanMatch | MatchKind.MatchMore;
    private const int DenseThreshold = 3;

    // Flat arrays of small structs instead of node objects: about 12 bytes per node and per edge.
    private Node[] _nodes;
    private Edge[] _edges;
    private Terminal[] _terminals;
    private Item[] _items;

    // 12 child node indices per dense node; 0 (the root, never a child) marks an empty slot.
    private int[] _dense;
    private int _nodeCount;
    private int _edgeCount;
    private int _terminalCount;
    private int _itemCount;
    private int _denseCount;
    private int _freeTerminal;
    private int _freeItem;
    private long _nextSequence;

    // Results without matches depend only on the dead prefix length, so they are shared.
    private readonly PatternIndexMatch<T>?[] _noMatch = new PatternIndexMatch<T>?[DialNumber.MaxLength + 2];

    /// <summary>Creates an empty index.</summary>
    public PatternIndex() => Clear();

    /// <summary>Number of entries (patterns with their values) in the index.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="value"/> under <paramref name="pattern"/>; duplicates are kept.</summary>
    public void Add(NumberPattern pattern, T value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var item = NewItem(pattern, value);
        for (var alt = 0; alt < pattern.AlternativeCount; alt++)
        {
            var node = Root;
            _nodes[Root].Live++;
            var length = pattern.ElementCount(alt);
            for (var i = 0; i < length; i++)
            {
                node = ChildFor(node, pattern.Element(alt, i));
                _nodes[node].Live++;
            }

            var terminal = NewTerminal();
            _terminals[terminal] = new Terminal { Item = item, Alt = (short)alt, Tail = pattern.Tail, Next = _nodes[node].FirstTerminal };
            _nodes[node].FirstTerminal = terminal;
        }

        Count++;
    }

    /// <summary>
    /// Removes one entry whose pattern has the same text as <paramref name="pattern"/> and whose value
    /// equals <paramref name="value"/> (<see cref="EqualityComparer{T}.Default"/>).
    /// </summary>
    /// <returns>False when there was no such entry.</returns>
    public bool Remove(NumberPattern pattern, T value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var item = FindItem(pattern, value);
        if (item < 0)
        {
            return false;
        }

        for (var alt = 0; alt < pattern.AlternativeCount; alt++)
        {
            var node = Root;
            _nodes[Root].Live--;
            for (var i = 0; i < pattern.ElementCount(alt); i++)
            {
                node = ExistingChild(node, pattern.Element(alt, i));
                _nodes[node].Live--;
            }

            UnlinkTerminal(node, item);
        }

        _items[item] = new Item { Sequence = _freeItem };
        _freeItem = item;
        Count--;
        return true;
    }

    /// <summary>Removes every entry and releases the memory.</summary>
    [MemberNotNull(nameof(_nodes), nameof(_edges), nameof(_terminals), nameof(_items), nameof(_dense))]
    public void Clear()
    {
        _nodes = new Node[16];
        _nodes[Root] = new Node { FirstEdge = End, FirstTerminal = End, Dense = End };
        _nodeCount = 1;
        _edges = new Edge[16];
        _terminals = new Terminal[16];
        _items = new Item[16];
        _dense = new int[DialCharSet.Size];
        _edgeCount = _terminalCount = _itemCount = _denseCount = 0;
        _freeTerminal = _freeItem = End;
        Count = 0;
    }

    /// <summary>
    /// Everything the index knows about <paramref name="digits"/> (a number without <c>+</c>):
    /// matching values most specific first, the union of flags, up to <paramref name="maxPartial"/>
    /// values that only a longer number would match, and the shortest dead prefix.
    /// </summary>
    /// <remarks>
    /// Asterisk dialplan semantics per entry (<see cref="NumberPattern.Match"/>). Does not allocate
    /// when nothing matches. When more than <paramref name="maxPartial"/> values qualify, which ones
    /// are returned is unspecified but the same for the same sequence of changes.
    /// </remarks>
    public PatternIndexMatch<T> Find(ReadOnlySpan<char> digits, int maxPartial = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPartial);
        var state = new FindState { AliveUpTo = -1, Partial = new Collector { Max = maxPartial } };
        Walk(Root, digits, 0, ref state);
        var dead = state.AliveUpTo >= digits.Length ? -1 : state.AliveUpTo + 1;
        if (state.Flags == MatchKind.None)
        {
            return NoMatch(dead);
        }

        var exists = Array.Empty<T>();
        if (state.Exists is { } hits)
        {
            if (hits.Count > 1)
            {
                hits.Sort(CompareHits);
            }

            exists = new T[hits.Count];
            for (var i = 0; i < exists.Length; i++)
            {
                exists[i] = _items[hits[i].Item].Value;
            }
        }

        return new PatternIndexMatch<T>(exists, state.Flags, Values(state.Partial.Items), dead);
    }

    /// <summary>
    /// Up to <paramref name="max"/> values whose patterns share at least one number with
    /// <paramref name="pattern"/> (both EXISTS for it), sorted by pattern text; used to warn when a
    /// range is published over another. An entry with the same pattern overlaps itself.
    /// </summary>
    public IReadOnlyList<T> FindOverlaps(NumberPattern pattern, int max = 16)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var found = new Collector { Max = max };
        for (var alt = 0; alt < pattern.AlternativeCount; alt++)
        {
            Overlap(Root, pattern, alt, 0, ref found);
        }

        return Values(found.Items);
    }

    private void Walk(int node, ReadOnlySpan<char> digits, int pos, ref FindState state)
    {
        ref readonly var current = ref _nodes[node];
        if (current.Live == 0)
        {
            return;
        }

        state.AliveUpTo = Math.Max(state.AliveUpTo, pos);
        var left = digits.Length - pos;
        for (var t = current.FirstTerminal; t != End; t = _terminals[t].Next)
        {
            ref readonly var terminal = ref _terminals[t];
            if (terminal.Tail == PatternTail.None)
            {
                if (left == 0)
                {
                    state.AddExists(terminal.Item, terminal.Alt, ExistsFlags);
                }

                continue;
            }

            // '.' or '!' from here: every longer prefix can still match this entry.
            state.AliveUpTo = digits.Length;
            if (terminal.Tail == PatternTail.ZeroOrMore)
            {
                state.AddExists(terminal.Item, terminal.Alt, ExistsFlags);
            }
            else if (left > 0)
            {
                state.AddExists(terminal.Item, terminal.Alt, ExistsFlags | MatchKind.MatchMore);
            }
            else
            {
                state.Flags |= MoreFlags;
                state.Partial.Add(terminal.Item);
            }
        }

        if (left == 0)
        {
            // The number ends here: every entry further down needs more digits.
            for (var c = 0; c < DialCharSet.Size; c++)
            {
                var child = Child(current, c);
                if (child != Root && _nodes[child].Live > 0)
                {
                    state.Flags |= MoreFlags;
                    CollectAll(child, ref state.Partial);
                }
            }

            for (var e = current.FirstEdge; e != End; e = _edges[e].Next)
            {
                if (_nodes[_edges[e].Child].Live > 0)
                {
                    state.Flags |= MoreFlags;
                    CollectAll(_edges[e].Child, ref state.Partial);
                }
            }

            return;
        }

        var slot = DialCharSet.Slot(digits[pos]);
        var next = slot < 0 ? Root : Child(current, slot);
        if (next != Root)
        {
            Walk(next, digits, pos + 1, ref state);
        }

        var bit = DialCharSet.Bit(digits[pos]);
        for (var e = current.FirstEdge; e != End && bit != 0; e = _edges[e].Next)
        {
            if ((_edges[e].Mask & bit) != 0)
            {
                Walk(_edges[e].Child, digits, pos + 1, ref state);
            }
        }
    }

    // Trie entries that share a number with alternative `alt` of `pattern` from element i on.
    private void Overlap(int node, NumberPattern pattern, int alt, int i, ref Collector found)
    {
        if (_nodes[node].Live == 0 || found.IsFull)
        {
            return;
        }

        var length = pattern.ElementCount(alt);
        var tail = pattern.Tail;
        for (var t = _nodes[node].FirstTerminal; t != End; t = _terminals[t].Next)
        {
            var overlaps = _terminals[t].Tail switch
            {
                PatternTail.None => i == length && tail != PatternTail.OneOrMore,
                PatternTail.OneOrMore => i < length || tail != PatternTail.None,
                _ => true,
            };
            if (overlaps)
            {
                found.Add(_terminals[t].Item);
            }
        }

        for (var c = 0; c < DialCharSet.Size; c++)
        {
            var child = Child(_nodes[node], c);
            if (child == Root)
            {
                continue;
            }

            if (i < length)
            {
                if ((pattern.Element(alt, i) & (1 << c)) != 0)
                {
                    Overlap(child, pattern, alt, i + 1, ref found);
                }
            }
            else if (tail != PatternTail.None)
            {
                CollectAll(child, ref found);
            }
        }

        for (var e = _nodes[node].FirstEdge; e != End; e = _edges[e].Next)
        {
            if (i < length)
            {
                if ((_edges[e].Mask & pattern.Element(alt, i)) != 0)
                {
                    Overlap(_edges[e].Child, pattern, alt, i + 1, ref found);
                }
            }
            else if (tail != PatternTail.None)
            {
                CollectAll(_edges[e].Child, ref found);
            }
        }
    }

    private void CollectAll(int node, ref Collector collector)
    {
        if (_nodes[node].Live == 0 || collector.IsFull)
        {
            return;
        }

        for (var t = _nodes[node].FirstTerminal; t != End; t = _terminals[t].Next)
        {
            collector.Add(_terminals[t].Item);
        }

        for (var c = 0; c < DialCharSet.Size; c++)
        {
            var child = Child(_nodes[node], c);
            if (child != Root)
            {
                CollectAll(child, ref collector);
            }
        }

        for (var e = _nodes[node].FirstEdge; e != End; e = _edges[e].Next)
        {
            CollectAll(_edges[e].Child, ref collector);
        }
    }

    // The one-character child in slot c of a dense node; Root when there is none (or no table).
    private int Child(in Node node, int c) => node.Dense == End ? Root : _dense[(node.Dense * DialCharSet.Size) + c];

    private T[] Values(List<int>? items)
    {
        if (items is null || items.Count == 0)
        {
            return [];
        }

        items.Sort((a, b) =>
        {
            var order = string.CompareOrdinal(_items[a].Pattern!.Text, _items[b].Pattern!.Text);
            return order != 0 ? order : _items[a].Sequence.CompareTo(_items[b].Sequence);
        });
        return [.. items.Select(i => _items[i].Value)];
    }

    private int CompareHits((int Item, int Alt) x, (int Item, int Alt) y)
    {
        ref readonly var a = ref _items[x.Item];
        ref readonly var b = ref _items[y.Item];
        var order = NumberPattern.Compare(a.Pattern!, x.Alt, b.Pattern!, y.Alt);
        return order != 0 ? order : a.Sequence.CompareTo(b.Sequence);
    }

    private PatternIndexMatch<T> NoMatch(int dead)
    {
        var slot = dead + 1;
        if (slot >= _noMatch.Length)
        {
            return new PatternIndexMatch<T>([], MatchKind.None, [], dead);
        }

        return _noMatch[slot] ??= new PatternIndexMatch<T>([], MatchKind.None, [], dead);
    }
}
