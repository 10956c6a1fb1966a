using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Text;

namespace HyperDsl.LanguageServer.Documents;

/// <summary>
/// Walks the compiler's syntax tree generically: a node's children are its members of node type (single or arrays),
/// read by reflection once per type, so node kinds the compiler adds are walked without changes here.
/// </summary>
public static class SyntaxNodes
{
    private static readonly ConcurrentDictionary<Type, Func<Node, IEnumerable<Node>>[]> Readers = new();

    public static IEnumerable<Node> Children(Node node)
    {
        foreach (var read in Readers.GetOrAdd(node.GetType(), ReadersOf))
            foreach (var child in read(node))
                yield return child;
    }

    /// <summary>The node and everything below it, parents before children.</summary>
    public static IEnumerable<Node> DescendantsAndSelf(Node node)
    {
        var stack = new Stack<Node>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            yield return n;
            foreach (var c in Children(n).Reverse()) stack.Push(c);
        }
    }

    /// <summary>The chain of nodes containing a 1-based line and column, outermost first.</summary>
    public static List<Node> PathTo(Node root, int line, int column)
    {
        var path = new List<Node>();
        var current = root;
        while (true)
        {
            path.Add(current);
            var next = Children(current).Where(c => LineMap.Contains(c.Span, line, column)).OrderBy(c => Size(c.Span)).FirstOrDefault();
            if (next is null) return path;
            current = next;
        }
    }

    private static long Size(SourceSpan s) => (long)(s.EndLine - s.StartLine) * 100_000 + (s.EndColumn - s.StartColumn);

    private static Func<Node, IEnumerable<Node>>[] ReadersOf(Type type)
    {
        var readers = new List<Func<Node, IEnumerable<Node>>>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            var t = property.PropertyType;
            if (typeof(Node).IsAssignableFrom(t))
                readers.Add(n => property.GetValue(n) is Node child ? [child] : []);
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ImmutableArray<>) && typeof(Node).IsAssignableFrom(t.GetGenericArguments()[0]))
                readers.Add(n => property.GetValue(n) is System.Collections.IEnumerable items and not null
                    ? Safe(items) : []);
        }
        return [.. readers];
    }

    // A default ImmutableArray throws when enumerated; a node built by error recovery may hold one.
    private static IEnumerable<Node> Safe(System.Collections.IEnumerable items)
    {
        try { return items.Cast<Node>().ToList(); }
        catch (InvalidOperationException) { return []; }
        catch (NullReferenceException) { return []; }
    }
}
