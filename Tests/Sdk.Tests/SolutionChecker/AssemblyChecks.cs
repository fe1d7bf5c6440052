using Mci.Sdk.Tests.Metadata;

namespace Mci.Sdk.Tests.SolutionChecker;

/// <summary>
/// The solution checker's plug-in rules that can be decided from a compiled assembly's metadata and IL alone. Each
/// check returns one line per violation, naming what was found and where; an empty result passes. Types are matched by
/// full name, whatever assembly they come from, so a fixture compiled against a small fake SDK is judged as the real
/// build is. docs/solution-checker.md says what each check covers and what it does not.
/// </summary>
internal static class AssemblyChecks
{
    private const string OrganizationRequest = "Microsoft.Xrm.Sdk.OrganizationRequest";

    /// <summary>il-avoid-batch-plugin, and the bulk messages Microsoft says are not supported in plug-ins either.</summary>
    public static readonly string[] BatchAndBulkMessages =
        ["ExecuteMultiple", "ExecuteTransaction", "CreateMultiple", "UpdateMultiple", "UpsertMultiple", "DeleteMultiple"];

    /// <summary>il-avoid-specialized-update-ops: the deprecated requests whose columns Update sets today.</summary>
    public static readonly string[] SpecializedUpdateMessages =
        ["Assign", "SetState", "SetParentSystemUser", "SetParentTeam", "SetParentBusinessUnit", "SetBusinessEquipment", "SetBusinessSystemUser"];

    /// <summary>Thread and task starters (il-avoid-parallel-plugin): managed threading, the TPL, TAP (async methods), timers, PLINQ.</summary>
    public static readonly string[] ParallelTypes =
    [
        "System.Threading.Thread", "System.Threading.ThreadPool", "System.Threading.Timer", "System.Timers.Timer",
        "System.ComponentModel.BackgroundWorker", "System.Linq.ParallelEnumerable",
        "System.Runtime.CompilerServices.AsyncTaskMethodBuilder", "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1",
        "System.Runtime.CompilerServices.AsyncVoidMethodBuilder", "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder",
        "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder`1",
    ];

    /// <summary>Every type of this namespace (Task, Task&lt;T&gt;, Parallel, TaskFactory, ValueTask...) starts or awaits work elsewhere.</summary>
    public const string TaskNamespace = "System.Threading.Tasks";

    /// <summary>il-avoid-lock-plugin: the lock statement (Monitor) and the other synchronization primitives.</summary>
    public static readonly string[] LockTypes =
    [
        "System.Threading.Monitor", "System.Threading.Lock", "System.Threading.Mutex", "System.Threading.Semaphore",
        "System.Threading.SemaphoreSlim", "System.Threading.ReaderWriterLock", "System.Threading.ReaderWriterLockSlim", "System.Threading.SpinLock",
    ];

    /// <summary>Outbound HTTP (il-turn-off-keepalive is about the KeepAlive of such calls; MCI makes none).</summary>
    public static readonly string[] HttpTypes =
    [
        "System.Net.WebRequest", "System.Net.HttpWebRequest", "System.Net.WebClient", "System.Net.ServicePointManager",
        "System.Net.Http.HttpClient", "System.Net.Http.HttpClientHandler", "System.Net.Http.HttpMessageInvoker", "System.Net.Http.SocketsHttpHandler",
    ];

    /// <summary>Late-bound reflection: loading or creating types by name, reading or writing members through reflection.</summary>
    public static readonly (string Type, string[] Members)[] ReflectionMembers =
    [
        ("System.Type", ["GetType", "InvokeMember"]),
        ("System.Reflection.Assembly", ["Load", "LoadFrom", "LoadFile", "LoadWithPartialName", "UnsafeLoadFrom"]),
        ("System.Activator", ["CreateInstance", "CreateInstanceFrom"]),
        ("System.Reflection.PropertyInfo", ["GetValue", "SetValue"]),
        ("System.Reflection.FieldInfo", ["GetValue", "SetValue"]),
        ("System.Reflection.MethodBase", ["Invoke"]),
        ("System.Reflection.MethodInfo", ["Invoke"]),
        ("System.Reflection.ConstructorInfo", ["Invoke"]),
    ];

