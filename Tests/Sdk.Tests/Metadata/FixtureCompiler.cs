using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mci.Sdk.Tests.Metadata;

/// <summary>
/// Compiles small C# assemblies in memory, so a test can show that a check fails on code (or a stand-in SDK) that
/// breaks its rule. The fixtures compile against a fake Microsoft.Xrm.Sdk and System.Activities made here, which declare
/// just the types the fixtures use (including requests the stand-in SDK does not carry), under their real names: the
/// checks match types by full name, so the fixture's references look as the real SDK's would.
/// </summary>
internal static class FixtureCompiler
{
    private const string FakeSdk = """
        using System;
        namespace Microsoft.Xrm.Sdk
        {
            public interface IPlugin { void Execute(IServiceProvider serviceProvider); }
            public class Entity { public Entity() { } public Entity(string logicalName) { } }
            public class EntityCollection { }
            public class OrganizationRequest
            {
                public OrganizationRequest() { }
                public OrganizationRequest(string requestName) { RequestName = requestName; }
                public string RequestName { get; set; }
                public object this[string parameterName] { get { return null; } set { } }
            }
            public class OrganizationResponse { }
            public interface IOrganizationService
            {
                Guid Create(Entity entity);
                OrganizationResponse Execute(OrganizationRequest request);
            }
            public interface IPluginExecutionContext { string MessageName { get; } }
            public interface IEnvironmentVariableService { string RetrieveEnvironmentVariableValue(string schemaName); }
        }
        namespace Microsoft.Xrm.Sdk.Query
        {
            public sealed class ColumnSet
            {
                public ColumnSet() { }
                public ColumnSet(bool allColumns) { AllColumns = allColumns; }
                public ColumnSet(params string[] columns) { }
                public bool AllColumns { get; set; }
            }
        }
        namespace Microsoft.Xrm.Sdk.Messages
        {
            public sealed class ExecuteMultipleRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class ExecuteTransactionRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class CreateMultipleRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class UpdateMultipleRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class UpsertMultipleRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class UpdateRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class RetrieveEntityRequest : Microsoft.Xrm.Sdk.OrganizationRequest
            {
                public string LogicalName { get; set; }
                public bool RetrieveAsIfPublished { get; set; }
            }
        }
        namespace Microsoft.Crm.Sdk.Messages
        {
            public sealed class AssignRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class SetStateRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class SetParentSystemUserRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
            public sealed class SetBusinessSystemUserRequest : Microsoft.Xrm.Sdk.OrganizationRequest { }
        }
        """;

    private const string FakeActivities = """
        namespace System.Activities
        {
            public abstract class Activity { }
            public abstract class CodeActivity : Activity { protected abstract void Execute(CodeActivityContext context); }
            public sealed class CodeActivityContext { public T GetValue<T>(InArgument<T> argument) { return default(T); } }
            public abstract class Argument { }
            public sealed class InArgument<T> : Argument { }
            public sealed class OutArgument<T> : Argument { }
        }
        """;

    // The framework assemblies of the running runtime (not the test's own dependencies: the stand-in SDK is one).
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == runtimeDirectory)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    });

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var sdk = MetadataReference.CreateFromImage(Emit("Microsoft.Xrm.Sdk", FakeSdk, Framework.Value));
        var activities = MetadataReference.CreateFromImage(Emit("System.Activities", FakeActivities, Framework.Value));
        return [.. Framework.Value, sdk, activities];
    });

    /// <summary>Compiles the source, against the fake SDK and System.Activities, into an assembly named after the fixture and
    /// reads it back; a compile error fails the test.</summary>
    public static BuiltAssembly Compile(string fixtureName, string source) =>
        BuiltAssembly.Read(Emit(fixtureName, source, References.Value), fixtureName);

    /// <summary>Compiles the source against the framework alone (a fake SDK of its own, say) and reads it back.</summary>
    public static BuiltAssembly CompileAlone(string assemblyName, string source) =>
        BuiltAssembly.Read(Emit(assemblyName, source, Framework.Value), assemblyName);

    private static byte[] Emit(string assemblyName, string source, IEnumerable<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create(assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            Assert.Fail($"fixture {assemblyName} does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return image.ToArray();
    }
}
