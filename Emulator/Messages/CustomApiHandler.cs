using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Metadata;
using Mci.Emulator.Pipeline;
using Mci.Emulator.Security;
using Mci.Emulator.Store;
using Microsoft.Xrm.Sdk;
using Mci.SolutionModel;

namespace Mci.Emulator.Messages
{
    /// <summary>
    /// The solution's custom APIs (customapis/): each unique name is a message of its own, e.g.
    /// <c>new OrganizationRequest("mci_EscalateDueRequests") { ["AsOf"] = … }</c>. The request is checked as Dataverse checks
    /// it before any plug-in runs: every parameter must be one the custom API declares, of its declared type, and every
    /// required one given; the caller must hold the API's execute privilege (any depth). Then the message goes through the
    /// pipeline like any other (steps registered on it, PreValidation, PreOperation, the main operation — the API's plug-in
    /// type at stage 30 — and PostOperation, in one transaction); the response carries the response properties the main
    /// operation set. Only unbound (global) custom APIs are supported. A function (isfunction 1) runs like an action: the
    /// difference is the Web API's (GET or POST), not the SDK's Execute. Which steps others may register on the API's message
    /// (allowedcustomprocessingsteptype) is checked when the environment loads (SolutionLoader).
    /// </summary>
    internal sealed class CustomApiHandler : MessageHandler
    {
        public override string Message => "CustomApi";

        public override IEnumerable<string> RequestNames(EnvironmentMetadata metadata) => metadata.CustomApis.Select(a => a.UniqueName);

        /// <summary>A custom API's message is its unique name (steps register on it, contexts name it).</summary>
        public override string PipelineName(string requestName) => requestName;

        public override (string? Table, Guid? Id) Describe(OrganizationRequest request) => (null, null);

        public override OrganizationResponse Execute(MessageCall call)
        {
            var engine = call.Engine;
            var name = call.Request.RequestName;
            var api = engine.Metadata.CustomApi(name) ?? throw Faults.InvalidArgument($"'{name}' is not a custom API of this environment.");
            if (api.BindingType != CustomApiBindingType.Global)
                throw new NotSupportedException($"The emulator runs unbound (global) custom APIs only; {name} is bound ({api.BindingType}).");
            var input = CheckParameters(api, call.Request.Parameters);
            // The execute privilege, at any depth (System Administrator and SYSTEM hold every privilege).
            if (api.ExecutePrivilegeName is { } privilege) SecurityModel.Require(engine.Principal(call.Site.UserId), privilege, name);

            var op = new Operation(name, null, call.Site, call.Site.Depth, engine.Clock.UtcNow);
            foreach (var (key, value) in input) op.Input[key] = value;
            var main = MainOperation(engine, api);
            engine.Run(op, () => { if (main != null) engine.RunMainOperation(op, main); });
            var response = new OrganizationResponse { ResponseName = name };
            foreach (var property in api.ResponseProperties)
                if (op.Output.TryGetValue(property.UniqueName, out var value)) response.Results[property.UniqueName] = Values.Copy(value);
            return response;
        }

        /// <summary>
        /// The parameters as the custom API declares them; a null counts as not given (the plug-in does not see it). Refused before
        /// anything runs, each naming the parameter:
        /// <list type="bullet">
        /// <item>an undeclared one: <c>Unrecognized request parameter: NAME</c>, code 0x80040315 — Dataverse's wording and code as
        /// quoted from a real environment in GitHub seanmcne/Microsoft.Xrm.Data.PowerShell issue 283 (also MscrmTools/XrmToolBox
        /// issue 439, WaelHamze/xrm-ci-framework issue 6);</item>
        /// <item>a required one left out (or null): <c>Required field 'NAME' is missing</c> — Dataverse's wording as quoted (a
        /// Microsoft.Crm.CrmException) in GitHub demianrasko/Dynamics-365-Workflow-Tools issue 138; no public source gives its code,
        /// so the emulator reports InvalidArgument;</item>
        /// <item>a value of another type than the declared one: the emulator's own wording and InvalidArgument (no public source
        /// gives Dataverse's).</item>
        /// </list>
        /// The fault's TraceText adds what the custom API declares, for the developer reading it.
        /// </summary>
        internal static Dictionary<string, object> CheckParameters(CustomApiDefinition api, ParameterCollection parameters)
        {
            var given = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (key, value) in parameters)
            {
                var declared = api.RequestParameters.FirstOrDefault(p => string.Equals(p.UniqueName, key, StringComparison.Ordinal));
                if (declared == null)
                    throw Faults.Create(ErrorCodes.UnrecognizedRequestParameter, $"Unrecognized request parameter: {key}", $"The custom API '{api.UniqueName}' declares the request parameters: {Declared(api)}.");
                if (value == null) continue;
                if (!Fits(declared.Type, value))
                    throw Faults.InvalidArgument($"The parameter '{key}' of the custom API '{api.UniqueName}' is of type {declared.Type} ({Conversion.CustomApiTypes.ClrType(declared.Type).FullName}); the request gives a {value.GetType().FullName}.");
                given[key] = value;
            }
            foreach (var missing in api.RequestParameters.Where(p => !p.IsOptional && !given.ContainsKey(p.UniqueName)))
                throw Faults.Create(ErrorCodes.InvalidArgument, $"Required field '{missing.UniqueName}' is missing",
                    $"The custom API '{api.UniqueName}' requires the parameter '{missing.UniqueName}' ({missing.Type}); it declares: {Declared(api)}.");
            return given;
        }

        private static string Declared(CustomApiDefinition api) => api.RequestParameters.Count == 0
            ? "none"
            : string.Join(", ", api.RequestParameters.Select(p => $"{p.UniqueName} ({p.Type}{(p.IsOptional ? ", optional" : "")})"));

        private static bool Fits(CustomApiFieldType type, object value) => Conversion.CustomApiTypes.ClrType(type).IsInstanceOfType(value);

        /// <summary>The custom API's plug-in type as the step the engine runs (null: an API without a plug-in does nothing).</summary>
        private static StepDefinition? MainOperation(Engine engine, CustomApiDefinition api)
        {
            if (api.PluginTypeId is not { } id)
            {
                // Exports write the plug-in type's id as the export key; anything else is the hash of a plug-in package's type.
                if (api.PluginTypeExportKey != null)
                    throw new NotSupportedException($"The custom API {api.UniqueName} names plug-in type {api.PluginTypeExportKey} of a plug-in package; the emulator runs plug-in assemblies only.");
                return null;
            }
            var type = engine.Metadata.PluginTypes.FirstOrDefault(t => t.Id == id)
                       ?? throw new InvalidOperationException($"The custom API {api.UniqueName} names plug-in type {id}, which no plug-in assembly of the solution registers.");
            return new StepDefinition(SolutionLoader.DeterministicGuid("customapi:" + api.UniqueName), $"{type.TypeName}: {api.UniqueName} (main operation)")
            {
                Message = api.UniqueName,
                DeclaredStage = (int)PipelineStage.MainOperation,
                DeclaredMode = (int)StepMode.Synchronous,
                PluginTypeId = type.Id,
                PluginTypeQualifiedName = type.AssemblyQualifiedName,
                AssemblyName = type.AssemblyName,
                Source = api.Source,
            };
        }
    }
}