    /// <summary>Instance field types that hold no state of their own: immutable values set by a constructor.</summary>
    public static readonly string[] ImmutableFieldTypes =
    [
        "System.String", "System.Boolean", "System.Char", "System.SByte", "System.Byte", "System.Int16", "System.UInt16", "System.Int32",
        "System.UInt32", "System.Int64", "System.UInt64", "System.Single", "System.Double", "valuetype System.Decimal",
        "valuetype System.Guid", "valuetype System.DateTime", "valuetype System.DateTimeOffset", "valuetype System.TimeSpan",
    ];

    /// <summary>Workflow activity arguments: the runtime binds them when it builds the activity; their values live in the
    /// CodeActivityContext of each run, not in the field.</summary>
    public static readonly string[] ActivityArgumentTypes =
        ["System.Activities.InArgument`1", "System.Activities.OutArgument`1", "System.Activities.InOutArgument`1"];

    private static readonly string[] ActivityBases =
    [
        "System.Activities.Activity", "System.Activities.Activity`1", "System.Activities.CodeActivity", "System.Activities.CodeActivity`1",
        "System.Activities.NativeActivity", "System.Activities.NativeActivity`1", "System.Activities.AsyncCodeActivity", "System.Activities.AsyncCodeActivity`1",
    ];

    /// <summary>il-avoid-batch-plugin (+ bulk): no batch or bulk request type, and no OrganizationRequest built with such a name.</summary>
    public static IEnumerable<string> BatchAndBulkRequests(BuiltAssembly assembly) =>
        ReferencedTypes(assembly, BatchAndBulkMessages.SelectMany(m => new[] { "Microsoft.Xrm.Sdk.Messages." + m + "Request", "Microsoft.Crm.Sdk.Messages." + m + "Request" }))
            .Concat(RequestsNamed(assembly, BatchAndBulkMessages));

    /// <summary>il-avoid-specialized-update-ops: no Assign/SetState/SetParent.../SetBusiness... request, by type or by name.</summary>
    public static IEnumerable<string> SpecializedUpdateRequests(BuiltAssembly assembly) =>
        ReferencedTypes(assembly, SpecializedUpdateMessages.SelectMany(m => new[] { "Microsoft.Crm.Sdk.Messages." + m + "Request", "Microsoft.Xrm.Sdk.Messages." + m + "Request" }))
            .Concat(RequestsNamed(assembly, SpecializedUpdateMessages));

    /// <summary>il-avoid-parallel-plugin: no thread, thread pool, timer, task, Parallel, PLINQ, async method or delegate BeginInvoke.</summary>
    public static IEnumerable<string> ParallelExecution(BuiltAssembly assembly) =>
        ReferencedTypes(assembly, ParallelTypes)
            .Concat(assembly.TypeReferences.Where(t => Namespace(t.FullName) == TaskNamespace).Select(t => $"references {t.FullName} ({t.Assembly})"))
            .Concat(assembly.MemberReferences.Where(m => m.Name == "BeginInvoke").Select(m => $"calls {m.Type}.BeginInvoke (runs a delegate on a pool thread)"))
            .Distinct();

    /// <summary>il-avoid-lock-plugin: no lock statement, synchronization primitive or [MethodImpl(Synchronized)] method.</summary>
    public static IEnumerable<string> Locks(BuiltAssembly assembly) =>
        ReferencedTypes(assembly, LockTypes)
            .Concat(assembly.Methods.Where(m => m.IsSynchronized).Select(m => $"{m} is [MethodImpl(MethodImplOptions.Synchronized)]"));

