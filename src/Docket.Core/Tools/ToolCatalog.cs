namespace Docket.Tools;

/// <summary>The tools this process can run, by name.</summary>
public sealed class ToolCatalog
{
    private readonly Dictionary<string, ITool> _tools;

    public ToolCatalog(IEnumerable<ITool> tools)
    {
        _tools = new Dictionary<string, ITool>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            _tools[tool.Name] = tool;
        }
    }

    public IEnumerable<ITool> All => _tools.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out ITool tool) => _tools.TryGetValue(name, out tool!);

    /// <summary>The tools an execution with these toolsets may run, by name.</summary>
    public IEnumerable<ITool> For(IEnumerable<string> toolsets)
    {
        var allowed = new HashSet<string>(toolsets, StringComparer.Ordinal);
        return All.Where(t => allowed.Contains(t.Toolset));
    }
}
