using System;
using System.Collections.Generic;
using System.Linq;
using Mci.Emulator.Conversion;
using Microsoft.Xrm.Sdk;

namespace Mci.Cli.Scenarios
{
    /// <summary>
    /// "execute": "CUSTOM_API" — runs one of the solution's custom APIs (customapis/) with its request "parameters", as the
    /// step's user; "alias" keeps its response properties for expect. Parameters are checked against the custom API's
    /// declaration when the file is read (names, types, the required ones).
    /// </summary>
    internal sealed record ExecuteStep(int Index, string Path, string? Note, string? AsUser, Refusal? Fails, string Api, string? Alias, IReadOnlyList<ColumnValue> Parameters)
        : OutputsStep(Index, Path, Note, AsUser, Fails, Alias)
    {
        public static readonly StepKind Definition = new("execute", Acts: true, new[] { "alias", "parameters" }, Read);

        public override string Kind => Definition.Key;

        public override string Description => $"execute {Api}" + Columns(Parameters) + (Alias != null ? $" → {Alias}" : "");

        private static Step? Read(StepSource s)
        {
            var r = s.Context;
            var o = s.Object;
            if (r.String(s.Target, s.TargetPath) is not { } name) return null;
            var api = r.Metadata.CustomApi(name);
            if (api == null)
            {
                var known = r.Metadata.CustomApis.Select(a => a.UniqueName).ToList();
                r.Error(s.TargetPath, $"'{name}' is not a custom API of the solution (customapis/): {(known.Count == 0 ? "it has none" : "use " + string.Join(", ", known))}");
                return null;
            }
            var parameters = r.Arguments(o, "parameters", s.Path, api.UniqueName, "request parameter", "parameter",
                api.RequestParameters.ToDictionary(f => f.UniqueName, f => CustomApiTypes.Target(f, "parameter"), StringComparer.Ordinal),
                api.RequestParameters.Where(f => !f.IsOptional).Select(f => (f.UniqueName, f.Type.ToString())));
            var alias = r.OutputsAlias(o, s.Path, Definition.Key, api.UniqueName, "response property",
                api.ResponseProperties.ToDictionary(f => f.UniqueName, f => CustomApiTypes.Target(f, "response property"), StringComparer.Ordinal));
            return new ExecuteStep(s.Index, s.Path, s.Note, s.As, s.Fails, api.UniqueName, alias, parameters);
        }

        internal override void Act(ScenarioRun run, IOrganizationService service)
        {
            var request = new OrganizationRequest(Api);
            foreach (var parameter in Parameters) request[parameter.Column] = parameter.Value.ToSdk(run);
            var response = service.Execute(request);
            if (Alias != null) run.SetOutputs(Alias, Kind, response.Results.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal));
        }
    }
}