    /// <summary>il-specify-column: no ColumnSet(bool) constructor and no ColumnSet.AllColumns setter.</summary>
    public static IEnumerable<string> AllColumns(BuiltAssembly assembly) =>
        assembly.MemberReferences
            .Where(m => m.Type == "Microsoft.Xrm.Sdk.Query.ColumnSet"
                && ((m.Name == ".ctor" && m.Signature.EndsWith("(System.Boolean)", StringComparison.Ordinal)) || m.Name == "set_AllColumns"))
            .Select(m => $"uses {m.Type}::{m.Name}{(m.Name == ".ctor" ? "(bool)" : "")}: name the columns needed instead of all columns");

    /// <summary>il-avoid-unpub-metadata: no RetrieveAsIfPublished setter on any metadata request.</summary>
    public static IEnumerable<string> UnpublishedMetadata(BuiltAssembly assembly) =>
        assembly.MemberReferences.Where(m => m.Name == "set_RetrieveAsIfPublished")
            .Select(m => $"sets {m.Type}.RetrieveAsIfPublished: read published metadata only");

    /// <summary>il-turn-off-keepalive, by the stricter rule MCI keeps: no outbound HTTP at all, so no connection to keep alive.</summary>
    public static IEnumerable<string> OutboundHttp(BuiltAssembly assembly) => ReferencedTypes(assembly, HttpTypes);

    /// <summary>No Console output: nobody reads a sandbox's console; ITracingService is where diagnostics go.</summary>
    public static IEnumerable<string> ConsoleOutput(BuiltAssembly assembly) => ReferencedTypes(assembly, ["System.Console"]);

    /// <summary>No IEnvironmentVariableService: Microsoft's API reference marks it internal; read the tables by query.</summary>
    public static IEnumerable<string> EnvironmentVariableService(BuiltAssembly assembly) =>
        ReferencedTypes(assembly, ["Microsoft.Xrm.Sdk.IEnvironmentVariableService"]);

    /// <summary>No late-bound reflection (type by name, assembly loading, Activator, reflective get/set/invoke).</summary>
    public static IEnumerable<string> Reflection(BuiltAssembly assembly) =>
        assembly.MemberReferences
            .Where(m => ReflectionMembers.Any(r => r.Type == m.Type && r.Members.Contains(m.Name))
                && !(m.Type == "System.Type" && m.Name == "GetType" && !m.Signature.StartsWith("static ", StringComparison.Ordinal)))
            .Select(m => $"calls {m.Type}.{m.Name} ({m.Signature})")
            .Distinct();

    /// <summary>
    /// Plug-in and workflow activity classes keep no state between executions. A class counts if it implements IPlugin or
    /// derives from a System.Activities activity, directly or through base classes of the same assembly; its own fields and
    /// those of its base classes in the assembly are checked:
    /// <list type="bullet">
    /// <item>an instance field that is not readonly is state (this includes auto-properties with a setter), except a
    /// workflow activity's InArgument/OutArgument/InOutArgument;</item>
    /// <item>a readonly instance field is configuration only if its type is immutable (string, a primitive, decimal,
    /// Guid, DateTime, DateTimeOffset, TimeSpan, an enum of the assembly, or a Nullable of one): the step's configuration strings, or values
    /// parsed from them in the constructor;</item>
    /// <item>a static field that is neither readonly nor const is state shared by every execution;</item>
    /// <item>const and static readonly fields are allowed.</item>
    /// </list>
    /// </summary>
    public static IEnumerable<string> StatefulPluginFields(BuiltAssembly assembly)
    {
        var enums = assembly.Types.Where(t => t.BaseType == "System.Enum").Select(t => "valuetype " + t.FullName).ToHashSet(StringComparer.Ordinal);

        bool IsImmutable(string fieldType)
        {
            const string nullable = "valuetype System.Nullable`1<";
            if (fieldType.StartsWith(nullable, StringComparison.Ordinal) && fieldType.EndsWith('>')) fieldType = fieldType[nullable.Length..^1];
            return ImmutableFieldTypes.Contains(fieldType) || enums.Contains(fieldType);
        }

        foreach (var (type, isActivity) in PluginAndActivityClasses(assembly))
        {
            var kind = isActivity ? "workflow activity" : "plug-in";
            foreach (var field in type.Fields)
            {
                if (field.IsConstant || (field.IsStatic && field.IsReadOnly)) continue;
                if (field.IsStatic)
                {
                    yield return $"{kind} {type.FullName} has static field {field.Name} ({field.Type}) that is not readonly: state shared by every execution";
                }
                else if (!field.IsReadOnly)
                {
                    if (isActivity && ActivityArgumentTypes.Contains(SignatureText.DefinitionName(field.Type))) continue;
                    yield return $"{kind} {type.FullName} has instance field {field.Name} ({field.Type}) that is not readonly: Dataverse shares one instance between executions";
                }
                else if (!IsImmutable(field.Type))
                {
                    yield return $"{kind} {type.FullName} has readonly field {field.Name} of mutable type {field.Type}: it can hold state between executions";
                }
            }
        }
    }

