namespace NumberDirectory.Core.Numbers;

/// <content>The flat storage behind <see cref="PatternIndex{T}"/> and the per-lookup state.</content>
public sealed partial class PatternIndex<T>
{
    private int NewItem(NumberPattern pattern, T value)
    {
        int item;
        if (_freeItem != End)
        {
            item = _freeItem;
            _freeItem = (int)_items[item].Sequence;
        }
        else
        {
            Grow(ref _items, _itemCount + 1);
            item = _itemCount++;
        }

        _items[item] = new Item { Value = value, Pattern = pattern, Sequence = _nextSequence++ };
        return item;
    }

    private int NewTerminal()
    {
        if (_freeTerminal != End)
        {
            var reused = _freeTerminal;
            _freeTerminal = _terminals[reused].Next;
            return reused;
        }

        Grow(ref _terminals, _terminalCount + 1);
        return _terminalCount++;
    }

    private int ChildFor(int node, ushort mask)
    {
        var existing = ExistingChild(node, mask);
        if (existing != End)
        {
            return existing;
        }

        Grow(ref _nodes, _nodeCount + 1);
        var child = _nodeCount++;
        _nodes[child] = new Node { FirstEdge = End, FirstTerminal = End, Dense = End };
        var slot = DialCharSet.Slot(mask);
        if (slot >= 0 && _nodes[node].Dense != End)
        {
            _dense[(_nodes[node].Dense * DialCharSet.Size) + slot] = child;
            return child;
        }

        Grow(ref _edges, _edgeCount + 1);
        var edge = _edgeCount++;
        _edges[edge] = new Edge { Mask = mask, Child = child, Next = _nodes[node].FirstEdge };
        _nodes[node].FirstEdge = edge;
        if (slot >= 0)
        {
            MakeDenseIfBusy(node);
        }

        return child;
    }

    // A node with several one-character children (the upper levels of a literal-heavy trie) gets a
    // 12-slot table, so a lookup takes one step there instead of scanning up to 12 scattered edges.
    private void MakeDenseIfBusy(int node)
    {
        var single = 0;
        for (var e = _nodes[node].FirstEdge; e != End; e = _edges[e].Next)
        {
            single += DialCharSet.Slot(_edges[e].Mask) >= 0 ? 1 : 0;
        }

        if (single < DenseThreshold)
        {
            return;
        }

        Grow(ref _dense, (_denseCount + 1) * DialCharSet.Size);
        var table = _denseCount++;
        _nodes[node].Dense = table;
        var previous = End;
        for (var e = _nodes[node].FirstEdge; e != End; e = _edges[e].Next)
        {
            var slot = DialCharSet.Slot(_edges[e].Mask);
            if (slot < 0)
            {
                previous = e;
                continue;
            }

            _dense[(table * DialCharSet.Size) + slot] = _edges[e].Child;
            if (previous == End)
            {
                _nodes[node].FirstEdge = _edges[e].Next;
            }
            else
            {
                _edges[previous].Next = _edges[e].Next;
            }
        }
    }

    private int ExistingChild(int node, ushort mask)
    {
        var slot = DialCharSet.Slot(mask);
        if (slot >= 0 && _nodes[node].Dense != End)
        {
            var child = _dense[(_nodes[node].Dense * DialCharSet.Size) + slot];
            return child == Root ? End : child;
        }

        for (var e = _nodes[node].FirstEdge; e != End; e = _edges[e].Next)
        {
            if (_edges[e].Mask == mask)
            {
                return _edges[e].Child;
            }
        }

        return End;
    }

    // The entry with this pattern text and value, found on the path of the pattern's first alternative.
    private int FindItem(NumberPattern pattern, T value)
    {
        var node = Root;
        for (var i = 0; i < pattern.ElementCount(0) && node != End; i++)
        {
            node = ExistingChild(node, pattern.Element(0, i));
        }

        if (node == End)
        {
            return End;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var t = _nodes[node].FirstTerminal; t != End; t = _terminals[t].Next)
        {
            ref readonly var terminal = ref _terminals[t];
            ref readonly var item = ref _items[terminal.Item];
            if (terminal.Alt == 0
                && string.Equals(item.Pattern!.Text, pattern.Text, StringComparison.Ordinal)
                && comparer.Equals(item.Value, value))
            {
                return terminal.Item;
            }
        }

        return End;
    }

    private void UnlinkTerminal(int node, int item)
    {
        var previous = End;
        for (var t = _nodes[node].FirstTerminal; t != End; previous = t, t = _terminals[t].Next)
        {
            if (_terminals[t].Item != item)
            {
                continue;
            }

            if (previous == End)
            {
                _nodes[node].FirstTerminal = _terminals[t].Next;
            }
            else
            {
                _terminals[previous].Next = _terminals[t].Next;
            }

            _terminals[t] = new Terminal { Next = _freeTerminal };
            _freeTerminal = t;
            return;
        }
    }

    private static void Grow<TSlot>(ref TSlot[] array, int needed)
    {
        if (needed > array.Length)
        {
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
        }
    }

    private struct Node
    {
        public int FirstEdge;
        public int FirstTerminal;

        // Entries ending at or below this node; 0 means the subtree is dead and is skipped.
        public int Live;

        // Index of this node's 12-slot table of one-character children in _dense, or End.
        public int Dense;
    }

    private struct Edge
    {
        public int Child;
        public int Next;
        public ushort Mask;
    }

    private struct Terminal
    {
        public int Item;
        public int Next;
        public short Alt;
        public PatternTail Tail;
    }

    private struct Item
    {
        public T Value;
        public NumberPattern? Pattern;

        // Insertion order, the last tie-breaker; the next free slot while the slot is free.
        public long Sequence;
    }

    private struct Collector
    {
        public int Max;
        public List<int>? Items;
        private HashSet<int>? _seen;

        public readonly bool IsFull => Items is not null && Items.Count >= Max || Max == 0;

        // A range reaches the same entry through several alternatives; keep it once.
        public void Add(int item)
        {
            if (IsFull || !(_seen ??= []).Add(item))
            {
                return;
            }

            (Items ??= []).Add(item);
        }
    }

    private struct FindState
    {
        public MatchKind Flags;
        public int AliveUpTo;
        public List<(int Item, int Alt)>? Exists;
        public Collector Partial;

        public void AddExists(int item, short alt, MatchKind flags)
        {
            Flags |= flags;
            (Exists ??= []).Add((item, alt));
        }
    }
}