    /// <summary>The classes that implement IPlugin or derive from a System.Activities activity, directly or through base
    /// classes of the same assembly (abstract bases included: their fields are the derived classes' fields).</summary>
    public static IEnumerable<(BuiltAssembly.TypeDeclaration Type, bool IsActivity)> PluginAndActivityClasses(BuiltAssembly assembly)
    {
        var types = assembly.Types.ToDictionary(t => t.FullName);

        IEnumerable<BuiltAssembly.TypeDeclaration> Chain(BuiltAssembly.TypeDeclaration type)
        {
            for (var current = type; current != null; current = current.BaseType != null && types.TryGetValue(current.BaseType, out var next) ? next : null)
            {
                yield return current;
            }
        }

        foreach (var type in assembly.Types)
        {
            var chain = Chain(type).ToList();
            if (chain.Any(t => t.Interfaces.Contains("Microsoft.Xrm.Sdk.IPlugin"))) yield return (type, false);
            else if (chain.Any(t => t.BaseType != null && ActivityBases.Contains(t.BaseType))) yield return (type, true);
        }
    }

    private static string Namespace(string fullName)
    {
        var outer = fullName.Split('/')[0];
        var dot = outer.LastIndexOf('.');
        return dot < 0 ? "" : outer[..dot];
    }

    private static IEnumerable<string> ReferencedTypes(BuiltAssembly assembly, IEnumerable<string> fullNames)
    {
        var wanted = fullNames.ToHashSet(StringComparer.Ordinal);
        return assembly.TypeReferences.Where(t => wanted.Contains(t.FullName)).Select(t => $"references {t.FullName} ({t.Assembly})").Distinct();
    }

    /// <summary>
    /// OrganizationRequests built by name, with one of these names as a literal: `new OrganizationRequest("CreateMultiple")`
    /// or `RequestName = "CreateMultiple"`, the literal passed directly or through a local (both read from the #US heap at
    /// the ldstr). A literal that is only compared (a context's MessageName, say) builds no request and passes.
    /// </summary>
    private static IEnumerable<string> RequestsNamed(BuiltAssembly assembly, IEnumerable<string> messages)
    {
        var names = messages.ToHashSet(StringComparer.Ordinal);
        return assembly.Methods
            .SelectMany(method => method.Calls
                .Where(c => c.Member.Type == OrganizationRequest && c.LiteralArgument != null && names.Contains(c.LiteralArgument)
                    && ((c.Member.Name == ".ctor" && c.Member.Signature.EndsWith("(System.String)", StringComparison.Ordinal)) || c.Member.Name == "set_RequestName"))
                .Select(c => $"{method} builds an OrganizationRequest named \"{c.LiteralArgument}\""))
            .Distinct();
    }
}
